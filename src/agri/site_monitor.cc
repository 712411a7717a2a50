#include "agri/site_monitor.h"

#include <algorithm>
#include <cstdio>

#include "agri/timestamp.h"
#include "core/time.h"

namespace loka::agri {
namespace {

std::string Deg(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

}  // namespace

StreamKind MonitorKindForName(std::string_view name) {
  struct Alias {
    std::string_view name;
    StreamKind kind;
  };
  static constexpr Alias kAliases[] = {
      {"air_temperature", StreamKind::kAirTemperatureC},
      {"relative_humidity", StreamKind::kRelativeHumidityPct},
      {"wind_speed", StreamKind::kWindSpeedMPerS},
      {"solar_radiation", StreamKind::kSolarRadiationWPerM2},
      {"rainfall", StreamKind::kRainMm},
      {"soil_moisture", StreamKind::kSoilMoisturePct},
  };
  for (const Alias& a : kAliases) {
    if (a.name == name) return a.kind;
  }
  Result<StreamKind> k = ParseStreamKind(name);
  return k.ok() ? *k : StreamKind::kOther;
}

SiteMonitor::Stream::Stream(StreamKind k)
    : kind(k), monitor(DefaultMonitorOptions(k)), drift(DefaultMonitorOptions(k).drift) {}

void SiteMonitor::SetHeatThreshold(const std::string& station, double tmax_c) {
  heat_c_[station] = tmax_c;
}

SiteMonitor::Stream& SiteMonitor::StreamFor(const MonitoredReading& r) {
  auto key = std::make_pair(r.station, r.sensor);
  auto it = streams_.find(key);
  if (it == streams_.end()) it = streams_.emplace(std::move(key), Stream(r.kind)).first;
  return it->second;
}

int SiteMonitor::Observe(std::span<const MonitoredReading> batch, std::vector<SiteAlarm>* alarms) {
  std::vector<const MonitoredReading*> order;
  order.reserve(batch.size());
  for (const MonitoredReading& r : batch) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return a->reading.unix_s < b->reading.unix_s;
  });
  int skipped = 0;
  std::vector<FaultAlarm> faults;
  for (const MonitoredReading* r : order) {
    Stream& s = StreamFor(*r);
    if (r->reading.unix_s <= s.last_s) {
      ++skipped;
      continue;
    }
    s.last_s = r->reading.unix_s;
    faults.clear();
    s.monitor.Observe(r->reading, &faults);
    for (FaultAlarm& f : faults) {
      alarms->push_back({r->station, r->sensor, std::string(FaultKindName(f.kind)),
                         AlertLevel::kWarning, std::move(f.reason), std::move(f.readings),
                         f.raised_s});
    }
    if (s.kind != StreamKind::kOther) {
      Slot& slot = slots_[s.kind];
      if (r->reading.unix_s > slot.unix_s) {
        FlushSlot(slot, alarms);
        slot.unix_s = r->reading.unix_s;
      }
      if (r->reading.unix_s == slot.unix_s) {
        const auto key = streams_.find({r->station, r->sensor});
        slot.streams.emplace_back(&s, &key->first.first);
        slot.values.push_back(r->reading.value);
      }
    }
    if (s.kind == StreamKind::kAirTemperatureC) CheckThermal(*r, alarms);
  }
  return skipped;
}

void SiteMonitor::FlushSlot(Slot& slot, std::vector<SiteAlarm>* alarms) {
  const size_t n = slot.streams.size();
  if (n >= static_cast<size_t>(options_.drift_min_neighbours) + 1) {
    std::vector<double> neighbours;
    for (size_t i = 0; i < n; ++i) {
      neighbours.clear();
      for (size_t j = 0; j < n; ++j) {
        if (j != i) neighbours.push_back(slot.values[j] - slot.streams[j].first->drift.offset());
      }
      Stream& s = *slot.streams[i].first;
      const double reference = NeighbourMedian(neighbours);
      if (std::optional<FaultAlarm> a = s.drift.Observe({slot.unix_s, slot.values[i]}, reference)) {
        // The sensor's name is the stream key's second half; find it by address.
        std::string sensor;
        for (const auto& [key, stream] : streams_) {
          if (&stream == &s) sensor = key.second;
        }
        alarms->push_back({*slot.streams[i].second, sensor, "drift", AlertLevel::kWarning,
                           std::move(a->reason), std::move(a->readings), a->raised_s});
      }
    }
  }
  slot.streams.clear();
  slot.values.clear();
}

void SiteMonitor::CheckThermal(const MonitoredReading& r, std::vector<SiteAlarm>* alarms) {
  Thermal& t = thermal_[r.station];
  t.recent.push_back(r.reading);
  const size_t need = static_cast<size_t>(std::max(1, options_.thermal_confirm_readings));
  if (t.recent.size() > need) t.recent.erase(t.recent.begin());
  if (t.recent.size() < need) return;
  double hi = -1e300, lo = 1e300;  // the confirmed extremes: every recent reading is beyond
  for (const Sample& x : t.recent) {
    hi = std::max(hi, x.value);
    lo = std::min(lo, x.value);
  }
  const int64_t day = UnixDayFromSeconds(r.reading.unix_s);
  const std::string when = FormatIso8601(r.reading.unix_s);
  const std::string n = std::to_string(need);

  AlertLevel frost = AlertLevel::kNone;
  if (hi <= options_.frost.alert_at_or_below_c) {
    frost = AlertLevel::kAlert;
  } else if (hi <= options_.frost.warning_at_or_below_c) {
    frost = AlertLevel::kWarning;
  }
  if (day != t.frost_day) t.frost_level = AlertLevel::kNone;
  if (frost > t.frost_level) {
    const double threshold = frost == AlertLevel::kAlert ? options_.frost.alert_at_or_below_c
                                                         : options_.frost.warning_at_or_below_c;
    alarms->push_back({r.station, r.sensor, "frost", frost,
                       "air temperature at or below " + Deg(threshold) + " °C for " + n +
                           " readings up to " + when + " (latest " + Deg(r.reading.value) +
                           " °C)" + (frost == AlertLevel::kAlert ? ": air frost" : ": ground frost likely"),
                       t.recent, r.reading.unix_s});
    t.frost_day = day;
    t.frost_level = frost;
  }

  auto it = heat_c_.find(r.station);
  const double heat_c = it != heat_c_.end() ? it->second : options_.heat_alert_at_or_above_c;
  if (day != t.heat_day) t.heat_level = AlertLevel::kNone;
  if (lo >= heat_c && t.heat_level == AlertLevel::kNone) {
    alarms->push_back({r.station, r.sensor, "heat", AlertLevel::kAlert,
                       "air temperature at or above the heat-stress threshold of " + Deg(heat_c) +
                           " °C for " + n + " readings up to " + when + " (latest " +
                           Deg(r.reading.value) + " °C)",
                       t.recent, r.reading.unix_s});
    t.heat_day = day;
    t.heat_level = AlertLevel::kAlert;
  }
}

}  // namespace loka::agri
