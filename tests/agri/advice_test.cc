// Field advice (agri/advice.h) and the soil texture table (agri/soils.h). Golden numbers come
// from FAO-56's printed examples (18 and 20) and from hand computations written out beside
// each case, never from what the code printed.
#include "agri/advice.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "agri/soils.h"
#include "agri/timestamp.h"

namespace loka::agri {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int64_t Day(const char* date) { return *ParseDate(date); }

const Crop& CropNamed(const char* id) { return **FindCrop(id); }

TEST(SoilsTest, TableNineteenRowsAndTypicalValues) {
  ASSERT_GE(SoilTextures().size(), 7u);
  for (const SoilTexture& s : SoilTextures()) {
    SCOPED_TRACE(std::string(s.id));
    EXPECT_LT(s.theta_fc_min_m3_per_m3, s.theta_fc_max_m3_per_m3);
    EXPECT_LT(s.theta_wp_min_m3_per_m3, s.theta_wp_max_m3_per_m3);
    const Soil t = s.Typical();
    EXPECT_GT(t.theta_fc_m3_per_m3, t.theta_wp_m3_per_m3);
    EXPECT_TRUE(TotalAvailableWaterMm(t, 1.0).ok());
  }
  for (const char* id :
       {"sand", "loamy_sand", "sandy_loam", "loam", "silt_loam", "clay_loam", "clay"}) {
    EXPECT_TRUE(FindSoilTexture(id).ok()) << id;
  }
  // Table 19, loam: θFC 0.20-0.30, θWP 0.07-0.17; mid-range 0.25 and 0.12, so 1 m of roots
  // holds 1000 (0.25 - 0.12) = 130 mm.
  const Soil loam = (*FindSoilTexture("loam"))->Typical();
  EXPECT_DOUBLE_EQ(loam.theta_fc_m3_per_m3, 0.25);
  EXPECT_DOUBLE_EQ(loam.theta_wp_m3_per_m3, 0.12);
  EXPECT_NEAR(*TotalAvailableWaterMm(loam, 1.0), 130.0, 1e-9);
  // Sand: 0.12 and 0.045 -> 75 mm per metre.
  EXPECT_NEAR(*TotalAvailableWaterMm((*FindSoilTexture("sand"))->Typical(), 1.0), 75.0, 1e-9);
  Result<const SoilTexture*> bad = FindSoilTexture("peat");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad.status().message().find("sandy_loam"), std::string::npos);
}

TEST(DatesTest, UnixDaysAndDayOfYear) {
  EXPECT_EQ(Day("1970-01-01"), 0);
  EXPECT_EQ(Day("1969-12-31"), -1);
  EXPECT_EQ(FormatDate(Day("2014-05-01")), "2014-05-01");
  EXPECT_EQ(DayOfYear(Day("2019-07-06")), 187);  // FAO-56 Example 18: 6 July is J = 187
  EXPECT_EQ(DayOfYear(Day("2019-07-15")), 196);  // Table 2.5: 15 July
  EXPECT_EQ(DayOfYear(Day("2016-12-31")), 366);
  EXPECT_FALSE(ParseDate("2014-05-01T00:00").ok());
  EXPECT_FALSE(ParseDate("2014-13-01").ok());
  EXPECT_EQ(ParseDate("2024-02-30").status().message(), "date \"2024-02-30\": day out of range");
  EXPECT_EQ(ParseDate("2014-13-01").status().message(), "date \"2014-13-01\": month out of range");
  EXPECT_EQ(ParseDate("yesterday").status().message(), "date \"yesterday\": expected YYYY-MM-DD");
}

