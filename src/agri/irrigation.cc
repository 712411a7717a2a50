#include "agri/irrigation.h"

#include <string>

#include "agri/internal/check.h"

namespace loka::agri {

using internal::CheckRange;
using internal::FormatNumber;

std::string_view IrrigationMethodName(IrrigationMethod method) {
  switch (method) {
    case IrrigationMethod::kDrip:
      return "drip";
    case IrrigationMethod::kSprinkler:
      return "sprinkler";
    case IrrigationMethod::kSurface:
      return "surface";
  }
  return "unknown";
}

Result<IrrigationMethod> ParseIrrigationMethod(std::string_view name) {
  for (IrrigationMethod m :
       {IrrigationMethod::kDrip, IrrigationMethod::kSprinkler, IrrigationMethod::kSurface}) {
    if (name == IrrigationMethodName(m)) return m;
  }
  return InvalidArgument("unknown irrigation method \"" + std::string(name) +
                         "\": expected drip, sprinkler or surface");
}

double DefaultApplicationEfficiency(IrrigationMethod method) {
  switch (method) {
    case IrrigationMethod::kDrip:
      return 0.90;
    case IrrigationMethod::kSprinkler:
      return 0.75;
    case IrrigationMethod::kSurface:
      return 0.60;
  }
  return 0.60;
}

Result<IrrigationAdvice> AdviseIrrigation(double depletion_mm, double taw_mm, double raw_mm,
                                          const IrrigationPolicy& policy) {
  LOKA_RETURN_IF_ERROR(internal::CheckAtLeast("taw_mm", taw_mm, 0));
  LOKA_RETURN_IF_ERROR(CheckRange("raw_mm", raw_mm, 0, taw_mm));
  LOKA_RETURN_IF_ERROR(CheckRange("depletion_mm", depletion_mm, 0, taw_mm));
  IrrigationAdvice a;
  a.efficiency = policy.efficiency.value_or(DefaultApplicationEfficiency(policy.method));
  if (policy.efficiency) LOKA_RETURN_IF_ERROR(CheckRange("efficiency", a.efficiency, 0.05, 1));
  if (policy.allowed_depletion_fraction) {
    LOKA_RETURN_IF_ERROR(
        CheckRange("allowed_depletion_fraction", *policy.allowed_depletion_fraction, 0.01, 1));
    a.threshold_mm = *policy.allowed_depletion_fraction * taw_mm;
  } else {
    a.threshold_mm = raw_mm;
  }
  // Irrigate when Dr >= RAW (FAO-56 p. 171); a full root zone never needs water.
  a.irrigate = depletion_mm > 0 && depletion_mm >= a.threshold_mm;
  if (a.irrigate) {
    a.net_mm = depletion_mm;  // I <= Dr avoids deep percolation (FAO-56 p. 171)
    a.gross_mm = a.net_mm / a.efficiency;
  }
  return a;
}

}  // namespace loka::agri
