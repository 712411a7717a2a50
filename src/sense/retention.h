// The raw-readings retention policy: readings older than a number of days are deleted (their
// daily aggregates stay). Run by hand (`loka readings prune`) or, on the node, at most hourly
// from the ingest paths.
//
// Thread contract: PruneReadingsOlderThan on a thread-safe Store; Retention::MaybePrune from
// any thread (one caller at a time wins each hourly slot).
#ifndef LOKA_SENSE_RETENTION_H_
#define LOKA_SENSE_RETENTION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace loka::sense {

// Days of raw readings kept when no other number is given: by the node
// (NodeOptions::readings_retention_days), `loka readings import` (which refuses older readings
// as expired, as the node does) and `loka readings prune`.
constexpr int kDefaultRetentionDays = 365;

// The retention cut-off: raw readings stamped before it are deleted. REQUIRES: keep_days > 0.
int64_t RetentionCutoffMs(int keep_days, int64_t now_ms);

// Deletes raw readings stamped before RetentionCutoffMs(keep_days, now_ms); returns how many.
// Errors: the store's.
Result<int64_t> PruneReadingsOlderThan(store::Store& store, int keep_days, int64_t now_ms);

class Retention {
 public:
  // How often the node checks the policy while ingesting.
  static constexpr int64_t kIntervalMs = 3600 * 1000;

  // `keep_days` <= 0 keeps raw readings forever. `log` (may be null) hears what was deleted
  // and failures.
  Retention(int keep_days, std::function<void(const std::string&)> log)
      : keep_days_(keep_days), log_(std::move(log)) {}

  // Runs the policy when kIntervalMs has passed since the last run (the first call always
  // runs). Failures are logged, never returned: ingest goes on.
  void MaybePrune(store::Store& store, int64_t now_ms);

 private:
  const int keep_days_;
  const std::function<void(const std::string&)> log_;
  std::atomic<int64_t> next_ms_{0};  // when the policy runs next (Unix ms)
};

}  // namespace loka::sense

#endif  // LOKA_SENSE_RETENTION_H_
