// CSV lines to readings: field splitting with quotes, long and wide layouts, column mappings,
// and the errors that name what is wrong.
#include "agri/readings_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace loka::agri {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReadingsCsvTest, SplitsFieldsWithQuotes) {
  std::vector<std::string> f;
  ASSERT_TRUE(SplitCsvLine("a, b ,\"c,d\",\"e \"\"q\"\"\",,", &f).ok());
  EXPECT_THAT(f, ElementsAre("a", "b", "c,d", "e \"q\"", "", ""));
  ASSERT_TRUE(SplitCsvLine("x\r", &f).ok());
  EXPECT_THAT(f, ElementsAre("x"));
  EXPECT_THAT(SplitCsvLine("\"open,", &f).message(), HasSubstr("unterminated quote"));
  EXPECT_THAT(SplitCsvLine("a\"b", &f).message(), HasSubstr("quote inside an unquoted field"));
  EXPECT_THAT(SplitCsvLine("\"a\"b", &f).message(), HasSubstr("after a closing quote"));
}

TEST(ReadingsCsvTest, LongLayout) {
  Result<CsvReadingsParser> p =
      CsvReadingsParser::Create("station,sensor,time,value,unit", CsvMapping{});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->wide());
  std::vector<CsvReading> out;
  ASSERT_TRUE(p->ParseLine("s1,rainfall,2024-06-01T00:00:00Z,1.5,in", 2, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,rainfall,2024-06-01T01:00:00Z,x,mm", 3, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,rainfall,June 1,1,mm", 4, &out).ok());
  ASSERT_TRUE(p->ParseLine("   ", 5, &out).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].line, 2);
  EXPECT_EQ(out[0].station, "s1");
  EXPECT_EQ(out[0].sensor, "rainfall");
  EXPECT_EQ(out[0].time_ms, 1717200000000);
  EXPECT_EQ(out[0].value, 1.5);
  EXPECT_EQ(out[0].unit, "in");
  EXPECT_EQ(out[0].parse_error, RejectReason::kNone);
  EXPECT_EQ(out[1].parse_error, RejectReason::kMalformed);
  EXPECT_EQ(out[2].parse_error, RejectReason::kBadTime);
  Status s = p->ParseLine("s1,rainfall,2024-06-01", 6, &out);
  EXPECT_THAT(s.message(), HasSubstr("line 6: expected 5 fields, got 3"));
  EXPECT_EQ(out.size(), 3u);
}

// Values are plain decimals (core/number.h): hexadecimal, which strtod would read ("0x10" as
// 16), and a decimal comma are malformed; NaN and infinity read as themselves, for the checks
// to refuse as not_finite; spaces around a cell are allowed.
TEST(ReadingsCsvTest, ValuesAreDecimalNumbersOnly) {
  Result<CsvReadingsParser> p =
      CsvReadingsParser::Create("time,station,sensor,value,unit", CsvMapping{});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<CsvReading> out;
  for (const char* value : {"0x10", "\"12,5\"", "1e999", "NaN", "-inf", " 16 ", "1.6e1"}) {
    const std::string line = std::string("2024-06-01T15:00:00Z,st1,air_temperature,") + value + ",C";
    ASSERT_TRUE(p->ParseLine(line, 2, &out).ok()) << line;
  }
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[0].parse_error, RejectReason::kMalformed);
  EXPECT_EQ(out[1].parse_error, RejectReason::kMalformed);
  EXPECT_EQ(out[2].parse_error, RejectReason::kNone);
  EXPECT_TRUE(std::isinf(out[2].value));
  EXPECT_TRUE(std::isnan(out[3].value));
  EXPECT_EQ(out[4].value, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(out[5].value, 16.0);
  EXPECT_EQ(out[6].value, 16.0);
}

