// Crop table (FAO-56 Tables 11, 12, 22), the Kc curve (Eq. 66, Example 28) and the climate
// adjustment of Kc mid and Kc end (Eq. 62 and 65, Example 27, Box 15).
#include "agri/crops.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>

#include "fao56_printed.h"

namespace loka::agri {
namespace {

TEST(CropsTest, TableHasTwentyOrMoreConsistentCrops) {
  const auto crops = Crops();
  EXPECT_GE(crops.size(), 20u);
  std::set<std::string_view> ids;
  std::string_view previous;
  for (const Crop& c : crops) {
    SCOPED_TRACE(std::string(c.id));
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id";
    EXPECT_LT(previous, c.id) << "ids must be sorted";
    previous = c.id;
    EXPECT_FALSE(c.name.empty());
    EXPECT_FALSE(c.stages_from.empty());
    for (double kc : {c.curve.kc_ini, c.curve.kc_mid, c.curve.kc_end}) {
      EXPECT_GT(kc, 0.1);
      EXPECT_LT(kc, 1.4);
    }
    EXPECT_GT(c.curve.ini_days, 0);
    EXPECT_GT(c.curve.dev_days, 0);
    EXPECT_GT(c.curve.mid_days, 0);
    EXPECT_GT(c.curve.late_days, 0);
    EXPECT_GT(c.max_height_m, 0.1);
    EXPECT_LE(c.root_depth_min_m, c.root_depth_max_m);
    EXPECT_GT(c.p, 0.1);
    EXPECT_LT(c.p, 0.8);
  }
}

TEST(CropsTest, RowsTypedFromTheTables) {
  struct Row {
    const char* id;
    double kc_ini, kc_mid, kc_end, h;  // Table 12
    int ini, dev, mid, late;           // Table 11
    double zr_min, zr_max, p;          // Table 22
  };
  const Row rows[] = {
      {"maize", 0.30, 1.20, 0.35, 2.0, 20, 35, 40, 30, 1.0, 1.7, 0.55},
      {"cassava", 0.30, 0.80, 0.30, 1.0, 20, 40, 90, 60, 0.5, 0.8, 0.35},
      {"groundnut", 0.40, 1.15, 0.60, 0.4, 25, 35, 45, 25, 0.5, 1.0, 0.50},
      {"onion_dry", 0.70, 1.05, 0.75, 0.4, 20, 35, 110, 45, 0.3, 0.6, 0.30},
      {"sugarcane", 0.40, 1.25, 0.75, 3.0, 50, 70, 220, 140, 1.2, 2.0, 0.65},
      {"banana", 0.50, 1.10, 1.00, 3.0, 120, 90, 120, 60, 0.5, 0.9, 0.35},
      {"soybean", 0.40, 1.15, 0.50, 0.75, 15, 15, 40, 15, 0.6, 1.3, 0.50},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.id);
    Result<const Crop*> c = FindCrop(r.id);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    const Crop& crop = **c;
    EXPECT_DOUBLE_EQ(crop.curve.kc_ini, r.kc_ini);
    EXPECT_DOUBLE_EQ(crop.curve.kc_mid, r.kc_mid);
    EXPECT_DOUBLE_EQ(crop.curve.kc_end, r.kc_end);
    EXPECT_DOUBLE_EQ(crop.max_height_m, r.h);
    EXPECT_EQ(crop.curve.ini_days, r.ini);
    EXPECT_EQ(crop.curve.dev_days, r.dev);
    EXPECT_EQ(crop.curve.mid_days, r.mid);
    EXPECT_EQ(crop.curve.late_days, r.late);
    EXPECT_DOUBLE_EQ(crop.root_depth_min_m, r.zr_min);
    EXPECT_DOUBLE_EQ(crop.root_depth_max_m, r.zr_max);
    EXPECT_DOUBLE_EQ(crop.p, r.p);
  }
}

TEST(CropsTest, UnknownCropIsNotFoundListingTheKnownOnes) {
  Result<const Crop*> c = FindCrop("unicorn_grass");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("unknown crop \"unicorn_grass\""), std::string::npos);
  EXPECT_NE(c.status().message().find("maize"), std::string::npos);
}

