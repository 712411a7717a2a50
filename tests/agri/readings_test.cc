// Reading checks: unit conversion against published equivalences, range checks per kind, and
// every rejection reason on the input that should produce it.
#include "agri/readings.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

namespace loka::agri {
namespace {

constexpr int64_t kNow = 1717200000000;  // 2024-06-01T00:00:00Z

CheckOptions Options() {
  CheckOptions o;
  o.now_ms = kNow;
  return o;
}

struct ConversionCase {
  const char* sensor;
  double value;
  const char* unit;
  double canonical;
  double tolerance;
};

// Expected values are definitions or standard tables, not this code's output: 32 °F is water's
// freezing point and 104 °F = 40 °C (F = C * 9/5 + 32); 1 mph = 0.44704 m/s and 1 in = 25.4 mm exactly
// (international yard and pound, 1959); 1 kn = 1852 m/h; the standard atmosphere is
// 101.325 kPa = 1013.25 hPa = 29.921 inHg = 760 mmHg; FAO-56 Annex 1: 1 W/m² = 0.0864
// MJ/m²/day.
const ConversionCase kConversions[] = {
    {"air_temperature", 32, "F", 0, 1e-9},
    {"air_temperature", 104, "°F", 40, 1e-9},
    {"air_temperature", -40, "degF", -40, 1e-9},
    {"air_temperature", 273.15, "K", 0, 1e-9},
    {"air_temperature", 21.5, "C", 21.5, 0},
    {"air_temperature", 21.5, "", 21.5, 0},
    {"soil_temperature", 50, "F", 10, 1e-9},
    {"dew_point", 283.15, "kelvin", 10, 1e-9},
    {"wind_speed", 36, "km/h", 10, 1e-9},
    {"wind_speed", 10, "mph", 4.4704, 1e-9},
    {"wind_speed", 10, "kn", 5.144444, 1e-6},
    {"wind_speed", 3.2, "m/s", 3.2, 0},
    {"pressure", 1013.25, "hPa", 101.325, 1e-9},
    {"pressure", 1013.25, "mbar", 101.325, 1e-9},
    {"pressure", 29.921, "inHg", 101.325, 2e-3},
    {"pressure", 760, "mmHg", 101.325, 1e-3},
    {"pressure", 101325, "Pa", 101.325, 1e-9},
    {"solar_radiation", 0.0864, "MJ/m2/day", 1, 1e-9},
    {"solar_radiation", 25.92, "MJ/m²/day", 300, 1e-9},
    {"solar_radiation", 0.5, "kW/m2", 500, 1e-9},
    {"solar_radiation", 1.8, "MJ/m2/h", 500, 1e-9},
    {"rainfall", 1, "in", 25.4, 1e-9},
    {"rainfall", 1.2, "cm", 12, 1e-9},
    {"relative_humidity", 0.55, "fraction", 55, 1e-9},
    {"soil_moisture", 0.31, "m3/m3", 31, 1e-9},
    {"soil_moisture.30cm", 31, "%", 31, 0},
    {"wind_direction", 270, "deg", 270, 0},
};

TEST(ReadingsTest, ConvertsToCanonicalUnits) {
  for (const ConversionCase& c : kConversions) {
    RawReading in{"st1", c.sensor, kNow - 1000, c.value, c.unit};
    Reading out;
    ASSERT_EQ(CheckReading(in, Options(), &out), RejectReason::kNone)
        << c.sensor << " " << c.value << " " << c.unit;
    EXPECT_NEAR(out.value, c.canonical, c.tolerance) << c.sensor << " " << c.value << " " << c.unit;
    EXPECT_EQ(out.sensor, c.sensor);
    EXPECT_EQ(out.station, "st1");
    EXPECT_EQ(out.time_ms, kNow - 1000);
  }
}

struct RejectCase {
  const char* station;
  const char* sensor;
  int64_t time_ms;
  double value;
  const char* unit;
  RejectReason reason;
};

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

const RejectCase kRejects[] = {
    {"", "air_temperature", kNow, 20, "C", RejectReason::kBadStation},
    {"-st", "air_temperature", kNow, 20, "C", RejectReason::kBadStation},
    {"st/1", "air_temperature", kNow, 20, "C", RejectReason::kBadStation},
    {"st 1", "air_temperature", kNow, 20, "C", RejectReason::kBadStation},
    {"st1", "air_temp", kNow, 20, "C", RejectReason::kUnknownSensor},
    {"st1", "soil_moisture.", kNow, 20, "%", RejectReason::kUnknownSensor},
    {"st1", "soil_moisture.a.b", kNow, 20, "%", RejectReason::kUnknownSensor},
    {"st1", "", kNow, 20, "C", RejectReason::kUnknownSensor},
    {"st1", "air_temperature", kNow, kNaN, "C", RejectReason::kNotFinite},
    {"st1", "air_temperature", kNow, kInf, "C", RejectReason::kNotFinite},
    {"st1", "air_temperature", kNow, -kInf, "C", RejectReason::kNotFinite},
    {"st1", "air_temperature", kNow, 20, "furlongs", RejectReason::kUnknownUnit},
    {"st1", "air_temperature", kNow, 20, "c", RejectReason::kUnknownUnit},
    {"st1", "air_temperature", kNow, 20, "mm", RejectReason::kWrongUnit},
    {"st1", "rainfall", kNow, 20, "C", RejectReason::kWrongUnit},
    {"st1", "wind_speed", kNow, 20, "hPa", RejectReason::kWrongUnit},
    {"st1", "pressure", kNow, 20, "m/s", RejectReason::kWrongUnit},
    // 95 °F sent as °C: out of range once read as Celsius.
    {"st1", "air_temperature", kNow, 95, "C", RejectReason::kOutOfRange},
    {"st1", "air_temperature", kNow, 0, "K", RejectReason::kOutOfRange},
    {"st1", "relative_humidity", kNow, 101, "%", RejectReason::kOutOfRange},
    {"st1", "relative_humidity", kNow, -1, "%", RejectReason::kOutOfRange},
    {"st1", "wind_speed", kNow, -0.5, "m/s", RejectReason::kOutOfRange},
    {"st1", "rainfall", kNow, -1, "mm", RejectReason::kOutOfRange},
    // 1013 hPa sent as kPa.
    {"st1", "pressure", kNow, 1013, "kPa", RejectReason::kOutOfRange},
    {"st1", "solar_radiation", kNow, 2000, "W/m2", RejectReason::kOutOfRange},
    {"st1", "soil_moisture", kNow, 1.5, "m3/m3", RejectReason::kOutOfRange},
    {"st1", "wind_direction", kNow, 361, "deg", RejectReason::kOutOfRange},
    // A logger whose clock reset to 1970.
    {"st1", "air_temperature", 0, 20, "C", RejectReason::kTooOld},
    {"st1", "air_temperature", 946684799999, 20, "C", RejectReason::kTooOld},
    {"st1", "air_temperature", kNow + 5 * 60 * 1000 + 1, 20, "C", RejectReason::kFutureTime},
    {"st1", "air_temperature", kNow + 86400000LL * 365, 20, "C", RejectReason::kFutureTime},
};

TEST(ReadingsTest, RejectsWithNamedReason) {
  for (const RejectCase& c : kRejects) {
    RawReading in{c.station, c.sensor, c.time_ms, c.value, c.unit};
    Reading out;
    EXPECT_EQ(RejectReasonName(CheckReading(in, Options(), &out)), RejectReasonName(c.reason))
        << "station=" << c.station << " sensor=" << c.sensor << " time=" << c.time_ms
        << " value=" << c.value << " unit=" << c.unit;
  }
}

TEST(ReadingsTest, BoundariesAreAccepted) {
  Reading out;
  const CheckOptions o = Options();
  EXPECT_EQ(CheckReading({"st1", "air_temperature", o.min_time_ms, 60, "C"}, o, &out),
            RejectReason::kNone);
  EXPECT_EQ(CheckReading({"st1", "air_temperature", kNow + o.max_future_skew_ms, -60, "C"}, o,
                         &out),
            RejectReason::kNone);
  EXPECT_EQ(CheckReading({"st1", "relative_humidity", kNow, 100, "%"}, o, &out),
            RejectReason::kNone);
  EXPECT_EQ(CheckReading({"st1", "solar_radiation", kNow, -3, "W/m2"}, o, &out),
            RejectReason::kNone);
  EXPECT_EQ(CheckReading({"A.b_c-9", "rainfall", kNow, 0, "mm"}, o, &out), RejectReason::kNone);
}

TEST(ReadingsTest, ReasonNamesAreDistinct) {
  std::set<std::string_view> names;
  for (int i = 0; i < kNumRejectReasons; ++i) {
    names.insert(RejectReasonName(static_cast<RejectReason>(i)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kNumRejectReasons));
  EXPECT_EQ(RejectReasonName(RejectReason::kFutureTime), "future_time");
  EXPECT_EQ(RejectReasonName(RejectReason::kExpired), "expired");
  EXPECT_EQ(RejectReasonName(RejectReason::kStreamLimit), "stream_limit");
}

TEST(ReadingsTest, KindsHaveCanonicalUnitsAndSaneRanges) {
  for (const SensorKindInfo& k : SensorKinds()) {
    EXPECT_EQ(&KindInfo(k.kind), &k);
    EXPECT_LT(k.min, k.max) << k.name;
    double v = 0;
    EXPECT_EQ(ToCanonical(k.kind, 1.0, k.unit, &v), RejectReason::kNone) << k.name;
    EXPECT_EQ(v, 1.0) << k.name;
    EXPECT_EQ(KindOfSensor(k.name), k.kind);
  }
}

TEST(ReadingsTest, ParsesTimesToTheMillisecond) {
  EXPECT_EQ(ParseReadingTime("2024-06-01T00:00:00Z"), kNow);
  EXPECT_EQ(ParseReadingTime("2024-06-01T00:00:00.250Z"), kNow + 250);
  EXPECT_EQ(ParseReadingTime("2024-06-01T00:00:00.5"), kNow + 500);
  EXPECT_EQ(ParseReadingTime("2024-06-01T00:00:00.123456+00:00"), kNow + 123);
  EXPECT_EQ(ParseReadingTime("2024-06-01T03:00:00+03:00"), kNow);
  EXPECT_EQ(ParseReadingTime("2024-06-01"), kNow);
  EXPECT_EQ(ParseReadingTime("2024-06-31T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseReadingTime("yesterday"), std::nullopt);
  EXPECT_EQ(ParseReadingTime(""), std::nullopt);
}

}  // namespace
}  // namespace loka::agri
