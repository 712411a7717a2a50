#include "agri/radiation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace loka::agri {

namespace {

constexpr double kPi = std::numbers::pi;

double Kelvin4(double t_c) {
  const double k = t_c + 273.16;  // FAO-56 Eq. 39 uses K = °C + 273.16
  return k * k * k * k;
}

// Wraps an angle into [-π, π).
double WrapPi(double a) {
  a = std::fmod(a + kPi, 2.0 * kPi);
  if (a < 0) a += 2.0 * kPi;
  return a - kPi;
}

// Wraps degrees into [-180, 180).
double Wrap180(double deg) {
  deg = std::fmod(deg + 180.0, 360.0);
  if (deg < 0) deg += 360.0;
  return deg - 180.0;
}

}  // namespace

double LatitudeRad(double lat_deg) { return kPi / 180.0 * lat_deg; }  // FAO-56 Eq. 22

double InverseRelativeDistanceEarthSun(int doy) {
  return 1.0 + 0.033 * std::cos(2.0 * kPi / 365.0 * doy);  // FAO-56 Eq. 23
}

double SolarDeclinationRad(int doy) {
  return 0.409 * std::sin(2.0 * kPi / 365.0 * doy - 1.39);  // FAO-56 Eq. 24
}

double SunsetHourAngleRad(double lat_rad, double declination_rad) {
  const double x = -std::tan(lat_rad) * std::tan(declination_rad);
  return std::acos(std::clamp(x, -1.0, 1.0));  // FAO-56 Eq. 25
}

double ExtraterrestrialRadiationMjPerM2Day(double lat_rad, int doy) {
  const double dr = InverseRelativeDistanceEarthSun(doy);
  const double decl = SolarDeclinationRad(doy);
  const double ws = SunsetHourAngleRad(lat_rad, decl);
  return 24.0 * 60.0 / kPi * kSolarConstantMjPerM2Min * dr *
         (ws * std::sin(lat_rad) * std::sin(decl) +
          std::cos(lat_rad) * std::cos(decl) * std::sin(ws));  // FAO-56 Eq. 21
}

double DaylightHours(double lat_rad, int doy) {
  return 24.0 / kPi * SunsetHourAngleRad(lat_rad, SolarDeclinationRad(doy));  // FAO-56 Eq. 34
}

double SolarRadiationFromSunshineMjPerM2Day(double sunshine_h, double daylight_h,
                                            double ra_mj_per_m2_day, double as, double bs) {
  return (as + bs * sunshine_h / daylight_h) * ra_mj_per_m2_day;  // FAO-56 Eq. 35
}

double SolarRadiationFromTemperatureMjPerM2Day(double tmax_c, double tmin_c,
                                               double ra_mj_per_m2_day, double krs) {
  return krs * std::sqrt(tmax_c - tmin_c) * ra_mj_per_m2_day;  // FAO-56 Eq. 50
}

double ClearSkyRadiationMjPerM2(double ra_mj_per_m2, double elevation_m) {
  return (0.75 + 2e-5 * elevation_m) * ra_mj_per_m2;  // FAO-56 Eq. 37
}

double ClearSkyRadiationCalibratedMjPerM2(double ra_mj_per_m2, double as, double bs) {
  return (as + bs) * ra_mj_per_m2;  // FAO-56 Eq. 36
}

double NetShortwaveRadiationMjPerM2(double rs_mj_per_m2, double albedo) {
  return (1.0 - albedo) * rs_mj_per_m2;  // FAO-56 Eq. 38
}

double RelativeShortwaveRadiation(double rs_mj_per_m2, double rso_mj_per_m2) {
  // <= 1.0: FAO-56 Eq. 39 note; >= 0.3: total cloud cover, FAO-56 p. 75.
  return std::clamp(rs_mj_per_m2 / rso_mj_per_m2, 0.3, 1.0);
}

double BlackBodyEmissionMjPerM2Day(double t_c) {
  return kStefanBoltzmannMjPerK4M2Day * Kelvin4(t_c);  // FAO-56 Eq. 39, Table 2.8
}

double LongwaveHumidityFactor(double ea_kpa) {
  return 0.34 - 0.14 * std::sqrt(ea_kpa);  // FAO-56 Eq. 39
}

double LongwaveCloudinessFactor(double rs_rso) { return 1.35 * rs_rso - 0.35; }  // Eq. 39

double NetLongwaveRadiationMjPerM2Day(double tmax_c, double tmin_c, double ea_kpa, double rs_rso) {
  return (BlackBodyEmissionMjPerM2Day(tmax_c) + BlackBodyEmissionMjPerM2Day(tmin_c)) / 2.0 *
         LongwaveHumidityFactor(ea_kpa) * LongwaveCloudinessFactor(rs_rso);  // FAO-56 Eq. 39
}

double NetLongwaveRadiationMjPerM2Hour(double t_c, double ea_kpa, double rs_rso) {
  return kStefanBoltzmannMjPerK4M2Hour * Kelvin4(t_c) * LongwaveHumidityFactor(ea_kpa) *
         LongwaveCloudinessFactor(rs_rso);  // FAO-56 Eq. 39, hourly form of p. 74
}

double SeasonalCorrectionH(int doy) {
  const double b = 2.0 * kPi * (doy - 81) / 364.0;                                 // FAO-56 Eq. 33
  return 0.1645 * std::sin(2.0 * b) - 0.1255 * std::cos(b) - 0.025 * std::sin(b);  // FAO-56 Eq. 32
}

SolarPeriod ExtraterrestrialRadiationForPeriod(double lat_rad, double lon_deg,
                                               double tz_meridian_deg, int doy,
                                               double clock_hour_mid, double period_h) {
  SolarPeriod p;
  p.declination_rad = SolarDeclinationRad(doy);
  p.inverse_distance = InverseRelativeDistanceEarthSun(doy);
  p.seasonal_correction_h = SeasonalCorrectionH(doy);
  p.sunset_hour_angle_rad = SunsetHourAngleRad(lat_rad, p.declination_rad);
  // FAO-56 Eq. 31 with Lz - Lm (degrees west) = lon_deg - tz_meridian_deg (east-positive).
  const double lz_minus_lm_deg = Wrap180(lon_deg - tz_meridian_deg);
  p.omega_rad = WrapPi(kPi / 12.0 *
                       ((clock_hour_mid + 0.06667 * lz_minus_lm_deg + p.seasonal_correction_h) -
                        12.0));                        // FAO-56 Eq. 31
  p.omega1_rad = p.omega_rad - kPi * period_h / 24.0;  // FAO-56 Eq. 29
  p.omega2_rad = p.omega_rad + kPi * period_h / 24.0;  // FAO-56 Eq. 30
  const double ws = p.sunset_hour_angle_rad;
  p.sun_above_horizon = p.omega_rad > -ws && p.omega_rad < ws;
  if (!p.sun_above_horizon) return p;  // Ra = 0 (FAO-56 text under Eq. 31)
  const double w1 = std::clamp(p.omega1_rad, -ws, ws);
  const double w2 = std::clamp(p.omega2_rad, -ws, ws);
  const double ra = 12.0 * 60.0 / kPi * kSolarConstantMjPerM2Min * p.inverse_distance *
                    ((w2 - w1) * std::sin(lat_rad) * std::sin(p.declination_rad) +
                     std::cos(lat_rad) * std::cos(p.declination_rad) *
                         (std::sin(w2) - std::sin(w1)));  // FAO-56 Eq. 28
  p.ra_mj_per_m2 = std::max(0.0, ra);
  return p;
}

}  // namespace loka::agri
