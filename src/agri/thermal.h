// Temperature-driven crop signals: growing degree days with a base and a cap temperature, and
// frost and heat-stress alerts from daily extremes. Not FAO-56 formulas; sources are cited per
// function. Thread contract: plain functions on values.
#ifndef LOKA_AGRI_THERMAL_H_
#define LOKA_AGRI_THERMAL_H_

#include <string_view>

#include "core/status.h"

namespace loka::agri {

struct GddOptions {
  // Base temperature below which development stops. 10 °C suits maize, sorghum, rice, cotton
  // and most warm-season crops; about 0-5 °C suits wheat and other cool-season crops.
  double base_c = 10.0;
  // Cap above which more heat adds no development (30 °C, the maize "86/50" convention).
  double cap_c = 30.0;
};

// Growing degree days [°C·day] of one day: Tmax and Tmin are each limited to
// [base_c, cap_c] before averaging, and the mean minus base_c is returned (McMaster and
// Wilhelm 1997, "method 2"). Never negative. Fails with InvalidArgument for non-finite or
// impossible temperatures, tmin > tmax, or cap_c <= base_c.
Result<double> GrowingDegreeDays(double tmax_c, double tmin_c, const GddOptions& options = {});

enum class AlertLevel { kNone, kWarning, kAlert };
std::string_view AlertLevelName(AlertLevel level);  // "none", "warning", "alert"

struct FrostOptions {
  double alert_at_or_below_c = 0.0;    // air frost at screen height
  double warning_at_or_below_c = 2.0;  // ground frost is likely on clear, calm nights
};

// Frost from the daily minimum: kAlert when tmin <= alert threshold, kWarning when tmin <=
// warning threshold, else kNone. Fails for non-finite input or warning below alert threshold.
Result<AlertLevel> FrostAlert(double tmin_c, const FrostOptions& options = {});

struct HeatOptions {
  // Tmax at or above which the crop is heat-stressed; 35 °C is where flowering and grain set
  // of maize, rice and wheat suffer. Set per crop where its threshold is known.
  double alert_at_or_above_c = 35.0;
};

// Heat stress from the daily maximum: kAlert when tmax >= threshold, else kNone.
Result<AlertLevel> HeatStressAlert(double tmax_c, const HeatOptions& options = {});

}  // namespace loka::agri

#endif  // LOKA_AGRI_THERMAL_H_
