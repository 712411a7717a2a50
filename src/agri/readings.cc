#include "agri/readings.h"

#include <cmath>

#include "agri/timestamp.h"
#include "core/time.h"

namespace loka::agri {
namespace {

// What a unit measures; a unit converts only into kinds of the same quantity.
enum class Quantity { kTemperature, kPercent, kSpeed, kAngle, kIrradiance, kLength, kPressure };

Quantity QuantityOf(SensorKind kind) {
  switch (kind) {
    case SensorKind::kAirTemperature:
    case SensorKind::kDewPoint:
    case SensorKind::kSoilTemperature: return Quantity::kTemperature;
    case SensorKind::kRelativeHumidity:
    case SensorKind::kSoilMoisture:
    case SensorKind::kLeafWetness: return Quantity::kPercent;
    case SensorKind::kWindSpeed: return Quantity::kSpeed;
    case SensorKind::kWindDirection: return Quantity::kAngle;
    case SensorKind::kSolarRadiation: return Quantity::kIrradiance;
    case SensorKind::kRainfall: return Quantity::kLength;
    case SensorKind::kPressure: return Quantity::kPressure;
  }
  return Quantity::kTemperature;
}

// canonical = value * scale + offset.
struct UnitInfo {
  std::string_view spelling;
  Quantity quantity;
  double scale;
  double offset;
};

// 1 MJ/m²/day = 1e6 J / 86400 s per m² = 11.574 W/m² (FAO-56 Annex 1 conversion table).
constexpr double kWPerMjDay = 1e6 / kSecondsPerDay;
constexpr double kWPerMjHour = 1e6 / kSecondsPerHour;

constexpr UnitInfo kUnits[] = {
    {"C", Quantity::kTemperature, 1, 0},
    {"°C", Quantity::kTemperature, 1, 0},
    {"degC", Quantity::kTemperature, 1, 0},
    {"celsius", Quantity::kTemperature, 1, 0},
    {"F", Quantity::kTemperature, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"°F", Quantity::kTemperature, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"degF", Quantity::kTemperature, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"fahrenheit", Quantity::kTemperature, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"K", Quantity::kTemperature, 1, -273.15},
    {"kelvin", Quantity::kTemperature, 1, -273.15},
    {"%", Quantity::kPercent, 1, 0},
    {"pct", Quantity::kPercent, 1, 0},
    {"percent", Quantity::kPercent, 1, 0},
    {"fraction", Quantity::kPercent, 100, 0},
    {"m3/m3", Quantity::kPercent, 100, 0},
    {"m³/m³", Quantity::kPercent, 100, 0},
    {"m/s", Quantity::kSpeed, 1, 0},
    {"m s-1", Quantity::kSpeed, 1, 0},
    {"km/h", Quantity::kSpeed, 1 / 3.6, 0},
    {"kph", Quantity::kSpeed, 1 / 3.6, 0},
    {"mph", Quantity::kSpeed, 0.44704, 0},
    {"kn", Quantity::kSpeed, 1852.0 / 3600.0, 0},
    {"knot", Quantity::kSpeed, 1852.0 / 3600.0, 0},
    {"deg", Quantity::kAngle, 1, 0},
    {"°", Quantity::kAngle, 1, 0},
    {"W/m2", Quantity::kIrradiance, 1, 0},
    {"W/m²", Quantity::kIrradiance, 1, 0},
    {"W m-2", Quantity::kIrradiance, 1, 0},
    {"kW/m2", Quantity::kIrradiance, 1000, 0},
    {"MJ/m2/day", Quantity::kIrradiance, kWPerMjDay, 0},
    {"MJ/m²/day", Quantity::kIrradiance, kWPerMjDay, 0},
    {"MJ m-2 day-1", Quantity::kIrradiance, kWPerMjDay, 0},
    {"MJ/m2/h", Quantity::kIrradiance, kWPerMjHour, 0},
    {"MJ/m²/h", Quantity::kIrradiance, kWPerMjHour, 0},
    {"mm", Quantity::kLength, 1, 0},
    {"cm", Quantity::kLength, 10, 0},
    {"in", Quantity::kLength, 25.4, 0},
    {"kPa", Quantity::kPressure, 1, 0},
    {"hPa", Quantity::kPressure, 0.1, 0},
    {"mbar", Quantity::kPressure, 0.1, 0},
    {"mb", Quantity::kPressure, 0.1, 0},
    {"Pa", Quantity::kPressure, 0.001, 0},
    {"bar", Quantity::kPressure, 100, 0},
    {"inHg", Quantity::kPressure, 3.386389, 0},
    {"mmHg", Quantity::kPressure, 0.1333224, 0},
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace

const std::vector<SensorKindInfo>& SensorKinds() {
  // Ranges: what a working sensor on a farm can report, wide enough for records (air -60..60 °C,
  // cyclone winds), narrow enough to catch unit mix-ups (°F sent as °C past 60, hPa as kPa).
  // Radiation allows -10 W/m²: pyranometers read slightly negative at night.
  static const std::vector<SensorKindInfo> kKinds = {
      {SensorKind::kAirTemperature, "air_temperature", "C", -60, 60},
      {SensorKind::kDewPoint, "dew_point", "C", -70, 40},
      {SensorKind::kRelativeHumidity, "relative_humidity", "%", 0, 100},
      {SensorKind::kWindSpeed, "wind_speed", "m/s", 0, 75},
      {SensorKind::kWindDirection, "wind_direction", "deg", 0, 360},
      {SensorKind::kSolarRadiation, "solar_radiation", "W/m2", -10, 1600},
      {SensorKind::kRainfall, "rainfall", "mm", 0, 500},
      {SensorKind::kSoilMoisture, "soil_moisture", "%", 0, 100},
      {SensorKind::kSoilTemperature, "soil_temperature", "C", -40, 80},
      {SensorKind::kPressure, "pressure", "kPa", 30, 110},
      {SensorKind::kLeafWetness, "leaf_wetness", "%", 0, 100},
  };
  return kKinds;
}

const SensorKindInfo& KindInfo(SensorKind kind) {
  return SensorKinds()[static_cast<size_t>(kind)];
}

std::optional<SensorKind> KindOfSensor(std::string_view sensor) {
  const size_t dot = sensor.find('.');
  const std::string_view kind = sensor.substr(0, dot);
  if (dot != std::string_view::npos) {
    const std::string_view label = sensor.substr(dot + 1);
    if (label.empty() || label.size() > 32) return std::nullopt;
    for (char c : label) {
      if (!IdChar(c) || c == '.') return std::nullopt;
    }
  }
  for (const SensorKindInfo& k : SensorKinds()) {
    if (k.name == kind) return k.kind;
  }
  return std::nullopt;
}

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone: return "none";
    case RejectReason::kMalformed: return "malformed";
    case RejectReason::kBadStation: return "bad_station";
    case RejectReason::kStationMismatch: return "station_mismatch";
    case RejectReason::kUnknownSensor: return "unknown_sensor";
    case RejectReason::kUnknownUnit: return "unknown_unit";
    case RejectReason::kWrongUnit: return "wrong_unit";
    case RejectReason::kNotFinite: return "not_finite";
    case RejectReason::kOutOfRange: return "out_of_range";
    case RejectReason::kBadTime: return "bad_time";
    case RejectReason::kFutureTime: return "future_time";
    case RejectReason::kTooOld: return "too_old";
    case RejectReason::kExpired: return "expired";
    case RejectReason::kStreamLimit: return "stream_limit";
  }
  return "none";
}

RejectReason ToCanonical(SensorKind kind, double value, std::string_view unit, double* out) {
  unit = Trim(unit);
  if (unit.empty()) {
    *out = value;
    return RejectReason::kNone;
  }
  for (const UnitInfo& u : kUnits) {
    if (u.spelling != unit) continue;
    if (u.quantity != QuantityOf(kind)) return RejectReason::kWrongUnit;
    *out = value * u.scale + u.offset;
    return RejectReason::kNone;
  }
  return RejectReason::kUnknownUnit;
}

bool ValidStationId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id[0] == '.' || id[0] == '-' || id[0] == '_') return false;
  for (char c : id) {
    if (!IdChar(c)) return false;
  }
  return true;
}