TEST(Et0SeriesTest, FullDataIsExample18TemperaturesOnlyIsHargreavesExample20) {
  // Example 18, Uccle (Brussels), 6 July: 50°48'N, 100 m, Tmax 21.5, Tmin 12.3, RHmax 84,
  // RHmin 63, wind 10 km/h at 10 m, sunshine 9.25 h: ET0 3.9 mm/day (3.88 unrounded).
  FieldWeatherDay uccle;
  uccle.day = Day("2019-07-06");
  uccle.weather.tmax_c = 21.5;
  uccle.weather.tmin_c = 12.3;
  uccle.weather.rhmax_pct = 84;
  uccle.weather.rhmin_pct = 63;
  uccle.weather.wind_m_per_s = 10.0 / 3.6;
  uccle.weather.wind_height_m = 10;
  uccle.weather.sunshine_h = 9.25;
  Site brussels{50.8, 100};
  Result<std::vector<Et0Day>> e = ComputeEt0Series(brussels, std::span(&uccle, 1));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ((*e)[0].method, Et0Method::kPenmanMonteith);
  EXPECT_NEAR((*e)[0].et0_mm, 3.88, 0.01);
  ASSERT_TRUE((*e)[0].pm.has_value());

  // Example 20, Lyon, July: 45°43'N, 200 m, Tmax 26.6, Tmin 14.8: Hargreaves 5.0 mm/day.
  FieldWeatherDay lyon;
  lyon.day = Day("2019-07-15");
  lyon.weather.tmax_c = 26.6;
  lyon.weather.tmin_c = 14.8;
  Site lyon_site{45 + 43.0 / 60, 200};
  e = ComputeEt0Series(lyon_site, std::span(&lyon, 1));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)[0].method, Et0Method::kHargreaves);
  EXPECT_NEAR((*e)[0].et0_mm, 5.0, 0.05);
  // Without the Hargreaves preference, Eq. 6 with estimates: 4.6 mm/day (Example 20, 2 m/s).
  Et0SeriesOptions pm_only;
  pm_only.hargreaves_when_temperatures_only = false;
  e = ComputeEt0Series(lyon_site, std::span(&lyon, 1), pm_only);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)[0].method, Et0Method::kPenmanMonteith);
  EXPECT_NEAR((*e)[0].et0_mm, 4.6, 0.05);
}

TEST(Et0SeriesTest, MissingTemperaturesCarryTheRecentMeanAndBadDataFallsBack) {
  std::vector<FieldWeatherDay> days(4);
  const double tmax[] = {26.6, 26.6, kNaN, 20};
  const double tmin[] = {14.8, 14.8, kNaN, 25};  // day 4: Tmin above Tmax, a faulty sensor
  for (int i = 0; i < 4; ++i) {
    days[i].day = Day("2019-07-15") + i;
    days[i].weather.tmax_c = tmax[i];
    days[i].weather.tmin_c = tmin[i];
  }
  Result<std::vector<Et0Day>> e = ComputeEt0Series({45.7, 200}, days);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ((*e)[2].method, Et0Method::kCarried);
  EXPECT_NEAR((*e)[2].et0_mm, ((*e)[0].et0_mm + (*e)[1].et0_mm) / 2, 1e-12);
  EXPECT_EQ((*e)[3].method, Et0Method::kCarried);
  EXPECT_NE((*e)[3].note.find("tmin"), std::string::npos) << (*e)[3].note;

  std::swap(days[0], days[1]);
  Result<std::vector<Et0Day>> bad = ComputeEt0Series({45.7, 200}, days);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("strictly increasing"), std::string::npos);
  EXPECT_FALSE(ComputeEt0Series({95, 200}, {}).ok());
}

TEST(Et0SeriesTest, DaysBeforeTheFirstTemperaturesAreUnknownNotZero) {
  // Lyon (Example 20 temperatures, Hargreaves 5.0 mm/day) on the third day only: the two days
  // before have nothing to carry and are unknown; the day after carries the third day's ET0.
  std::vector<FieldWeatherDay> days(4);
  for (int i = 0; i < 4; ++i) days[i].day = Day("2019-07-13") + i;
  days[2].weather.tmax_c = 26.6;
  days[2].weather.tmin_c = 14.8;
  Result<std::vector<Et0Day>> e = ComputeEt0Series({45 + 43.0 / 60, 200}, days);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  for (int i : {0, 1}) {
    SCOPED_TRACE(i);
    EXPECT_EQ((*e)[i].method, Et0Method::kUnknown);
    EXPECT_TRUE(std::isnan((*e)[i].et0_mm));
    EXPECT_NE((*e)[i].note.find("no earlier ET0 to carry: unknown"), std::string::npos);
  }
  EXPECT_EQ((*e)[2].method, Et0Method::kHargreaves);
  EXPECT_NEAR((*e)[2].et0_mm, 5.0, 0.05);
  EXPECT_EQ((*e)[3].method, Et0Method::kCarried);
  EXPECT_DOUBLE_EQ((*e)[3].et0_mm, (*e)[2].et0_mm);  // the unknown days are not in the mean
  EXPECT_EQ(Et0MethodName(Et0Method::kUnknown), "unknown");
}

