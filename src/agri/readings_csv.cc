#include "agri/readings_csv.h"

#include <set>

#include "core/number.h"
#include "text/utf8.h"

namespace loka::agri {
namespace {

const char* const kFields[] = {"time", "station", "sensor", "value", "unit"};

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// A cell's number (core/number.h: plain decimals only, so "0x10" or "12,5" is malformed). The
// spellings of NaN and infinity read as those values, to be refused as not_finite.
bool ParseNumber(std::string_view cell, double* out) {
  Result<double> v = ParseDecimal(TrimSpaces(cell), NonFinite::kAccept);
  if (!v.ok()) return false;
  *out = *v;
  return true;
}

}  // namespace

Status SplitCsvLine(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t i = 0;
  for (;;) {
    std::string field;
    // Leading spaces before a quote are allowed.
    size_t j = i;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    if (j < line.size() && line[j] == '"') {
      i = j + 1;
      for (;;) {
        if (i >= line.size()) return InvalidArgument("unterminated quote");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') {
        return InvalidArgument("bytes after a closing quote at column " + std::to_string(i + 1));
      }
    } else {
      const size_t end = line.find(',', i);
      const std::string_view raw = line.substr(i, end == std::string_view::npos ? end : end - i);
      if (raw.find('"') != std::string_view::npos) {
        return InvalidArgument("a quote inside an unquoted field at column " +
                               std::to_string(i + raw.find('"') + 1));
      }
      field.assign(TrimSpaces(raw));
      i = end == std::string_view::npos ? line.size() : end;
    }
    fields->push_back(std::move(field));
    if (i >= line.size()) return Status::Ok();
    ++i;  // the comma
    if (i == line.size()) {
      fields->emplace_back();  // a trailing comma ends with an empty field
      return Status::Ok();
    }
  }
}

Result<CsvReadingsParser> CsvReadingsParser::Create(std::string_view header,
                                                    const CsvMapping& mapping) {
  CsvReadingsParser p;
  std::vector<std::string> names;
  LOKA_RETURN_IF_ERROR(
      SplitCsvLine(text::SkipByteOrderMark(header), &names).WithPrefix("header"));
  p.num_columns_ = names.size();
  std::map<std::string, int> index;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!index.emplace(names[i], static_cast<int>(i)).second) {
      return InvalidArgument("header: column \"" + names[i] + "\" appears twice");
    }
  }
  std::set<std::string> used;
  auto column_of = [&](const std::string& field, int* col) -> Status {
    auto m = mapping.columns.find(field);
    const std::string& name = m != mapping.columns.end() ? m->second : field;
    auto it = index.find(name);
    if (it == index.end()) {
      if (m != mapping.columns.end()) {
        return InvalidArgument("--map " + field + "=" + name + ": no column \"" + name +
                               "\" in the header");
      }
      return Status::Ok();
    }
    *col = it->second;
    used.insert(name);
    return Status::Ok();
  };
  for (const auto& [field, column] : mapping.columns) {
    bool known = KindOfSensor(field).has_value();
    for (const char* f : kFields) known = known || field == f;
    if (!known) {
      return InvalidArgument("--map " + field + "=" + column + ": \"" + field +
                             "\" is neither time, station, sensor, value, unit nor a sensor "
                             "name (air_temperature, rainfall, soil_moisture.30cm, ...)");
    }
  }
  // A unit for a name that is no sensor would be ignored without a word (a typo such as
  // air_temprature=F would leave the column read in degrees C); a unit or station every row
  // would be refused for is an error before any row is read, not a file of rejections.
  for (const auto& [sensor, unit] : mapping.units) {
    const std::optional<SensorKind> kind = KindOfSensor(sensor);
    if (!kind) {
      return InvalidArgument("--unit " + sensor + "=" + unit + ": \"" + sensor +
                             "\" is not a sensor name (air_temperature, rainfall, "
                             "soil_moisture.30cm, ...)");
    }
    double canonical = 0;
    const RejectReason why = ToCanonical(*kind, 0.0, unit, &canonical);
    if (why != RejectReason::kNone) {
      return InvalidArgument(
          "--unit " + sensor + "=" + unit + ": \"" + unit + "\" is " +
          (why == RejectReason::kWrongUnit ? "a unit of another quantity" : "no unit loka knows") +
          "; " + sensor + " is read in " + std::string(KindInfo(*kind).unit) +
          " or a unit convertible to it (docs/sense.md lists them)");
    }
  }
  if (!mapping.station.empty() && !ValidStationId(mapping.station)) {
    return InvalidArgument("--station \"" + mapping.station +
                           "\": a station id is 1 to 64 of A-Z a-z 0-9 _ . -, starting with a "
                           "letter or digit");
  }
  LOKA_RETURN_IF_ERROR(column_of("time", &p.time_col_));
  LOKA_RETURN_IF_ERROR(column_of("station", &p.station_col_));
  LOKA_RETURN_IF_ERROR(column_of("sensor", &p.sensor_col_));
  LOKA_RETURN_IF_ERROR(column_of("value", &p.value_col_));
  LOKA_RETURN_IF_ERROR(column_of("unit", &p.unit_col_));
  if (p.time_col_ < 0) return InvalidArgument("header: no \"time\" column (map one: --map time=COLUMN)");
  if (p.station_col_ < 0 && mapping.station.empty()) {
    return InvalidArgument("header: no \"station\" column and no --station");
  }
  p.default_station_ = mapping.station;
  p.units_ = mapping.units;
  if ((p.sensor_col_ < 0) != (p.value_col_ < 0)) {
    return InvalidArgument("header: \"sensor\" and \"value\" columns go together (long layout)");
  }
  if (p.sensor_col_ < 0) {
    // Wide: explicitly mapped sensors, then header names that are sensor names.
    for (const auto& [field, column] : mapping.columns) {
      if (!KindOfSensor(field)) continue;
      int col = -1;
      LOKA_RETURN_IF_ERROR(column_of(field, &col));
      p.sensors_.push_back({field, col, ""});
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (used.count(names[i]) != 0 || !KindOfSensor(names[i])) continue;
      if (mapping.columns.count(names[i]) != 0) continue;  // its name was mapped elsewhere
      p.sensors_.push_back({names[i], static_cast<int>(i), ""});
    }
    if (p.sensors_.empty()) {
      return InvalidArgument(
          "header: no sensor columns (name them after sensors, e.g. air_temperature, or map "
          "them: --map air_temperature=temp_f), and no sensor/value columns");
    }
    for (SensorColumn& s : p.sensors_) {
      auto u = mapping.units.find(s.sensor);
      if (u != mapping.units.end()) {
        s.unit = u->second;
      } else if (p.unit_col_ < 0) {
        p.assumed_units_.push_back(s.sensor);
      }
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const int c = static_cast<int>(i);
    bool read = c == p.time_col_ || c == p.station_col_ || c == p.sensor_col_ ||
                c == p.value_col_ || c == p.unit_col_;
    for (const SensorColumn& s : p.sensors_) read = read || s.column == c;
    if (!read) p.unread_columns_.push_back(names[i]);
  }
  p.names_ = std::move(names);
  return p;
}

