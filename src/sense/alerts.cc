#include "sense/alerts.h"

#include <algorithm>
#include <map>
#include <set>

#include "agri/advice.h"
#include "agri/crops.h"
#include "agri/site_monitor.h"
#include "agri/timestamp.h"

namespace loka::sense {

using text::Json;

Status CheckAlertKind(std::string_view kind) {
  std::string names;
  auto known = [&](std::string_view name) {
    names += names.empty() ? "" : ", ";
    names += name;
    return name == kind;
  };
  bool found = false;
  for (agri::FaultKind k : {agri::FaultKind::kSpike, agri::FaultKind::kStuck,
                            agri::FaultKind::kDropout, agri::FaultKind::kDrift}) {
    found = known(agri::FaultKindName(k)) || found;
  }
  for (agri::ThermalAlertKind k : {agri::ThermalAlertKind::kFrost, agri::ThermalAlertKind::kHeat}) {
    found = known(agri::ThermalAlertKindName(k)) || found;
  }
  if (found) return Status::Ok();
  return InvalidArgument("alert kind \"" + std::string(kind.substr(0, 64)) + "\": expected one of " +
                         names);
}

Json AlertToJson(const store::AlertRecord& a) {
  Json readings = Json::parse(a.readings_json, nullptr, /*allow_exceptions=*/false);
  return {{"id", a.id},
          {"time", agri::FormatIso8601(a.time_ms / 1000)},
          {"time_ms", a.time_ms},
          {"station", a.station},
          {"field_id", a.field_id ? Json(*a.field_id) : Json(nullptr)},
          {"sensor", a.sensor},
          {"kind", a.kind},
          {"severity", a.severity},
          {"reason", a.reason},
          {"readings", readings.is_discarded() ? Json::array() : readings},
          {"acknowledged", a.acknowledged_at_ms != 0},
          {"acknowledged_at_ms", a.acknowledged_at_ms ? Json(a.acknowledged_at_ms) : Json(nullptr)},
          {"created_at_ms", a.created_at_ms}};
}

struct AlertService::Monitor {
  agri::SiteMonitor site;
};

AlertService::AlertService(store::Store* store, const AlertOptions& options)
    : store_(store), options_(options), monitor_(std::make_unique<Monitor>()) {}

AlertService::~AlertService() = default;

Result<std::unique_ptr<AlertService>> AlertService::Create(store::Store* store,
                                                           const AlertOptions& options) {
  std::unique_ptr<AlertService> s(new AlertService(store, options));  // private constructor
  if (!options.webhook_url.empty()) {
    channels::WebhookOptions w;
    w.url = options.webhook_url;
    w.attempts = options.webhook_attempts;
    w.timeout_ms = options.webhook_timeout_ms;
    w.queue_limit = options.webhook_queue;
    w.on_sent = options.on_webhook_sent;
    w.log = options.log;
    Result<std::unique_ptr<channels::WebhookPublisher>> p =
        channels::WebhookPublisher::Create(w);
    if (!p.ok()) return p.status().WithPrefix("--alert-webhook");
    s->webhook_ = std::move(p).value();
  }
  return s;
}

void AlertService::SetMqttPublisher(MqttPublishFn publish) {
  std::lock_guard<std::mutex> lock(mqtt_mu_);
  mqtt_ = std::move(publish);
}

void AlertService::OnReadingsStored(const std::vector<store::ReadingRow>& rows,
                                    const store::InsertReport& report) {
  std::vector<agri::MonitoredReading> batch;
  batch.reserve(rows.size());
  std::set<std::string> stations;
  for (size_t i = 0; i < rows.size() && i < report.outcomes.size(); ++i) {
    if (report.outcomes[i] != store::InsertOutcome::kInserted) continue;
    const store::ReadingRow& r = rows[i];
    const int64_t unix_s = r.time_ms >= 0 ? r.time_ms / 1000 : (r.time_ms - 999) / 1000;
    batch.push_back({std::string(r.station), std::string(r.sensor),
                     agri::MonitorKindForName(r.kind), {unix_s, r.value}});
    stations.emplace(r.station);
  }
  if (batch.empty()) return;
  // Heat threshold per station: the lowest of its fields' crops (or the fields' own).
  std::map<std::string, double> heat_c;
  for (const std::string& st : stations) {
    Result<std::vector<store::FieldRecord>> fields = store_->ListFields(st);
    if (!fields.ok()) continue;
    for (const store::FieldRecord& f : *fields) {
      Result<const agri::Crop*> crop = agri::FindCrop(f.crop);
      if (!crop.ok()) continue;
      const double c = f.heat_threshold_c.value_or(agri::DefaultHeatThresholdC(**crop));
      auto [it, fresh] = heat_c.emplace(st, c);
      if (!fresh) it->second = std::min(it->second, c);
    }
  }
  std::vector<agri::SiteAlarm> alarms;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [st, c] : heat_c) monitor_->site.SetHeatThreshold(st, c);
    monitor_->site.Observe(batch, &alarms);
  }
  if (alarms.empty()) return;
  std::vector<store::AlertRecord> records;
  records.reserve(alarms.size());
  for (agri::SiteAlarm& a : alarms) {
    Json readings = Json::array();
    for (const agri::Sample& r : a.readings) {
      readings.push_back({{"time", agri::FormatIso8601(r.unix_s)}, {"value", r.value}});
    }
    store::AlertRecord rec;
    rec.time_ms = a.raised_s * 1000;
    rec.station = a.station;
    rec.sensor = a.sensor;
    rec.kind = a.kind;
    rec.severity = a.level == agri::AlertLevel::kAlert ? "alert" : "warning";
    rec.reason = std::move(a.reason);
    rec.readings_json = text::Dump(readings);
    records.push_back(std::move(rec));
  }
  Result<std::vector<store::AlertRecord>> stored = store_->InsertAlerts(records);
  if (!stored.ok()) {
    if (options_.log) options_.log("cannot store alerts: " + stored.status().ToString());
    return;
  }
  raised_ += static_cast<int64_t>(stored->size());
  Publish(*stored);
  if (options_.on_alerts) options_.on_alerts(*stored);
}

void AlertService::Publish(const std::vector<store::AlertRecord>& alerts) {
  MqttPublishFn mqtt;
  {
    std::lock_guard<std::mutex> lock(mqtt_mu_);
    mqtt = mqtt_;
  }
  std::map<std::string, std::string> site_of;
  for (const store::AlertRecord& a : alerts) {
    const std::string doc = text::Dump(AlertToJson(a));
    if (webhook_) webhook_->Publish(doc);
    if (mqtt) {
      auto it = site_of.find(a.station);
      if (it == site_of.end()) {
        Result<store::StationInfo> st = store_->GetStation(a.station);
        const std::string site = st.ok() && !st->site.empty() ? st->site : "local";
        it = site_of.emplace(a.station, site).first;
      }
      mqtt("loka/v1/" + it->second + "/alerts/" + a.station, doc);
    }
  }
}

}  // namespace loka::sense
