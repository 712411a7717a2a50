// Root-zone water balance (FAO-56 chapter 8): Example 36 (TAW/RAW), Example 37 (Ks, ETc adj
// and depletion over ten days), Example 38 (irrigation schedule), and bad input.
#include "agri/water_balance.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "agri/crops.h"
#include "agri/irrigation.h"
#include "fao56_printed.h"

namespace loka::agri {
namespace {

TEST(WaterBalanceTest, Example36ReadilyAvailableWaterForThreeCropsOnThreeSoils) {
  struct SoilRow {
    const char* name;
    Soil soil;
  };
  const SoilRow soils[] = {
      {"loamy sand", {0.15, 0.06}},
      {"silt", {0.32, 0.15}},
      {"silty clay", {0.35, 0.23}},
  };
  struct CropRow {
    const char* id;
    double zr_m;
    double taw_mm[3];
    double raw_mm[3];
  };
  const CropRow crops[] = {
      {"onion_dry", 0.4, {36, 68, 48}, {11, 20, 14}},
      {"tomato", 0.8, {72, 136, 96}, {29, 54, 38}},
      {"maize", 1.2, {108, 204, 144}, {59, 112, 79}},
  };
  for (const CropRow& c : crops) {
    Result<const Crop*> crop = FindCrop(c.id);
    ASSERT_TRUE(crop.ok());
    for (int s = 0; s < 3; ++s) {
      SCOPED_TRACE(std::string(c.id) + " on " + soils[s].name);
      Result<double> taw = TotalAvailableWaterMm(soils[s].soil, c.zr_m);
      ASSERT_TRUE(taw.ok());
      ExpectAsPrinted({
          {"TAW", *taw, c.taw_mm[s], 0},
          {"RAW with Table 22 p", ReadilyAvailableWaterMm(*taw, (*crop)->p), c.raw_mm[s], 0},
      });
    }
  }
}

TEST(WaterBalanceTest, Example37TenDaysOfWaterStressOnTomato) {
  const Soil silt{0.32, 0.12};
  const double zr_m = 0.8;
  Result<double> taw = TotalAvailableWaterMm(silt, zr_m);
  ASSERT_TRUE(taw.ok());
  ExpectAsPrinted({{"TAW", *taw, 160, 0}, {"RAW", ReadilyAvailableWaterMm(*taw, 0.40), 64, 0}});
  struct Row {
    double dr_start, ks, etc_adj, dr_end;
  };
  // clang-format off
  const Row rows[] = {  // columns 5-8 of the Example 37 table, one row per day
      {55.0,  1.00, 6.0, 61.0},
      {61.0,  1.00, 6.0, 67.0},
      {67.0,  0.97, 5.8, 72.8},
      {72.8,  0.91, 5.4, 78.3},
      {78.3,  0.85, 5.1, 83.4},
      {83.4,  0.80, 4.8, 88.2},
      {88.2,  0.75, 4.5, 92.6},
      {92.6,  0.70, 4.2, 96.9},
      {96.9,  0.66, 3.9, 100.8},
      {100.8, 0.62, 3.7, 104.5},
  };
  // clang-format on
  BalanceState state{55.0, zr_m};
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE("day " + std::to_string(i + 1));
    BalanceDayInput in;
    in.et0_mm = 5.0;
    in.kc = 1.2;
    in.p = 0.40;
    in.root_depth_m = zr_m;
    Result<BalanceDay> d = StepWaterBalance(silt, state, in);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    ExpectAsPrinted({
        {"ETc", d->etc_mm, 6.0, 1},
        {"Dr start", d->depletion_for_ks_mm, rows[i].dr_start, 1},
        {"Ks", d->ks, rows[i].ks, 2},
        {"ETc adj", d->etc_adj_mm, rows[i].etc_adj, 1},
        {"Dr end", d->depletion_mm, rows[i].dr_end, 1},
    });
    EXPECT_DOUBLE_EQ(d->deep_percolation_mm, 0);
    state = {d->depletion_mm, zr_m};
  }
}

TEST(WaterBalanceTest, Example38IrrigationScheduling) {
  const Soil soil{0.23, 0.10};
  const double p = 0.6;
  struct Row {
    double et0, zr, raw, dr_start, p_ro, irrigation, kc, etc, dp, dr_end;
  };
  // Columns 2-5 and 6-14 of the table; Kc is column 11 (Ks Kcb + Ke, with Ks = 1). The
  // irrigation on day 1 is given (40 mm, from Example 35); the one on day 10 is advised.
  // clang-format off
  const Row rows[] = {
      // ETo  Zr    RAW Dr  P-RO I   Kc    ETc  DP  Dr end
      {4.5, 0.30, 23, 0,  0,   40, 1.21, 5.5, 17, 5},
      {5.0, 0.31, 24, 5,  0,   0,  1.21, 6.1, 0,  12},
      {3.9, 0.31, 24, 12, 0,   0,  1.04, 4.0, 0,  16},
      {4.2, 0.32, 25, 16, 0,   0,  0.70, 2.9, 0,  18},
      {4.8, 0.32, 25, 18, 0,   0,  0.52, 2.5, 0,  21},
      {2.7, 0.33, 26, 15, 6,   0,  1.00, 2.7, 0,  18},
      {5.8, 0.33, 26, 18, 0,   0,  0.82, 4.7, 0,  22},
      {5.1, 0.34, 26, 22, 0,   0,  0.55, 2.8, 0,  25},
      {4.7, 0.34, 27, 25, 0,   0,  0.47, 2.2, 0,  27},
      {5.2, 0.35, 27, 0,  0,   27, 1.21, 6.3, 0,  6},
  };
  // clang-format on
  // Zr grows linearly from 0.30 m on day 1 to 0.35 m on day 10; the subsoil is at field
  // capacity; the depletion at the start of day 1 is RAW.
  const auto zr_on = [](int day) { return 0.30 + 0.05 * (day - 1) / 9.0; };
  BalanceState state{ReadilyAvailableWaterMm(*TotalAvailableWaterMm(soil, 0.30), p), 0.30};
  ExpectAsPrinted({{"Dr at start of day 1", state.depletion_mm, 23, 0}});
  for (int i = 0; i < 10; ++i) {
    const int day = i + 1;
    SCOPED_TRACE("day " + std::to_string(day));
    const Row& r = rows[i];
    BalanceDayInput in;
    in.et0_mm = r.et0;
    in.kc = r.kc;
    in.p = p;
    in.root_depth_m = zr_on(day);
    in.rain_mm = r.p_ro;
    Result<double> taw = TotalAvailableWaterMm(soil, in.root_depth_m);
    ASSERT_TRUE(taw.ok());
    if (day == 1) {
      in.irrigation_mm = 40;
    } else {
      Result<IrrigationAdvice> advice =
          AdviseIrrigation(state.depletion_mm, *taw, ReadilyAvailableWaterMm(*taw, p));
      ASSERT_TRUE(advice.ok()) << advice.status().ToString();
      EXPECT_EQ(advice->irrigate, r.irrigation > 0);
      in.irrigation_mm = advice->net_mm;
    }
    Result<BalanceDay> d = StepWaterBalance(soil, state, in);  // wetting early in the day
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    ExpectAsPrinted({
        {"Zr", in.root_depth_m, r.zr, 2},
        {"RAW", d->raw_mm, r.raw, 0},
        {"Dr start", d->depletion_for_ks_mm, r.dr_start, 0},
        {"I", d->irrigation_mm, r.irrigation, 0},
        {"Ks", d->ks, 1.00, 2},
        {"ETc", d->etc_adj_mm, r.etc, 1},
        {"DP", d->deep_percolation_mm, r.dp, 0},
        {"Dr end", d->depletion_mm, r.dr_end, 0},
    });
    state = {d->depletion_mm, in.root_depth_m};
  }
}

TEST(WaterBalanceTest, DepletionFractionFollowsEtc) {
  EXPECT_NEAR(DepletionFractionForEtc(0.55, 5.0), 0.55, 1e-12);  // Table 22 is for ETc ≈ 5
  EXPECT_NEAR(DepletionFractionForEtc(0.55, 8.0), 0.43, 1e-12);  // 0.55 + 0.04 (5 - 8)
  EXPECT_NEAR(DepletionFractionForEtc(0.55, 2.0), 0.67, 1e-12);
  EXPECT_DOUBLE_EQ(DepletionFractionForEtc(0.65, 0.0), 0.8);   // limited to 0.8
  EXPECT_DOUBLE_EQ(DepletionFractionForEtc(0.30, 12.0), 0.1);  // limited to 0.1
}

TEST(WaterBalanceTest, StressCoefficientAndInitialDepletion) {
  EXPECT_DOUBLE_EQ(WaterStressCoefficient(60, 160, 0.4), 1.0);
  EXPECT_DOUBLE_EQ(WaterStressCoefficient(160, 160, 0.4), 0.0);
  EXPECT_NEAR(WaterStressCoefficient(112, 160, 0.4), 0.5, 1e-12);
  const Soil silt{0.32, 0.12};
  EXPECT_NEAR(DepletionFromWaterContentMm(silt, 0.25, 0.8), 56, 1e-9);  // Eq. 87
  EXPECT_DOUBLE_EQ(DepletionFromWaterContentMm(silt, 0.40, 0.8), 0);    // wetter than FC
}

TEST(WaterBalanceTest, SmallRainIsIgnoredWhenAsked) {
  const Soil soil{0.30, 0.15};
  BalanceDayInput in;
  in.et0_mm = 6;
  in.kc = 1.0;
  in.p = 0.5;
  in.root_depth_m = 1.0;
  in.rain_mm = 1.0;  // below 0.2 ET0 = 1.2 mm
  BalanceOptions ignore;
  ignore.rain_rule = RainRule::kIgnoreSmall;
  Result<BalanceDay> d = StepWaterBalance(soil, {50, 1.0}, in, ignore);
  ASSERT_TRUE(d.ok());
  EXPECT_DOUBLE_EQ(d->ignored_rain_mm, 1.0);
  EXPECT_DOUBLE_EQ(d->effective_rain_mm, 0.0);
  EXPECT_DOUBLE_EQ(d->depletion_mm, 56);
  Result<BalanceDay> all = StepWaterBalance(soil, {50, 1.0}, in);
  ASSERT_TRUE(all.ok());
  EXPECT_DOUBLE_EQ(all->depletion_mm, 55);
}

TEST(WaterBalanceTest, WettingLateInTheDayFollowsEquations85And88) {
  const Soil soil{0.30, 0.15};
  BalanceDayInput in;
  in.et0_mm = 5;
  in.kc = 1.0;
  in.p = 0.5;
  in.root_depth_m = 1.0;
  in.rain_mm = 30;
  BalanceOptions late;
  late.wetting_time = WettingTime::kEndOfDay;
  Result<BalanceDay> d = StepWaterBalance(soil, {20, 1.0}, in, late);
  ASSERT_TRUE(d.ok());
  EXPECT_DOUBLE_EQ(d->deep_percolation_mm, 30 - 5 - 20);  // Eq. 88: (P - RO) + I - ETc - Dr
  EXPECT_DOUBLE_EQ(d->depletion_mm, 0);
  Result<BalanceDay> early = StepWaterBalance(soil, {20, 1.0}, in);
  ASSERT_TRUE(early.ok());
  EXPECT_DOUBLE_EQ(early->deep_percolation_mm, 10);  // drained before the day's ET
  EXPECT_DOUBLE_EQ(early->depletion_mm, 5);
}

TEST(WaterBalanceTest, BadInputIsInvalidArgumentNamingTheInput) {
  const Soil soil{0.30, 0.15};
  struct Case {
    const char* what;
    Soil soil;
    BalanceState previous;
    void (*mutate)(BalanceDayInput*);
    const char* message;
  };
  const Case cases[] = {
      {"NaN ET0",
       soil,
       {10, 1},
       [](BalanceDayInput* in) { in->et0_mm = std::numeric_limits<double>::quiet_NaN(); },
       "et0_mm = nan"},
      {"negative rain",
       soil,
       {10, 1},
       [](BalanceDayInput* in) { in->rain_mm = -3; },
       "rain_mm = -3"},
      {"runoff above rain",
       soil,
       {10, 1},
       [](BalanceDayInput* in) { in->runoff_mm = 5; },
       "runoff_mm = 5 is above rain_mm = 0"},
      {"Kc 3", soil, {10, 1}, [](BalanceDayInput* in) { in->kc = 3; }, "kc = 3"},
      {"shrinking roots", soil, {10, 1.2}, [](BalanceDayInput*) {}, "may not shrink"},
      {"depletion beyond TAW",
       soil,
       {200, 1},
       [](BalanceDayInput*) {},
       "previous.depletion_mm = 200"},
      {"negative depletion", soil, {-1, 1}, [](BalanceDayInput*) {}, "previous.depletion_mm = -1"},
      {"wilting point above field capacity",
       Soil{0.15, 0.30},
       {10, 1},
       [](BalanceDayInput*) {},
       "theta_wp_m3_per_m3 = 0.3 is not below theta_fc_m3_per_m3 = 0.15"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    BalanceDayInput in;
    in.et0_mm = 5;
    in.kc = 1;
    in.p = 0.5;
    in.root_depth_m = 1.0;
    c.mutate(&in);
    Result<BalanceDay> d = StepWaterBalance(c.soil, c.previous, in);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(d.status().message().find(c.message), std::string::npos) << d.status().message();
  }
}

}  // namespace
}  // namespace loka::agri
