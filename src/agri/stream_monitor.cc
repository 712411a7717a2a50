#include "agri/stream_monitor.h"

#include <string>

namespace loka::agri {

namespace {

struct KindName {
  SensorKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {SensorKind::kAirTemperatureC, "air_temp_c"},
    {SensorKind::kRelativeHumidityPct, "rh_pct"},
    {SensorKind::kWindSpeedMPerS, "wind_m_s"},
    {SensorKind::kSolarRadiationWPerM2, "solar_w_m2"},
    {SensorKind::kRainMm, "rain_mm"},
    {SensorKind::kSoilMoisturePct, "soil_vwc_pct"},
    {SensorKind::kOther, "other"},
};

}  // namespace

std::string_view SensorKindName(SensorKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "other";
}

Result<SensorKind> ParseSensorKind(std::string_view name) {
  for (const KindName& k : kKindNames) {
    if (k.name == name) return k.kind;
  }
  return NotFound("unknown sensor kind \"" + std::string(name) + "\"");
}

MonitorOptions DefaultMonitorOptions(SensorKind kind) {
  MonitorOptions o;
  constexpr int64_t kHour = 3600;
  switch (kind) {
    case SensorKind::kAirTemperatureC:
      o.stuck.max_flat_s = 6 * kHour;
      o.stuck.tolerance = 0.05;
      o.spike.min_spread = 0.1;
      o.drift.min_spread = 0.25;  // sites differ by a few tenths for hours (shade, wind)
      break;
    case SensorKind::kRelativeHumidityPct:
      o.stuck.max_flat_s = 8 * kHour;
      o.stuck.tolerance = 0.5;
      o.stuck.normal_flat_at_or_above = 99.5;  // fog and dew: saturated air for hours
      o.spike.min_spread = 1.0;
      o.drift.min_spread = 2.0;
      break;
    case SensorKind::kWindSpeedMPerS:
      o.stuck.max_flat_s = 12 * kHour;
      o.stuck.tolerance = 0.05;
      o.spike.jump_spreads = 8.0;  // gusts
      o.spike.min_spread = 0.2;
      o.drift.min_spread = 0.3;
      break;
    case SensorKind::kSolarRadiationWPerM2:
      o.stuck.max_flat_s = 4 * kHour;
      o.stuck.tolerance = 0.5;
      o.stuck.normal_flat_at_or_below = 1.0;  // night
      o.spike.jump_spreads = 7.0;             // passing clouds make big steps
      o.spike.min_spread = 5.0;
      o.drift.min_spread = 10.0;
      break;
    case SensorKind::kRainMm:
      o.spike.enabled = false;  // a shower is a spike
      o.stuck.max_flat_s = 6 * kHour;
      o.stuck.tolerance = 0.0;
      o.stuck.normal_flat_at_or_below = 0.0;  // dry
      o.drift.min_spread = 0.2;
      break;
    case SensorKind::kSoilMoisturePct:
      o.stuck.max_flat_s = 36 * kHour;
      o.stuck.tolerance = 0.0;
      o.spike.min_spread = 0.1;
      o.drift.min_spread = 1.0;  // rain and drainage wet and dry probes unevenly
      break;
    case SensorKind::kOther:
      break;
  }
  return o;
}

StreamMonitor::StreamMonitor(const MonitorOptions& options)
    : spike_(options.spike),
      stuck_(options.stuck),
      dropout_(options.dropout),
      scorer_(options.score) {}

double StreamMonitor::Observe(const Reading& r, std::vector<FaultAlarm>* alarms) {
  if (auto a = dropout_.Observe(r)) alarms->push_back(std::move(*a));
  if (auto a = spike_.Observe(r)) alarms->push_back(std::move(*a));
  if (auto a = stuck_.Observe(r)) alarms->push_back(std::move(*a));
  return scorer_.Score(r.unix_s, r.value);
}

void StreamMonitor::CheckSilence(int64_t now_s, std::vector<FaultAlarm>* alarms) {
  if (auto a = dropout_.CheckSilence(now_s)) alarms->push_back(std::move(*a));
}

}  // namespace loka::agri
