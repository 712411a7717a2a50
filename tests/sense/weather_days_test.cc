// Weather days from daily aggregates: the sensor-to-FAO-56 mapping, the units, the coverage
// rule and the local day of the last data. Expected values are hand computations from the
// rules in sense/weather_days.h and FAO-56 Annex 1 (1 W/m2 = 0.0864 MJ/m2/day).
#include "sense/weather_days.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../store/temp_dir.h"
#include "agri/timestamp.h"
#include "sense/readings_ingest.h"

namespace loka::sense {
namespace {

store::DailyAggregate Agg(const std::string& sensor, const std::string& kind, int64_t day,
                          double min, double max, double sum, int64_t count) {
  return {sensor, kind, "", day, min, max, sum, count};
}

TEST(WeatherDaysTest, MapsEachKindToItsEt0InputInFao56Units) {
  const std::vector<store::DailyAggregate> agg = {
      Agg("t", "air_temperature", 100, 12.5, 31.0, 21.0 * 24, 24),
      Agg("rh", "relative_humidity", 100, 35.0, 104.0, 70.0 * 24, 24),  // RHmax capped at 100
      Agg("dp", "dew_point", 100, 8.0, 12.0, 10.0 * 24, 24),
      Agg("ws", "wind_speed", 100, 0.5, 4.0, 2.5 * 24, 24),
      Agg("sr", "solar_radiation", 100, 0, 900, 250.0 * 24, 24),
      Agg("rain", "rainfall", 100, 0, 3, 7.5, 24),
  };
  const std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(agg);
  ASSERT_EQ(days.size(), 1u);
  const agri::FieldWeatherDay& d = days[0];
  EXPECT_EQ(d.day, 100);
  EXPECT_DOUBLE_EQ(d.weather.tmax_c, 31.0);
  EXPECT_DOUBLE_EQ(d.weather.tmin_c, 12.5);
  EXPECT_DOUBLE_EQ(*d.weather.rhmax_pct, 100.0);
  EXPECT_DOUBLE_EQ(*d.weather.rhmin_pct, 35.0);
  EXPECT_DOUBLE_EQ(*d.weather.tdew_c, 10.0);
  EXPECT_DOUBLE_EQ(*d.weather.wind_m_per_s, 2.5);
  // A mean of 250 W/m2 over 86400 s is 21.6 MJ/m2 in the day.
  EXPECT_NEAR(*d.weather.rs_mj_per_m2_day, 21.6, 1e-12);
  EXPECT_DOUBLE_EQ(*d.rain_mm, 7.5);
}

TEST(WeatherDaysTest, ADayUnderThreeQuartersOfTheUsualReadingsIsMissing) {
  // The sensor's usual day has 24 readings (the median of days 8-12 is 24); 18 (= 0.75 x 24)
  // still counts, 17 does not.
  const std::vector<store::DailyAggregate> agg = {
      Agg("t", "air_temperature", 8, 10, 20, 15.0 * 24, 24),
      Agg("t", "air_temperature", 9, 10, 20, 15.0 * 24, 24),
      Agg("t", "air_temperature", 10, 10, 20, 15.0 * 24, 24),
      Agg("t", "air_temperature", 11, 11, 21, 16.0 * 18, 18),
      Agg("t", "air_temperature", 12, 12, 22, 17.0 * 17, 17),
  };
  const std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(agg);
  ASSERT_EQ(days.size(), 5u);
  EXPECT_DOUBLE_EQ(days[3].weather.tmax_c, 21);
  EXPECT_TRUE(std::isnan(days[4].weather.tmax_c)) << "day 12 has too few readings";
  // A looser rule keeps it.
  WeatherDayOptions loose;
  loose.min_day_coverage = 0.5;
  EXPECT_DOUBLE_EQ(WeatherDaysFromAggregates(agg, loose)[4].weather.tmax_c, 22);
}

TEST(WeatherDaysTest, ABurstDayDoesNotMakeTheOtherDaysSparse) {
  // Five hourly days, then a day of 5-minute readings (288): the usual count is the median,
  // 24, so every day counts; under the old rule (the busiest day, 288) the hourly days were
  // all under 0.75 x 288 = 216 and dropped.
  std::vector<store::DailyAggregate> agg;
  for (int d = 10; d < 15; ++d) agg.push_back(Agg("t", "air_temperature", d, 10, 20, 360, 24));
  agg.push_back(Agg("t", "air_temperature", 15, 11, 21, 16.0 * 288, 288));
  std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(agg);
  ASSERT_EQ(days.size(), 6u);
  for (const agri::FieldWeatherDay& d : days) {
    SCOPED_TRACE(d.day);
    EXPECT_FALSE(std::isnan(d.weather.tmax_c));
  }
  // A genuinely sparse day among them still does not count: 10 < 0.75 x 24.
  agg[2].count = 10;
  days = WeatherDaysFromAggregates(agg);
  EXPECT_TRUE(std::isnan(days[2].weather.tmax_c));
  EXPECT_FALSE(std::isnan(days[1].weather.tmax_c));
}

TEST(WeatherDaysTest, ALoggerSwitchedToAShorterIntervalKeepsItsEarlierDays) {
  // Ten hourly days, then ten days at 5 minutes: each day's 7-day window holds a majority of
  // days at its own interval, so all twenty count.
  std::vector<store::DailyAggregate> agg;
  for (int d = 0; d < 10; ++d) agg.push_back(Agg("t", "air_temperature", d, 10, 20, 360, 24));
  for (int d = 10; d < 20; ++d) {
    agg.push_back(Agg("t", "air_temperature", d, 10, 20, 15.0 * 288, 288));
  }
  const std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(agg);
  ASSERT_EQ(days.size(), 20u);
  for (const agri::FieldWeatherDay& d : days) {
    SCOPED_TRACE(d.day);
    EXPECT_FALSE(std::isnan(d.weather.tmax_c));
  }
}

TEST(WeatherDaysTest, TheFirstSensorByNameSpeaksForItsKind) {
  const std::vector<store::DailyAggregate> agg = {
      Agg("t_b", "air_temperature", 5, 0, 40, 20.0 * 24, 24),
      Agg("t_a", "air_temperature", 5, 10, 25, 17.0 * 24, 24),
  };
  const std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(agg);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_DOUBLE_EQ(days[0].weather.tmax_c, 25);
  EXPECT_DOUBLE_EQ(days[0].weather.tmin_c, 10);
}

// A sensor's first readings are its usual count, so the share rule alone let one reading
// stand for a day: Tmax = Tmin, and Hargreaves' ET0 of 0. A day needs 6 readings of a kind
// (min_readings_per_day) for that kind to count, however few the sensor usually sends.
TEST(WeatherDaysTest, AKindNeedsSixReadingsADayWhateverItsUsualCount) {
  for (const int64_t count : {1, 2, 5}) {
    SCOPED_TRACE(count);
    const std::vector<agri::FieldWeatherDay> days = WeatherDaysFromAggregates(
        {Agg("t", "air_temperature", 7, 5, 5, 5.0 * count, count),
         Agg("ws", "wind_speed", 7, 2, 2, 2.0 * count, count)});
    ASSERT_EQ(days.size(), 1u);  // the day is there, without the kinds
    EXPECT_TRUE(std::isnan(days[0].weather.tmax_c));
    EXPECT_TRUE(std::isnan(days[0].weather.tmin_c));
    EXPECT_FALSE(days[0].weather.wind_m_per_s.has_value());
  }
  const std::vector<agri::FieldWeatherDay> days =
      WeatherDaysFromAggregates({Agg("t", "air_temperature", 7, 4, 12, 8.0 * 6, 6)});
  ASSERT_EQ(days.size(), 1u);
  EXPECT_DOUBLE_EQ(days[0].weather.tmax_c, 12);
  EXPECT_DOUBLE_EQ(days[0].weather.tmin_c, 4);
  // The notes say which kind lost days, the latest with its count and what it needed.
  std::vector<std::string> notes;
  WeatherDaysFromAggregates({Agg("t", "air_temperature", 8, 5, 5, 5.0, 1),
                             Agg("t", "air_temperature", 9, 5, 6, 5.5 * 24, 24),
                             Agg("t", "air_temperature", 10, 5, 6, 5.5 * 2, 2),
                             Agg("ws", "wind_speed", 10, 2, 3, 2.5 * 24, 24),
                             Agg("soil", "soil_moisture", 10, 20, 20, 20.0, 1)},
                            {}, &notes);
  ASSERT_EQ(notes.size(), 1u);  // wind kept; soil moisture is no ET0 input
  EXPECT_EQ(notes[0],
            "air_temperature (sensor \"t\"): 2 day(s) left out with too few readings, the latest "
            "1970-01-11 with 2 where it needed 6 (at least 6 a day, and 75 % of the sensor's "
            "usual count)");
  WeatherDayOptions lenient;
  lenient.min_readings_per_day = 1;
  const std::vector<agri::FieldWeatherDay> one =
      WeatherDaysFromAggregates({Agg("t", "air_temperature", 7, 5, 5, 5.0, 1)}, lenient);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_DOUBLE_EQ(one[0].weather.tmax_c, 5);
}

TEST(WeatherDaysTest, LastDataDayIsTheStationsLocalDay) {
  testing::TempDir dir;
  Result<store::Store> st = store::Store::Open(dir.File("w.db"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  store::StationInfo info;
  info.id = "st1";
  info.utc_offset_min = 120;  // UTC+2
  ASSERT_TRUE(st->PutStation(info).ok());
  // 2024-06-01T23:30Z is 01:30 on 2024-06-02 at UTC+2.
  const int64_t t_ms = (*agri::ParseIso8601("2024-06-01T23:30:00Z")) * 1000;
  std::vector<IngestItem> items(1);
  items[0].raw = {"st1", "air_temperature", t_ms, 18.0, "C"};
  IngestOptions o;
  o.check.now_ms = t_ms + 1000;
  Result<IngestReport> r = IngestItems(*st, items, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->accepted, 1);
  Result<std::optional<int64_t>> last = LastDataDay(*st, "st1");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ(**last, *agri::ParseDate("2024-06-02"));
}

TEST(WeatherDaysTest, SiteNeedsALatitude) {
  store::StationInfo st;
  st.id = "st1";
  EXPECT_EQ(SiteOf(st).status().code(), StatusCode::kFailedPrecondition);
  st.lat_deg = -1.28;
  st.elevation_m = 1795;
  Result<agri::Site> site = SiteOf(st);
  ASSERT_TRUE(site.ok());
  EXPECT_DOUBLE_EQ(site->lat_deg, -1.28);
  EXPECT_DOUBLE_EQ(site->elevation_m, 1795);
}

}  // namespace
}  // namespace loka::sense
