#include "agri/et0_hourly.h"

#include <string>

#include "agri/atmosphere.h"
#include "agri/internal/check.h"
#include "agri/soil_heat_flux.h"
#include "agri/vapour.h"
#include "agri/wind.h"

namespace loka::agri {

namespace {

using internal::CheckAtLeast;
using internal::CheckRange;

// Width of the FAO-56 p. 75 window "2-3 hours before sunset", in hour-angle radians.
constexpr double kNightRatioWindowStartRad = 0.79;
constexpr double kNightRatioWindowEndRad = 0.52;

// How far a measured hourly Rs may exceed the hour's Ra before it is refused, as the daily
// equation refuses Rs > Ra: 0.02 MJ/m2 in an hour is a mean 5.6 W/m2, the size of a
// pyranometer's zero offset at night (ISO 9060 allows a few W/m2), so a night hour logged as
// 2-5 W/m2 still passes while a wrong unit or a misplaced decimal does not.
constexpr double kRsAboveRaToleranceMjPerM2Hour = 0.02;

Status ValidateHourlySite(const HourlySite& site) {
  LOKA_RETURN_IF_ERROR(internal::CheckLatitude(site.lat_deg));
  LOKA_RETURN_IF_ERROR(CheckRange("lon_deg", site.lon_deg, -180, 180));
  LOKA_RETURN_IF_ERROR(CheckRange("tz_meridian_deg", site.tz_meridian_deg, -360, 360));
  return internal::CheckElevation(site.elevation_m);
}

Status ValidateHourlyWeather(const HourlyWeather& w) {
  LOKA_RETURN_IF_ERROR(internal::CheckDayOfYear(w.doy));
  LOKA_RETURN_IF_ERROR(CheckRange("clock_hour_mid", w.clock_hour_mid, 0, 24));
  LOKA_RETURN_IF_ERROR(CheckRange("t_c", w.t_c, internal::kMinAirTempC, internal::kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(CheckRange("rh_pct", w.rh_pct, 0, 100));
  LOKA_RETURN_IF_ERROR(CheckRange("wind_m_per_s", w.wind_m_per_s, 0, internal::kMaxWindMPerS));
  LOKA_RETURN_IF_ERROR(CheckRange("wind_height_m", w.wind_height_m, 0.5, 100));
  LOKA_RETURN_IF_ERROR(CheckAtLeast("rs_mj_per_m2_hour", w.rs_mj_per_m2_hour, 0));
  if (w.night_rs_rso) LOKA_RETURN_IF_ERROR(CheckRange("night_rs_rso", *w.night_rs_rso, 0.3, 1.0));
  return Status::Ok();
}

}  // namespace

Result<HourlyEt0> Et0PenmanMonteithHourly(const HourlySite& site, const HourlyWeather& weather) {
  LOKA_RETURN_IF_ERROR(ValidateHourlySite(site));
  LOKA_RETURN_IF_ERROR(ValidateHourlyWeather(weather));
  const HourlyWeather& w = weather;
  HourlyEt0 r;
  r.sun = ExtraterrestrialRadiationForPeriod(LatitudeRad(site.lat_deg), site.lon_deg,
                                             site.tz_meridian_deg, w.doy, w.clock_hour_mid,
                                             1.0);  // FAO-56 Eq. 28-33
  r.daytime = r.sun.sun_above_horizon;
  const double ws = r.sun.sunset_hour_angle_rad;
  r.sets_night_rs_rso = r.daytime && r.sun.omega_rad >= ws - kNightRatioWindowStartRad &&
                        r.sun.omega_rad <= ws - kNightRatioWindowEndRad;  // FAO-56 p. 75
  r.pressure_kpa = AtmosphericPressureKpa(site.elevation_m);              // FAO-56 Eq. 7
  r.gamma_kpa_per_c = PsychrometricConstantKpaPerC(r.pressure_kpa);       // FAO-56 Eq. 8
  r.delta_kpa_per_c = SaturationSlopeKpaPerC(w.t_c);                      // FAO-56 Eq. 13
  r.u2_m_per_s =
      w.wind_height_m == 2.0 ? w.wind_m_per_s : WindSpeedAt2mMPerS(w.wind_m_per_s, w.wind_height_m);
  r.e_t_kpa = SaturationVapourPressureKpa(w.t_c);             // FAO-56 Eq. 11
  r.ea_kpa = ActualVapourPressureHourlyKpa(w.t_c, w.rh_pct);  // FAO-56 Eq. 54
  r.vpd_kpa = r.e_t_kpa - r.ea_kpa;
  r.ra_mj_per_m2_hour = r.sun.ra_mj_per_m2;
  r.rso_mj_per_m2_hour = ClearSkyRadiationMjPerM2(r.ra_mj_per_m2_hour, site.elevation_m);
  r.rs_mj_per_m2_hour = w.rs_mj_per_m2_hour;
  if (r.rs_mj_per_m2_hour > r.ra_mj_per_m2_hour + kRsAboveRaToleranceMjPerM2Hour) {
    return InvalidArgument(
        "rs_mj_per_m2_hour = " + internal::FormatNumber(r.rs_mj_per_m2_hour) +
        " exceeds the extraterrestrial radiation Ra = " +
        internal::FormatNumber(r.ra_mj_per_m2_hour) + " of this hour (doy = " +
        std::to_string(w.doy) + ", clock_hour_mid = " + internal::FormatNumber(w.clock_hour_mid) +
        (r.daytime ? ")" : "; the sun is below the horizon, so Rs must be about 0)"));
  }
  if (r.daytime && r.rso_mj_per_m2_hour > 0) {
    r.rs_rso = RelativeShortwaveRadiation(r.rs_mj_per_m2_hour, r.rso_mj_per_m2_hour);
  } else if (w.night_rs_rso) {
    r.rs_rso = *w.night_rs_rso;
  } else {
    return InvalidArgument(
        "night_rs_rso: required for an hour with the sun below the horizon (doy = " +
        std::to_string(w.doy) + ", clock_hour_mid = " + internal::FormatNumber(w.clock_hour_mid) +
        "); FAO-56 p. 75: use Rs/Rso of the period 2-3 h before sunset, or 0.4-0.6 (humid) / "
        "0.7-0.8 (arid)");
  }
  r.rns_mj_per_m2_hour = NetShortwaveRadiationMjPerM2(r.rs_mj_per_m2_hour);  // FAO-56 Eq. 38
  r.sigma_t4_mj_per_m2_hour = BlackBodyEmissionMjPerM2Day(w.t_c) / 24.0;     // FAO-56 p. 74
  r.humidity_factor = LongwaveHumidityFactor(r.ea_kpa);
  r.cloudiness_factor = LongwaveCloudinessFactor(r.rs_rso);
  r.rnl_mj_per_m2_hour =
      NetLongwaveRadiationMjPerM2Hour(w.t_c, r.ea_kpa, r.rs_rso);     // FAO-56 Eq. 39 (p. 74)
  r.rn_mj_per_m2_hour = r.rns_mj_per_m2_hour - r.rnl_mj_per_m2_hour;  // FAO-56 Eq. 40
  r.g_mj_per_m2_hour =
      SoilHeatFluxHourlyMjPerM2(r.rn_mj_per_m2_hour, r.daytime);  // FAO-56 Eq. 45 / 46
  const double denominator = r.delta_kpa_per_c + r.gamma_kpa_per_c * (1.0 + 0.34 * r.u2_m_per_s);
  r.radiation_weight = r.delta_kpa_per_c / denominator;
  r.aerodynamic_weight = r.gamma_kpa_per_c / denominator;
  r.wind_term = 37.0 / (w.t_c + 273.0) * r.u2_m_per_s;
  r.radiation_term_mm_per_hour =
      kMmPerMjPerM2 * (r.rn_mj_per_m2_hour - r.g_mj_per_m2_hour) * r.radiation_weight;
  r.aerodynamic_term_mm_per_hour = r.wind_term * r.vpd_kpa * r.aerodynamic_weight;
  r.et0_mm_per_hour = (0.408 * r.delta_kpa_per_c * (r.rn_mj_per_m2_hour - r.g_mj_per_m2_hour) +
                       r.gamma_kpa_per_c * 37.0 / (w.t_c + 273.0) * r.u2_m_per_s * r.vpd_kpa) /
                      denominator;  // FAO-56 Eq. 53
  return r;
}

Result<std::vector<HourlyEt0>> Et0PenmanMonteithHourlySeries(
    const HourlySite& site, std::span<const HourlyWeather> hours,
    std::optional<double> initial_night_rs_rso) {
  if (initial_night_rs_rso) {
    LOKA_RETURN_IF_ERROR(CheckRange("initial_night_rs_rso", *initial_night_rs_rso, 0.3, 1.0));
  }
  std::optional<double> carried = initial_night_rs_rso;
  std::vector<HourlyEt0> out;
  out.reserve(hours.size());
  for (size_t i = 0; i < hours.size(); ++i) {
    HourlyWeather w = hours[i];
    if (!w.night_rs_rso) w.night_rs_rso = carried;
    Result<HourlyEt0> r = Et0PenmanMonteithHourly(site, w);
    if (!r.ok()) return r.status().WithPrefix("hour " + std::to_string(i));
    if (r->sets_night_rs_rso) carried = r->rs_rso;
    out.push_back(*r);
  }
  return out;
}

}  // namespace loka::agri
