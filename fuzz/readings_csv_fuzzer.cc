// libFuzzer target: CSV readings files (agri/readings_csv.h) of arbitrary bytes. The first
// byte picks a column mapping (none, a default station, mapped columns and units), the rest is
// the file: a header line and data lines; every parsed reading is then checked.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "agri/readings.h"
#include "agri/readings_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  loka::agri::CsvMapping mapping;
  const uint8_t mode = data[0];
  if (mode & 1) mapping.station = "st1";
  if (mode & 2) {
    mapping.columns["time"] = "timestamp";
    mapping.columns["air_temperature"] = "temp_f";
  }
  if (mode & 4) mapping.units["air_temperature"] = "F";
  if (mode & 8) mapping.columns["value"] = "v";
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t eol = text.find('\n');
  loka::Result<loka::agri::CsvReadingsParser> parser =
      loka::agri::CsvReadingsParser::Create(text.substr(0, eol), mapping);
  if (!parser.ok() || eol == std::string_view::npos) return 0;
  text.remove_prefix(eol + 1);
  std::vector<loka::agri::CsvReading> out;
  loka::agri::CheckOptions check;
  check.now_ms = 1717200000000;  // 2024-06-01
  loka::agri::Reading reading;
  for (int64_t line_no = 2; !text.empty(); ++line_no) {
    const size_t end = text.find('\n');
    (void)parser->ParseLine(text.substr(0, end), line_no, &out);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  for (const loka::agri::CsvReading& r : out) {
    if (r.parse_error != loka::agri::RejectReason::kNone) continue;
    const loka::agri::RawReading raw{r.station, r.sensor, r.time_ms, r.value, r.unit};
    (void)loka::agri::CheckReading(raw, check, &reading);
  }
  return 0;
}
