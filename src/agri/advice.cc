#include "agri/advice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "agri/internal/check.h"
#include "agri/season.h"
#include "agri/timestamp.h"

namespace loka::agri {
namespace {

using internal::CheckRange;
using internal::FormatNumber;

bool IsCoolSeason(const Crop& crop) {
  for (std::string_view id :
       {"wheat_spring", "beans_dry", "tomato", "pepper", "lentil", "chickpea", "cabbage"}) {
    if (crop.id == id) return true;
  }
  return false;
}

bool HasTemperatures(const DailyWeather& w) {
  return std::isfinite(w.tmax_c) && std::isfinite(w.tmin_c);
}

bool OnlyTemperatures(const DailyWeather& w) {
  return !w.ea_kpa && !w.tdew_c && !w.rhmax_pct && !w.rhmin_pct && !w.rhmean_pct &&
         !w.rs_mj_per_m2_day && !w.sunshine_h && !w.wind_m_per_s;
}

// Mean of the last `window` values of `history` (0 when empty).
double RecentMean(const std::vector<double>& history, int window) {
  if (history.empty()) return 0;
  const size_t n = std::min(history.size(), static_cast<size_t>(std::max(1, window)));
  double sum = 0;
  for (size_t i = history.size() - n; i < history.size(); ++i) sum += history[i];
  return sum / static_cast<double>(n);
}

std::string Mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

Status CheckIncreasing(std::span<const FieldWeatherDay> days) {
  for (size_t i = 1; i < days.size(); ++i) {
    if (days[i].day <= days[i - 1].day) {
      return InvalidArgument("weather day " + FormatDate(days[i].day) + " does not follow " +
                             FormatDate(days[i - 1].day) + ": days must be strictly increasing");
    }
  }
  return Status::Ok();
}

// Everything about the field that does not change from day to day, validated once.
struct Prepared {
  const Crop* crop = nullptr;
  KcCurve curve;
  double max_root_m = 0;
  double initial_root_m = 0;
  double heat_c = 0;
  GddOptions gdd;
  double wetted_fraction = 1;
  BalanceOptions balance;
};

Result<Prepared> Prepare(const FieldSetup& field, const AdviceOptions& options) {
  if (field.crop == nullptr) return InvalidArgument("field has no crop");
  Prepared p;
  p.crop = field.crop;
  p.curve = field.crop->curve;
  p.max_root_m = field.max_root_depth_m.value_or(field.crop->root_depth_min_m);
  LOKA_RETURN_IF_ERROR(CheckRange("max_root_depth_m", p.max_root_m, 0.05, 10));
  p.initial_root_m = DefaultInitialRootDepthM(*field.crop, p.max_root_m);
  LOKA_RETURN_IF_ERROR(TotalAvailableWaterMm(field.soil, p.max_root_m).status());
  p.heat_c = field.heat_alert_at_or_above_c.value_or(DefaultHeatThresholdC(*field.crop));
  LOKA_RETURN_IF_ERROR(CheckRange("heat_alert_at_or_above_c", p.heat_c, 0, 60));
  p.gdd = field.gdd.value_or(DefaultGddOptions(*field.crop));
  p.wetted_fraction =
      field.wetted_fraction.value_or(DefaultWettedFraction(field.irrigation.method));
  LOKA_RETURN_IF_ERROR(CheckRange("wetted_fraction", p.wetted_fraction, 0.01, 1));
  LOKA_RETURN_IF_ERROR(CheckRange("initial_depletion_mm", field.initial_depletion_mm, 0, 10000));
  LOKA_RETURN_IF_ERROR(CheckRange("outlook_days", options.outlook_days, 0, 366));
  // The policy is checked by AdviseIrrigation; check it once here so a bad one fails early.
  LOKA_RETURN_IF_ERROR(AdviseIrrigation(0, 10, 5, field.irrigation).status());
  p.balance.rain_rule = options.rain_rule;
  p.balance.wetting_time = WettingTime::kEarlyInDay;
  return p;
}

// The crop's state on one season day: Kc, Zr, p, TAW, RAW.
struct DayCrop {
  KcOnDay kc;
  double root_depth_m = 0;
  double p = 0;
  double taw_mm = 0;
  double raw_mm = 0;
};

Result<DayCrop> CropOnDay(const Prepared& p, const Soil& soil, int season_day, double et0_mm) {
  DayCrop d;
  LOKA_ASSIGN_OR_RETURN(d.kc, KcForDay(p.curve, season_day));
  d.root_depth_m = RootDepthOnDayM(p.curve, season_day, p.initial_root_m, p.max_root_m);
  d.p = DepletionFractionForEtc(p.crop->p, d.kc.kc * et0_mm);
  LOKA_ASSIGN_OR_RETURN(d.taw_mm, TotalAvailableWaterMm(soil, d.root_depth_m));
  d.raw_mm = ReadilyAvailableWaterMm(d.taw_mm, d.p);
  return d;
}

void AddThermalAlerts(const Prepared& p, const FieldSetup& field, const FieldWeatherDay& w,
                      std::vector<ThermalAlert>* alerts) {
  const std::string date = FormatDate(w.day);
  if (std::isfinite(w.weather.tmin_c)) {
    Result<AlertLevel> frost = FrostAlert(w.weather.tmin_c, field.frost);
    if (frost.ok() && *frost != AlertLevel::kNone) {
      const bool hard = *frost == AlertLevel::kAlert;
      const double threshold =
          hard ? field.frost.alert_at_or_below_c : field.frost.warning_at_or_below_c;
      alerts->push_back({w.day, ThermalAlertKind::kFrost, *frost, w.weather.tmin_c, threshold,
                         date + ": Tmin " + FormatNumber(w.weather.tmin_c) + " °C is at or below " +
                             FormatNumber(threshold) + " °C (" +
                             (hard ? "air frost" : "ground frost likely") + ")"});
    }
  }
  if (std::isfinite(w.weather.tmax_c)) {
    Result<AlertLevel> heat = HeatStressAlert(w.weather.tmax_c, {p.heat_c});
    if (heat.ok() && *heat != AlertLevel::kNone) {
      alerts->push_back({w.day, ThermalAlertKind::kHeat, *heat, w.weather.tmax_c, p.heat_c,
                         date + ": Tmax " + FormatNumber(w.weather.tmax_c) + " °C is at or above " +
                             std::string(p.crop->id) + "'s heat-stress threshold of " +
                             FormatNumber(p.heat_c) + " °C"});
    }
  }
}

std::string OutlookReason(const IrrigationOutlook& o, const FieldDay& last, IrrigationMethod m,
                          int outlook_days) {
  const IrrigationAdvice& a = o.today;
  const std::string dr = Mm(o.depletion_mm), threshold = Mm(a.threshold_mm);
  const std::string how = " mm net, " + Mm(o.planned_gross_mm) + " mm gross (" +
                          std::string(IrrigationMethodName(m)) + ", efficiency " +
                          FormatNumber(a.efficiency) + ")";
  if (a.irrigate) {
    return "Root-zone depletion " + dr + " mm has reached the " + threshold +
           " mm threshold: irrigate " + FormatDate(o.advice_day) + " with " + dr + how + ".";
  }
  const std::string rate = Mm(last.kc.kc * o.outlook_et0_mm_per_day);
  if (o.irrigate_in_days) {
    return "Root-zone depletion " + dr + " mm of the " + threshold + " mm threshold; at about " +
           rate + " mm/day crop water use without rain, irrigate in " +
           std::to_string(*o.irrigate_in_days) + " day(s) with about " + Mm(o.planned_net_mm) +
           how + ".";
  }
  return "Root-zone depletion " + dr + " mm of the " + threshold +
         " mm threshold; no irrigation needed within " + std::to_string(outlook_days) +
         " days at about " + rate + " mm/day crop water use.";
}

}  // namespace

double DefaultWettedFraction(IrrigationMethod method) {
  switch (method) {
    case IrrigationMethod::kDrip: return 0.35;
    case IrrigationMethod::kSprinkler: return 1.0;
    case IrrigationMethod::kSurface: return 1.0;
  }
  return 1.0;
}

double DefaultHeatThresholdC(const Crop& crop) {
  if (crop.id == "potato") return 30;
  if (crop.id == "millet" || crop.id == "sorghum") return 38;
  if (IsCoolSeason(crop)) return 32;
  return 35;
}

GddOptions DefaultGddOptions(const Crop& crop) {
  for (std::string_view id : {"wheat_spring", "lentil", "chickpea", "cabbage", "potato"}) {
    if (crop.id == id) return {5.0, 30.0};
  }
  return {};
}

int64_t SeasonEndDay(const Crop& crop, int64_t planting_day, int64_t day) {
  const int64_t length = SeasonLengthDays(crop.curve);
  const int64_t cycles =
      crop.established_perennial && day > planting_day ? (day - planting_day) / length : 0;
  return planting_day + (cycles + 1) * length - 1;
}

int SeasonDayOf(const Crop& crop, int64_t planting_day, int64_t day) {
  const int64_t since = day - planting_day;
  const int64_t length = SeasonLengthDays(crop.curve);
  return static_cast<int>((crop.established_perennial ? since % length : since) + 1);
}

std::string_view Et0MethodName(Et0Method method) {
  switch (method) {
    case Et0Method::kPenmanMonteith: return "penman_monteith";
    case Et0Method::kHargreaves: return "hargreaves";
    case Et0Method::kCarried: return "carried";
    case Et0Method::kUnknown: return "unknown";
  }
  return "?";
}

std::string_view ThermalAlertKindName(ThermalAlertKind kind) {
  return kind == ThermalAlertKind::kFrost ? "frost" : "heat";
}

std::string_view SeasonPhaseName(SeasonPhase phase) {
  switch (phase) {
    case SeasonPhase::kNotPlanted: return "not_planted";
    case SeasonPhase::kGrowing: return "growing";
    case SeasonPhase::kOver: return "over";
  }
  return "?";
}

Result<std::vector<Et0Day>> ComputeEt0Series(const Site& site,
                                             std::span<const FieldWeatherDay> days,
                                             const Et0SeriesOptions& options) {
  LOKA_RETURN_IF_ERROR(internal::CheckLatitude(site.lat_deg));
  LOKA_RETURN_IF_ERROR(internal::CheckElevation(site.elevation_m));
  LOKA_RETURN_IF_ERROR(CheckIncreasing(days));
  std::vector<Et0Day> out;
  out.reserve(days.size());
  std::vector<double> history;
  history.reserve(days.size());
  for (const FieldWeatherDay& d : days) {
    Et0Day e;
    e.day = d.day;
    const int doy = DayOfYear(d.day);
    bool done = false;
    if (HasTemperatures(d.weather)) {
      const bool hargreaves_first =
          options.hargreaves_when_temperatures_only && OnlyTemperatures(d.weather);
      if (!hargreaves_first) {
        DailyWeather w = d.weather;
        w.doy = doy;
        Result<DailyEt0> pm = Et0PenmanMonteithDaily(site, w, options.penman);
        if (pm.ok()) {
          e.method = Et0Method::kPenmanMonteith;
          e.et0_mm = pm->et0_mm_per_day;
          e.pm = *pm;
          done = true;
        } else {
          e.note = "Penman-Monteith refused the day's data (" + pm.status().message() +
                   "); Hargreaves from the temperatures";
        }
      }
      if (!done) {
        Result<double> h = Et0HargreavesMmPerDay(site.lat_deg, doy, d.weather.tmax_c,
                                                 d.weather.tmin_c);
        if (h.ok()) {
          e.method = Et0Method::kHargreaves;
          e.et0_mm = *h;
          done = true;
        } else {
          e.note = "temperatures refused (" + h.status().message() + ")";
        }
      }
    } else {
      e.note = "no temperatures";
    }
    if (!done && history.empty()) {
      // Nothing to carry: 0 would count as a day without water use.
      e.method = Et0Method::kUnknown;
      e.et0_mm = std::numeric_limits<double>::quiet_NaN();
      e.note += "; no earlier ET0 to carry: unknown";
      out.push_back(std::move(e));
      continue;
    }
    if (!done) {
      e.method = Et0Method::kCarried;
      e.et0_mm = RecentMean(history, options.carry_window_days);
      e.note += "; mean of the previous days carried";
    }
    e.et0_mm = std::max(0.0, e.et0_mm);
    history.push_back(e.et0_mm);
    out.push_back(std::move(e));
  }
  return out;
}

Result<FieldAdvice> AdviseField(const FieldSetup& field, const Site& site,
                                std::span<const FieldWeatherDay> days,
                                const AdviceOptions& options) {
  LOKA_ASSIGN_OR_RETURN(std::vector<Et0Day> et0, ComputeEt0Series(site, days, options.et0));
  return AdviseFieldWithEt0(field, days, et0, options);
}

Result<FieldAdvice> AdviseFieldWithEt0(const FieldSetup& field,
                                       std::span<const FieldWeatherDay> days,
                                       std::span<const Et0Day> et0,
                                       const AdviceOptions& options) {
  LOKA_ASSIGN_OR_RETURN(Prepared p, Prepare(field, options));
  LOKA_RETURN_IF_ERROR(CheckIncreasing(days));
  if (et0.size() != days.size()) {
    return InvalidArgument("ET0 series has " + std::to_string(et0.size()) + " days, weather " +
                           std::to_string(days.size()));
  }
  FieldAdvice out;
  const std::optional<int64_t> as_of =
      options.as_of_day ? options.as_of_day
                        : (days.empty() ? std::nullopt : std::optional<int64_t>(days.back().day));
  if (!as_of || *as_of < field.planting_day) {
    out.phase = SeasonPhase::kNotPlanted;
    return out;
  }
  // The last season day: a perennial's seasons roll over, so the one holding as_of never ends
  // before it.
  const int64_t season_end = SeasonEndDay(*field.crop, field.planting_day, *as_of);
  out.phase = *as_of >= season_end && !field.crop->established_perennial ? SeasonPhase::kOver
                                                                          : SeasonPhase::kGrowing;
  // The season is run up to the last day with data, not past as_of or the season's end.
  int64_t last = field.planting_day - 1;
  for (const FieldWeatherDay& w : days) {
    if (w.day <= *as_of) last = std::max(last, w.day);
  }
  last = std::min(last, season_end);

  size_t i = 0;
  // Days before planting feed the ET0 carried into a first season day without data.
  std::vector<double> et0_history;
  for (; i < days.size() && days[i].day < field.planting_day; ++i) {
    if (et0[i].method != Et0Method::kUnknown) et0_history.push_back(et0[i].et0_mm);
  }
  BalanceState state{std::min(field.initial_depletion_mm, 1e9), p.initial_root_m};
  int64_t days_without_et0 = 0;
  for (int64_t d = field.planting_day; d <= last; ++d) {
    FieldDay fd;
    fd.day = d;
    fd.season_day = SeasonDayOf(*field.crop, field.planting_day, d);
    const FieldWeatherDay* w = (i < days.size() && days[i].day == d) ? &days[i] : nullptr;
    if (w != nullptr) {
      fd.et0 = et0[i];
      if (et0[i].day != d) return InvalidArgument("ET0 series does not match the weather days");
      ++i;
    }
    if (w == nullptr || fd.et0.method == Et0Method::kUnknown) {
      if (et0_history.empty()) {
        // No weather yet: the day's water use is unknown, and the balance has not started.
        ++days_without_et0;
        continue;
      }
      fd.et0.day = d;
      fd.et0.method = Et0Method::kCarried;
      fd.et0.et0_mm = RecentMean(et0_history, options.et0.carry_window_days);
      fd.et0.note = "no data for the day; mean of the previous days carried";
    }
    et0_history.push_back(fd.et0.et0_mm);
    const std::string where = "season day " + std::to_string(fd.season_day);
    Result<DayCrop> c = CropOnDay(p, field.soil, fd.season_day, fd.et0.et0_mm);
    if (!c.ok()) return c.status().WithPrefix(where);
    fd.kc = c->kc;
    fd.root_depth_m = c->root_depth_m;
    if (!out.balance_start_day) {
      out.balance_start_day = d;
      state.depletion_mm = std::min(state.depletion_mm, c->taw_mm);
      if (fd.season_day > 1) state.root_depth_m = c->root_depth_m;
    }

    BalanceDayInput in;
    in.et0_mm = fd.et0.et0_mm;
    in.kc = fd.kc.kc;
    in.p = c->p;
    in.root_depth_m = fd.root_depth_m;
    fd.rain_missing = w == nullptr || !w->rain_mm.has_value();
    in.rain_mm = fd.rain_missing ? 0.0 : std::max(0.0, *w->rain_mm);
    in.irrigation_mm = w != nullptr ? std::max(0.0, w->irrigation_mm) : 0.0;
    if (options.assume_advice_followed) {
      Result<IrrigationAdvice> a = AdviseIrrigation(std::min(state.depletion_mm, c->taw_mm),
                                                    c->taw_mm, c->raw_mm, field.irrigation);
      if (!a.ok()) return a.status().WithPrefix(where);
      if (a->irrigate) fd.irrigation_advised_mm = a->net_mm;
      in.irrigation_mm += fd.irrigation_advised_mm;
    }
    Result<BalanceDay> b = StepWaterBalance(field.soil, state, in, p.balance);
    if (!b.ok()) return b.status().WithPrefix(where);
    fd.balance = *b;
    state = {b->depletion_mm, fd.root_depth_m};

    if (w != nullptr && HasTemperatures(w->weather)) {
      Result<double> gdd = GrowingDegreeDays(w->weather.tmax_c, w->weather.tmin_c, p.gdd);
      if (gdd.ok()) fd.gdd = *gdd;
    }
    out.gdd_total += fd.gdd;
    fd.gdd_cumulative = out.gdd_total;
    if (w != nullptr) AddThermalAlerts(p, field, *w, &out.alerts);
    out.days.push_back(std::move(fd));
  }
  if (!out.balance_start_day) {
    out.notes.push_back("no weather data from planting (" + FormatDate(field.planting_day) +
                        ") to " + FormatDate(std::min(*as_of, season_end)) +
                        ": no ET0, so no water balance");
    return out;
  }
  if (days_without_et0 > 0) {
    out.notes.push_back(
        "the water balance starts on " + FormatDate(*out.balance_start_day) +
        ", the first day with weather data; the " + std::to_string(days_without_et0) +
        " day(s) from planting before it have no ET0 and are not counted, and the root-zone "
        "depletion on that morning is taken as " + Mm(field.initial_depletion_mm) +
        " mm (initial_depletion_mm; 0 = field capacity)");
  }
  if (out.phase != SeasonPhase::kGrowing) return out;

  // The outlook: from the morning after the last day with data, no rain, recent mean ET0.
  IrrigationOutlook& o = out.irrigation;
  o.advice_day = last + 1;
  o.wetted_fraction = p.wetted_fraction;
  o.outlook_et0_mm_per_day = RecentMean(et0_history, options.outlook_et0_window_days);
  for (int k = 0; k <= options.outlook_days; ++k) {
    if (o.advice_day + k > season_end && !field.crop->established_perennial) break;
    const int season_day = SeasonDayOf(*field.crop, field.planting_day, o.advice_day + k);
    Result<DayCrop> c = CropOnDay(p, field.soil, season_day, o.outlook_et0_mm_per_day);
    if (!c.ok()) return c.status().WithPrefix("outlook");
    Result<IrrigationAdvice> a = AdviseIrrigation(std::min(state.depletion_mm, c->taw_mm),
                                                  c->taw_mm, c->raw_mm, field.irrigation);
    if (!a.ok()) return a.status().WithPrefix("outlook");
    if (k == 0) {
      o.today = *a;
      o.depletion_mm = std::min(state.depletion_mm, c->taw_mm);
    }
    if (a->irrigate) {
      o.irrigate_in_days = k;
      o.planned_net_mm = a->net_mm;
      o.planned_gross_mm = a->gross_mm;
      break;
    }
    if (k == options.outlook_days) break;
    FieldDay fd;
    fd.day = o.advice_day + k;
    fd.season_day = season_day;
    fd.forecast = true;
    fd.et0.day = fd.day;
    fd.et0.method = Et0Method::kCarried;
    fd.et0.et0_mm = o.outlook_et0_mm_per_day;
    fd.kc = c->kc;
    fd.root_depth_m = c->root_depth_m;
    BalanceDayInput in;
    in.et0_mm = fd.et0.et0_mm;
    in.kc = fd.kc.kc;
    in.p = c->p;
    in.root_depth_m = fd.root_depth_m;
    Result<BalanceDay> b = StepWaterBalance(field.soil, state, in, p.balance);
    if (!b.ok()) return b.status().WithPrefix("outlook");
    fd.balance = *b;
    state = {b->depletion_mm, fd.root_depth_m};
    out.outlook.push_back(std::move(fd));
  }
  o.net_on_wetted_area_mm = o.planned_net_mm / o.wetted_fraction;
  o.reason = OutlookReason(o, out.days.back(), field.irrigation.method, options.outlook_days);
  return out;
}

}  // namespace loka::agri
