// Advice and ET0 over a stored station: the ranges the queries read (defaults, limits) and the
// as-of day taken from the last data. Season lengths are FAO-56 Table 11's stage lengths.
#include "sense/field_advice.h"

#include <gtest/gtest.h>

#include "../store/temp_dir.h"
#include "agri/timestamp.h"
#include "sense/readings_ingest.h"

namespace loka::sense {
namespace {

class FieldAdviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<store::Store> st = store::Store::Open(dir_.File("f.db"));
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<store::Store>(std::move(st).value());
    store::StationInfo info;
    info.id = "st1";
    info.lat_deg = 13.7;
    info.elevation_m = 2;
    ASSERT_TRUE(store_->PutStation(info).ok());
    // Hourly temperatures on 2024-06-01 (UTC).
    const int64_t t0 = *agri::ParseIso8601("2024-06-01T00:00:00Z") * 1000;
    std::vector<IngestItem> items(24);
    for (int h = 0; h < 24; ++h) {
      items[h].raw = {"st1", "air_temperature", t0 + h * 3600000, 22.0 + (h % 12), "C"};
    }
    IngestOptions o;
    o.check.now_ms = t0 + 86400000;
    Result<IngestReport> r = IngestItems(*store_, items, o);
    ASSERT_TRUE(r.ok() && r->accepted == 24);
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  const int64_t june1_ = *agri::ParseDate("2024-06-01");
};

TEST_F(FieldAdviceTest, Et0DefaultsToTheThirtyDaysUpToTheLastData) {
  Result<StationEt0> s = StationEt0Series(*store_, "st1", std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->to_day, june1_);
  EXPECT_EQ(s->from_day, june1_ - 29);
  ASSERT_EQ(s->days.size(), 1u);  // one day has data
  ASSERT_EQ(s->et0.size(), 1u);
  EXPECT_DOUBLE_EQ(s->days[0].weather.tmax_c, 33.0);
  EXPECT_DOUBLE_EQ(s->days[0].weather.tmin_c, 22.0);
  EXPECT_GT(s->et0[0].et0_mm, 0);
}

TEST_F(FieldAdviceTest, Et0RangesAreCheckedAndLimited) {
  EXPECT_EQ(StationEt0Series(*store_, "st1", june1_, june1_ - 1).status().code(),
            StatusCode::kInvalidArgument);
  // 731 days pass, 732 do not.
  EXPECT_TRUE(StationEt0Series(*store_, "st1", june1_ - 730, june1_).ok());
  Result<StationEt0> long_range = StationEt0Series(*store_, "st1", june1_ - 731, june1_);
  EXPECT_EQ(long_range.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(long_range.status().message().find("732 days"), std::string::npos)
      << long_range.status().message();
  store::StationInfo nowhere;
  nowhere.id = "st2";
  ASSERT_TRUE(store_->PutStation(nowhere).ok());
  EXPECT_EQ(StationEt0Series(*store_, "st2", std::nullopt, std::nullopt).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(FieldAdviceTest, AdviceIsAsOfTheLastDataDayWithinTheSeason) {
  store::FieldRecord f;
  f.station = "st1";
  f.crop = "maize";
  f.planting_day = *agri::ParseDate("2024-05-01");
  f.soil = "loam";
  f.theta_fc = 0.25;
  f.theta_wp = 0.12;
  f.irrigation_method = "sprinkler";
  Result<StoredFieldAdvice> a = AdviseStoredField(*store_, f, std::nullopt, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->as_of_day, june1_);
  // Maize (grain): 20 + 35 + 40 + 30 days.
  EXPECT_EQ(a->season_end_day, f.planting_day + 125 - 1);
  Result<StoredFieldAdvice> later = AdviseStoredField(*store_, f, june1_ + 3, {});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->as_of_day, june1_ + 3);
  f.crop = "no such crop";
  EXPECT_FALSE(AdviseStoredField(*store_, f, std::nullopt, {}).ok());
}

TEST_F(FieldAdviceTest, Et0DefaultsFollowTheBoundGiven) {
  // `from` alone: up to the last data day, or an empty range from `from` when the data end
  // before it (not "to is before from").
  Result<StationEt0> s = StationEt0Series(*store_, "st1", june1_ - 5, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->from_day, june1_ - 5);
  EXPECT_EQ(s->to_day, june1_);
  s = StationEt0Series(*store_, "st1", june1_ + 110, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->from_day, june1_ + 110);
  EXPECT_EQ(s->to_day, june1_ + 110);
  EXPECT_TRUE(s->days.empty());
  // `to` alone: the 30 days ending on it, even before the last data day.
  s = StationEt0Series(*store_, "st1", std::nullopt, june1_ - 60);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->to_day, june1_ - 60);
  EXPECT_EQ(s->from_day, june1_ - 60 - 29);
}

TEST_F(FieldAdviceTest, AStationWithoutElevationIsAtSeaLevelWithANote) {
  EXPECT_TRUE(StationEt0Series(*store_, "st1", std::nullopt, std::nullopt)->notes.empty());
  store::StationInfo info;
  info.id = "st1";
  info.lat_deg = 13.7;  // no elevation_m
  ASSERT_TRUE(store_->PutStation(info).ok());
  Result<StationEt0> s = StationEt0Series(*store_, "st1", std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->site.elevation_m, 0);
  ASSERT_EQ(s->notes.size(), 1u);
  EXPECT_NE(s->notes[0].find("no elevation_m: sea level assumed"), std::string::npos)
      << s->notes[0];
  store::FieldRecord f;
  f.station = "st1";
  f.crop = "maize";
  f.planting_day = june1_;
  f.theta_fc = 0.25;
  f.theta_wp = 0.12;
  f.irrigation_method = "sprinkler";
  Result<StoredFieldAdvice> a = AdviseStoredField(*store_, f, std::nullopt, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_FALSE(a->advice.notes.empty());
  EXPECT_NE(a->advice.notes.back().find("sea level assumed"), std::string::npos);
}

TEST_F(FieldAdviceTest, ASeasonThatEndedBeforeTheDataBeganIsOver) {
  // Maize planted 2023-01-01 ends on 2023-05-05 (125 days); the station's data is of
  // 2024-06-01.
  store::FieldRecord f;
  f.station = "st1";
  f.crop = "maize";
  f.planting_day = *agri::ParseDate("2023-01-01");
  f.theta_fc = 0.25;
  f.theta_wp = 0.12;
  f.irrigation_method = "sprinkler";
  Result<StoredFieldAdvice> a = AdviseStoredField(*store_, f, std::nullopt, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->season_end_day, *agri::ParseDate("2023-05-05"));
  EXPECT_EQ(a->advice.phase, agri::SeasonPhase::kOver);
}

TEST(CompleteFieldTest, PlantingDatesOutsideTheSaneRangeAreRefused) {
  store::FieldRecord f;
  f.crop = "maize";
  f.soil = "loam";
  f.irrigation_method = "drip";
  for (const char* date : {"0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"}) {
    SCOPED_TRACE(date);
    f.planting_day = *agri::ParseDate(date);
    Status s = CompleteField(std::nullopt, std::nullopt, &f);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find(std::string("planting_date: ") + date +
                               " is outside 1900-01-01..2200-12-31"),
              std::string::npos)
        << s.message();
  }
  for (const char* date : {"1900-01-01", "2200-12-31"}) {
    f.planting_day = *agri::ParseDate(date);
    EXPECT_TRUE(CompleteField(std::nullopt, std::nullopt, &f).ok()) << date;
  }
}

TEST(CompleteFieldTest, FillsTheSoilFromItsTextureAndChecksTheTables) {
  store::FieldRecord f;
  f.crop = "maize";
  f.soil = kDefaultSoil;
  f.irrigation_method = kDefaultIrrigationMethod;
  ASSERT_TRUE(CompleteField(std::nullopt, std::nullopt, &f).ok());
  // FAO-56 Table 19, loam: theta_fc 0.20-0.30, theta_wp 0.07-0.17; the mid-range values.
  EXPECT_NEAR(f.theta_fc, 0.25, 1e-12);
  EXPECT_NEAR(f.theta_wp, 0.12, 1e-12);
  ASSERT_TRUE(CompleteField(0.28, std::nullopt, &f).ok());  // one override, one typical
  EXPECT_NEAR(f.theta_fc, 0.28, 1e-12);
  EXPECT_NEAR(f.theta_wp, 0.12, 1e-12);

  f.soil = "custom";
  EXPECT_EQ(CompleteField(0.3, std::nullopt, &f).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CompleteField(0.3, 0.1, &f).ok());
  EXPECT_NE(CompleteField(0.2, 0.2, &f).message().find("must be below theta_fc"),
            std::string::npos);
  f.soil = "moon dust";
  EXPECT_EQ(CompleteField(std::nullopt, std::nullopt, &f).message().rfind("soil: ", 0), 0u);
  f.soil = kDefaultSoil;
  f.crop = "kale of the sea";
  EXPECT_EQ(CompleteField(std::nullopt, std::nullopt, &f).message().rfind("crop: ", 0), 0u);
  f.crop = "maize";
  f.irrigation_method = "bucket brigade";
  EXPECT_EQ(CompleteField(std::nullopt, std::nullopt, &f).message().rfind("irrigation_method", 0),
            0u);
}

}  // namespace
}  // namespace loka::sense
