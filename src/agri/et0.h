// Grass reference evapotranspiration ET0 for days, ten-day periods and months: FAO-56
// Penman-Monteith (Eq. 6) with every intermediate exposed, the FAO-56 chapter 3 procedures for
// missing humidity, radiation and wind data, and the Hargreaves equation (Eq. 52).
// Hourly ET0 is in et0_hourly.h. Thread contract: plain functions on values, no shared state.
#ifndef LOKA_AGRI_ET0_H_
#define LOKA_AGRI_ET0_H_

#include <limits>
#include <optional>
#include <string_view>

#include "core/status.h"

namespace loka::agri {

// Where the station is, relative to large water bodies; selects krs of FAO-56 Eq. 50.
enum class Exposure {
  kInterior,  // krs 0.16: land mass dominates
  kCoastal,   // krs 0.19: air masses influenced by a nearby water body
};

struct Site {
  double lat_deg = std::numeric_limits<double>::quiet_NaN();  // north positive, [-90, 90]
  double elevation_m = 0;                                     // [-500, 9000]
  Exposure exposure = Exposure::kInterior;
};

// One day's weather, or the mean day of a ten-day period or month. Temperatures are required;
// everything else may be missing and is then estimated as FAO-56 chapter 3 describes.
struct DailyWeather {
  int doy = 0;  // day of year J, 1..366 (for a month: its 15th day, FAO-56 Table 2.5)
  double tmax_c = std::numeric_limits<double>::quiet_NaN();
  double tmin_c = std::numeric_limits<double>::quiet_NaN();  // <= tmax_c
  // Humidity: the first present source in this order is used (FAO-56 Box 11 order):
  std::optional<double> ea_kpa;      // actual vapour pressure, measured
  std::optional<double> tdew_c;      // Eq. 14
  std::optional<double> rhmax_pct;   // with rhmin_pct: Eq. 17; alone: Eq. 18
  std::optional<double> rhmin_pct;   // only together with rhmax_pct
  std::optional<double> rhmean_pct;  // Eq. 19
  // ... and none of them: Tdew ≈ Tmin (Eq. 48).
  // Radiation: at most one of these; neither: Hargreaves' radiation formula (Eq. 50).
  std::optional<double> rs_mj_per_m2_day;  // measured solar radiation
  std::optional<double> sunshine_h;        // measured sunshine duration n, Eq. 35
  // Wind: measured at wind_height_m (converted by Eq. 47); missing: Et0Options default.
  std::optional<double> wind_m_per_s;
  double wind_height_m = 2.0;  // [0.5, 100]
  // Soil heat flux; ≈ 0 for days and ten-day periods (Eq. 42). Et0PenmanMonteithMonthly
  // computes it for months.
  double g_mj_per_m2_day = 0;
};

struct Et0Options {
  // Angstrom coefficients of Eq. 35. Default: the uncalibrated 0.25 / 0.50 FAO-56 recommends.
  double angstrom_as = 0.25;
  double angstrom_bs = 0.50;
  // krs of Eq. 50; default from Site::exposure (0.16 interior, 0.19 coastal).
  std::optional<double> krs;
  // Tdew = Tmin - offset when humidity is missing (Eq. 48): 0 for well-watered stations,
  // 2-3 °C in arid regions. Allowed [0, 5].
  double tmin_dewpoint_offset_c = 0;
  // Wind at 2 m used when wind is missing: 2 m/s, the average of 2 000 stations (FAO-56 p. 63).
  double default_u2_m_per_s = 2.0;
  // u2 is limited to >= 0.5 m/s in Eq. 6 to account for buoyant exchange in calm air
  // (FAO-56 p. 63). Set to 0 to disable.
  double min_u2_m_per_s = 0.5;
};

enum class HumiditySource { kMeasuredEa, kDewPoint, kRhMaxMin, kRhMax, kRhMean, kTmin };
enum class RadiationSource { kMeasured, kSunshineHours, kTemperatureRange };
enum class WindSource { kMeasured, kDefault };

// Stable lower-case names for JSON and logs ("rh_max_min", "sunshine_hours", ...).
std::string_view HumiditySourceName(HumiditySource source);
std::string_view RadiationSourceName(RadiationSource source);
std::string_view WindSourceName(WindSource source);

// ET0 and every intermediate of FAO-56 Box 11, in the order the paper prints them.
struct DailyEt0 {
  double tmean_c = 0;                      // (Tmax + Tmin) / 2, Eq. 9
  double pressure_kpa = 0;                 // P, Eq. 7
  double gamma_kpa_per_c = 0;              // γ, Eq. 8
  double delta_kpa_per_c = 0;              // Δ at Tmean, Eq. 13
  double u2_m_per_s = 0;                   // wind at 2 m as used in Eq. 6 (Eq. 47, limited below)
  double e_tmax_kpa = 0;                   // e°(Tmax), Eq. 11
  double e_tmin_kpa = 0;                   // e°(Tmin), Eq. 11
  double es_kpa = 0;                       // Eq. 12
  double ea_kpa = 0;                       // Eq. 14 / 17 / 18 / 19 / 48 or measured
  double vpd_kpa = 0;                      // es - ea
  double ra_mj_per_m2_day = 0;             // Eq. 21
  double daylight_h = 0;                   // N, Eq. 34
  double rs_mj_per_m2_day = 0;             // measured, Eq. 35 or Eq. 50 (limited to Rso)
  double rso_mj_per_m2_day = 0;            // Eq. 37
  double rs_rso = 0;                       // Rs/Rso limited to [0.3, 1.0]
  double rns_mj_per_m2_day = 0;            // Eq. 38
  double sigma_tmax4_mj_per_m2_day = 0;    // σ Tmax,K^4 (Eq. 39, Table 2.8)
  double sigma_tmin4_mj_per_m2_day = 0;    // σ Tmin,K^4
  double humidity_factor = 0;              // 0.34 - 0.14 √ea (Eq. 39)
  double cloudiness_factor = 0;            // 1.35 Rs/Rso - 0.35 (Eq. 39)
  double rnl_mj_per_m2_day = 0;            // Eq. 39
  double rn_mj_per_m2_day = 0;             // Eq. 40
  double g_mj_per_m2_day = 0;              // Eq. 42 / 43 / 44
  double radiation_weight = 0;             // Δ / [Δ + γ (1 + 0.34 u2)]
  double aerodynamic_weight = 0;           // γ / [Δ + γ (1 + 0.34 u2)]
  double wind_term = 0;                    // 900 u2 / (T + 273)
  double radiation_term_mm_per_day = 0;    // 0.408 (Rn - G) Δ / [...]
  double aerodynamic_term_mm_per_day = 0;  // 900 u2 (es - ea) / (T + 273) γ / [...]
  // Eq. 6 limited to >= 0: ET0 is a loss of water, and a negative Eq. 6 comes only from a day
  // whose net radiation is negative (e.g. Rs estimated as 0 from Tmax = Tmin while Rnl uses
  // the Rs/Rso floor of 0.3); the terms above keep their signs.
  double et0_mm_per_day = 0;
  HumiditySource humidity_source = HumiditySource::kMeasuredEa;
  RadiationSource radiation_source = RadiationSource::kMeasured;
  WindSource wind_source = WindSource::kMeasured;
};

// FAO-56 Penman-Monteith ET0 [mm/day] for a day or the mean day of a ten-day period
// (FAO-56 Eq. 6; Examples 18 and 20). Fails with InvalidArgument naming the input for NaN or
// infinite values, tmin > tmax, RH outside [0, 100] or rhmin > rhmax, rhmin without rhmax,
// dewpoint above tmax, ea above e°(tmax), both rs and sunshine given, sunshine longer than the
// day length N, rs above Ra, negative wind, an impossible site or day of year.
Result<DailyEt0> Et0PenmanMonteithDaily(const Site& site, const DailyWeather& weather,
                                        const Et0Options& options = {});

// A month: monthly means of the daily values plus the mean temperatures of the neighbouring
// months for the soil heat flux.
struct MonthlyWeather {
  DailyWeather mean_day;  // doy = the 15th of the month; its g_mj_per_m2_day is ignored
  std::optional<double> tmean_prev_month_c;
  std::optional<double> tmean_next_month_c;
};

// FAO-56 Penman-Monteith ET0 [mm/day] for a month (Example 17). G from Eq. 43 when both
// neighbouring months are known, Eq. 44 when only the previous one is (with this month's
// Tmean = (Tmax + Tmin) / 2), else 0. Same errors as Et0PenmanMonteithDaily.
Result<DailyEt0> Et0PenmanMonteithMonthly(const Site& site, const MonthlyWeather& weather,
                                          const Et0Options& options = {});

// Hargreaves ET0 [mm/day] from temperatures and Ra alone (FAO-56 Eq. 52), for when solar
// radiation, humidity and wind are all missing. FAO-56 prefers Eq. 6 with estimated data
// (Example 20: 4.6 mm/day against 5.0 by Eq. 52). Fails on the same site and temperature
// errors as Et0PenmanMonteithDaily.
Result<double> Et0HargreavesMmPerDay(double lat_deg, int doy, double tmax_c, double tmin_c);

}  // namespace loka::agri

#endif  // LOKA_AGRI_ET0_H_
