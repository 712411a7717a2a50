#include "channels/mqtt_client.h"

#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace loka::channels {
namespace {

std::once_flag lib_once;

// libmosquitto's own check opens the file; this gives the error a name and a reason.
Status CheckReadable(const std::string& path, const char* what) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return InvalidArgument(std::string(what) + " \"" + path + "\": cannot read");
  std::fclose(f);
  return Status::Ok();
}

Status CheckOptions(const MqttOptions& o, const std::vector<MqttSubscription>& subs) {
  if (o.host.empty()) return InvalidArgument("MQTT host is empty");
  if (o.port < 1 || o.port > 65535) {
    return InvalidArgument("MQTT port " + std::to_string(o.port) + " is outside 1..65535");
  }
  if (o.client_id.empty() && !o.clean_session) {
    return InvalidArgument("MQTT: a persistent session (clean_session false) needs a client id");
  }
  if (o.username.empty() && !o.password.empty()) {
    return InvalidArgument("MQTT: a password without a username");
  }
  if (o.cert_file.empty() != o.key_file.empty()) {
    return InvalidArgument("MQTT: a client certificate needs both the certificate and its key");
  }
  if (!o.cert_file.empty() && o.ca_file.empty()) {
    return InvalidArgument("MQTT: a client certificate needs TLS (a CA file)");
  }
  if (!o.ca_file.empty()) LOKA_RETURN_IF_ERROR(CheckReadable(o.ca_file, "MQTT CA file"));
  if (!o.cert_file.empty()) {
    LOKA_RETURN_IF_ERROR(CheckReadable(o.cert_file, "MQTT client certificate"));
    LOKA_RETURN_IF_ERROR(CheckReadable(o.key_file, "MQTT client key"));
  }
  for (const MqttSubscription& s : subs) {
    if (s.qos < 0 || s.qos > 2) {
      return InvalidArgument("MQTT subscription " + s.filter + ": QoS must be 0, 1 or 2");
    }
    if (mosquitto_sub_topic_check(s.filter.c_str()) != MOSQ_ERR_SUCCESS) {
      return InvalidArgument("MQTT subscription \"" + s.filter + "\": not a topic filter");
    }
  }
  return Status::Ok();
}

}  // namespace

void MqttClient::MosquittoDeleter::operator()(mosquitto* m) const { mosquitto_destroy(m); }

MqttClient::MqttClient(MqttOptions options, std::vector<MqttSubscription> subscriptions,
                       MessageFn on_message)
    : options_(std::move(options)),
      subscriptions_(std::move(subscriptions)),
      on_message_(std::move(on_message)) {}

Result<std::unique_ptr<MqttClient>> MqttClient::Start(MqttOptions options,
                                                      std::vector<MqttSubscription> subscriptions,
                                                      MessageFn on_message) {
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<MqttClient> self,
                        Create(std::move(options), std::move(subscriptions), std::move(on_message)));
  LOKA_RETURN_IF_ERROR(self->Connect());
  return self;
}

Result<std::unique_ptr<MqttClient>> MqttClient::Create(MqttOptions options,
                                                       std::vector<MqttSubscription> subscriptions,
                                                       MessageFn on_message) {
  LOKA_RETURN_IF_ERROR(CheckOptions(options, subscriptions));
  std::call_once(lib_once, [] { mosquitto_lib_init(); });
  std::unique_ptr<MqttClient> self(
      new MqttClient(std::move(options), std::move(subscriptions), std::move(on_message)));
  const MqttOptions& o = self->options_;
  self->client_.reset(mosquitto_new(o.client_id.empty() ? nullptr : o.client_id.c_str(),
                                    o.clean_session, self.get()));
  if (!self->client_) {
    return Internal("mosquitto_new failed (client id \"" + o.client_id + "\")");
  }
  mosquitto* m = self->client_.get();
  if (!o.username.empty()) {
    const int rc = mosquitto_username_pw_set(m, o.username.c_str(),
                                             o.password.empty() ? nullptr : o.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) {
      return InvalidArgument(std::string("MQTT username: ") + mosquitto_strerror(rc));
    }
  }
  if (!o.ca_file.empty()) {
    const int rc = mosquitto_tls_set(m, o.ca_file.c_str(), nullptr,
                                     o.cert_file.empty() ? nullptr : o.cert_file.c_str(),
                                     o.key_file.empty() ? nullptr : o.key_file.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      return InvalidArgument(std::string("MQTT TLS files: ") + mosquitto_strerror(rc));
    }
    mosquitto_tls_insecure_set(m, o.tls_insecure);
  }
  mosquitto_connect_callback_set(m, &MqttClient::OnConnect);
  mosquitto_disconnect_callback_set(m, &MqttClient::OnDisconnect);
  mosquitto_message_callback_set(m, &MqttClient::OnMessage);
  // Our own network thread rather than mosquitto_loop_start: libmosquitto's does not retry a
  // first connection that failed, and a node may well start before its broker.
  mosquitto_threaded_set(m, true);
  return self;
}

