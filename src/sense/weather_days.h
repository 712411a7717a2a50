// FAO-56 weather days from a station's stored daily aggregates: which sensor speaks for each
// kind, which days have enough readings to count, and the unit each ET0 input needs. The ET0,
// water balance and advice over these days are agri/'s (agri/advice.h). See docs/agri.md,
// "Field advice on the node".
//
// Thread contract: functions over values and a thread-safe Store.
#ifndef LOKA_SENSE_WEATHER_DAYS_H_
#define LOKA_SENSE_WEATHER_DAYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agri/advice.h"
#include "core/status.h"
#include "store/store.h"

namespace loka::sense {

struct WeatherDayOptions {
  // A day's aggregate of a kind counts only with at least this share of the sensor's usual
  // number of readings per day: a day half lost to a dropout would bias sums and means. 0.75
  // keeps a day that lost a quarter of its readings.
  double min_day_coverage = 0.75;
  // The sensor's usual readings per day, for each day, is the median count over the days of
  // the range within this many days either side of it (a 7-day window). A median, not the
  // most on any day, so one day of a burst (a logger backfilling at 5 minutes, a test at
  // 1 minute) does not make every other day look sparse; a window, not the whole range, so a
  // logger switched from hourly to 5-minute readings keeps the days before the switch (each
  // day's window holds a majority of days at its own interval up to the switch).
  int coverage_window_half_days = 3;
  // And at least this many readings that day, whatever the sensor's usual count: the
  // extremes and means of a day need readings across it. A new sensor's first reading alone
  // made Tmax = Tmin, so Hargreaves' ET0 (which grows with sqrt(Tmax - Tmin)) was 0 and the
  // advice said no irrigation was needed. Measured on the generated season
  // (testdata/sense/season.csv, station st1, hourly readings subsampled): Hargreaves' ET0 from
  // the extremes of 8 / 6 / 4 / 2 evenly spaced readings a day is on average 1 / 2-3 / 5-7 /
  // 5-40 % under the hourly one (the worst day 7 / 12 / 16 / 100 %); 6, one reading every
  // 4 hours, keeps the bias to a few percent.
  int min_readings_per_day = 6;
};

// Weather days from `aggregates` (any order): one day per date with any aggregate, in date
// order. Per kind the sensor first by name is used; a kind whose day is under the coverage
// rules (WeatherDayOptions: a share of the usual count, and a least count) is left missing.
// Mapping: air_temperature max/min -> Tmax/Tmin;
// relative_humidity max/min (capped at 100) -> RHmax/RHmin; dew_point mean -> Tdew; wind_speed
// mean -> u2 (sensors taken to be at 2 m); solar_radiation mean W/m2 -> Rs in MJ/m2/day;
// rainfall sum -> rain.
// With `notes`, one sentence is appended per kind (of those mapped) that had days left out by
// those rules: how many, and the latest with its count and what it needed, so an answer with
// no ET0 can say why rather than only that temperatures were missing.
std::vector<agri::FieldWeatherDay> WeatherDaysFromAggregates(
    const std::vector<store::DailyAggregate>& aggregates, const WeatherDayOptions& options = {},
    std::vector<std::string>* notes = nullptr);

// The station's weather days from..to (local days, inclusive), with WeatherDaysFromAggregates'
// notes. Errors: the store's.
Result<std::vector<agri::FieldWeatherDay>> WeatherDays(store::Store& store,
                                                       const std::string& station,
                                                       int64_t from_day, int64_t to_day,
                                                       const WeatherDayOptions& options = {},
                                                       std::vector<std::string>* notes = nullptr);

// The station's last local day with data: the day of its newest raw reading in the station's
// UTC offset, or, when the raw readings were all pruned, the last day with a daily aggregate.
// nullopt when it has none. Errors: the store's (not_found for an unknown station).
Result<std::optional<int64_t>> LastDataDay(store::Store& store, const std::string& station);

// Where the station is, for ET0. A station without elevation_m is taken to be at sea level
// (FAO-56 Eq. 7: P = 101.3 kPa); SiteNote says so. Errors: failed_precondition when it has no
// latitude.
Result<agri::Site> SiteOf(const store::StationInfo& station);

// What SiteOf assumed, for the answer's notes: a sentence when the station has no elevation
// (γ is proportional to P, 16 % smaller at 1,500 m than at sea level), nullopt otherwise.
std::optional<std::string> SiteNote(const store::StationInfo& station);

}  // namespace loka::sense

#endif  // LOKA_SENSE_WEATHER_DAYS_H_
