// Irrigation advice from the root-zone balance: when to irrigate (depletion has reached RAW,
// FAO-56 chapter 8 "Forecasting or allocating irrigations", or a management allowed
// depletion), how much net water refills the root zone to field capacity (I <= Dr avoids deep
// percolation, same section), and the gross depth for the irrigation method's application
// efficiency. Thread contract: plain functions on values.
#ifndef LOKA_AGRI_IRRIGATION_H_
#define LOKA_AGRI_IRRIGATION_H_

#include <optional>
#include <string_view>

#include "core/status.h"

namespace loka::agri {

enum class IrrigationMethod { kDrip, kSprinkler, kSurface };

// "drip", "sprinkler", "surface".
std::string_view IrrigationMethodName(IrrigationMethod method);

// The method named by IrrigationMethodName, or InvalidArgument listing the names.
Result<IrrigationMethod> ParseIrrigationMethod(std::string_view name);

// Typical field application efficiency: drip 0.90, sprinkler 0.75, surface (furrow, basin,
// border) 0.60. These are the planning values of FAO's irrigation water management training
// manuals, not FAO-56 values; a well-run or a neglected system can differ by 0.1-0.2, so
// override them with IrrigationPolicy::efficiency where the site's efficiency is known.
double DefaultApplicationEfficiency(IrrigationMethod method);

struct IrrigationPolicy {
  IrrigationMethod method = IrrigationMethod::kSprinkler;
  // Application efficiency in (0, 1]; default DefaultApplicationEfficiency(method).
  std::optional<double> efficiency;
  // Management allowed depletion as a fraction of TAW, in (0, 1]. Default: irrigate at RAW
  // (= p TAW), the start of water stress. MAD < p trades water for risk aversion; MAD > p
  // accepts some stress (FAO-56 p. 167).
  std::optional<double> allowed_depletion_fraction;
};

struct IrrigationAdvice {
  bool irrigate = false;
  double threshold_mm = 0;  // depletion at which to irrigate: RAW or MAD × TAW
  double net_mm = 0;        // depth to refill the root zone to field capacity: Dr
  double gross_mm = 0;      // net / efficiency: what the system must deliver
  double efficiency = 0;
};

// Advice for a root zone at depletion `depletion_mm` with the day's TAW and RAW: irrigate when
// Dr >= threshold, net = Dr, gross = net / efficiency. Fails with InvalidArgument for
// non-finite or negative depths, RAW > TAW, depletion > TAW, or a policy value out of range.
Result<IrrigationAdvice> AdviseIrrigation(double depletion_mm, double taw_mm, double raw_mm,
                                          const IrrigationPolicy& policy = {});

}  // namespace loka::agri

#endif  // LOKA_AGRI_IRRIGATION_H_
