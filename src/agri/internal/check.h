// Input checks shared by the agri entry points. Each returns OK or InvalidArgument naming the
// input, its value and what was expected ("rh_pct = 120: must be within [0, 100]").
#ifndef LOKA_AGRI_INTERNAL_CHECK_H_
#define LOKA_AGRI_INTERNAL_CHECK_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace loka::agri::internal {

// Shortest round-trippable-enough text for a value in an error message ("%g"; "nan", "inf").
std::string FormatNumber(double value);

// InvalidArgument "<name> = <value>: not a finite number" for NaN and infinities.
Status CheckFinite(std::string_view name, double value);

// Finite and lo <= value <= hi.
Status CheckRange(std::string_view name, double value, double lo, double hi);

// Finite and value >= lo.
Status CheckAtLeast(std::string_view name, double value, double lo);

// Bounds of what a weather station can report; beyond them a value is a unit or sensor error.
inline constexpr double kMinAirTempC = -90;     // lowest recorded: -89.2 °C
inline constexpr double kMaxAirTempC = 60;      // highest recorded: 56.7 °C
inline constexpr double kMinElevationM = -500;  // Dead Sea shore: about -430 m
inline constexpr double kMaxElevationM = 9000;
inline constexpr double kMaxWindMPerS = 120;

// lat_deg within [-90, 90].
Status CheckLatitude(double lat_deg);
// elevation_m within [kMinElevationM, kMaxElevationM].
Status CheckElevation(double elevation_m);
// doy within [1, 366].
Status CheckDayOfYear(int doy);
// Both temperatures within [kMinAirTempC, kMaxAirTempC] and tmin_c <= tmax_c.
Status CheckTemperatures(double tmax_c, double tmin_c);

}  // namespace loka::agri::internal

#endif  // LOKA_AGRI_INTERNAL_CHECK_H_