Status MqttClient::Connect() {
  if (started_) return FailedPrecondition("MQTT client already started");
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void MqttClient::Run() {
  mosquitto* m = client_.get();
  int delay_s = 1;
  bool logged = false;
  while (!stop_) {
    int rc = mosquitto_connect(m, options_.host.c_str(), options_.port, options_.keepalive_s);
    if (rc == MOSQ_ERR_SUCCESS) {
      logged = false;
      while (!stop_ && (rc = mosquitto_loop(m, 500, 1)) == MOSQ_ERR_SUCCESS) {
        if (connected_) delay_s = 1;
      }
      connected_ = false;
      if (stop_) break;
    }
    std::string error = options_.host + ":" + std::to_string(options_.port) + ": " +
                        mosquitto_strerror(rc);
    if (rc == MOSQ_ERR_ERRNO) error += " (" + std::string(std::strerror(errno)) + ")";
    if (!logged) {
      Log("MQTT: " + error + "; retrying with backoff");
      logged = true;
    }
    if (rc != MOSQ_ERR_CONN_REFUSED) SetError(error);  // a refusal keeps its CONNACK reason
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, std::chrono::seconds(delay_s), [this] { return stop_.load(); });
    delay_s = std::min(delay_s * 2, std::max(1, options_.reconnect_max_delay_s));
  }
}

void MqttClient::Stop() {
  started_ = true;  // a later Connect would start nothing
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (client_) mosquitto_disconnect(client_.get());  // ends a blocking mosquitto_loop early
  if (thread_.joinable()) thread_.join();
}

MqttClient::~MqttClient() { Stop(); }

MqttClientStats MqttClient::stats() const {
  MqttClientStats s;
  s.connects = connects_.load();
  s.refused = refused_.load();
  s.connected = connected_.load();
  std::lock_guard<std::mutex> lock(error_mu_);
  s.last_error = last_error_;
  return s;
}

void MqttClient::Log(const std::string& message) const {
  if (options_.log) options_.log(message);
}

void MqttClient::SetError(std::string error) {
  std::lock_guard<std::mutex> lock(error_mu_);
  last_error_ = std::move(error);
}

void MqttClient::OnConnect(mosquitto* m, void* obj, int rc) {
  auto* self = static_cast<MqttClient*>(obj);
  if (rc != 0) {
    ++self->refused_;
    const std::string why = std::string("connection refused by ") + self->options_.host + ":" +
                            std::to_string(self->options_.port) + ": " +
                            mosquitto_connack_string(rc);
    self->SetError(why);
    self->Log("MQTT: " + why);
    return;
  }
  self->connected_ = true;
  ++self->connects_;
  for (const MqttSubscription& s : self->subscriptions_) {
    const int r = mosquitto_subscribe(m, nullptr, s.filter.c_str(), s.qos);
    if (r != MOSQ_ERR_SUCCESS) self->Log("MQTT: subscribe " + s.filter + ": " + mosquitto_strerror(r));
  }
}

void MqttClient::OnDisconnect(mosquitto*, void* obj, int rc) {
  auto* self = static_cast<MqttClient*>(obj);
  self->connected_ = false;
  if (rc != 0 && !self->stop_) self->Log("MQTT: connection lost; reconnecting");
}

void MqttClient::OnMessage(mosquitto*, void* obj, const mosquitto_message* msg) {
  auto* self = static_cast<MqttClient*>(obj);
  if (msg == nullptr || msg->topic == nullptr || !self->on_message_) return;
  MqttMessage message;
  message.topic = msg->topic;
  message.payload = std::string_view(static_cast<const char*>(msg->payload),
                                     msg->payload == nullptr ? 0 : static_cast<size_t>(msg->payloadlen));
  message.qos = msg->qos;
  message.retain = msg->retain;
  // Nothing may escape into libmosquitto's C code.
  try {
    self->on_message_(message);
  } catch (const std::exception& e) {
    self->Log(std::string("MQTT: message on ") + msg->topic + " dropped: " + e.what());
  }
}

Status MqttClient::Publish(const std::string& topic, std::string_view payload, int qos,
                           bool retain) {
  if (qos < 0 || qos > 2) return InvalidArgument("MQTT publish to " + topic + ": QoS must be 0..2");
  // The MQTT limit on a packet is 256 MiB; libmosquitto takes the length as an int.
  if (payload.size() > (size_t{256} << 20)) {
    return InvalidArgument("MQTT publish to " + topic + ": payload of " +
                           std::to_string(payload.size()) + " bytes is over 256 MiB");
  }
  const int rc = mosquitto_publish(client_.get(), nullptr, topic.c_str(),
                                   static_cast<int>(payload.size()), payload.data(), qos, retain);
  // While disconnected, libmosquitto keeps QoS 1 and 2 messages for the next connection.
  if (rc == MOSQ_ERR_SUCCESS || (rc == MOSQ_ERR_NO_CONN && qos > 0)) return Status::Ok();
  if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_MALFORMED_UTF8 || rc == MOSQ_ERR_PAYLOAD_SIZE) {
    return InvalidArgument("MQTT publish to " + topic + ": " + mosquitto_strerror(rc));
  }
  return IoError("MQTT publish to " + topic + ": " + mosquitto_strerror(rc));
}

}  // namespace loka::channels
