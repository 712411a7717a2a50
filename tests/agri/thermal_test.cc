// Growing degree days and frost / heat-stress alerts.
#include "agri/thermal.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace loka::agri {
namespace {

TEST(ThermalTest, GrowingDegreeDaysWithBaseAndCap) {
  struct Row {
    double tmax_c, tmin_c, base_c, cap_c, gdd;
  };
  // Hand computations of McMaster and Wilhelm (1997) method 2.
  const Row rows[] = {
      {30, 20, 10, 30, 15},    // all within range: (30 + 20)/2 - 10
      {35, 25, 10, 30, 17.5},  // Tmax capped at 30
      {8, 2, 10, 30, 0},       // whole day below base
      {20, 5, 10, 30, 5},      // Tmin raised to base: (20 + 10)/2 - 10
      {40, 32, 10, 30, 20},    // whole day above cap: cap - base
      {18, 4, 0, 26, 11},      // cool-season base 0 °C
  };
  for (const Row& r : rows) {
    Result<double> gdd = GrowingDegreeDays(r.tmax_c, r.tmin_c, {r.base_c, r.cap_c});
    ASSERT_TRUE(gdd.ok()) << gdd.status().ToString();
    EXPECT_DOUBLE_EQ(*gdd, r.gdd) << r.tmax_c << "/" << r.tmin_c;
  }
}

TEST(ThermalTest, FrostAlertLevels) {
  struct Row {
    double tmin_c;
    AlertLevel level;
  };
  const Row rows[] = {{-3, AlertLevel::kAlert},    {0, AlertLevel::kAlert},
                      {0.5, AlertLevel::kWarning}, {2, AlertLevel::kWarning},
                      {2.1, AlertLevel::kNone},    {15, AlertLevel::kNone}};
  for (const Row& r : rows) {
    Result<AlertLevel> a = FrostAlert(r.tmin_c);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, r.level) << r.tmin_c;
  }
  EXPECT_EQ(AlertLevelName(AlertLevel::kWarning), "warning");
}

TEST(ThermalTest, HeatStressAlert) {
  EXPECT_EQ(*HeatStressAlert(35.0), AlertLevel::kAlert);
  EXPECT_EQ(*HeatStressAlert(34.9), AlertLevel::kNone);
  EXPECT_EQ(*HeatStressAlert(33.0, {32.0}), AlertLevel::kAlert);  // a crop-specific threshold
}

TEST(ThermalTest, BadInputIsInvalidArgument) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(GrowingDegreeDays(nan, 10).status().message().find("tmax_c = nan"), std::string::npos);
  EXPECT_NE(GrowingDegreeDays(10, 20).status().message().find("tmin_c = 20 is above tmax_c"),
            std::string::npos);
  EXPECT_NE(GrowingDegreeDays(30, 20, {30, 10}).status().message().find("cap_c = 10"),
            std::string::npos);
  EXPECT_EQ(FrostAlert(nan).status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(FrostAlert(1, {2, 0}).status().message().find("warning_at_or_below_c = 0"),
            std::string::npos);
  EXPECT_EQ(HeatStressAlert(150).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::agri
