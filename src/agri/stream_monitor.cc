#include "agri/stream_monitor.h"

#include <string>

namespace loka::agri {

namespace {

struct KindName {
  StreamKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {StreamKind::kAirTemperatureC, "air_temp_c"},
    {StreamKind::kRelativeHumidityPct, "rh_pct"},
    {StreamKind::kWindSpeedMPerS, "wind_m_s"},
    {StreamKind::kSolarRadiationWPerM2, "solar_w_m2"},
    {StreamKind::kRainMm, "rain_mm"},
    {StreamKind::kSoilMoisturePct, "soil_vwc_pct"},
    {StreamKind::kOther, "other"},
};

}  // namespace

std::string_view StreamKindName(StreamKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "other";
}

Result<StreamKind> ParseStreamKind(std::string_view name) {
  for (const KindName& k : kKindNames) {
    if (k.name == name) return k.kind;
  }
  return NotFound("unknown sensor kind \"" + std::string(name) + "\"");
}

MonitorOptions DefaultMonitorOptions(StreamKind kind) {
  MonitorOptions o;
  constexpr int64_t kHour = 3600;
  switch (kind) {
    case StreamKind::kAirTemperatureC:
      o.stuck.max_flat_s = 6 * kHour;
      o.stuck.tolerance = 0.05;
      o.spike.min_spread = 0.1;
      o.drift.min_spread = 0.25;  // sites differ by a few tenths for hours (shade, wind)
      break;
    case StreamKind::kRelativeHumidityPct:
      o.stuck.max_flat_s = 8 * kHour;
      o.stuck.tolerance = 0.5;
      o.stuck.normal_flat_at_or_above = 99.5;  // fog and dew: saturated air for hours
      o.spike.min_spread = 1.0;
      o.drift.min_spread = 2.0;
      break;
    case StreamKind::kWindSpeedMPerS:
      o.stuck.max_flat_s = 12 * kHour;
      o.stuck.tolerance = 0.05;
      o.spike.jump_spreads = 8.0;  // gusts
      o.spike.min_spread = 0.2;
      o.drift.min_spread = 0.3;
      break;
    case StreamKind::kSolarRadiationWPerM2:
      o.stuck.max_flat_s = 4 * kHour;
      o.stuck.tolerance = 0.5;
      o.stuck.normal_flat_at_or_below = 1.0;  // night
      o.spike.jump_spreads = 7.0;             // passing clouds make big steps
      o.spike.min_spread = 5.0;
      o.drift.min_spread = 10.0;
      break;
    case StreamKind::kRainMm:
      o.spike.enabled = false;  // a shower is a spike
      o.stuck.max_flat_s = 6 * kHour;
      o.stuck.tolerance = 0.0;
      o.stuck.normal_flat_at_or_below = 0.0;  // dry
      o.drift.min_spread = 0.2;
      break;
    case StreamKind::kSoilMoisturePct:
      o.stuck.max_flat_s = 36 * kHour;
      o.stuck.tolerance = 0.0;
      o.spike.min_spread = 0.1;
      o.drift.min_spread = 1.0;  // rain and drainage wet and dry probes unevenly
      break;
    case StreamKind::kOther:
      break;
  }
  return o;
}

StreamMonitor::StreamMonitor(const MonitorOptions& options)
    : spike_(options.spike),
      stuck_(options.stuck),
      dropout_(options.dropout),
      scorer_(options.score) {}

double StreamMonitor::Observe(const Sample& r, std::vector<FaultAlarm>* alarms) {
  if (auto a = dropout_.Observe(r)) alarms->push_back(std::move(*a));
  if (auto a = spike_.Observe(r)) alarms->push_back(std::move(*a));
  if (auto a = stuck_.Observe(r)) alarms->push_back(std::move(*a));
  return scorer_.Score(r.unix_s, r.value);
}

void StreamMonitor::CheckSilence(int64_t now_s, std::vector<FaultAlarm>* alarms) {
  if (auto a = dropout_.CheckSilence(now_s)) alarms->push_back(std::move(*a));
}

}  // namespace loka::agri
