#include "agri/water_balance.h"

#include <algorithm>

#include "agri/internal/check.h"

namespace loka::agri {

namespace {

using internal::CheckAtLeast;
using internal::CheckRange;
using internal::FormatNumber;

constexpr double kMaxDailyWaterMm = 2000;  // above any daily rain or irrigation on record

Status ValidateSoil(const Soil& soil) {
  LOKA_RETURN_IF_ERROR(CheckRange("theta_fc_m3_per_m3", soil.theta_fc_m3_per_m3, 0, 0.8));
  LOKA_RETURN_IF_ERROR(CheckRange("theta_wp_m3_per_m3", soil.theta_wp_m3_per_m3, 0, 0.8));
  if (soil.theta_wp_m3_per_m3 >= soil.theta_fc_m3_per_m3) {
    return InvalidArgument(
        "theta_wp_m3_per_m3 = " + FormatNumber(soil.theta_wp_m3_per_m3) +
        " is not below theta_fc_m3_per_m3 = " + FormatNumber(soil.theta_fc_m3_per_m3));
  }
  return Status::Ok();
}

Status ValidateInput(const BalanceDayInput& in) {
  LOKA_RETURN_IF_ERROR(CheckRange("et0_mm", in.et0_mm, 0, 50));
  LOKA_RETURN_IF_ERROR(CheckRange("kc", in.kc, 0, 2));
  LOKA_RETURN_IF_ERROR(CheckRange("p", in.p, 0.05, 0.95));
  LOKA_RETURN_IF_ERROR(CheckRange("root_depth_m", in.root_depth_m, 0.01, 10));
  LOKA_RETURN_IF_ERROR(CheckRange("rain_mm", in.rain_mm, 0, kMaxDailyWaterMm));
  LOKA_RETURN_IF_ERROR(CheckAtLeast("runoff_mm", in.runoff_mm, 0));
  if (in.runoff_mm > in.rain_mm) {
    return InvalidArgument("runoff_mm = " + FormatNumber(in.runoff_mm) +
                           " is above rain_mm = " + FormatNumber(in.rain_mm));
  }
  LOKA_RETURN_IF_ERROR(CheckRange("irrigation_mm", in.irrigation_mm, 0, kMaxDailyWaterMm));
  return CheckRange("capillary_rise_mm", in.capillary_rise_mm, 0, 100);
}

}  // namespace

Result<double> TotalAvailableWaterMm(const Soil& soil, double root_depth_m) {
  LOKA_RETURN_IF_ERROR(ValidateSoil(soil));
  LOKA_RETURN_IF_ERROR(CheckRange("root_depth_m", root_depth_m, 0.01, 10));
  return 1000.0 * (soil.theta_fc_m3_per_m3 - soil.theta_wp_m3_per_m3) *
         root_depth_m;  // FAO-56 Eq. 82
}

double ReadilyAvailableWaterMm(double taw_mm, double p) { return p * taw_mm; }  // FAO-56 Eq. 83

double DepletionFractionForEtc(double p_table, double etc_mm_per_day) {
  return std::clamp(p_table + 0.04 * (5.0 - etc_mm_per_day), 0.1,
                    0.8);  // FAO-56 p. 162, Table 22 footnote 2
}

double WaterStressCoefficient(double depletion_mm, double taw_mm, double p) {
  const double raw_mm = ReadilyAvailableWaterMm(taw_mm, p);
  if (depletion_mm <= raw_mm || taw_mm <= raw_mm) return 1.0;
  return std::clamp((taw_mm - depletion_mm) / ((1.0 - p) * taw_mm), 0.0, 1.0);  // FAO-56 Eq. 84
}

double DepletionFromWaterContentMm(const Soil& soil, double theta_m3_per_m3, double root_depth_m) {
  return std::max(
      0.0, 1000.0 * (soil.theta_fc_m3_per_m3 - theta_m3_per_m3) * root_depth_m);  // FAO-56 Eq. 87
}

Result<BalanceDay> StepWaterBalance(const Soil& soil, const BalanceState& previous,
                                    const BalanceDayInput& input, const BalanceOptions& options) {
  LOKA_RETURN_IF_ERROR(ValidateSoil(soil));
  LOKA_RETURN_IF_ERROR(ValidateInput(input));
  LOKA_RETURN_IF_ERROR(CheckRange("previous.root_depth_m", previous.root_depth_m, 0.01, 10));
  if (input.root_depth_m < previous.root_depth_m) {
    return InvalidArgument("root_depth_m = " + FormatNumber(input.root_depth_m) +
                           " is below the previous day's " + FormatNumber(previous.root_depth_m) +
                           ": the root zone may not shrink");
  }
  const double theta_sub = options.subsoil_theta_m3_per_m3.value_or(soil.theta_fc_m3_per_m3);
  LOKA_RETURN_IF_ERROR(CheckRange("subsoil_theta_m3_per_m3", theta_sub, soil.theta_wp_m3_per_m3,
                                  soil.theta_fc_m3_per_m3));
  BalanceDay d;
  LOKA_ASSIGN_OR_RETURN(d.taw_mm, TotalAvailableWaterMm(soil, input.root_depth_m));  // Eq. 82
  d.p = input.p;
  d.raw_mm = ReadilyAvailableWaterMm(d.taw_mm, d.p);  // FAO-56 Eq. 83
  const double taw_prev = 1000.0 * (soil.theta_fc_m3_per_m3 - soil.theta_wp_m3_per_m3) *
                          previous.root_depth_m;  // FAO-56 Eq. 82
  LOKA_RETURN_IF_ERROR(CheckRange("previous.depletion_mm", previous.depletion_mm, 0, taw_prev));
  d.depletion_prev_mm = previous.depletion_mm;

  // Deeper roots take in the layer below (FAO-56 Example 38, footnote 5).
  const double dz_m = input.root_depth_m - previous.root_depth_m;
  d.root_growth_depletion_mm = 1000.0 * (soil.theta_fc_m3_per_m3 - theta_sub) * dz_m;
  d.subsoil_water_gained_mm = 1000.0 * theta_sub * dz_m;
  const double depletion0 = previous.depletion_mm + d.root_growth_depletion_mm;

  d.rain_mm = input.rain_mm;
  d.runoff_mm = input.runoff_mm;
  const bool ignore_rain = options.rain_rule == RainRule::kIgnoreSmall &&
                           input.rain_mm < 0.2 * input.et0_mm;  // FAO-56 p. 170
  d.ignored_rain_mm = ignore_rain ? input.rain_mm - input.runoff_mm : 0.0;
  d.effective_rain_mm = input.rain_mm - input.runoff_mm - d.ignored_rain_mm;
  d.irrigation_mm = input.irrigation_mm;
  d.capillary_rise_mm = input.capillary_rise_mm;
  const double water_in = d.effective_rain_mm + d.irrigation_mm + d.capillary_rise_mm;
  d.etc_mm = input.kc * input.et0_mm;  // FAO-56 Eq. 58

  if (options.wetting_time == WettingTime::kEarlyInDay) {
    const double wetted = depletion0 - water_in;
    d.deep_percolation_mm = std::max(0.0, -wetted);  // FAO-56 Eq. 88, before the day's ET
    d.depletion_for_ks_mm = std::max(0.0, wetted);
    d.ks = WaterStressCoefficient(d.depletion_for_ks_mm, d.taw_mm, d.p);  // FAO-56 Eq. 84
    d.etc_adj_mm = std::clamp(d.ks * d.etc_mm, 0.0,
                              std::max(0.0, d.taw_mm - d.depletion_for_ks_mm));  // Eq. 80, 86
    d.depletion_mm = d.depletion_for_ks_mm + d.etc_adj_mm;
  } else {
    d.depletion_for_ks_mm = depletion0;
    d.ks = WaterStressCoefficient(depletion0, d.taw_mm, d.p);  // FAO-56 Eq. 84
    d.etc_adj_mm = d.ks * d.etc_mm;                            // FAO-56 Eq. 80
    const double end = depletion0 - water_in + d.etc_adj_mm;   // FAO-56 Eq. 85 without DP
    d.deep_percolation_mm = std::max(0.0, -end);               // FAO-56 Eq. 88
    d.depletion_mm = std::max(0.0, end);
    if (d.depletion_mm > d.taw_mm) {  // FAO-56 Eq. 86: no ET below wilting point
      d.etc_adj_mm -= d.depletion_mm - d.taw_mm;
      d.depletion_mm = d.taw_mm;
    }
  }
  return d;
}

}  // namespace loka::agri