RejectReason CheckReading(const RawReading& in, const CheckOptions& options, Reading* out) {
  if (!ValidStationId(in.station)) return RejectReason::kBadStation;
  const std::optional<SensorKind> kind = KindOfSensor(in.sensor);
  if (!kind) return RejectReason::kUnknownSensor;
  if (!std::isfinite(in.value)) return RejectReason::kNotFinite;
  double value = 0;
  const RejectReason unit = ToCanonical(*kind, in.value, in.unit, &value);
  if (unit != RejectReason::kNone) return unit;
  const SensorKindInfo& info = KindInfo(*kind);
  if (!(value >= info.min && value <= info.max)) return RejectReason::kOutOfRange;
  if (in.time_ms < options.min_time_ms) return RejectReason::kTooOld;
  if (in.time_ms > options.now_ms + options.max_future_skew_ms) return RejectReason::kFutureTime;
  out->station.assign(in.station);
  out->sensor.assign(in.sensor);
  out->kind = *kind;
  out->time_ms = in.time_ms;
  out->value = value;
  return RejectReason::kNone;
}

std::optional<int64_t> ParseReadingTime(std::string_view text) {
  Result<int64_t> s = ParseIso8601(text);
  if (!s.ok()) return std::nullopt;
  int64_t ms = *s * 1000;
  // "YYYY-MM-DDTHH:MM:SS.fff...": ParseIso8601 validated the layout and dropped the fraction.
  if (text.size() > 20 && (text[19] == '.' || text[19] == ',')) {
    int64_t scale = 100;
    for (size_t i = 20; i < text.size() && scale > 0; ++i, scale /= 10) {
      if (text[i] < '0' || text[i] > '9') break;
      ms += (text[i] - '0') * scale;
    }
  }
  return ms;
}

double DailyRadiationMjPerM2(double mean_w_per_m2) {
  return mean_w_per_m2 * (kSecondsPerDay / 1e6);
}

}  // namespace loka::agri
