// libFuzzer target: POST /v1/readings bodies and MQTT payloads of arbitrary bytes, through the
// JSON reader (text/json.h) and the batch reader (sense::ItemsFromJson), with and without
// a channel station, then the checks every item goes through before it is stored.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "agri/readings.h"
#include "sense/readings_ingest.h"
#include "text/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  loka::Result<loka::text::Json> json = loka::text::ParseJsonObject(body, /*max_depth=*/32);
  if (!json.ok()) return 0;
  loka::agri::CheckOptions check;
  check.now_ms = 1717200000000;  // 2024-06-01
  loka::agri::Reading reading;
  std::vector<loka::sense::IngestItem> items;
  for (std::string_view station : {std::string_view(), std::string_view("st1")}) {
    if (!loka::sense::ItemsFromJson(*json, /*max_items=*/10000, station, &items).ok()) continue;
    for (const loka::sense::IngestItem& item : items) {
      if (item.parse_error != loka::agri::RejectReason::kNone) continue;
      (void)loka::agri::CheckReading(item.raw, check, &reading);
    }
  }
  return 0;
}
