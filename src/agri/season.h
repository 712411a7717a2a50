// A whole crop season of the daily root-zone balance: Kc from the crop's curve (FAO-56
// Eq. 66), rooting depth growing to its maximum by the start of mid-season, p adjusted for the
// day's ETc, optional automatic irrigation when depletion reaches RAW (FAO-56 Example 38), and
// one StepWaterBalance per day. Thread contract: plain functions on values.
#ifndef LOKA_AGRI_SEASON_H_
#define LOKA_AGRI_SEASON_H_

#include <optional>
#include <span>
#include <vector>

#include "agri/crops.h"
#include "agri/irrigation.h"
#include "agri/water_balance.h"
#include "core/status.h"

namespace loka::agri {

// One day's forcing; day i of the span is day i + 1 of the growing season.
struct SeasonDayWeather {
  double et0_mm = 0;  // grass reference ET0, >= 0
  double rain_mm = 0;
  double runoff_mm = 0;  // <= rain_mm
  double capillary_rise_mm = 0;
  double irrigation_mm = 0;  // net irrigation applied by hand, on top of automatic advice
};

struct SeasonOptions {
  Soil soil;
  // Kc curve; default the crop's own (Table 11 and 12 values), e.g. after AdjustCurveForClimate.
  std::optional<KcCurve> curve;
  // Dr at the start of day 1 [mm]; ≈ 0 after heavy rain or irrigation (FAO-56 p. 170).
  double initial_depletion_mm = 0;
  // Rooting depth on day 1. Default: 0.2 m for annual crops (a loka choice for a seedling's
  // effective root zone), the maximum for established perennials (coffee, tea).
  std::optional<double> initial_root_depth_m;
  // Maximum rooting depth, reached on the first mid-season day after linear growth (as
  // Example 38 interpolates Zr). Default: the crop's Table 22 minimum, the value FAO-56
  // footnote 1 of Table 22 gives for irrigation scheduling.
  std::optional<double> max_root_depth_m;
  // Adjust the crop's p for each day's ETc (FAO-56 Table 22 footnote 2). Default true.
  bool adjust_p_for_etc = true;
  BalanceOptions balance;
  // Irrigate automatically, early in the day, whenever the depletion reaches the policy's
  // threshold. Default: no automatic irrigation (a rainfed or hand-scheduled season).
  std::optional<IrrigationPolicy> irrigation;
};

struct SeasonDay {
  int day = 0;  // 1-based day of the season
  KcOnDay kc;
  double root_depth_m = 0;
  IrrigationAdvice advice;  // what the policy advised this morning (irrigate=false if none)
  BalanceDay balance;
};

// Rooting depth Zr [m] on season day `day` (1-based): linear from initial_m on day 1 to max_m on
// the first mid-season day, constant afterwards (as FAO-56 Example 38 interpolates Zr).
double RootDepthOnDayM(const KcCurve& curve, int day, double initial_m, double max_m);

// Zr on day 1 when SeasonOptions::initial_root_depth_m is unset: 0.2 m for annual crops (a loka
// choice for a seedling's effective root zone, never above max_m), max_m for established
// perennials.
double DefaultInitialRootDepthM(const Crop& crop, double max_m);

// Runs the balance for days 1 .. weather.size(). Fails with InvalidArgument if weather is
// longer than the season or any day's input is invalid (the message names the day).
Result<std::vector<SeasonDay>> RunSeason(const Crop& crop,
                                         std::span<const SeasonDayWeather> weather,
                                         const SeasonOptions& options);

}  // namespace loka::agri

#endif  // LOKA_AGRI_SEASON_H_
