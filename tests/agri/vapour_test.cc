// FAO-56 chapter 3 air humidity: Examples 3-6 and the humidity lines of Examples 17-20.
#include "agri/vapour.h"

#include <gtest/gtest.h>

#include "agri/atmosphere.h"
#include "fao56_printed.h"

namespace loka::agri {
namespace {

TEST(VapourTest, Example3MeanSaturationVapourPressure) {
  ExpectAsPrinted({
      {"e°(Tmax = 24.5)", SaturationVapourPressureKpa(24.5), 3.075, 3},
      {"e°(Tmin = 15)", SaturationVapourPressureKpa(15), 1.705, 3},
      {"es", MeanSaturationVapourPressureKpa(24.5, 15), 2.39, 2},
      {"e°(Tmean = 19.75)", SaturationVapourPressureKpa(19.75), 2.30, 2},
  });
}

TEST(VapourTest, Example4PsychrometerReadings) {
  const double p = AtmosphericPressureKpa(1200);
  ExpectAsPrinted({
      {"e°(Twet = 19.5)", SaturationVapourPressureKpa(19.5), 2.267, 3},
      {"ea", ActualVapourPressureFromPsychrometerKpa(25.6, 19.5, p, Psychrometer::kVentilated),
       1.91, 2},
  });
}

TEST(VapourTest, Example5And6ActualVapourPressureFromRelativeHumidity) {
  ExpectAsPrinted({
      {"e°(Tmin = 18)", SaturationVapourPressureKpa(18), 2.064, 3},
      {"e°(Tmax = 25)", SaturationVapourPressureKpa(25), 3.168, 3},
      {"ea (Eq. 17)", ActualVapourPressureFromRhMaxMinKpa(25, 18, 82, 54), 1.70, 2},
      {"ea (Eq. 19)", ActualVapourPressureFromRhMeanKpa(25, 18, (82 + 54) / 2.0), 1.78, 2},
      {"es - ea (Example 6)",
       MeanSaturationVapourPressureKpa(25, 18) -
           ActualVapourPressureFromRhMaxMinKpa(25, 18, 82, 54),
       0.91, 2},
  });
}

TEST(VapourTest, SlopeOfTheSaturationCurveInTheEt0Examples) {
  ExpectAsPrinted({
      {"Δ at 30.2 °C (Example 17)", SaturationSlopeKpaPerC(30.2), 0.246, 3},
      {"Δ at 16.9 °C (Example 18)", SaturationSlopeKpaPerC(16.9), 0.122, 3},
      {"Δ at 28 °C (Example 19)", SaturationSlopeKpaPerC(28), 0.220, 3},
      {"Δ at 38 °C (Example 19)", SaturationSlopeKpaPerC(38), 0.358, 3},
      {"Δ at 20.7 °C (Example 20)", SaturationSlopeKpaPerC(20.7), 0.150, 3},
  });
}

TEST(VapourTest, Example19HourlyActualVapourPressure) {
  ExpectAsPrinted({
      {"e°(28)", SaturationVapourPressureKpa(28), 3.780, 3},
      {"ea at 90 %", ActualVapourPressureHourlyKpa(28, 90), 3.402, 3},
      {"e°(38)", SaturationVapourPressureKpa(38), 6.625, 3},
      {"ea at 52 %", ActualVapourPressureHourlyKpa(38, 52), 3.445, 3},
  });
}

TEST(VapourTest, Example20DewPointFromTmin) {
  ExpectAsPrinted({{"ea = e°(Tmin = 14.8)", ActualVapourPressureFromTminKpa(14.8, 0), 1.68, 2}});
  // An arid-site offset lowers the assumed dewpoint (FAO-56 Eq. 48 text).
  EXPECT_DOUBLE_EQ(ActualVapourPressureFromTminKpa(14.8, 2.0), SaturationVapourPressureKpa(12.8));
}

}  // namespace
}  // namespace loka::agri
