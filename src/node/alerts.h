// Alerts on the node: every batch of readings committed by the ingest path goes through the
// site monitor (agri/site_monitor.h: spike, stuck, dropout, drift, frost, heat); the alarms it
// raises are stored (store alerts table) and published to the webhook (--alert-webhook) and,
// when the node has an MQTT connection, to loka/v1/<site>/alerts/<station>. Publication never
// blocks ingest: the webhook has its own queue and thread, MQTT publishing is asynchronous.
//
// Thread contract: OnReadingsStored from any thread (mu_ serializes the detectors, whose state
// must see each stream in time order); the rest is thread-safe.
#ifndef LOKA_NODE_ALERTS_H_
#define LOKA_NODE_ALERTS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "node/json_body.h"
#include "node/options.h"
#include "channels/webhook.h"
#include "store/store.h"

namespace loka::node {

// Publishes `payload` on MQTT `topic` (QoS 1, not retained) without blocking; set by whoever
// owns the node's MQTT connection.
using MqttPublishFn = std::function<void(const std::string& topic, const std::string& payload)>;

// An alert as the API, the webhook and MQTT show it.
Json AlertToJson(const store::AlertRecord& alert);

class AlertService {
 public:
  // Errors: the webhook URL's (invalid_argument).
  static Result<std::unique_ptr<AlertService>> Create(store::Store* store,
                                                      const NodeOptions& options);

  ~AlertService();
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  // The ingest hook (IngestOptions::on_stored): monitors the inserted rows (duplicates and
  // expired rows are not new), stores the alarms as alerts and publishes them. Errors are
  // logged, never returned: the readings are already committed.
  void OnReadingsStored(const std::vector<store::ReadingRow>& rows,
                        const store::InsertReport& report);

  // Publishes new alerts over MQTT from now on; null stops it.
  void SetMqttPublisher(MqttPublishFn publish);

  int64_t raised() const { return raised_.load(); }
  const channels::WebhookPublisher* webhook() const { return webhook_.get(); }

 private:
  // The detectors' state (agri::SiteMonitor) lives in alerts.cc, out of this header.
  struct Monitor;
  AlertService(store::Store* store, const NodeOptions& options);
  void Publish(const std::vector<store::AlertRecord>& alerts);

  store::Store* store_;
  NodeOptions options_;
  std::mutex mu_;  // guards monitor_
  std::unique_ptr<Monitor> monitor_;
  std::mutex mqtt_mu_;  // guards mqtt_
  MqttPublishFn mqtt_;
  std::unique_ptr<channels::WebhookPublisher> webhook_;
  std::atomic<int64_t> raised_{0};
};

}  // namespace loka::node

#endif  // LOKA_NODE_ALERTS_H_
