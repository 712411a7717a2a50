#include "agri/et0.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "agri/atmosphere.h"
#include "agri/internal/check.h"
#include "agri/radiation.h"
#include "agri/soil_heat_flux.h"
#include "agri/vapour.h"
#include "agri/wind.h"

namespace loka::agri {

namespace {

using internal::CheckAtLeast;
using internal::CheckFinite;
using internal::CheckRange;
using internal::FormatNumber;

Status ValidateSite(const Site& site) {
  LOKA_RETURN_IF_ERROR(internal::CheckLatitude(site.lat_deg));
  return internal::CheckElevation(site.elevation_m);
}

Status ValidateOptions(const Et0Options& o) {
  LOKA_RETURN_IF_ERROR(CheckRange("angstrom_as", o.angstrom_as, 0, 1));
  LOKA_RETURN_IF_ERROR(CheckRange("angstrom_bs", o.angstrom_bs, 0, 1));
  if (o.angstrom_as + o.angstrom_bs > 1.0) {
    return InvalidArgument(
        "angstrom_as + angstrom_bs = " + FormatNumber(o.angstrom_as + o.angstrom_bs) +
        ": the clear-day fraction of Ra cannot exceed 1");
  }
  if (o.krs) LOKA_RETURN_IF_ERROR(CheckRange("krs", *o.krs, 0.1, 0.3));
  LOKA_RETURN_IF_ERROR(CheckRange("tmin_dewpoint_offset_c", o.tmin_dewpoint_offset_c, 0, 5));
  LOKA_RETURN_IF_ERROR(
      CheckRange("default_u2_m_per_s", o.default_u2_m_per_s, 0, internal::kMaxWindMPerS));
  return CheckRange("min_u2_m_per_s", o.min_u2_m_per_s, 0, 2);
}

Status ValidateWeather(const DailyWeather& w) {
  LOKA_RETURN_IF_ERROR(internal::CheckDayOfYear(w.doy));
  LOKA_RETURN_IF_ERROR(internal::CheckTemperatures(w.tmax_c, w.tmin_c));
  if (w.ea_kpa) {
    const double e_tmax = SaturationVapourPressureKpa(w.tmax_c);
    LOKA_RETURN_IF_ERROR(CheckFinite("ea_kpa", *w.ea_kpa));
    if (*w.ea_kpa < 0 || *w.ea_kpa > e_tmax) {
      return InvalidArgument("ea_kpa = " + FormatNumber(*w.ea_kpa) +
                             ": must be within [0, e°(tmax_c) = " + FormatNumber(e_tmax) + "]");
    }
  }
  if (w.tdew_c) {
    LOKA_RETURN_IF_ERROR(
        CheckRange("tdew_c", *w.tdew_c, internal::kMinAirTempC, internal::kMaxAirTempC));
    if (*w.tdew_c > w.tmax_c) {
      return InvalidArgument("tdew_c = " + FormatNumber(*w.tdew_c) +
                             " is above tmax_c = " + FormatNumber(w.tmax_c));
    }
  }
  if (w.rhmax_pct) LOKA_RETURN_IF_ERROR(CheckRange("rhmax_pct", *w.rhmax_pct, 0, 100));
  if (w.rhmin_pct) {
    LOKA_RETURN_IF_ERROR(CheckRange("rhmin_pct", *w.rhmin_pct, 0, 100));
    if (!w.rhmax_pct) {
      return InvalidArgument(
          "rhmin_pct given without rhmax_pct: FAO-56 Eq. 17 needs both; "
          "give rhmax_pct too, or rhmean_pct instead");
    }
    if (*w.rhmin_pct > *w.rhmax_pct) {
      return InvalidArgument("rhmin_pct = " + FormatNumber(*w.rhmin_pct) +
                             " is above rhmax_pct = " + FormatNumber(*w.rhmax_pct));
    }
  }
  if (w.rhmean_pct) LOKA_RETURN_IF_ERROR(CheckRange("rhmean_pct", *w.rhmean_pct, 0, 100));
  if (w.rs_mj_per_m2_day && w.sunshine_h) {
    return InvalidArgument("both rs_mj_per_m2_day and sunshine_h given: give one");
  }
  if (w.rs_mj_per_m2_day) {
    LOKA_RETURN_IF_ERROR(CheckAtLeast("rs_mj_per_m2_day", *w.rs_mj_per_m2_day, 0));
  }
  if (w.sunshine_h) LOKA_RETURN_IF_ERROR(CheckRange("sunshine_h", *w.sunshine_h, 0, 24));
  if (w.wind_m_per_s) {
    LOKA_RETURN_IF_ERROR(CheckRange("wind_m_per_s", *w.wind_m_per_s, 0, internal::kMaxWindMPerS));
  }
  LOKA_RETURN_IF_ERROR(CheckRange("wind_height_m", w.wind_height_m, 0.5, 100));
  return CheckRange("g_mj_per_m2_day", w.g_mj_per_m2_day, -20, 20);
}

// ea from the first humidity source present, in the order of FAO-56 Box 11.
void SetActualVapourPressure(const DailyWeather& w, const Et0Options& o, DailyEt0* r) {
  if (w.ea_kpa) {
    r->ea_kpa = *w.ea_kpa;
    r->humidity_source = HumiditySource::kMeasuredEa;
  } else if (w.tdew_c) {
    r->ea_kpa = ActualVapourPressureFromDewPointKpa(*w.tdew_c);  // FAO-56 Eq. 14
    r->humidity_source = HumiditySource::kDewPoint;
  } else if (w.rhmax_pct && w.rhmin_pct) {
    r->ea_kpa = ActualVapourPressureFromRhMaxMinKpa(w.tmax_c, w.tmin_c, *w.rhmax_pct,
                                                    *w.rhmin_pct);  // FAO-56 Eq. 17
    r->humidity_source = HumiditySource::kRhMaxMin;
  } else if (w.rhmax_pct) {
    r->ea_kpa = ActualVapourPressureFromRhMaxKpa(w.tmin_c, *w.rhmax_pct);  // FAO-56 Eq. 18
    r->humidity_source = HumiditySource::kRhMax;
  } else if (w.rhmean_pct) {
    r->ea_kpa =
        ActualVapourPressureFromRhMeanKpa(w.tmax_c, w.tmin_c, *w.rhmean_pct);  // FAO-56 Eq. 19
    r->humidity_source = HumiditySource::kRhMean;
  } else {
    r->ea_kpa =
        ActualVapourPressureFromTminKpa(w.tmin_c, o.tmin_dewpoint_offset_c);  // FAO-56 Eq. 48
    r->humidity_source = HumiditySource::kTmin;
  }
}

// Ra, N, Rs, Rso, Rs/Rso, Rns, Rnl and Rn (FAO-56 Box 10). Needs ea already set.
Status SetRadiation(const Site& site, const DailyWeather& w, const Et0Options& o, DailyEt0* r) {
  const double lat_rad = LatitudeRad(site.lat_deg);
  r->ra_mj_per_m2_day = ExtraterrestrialRadiationMjPerM2Day(lat_rad, w.doy);  // FAO-56 Eq. 21
  r->daylight_h = DaylightHours(lat_rad, w.doy);                              // FAO-56 Eq. 34
  r->rso_mj_per_m2_day =
      ClearSkyRadiationMjPerM2(r->ra_mj_per_m2_day, site.elevation_m);  // FAO-56 Eq. 37
  if (r->rso_mj_per_m2_day <= 0) {
    return InvalidArgument("no sunlight at lat_deg = " + FormatNumber(site.lat_deg) +
                           " on doy = " + std::to_string(w.doy) +
                           " (polar night): FAO-56 daily radiation equations do not apply");
  }
  if (w.rs_mj_per_m2_day) {
    if (*w.rs_mj_per_m2_day > r->ra_mj_per_m2_day) {
      return InvalidArgument("rs_mj_per_m2_day = " + FormatNumber(*w.rs_mj_per_m2_day) +
                             " exceeds the extraterrestrial radiation Ra = " +
                             FormatNumber(r->ra_mj_per_m2_day) + " of this latitude and day");
    }
    r->rs_mj_per_m2_day = *w.rs_mj_per_m2_day;
    r->radiation_source = RadiationSource::kMeasured;
  } else if (w.sunshine_h) {
    if (*w.sunshine_h > r->daylight_h) {
      return InvalidArgument("sunshine_h = " + FormatNumber(*w.sunshine_h) +
                             " exceeds the day length N = " + FormatNumber(r->daylight_h) +
                             " h of this latitude and day");
    }
    r->rs_mj_per_m2_day = SolarRadiationFromSunshineMjPerM2Day(*w.sunshine_h, r->daylight_h,
                                                               r->ra_mj_per_m2_day, o.angstrom_as,
                                                               o.angstrom_bs);  // FAO-56 Eq. 35
    r->radiation_source = RadiationSource::kSunshineHours;
  } else {
    const double krs =
        o.krs.value_or(site.exposure == Exposure::kCoastal ? kKrsCoastal : kKrsInterior);
    r->rs_mj_per_m2_day = std::min(
        SolarRadiationFromTemperatureMjPerM2Day(w.tmax_c, w.tmin_c, r->ra_mj_per_m2_day, krs),
        r->rso_mj_per_m2_day);  // FAO-56 Eq. 50, limited to Rso (p. 61)
    r->radiation_source = RadiationSource::kTemperatureRange;
  }
  r->rs_rso = RelativeShortwaveRadiation(r->rs_mj_per_m2_day, r->rso_mj_per_m2_day);
  r->rns_mj_per_m2_day = NetShortwaveRadiationMjPerM2(r->rs_mj_per_m2_day);  // FAO-56 Eq. 38
  r->sigma_tmax4_mj_per_m2_day = BlackBodyEmissionMjPerM2Day(w.tmax_c);
  r->sigma_tmin4_mj_per_m2_day = BlackBodyEmissionMjPerM2Day(w.tmin_c);
  r->humidity_factor = LongwaveHumidityFactor(r->ea_kpa);
  r->cloudiness_factor = LongwaveCloudinessFactor(r->rs_rso);
  r->rnl_mj_per_m2_day = NetLongwaveRadiationMjPerM2Day(w.tmax_c, w.tmin_c, r->ea_kpa,
                                                        r->rs_rso);   // FAO-56 Eq. 39
  r->rn_mj_per_m2_day = r->rns_mj_per_m2_day - r->rnl_mj_per_m2_day;  // FAO-56 Eq. 40
  return Status::Ok();
}

// The terms of FAO-56 Eq. 6 from Δ, γ, u2, es - ea, Rn, G and Tmean.
void CombinePenmanMonteith(DailyEt0* r) {
  const double denominator =
      r->delta_kpa_per_c + r->gamma_kpa_per_c * (1.0 + 0.34 * r->u2_m_per_s);  // Eq. 6
  r->radiation_weight = r->delta_kpa_per_c / denominator;
  r->aerodynamic_weight = r->gamma_kpa_per_c / denominator;
  r->wind_term = 900.0 / (r->tmean_c + 273.0) * r->u2_m_per_s;
  r->radiation_term_mm_per_day =
      kMmPerMjPerM2 * (r->rn_mj_per_m2_day - r->g_mj_per_m2_day) * r->radiation_weight;
  r->aerodynamic_term_mm_per_day = r->wind_term * r->vpd_kpa * r->aerodynamic_weight;
  r->et0_mm_per_day =
      (0.408 * r->delta_kpa_per_c * (r->rn_mj_per_m2_day - r->g_mj_per_m2_day) +
       r->gamma_kpa_per_c * 900.0 / (r->tmean_c + 273.0) * r->u2_m_per_s * r->vpd_kpa) /
      denominator;  // FAO-56 Eq. 6
  r->et0_mm_per_day = std::max(0.0, r->et0_mm_per_day);
}

}  // namespace

std::string_view HumiditySourceName(HumiditySource source) {
  switch (source) {
    case HumiditySource::kMeasuredEa:
      return "measured_ea";
    case HumiditySource::kDewPoint:
      return "dew_point";
    case HumiditySource::kRhMaxMin:
      return "rh_max_min";
    case HumiditySource::kRhMax:
      return "rh_max";
    case HumiditySource::kRhMean:
      return "rh_mean";
    case HumiditySource::kTmin:
      return "tmin_as_dew_point";
  }
  return "unknown";
}

std::string_view RadiationSourceName(RadiationSource source) {
  switch (source) {
    case RadiationSource::kMeasured:
      return "measured";
    case RadiationSource::kSunshineHours:
      return "sunshine_hours";
    case RadiationSource::kTemperatureRange:
      return "temperature_range";
  }
  return "unknown";
}

std::string_view WindSourceName(WindSource source) {
  switch (source) {
    case WindSource::kMeasured:
      return "measured";
    case WindSource::kDefault:
      return "default";
  }
  return "unknown";
}

Result<DailyEt0> Et0PenmanMonteithDaily(const Site& site, const DailyWeather& weather,
                                        const Et0Options& options) {
  LOKA_RETURN_IF_ERROR(ValidateSite(site));
  LOKA_RETURN_IF_ERROR(ValidateOptions(options));
  LOKA_RETURN_IF_ERROR(ValidateWeather(weather));
  const DailyWeather& w = weather;
  DailyEt0 r;
  r.tmean_c = (w.tmax_c + w.tmin_c) / 2.0;                           // FAO-56 Eq. 9
  r.pressure_kpa = AtmosphericPressureKpa(site.elevation_m);         // FAO-56 Eq. 7
  r.gamma_kpa_per_c = PsychrometricConstantKpaPerC(r.pressure_kpa);  // FAO-56 Eq. 8
  r.delta_kpa_per_c = SaturationSlopeKpaPerC(r.tmean_c);             // FAO-56 Eq. 13
  r.e_tmax_kpa = SaturationVapourPressureKpa(w.tmax_c);              // FAO-56 Eq. 11
  r.e_tmin_kpa = SaturationVapourPressureKpa(w.tmin_c);
  r.es_kpa = (r.e_tmax_kpa + r.e_tmin_kpa) / 2.0;  // FAO-56 Eq. 12
  SetActualVapourPressure(w, options, &r);
  r.vpd_kpa = r.es_kpa - r.ea_kpa;
  if (w.wind_m_per_s) {
    // Eq. 47 is skipped at exactly 2 m, where it would scale by 1.0002 instead of 1.
    r.u2_m_per_s = w.wind_height_m == 2.0
                       ? *w.wind_m_per_s
                       : WindSpeedAt2mMPerS(*w.wind_m_per_s, w.wind_height_m);  // Eq. 47
    r.wind_source = WindSource::kMeasured;
  } else {
    r.u2_m_per_s = options.default_u2_m_per_s;  // FAO-56 p. 63
    r.wind_source = WindSource::kDefault;
  }
  r.u2_m_per_s = std::max(r.u2_m_per_s, options.min_u2_m_per_s);  // FAO-56 p. 63
  LOKA_RETURN_IF_ERROR(SetRadiation(site, w, options, &r));
  r.g_mj_per_m2_day = w.g_mj_per_m2_day;  // FAO-56 Eq. 42 (≈ 0) unless the caller knows better
  CombinePenmanMonteith(&r);
  return r;
}

Result<DailyEt0> Et0PenmanMonteithMonthly(const Site& site, const MonthlyWeather& weather,
                                          const Et0Options& options) {
  DailyWeather day = weather.mean_day;
  LOKA_RETURN_IF_ERROR(internal::CheckTemperatures(day.tmax_c, day.tmin_c));
  const auto check_month = [](std::string_view name, const std::optional<double>& t) {
    return t ? CheckRange(name, *t, internal::kMinAirTempC, internal::kMaxAirTempC) : Status::Ok();
  };
  LOKA_RETURN_IF_ERROR(check_month("tmean_prev_month_c", weather.tmean_prev_month_c));
  LOKA_RETURN_IF_ERROR(check_month("tmean_next_month_c", weather.tmean_next_month_c));
  if (weather.tmean_prev_month_c && weather.tmean_next_month_c) {
    day.g_mj_per_m2_day = SoilHeatFluxMonthlyMjPerM2Day(
        *weather.tmean_prev_month_c, *weather.tmean_next_month_c);  // FAO-56 Eq. 43
  } else if (weather.tmean_prev_month_c) {
    day.g_mj_per_m2_day = SoilHeatFluxMonthlyFromPreviousMjPerM2Day(
        (day.tmax_c + day.tmin_c) / 2.0, *weather.tmean_prev_month_c);  // FAO-56 Eq. 44
  } else {
    day.g_mj_per_m2_day = 0;
  }
  return Et0PenmanMonteithDaily(site, day, options);
}

Result<double> Et0HargreavesMmPerDay(double lat_deg, int doy, double tmax_c, double tmin_c) {
  LOKA_RETURN_IF_ERROR(internal::CheckLatitude(lat_deg));
  LOKA_RETURN_IF_ERROR(internal::CheckDayOfYear(doy));
  LOKA_RETURN_IF_ERROR(internal::CheckTemperatures(tmax_c, tmin_c));
  const double ra_mm_per_day =
      kMmPerMjPerM2 * ExtraterrestrialRadiationMjPerM2Day(LatitudeRad(lat_deg), doy);
  const double tmean_c = (tmax_c + tmin_c) / 2.0;
  return 0.0023 * (tmean_c + 17.8) * std::sqrt(tmax_c - tmin_c) *
         ra_mm_per_day;  // FAO-56 Eq. 52 (Ra and ET0 in mm/day)
}

}  // namespace loka::agri
