// Sensor readings from CSV text, one line at a time, with a column mapping. Two layouts:
//   long:  one reading per row, columns time, station, sensor, value, unit (unit optional);
//   wide:  one row per time, one column per sensor (named after it, or mapped with
//          `air_temperature=temp_f`), station from a column or a fixed default.
// Fields are separated by commas; a field may be double-quoted ("" inside is a quote); quoted
// fields do not span lines. No I/O: the caller feeds lines. Thread contract: a parser is used
// by one thread at a time.
#ifndef LOKA_AGRI_READINGS_CSV_H_
#define LOKA_AGRI_READINGS_CSV_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agri/readings.h"
#include "core/status.h"

namespace loka::agri {

struct CsvMapping {
  // loka field -> CSV column. Fields: "time", "station", "sensor", "value", "unit", or a
  // sensor name (wide layout). A field not mapped uses the column of the same name if any.
  std::map<std::string, std::string> columns;
  // Station of every row when there is no station column.
  std::string station;
  // Unit per sensor name for rows whose unit is not in a column. Sensors with neither are
  // taken to be in their kind's canonical unit (see CsvReadingsParser::assumed_units).
  std::map<std::string, std::string> units;
};

// One reading read from a CSV line: its values copied out of the line.
struct CsvReading {
  int64_t line = 0;  // 1-based line number in the file
  std::string station, sensor, unit;
  int64_t time_ms = 0;
  double value = 0;
  RejectReason parse_error = RejectReason::kNone;  // kMalformed, kBadTime, kNotFinite or none
  std::string column;  // header name of the column the value came from, for messages
};

class CsvReadingsParser {
 public:
  // Reads the header. Errors (invalid_argument, naming the column or field): no time column,
  // a mapped column that is not in the header, neither a station column nor a default
  // station, neither sensor+value columns nor any sensor column, a --map field that is
  // neither a loka field nor a sensor name, a --unit for a name that is no sensor or with a
  // unit not of its kind, a default station that is no valid id, duplicate header names.
  static Result<CsvReadingsParser> Create(std::string_view header, const CsvMapping& mapping);

  // Appends the readings of data line `line_no` to `out` (wide: one per non-empty sensor
  // cell). A blank line yields nothing. Errors (invalid_argument naming the line): a wrong
  // field count or an unterminated quote; nothing is appended then.
  Status ParseLine(std::string_view line, int64_t line_no, std::vector<CsvReading>* out);

  bool wide() const { return sensor_col_ < 0; }
  // Sensors read without a unit (no unit column, or an empty unit cell, and no mapping), stored
  // as if in canonical units. Wide layout: known from the header. Long layout: the sensor
  // names of such rows as they are parsed, first seen first (kinds only: a name that is no
  // sensor is refused anyway).
  const std::vector<std::string>& assumed_units() const { return assumed_units_; }
  // Header columns no reading is taken from (neither a loka field nor a sensor, and not
  // mapped), in header order: an import names them so that a column is not skipped unseen.
  const std::vector<std::string>& unread_columns() const { return unread_columns_; }

 private:
  CsvReadingsParser() = default;

  struct SensorColumn {
    std::string sensor;
    int column;
    std::string unit;
  };
  size_t num_columns_ = 0;
  int time_col_ = -1, station_col_ = -1, sensor_col_ = -1, value_col_ = -1, unit_col_ = -1;
  std::string default_station_;
  std::map<std::string, std::string> units_;
  std::vector<SensorColumn> sensors_;  // wide layout
  std::vector<std::string> assumed_units_;
  std::set<std::string> assumed_set_;  // assumed_units_, for lookups
  std::vector<std::string> unread_columns_;
  std::vector<std::string> names_;     // header
  std::vector<std::string> fields_;    // reused per line
};

// Splits one CSV line into fields. Errors: unterminated quote, a quote in an unquoted field,
// bytes after a closing quote.
Status SplitCsvLine(std::string_view line, std::vector<std::string>* fields);

}  // namespace loka::agri

#endif  // LOKA_AGRI_READINGS_CSV_H_
