// Sensor readings over MQTT: a client (channels/mqtt_client.h) subscribed to
// loka/v1/<site>/readings/<station> (QoS 1, persistent session) that feeds every message
// through the same ingest path as POST /v1/readings, the station taken from the topic. A
// malformed or forged message is counted as rejections, never fatal; a broker that is away
// (lost, or not up yet when the node starts) is retried with backoff by the network thread.
//
// Thread contract: Start and the destructor from one thread; messages are handled on the
// client's network thread; stats() and Publish from any thread.
#ifndef LOKA_SENSE_MQTT_INGEST_H_
#define LOKA_SENSE_MQTT_INGEST_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "channels/mqtt_client.h"
#include "core/time.h"
#include "core/status.h"
#include "sense/readings_ingest.h"
#include "store/store.h"

namespace loka::sense {

struct MqttStats {
  int64_t messages = 0;    // received on the readings topics
  int64_t accepted = 0;    // readings stored
  int64_t duplicates = 0;
  int64_t rejected = 0;    // readings (or whole unreadable messages) refused
  // Tries beyond the first of a batch the store refused, and the messages (and their
  // readings) still not stored after the last try: acknowledged to the broker, then lost.
  int64_t store_retries = 0;
  int64_t store_failures = 0;
  int64_t readings_lost = 0;
  int64_t connects = 0;    // successful (re)connections
  int64_t refused = 0;     // connections the broker refused (credentials, not authorised)
  bool connected = false;
  std::string last_error;  // the latest connection error, "" when none
};

// The topic filter for `site` ("+" for all): "loka/v1/<site>/readings/+".
std::string ReadingsTopicFilter(std::string_view site);
// Splits "loka/v1/<site>/readings/<station>". False for any other shape.
bool ParseReadingsTopic(std::string_view topic, std::string* site, std::string* station);

struct MqttIngestOptions {
  // The broker connection (host, credentials, TLS). Its client_id names a persistent session
  // (clean_session false): the broker keeps QoS 1 messages published while the node is down.
  channels::MqttOptions connection;
  std::string site = "+";  // subscribe to loka/v1/<site>/readings/+; a site name or "+"
  // Limits on one message, as for POST /v1/readings (NodeOptions has the reasons).
  size_t max_payload_bytes = 1u << 20;
  int max_json_depth = 32;
  size_t max_readings_per_batch = 10000;
  int64_t max_future_skew_ms = 5 * 60 * 1000;
  int retention_days = 0;  // IngestOptions::retention_days
  // A batch the store cannot take (a full commit queue, SQLITE_BUSY, a full disk) is tried
  // again: libmosquitto has already acknowledged the message to the broker, so giving up
  // loses it. Tries per message, the first included; with the waits below about 3.3 s in all,
  // while the broker holds the next messages (well inside the 30 s keep-alive).
  int store_attempts = 10;
  int store_retry_initial_ms = 10;  // the wait before the second try, doubled after each
  int store_retry_max_ms = 1000;    // the longest single wait
  // The wait between tries: the seam that lets tests fail the store without sleeping.
  // Returns false to give up (the ingest is stopping). Null: a real wait, cut short when the
  // ingest stops.
  std::function<bool(int ms)> retry_wait;
  // Where the ingest reads the wall time (the future-time check, rejection counters). Not
  // owned; must outlive the ingest.
  const Clock* clock = &DefaultClock();
  // Failures (a batch not stored, rejected messages). Null: silent.
  std::function<void(const std::string&)> log;
};

class MqttIngest {
 public:
  // The ingest hook (IngestOptions::on_stored), e.g. the alert detectors.
  using StoredFn =
      std::function<void(const std::vector<store::ReadingRow>&, const store::InsertReport&)>;

  // Connects (asynchronously: a broker that is not up yet is retried) and subscribes.
  // `store` must outlive the object; `after_ingest` (optional) runs after each stored message
  // on the network thread (the node's retention check); `on_stored` (optional) is passed to
  // the ingest of every message. Errors: invalid_argument for a bad site or connection
  // options (channels::MqttClient::Start), internal when libmosquitto cannot be set up.
  static Result<std::unique_ptr<MqttIngest>> Start(MqttIngestOptions options, store::Store* store,
                                                   std::function<void()> after_ingest,
                                                   StoredFn on_stored = nullptr);
  ~MqttIngest();  // disconnects and joins the network thread
  MqttIngest(const MqttIngest&) = delete;
  MqttIngest& operator=(const MqttIngest&) = delete;

  MqttStats stats() const;

  // Queues `payload` for `topic` (QoS 1, not retained) on this connection without waiting for
  // the network; libmosquitto sends it once connected. Errors are logged, not returned.
  void Publish(const std::string& topic, const std::string& payload);

 private:
  MqttIngest(MqttIngestOptions options, store::Store* store, std::function<void()> after_ingest,
             StoredFn on_stored);
  void Handle(std::string_view topic, std::string_view payload);
  void Log(const std::string& message) const;
  // Waits up to `ms` before a store retry (MqttIngestOptions::retry_wait, or a real wait cut
  // short by the destructor); false when the retries should end.
  bool WaitToRetry(int ms);
  // Stores `items` with the retry policy; counts and logs a batch that is finally not stored.
  bool StoreWithRetries(std::string_view topic, const std::vector<IngestItem>& items,
                        const IngestOptions& o, IngestReport* report);

  const MqttIngestOptions options_;
  store::Store* store_;
  std::function<void()> after_ingest_;
  StoredFn on_stored_;
  std::atomic<int64_t> messages_{0}, accepted_{0}, duplicates_{0}, rejected_{0};
  std::atomic<int64_t> store_retries_{0}, store_failures_{0}, readings_lost_{0};
  std::mutex stop_mu_;  // guards stopping_
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::unique_ptr<channels::MqttClient> client_;  // last: its thread calls Handle
};

}  // namespace loka::sense

#endif  // LOKA_SENSE_MQTT_INGEST_H_
