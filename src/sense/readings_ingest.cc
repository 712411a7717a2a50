#include "sense/readings_ingest.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sense/retention.h"

namespace loka::sense {
namespace {

using agri::RejectReason;
using text::Json;

// A JSON value as a reading's number. Strings naming non-finite numbers are accepted so a
// logger that prints NaN gets not_finite rather than malformed; JSON itself has no NaN.
bool NumberOf(const Json& v, double* out) {
  if (v.is_number()) {
    *out = v.get<double>();
    return true;
  }
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s == "NaN" || s == "nan") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == "Inf" || s == "inf" || s == "Infinity" || s == "+Inf") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-Inf" || s == "-inf" || s == "-Infinity") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

const std::string* StringField(const Json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

IngestItem ItemFromJson(const Json& r, std::string_view default_station) {
  IngestItem item;
  if (!r.is_object()) {
    item.raw.station = default_station;
    item.parse_error = RejectReason::kMalformed;
    return item;
  }
  const std::string* station = StringField(r, "station");
  item.raw.station = station != nullptr ? std::string_view(*station) : default_station;
  if (station == nullptr && (default_station.empty() || r.contains("station"))) {
    item.parse_error = RejectReason::kMalformed;
    return item;
  }
  const std::string* sensor = StringField(r, "sensor");
  const std::string* unit = StringField(r, "unit");
  auto value = r.find("value");
  // The unit is required over HTTP and MQTT: a blank one would be read as the canonical unit
  // (as a CSV cell without a unit is), and 50 meant as °F stored as 50 °C.
  const bool blank_unit = unit != nullptr && unit->find_first_not_of(" \t") == std::string::npos;
  if (sensor == nullptr || unit == nullptr || blank_unit || value == r.end() ||
      !NumberOf(*value, &item.raw.value)) {
    item.parse_error = RejectReason::kMalformed;
    return item;
  }
  item.raw.sensor = *sensor;
  item.raw.unit = *unit;
  if (const std::string* time = StringField(r, "time")) {
    std::optional<int64_t> ms = agri::ParseReadingTime(*time);
    if (!ms) {
      item.parse_error = RejectReason::kBadTime;
      return item;
    }
    item.raw.time_ms = *ms;
  } else if (auto t = r.find("time_ms"); t != r.end() && t->is_number_integer()) {
    item.raw.time_ms = t->get<int64_t>();
  } else {
    item.parse_error = r.contains("time") ? RejectReason::kBadTime : RejectReason::kMalformed;
  }
  return item;
}

}  // namespace

using text::Json;

Status ItemsFromJson(const Json& body, size_t max_items, std::string_view default_station,
                     std::vector<IngestItem>* items) {
  items->clear();
  auto arr = body.find("readings");
  if (arr == body.end()) return InvalidArgument("missing field \"readings\"");
  if (!arr->is_array()) {
    return InvalidArgument("readings: expected an array of {station, sensor, time, value, unit}");
  }
  if (arr->size() > max_items) {
    return ResourceExhausted("readings: " + std::to_string(arr->size()) +
                             " readings in one batch; the limit is " + std::to_string(max_items));
  }
  items->reserve(arr->size());
  for (const Json& r : *arr) items->push_back(ItemFromJson(r, default_station));
  return Status::Ok();
}

Result<IngestReport> IngestItems(store::Store& store, const std::vector<IngestItem>& items,
                                 const IngestOptions& options) {
  IngestReport report;
  report.received = static_cast<int64_t>(items.size());
  // Rows view the items' strings (which the caller keeps alive) and the kinds' static names:
  // nothing is copied per reading.
  std::vector<store::ReadingRow> rows;
  std::vector<size_t> good_index;  // item index of each row
  rows.reserve(items.size());
  good_index.reserve(items.size());
  std::map<std::pair<std::string, std::string>, int64_t> rejected;  // (station, reason)
  auto reject = [&](size_t i, std::string_view station, RejectReason why) {
    const std::string reason(agri::RejectReasonName(why));
    ++report.rejected;
    ++report.rejected_by_reason[reason];
    report.rejected_items.emplace_back(i, reason);
    ++rejected[{agri::ValidStationId(station) ? std::string(station) : std::string(), reason}];
  };
  agri::Reading reading;  // its strings are reused, not reallocated, from one item to the next
  for (size_t i = 0; i < items.size(); ++i) {
    const IngestItem& item = items[i];
    if (item.parse_error != RejectReason::kNone) {
      reject(i, item.raw.station, item.parse_error);
      continue;
    }
    if (!options.channel_station.empty() && item.raw.station != options.channel_station) {
      reject(i, options.channel_station, RejectReason::kStationMismatch);
      continue;
    }
    const RejectReason why = agri::CheckReading(item.raw, options.check, &reading);
    if (why != RejectReason::kNone) {
      reject(i, item.raw.station, why);
      continue;
    }
    if (options.retention_days > 0 &&
        reading.time_ms < RetentionCutoffMs(options.retention_days, options.check.now_ms)) {
      reject(i, item.raw.station, RejectReason::kExpired);
      continue;
    }
    const agri::SensorKindInfo& k = agri::KindInfo(reading.kind);
    rows.push_back({item.raw.station, item.raw.sensor, k.name, k.unit, reading.time_ms,
                    reading.value});
    good_index.push_back(i);
  }
  std::vector<store::RejectionCount> counts;
  for (const auto& [key, n] : rejected) {
    counts.push_back({key.first, key.second, n, options.check.now_ms});
  }
  LOKA_ASSIGN_OR_RETURN(store::InsertReport stored,
                        store.InsertReadings(rows, options.site, counts));
  if (options.on_stored) options.on_stored(rows, stored);
  for (size_t j = 0; j < stored.outcomes.size(); ++j) {
    switch (stored.outcomes[j]) {
      case store::InsertOutcome::kInserted:
        ++report.accepted;
        break;
      case store::InsertOutcome::kDuplicate:
        ++report.duplicates;
        break;
      case store::InsertOutcome::kExpired:
      case store::InsertOutcome::kStreamLimit: {
        // Counted in the store's rejection counters already.
        const std::string reason(agri::RejectReasonName(
            stored.outcomes[j] == store::InsertOutcome::kExpired ? RejectReason::kExpired
                                                                 : RejectReason::kStreamLimit));
        ++report.rejected;
        ++report.rejected_by_reason[reason];
        report.rejected_items.emplace_back(good_index[j], reason);
        break;
      }
    }
  }
  std::sort(report.rejected_items.begin(), report.rejected_items.end());
  return report;
}

Json IngestReportToJson(const IngestReport& report) {
  Json items = Json::array();
  for (const auto& [index, reason] : report.rejected_items) {
    items.push_back({{"index", index}, {"reason", reason}});
  }
  Json reasons = Json::object();
  for (const auto& [reason, n] : report.rejected_by_reason) reasons[reason] = n;
  return {{"received", report.received},     {"accepted", report.accepted},
          {"duplicates", report.duplicates}, {"rejected", report.rejected},
          {"rejections", std::move(reasons)}, {"rejected_items", std::move(items)}};
}

}  // namespace loka::sense