// Coffee (an established perennial: full roots, Zr = 0.9 m from day 1; Kc ini 0.90 for 30
// days; p 0.40) on loam (θFC 0.25, θWP 0.12), ET0 4 mm/day, no rain, drip:
//   TAW = 1000 x 0.13 x 0.9 = 117 mm; ETc = 0.9 x 4 = 3.6 mm/day;
//   p = 0.40 + 0.04 (5 - 3.6) = 0.456; RAW = 0.456 x 117 = 53.352 mm.
//   Dr after n dry days = 3.6 n: 50.4 after 14 days, 54.0 after 15.
class CoffeeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    field_.crop = &CropNamed("coffee");
    field_.planting_day = Day("2020-03-01");
    field_.soil = (*FindSoilTexture("loam"))->Typical();
    field_.irrigation.method = IrrigationMethod::kDrip;
  }
  // `n` days from planting with ET0 4 mm and rain 0.
  void Days(int n, std::vector<FieldWeatherDay>* days, std::vector<Et0Day>* et0) const {
    for (int i = 0; i < n; ++i) {
      FieldWeatherDay w;
      w.day = field_.planting_day + i;
      w.weather.tmax_c = 28;
      w.weather.tmin_c = 16;
      w.rain_mm = 0;
      days->push_back(w);
      Et0Day e;
      e.day = w.day;
      e.et0_mm = 4;
      et0->push_back(e);
    }
  }
  FieldSetup field_;
};

TEST_F(CoffeeTest, IrrigateInDaysAndHowMuch) {
  std::vector<FieldWeatherDay> days;
  std::vector<Et0Day> et0;
  Days(10, &days, &et0);
  AdviceOptions o;
  o.assume_advice_followed = false;
  Result<FieldAdvice> a = AdviseFieldWithEt0(field_, days, et0, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->phase, SeasonPhase::kGrowing);
  ASSERT_EQ(a->days.size(), 10u);
  const FieldDay& last = a->days.back();
  EXPECT_NEAR(last.balance.taw_mm, 117.0, 1e-9);
  EXPECT_NEAR(last.balance.raw_mm, 53.352, 1e-9);
  EXPECT_NEAR(last.balance.depletion_mm, 36.0, 1e-9);
  EXPECT_DOUBLE_EQ(last.balance.ks, 1.0);
  // Advice for day 11: Dr 36 < RAW; 36 + 3.6 k >= 53.352 first at k = 5.
  const IrrigationOutlook& out = a->irrigation;
  EXPECT_EQ(out.advice_day, field_.planting_day + 10);
  EXPECT_FALSE(out.today.irrigate);
  ASSERT_TRUE(out.irrigate_in_days.has_value());
  EXPECT_EQ(*out.irrigate_in_days, 5);
  EXPECT_EQ(a->outlook.size(), 5u);
  EXPECT_NEAR(out.depletion_mm, 36.0, 1e-9);
  // On day 16 (k = 5) Dr = 36 + 5 x 3.6 = 54 mm net, 54 / 0.90 = 60 mm gross (drip).
  EXPECT_NEAR(out.planned_net_mm, 54.0, 1e-9);
  EXPECT_NEAR(out.planned_gross_mm, 60.0, 1e-9);
  EXPECT_NEAR(out.wetted_fraction, 0.35, 1e-12);
  EXPECT_NEAR(out.net_on_wetted_area_mm, 54.0 / 0.35, 1e-9);
  EXPECT_NEAR(out.outlook_et0_mm_per_day, 4.0, 1e-12);
  EXPECT_NE(out.reason.find("in 5 day(s)"), std::string::npos) << out.reason;

  // Fifteen dry days: Dr = 54 >= RAW, so irrigate on day 16 with 54 mm net, 60 mm gross.
  days.clear();
  et0.clear();
  Days(15, &days, &et0);
  a = AdviseFieldWithEt0(field_, days, et0, o);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->irrigation.today.irrigate);
  EXPECT_EQ(a->irrigation.irrigate_in_days, 0);
  EXPECT_NEAR(a->irrigation.today.net_mm, 54.0, 1e-9);
  EXPECT_NEAR(a->irrigation.today.gross_mm, 60.0, 1e-9);
  EXPECT_NE(a->irrigation.reason.find("irrigate 2020-03-16"), std::string::npos)
      << a->irrigation.reason;
}

