// An MQTT client over libmosquitto, the one place loka includes <mosquitto.h>: connect with
// options (credentials, TLS, a persistent session), subscriptions restored on every connect,
// QoS 0/1/2 publishing that never blocks, a message callback, and reconnection with
// exponential backoff when the broker is away (lost, or not up yet when the client starts).
//
// Delivery contract (QoS 1): libmosquitto acknowledges a received message (PUBACK) as soon as
// it has read it, before the message callback runs; a callback that cannot keep a message has
// to retry or count the loss itself (sense/mqtt_ingest.h does both).
//
// Thread contract: Start (or Create and Connect), Stop and the destructor from one thread;
// callbacks run on the client's network thread, one at a time; Publish and stats() from any
// thread.
#ifndef LOKA_CHANNELS_MQTT_CLIENT_H_
#define LOKA_CHANNELS_MQTT_CLIENT_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"

struct mosquitto;
struct mosquitto_message;

namespace loka::channels {

struct MqttOptions {
  std::string host;  // broker address; required
  int port = 1883;   // 8883 is the usual port of a TLS listener
  // The client id. With clean_session false the broker keeps the subscriptions and the QoS 1
  // messages published while the client is away, under this id, and delivers them on return.
  std::string client_id;
  bool clean_session = false;
  int keepalive_s = 30;            // PINGREQ interval; a broker drops a silent client at 1.5x
  int reconnect_max_delay_s = 30;  // reconnect backoff grows from 1 s, doubling, up to this
  // Credentials (the broker's password_file). Empty username: none sent.
  std::string username;
  std::string password;
  // TLS. A non-empty ca_file turns TLS on: the broker's certificate must chain to it and name
  // the host. cert_file and key_file (PEM, both or neither) add a client certificate for
  // brokers that require one (require_certificate true).
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // Skips the check that the broker's certificate names `host` (the chain is still checked).
  // Off by default: only for a broker reached by an address its certificate does not list.
  bool tls_insecure = false;
  // Connection events (refused, lost, retrying). Null: silent.
  std::function<void(const std::string&)> log;
};

struct MqttSubscription {
  std::string filter;  // "loka/v1/+/readings/+"
  int qos = 1;
};

// A received message; the views are valid only during the callback.
struct MqttMessage {
  std::string_view topic;
  std::string_view payload;
  int qos = 0;
  bool retain = false;
};

struct MqttClientStats {
  int64_t connects = 0;  // successful (re)connections
  int64_t refused = 0;   // connections the broker refused (bad credentials, not authorised)
  bool connected = false;
  std::string last_error;  // the latest connection error ("" when none yet)
};

class MqttClient {
 public:
  using MessageFn = std::function<void(const MqttMessage&)>;

  // Checks the options and starts the network thread, which connects (retrying with backoff
  // until it succeeds or the client is destroyed) and subscribes to `subscriptions` after each
  // connect. `on_message` runs on that thread; an exception escaping it is caught and logged.
  // Errors: invalid_argument (empty host or client id with clean_session false, a port out of
  // range, a password without a username, a client certificate without its key or TLS, a TLS
  // file that cannot be read, a QoS outside 0..2 or a malformed filter); internal when libmosquitto cannot be set up.
  static Result<std::unique_ptr<MqttClient>> Start(MqttOptions options,
                                                   std::vector<MqttSubscription> subscriptions,
                                                   MessageFn on_message);
  // Start in two steps, for an owner whose callbacks reach this client through the owner's
  // own pointer to it (a message handler that publishes): Create checks the options and
  // sets up the client without its network thread, so no callback runs before the owner has
  // stored the pointer; Connect then starts the thread. Create's errors are Start's;
  // Connect's: failed_precondition when the thread was already started or stopped.
  static Result<std::unique_ptr<MqttClient>> Create(MqttOptions options,
                                                    std::vector<MqttSubscription> subscriptions,
                                                    MessageFn on_message);
  Status Connect();
  // Disconnects and joins the network thread: no callback runs once it returns. The same
  // owner calls it before letting go of its pointer (a callback still running may use it).
  // Idempotent; the destructor calls it.
  void Stop();
  ~MqttClient();
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  // Queues `payload` for `topic` without waiting for the network; libmosquitto sends it once
  // connected. Errors: invalid_argument (bad topic, QoS, payload over 256 MiB), io_error
  // when libmosquitto refuses it (out of memory, or QoS 0 while disconnected).
  Status Publish(const std::string& topic, std::string_view payload, int qos = 1,
                 bool retain = false);

  MqttClientStats stats() const;

 private:
  struct MosquittoDeleter {
    void operator()(mosquitto* m) const;
  };
  MqttClient(MqttOptions options, std::vector<MqttSubscription> subscriptions,
             MessageFn on_message);
  static void OnConnect(mosquitto* m, void* self, int rc);
  static void OnDisconnect(mosquitto* m, void* self, int rc);
  static void OnMessage(mosquitto* m, void* self, const ::mosquitto_message* msg);
  void Run();  // the network thread: connect, loop, reconnect with backoff until stop_
  void Log(const std::string& message) const;
  void SetError(std::string error);

  const MqttOptions options_;
  const std::vector<MqttSubscription> subscriptions_;
  const MessageFn on_message_;
  std::unique_ptr<mosquitto, MosquittoDeleter> client_;
  std::thread thread_;
  bool started_ = false;  // Connect ran (the owner's thread only)
  std::mutex mu_;  // with wake_: interrupts the reconnect backoff on stop
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> connected_{false};
  std::atomic<int64_t> connects_{0}, refused_{0};
  mutable std::mutex error_mu_;  // guards last_error_
  std::string last_error_;
};

}  // namespace loka::channels

#endif  // LOKA_CHANNELS_MQTT_CLIENT_H_
