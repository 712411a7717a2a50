// FAO-56 chapter 3 radiation: Examples 7-12, 15 and the sun geometry of Example 19.
#include "agri/radiation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "agri/atmosphere.h"
#include "agri/soil_heat_flux.h"
#include "fao56_printed.h"

namespace loka::agri {
namespace {

TEST(RadiationTest, Example7LatitudeInRadians) {
  ExpectAsPrinted({
      {"Bangkok 13°44'N", LatitudeRad(13.0 + 44.0 / 60.0), 0.240, 3},
      {"Rio de Janeiro 22°54'S", LatitudeRad(-(22.0 + 54.0 / 60.0)), -0.400, 3},
  });
}

TEST(RadiationTest, Example8And9ExtraterrestrialRadiationAndDaylightHours) {
  const double lat = LatitudeRad(-20);
  const int doy = 246;  // 3 September
  const double decl = SolarDeclinationRad(doy);
  const double ra = ExtraterrestrialRadiationMjPerM2Day(lat, doy);
  ExpectAsPrinted({
      {"φ", lat, -0.35, 2},
      {"dr", InverseRelativeDistanceEarthSun(doy), 0.985, 3},
      {"δ", decl, 0.120, 3},
      {"ωs", SunsetHourAngleRad(lat, decl), 1.527, 3},
      {"sin φ sin δ", std::sin(lat) * std::sin(decl), -0.041, 3},
      {"cos φ cos δ", std::cos(lat) * std::cos(decl), 0.933, 3},
      {"Ra", ra, 32.2, 1},
      {"Ra as evaporation [mm/day]", kMmPerMjPerM2 * ra, 13.1, 1},
      {"N (Example 9)", DaylightHours(lat, doy), 11.7, 1},
  });
}

TEST(RadiationTest, Example10To12RioDeJaneiroInMay) {
  const double lat = LatitudeRad(-22.90);
  const int doy = 135;  // 15 May
  const double ra = ExtraterrestrialRadiationMjPerM2Day(lat, doy);
  const double n_h = DaylightHours(lat, doy);
  const double sunshine_h = 220.0 / 31.0;
  const double rs = SolarRadiationFromSunshineMjPerM2Day(sunshine_h, n_h, ra);
  // Example 11: Rso = 0.75 Ra (Eq. 36 with as + bs = 0.75, i.e. Eq. 37 at sea level).
  const double rso = ClearSkyRadiationCalibratedMjPerM2(ra, kAngstromAs, kAngstromBs);
  const double rs_rso = RelativeShortwaveRadiation(rs, rso);
  const double ea = 2.1;
  const double rnl = NetLongwaveRadiationMjPerM2Day(25.1, 19.1, ea, rs_rso);
  const double rns = NetShortwaveRadiationMjPerM2(rs);
  ExpectAsPrinted({
      {"Ra (Example 10)", ra, 25.1, 1},
      {"N", n_h, 10.9, 1},
      {"n", sunshine_h, 7.1, 1},
      {"Rs", rs, 14.5, 1},
      {"Rs as evaporation [mm/day]", kMmPerMjPerM2 * rs, 5.9, 1},
      {"Rso (Example 11)", rso, 18.8, 1},
      {"Rso from Eq. 37 at z = 0", ClearSkyRadiationMjPerM2(ra, 0), 18.8, 1},
      {"σ Tmax,K^4", BlackBodyEmissionMjPerM2Day(25.1), 38.8, 1},
      {"σ Tmin,K^4", BlackBodyEmissionMjPerM2Day(19.1), 35.8, 1},
      {"0.34 - 0.14 √ea", LongwaveHumidityFactor(ea), 0.14, 2},
      {"Rs/Rso", rs_rso, 0.77, 2},
      {"1.35 Rs/Rso - 0.35", LongwaveCloudinessFactor(rs_rso), 0.69, 2},
      {"Rnl", rnl, 3.5, 1},
      {"Rnl as evaporation [mm/day]", kMmPerMjPerM2 * rnl, 1.4, 1},
      {"Rns (Example 12)", rns, 11.1, 1},
      {"Rn", rns - rnl, 7.6, 1},
      {"Rn as evaporation [mm/day]", kMmPerMjPerM2 * (rns - rnl), 3.1, 1},
  });
}

TEST(RadiationTest, Example13MonthlySoilHeatFlux) {
  const double g = SoilHeatFluxMonthlyMjPerM2Day(14.1, 18.8);
  ExpectAsPrinted({
      {"G (Eq. 43)", g, 0.33, 2},
      {"G as evaporation [mm/day]", kMmPerMjPerM2 * g, 0.13, 2},
      {"G (Eq. 44, Example 17)", SoilHeatFluxMonthlyFromPreviousMjPerM2Day(30.2, 29.2), 0.14, 2},
  });
}

TEST(RadiationTest, Example15SolarRadiationFromTemperature) {
  const double ra = ExtraterrestrialRadiationMjPerM2Day(LatitudeRad(45.0 + 43.0 / 60.0), 196);
  const double rs = SolarRadiationFromTemperatureMjPerM2Day(26.6, 14.8, ra, kKrsInterior);
  ExpectAsPrinted({
      {"Ra", ra, 40.6, 1},
      {"Rs", rs, 22.3, 1},
      {"Rs as evaporation [mm/day]", kMmPerMjPerM2 * rs, 9.1, 1},
  });
}

TEST(RadiationTest, RelativeShortwaveRadiationIsLimited) {
  EXPECT_DOUBLE_EQ(RelativeShortwaveRadiation(30, 25), 1.0);  // FAO-56 Eq. 39: <= 1.0
  EXPECT_DOUBLE_EQ(RelativeShortwaveRadiation(1, 25), 0.3);   // FAO-56 p. 75: total cover
}

TEST(RadiationTest, Example19SunGeometryOfTwoHours) {
  // N'Diaye, Senegal: 16°13'N, 16°15'W; FAO-56 takes Lz = 15° W, Lm = 16.25° W.
  const double lat = LatitudeRad(16.0 + 13.0 / 60.0);
  const double lon_deg = -16.25;
  const double tz_meridian_deg = -15;
  const int doy = 274;  // 1 October
  const SolarPeriod night =
      ExtraterrestrialRadiationForPeriod(lat, lon_deg, tz_meridian_deg, doy, 2.5, 1.0);
  const SolarPeriod day =
      ExtraterrestrialRadiationForPeriod(lat, lon_deg, tz_meridian_deg, doy, 14.5, 1.0);
  const double b = 2.0 * std::numbers::pi * (doy - 81) / 364.0;
  ExpectAsPrinted({
      {"φ", lat, 0.2830, 4},
      {"dr", day.inverse_distance, 1.0001, 4},
      {"δ", day.declination_rad, -0.0753, 4},
      {"b", b, 3.3315, 4},
      {"Sc", day.seasonal_correction_h, 0.1889, 4},
      {"ω 02-03 h", night.omega_rad, -2.46, 2},
      {"ω 14-15 h", day.omega_rad, 0.682, 3},
      {"ω1 14-15 h", day.omega1_rad, 0.5512, 4},
      {"ω2 14-15 h", day.omega2_rad, 0.8130, 4},
      {"Ra 02-03 h", night.ra_mj_per_m2, 0, 3},
      {"Ra 14-15 h", day.ra_mj_per_m2, 3.543, 3},
      {"Rso 14-15 h", ClearSkyRadiationMjPerM2(day.ra_mj_per_m2, 8), 2.658, 3},
  });
  EXPECT_FALSE(night.sun_above_horizon);
  EXPECT_TRUE(day.sun_above_horizon);
}

TEST(RadiationTest, EastPositiveLongitudesMapToFaoWestLongitudes) {
  // FAO-56 Eq. 31 uses Lz - Lm in degrees west; with east-positive inputs that is
  // lon - tz_meridian, modulo 360. A site on its zone meridian has ω = π/12 (t + Sc - 12).
  const double lat = LatitudeRad(10);
  const SolarPeriod on_meridian = ExtraterrestrialRadiationForPeriod(lat, 30, 30, 100, 12.5, 1);
  EXPECT_NEAR(on_meridian.omega_rad, std::numbers::pi / 12 * (12.5 + SeasonalCorrectionH(100) - 12),
              1e-12);
  // Across the antimeridian: 179°E in the zone of 180° is 1° west of its meridian, like 1°W
  // in the zone of 0°; 179°W in that zone is 1° east of it, like 1°E.
  const SolarPeriod a = ExtraterrestrialRadiationForPeriod(lat, 179, -180, 100, 9.5, 1);
  const SolarPeriod b = ExtraterrestrialRadiationForPeriod(lat, -1, 0, 100, 9.5, 1);
  EXPECT_NEAR(a.omega_rad, b.omega_rad, 1e-12);
  const SolarPeriod c = ExtraterrestrialRadiationForPeriod(lat, -179, 180, 100, 9.5, 1);
  const SolarPeriod d = ExtraterrestrialRadiationForPeriod(lat, 1, 0, 100, 9.5, 1);
  EXPECT_NEAR(c.omega_rad, d.omega_rad, 1e-12);
  // A site 15° east of its zone meridian sees the sun one hour earlier.
  const SolarPeriod east = ExtraterrestrialRadiationForPeriod(lat, 45, 30, 100, 11.5, 1);
  EXPECT_NEAR(east.omega_rad, on_meridian.omega_rad, 1e-3);
}

TEST(RadiationTest, PeriodContainingSunsetCountsOnlyItsSunlitPart) {
  const double lat = LatitudeRad(0);
  // On the equator at the equinox the sun sets near 18:00 solar time.
  double total = 0;
  for (int h = 0; h < 24; ++h) {
    total += ExtraterrestrialRadiationForPeriod(lat, 0, 0, 80, h + 0.5, 1).ra_mj_per_m2;
  }
  // The hourly periods add up to the daily value within the error of the midpoint rule at
  // sunrise and sunset.
  EXPECT_NEAR(total, ExtraterrestrialRadiationMjPerM2Day(lat, 80), 0.5);
}

}  // namespace
}  // namespace loka::agri
