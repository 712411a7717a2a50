// Grass reference evapotranspiration for hourly periods: the hourly FAO-56 Penman-Monteith
// equation (Eq. 53) with extraterrestrial radiation of the hour (Eq. 28-33), G = 0.1 Rn by day
// and 0.5 Rn by night (Eq. 45-46), and net longwave radiation at night using the Rs/Rso of the
// period 2-3 hours before sunset (FAO-56 p. 75). Thread contract: plain functions on values.
//
// Longitudes are east-positive; see radiation.h for how they map to FAO-56's Lz and Lm, which
// are degrees west of Greenwich. Example 19 (N'Diaye, 16°15'W, Lz = 15° W) is lon_deg = -16.25,
// tz_meridian_deg = -15.
#ifndef LOKA_AGRI_ET0_HOURLY_H_
#define LOKA_AGRI_ET0_HOURLY_H_

#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "agri/radiation.h"
#include "core/status.h"

namespace loka::agri {

struct HourlySite {
  double lat_deg = std::numeric_limits<double>::quiet_NaN();  // north positive, [-90, 90]
  double lon_deg = std::numeric_limits<double>::quiet_NaN();  // east positive, [-180, 180]
  // Centre of the local standard time zone, east positive: 15 × (UTC offset in hours).
  // [-360, 360]; the difference to lon_deg is taken modulo 360.
  double tz_meridian_deg = std::numeric_limits<double>::quiet_NaN();
  double elevation_m = 0;  // [-500, 9000]
};

// Means (temperature, humidity, wind) and totals (radiation) of one clock hour.
struct HourlyWeather {
  int doy = 0;  // 1..366
  // Local standard (not daylight-saving) clock time at the midpoint of the hour, [0, 24]:
  // 14.5 for 14:00-15:00.
  double clock_hour_mid = std::numeric_limits<double>::quiet_NaN();
  double t_c = std::numeric_limits<double>::quiet_NaN();
  double rh_pct = std::numeric_limits<double>::quiet_NaN();             // [0, 100]
  double wind_m_per_s = std::numeric_limits<double>::quiet_NaN();       // at wind_height_m
  double wind_height_m = 2.0;                                           // [0.5, 100]
  double rs_mj_per_m2_hour = std::numeric_limits<double>::quiet_NaN();  // measured, 0 at night
  // Rs/Rso to use for net longwave radiation when the sun is below the horizon, [0.3, 1.0].
  // FAO-56 p. 75: the ratio of the period 2-3 hours before sunset; roughly 0.4-0.6 in humid
  // and 0.7-0.8 in arid climates; 0.3 is total cloud cover. Required for a night hour in
  // Et0PenmanMonteithHourly; Et0PenmanMonteithHourlySeries carries it from the afternoon.
  std::optional<double> night_rs_rso;
};

// Hourly ET0 and every intermediate of FAO-56 Example 19.
struct HourlyEt0 {
  SolarPeriod sun;                     // ω, ω1, ω2, Sc, ωs, Ra (Eq. 28-33)
  bool daytime = false;                // sun above the horizon at the midpoint
  double pressure_kpa = 0;             // Eq. 7
  double gamma_kpa_per_c = 0;          // Eq. 8
  double delta_kpa_per_c = 0;          // Eq. 13 at T_hr
  double u2_m_per_s = 0;               // Eq. 47
  double e_t_kpa = 0;                  // e°(T_hr), Eq. 11
  double ea_kpa = 0;                   // Eq. 54
  double vpd_kpa = 0;                  // e°(T_hr) - ea
  double ra_mj_per_m2_hour = 0;        // Eq. 28
  double rso_mj_per_m2_hour = 0;       // Eq. 37
  double rs_mj_per_m2_hour = 0;        // measured
  double rs_rso = 0;                   // by day Rs/Rso limited to [0.3, 1]; by night as given
  double rns_mj_per_m2_hour = 0;       // Eq. 38
  double sigma_t4_mj_per_m2_hour = 0;  // σ T_hr,K^4 with σ = 4.903e-9 / 24 (p. 74)
  double humidity_factor = 0;          // 0.34 - 0.14 √ea (Eq. 39)
  double cloudiness_factor = 0;        // 1.35 Rs/Rso - 0.35 (Eq. 39)
  double rnl_mj_per_m2_hour = 0;       // Eq. 39, hourly form
  double rn_mj_per_m2_hour = 0;        // Eq. 40
  double g_mj_per_m2_hour = 0;         // Eq. 45 / 46
  double radiation_weight = 0;         // Δ / [Δ + γ (1 + 0.34 u2)]
  double aerodynamic_weight = 0;       // γ / [Δ + γ (1 + 0.34 u2)]
  double wind_term = 0;                // 37 u2 / (T_hr + 273)
  double radiation_term_mm_per_hour = 0;
  double aerodynamic_term_mm_per_hour = 0;
  double et0_mm_per_hour = 0;  // Eq. 53; may be slightly negative at night
  // True when this hour's midpoint is 2-3 h before sunset ((ωs - 0.79) <= ω <= (ωs - 0.52),
  // FAO-56 p. 75): its rs_rso is the one to carry into the following night.
  bool sets_night_rs_rso = false;
};

// FAO-56 hourly Penman-Monteith ET0 [mm/hour] (Eq. 53; Example 19). Fails with
// InvalidArgument naming the input for NaN or infinite values, RH outside [0, 100], negative
// wind or radiation, Rs above the hour's Ra by more than 0.02 MJ/m2 (a pyranometer's night
// offset; so Rs is about 0 when the sun is down), clock_hour_mid outside [0, 24], an
// impossible site or day of year, or a night hour without night_rs_rso.
Result<HourlyEt0> Et0PenmanMonteithHourly(const HourlySite& site, const HourlyWeather& weather);

// A run of consecutive hours. A night hour without its own night_rs_rso uses the Rs/Rso of
// the latest earlier hour with sets_night_rs_rso, or `initial_night_rs_rso` before there is
// one; if neither exists the call fails naming the hour's index.
Result<std::vector<HourlyEt0>> Et0PenmanMonteithHourlySeries(
    const HourlySite& site, std::span<const HourlyWeather> hours,
    std::optional<double> initial_night_rs_rso = std::nullopt);

}  // namespace loka::agri

#endif  // LOKA_AGRI_ET0_HOURLY_H_
