#include "node/mqtt_ingest.h"

#include <mosquitto.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <thread>

#include "agri/readings.h"
#include "node/json_body.h"
#include "node/readings_ingest.h"

namespace loka::node {
namespace {

constexpr std::string_view kPrefix = "loka/v1/";
constexpr std::string_view kReadings = "/readings/";

std::once_flag lib_once;

}  // namespace

std::string ReadingsTopicFilter(std::string_view site) {
  return std::string(kPrefix) + std::string(site) + std::string(kReadings) + "+";
}

bool ParseReadingsTopic(std::string_view topic, std::string* site, std::string* station) {
  if (topic.substr(0, kPrefix.size()) != kPrefix) return false;
  topic.remove_prefix(kPrefix.size());
  const size_t mid = topic.find(kReadings);
  if (mid == std::string_view::npos || mid == 0) return false;
  const std::string_view s = topic.substr(0, mid);
  const std::string_view st = topic.substr(mid + kReadings.size());
  if (s.find('/') != std::string_view::npos || st.empty() ||
      st.find('/') != std::string_view::npos) {
    return false;
  }
  site->assign(s);
  station->assign(st);
  return true;
}

void MqttIngest::MosquittoDeleter::operator()(mosquitto* m) const { mosquitto_destroy(m); }

MqttIngest::MqttIngest(const NodeOptions& options, store::Store* store,
                       std::function<void()> after_ingest, StoredFn on_stored)
    : options_(options),
      store_(store),
      after_ingest_(std::move(after_ingest)),
      on_stored_(std::move(on_stored)) {}

Result<std::unique_ptr<MqttIngest>> MqttIngest::Start(const NodeOptions& options,
                                                      store::Store* store,
                                                      std::function<void()> after_ingest,
                                                      StoredFn on_stored) {
  if (options.mqtt_site != "+") {
    LOKA_RETURN_IF_ERROR(ValidateName(options.mqtt_site, "MQTT site"));
  }
  if (options.mqtt_host.empty()) return InvalidArgument("MQTT host is empty");
  std::call_once(lib_once, [] { mosquitto_lib_init(); });
  std::unique_ptr<MqttIngest> self(new MqttIngest(options, store, std::move(after_ingest), std::move(on_stored)));
  // A persistent session: QoS 1 messages published while the node is away are kept for it.
  self->client_.reset(mosquitto_new(options.mqtt_client_id.c_str(), /*clean_session=*/false,
                                    self.get()));
  if (!self->client_) return Internal("mosquitto_new failed (client id \"" +
                                      options.mqtt_client_id + "\")");
  mosquitto* m = self->client_.get();
  mosquitto_connect_callback_set(m, &MqttIngest::OnConnect);
  mosquitto_disconnect_callback_set(m, &MqttIngest::OnDisconnect);
  mosquitto_message_callback_set(m, &MqttIngest::OnMessage);
  // Our own network thread rather than mosquitto_loop_start: libmosquitto's does not retry a
  // first connection that failed, and a node may well start before its broker.
  mosquitto_threaded_set(m, true);
  self->thread_ = std::thread([raw = self.get()] { raw->Run(); });
  return self;
}

void MqttIngest::Run() {
  mosquitto* m = client_.get();
  int delay_s = 1;
  bool logged = false;
  while (!stop_) {
    int rc = mosquitto_connect(m, options_.mqtt_host.c_str(), options_.mqtt_port,
                               options_.mqtt_keepalive_s);
    if (rc == MOSQ_ERR_SUCCESS) {
      logged = false;
      while (!stop_ && (rc = mosquitto_loop(m, 500, 1)) == MOSQ_ERR_SUCCESS) {
        if (connected_) delay_s = 1;
      }
      connected_ = false;
      if (stop_) break;
    }
    if (!logged) {
      Log("MQTT: " + options_.mqtt_host + ":" + std::to_string(options_.mqtt_port) + ": " +
          mosquitto_strerror(rc) + "; retrying with backoff");
      logged = true;
    }
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, std::chrono::seconds(delay_s), [this] { return stop_.load(); });
    delay_s = std::min(delay_s * 2, std::max(1, options_.mqtt_reconnect_max_delay_s));
  }
}

MqttIngest::~MqttIngest() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (client_) mosquitto_disconnect(client_.get());  // ends a blocking mosquitto_loop early
  if (thread_.joinable()) thread_.join();
}

MqttStats MqttIngest::stats() const {
  MqttStats s;
  s.messages = messages_.load();
  s.accepted = accepted_.load();
  s.duplicates = duplicates_.load();
  s.rejected = rejected_.load();
  s.connects = connects_.load();
  s.connected = connected_.load();
  return s;
}

void MqttIngest::Log(const std::string& message) const {
  if (options_.log) options_.log(message);
}