// A long file without a unit column, or with an empty unit cell, reads those rows in canonical
// units; the parser names their sensors (once each, in order) so the import can say so.
TEST(ReadingsCsvTest, LongLayoutNamesTheSensorsReadWithoutAUnit) {
  CsvMapping m;
  m.units = {{"rainfall", "in"}};
  Result<CsvReadingsParser> p = CsvReadingsParser::Create("station,sensor,time,value", m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->assumed_units().empty());  // not known before the rows
  std::vector<CsvReading> out;
  ASSERT_TRUE(p->ParseLine("s1,air_temperature,2024-06-01T00:00:00Z,20", 2, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,rainfall,2024-06-01T00:00:00Z,1", 3, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,air_temperature,2024-06-01T01:00:00Z,21", 4, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,leaf_colour,2024-06-01T01:00:00Z,3", 5, &out).ok());
  ASSERT_TRUE(p->ParseLine("s1,soil_moisture.30cm,2024-06-01T01:00:00Z,31", 6, &out).ok());
  EXPECT_EQ(out[1].unit, "in");  // --unit applies
  EXPECT_THAT(p->assumed_units(), ElementsAre("air_temperature", "soil_moisture.30cm"));

  Result<CsvReadingsParser> with_unit =
      CsvReadingsParser::Create("station,sensor,time,value,unit", CsvMapping{});
  ASSERT_TRUE(with_unit.ok()) << with_unit.status().ToString();
  ASSERT_TRUE(with_unit->ParseLine("s1,pressure,2024-06-01T00:00:00Z,101,kPa", 2, &out).ok());
  EXPECT_TRUE(with_unit->assumed_units().empty());
  ASSERT_TRUE(with_unit->ParseLine("s1,pressure,2024-06-01T01:00:00Z,101,", 3, &out).ok());
  EXPECT_THAT(with_unit->assumed_units(), ElementsAre("pressure"));
}

TEST(ReadingsCsvTest, WideLayoutWithMappingAndUnits) {
  CsvMapping m;
  m.columns = {{"time", "ts"}, {"air_temperature", "t_f"}, {"soil_moisture.30cm", "sm30"}};
  m.station = "st9";
  m.units = {{"air_temperature", "F"}};
  Result<CsvReadingsParser> p = CsvReadingsParser::Create("ts,t_f,sm30,rainfall,note", m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->wide());
  EXPECT_THAT(p->assumed_units(), ElementsAre("soil_moisture.30cm", "rainfall"));
  std::vector<CsvReading> out;
  ASSERT_TRUE(p->ParseLine("2024-06-01T00:00:00Z,70,,0.2,hello", 2, &out).ok());
  ASSERT_EQ(out.size(), 2u);  // the empty soil-moisture cell is no reading
  EXPECT_EQ(out[0].sensor, "air_temperature");
  EXPECT_EQ(out[0].unit, "F");
  EXPECT_EQ(out[0].column, "t_f");
  EXPECT_EQ(out[0].station, "st9");
  EXPECT_EQ(out[1].sensor, "rainfall");
  EXPECT_EQ(out[1].unit, "");
}

TEST(ReadingsCsvTest, HeaderErrorsNameTheProblem) {
  struct Case {
    const char* header;
    std::map<std::string, std::string> columns;
    const char* station;
    const char* message;
  };
  const Case cases[] = {
      {"when,rainfall", {}, "s", "no \"time\" column"},
      {"time,rainfall", {}, "", "no \"station\" column and no --station"},
      {"time,foo", {}, "s", "no sensor columns"},
      {"time,sensor,rainfall", {}, "s", "go together"},
      {"time,x", {{"rainfall", "y"}}, "s", "no column \"y\""},
      {"time,x", {{"humidity", "x"}}, "s", "\"humidity\" is neither"},
      {"time,rainfall,rainfall", {}, "s", "appears twice"},
      {"time,\"rain", {}, "s", "unterminated quote"},
  };
  for (const Case& c : cases) {
    CsvMapping m;
    m.columns = c.columns;
    m.station = c.station;
    Result<CsvReadingsParser> p = CsvReadingsParser::Create(c.header, m);
    ASSERT_FALSE(p.ok()) << c.header;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr(c.message)) << c.header;
  }
}

}  // namespace
}  // namespace loka::agri
