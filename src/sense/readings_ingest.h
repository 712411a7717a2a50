// The one ingest path for sensor readings, shared by POST /v1/readings, the MQTT subscription
// and `loka readings import`: items parsed by an adapter are checked (agri/readings.h), the
// accepted ones stored all or nothing with the rejection counters (store/store.h; concurrent
// batches share one group commit), and the outcome reported per reason and per item.
//
// Thread contract: functions on values plus a thread-safe Store.
#ifndef LOKA_SENSE_READINGS_INGEST_H_
#define LOKA_SENSE_READINGS_INGEST_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "agri/readings.h"
#include "core/status.h"
#include "store/store.h"
#include "text/json.h"

namespace loka::sense {

// One reading as an adapter parsed it. When the adapter could not parse it (a field missing,
// a time that is not ISO-8601), `parse_error` names why and `raw` holds what was readable
// (at least the station when known, for the counters).
struct IngestItem {
  agri::RawReading raw;
  agri::RejectReason parse_error = agri::RejectReason::kNone;
};

struct IngestOptions {
  agri::CheckOptions check;  // now_ms is the caller's clock
  std::string site;          // recorded on stations created by this batch
  // The station the channel speaks for (an MQTT topic's); items naming another are refused
  // as station_mismatch. Empty: any.
  std::string channel_station;
  // The node's retention policy (NodeOptions::readings_retention_days): a reading stamped
  // before its cut-off (RetentionCutoffMs, sense/retention.h) is refused as expired instead of
  // being stored and then deleted by the next prune. 0: no retention.
  int retention_days = 0;
  // Called after the batch is committed with the rows stored and their outcomes (the alert
  // detectors' hook: AlertService::OnReadingsStored, sense/alerts.h). Runs on the ingest path:
  // it must not block on the network. Null: nothing is called.
  std::function<void(const std::vector<store::ReadingRow>&, const store::InsertReport&)>
      on_stored;
};

struct IngestReport {
  int64_t received = 0, accepted = 0, duplicates = 0, rejected = 0;
  std::map<std::string, int64_t> rejected_by_reason;  // reason name -> count
  std::vector<std::pair<size_t, std::string>> rejected_items;  // (index in the batch, reason)
};

// Checks and stores `items`. Rejected items are counted (and persisted in the rejection
// counters), never an error; expired ones (older than options.retention_days or the sensor's
// pruned cut-off) are rejections too, under "expired", and are not stored. Errors: only the
// store's (the batch is then not stored at all), among them
// resource_exhausted when the store's commit queue is full (the caller may retry).
Result<IngestReport> IngestItems(store::Store& store, const std::vector<IngestItem>& items,
                                 const IngestOptions& options);

// Items from a JSON batch {"readings": [{"station", "sensor", "time" (ISO-8601) or "time_ms",
// "value", "unit"}, ...]}. `body` must outlive the items (they view its strings). A value of
// "NaN", "Inf", "-Inf" or "Infinity" as a string reads as that number (not_finite); other
// malformed items become parse errors. Errors: invalid_argument when "readings" is missing or
// not an array; resource_exhausted past `max_items`.
Status ItemsFromJson(const text::Json& body, size_t max_items, std::string_view default_station,
                     std::vector<IngestItem>* items);

// {"received", "accepted", "duplicates", "rejected", "rejections": {reason: n},
//  "rejected_items": [{"index", "reason"}]}.
text::Json IngestReportToJson(const IngestReport& report);

}  // namespace loka::sense

#endif  // LOKA_SENSE_READINGS_INGEST_H_
