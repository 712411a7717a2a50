// Sensor readings as they arrive from stations: sensor kinds with their canonical units and
// plausible ranges, unit conversion into the canonical unit, and the check every reading passes
// before it is stored, each refusal with a named reason. No I/O: the node, the CLI and the
// MQTT bridge parse their input into RawReading and call CheckReading. Thread contract: plain
// functions on values; the tables are immutable.
#ifndef LOKA_AGRI_READINGS_H_
#define LOKA_AGRI_READINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loka::agri {

// What a sensor measures. The canonical unit of each kind is in its comment: stored values,
// daily aggregates and the agronomy all use it.
enum class SensorKind {
  kAirTemperature,    // °C
  kDewPoint,          // °C
  kRelativeHumidity,  // %
  kWindSpeed,         // m/s, at the sensor's own height
  kWindDirection,     // degrees clockwise from north
  kSolarRadiation,    // W/m² (mean irradiance over the reading's interval)
  kRainfall,          // mm fallen since the previous reading
  kSoilMoisture,      // % volumetric water content
  kSoilTemperature,   // °C
  kPressure,          // kPa (station pressure)
  kLeafWetness,       // % of the interval wet
};

struct SensorKindInfo {
  SensorKind kind;
  std::string_view name;  // "air_temperature", as sensors are named in every input
  std::string_view unit;  // canonical unit, e.g. "C", "m/s", "kPa", "W/m2"
  double min;             // plausible range in the canonical unit, both ends accepted
  double max;
};

// Every kind, in enum order.
const std::vector<SensorKindInfo>& SensorKinds();
const SensorKindInfo& KindInfo(SensorKind kind);

// The kind a sensor name denotes. A sensor is named after its kind, optionally followed by
// '.' and a label of 1..32 of [A-Za-z0-9_-] telling two sensors of one kind apart
// ("soil_moisture.30cm"). nullopt for anything else.
std::optional<SensorKind> KindOfSensor(std::string_view sensor);

// Why a reading was refused. kNone means accepted.
enum class RejectReason {
  kNone,
  kMalformed,        // a field missing or of the wrong type (set by the parsers, not here)
  kBadStation,       // station id not 1..64 of [A-Za-z0-9_.-] starting with a letter or digit
  kStationMismatch,  // the reading names another station than its channel (MQTT topic)
  kUnknownSensor,    // sensor name is no known kind (see KindOfSensor)
  kUnknownUnit,      // unit text is no unit loka knows
  kWrongUnit,        // a known unit of another quantity ("mm" for air_temperature)
  kNotFinite,        // NaN or ±Inf
  kOutOfRange,       // outside the kind's plausible range after conversion
  kBadTime,          // timestamp not ISO-8601 (see agri/timestamp.h)
  kFutureTime,       // later than now + CheckOptions::max_future_skew_ms
  kTooOld,           // before CheckOptions::min_time_ms (2000-01-01)
  kExpired,          // before the sensor's retention cut-off: its day is already downsampled
  kStreamLimit,      // would create a station or sensor beyond the node's limits (set by the store)
};
constexpr int kNumRejectReasons = 14;

// "malformed", "bad_station", "station_mismatch", "unknown_sensor", "unknown_unit",
// "wrong_unit", "not_finite", "out_of_range", "bad_time", "future_time", "too_old", "expired",
// "stream_limit";
// "none" for kNone.
std::string_view RejectReasonName(RejectReason reason);

// A reading as received, before any check. Strings are views into the caller's buffers.
struct RawReading {
  std::string_view station;
  std::string_view sensor;
  int64_t time_ms = 0;  // Unix time; parse text with ParseReadingTime
  double value = 0;
  std::string_view unit;
};

// A reading that passed CheckReading: its value is in the canonical unit of `kind`.
struct Reading {
  std::string station;
  std::string sensor;
  SensorKind kind = SensorKind::kAirTemperature;
  int64_t time_ms = 0;
  double value = 0;
};

struct CheckOptions {
  int64_t now_ms = 0;  // REQUIRES: set by the caller (the clock is a seam for tests)
  // Station clocks drift and batches travel: readings up to this far ahead of now_ms pass.
  int64_t max_future_skew_ms = 5 * 60 * 1000;
  // Earlier readings are refused as too_old: 2000-01-01T00:00:00Z. A logger whose clock
  // reset to 1970 after a power loss is the usual source.
  int64_t min_time_ms = 946684800000;
};

// Converts `value` in `unit` into the canonical unit of `kind`. Units are matched exactly
// after trimming, from a fixed list of spellings (docs/sense.md): "C", "°C", "degC", "F", "K",
// "%", "fraction", "m3/m3", "m/s", "km/h", "mph", "kn", "deg", "W/m2", "W/m²", "MJ/m2/day",
// "mm", "in", "kPa", "hPa", "mbar", "Pa", "inHg", ... Empty `unit` means the canonical unit.
// Returns kNone with *out set, kUnknownUnit or kWrongUnit.
RejectReason ToCanonical(SensorKind kind, double value, std::string_view unit, double* out);

// Checks one reading: station id, sensor name, finite value, unit, range after conversion,
// time within [min_time_ms, now_ms + max_future_skew_ms]. On kNone `*out` holds the canonical
// reading; otherwise `*out` is unspecified and the result names the first failed check.
RejectReason CheckReading(const RawReading& in, const CheckOptions& options, Reading* out);

// Station ids: 1..64 of [A-Za-z0-9_.-], starting with a letter or digit.
bool ValidStationId(std::string_view id);

// ISO-8601 text (agri/timestamp.h) to milliseconds; fractional seconds are kept to the
// millisecond. nullopt when the text does not parse.
std::optional<int64_t> ParseReadingTime(std::string_view text);

// A day's mean irradiance in W/m² (solar_radiation's canonical unit) as the day's total in
// MJ/m²/day, the unit of FAO-56's Rs: x 86400 s / 1e6 J per MJ (FAO-56 Annex 1).
double DailyRadiationMjPerM2(double mean_w_per_m2);

}  // namespace loka::agri

#endif  // LOKA_AGRI_READINGS_H_