TEST_F(CoffeeTest, FollowedAdviceRefillsTheRootZone) {
  std::vector<FieldWeatherDay> days;
  std::vector<Et0Day> et0;
  Days(20, &days, &et0);
  Result<FieldAdvice> a = AdviseFieldWithEt0(field_, days, et0);  // assume_advice_followed
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  // Morning of day 16: Dr 54 >= 53.352, 54 mm applied early, then 3.6 mm used.
  for (const FieldDay& d : a->days) {
    SCOPED_TRACE(d.season_day);
    EXPECT_DOUBLE_EQ(d.irrigation_advised_mm, d.season_day == 16 ? 54.0 : 0.0);
    EXPECT_DOUBLE_EQ(d.balance.deep_percolation_mm, 0.0);
  }
  EXPECT_NEAR(a->days[15].balance.depletion_mm, 3.6, 1e-9);
  EXPECT_NEAR(a->days[19].balance.depletion_mm, 18.0, 1e-9);
}

TEST_F(CoffeeTest, DataStartingAfterPlantingStartsTheBalanceOnItsFirstDay) {
  // Planted 2020-03-01, the station's data begins on season day 11 with three dry days of
  // ET0 4 mm. The ten days before have no weather: not ten days of 0 mm. The balance starts
  // on day 11 at field capacity (initial_depletion_mm 0): Dr = 3 x 3.6 = 10.8 mm, and the
  // outlook runs at the mean of the known days, 4 mm (a mean with seven zeros would be
  // 12 / 7 = 1.7 mm): 10.8 + 3.6 k >= RAW 53.352 first at k = 12.
  std::vector<FieldWeatherDay> all_days;
  std::vector<Et0Day> all_et0;
  Days(13, &all_days, &all_et0);
  const std::vector<FieldWeatherDay> days(all_days.begin() + 10, all_days.end());
  const std::vector<Et0Day> et0(all_et0.begin() + 10, all_et0.end());
  AdviceOptions o;
  o.assume_advice_followed = false;
  Result<FieldAdvice> a = AdviseFieldWithEt0(field_, days, et0, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->phase, SeasonPhase::kGrowing);
  ASSERT_TRUE(a->balance_start_day.has_value());
  EXPECT_EQ(*a->balance_start_day, Day("2020-03-11"));
  ASSERT_EQ(a->days.size(), 3u);
  EXPECT_EQ(a->days.front().season_day, 11);
  EXPECT_NEAR(a->days.back().balance.depletion_mm, 10.8, 1e-9);
  EXPECT_NEAR(a->irrigation.outlook_et0_mm_per_day, 4.0, 1e-12);
  ASSERT_TRUE(a->irrigation.irrigate_in_days.has_value());
  EXPECT_EQ(*a->irrigation.irrigate_in_days, 12);
  ASSERT_EQ(a->notes.size(), 1u);
  EXPECT_NE(a->notes[0].find("starts on 2020-03-11"), std::string::npos) << a->notes[0];
  EXPECT_NE(a->notes[0].find("10 day(s)"), std::string::npos) << a->notes[0];

  // Days in the series before the first temperatures (unknown ET0) are the same as no days.
  std::vector<FieldWeatherDay> with_empty = all_days;
  std::vector<Et0Day> with_unknown = all_et0;
  for (int i = 0; i < 10; ++i) {
    with_empty[i].weather.tmax_c = kNaN;
    with_empty[i].weather.tmin_c = kNaN;
    with_unknown[i].method = Et0Method::kUnknown;
    with_unknown[i].et0_mm = kNaN;
  }
  Result<FieldAdvice> b = AdviseFieldWithEt0(field_, with_empty, with_unknown, o);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->balance_start_day, a->balance_start_day);
  ASSERT_EQ(b->days.size(), 3u);
  EXPECT_EQ(b->irrigation.irrigate_in_days, 12);

  // No data at all since planting: growing, but no balance and no outlook.
  AdviceOptions as_of = o;
  as_of.as_of_day = Day("2020-03-20");
  Result<FieldAdvice> none = AdviseFieldWithEt0(field_, {}, {}, as_of);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->phase, SeasonPhase::kGrowing);
  EXPECT_FALSE(none->balance_start_day.has_value());
  EXPECT_TRUE(none->days.empty());
  ASSERT_EQ(none->notes.size(), 1u);
}