Status CsvReadingsParser::ParseLine(std::string_view line, int64_t line_no,
                                    std::vector<CsvReading>* out) {
  const std::string where = "line " + std::to_string(line_no);
  if (TrimSpaces(line).empty()) return Status::Ok();
  LOKA_RETURN_IF_ERROR(SplitCsvLine(line, &fields_).WithPrefix(where));
  if (fields_.size() != num_columns_) {
    return InvalidArgument(where + ": expected " + std::to_string(num_columns_) +
                           " fields, got " + std::to_string(fields_.size()));
  }
  CsvReading base;
  base.line = line_no;
  base.station = station_col_ >= 0 && !fields_[station_col_].empty() ? fields_[station_col_]
                                                                      : default_station_;
  if (unit_col_ >= 0) base.unit = fields_[unit_col_];
  const std::optional<int64_t> time = ParseReadingTime(fields_[time_col_]);
  if (time) {
    base.time_ms = *time;
  } else {
    base.parse_error = RejectReason::kBadTime;
  }
  auto emit = [&](const std::string& sensor, const std::string& text, const std::string& unit,
                  const std::string& column) {
    CsvReading r = base;
    r.sensor = sensor;
    r.column = column;
    if (!unit.empty() || unit_col_ < 0) r.unit = unit;
    if (r.unit.empty()) {
      auto u = units_.find(sensor);
      if (u != units_.end()) r.unit = u->second;
    }
    if (r.unit.empty() && !wide() && assumed_set_.count(sensor) == 0 && KindOfSensor(sensor)) {
      assumed_set_.insert(sensor);
      assumed_units_.push_back(sensor);
    }
    if (r.parse_error == RejectReason::kNone && !ParseNumber(text, &r.value)) {
      r.parse_error = RejectReason::kMalformed;
    }
    out->push_back(std::move(r));
  };
  if (!wide()) {
    emit(fields_[sensor_col_], fields_[value_col_], "", names_[value_col_]);
    return Status::Ok();
  }
  for (const SensorColumn& s : sensors_) {
    const std::string& cell = fields_[s.column];
    if (cell.empty()) continue;  // no reading of this sensor at this time
    emit(s.sensor, cell, s.unit, names_[s.column]);
  }
  return Status::Ok();
}

}  // namespace loka::agri
