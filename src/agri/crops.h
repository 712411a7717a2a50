// Crop coefficients for the single crop coefficient approach (FAO-56 chapter 6): a table of
// tropical and subtropical crops with Kc ini / mid / end and maximum height (Table 12), growth
// stage lengths for one typical region (Table 11), rooting depth and depletion fraction p
// (Table 22); the Kc curve by day of the season (Eq. 66) and the climate adjustment of Kc mid
// and Kc end (Eq. 62 and 65). The table is immutable static data, safe to share across threads.
#ifndef LOKA_AGRI_CROPS_H_
#define LOKA_AGRI_CROPS_H_

#include <span>
#include <string_view>

#include "core/status.h"

namespace loka::agri {

// The three Kc values and four stage lengths that define a Kc curve (FAO-56 Figure 25).
struct KcCurve {
  double kc_ini = 0;
  double kc_mid = 0;
  double kc_end = 0;
  int ini_days = 0;
  int dev_days = 0;
  int mid_days = 0;
  int late_days = 0;
};

struct Crop {
  std::string_view id;           // lower-case key: "maize", "beans_dry", ...
  std::string_view name;         // as FAO-56 Table 12 names it
  KcCurve curve;                 // Table 12 Kc values, Table 11 stage lengths
  double max_height_m;           // Table 12 "maximum crop height h"
  std::string_view stages_from;  // which Table 11 row: region and planting date
  double root_depth_min_m;       // Table 22 range of maximum effective rooting depth; the smaller
  double root_depth_max_m;       // value for irrigation scheduling, the larger for stress modelling
  double p;                      // Table 22 depletion fraction for no stress at ETc ≈ 5 mm/day
  std::string_view note;         // where a value is a choice within a range, or not from FAO-56
  // An established perennial (coffee, tea): full rooting depth from the first day.
  bool established_perennial = false;
};

// All crops, sorted by id. At least 20 crops relevant to the tropics and subtropics.
std::span<const Crop> Crops();

// The crop with this id, or NotFound listing the known ids.
Result<const Crop*> FindCrop(std::string_view id);

int SeasonLengthDays(const KcCurve& curve);

enum class GrowthStage { kInitial, kDevelopment, kMidSeason, kLateSeason };
std::string_view GrowthStageName(GrowthStage stage);  // "initial", "development", ...

struct KcOnDay {
  double kc = 0;
  GrowthStage stage = GrowthStage::kInitial;
};

// Kc on day `day` of the growing season, 1 = the planting (or green-up) day, by FAO-56
// Eq. 66: constant in the initial and mid-season stages, linear in the development and late
// stages. Example 28: dry beans 25/25/30/20 days, Kc 0.15/1.19/0.35 give 0.15, 0.77, 1.19 and
// 0.56 on days 20, 40, 70 and 95. Fails with InvalidArgument when day is outside
// [1, season length] or the curve has a negative stage length or Kc outside [0, 2].
Result<KcOnDay> KcForDay(const KcCurve& curve, int day);

// Kc mid or Kc end adjusted for a climate other than RHmin ≈ 45 %, u2 ≈ 2 m/s (FAO-56 Eq. 62
// for Kc mid, Eq. 65 for Kc end; Example 27, Box 15). u2 and RHmin are the means over the
// stage. Fails with InvalidArgument outside the validity ranges FAO-56 says must be observed:
// 1 <= u2 <= 6 m/s, 20 <= RHmin <= 80 %, 0.1 <= h <= 10 m.
Result<double> AdjustKcForClimate(double kc_table, double u2_m_per_s, double rhmin_pct,
                                  double height_m);

// Mean stage climate for AdjustCurveForClimate.
struct StageClimate {
  double u2_m_per_s = 2.0;
  double rhmin_pct = 45.0;
};

// The curve with Kc mid adjusted by Eq. 62 and, only when Kc end >= 0.45, Kc end by Eq. 65
// (FAO-56 p. 127: crops left to dry in the field need no adjustment). Same errors as
// AdjustKcForClimate.
Result<KcCurve> AdjustCurveForClimate(const KcCurve& curve, double height_m,
                                      const StageClimate& mid, const StageClimate& late);

}  // namespace loka::agri

#endif  // LOKA_AGRI_CROPS_H_