TEST(KcCurveTest, Example28DryBeans) {
  const KcCurve beans{0.15, 1.19, 0.35, 25, 25, 30, 20};
  struct Row {
    int day;
    double kc;
    GrowthStage stage;
  };
  const Row rows[] = {
      {20, 0.15, GrowthStage::kInitial},
      {40, 0.77, GrowthStage::kDevelopment},
      {70, 1.19, GrowthStage::kMidSeason},
      {95, 0.56, GrowthStage::kLateSeason},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.day);
    Result<KcOnDay> kc = KcForDay(beans, r.day);
    ASSERT_TRUE(kc.ok()) << kc.status().ToString();
    ExpectAsPrinted({{"Kc", kc->kc, r.kc, 2}});
    EXPECT_EQ(kc->stage, r.stage);
  }
}

TEST(KcCurveTest, CurveIsContinuousAtStageBoundaries) {
  const KcCurve beans{0.15, 1.19, 0.35, 25, 25, 30, 20};
  EXPECT_DOUBLE_EQ(KcForDay(beans, 25)->kc, 0.15);
  EXPECT_DOUBLE_EQ(KcForDay(beans, 50)->kc, 1.19);
  EXPECT_DOUBLE_EQ(KcForDay(beans, 80)->kc, 1.19);
  EXPECT_DOUBLE_EQ(KcForDay(beans, 100)->kc, 0.35);
  EXPECT_EQ(SeasonLengthDays(beans), 100);
}

TEST(KcCurveTest, DayOutsideTheSeasonIsInvalidArgument) {
  const KcCurve beans{0.15, 1.19, 0.35, 25, 25, 30, 20};
  for (int day : {0, -3, 101}) {
    Result<KcOnDay> kc = KcForDay(beans, day);
    ASSERT_FALSE(kc.ok());
    EXPECT_EQ(kc.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(kc.status().message().find("must be within [1, 100]"), std::string::npos);
  }
  const KcCurve broken{0.15, 1.19, 0.35, 25, -5, 30, 20};
  EXPECT_EQ(KcForDay(broken, 10).status().code(), StatusCode::kInvalidArgument);
}

TEST(KcClimateTest, Box15DryBeansAtKimberly) {
  Result<double> kc = AdjustKcForClimate(1.15, 2.2, 30, 0.4);
  ASSERT_TRUE(kc.ok());
  ExpectAsPrinted({{"Kc mid", *kc, 1.19, 2}});
}

TEST(KcClimateTest, Example27MaizeAtTaipeiAndMocha) {
  const Crop& maize = **FindCrop("maize");
  Result<double> taipei = AdjustKcForClimate(maize.curve.kc_mid, 1.3, 75, maize.max_height_m);
  Result<double> mocha = AdjustKcForClimate(maize.curve.kc_mid, 4.6, 44, maize.max_height_m);
  ASSERT_TRUE(taipei.ok());
  ASSERT_TRUE(mocha.ok());
  ExpectAsPrinted({
      {"Kc mid Taipei", *taipei, 1.07, 2},
      {"Kc mid Mocha", *mocha, 1.30, 2},
  });
}

TEST(KcClimateTest, KcEndBelowPointFourFiveIsNotAdjusted) {
  const Crop& maize = **FindCrop("maize");  // Kc end 0.35: dried in the field
  Result<KcCurve> c = AdjustCurveForClimate(maize.curve, maize.max_height_m, {4.6, 44}, {4.6, 25});
  ASSERT_TRUE(c.ok());
  EXPECT_DOUBLE_EQ(c->kc_end, 0.35);
  EXPECT_GT(c->kc_mid, maize.curve.kc_mid);
  const Crop& banana = **FindCrop("banana");  // Kc end 1.00: adjusted by Eq. 65
  Result<KcCurve> b = AdjustCurveForClimate(banana.curve, banana.max_height_m, {2, 45}, {3, 30});
  ASSERT_TRUE(b.ok());
  EXPECT_DOUBLE_EQ(b->kc_mid, banana.curve.kc_mid);  // standard climate: no change
  EXPECT_GT(b->kc_end, banana.curve.kc_end);
}

TEST(KcClimateTest, OutsideTheValidityRangesIsInvalidArgument) {
  EXPECT_NE(AdjustKcForClimate(1.2, 0.5, 45, 2).status().message().find("u2_m_per_s = 0.5"),
            std::string::npos);
  EXPECT_NE(AdjustKcForClimate(1.2, 2, 10, 2).status().message().find("rhmin_pct = 10"),
            std::string::npos);
  EXPECT_NE(AdjustKcForClimate(1.2, 2, 45, 12).status().message().find("height_m = 12"),
            std::string::npos);
  EXPECT_EQ(
      AdjustKcForClimate(1.2, std::numeric_limits<double>::quiet_NaN(), 45, 2).status().code(),
      StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::agri