TEST_F(CoffeeTest, APerennialsSeasonRollsOverIntoTheNextYear) {
  // Coffee's nominal year is 30 + 30 + 275 + 30 = 365 days from 2020-03-01. On 2021-05-26,
  // 451 days on, it is season day 451 - 365 + 1 = 87 of the second year: mid-season (days
  // 61-335), Kc mid 0.95 (Table 12), and the season is growing, not over.
  std::vector<FieldWeatherDay> days;
  std::vector<Et0Day> et0;
  for (int i = 0; i < 6; ++i) {
    FieldWeatherDay w;
    w.day = Day("2021-05-26") + i;
    w.weather.tmax_c = 28;
    w.weather.tmin_c = 16;
    w.rain_mm = 0;
    days.push_back(w);
    Et0Day e;
    e.day = w.day;
    e.et0_mm = 4;
    et0.push_back(e);
  }
  Result<FieldAdvice> a = AdviseFieldWithEt0(field_, days, et0);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->phase, SeasonPhase::kGrowing);
  ASSERT_EQ(a->days.size(), 6u);
  EXPECT_EQ(a->days.front().season_day, 87);
  EXPECT_EQ(a->days.back().season_day, 92);
  EXPECT_DOUBLE_EQ(a->days.front().kc.kc, 0.95);
  EXPECT_EQ(a->irrigation.advice_day, Day("2021-06-01"));
  EXPECT_FALSE(a->irrigation.reason.empty());
  // The last day of the nominal year holding it: 2020-03-01 + 2 x 365 - 1.
  EXPECT_EQ(SeasonEndDay(*field_.crop, field_.planting_day, Day("2021-05-31")),
            Day("2022-02-28"));
  EXPECT_EQ(SeasonDayOf(*field_.crop, field_.planting_day, Day("2022-03-01")), 1);
  // Maize, an annual, is over after its 125 days.
  const Crop& maize = CropNamed("maize");
  EXPECT_EQ(SeasonEndDay(maize, Day("2021-01-01"), Day("2021-12-01")), Day("2021-05-05"));
  EXPECT_EQ(SeasonDayOf(maize, Day("2021-01-01"), Day("2021-12-01")), 335);
}

TEST(AdviceTest, ASeasonThatEndedBeforeTheDataBeganIsOver) {
  // Maize planted 2021-06-01: 20 + 35 + 40 + 30 = 125 days (Table 11), so the season's last
  // day is 2021-10-03. The node reads no further than the season's end, so the series of a
  // station whose data begins in 2022 is empty; as of 2022-03-05 the season is over, not
  // "not planted".
  FieldSetup f;
  f.crop = &CropNamed("maize");
  f.planting_day = Day("2021-06-01");
  f.soil = (*FindSoilTexture("clay"))->Typical();
  AdviceOptions o;
  o.as_of_day = Day("2022-03-05");
  Result<FieldAdvice> a = AdviseField(f, {0, 10}, {}, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->phase, SeasonPhase::kOver);
  EXPECT_TRUE(a->days.empty());
  // Before planting it is not planted, whatever the data.
  o.as_of_day = Day("2021-05-31");
  a = AdviseField(f, {0, 10}, {}, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->phase, SeasonPhase::kNotPlanted);
}