void MqttIngest::OnConnect(mosquitto* m, void* obj, int rc) {
  auto* self = static_cast<MqttIngest*>(obj);
  if (rc != 0) {
    self->Log(std::string("MQTT: connection refused: ") + mosquitto_connack_string(rc));
    return;
  }
  self->connected_ = true;
  ++self->connects_;
  const std::string filter = ReadingsTopicFilter(self->options_.mqtt_site);
  const int s = mosquitto_subscribe(m, nullptr, filter.c_str(), /*qos=*/1);
  if (s != MOSQ_ERR_SUCCESS) {
    self->Log("MQTT: subscribe " + filter + ": " + mosquitto_strerror(s));
  }
}

void MqttIngest::OnDisconnect(mosquitto*, void* obj, int rc) {
  auto* self = static_cast<MqttIngest*>(obj);
  self->connected_ = false;
  if (rc != 0) self->Log("MQTT: connection lost; reconnecting");
}

void MqttIngest::OnMessage(mosquitto*, void* obj, const mosquitto_message* msg) {
  auto* self = static_cast<MqttIngest*>(obj);
  if (msg == nullptr || msg->topic == nullptr) return;
  const std::string_view payload(static_cast<const char*>(msg->payload),
                                 msg->payload == nullptr ? 0 : static_cast<size_t>(msg->payloadlen));
  // Nothing may escape into libmosquitto's C thread.
  try {
    self->Handle(msg->topic, payload);
  } catch (const std::exception& e) {
    self->Log(std::string("MQTT: message dropped: ") + e.what());
  }
}

void MqttIngest::Handle(std::string_view topic, std::string_view payload) {
  ++messages_;
  std::string site, station;
  if (!ParseReadingsTopic(topic, &site, &station)) {
    ++rejected_;
    return;  // not a readings topic: nothing to attribute it to
  }
  const std::string counter_station = agri::ValidStationId(station) ? station : "";
  // A message that cannot be read at all counts as one malformed rejection.
  auto reject_message = [&](const Status& why) {
    ++rejected_;
    Status s = store_->AddRejections({{counter_station, "malformed", 1, store::NowMs()}});
    Log("MQTT " + std::string(topic) + ": " + why.message() +
        (s.ok() ? "" : " (and the counter failed: " + s.ToString() + ")"));
  };
  if (!agri::ValidStationId(station)) {
    ++rejected_;
    (void)store_->AddRejections({{"", "bad_station", 1, store::NowMs()}});
    return;
  }
  if (!site.empty() && site != "+" && site != "#" && !ValidateName(site, "site").ok()) {
    reject_message(InvalidArgument("bad site in topic"));
    return;
  }
  if (payload.size() > options_.max_body_bytes) {
    reject_message(ResourceExhausted("payload of " + std::to_string(payload.size()) +
                                     " bytes is over the limit"));
    return;
  }
  Result<Json> body = ParseJsonObject(payload, options_.max_json_depth);
  if (!body.ok()) {
    reject_message(body.status());
    return;
  }
  std::vector<IngestItem> items;
  Status parsed = ItemsFromJson(*body, options_.max_readings_per_batch, station, &items);
  if (!parsed.ok()) {
    reject_message(parsed);
    return;
  }
  IngestOptions o;
  o.check.now_ms = store::NowMs();
  o.check.max_future_skew_ms = options_.readings_max_future_skew_ms;
  o.site = site;
  o.channel_station = station;
  o.on_stored = on_stored_;
  Result<IngestReport> report = IngestItems(*store_, items, o);
  // A full commit queue (NodeOptions::readings_max_queued) is back-pressure, not a reason to
  // drop a message the broker already handed over: this thread waits, and the broker holds
  // the next messages meanwhile. About 5 s, well inside the keep-alive.
  for (int tries = 0; tries < 500 && !stop_ && !report.ok() &&
                      report.status().code() == StatusCode::kResourceExhausted;
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    report = IngestItems(*store_, items, o);
  }
  if (!report.ok()) {
    Log("MQTT " + std::string(topic) + ": batch not stored: " + report.status().ToString());
    return;
  }
  accepted_ += report->accepted;
  duplicates_ += report->duplicates;
  rejected_ += report->rejected;
  if (after_ingest_) after_ingest_();
}

void MqttIngest::Publish(const std::string& topic, const std::string& payload) {
  if (payload.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    Log("MQTT publish to " + topic + ": payload too large");
    return;
  }
  const int rc = mosquitto_publish(client_.get(), nullptr, topic.c_str(),
                                   static_cast<int>(payload.size()), payload.data(), 1, false);
  if (rc != MOSQ_ERR_SUCCESS) {
    Log("MQTT publish to " + topic + ": " + mosquitto_strerror(rc));
  }
}

}  // namespace loka::node
