#include "sense/weather_days.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <string>
#include <string_view>

#include "agri/readings.h"
#include "agri/timestamp.h"
#include "core/time.h"

namespace loka::sense {
namespace {

// The median of the counts of the days within half_days of `day` (`counts` by day); the upper
// median of an even number, so a tie between two intervals favours the denser one.
double UsualCount(const std::map<int64_t, int64_t>& counts, int64_t day, int half_days) {
  std::vector<int64_t> near;
  for (auto it = counts.lower_bound(day - half_days);
       it != counts.end() && it->first <= day + half_days; ++it) {
    near.push_back(it->second);
  }
  std::sort(near.begin(), near.end());
  return static_cast<double>(near[near.size() / 2]);
}

double Mean(const store::DailyAggregate& a) { return a.sum / static_cast<double>(a.count); }

// How a day's aggregate of a kind becomes an ET0 or water-balance input (the mapping
// WeatherDaysFromAggregates documents); a kind not listed is no input.
using ApplyInput = void (*)(const store::DailyAggregate&, agri::FieldWeatherDay*);
struct WeatherInput {
  std::string_view kind;
  ApplyInput apply;
};
constexpr WeatherInput kWeatherInputs[] = {
    {"air_temperature",
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) {
       d->weather.tmax_c = a.max;
       d->weather.tmin_c = a.min;
     }},
    {"relative_humidity",
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) {
       d->weather.rhmax_pct = std::min(100.0, a.max);
       d->weather.rhmin_pct = std::min(100.0, a.min);
     }},
    {"dew_point",
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) {
       d->weather.tdew_c = Mean(a);
     }},
    {"wind_speed",  // sensors are taken to be at 2 m
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) {
       d->weather.wind_m_per_s = Mean(a);
     }},
    {"solar_radiation",
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) {
       d->weather.rs_mj_per_m2_day = agri::DailyRadiationMjPerM2(Mean(a));
     }},
    {"rainfall",
     [](const store::DailyAggregate& a, agri::FieldWeatherDay* d) { d->rain_mm = a.sum; }},
};

ApplyInput InputOf(std::string_view kind) {
  for (const WeatherInput& input : kWeatherInputs) {
    if (input.kind == kind) return input.apply;
  }
  return nullptr;
}

// 0.75 -> "75 %".
std::string FormatShare(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

}  // namespace

std::vector<agri::FieldWeatherDay> WeatherDaysFromAggregates(
    const std::vector<store::DailyAggregate>& agg, const WeatherDayOptions& options,
    std::vector<std::string>* notes) {
  struct LeftOut {
    int days = 0;
    int64_t latest_day = INT64_MIN, latest_count = 0, latest_needed = 0;
  };
  std::map<std::string, LeftOut> left_out;  // by kind, of the kinds that are inputs
  std::map<std::string, std::map<int64_t, int64_t>> counts;  // sensor -> day -> readings
  std::map<std::string, std::string> first_of_kind;  // kind -> the sensor used (first by name)
  for (const store::DailyAggregate& a : agg) {
    counts[a.sensor][a.day] += a.count;
    auto it = first_of_kind.find(a.kind);
    if (it == first_of_kind.end() || a.sensor < it->second) first_of_kind[a.kind] = a.sensor;
  }
  const int half_days = std::max(0, options.coverage_window_half_days);
  std::map<int64_t, agri::FieldWeatherDay> days;
  for (const store::DailyAggregate& a : agg) {
    agri::FieldWeatherDay& d = days[a.day];
    d.day = a.day;
    const ApplyInput apply = InputOf(a.kind);
    if (apply == nullptr || first_of_kind[a.kind] != a.sensor) continue;
    const double share = options.min_day_coverage * UsualCount(counts[a.sensor], a.day, half_days);
    if (a.count <= 0 || a.count < options.min_readings_per_day || a.count < share) {
      LeftOut& l = left_out[a.kind];
      ++l.days;
      if (a.day > l.latest_day) {
        l.latest_day = a.day;
        l.latest_count = a.count;
        l.latest_needed = std::max<int64_t>(options.min_readings_per_day,
                                            static_cast<int64_t>(std::ceil(share)));
      }
      continue;
    }
    apply(a, &d);
  }
  if (notes != nullptr) {
    for (const auto& [kind, l] : left_out) {
      notes->push_back(kind + " (sensor \"" + first_of_kind[kind] + "\"): " +
                       std::to_string(l.days) + " day(s) left out with too few readings, the " +
                       "latest " + agri::FormatDate(l.latest_day) + " with " +
                       std::to_string(l.latest_count) + " where it needed " +
                       std::to_string(l.latest_needed) + " (at least " +
                       std::to_string(options.min_readings_per_day) + " a day, and " +
                       FormatShare(options.min_day_coverage) + " of the sensor's usual count)");
    }
  }
  std::vector<agri::FieldWeatherDay> out;
  out.reserve(days.size());
  // Rs above Ra (a bad pyranometer) or RHmin with no RHmax cannot happen here, but Eq. 6
  // refusing a day falls back to Hargreaves inside ComputeEt0Series anyway.
  for (auto& [day, d] : days) out.push_back(std::move(d));
  return out;
}

Result<std::vector<agri::FieldWeatherDay>> WeatherDays(store::Store& store,
                                                       const std::string& station,
                                                       int64_t from_day, int64_t to_day,
                                                       const WeatherDayOptions& options,
                                                       std::vector<std::string>* notes) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::DailyAggregate> agg,
                        store.DailyInRange(station, "", from_day, to_day));
  return WeatherDaysFromAggregates(agg, options, notes);
}

Result<std::optional<int64_t>> LastDataDay(store::Store& store, const std::string& station) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::SensorInfo> sensors, store.ListSensors(station));
  int64_t last_ms = 0;
  for (const store::SensorInfo& s : sensors) last_ms = std::max(last_ms, s.last_time_ms);
  if (last_ms == 0) {
    // Raw readings pruned by the retention policy: the daily aggregates remain.
    std::optional<int64_t> last;
    for (const store::SensorInfo& s : sensors) {
      LOKA_ASSIGN_OR_RETURN(std::vector<store::DailyAggregate> days,
                            store.DailyInRange(station, s.name, INT32_MIN, INT32_MAX));
      if (!days.empty()) last = std::max(last.value_or(INT64_MIN), days.back().day);
    }
    return last;
  }
  LOKA_ASSIGN_OR_RETURN(store::StationInfo st, store.GetStation(station));
  // The same local day as the daily aggregates (store/readings.cc).
  return std::optional<int64_t>(LocalDayFromMs(last_ms, st.utc_offset_min));
}

Result<agri::Site> SiteOf(const store::StationInfo& st) {
  if (!st.lat_deg) {
    return FailedPrecondition("station \"" + st.id + "\" has no lat_deg: set it with PUT "
                              "/v1/stations/" + st.id + " to compute ET0");
  }
  return agri::Site{*st.lat_deg, st.elevation_m.value_or(0)};
}

std::optional<std::string> SiteNote(const store::StationInfo& st) {
  if (st.elevation_m) return std::nullopt;
  return "station \"" + st.id + "\" has no elevation_m: sea level assumed for the air pressure "
         "of FAO-56 Eq. 7 (set it with PUT /v1/stations/" + st.id + ")";
}

}  // namespace loka::sense
