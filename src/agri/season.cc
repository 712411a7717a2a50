#include "agri/season.h"

#include <algorithm>
#include <string>

#include "agri/internal/check.h"

namespace loka::agri {

namespace {

constexpr double kAnnualInitialRootDepthM = 0.2;

}  // namespace

double RootDepthOnDayM(const KcCurve& curve, int day, double initial_m, double max_m) {
  const int full_day = curve.ini_days + curve.dev_days + 1;
  if (day >= full_day || full_day <= 1) return max_m;
  const double f = static_cast<double>(day - 1) / (full_day - 1);
  return initial_m + f * (max_m - initial_m);
}

double DefaultInitialRootDepthM(const Crop& crop, double max_m) {
  return crop.established_perennial ? max_m : std::min(kAnnualInitialRootDepthM, max_m);
}

Result<std::vector<SeasonDay>> RunSeason(const Crop& crop,
                                         std::span<const SeasonDayWeather> weather,
                                         const SeasonOptions& options) {
  const KcCurve curve = options.curve.value_or(crop.curve);
  const int season_days = SeasonLengthDays(curve);
  if (weather.size() > static_cast<size_t>(season_days)) {
    return InvalidArgument("weather has " + std::to_string(weather.size()) + " days but the " +
                           std::string(crop.id) + " season is " + std::to_string(season_days) +
                           " days");
  }
  const double max_root_m = options.max_root_depth_m.value_or(crop.root_depth_min_m);
  LOKA_RETURN_IF_ERROR(internal::CheckRange("max_root_depth_m", max_root_m, 0.05, 10));
  const double initial_root_m =
      options.initial_root_depth_m.value_or(DefaultInitialRootDepthM(crop, max_root_m));
  LOKA_RETURN_IF_ERROR(
      internal::CheckRange("initial_root_depth_m", initial_root_m, 0.01, max_root_m));

  std::vector<SeasonDay> days;
  days.reserve(weather.size());
  BalanceState state{options.initial_depletion_mm, initial_root_m};
  for (size_t i = 0; i < weather.size(); ++i) {
    const std::string where = "season day " + std::to_string(i + 1);
    const SeasonDayWeather& w = weather[i];
    SeasonDay out;
    out.day = static_cast<int>(i) + 1;
    Result<KcOnDay> kc = KcForDay(curve, out.day);
    if (!kc.ok()) return kc.status().WithPrefix(where);
    out.kc = *kc;
    out.root_depth_m = RootDepthOnDayM(curve, out.day, initial_root_m, max_root_m);

    BalanceDayInput in;
    in.et0_mm = w.et0_mm;
    in.kc = out.kc.kc;
    in.p =
        options.adjust_p_for_etc ? DepletionFractionForEtc(crop.p, out.kc.kc * w.et0_mm) : crop.p;
    in.root_depth_m = out.root_depth_m;
    in.rain_mm = w.rain_mm;
    in.runoff_mm = w.runoff_mm;
    in.capillary_rise_mm = w.capillary_rise_mm;
    in.irrigation_mm = w.irrigation_mm;
    if (options.irrigation) {
      // Advice this morning, from yesterday's depletion plus what deeper roots add today.
      Result<double> taw = TotalAvailableWaterMm(options.soil, in.root_depth_m);
      if (!taw.ok()) return taw.status().WithPrefix(where);
      const double theta_sub =
          options.balance.subsoil_theta_m3_per_m3.value_or(options.soil.theta_fc_m3_per_m3);
      const double depletion_now =
          state.depletion_mm + 1000.0 * (options.soil.theta_fc_m3_per_m3 - theta_sub) *
                                   std::max(0.0, in.root_depth_m - state.root_depth_m);
      Result<IrrigationAdvice> advice =
          AdviseIrrigation(std::min(depletion_now, *taw), *taw, ReadilyAvailableWaterMm(*taw, in.p),
                           *options.irrigation);
      if (!advice.ok()) return advice.status().WithPrefix(where);
      out.advice = *advice;
      in.irrigation_mm += out.advice.net_mm;
    }
    Result<BalanceDay> day = StepWaterBalance(options.soil, state, in, options.balance);
    if (!day.ok()) return day.status().WithPrefix(where);
    out.balance = *day;
    state = {out.balance.depletion_mm, in.root_depth_m};
    days.push_back(out);
  }
  return days;
}

}  // namespace loka::agri
