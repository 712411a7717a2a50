#include "agri/thermal.h"

#include <algorithm>

#include "agri/internal/check.h"

namespace loka::agri {

using internal::CheckRange;
using internal::FormatNumber;
using internal::kMaxAirTempC;
using internal::kMinAirTempC;

Result<double> GrowingDegreeDays(double tmax_c, double tmin_c, const GddOptions& options) {
  LOKA_RETURN_IF_ERROR(internal::CheckTemperatures(tmax_c, tmin_c));
  LOKA_RETURN_IF_ERROR(CheckRange("base_c", options.base_c, kMinAirTempC, kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(CheckRange("cap_c", options.cap_c, kMinAirTempC, kMaxAirTempC));
  if (options.cap_c <= options.base_c) {
    return InvalidArgument("cap_c = " + FormatNumber(options.cap_c) +
                           " is not above base_c = " + FormatNumber(options.base_c));
  }
  // McMaster and Wilhelm (1997) method 2, with the upper cap.
  const double hi = std::clamp(tmax_c, options.base_c, options.cap_c);
  const double lo = std::clamp(tmin_c, options.base_c, options.cap_c);
  return (hi + lo) / 2.0 - options.base_c;
}

std::string_view AlertLevelName(AlertLevel level) {
  switch (level) {
    case AlertLevel::kNone:
      return "none";
    case AlertLevel::kWarning:
      return "warning";
    case AlertLevel::kAlert:
      return "alert";
  }
  return "unknown";
}

Result<AlertLevel> FrostAlert(double tmin_c, const FrostOptions& options) {
  LOKA_RETURN_IF_ERROR(CheckRange("tmin_c", tmin_c, kMinAirTempC, kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(
      CheckRange("alert_at_or_below_c", options.alert_at_or_below_c, kMinAirTempC, kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(CheckRange("warning_at_or_below_c", options.warning_at_or_below_c,
                                  kMinAirTempC, kMaxAirTempC));
  if (options.warning_at_or_below_c < options.alert_at_or_below_c) {
    return InvalidArgument(
        "warning_at_or_below_c = " + FormatNumber(options.warning_at_or_below_c) +
        " is below alert_at_or_below_c = " + FormatNumber(options.alert_at_or_below_c));
  }
  if (tmin_c <= options.alert_at_or_below_c) return AlertLevel::kAlert;
  if (tmin_c <= options.warning_at_or_below_c) return AlertLevel::kWarning;
  return AlertLevel::kNone;
}

Result<AlertLevel> HeatStressAlert(double tmax_c, const HeatOptions& options) {
  LOKA_RETURN_IF_ERROR(CheckRange("tmax_c", tmax_c, kMinAirTempC, kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(
      CheckRange("alert_at_or_above_c", options.alert_at_or_above_c, kMinAirTempC, kMaxAirTempC));
  return tmax_c >= options.alert_at_or_above_c ? AlertLevel::kAlert : AlertLevel::kNone;
}

}  // namespace loka::agri
