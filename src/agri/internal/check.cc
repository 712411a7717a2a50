#include "agri/internal/check.h"

#include <cmath>
#include <cstdio>

namespace loka::agri::internal {

std::string FormatNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", value);
  return buf;
}

Status CheckFinite(std::string_view name, double value) {
  if (std::isfinite(value)) return Status::Ok();
  return InvalidArgument(std::string(name) + " = " + FormatNumber(value) + ": not a finite number");
}

Status CheckRange(std::string_view name, double value, double lo, double hi) {
  LOKA_RETURN_IF_ERROR(CheckFinite(name, value));
  if (value >= lo && value <= hi) return Status::Ok();
  return InvalidArgument(std::string(name) + " = " + FormatNumber(value) + ": must be within [" +
                         FormatNumber(lo) + ", " + FormatNumber(hi) + "]");
}

Status CheckAtLeast(std::string_view name, double value, double lo) {
  LOKA_RETURN_IF_ERROR(CheckFinite(name, value));
  if (value >= lo) return Status::Ok();
  return InvalidArgument(std::string(name) + " = " + FormatNumber(value) +
                         ": must be >= " + FormatNumber(lo));
}

Status CheckLatitude(double lat_deg) { return CheckRange("lat_deg", lat_deg, -90, 90); }

Status CheckElevation(double elevation_m) {
  return CheckRange("elevation_m", elevation_m, kMinElevationM, kMaxElevationM);
}

Status CheckDayOfYear(int doy) {
  if (doy >= 1 && doy <= 366) return Status::Ok();
  return InvalidArgument("doy = " + std::to_string(doy) + ": must be within [1, 366]");
}

Status CheckTemperatures(double tmax_c, double tmin_c) {
  LOKA_RETURN_IF_ERROR(CheckRange("tmax_c", tmax_c, kMinAirTempC, kMaxAirTempC));
  LOKA_RETURN_IF_ERROR(CheckRange("tmin_c", tmin_c, kMinAirTempC, kMaxAirTempC));
  if (tmin_c <= tmax_c) return Status::Ok();
  return InvalidArgument("tmin_c = " + FormatNumber(tmin_c) +
                         " is above tmax_c = " + FormatNumber(tmax_c));
}

}  // namespace loka::agri::internal
