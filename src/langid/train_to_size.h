// Training a language-ID model file that fits a byte budget: train, serialize, and while the
// file is too large train again with smaller domain tables. Deterministic like Train.
#ifndef LOKA_LANGID_TRAIN_TO_SIZE_H_
#define LOKA_LANGID_TRAIN_TO_SIZE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "langid/trainer.h"
#include "learn/dataset.h"

namespace loka::langid {

// Told before each retry: the size of the file that was too large and the per-domain entry
// limit the next training uses.
using RetryFn = std::function<void(size_t too_large_bytes, uint32_t max_entries_per_domain)>;

// The serialized model (SerializeModel) of Train(rows, options). When `max_bytes` > 0 and the
// file is larger, trains again with the domain profiles' limit (max_entries_per_domain, or
// max_entries_per_language when that is 0) 5% lower (at least one entry), until it fits: the
// domain tables are the largest, and the same input still gives the same bytes. `report` (may be
// null) describes the model returned; `on_retry` may be empty.
// Errors: those of Train and SerializeModel; invalid_argument when the file is still larger than
// `max_bytes` once a domain profile would keep fewer than 100 entries.
Result<std::string> TrainToSize(const std::vector<learn::LabelledText>& rows,
                                TrainOptions options, size_t max_bytes, TrainReport* report,
                                const RetryFn& on_retry = {});

}  // namespace loka::langid

#endif  // LOKA_LANGID_TRAIN_TO_SIZE_H_
