#include "sense/retention.h"

#include "core/time.h"

namespace loka::sense {

int64_t RetentionCutoffMs(int keep_days, int64_t now_ms) {
  return now_ms - static_cast<int64_t>(keep_days) * kMsPerDay;
}

Result<int64_t> PruneReadingsOlderThan(store::Store& store, int keep_days, int64_t now_ms) {
  return store.PruneReadings(RetentionCutoffMs(keep_days, now_ms));
}

void Retention::MaybePrune(store::Store& store, int64_t now_ms) {
  if (keep_days_ <= 0) return;
  int64_t due = next_ms_.load();
  if (now_ms < due) return;
  // One caller wins the slot; the others go on ingesting.
  if (!next_ms_.compare_exchange_strong(due, now_ms + kIntervalMs)) return;
  Result<int64_t> deleted = PruneReadingsOlderThan(store, keep_days_, now_ms);
  if (!deleted.ok()) {
    if (log_) log_("readings retention: " + deleted.status().ToString());
  } else if (*deleted > 0 && log_) {
    log_("readings retention: deleted " + std::to_string(*deleted) + " raw readings older than " +
         std::to_string(keep_days_) + " days");
  }
}

}  // namespace loka::sense
