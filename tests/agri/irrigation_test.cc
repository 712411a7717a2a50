// Irrigation advice: threshold at RAW or a management allowed depletion, net = Dr,
// gross = net / efficiency, per-method efficiencies, bad input.
#include "agri/irrigation.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace loka::agri {
namespace {

TEST(IrrigationTest, DefaultEfficienciesPerMethod) {
  EXPECT_DOUBLE_EQ(DefaultApplicationEfficiency(IrrigationMethod::kDrip), 0.90);
  EXPECT_DOUBLE_EQ(DefaultApplicationEfficiency(IrrigationMethod::kSprinkler), 0.75);
  EXPECT_DOUBLE_EQ(DefaultApplicationEfficiency(IrrigationMethod::kSurface), 0.60);
}

TEST(IrrigationTest, MethodNamesRoundTrip) {
  for (IrrigationMethod m :
       {IrrigationMethod::kDrip, IrrigationMethod::kSprinkler, IrrigationMethod::kSurface}) {
    Result<IrrigationMethod> parsed = ParseIrrigationMethod(IrrigationMethodName(m));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, m);
  }
  Result<IrrigationMethod> bad = ParseIrrigationMethod("bucket");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown irrigation method \"bucket\""), std::string::npos);
}

TEST(IrrigationTest, AdviceAtRawTable) {
  struct Row {
    const char* what;
    double depletion_mm, taw_mm, raw_mm;
    IrrigationPolicy policy;
    bool irrigate;
    double net_mm, gross_mm;
  };
  const Row rows[] = {
      {"below RAW", 40, 100, 50, {}, false, 0, 0},
      {"at RAW, sprinkler", 50, 100, 50, {}, true, 50, 50 / 0.75},
      {"above RAW, drip", 60, 100, 50, {IrrigationMethod::kDrip}, true, 60, 60 / 0.90},
      {"surface", 55, 100, 50, {IrrigationMethod::kSurface}, true, 55, 55 / 0.60},
      {"site efficiency", 55, 100, 50, {IrrigationMethod::kSurface, 0.45}, true, 55, 55 / 0.45},
      {"MAD 0.3 of TAW",
       35,
       100,
       50,
       {IrrigationMethod::kDrip, std::nullopt, 0.3},
       true,
       35,
       35 / 0.90},
      {"MAD 0.7 of TAW", 60, 100, 50, {IrrigationMethod::kDrip, std::nullopt, 0.7}, false, 0, 0},
      {"full root zone", 0, 100, 0, {}, false, 0, 0},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.what);
    Result<IrrigationAdvice> a = AdviseIrrigation(r.depletion_mm, r.taw_mm, r.raw_mm, r.policy);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(a->irrigate, r.irrigate);
    EXPECT_NEAR(a->net_mm, r.net_mm, 1e-12);
    EXPECT_NEAR(a->gross_mm, r.gross_mm, 1e-12);
  }
}

TEST(IrrigationTest, BadInputIsInvalidArgument) {
  EXPECT_NE(AdviseIrrigation(120, 100, 50).status().message().find("depletion_mm = 120"),
            std::string::npos);
  EXPECT_NE(AdviseIrrigation(20, 100, 150).status().message().find("raw_mm = 150"),
            std::string::npos);
  EXPECT_NE(AdviseIrrigation(20, 100, 50, {IrrigationMethod::kDrip, 1.5})
                .status()
                .message()
                .find("efficiency = 1.5"),
            std::string::npos);
  EXPECT_EQ(AdviseIrrigation(std::numeric_limits<double>::quiet_NaN(), 100, 50).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::agri
