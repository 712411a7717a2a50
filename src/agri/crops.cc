#include "agri/crops.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "agri/internal/check.h"

namespace loka::agri {

namespace {

using internal::CheckRange;

// Kc: FAO-56 Table 12 (Kc ini of a crop group where the row leaves it blank). Stages: one
// FAO-56 Table 11 row, named in stages_from, preferring tropical or arid-region rows. Root
// depth and p: FAO-56 Table 22. Where Table 12 gives a range, the note says which value.
// clang-format off
// Columns: id, name, {Kc ini, Kc mid, Kc end, L ini, L dev, L mid, L late}, h [m], Table 11
// row, Zr min, Zr max [m], p, note[, established perennial].
constexpr Crop kCrops[] = {
    {"banana", "Banana - 1st year", {0.50, 1.10, 1.00, 120, 90, 120, 60}, 3.0,
     "Mediterranean, March planting",
     0.5, 0.9, 0.35, ""},
    {"beans_dry", "Beans, dry and pulses", {0.40, 1.15, 0.35, 15, 25, 35, 20}, 0.4,
     "Pakistan, Calif., June planting",
     0.6, 0.9, 0.45, ""},
    {"cabbage", "Cabbage", {0.70, 1.05, 0.95, 40, 60, 50, 15}, 0.4,
     "Calif. Desert, USA, September planting",
     0.5, 0.8, 0.45, ""},
    {"cassava", "Cassava - year 1", {0.30, 0.80, 0.30, 20, 40, 90, 60}, 1.0,
     "Tropical regions, rainy season planting",
     0.5, 0.8, 0.35,
     "Kc mid assumes no stress in or after the rainy season; Kc end reflects dry-season "
     "dormancy (Table 12 footnote 3)"},
    {"chickpea", "Chick pea", {0.40, 1.00, 0.35, 25, 35, 70, 40}, 0.4,
     "Table 11 has no chick pea row: lentil, Arid Region, Oct/Nov planting, used as a proxy",
     0.6, 1.0, 0.50,
     "stage lengths are a proxy, not FAO-56 values for chick pea"},
    {"coffee", "Coffee - bare ground cover", {0.90, 0.95, 0.95, 30, 30, 275, 30}, 2.5,
     "Table 11 has no coffee row: one nominal year of an established plantation (loka)",
     0.9, 1.5, 0.40,
     "h is the middle of Table 12's 2-3 m; with weeds Table 12 gives 1.05/1.10/1.10; the "
     "stage split is a loka assumption (the curve is nearly flat)", true},
    {"cotton", "Cotton", {0.35, 1.175, 0.60, 30, 50, 60, 55}, 1.35,
     "Egypt; Pakistan; Calif., March-May planting",
     1.0, 1.7, 0.65,
     "Kc mid, Kc end and h are the middles of Table 12's 1.15-1.20, 0.70-0.50 and 1.2-1.5 m"},
    {"cowpea", "Green gram and cowpeas", {0.40, 1.05, 0.35, 20, 30, 30, 20}, 0.4,
     "Mediterranean, March planting",
     0.6, 1.0, 0.45,
     "Kc end 0.35 for harvest dry; Table 12 gives 0.60 for harvest fresh"},
    {"groundnut", "Groundnut (peanut)", {0.40, 1.15, 0.60, 25, 35, 45, 25}, 0.4,
     "West Africa, dry season planting",
     0.5, 1.0, 0.50, ""},
    {"lentil", "Lentil", {0.40, 1.10, 0.30, 25, 35, 70, 40}, 0.5,
     "Arid Region, Oct/Nov planting",
     0.6, 0.8, 0.50, ""},
    {"maize", "Maize, field (grain)", {0.30, 1.20, 0.35, 20, 35, 40, 30}, 2.0,
     "Nigeria (humid), June planting",
     1.0, 1.7, 0.55,
     "Kc end 0.35 for grain dried in the field; 0.60 if harvested at high grain moisture "
     "(Table 12 footnote 11)"},
    {"millet", "Millet", {0.30, 1.00, 0.30, 15, 25, 40, 25}, 1.5,
     "Pakistan, June planting",
     1.0, 2.0, 0.55, ""},
    {"onion_dry", "Onions - dry", {0.70, 1.05, 0.75, 20, 35, 110, 45}, 0.4,
     "Arid Region; Calif., Oct; Jan planting",
     0.3, 0.6, 0.30, ""},
    {"pepper", "Sweet peppers (bell)", {0.60, 1.05, 0.90, 30, 40, 110, 30}, 0.7,
     "Arid Region, October planting",
     0.5, 1.0, 0.30, ""},
    {"potato", "Potato", {0.50, 1.15, 0.75, 25, 30, 45, 30}, 0.6,
     "(Semi)Arid Climate, Jan/Nov planting (130-day variant)",
     0.4, 0.6, 0.35,
     "Kc end is about 0.40 for long-season potatoes with vine kill (Table 12 footnote 4)"},
    {"rice", "Rice", {1.05, 1.20, 0.75, 30, 30, 60, 30}, 1.0,
     "Tropics; Mediterranean, Dec; May",
     0.5, 1.0, 0.20,
     "Kc end is the middle of Table 12's 0.90-0.60; p = 0.20 is a fraction of saturation for "
     "paddy (Table 22 footnote 4), so the root-zone balance here suits upland rice only"},
    {"sorghum", "Sorghum - grain", {0.30, 1.05, 0.55, 20, 35, 45, 30}, 1.5,
     "Arid Region, Mar/April planting",
     1.0, 2.0, 0.55,
     "Kc mid and h are the middles of Table 12's 1.00-1.10 and 1-2 m"},
    {"soybean", "Soybeans", {0.40, 1.15, 0.50, 15, 15, 40, 15}, 0.75,
     "Tropics, December planting",
     0.6, 1.3, 0.50,
     "h is the middle of Table 12's 0.5-1.0 m"},
    {"sugarcane", "Sugar cane - virgin", {0.40, 1.25, 0.75, 50, 70, 220, 140}, 3.0,
     "Tropics (virgin cane)",
     1.2, 2.0, 0.65,
     "ratoon cane in the tropics: 30/50/180/60 days"},
    {"sunflower", "Sunflower", {0.35, 1.075, 0.35, 25, 35, 45, 25}, 2.0,
     "Medit.; California, April/May planting",
     0.8, 1.5, 0.45,
     "Kc mid is the middle of Table 12's 1.0-1.15 (lower values for rainfed, sparser stands)"},
    {"sweet_potato", "Sweet potato", {0.50, 1.15, 0.65, 15, 30, 50, 30}, 0.4,
     "Tropical regions, rainy season planting",
     1.0, 1.5, 0.65, ""},
    {"tea", "Tea - non-shaded", {0.95, 1.00, 1.00, 30, 30, 275, 30}, 1.5,
     "Table 11 has no tea row: one nominal year of an established plantation (loka)",
     0.9, 1.5, 0.40,
     "shaded tea: Kc 1.10/1.15/1.15, p 0.45 (Table 12, 22); the stage split is a loka "
     "assumption (the curve is nearly flat)", true},
    {"tomato", "Tomato", {0.60, 1.15, 0.80, 30, 40, 40, 25}, 0.6,
     "Arid Region, January planting",
     0.7, 1.5, 0.40,
     "Kc end is the middle of Table 12's 0.70-0.90"},
    {"wheat_spring", "Spring wheat", {0.30, 1.15, 0.40, 15, 30, 65, 40}, 1.0,
     "East Africa, July planting",
     1.0, 1.5, 0.55,
     "Kc end 0.40 for hand-harvested crops, 0.25 otherwise (Table 12 footnote 10)"},
};
// clang-format on

Status ValidateCurve(const KcCurve& c) {
  LOKA_RETURN_IF_ERROR(CheckRange("kc_ini", c.kc_ini, 0, 2));
  LOKA_RETURN_IF_ERROR(CheckRange("kc_mid", c.kc_mid, 0, 2));
  LOKA_RETURN_IF_ERROR(CheckRange("kc_end", c.kc_end, 0, 2));
  if (c.ini_days < 0 || c.dev_days < 0 || c.mid_days < 0 || c.late_days < 0) {
    return InvalidArgument("stage lengths must not be negative: " + std::to_string(c.ini_days) +
                           "/" + std::to_string(c.dev_days) + "/" + std::to_string(c.mid_days) +
                           "/" + std::to_string(c.late_days) + " days");
  }
  if (SeasonLengthDays(c) <= 0) return InvalidArgument("season length is 0 days");
  return Status::Ok();
}

// One adjustment by FAO-56 Eq. 62 / Eq. 65 (same form).
double ClimateAdjusted(double kc_table, double u2_m_per_s, double rhmin_pct, double height_m) {
  return kc_table + (0.04 * (u2_m_per_s - 2.0) - 0.004 * (rhmin_pct - 45.0)) *
                        std::pow(height_m / 3.0, 0.3);  // FAO-56 Eq. 62 / 65
}

Status ValidateClimate(double u2_m_per_s, double rhmin_pct, double height_m) {
  // Validity ranges stated under FAO-56 Eq. 62 and 65.
  LOKA_RETURN_IF_ERROR(CheckRange("u2_m_per_s", u2_m_per_s, 1, 6));
  LOKA_RETURN_IF_ERROR(CheckRange("rhmin_pct", rhmin_pct, 20, 80));
  return CheckRange("height_m", height_m, 0.1, 10);
}

}  // namespace

std::span<const Crop> Crops() { return kCrops; }

Result<const Crop*> FindCrop(std::string_view id) {
  for (const Crop& c : kCrops) {
    if (c.id == id) return &c;
  }
  std::string known;
  for (const Crop& c : kCrops) {
    if (!known.empty()) known += ", ";
    known += c.id;
  }
  return NotFound("unknown crop \"" + std::string(id) + "\"; known crops: " + known);
}

int SeasonLengthDays(const KcCurve& c) {
  return c.ini_days + c.dev_days + c.mid_days + c.late_days;
}

std::string_view GrowthStageName(GrowthStage stage) {
  switch (stage) {
    case GrowthStage::kInitial:
      return "initial";
    case GrowthStage::kDevelopment:
      return "development";
    case GrowthStage::kMidSeason:
      return "mid_season";
    case GrowthStage::kLateSeason:
      return "late_season";
  }
  return "unknown";
}

Result<KcOnDay> KcForDay(const KcCurve& c, int day) {
  LOKA_RETURN_IF_ERROR(ValidateCurve(c));
  const int total = SeasonLengthDays(c);
  if (day < 1 || day > total) {
    return InvalidArgument("day = " + std::to_string(day) + ": must be within [1, " +
                           std::to_string(total) + "], the season length");
  }
  const int end_ini = c.ini_days;
  const int end_dev = end_ini + c.dev_days;
  const int end_mid = end_dev + c.mid_days;
  // FAO-56 Eq. 66: Kc = Kc_prev + [(i - ΣL_prev) / L_stage] (Kc_next - Kc_prev).
  if (day <= end_ini) return KcOnDay{c.kc_ini, GrowthStage::kInitial};
  if (day <= end_dev) {
    const double f = static_cast<double>(day - end_ini) / c.dev_days;
    return KcOnDay{c.kc_ini + f * (c.kc_mid - c.kc_ini), GrowthStage::kDevelopment};
  }
  if (day <= end_mid) return KcOnDay{c.kc_mid, GrowthStage::kMidSeason};
  const double f = static_cast<double>(day - end_mid) / c.late_days;
  return KcOnDay{c.kc_mid + f * (c.kc_end - c.kc_mid), GrowthStage::kLateSeason};
}

Result<double> AdjustKcForClimate(double kc_table, double u2_m_per_s, double rhmin_pct,
                                  double height_m) {
  LOKA_RETURN_IF_ERROR(CheckRange("kc_table", kc_table, 0, 2));
  LOKA_RETURN_IF_ERROR(ValidateClimate(u2_m_per_s, rhmin_pct, height_m));
  return ClimateAdjusted(kc_table, u2_m_per_s, rhmin_pct, height_m);
}

Result<KcCurve> AdjustCurveForClimate(const KcCurve& curve, double height_m,
                                      const StageClimate& mid, const StageClimate& late) {
  LOKA_RETURN_IF_ERROR(ValidateCurve(curve));
  KcCurve out = curve;
  LOKA_ASSIGN_OR_RETURN(out.kc_mid, AdjustKcForClimate(curve.kc_mid, mid.u2_m_per_s, mid.rhmin_pct,
                                                       height_m));  // Eq. 62
  if (curve.kc_end >= 0.45) {  // FAO-56 p. 127: no adjustment below 0.45
    LOKA_ASSIGN_OR_RETURN(out.kc_end, AdjustKcForClimate(curve.kc_end, late.u2_m_per_s,
                                                         late.rhmin_pct, height_m));  // Eq. 65
  }
  return out;
}

}  // namespace loka::agri