TEST(AdviceTest, MassBalanceHoldsOverAWholeSeasonWithRainGapsAndIrrigation) {
  FieldSetup field;
  field.crop = &CropNamed("maize");
  field.planting_day = Day("2014-05-01");
  field.soil = (*FindSoilTexture("sandy_loam"))->Typical();
  field.irrigation.method = IrrigationMethod::kSprinkler;
  std::vector<FieldWeatherDay> days;
  for (int i = 0; i < 140; ++i) {
    if (i % 17 == 5) continue;  // a day without any data
    FieldWeatherDay w;
    w.day = field.planting_day + i;
    w.weather.tmax_c = 22 + 8 * std::sin(i * 0.3);
    w.weather.tmin_c = w.weather.tmax_c - 10;
    w.weather.rhmax_pct = 90;
    w.weather.rhmin_pct = 45;
    w.weather.wind_m_per_s = 2;
    if (i % 9 != 0) w.rain_mm = (i % 7 == 0) ? 30.0 : (i % 5 == 0 ? 0.4 : 0.0);
    if (i == 60) w.irrigation_mm = 20;
    days.push_back(w);
  }
  Result<FieldAdvice> a = AdviseField(field, {47.6, 50}, days);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->phase, SeasonPhase::kOver);  // maize: 20 + 35 + 40 + 30 = 125 days
  ASSERT_EQ(a->days.size(), 125u);
  const double fc = field.soil.theta_fc_m3_per_m3;
  double storage = 1000 * fc * a->days[0].root_depth_m - field.initial_depletion_mm;
  int carried = 0, irrigations = 0, deep = 0;
  for (const FieldDay& d : a->days) {
    SCOPED_TRACE(d.season_day);
    const BalanceDay& b = d.balance;
    const double now = 1000 * fc * d.root_depth_m - b.depletion_mm;
    const double in = b.rain_mm + b.irrigation_mm + b.capillary_rise_mm + b.subsoil_water_gained_mm;
    const double out = b.runoff_mm + b.ignored_rain_mm + b.etc_adj_mm + b.deep_percolation_mm;
    EXPECT_NEAR(now - storage, in - out, 1e-9);
    EXPECT_GE(b.depletion_mm, 0);
    EXPECT_LE(b.depletion_mm, b.taw_mm + 1e-9);
    storage = now;
    carried += d.et0.method == Et0Method::kCarried;
    irrigations += d.irrigation_advised_mm > 0;
    deep += b.deep_percolation_mm > 0;
    if (d.rain_missing) {
      EXPECT_EQ(b.rain_mm, 0);
    }
  }
  EXPECT_GT(carried, 5);  // the gaps
  EXPECT_GT(irrigations, 0);
  EXPECT_GT(deep, 0);  // the 30 mm storms on a sandy loam
  EXPECT_GT(a->gdd_total, 500);
  // Small rain (0.4 mm < 0.2 ET0) is ignored as evaporated (FAO-56 p. 170).
  EXPECT_EQ(a->days[10].balance.rain_mm, 0.4);
  EXPECT_EQ(a->days[10].balance.ignored_rain_mm, 0.4);
  EXPECT_EQ(a->days[10].balance.effective_rain_mm, 0.0);
}

