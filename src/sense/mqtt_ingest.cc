#include "sense/mqtt_ingest.h"

#include <algorithm>
#include <chrono>

#include "agri/readings.h"
#include "sense/readings_ingest.h"
#include "text/json.h"
#include "text/names.h"

namespace loka::sense {
namespace {

constexpr std::string_view kPrefix = "loka/v1/";
constexpr std::string_view kReadings = "/readings/";

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

MqttIngest::MqttIngest(MqttIngestOptions options, store::Store* store,
                       std::function<void()> after_ingest, StoredFn on_stored)
    : options_(std::move(options)),
      store_(store),
      after_ingest_(std::move(after_ingest)),
      on_stored_(std::move(on_stored)) {}

Result<std::unique_ptr<MqttIngest>> MqttIngest::Start(MqttIngestOptions options,
                                                      store::Store* store,
                                                      std::function<void()> after_ingest,
                                                      StoredFn on_stored) {
  if (options.site != "+") LOKA_RETURN_IF_ERROR(text::ValidateName(options.site, "MQTT site"));
  channels::MqttOptions connection = options.connection;
  if (!connection.log) connection.log = options.log;
  const std::string filter = ReadingsTopicFilter(options.site);
  std::unique_ptr<MqttIngest> self(
      new MqttIngest(std::move(options), store, std::move(after_ingest), std::move(on_stored)));
  MqttIngest* raw = self.get();  // owns the client, so outlives its callback
  // Created, stored, then connected: a message handled at once may raise an alert that is
  // published through client_ (Publish).
  LOKA_ASSIGN_OR_RETURN(self->client_,
                        channels::MqttClient::Create(std::move(connection), {{filter, /*qos=*/1}},
                                                     [raw](const channels::MqttMessage& m) {
                                                       raw->Handle(m.topic, m.payload);
                                                     }));
  LOKA_RETURN_IF_ERROR(self->client_->Connect());
  return self;
}

MqttIngest::~MqttIngest() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  // The network thread may be publishing an alert through client_: joined before the pointer
  // is let go.
  if (client_) client_->Stop();
  client_.reset();
}

bool MqttIngest::WaitToRetry(int ms) {
  if (options_.retry_wait) return options_.retry_wait(ms);
  std::unique_lock<std::mutex> lock(stop_mu_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

bool MqttIngest::StoreWithRetries(std::string_view topic, const std::vector<IngestItem>& items,
                                  const IngestOptions& o, IngestReport* out) {
  Result<IngestReport> report = IngestItems(*store_, items, o);
  int tries = 1;
  int delay_ms = std::max(1, options_.store_retry_initial_ms);
  while (!report.ok() && tries < options_.store_attempts && WaitToRetry(delay_ms)) {
    delay_ms = std::min(delay_ms * 2, std::max(delay_ms, options_.store_retry_max_ms));
    ++store_retries_;
    ++tries;
    report = IngestItems(*store_, items, o);
  }
  if (report.ok()) {
    *out = std::move(report).value();
    return true;
  }
  // Acknowledged to the broker already: counted (loka_mqtt_store_failures_total) and logged,
  // never dropped silently.
  ++store_failures_;
  readings_lost_ += static_cast<int64_t>(items.size());
  Log("MQTT " + std::string(topic) + ": batch of " + std::to_string(items.size()) +
      " readings not stored after " + std::to_string(tries) +
      " tries: " + report.status().ToString());
  return false;
}

MqttStats MqttIngest::stats() const {
  const channels::MqttClientStats c = client_->stats();
  MqttStats s;
  s.messages = messages_.load();
  s.accepted = accepted_.load();
  s.duplicates = duplicates_.load();
  s.rejected = rejected_.load();
  s.store_retries = store_retries_.load();
  s.store_failures = store_failures_.load();
  s.readings_lost = readings_lost_.load();
  s.connects = c.connects;
  s.refused = c.refused;
  s.connected = c.connected;
  s.last_error = c.last_error;
  return s;
}

void MqttIngest::Log(const std::string& message) const {
  if (options_.log) options_.log(message);
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
    Status s = store_->AddRejections({{counter_station, "malformed", 1, options_.clock->NowMs()}});
    Log("MQTT " + std::string(topic) + ": " + why.message() +
        (s.ok() ? "" : " (and the counter failed: " + s.ToString() + ")"));
  };
  if (!agri::ValidStationId(station)) {
    ++rejected_;
    (void)store_->AddRejections({{"", "bad_station", 1, options_.clock->NowMs()}});
    return;
  }
  if (!site.empty() && site != "+" && site != "#" && !text::ValidateName(site, "site").ok()) {
    reject_message(InvalidArgument("bad site in topic"));
    return;
  }
  if (payload.size() > options_.max_payload_bytes) {
    reject_message(ResourceExhausted("payload of " + std::to_string(payload.size()) +
                                     " bytes is over the limit"));
    return;
  }
  Result<text::Json> body = text::ParseJsonObject(payload, options_.max_json_depth);
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
  o.check.now_ms = options_.clock->NowMs();
  o.check.max_future_skew_ms = options_.max_future_skew_ms;
  o.retention_days = options_.retention_days;
  o.site = site;
  o.channel_station = station;
  o.on_stored = on_stored_;
  // A full commit queue (store::StoreOptions::max_queued_readings) is back-pressure, and a
  // busy or failing store may recover: this thread waits and retries, and the broker holds the
  // next messages meanwhile.
  IngestReport report;
  if (!StoreWithRetries(topic, items, o, &report)) return;
  accepted_ += report.accepted;
  duplicates_ += report.duplicates;
  rejected_ += report.rejected;
  if (after_ingest_) after_ingest_();
}

void MqttIngest::Publish(const std::string& topic, const std::string& payload) {
  Status s = client_->Publish(topic, payload, /*qos=*/1, /*retain=*/false);
  if (!s.ok()) Log(s.ToString());
}

}  // namespace loka::sense
