// FAO-56 chapter 3 atmospheric parameters and wind: Examples 2, 4, 14, 17-20.
#include "agri/atmosphere.h"

#include <gtest/gtest.h>

#include "agri/wind.h"
#include "fao56_printed.h"

namespace loka::agri {
namespace {

TEST(AtmosphereTest, PressureAndPsychrometricConstantFromElevation) {
  struct Row {
    const char* example;
    double elevation_m;
    double pressure_kpa;  // as printed; < 0 where the example prints none
    int pressure_decimals;
    double gamma_kpa_per_c;
    int gamma_decimals;
  };
  const Row rows[] = {
      {"Example 2", 1800, 81.8, 1, 0.054, 3}, {"Example 4", 1200, 87.9, 1, -1, 0},
      {"Example 17", 2, 101.3, 1, 0.0674, 4}, {"Example 18", 100, 100.1, 1, 0.0666, 4},
      {"Example 19", 8, -1, 0, 0.0673, 4},    {"Example 20", 200, -1, 0, 0.066, 3},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.example);
    const double p = AtmosphericPressureKpa(r.elevation_m);
    if (r.pressure_kpa > 0) ExpectAsPrinted({{"P", p, r.pressure_kpa, r.pressure_decimals}});
    if (r.gamma_kpa_per_c > 0) {
      ExpectAsPrinted(
          {{"gamma", PsychrometricConstantKpaPerC(p), r.gamma_kpa_per_c, r.gamma_decimals}});
    }
  }
}

TEST(WindTest, Example14TenMetreWindToTwoMetres) {
  ExpectAsPrinted({
      {"conversion factor", WindSpeedAt2mMPerS(1.0, 10), 0.75, 2},
      {"u2", WindSpeedAt2mMPerS(3.2, 10), 2.4, 1},
  });
}

TEST(WindTest, Example18TenKilometresPerHourAtTenMetres) {
  const double uz_m_per_s = 10.0 / 3.6;
  ExpectAsPrinted({
      {"uz", uz_m_per_s, 2.78, 2},
      {"conversion factor", WindSpeedAt2mMPerS(1.0, 10), 0.748, 3},
      {"u2", WindSpeedAt2mMPerS(uz_m_per_s, 10), 2.078, 3},
  });
}

}  // namespace
}  // namespace loka::agri