TEST(AdviceTest, FrostHeatAndDegreeDaysFollowDocumentedThresholds) {
  FieldSetup maize;
  maize.crop = &CropNamed("maize");
  maize.planting_day = Day("2021-04-01");
  maize.soil = (*FindSoilTexture("loam"))->Typical();
  struct Case {
    double tmax, tmin;
    const char* frost;  // expected level or ""
    const char* heat;
    double gdd;         // maize base 10, cap 30: (min(max(T,10),30) averaged) - 10
  };
  const Case cases[] = {
      {12, -1.0, "alert", "", 1.0},    // (12 + 10) / 2 - 10
      {14, 0.0, "alert", "", 2.0},     // Tmin at the threshold
      {15, 1.5, "warning", "", 2.5},   // ground frost likely
      {20, 2.5, "", "", 5.0},
      {34.9, 20, "", "", 15.0},        // (30 + 20) / 2 - 10
      {35.0, 22, "", "alert", 16.0},   // at the maize threshold
      {40.0, 25, "", "alert", 17.5},
  };
  std::vector<FieldWeatherDay> days;
  std::vector<Et0Day> et0;
  for (size_t i = 0; i < std::size(cases); ++i) {
    FieldWeatherDay w;
    w.day = maize.planting_day + static_cast<int64_t>(i);
    w.weather.tmax_c = cases[i].tmax;
    w.weather.tmin_c = cases[i].tmin;
    w.rain_mm = 0;
    days.push_back(w);
    Et0Day e;
    e.day = w.day;
    e.et0_mm = 3;
    et0.push_back(e);
  }
  Result<FieldAdvice> a = AdviseFieldWithEt0(maize, days, et0);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  double cum = 0;
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(i);
    std::string frost, heat;
    for (const ThermalAlert& t : a->alerts) {
      if (t.day != days[i].day) continue;
      (t.kind == ThermalAlertKind::kFrost ? frost : heat) = std::string(AlertLevelName(t.level));
      EXPECT_FALSE(t.reason.empty());
    }
    EXPECT_EQ(frost, cases[i].frost);
    EXPECT_EQ(heat, cases[i].heat);
    EXPECT_NEAR(a->days[i].gdd, cases[i].gdd, 1e-12);
    cum += cases[i].gdd;
    EXPECT_NEAR(a->days[i].gdd_cumulative, cum, 1e-12);
  }
  // Tomato's threshold is 32 °C; a field's own threshold overrides the crop's.
  FieldSetup tomato = maize;
  tomato.crop = &CropNamed("tomato");
  days.resize(1);
  et0.resize(1);
  days[0].weather.tmax_c = 33;
  days[0].weather.tmin_c = 18;
  a = AdviseFieldWithEt0(tomato, days, et0);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->alerts.size(), 1u);
  EXPECT_EQ(a->alerts[0].kind, ThermalAlertKind::kHeat);
  EXPECT_DOUBLE_EQ(a->alerts[0].threshold_c, 32);
  tomato.heat_alert_at_or_above_c = 34;
  a = AdviseFieldWithEt0(tomato, days, et0);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->alerts.empty());
}

TEST(AdviceTest, PhasesAndBadInput) {
  FieldSetup f;
  f.crop = &CropNamed("maize");
  f.planting_day = Day("2021-06-01");
  f.soil = (*FindSoilTexture("clay"))->Typical();
  std::vector<FieldWeatherDay> days(3);
  for (int i = 0; i < 3; ++i) {
    days[i].day = Day("2021-05-01") + i;
    days[i].weather.tmax_c = 25;
    days[i].weather.tmin_c = 12;
  }
  Result<FieldAdvice> a = AdviseField(f, {0, 10}, days);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->phase, SeasonPhase::kNotPlanted);
  EXPECT_TRUE(a->days.empty());

  FieldSetup no_crop = f;
  no_crop.crop = nullptr;
  EXPECT_EQ(AdviseField(no_crop, {0, 10}, days).status().code(), StatusCode::kInvalidArgument);
  FieldSetup bad_soil = f;
  bad_soil.soil = {0.10, 0.20};
  EXPECT_EQ(AdviseField(bad_soil, {0, 10}, days).status().code(), StatusCode::kInvalidArgument);
  FieldSetup bad_wet = f;
  bad_wet.wetted_fraction = 1.5;
  Result<FieldAdvice> w = AdviseField(bad_wet, {0, 10}, days);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("wetted_fraction"), std::string::npos);
  FieldSetup bad_eff = f;
  bad_eff.irrigation.efficiency = 0;
  EXPECT_FALSE(AdviseField(bad_eff, {0, 10}, days).ok());
  std::vector<Et0Day> short_et0(2);
  EXPECT_FALSE(AdviseFieldWithEt0(f, days, short_et0).ok());
}

}  // namespace
}  // namespace loka::agri
