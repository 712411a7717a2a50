// Shrinks a float model: keeps the most useful feature rows (those that move the label scores
// most: the norm of the row's centred effect on the scores), product-quantizes them (pq_dsub floats -> one byte), and stores the
// output layer as int8 with a scale per label.
#ifndef LOKA_LEARN_QUANTIZE_H_
#define LOKA_LEARN_QUANTIZE_H_

#include <cstdint>

#include "core/status.h"
#include "learn/model.h"

namespace loka::learn {

struct QuantizeOptions {
  // Rows kept; 0 keeps all. Each kept row costs dim / pq_dsub + 3 bytes (+ index): 11 bytes
  // at the default dim 32, so 50,000 rows are about 0.6 MB. On UDHR (444 labels) and fortunes
  // (39) 50,000 rows lose 0.8 points of accuracy against the float model; 30,000 lose 1.2.
  uint32_t max_rows = 50000;
  // Fewer rows when the file would pass this many bytes: a wide linear model's rows cost
  // labels / pq_dsub + 3 bytes (17 at 53 labels), so its row count follows from the budget.
  // 0: no budget. The default keeps files under 1 MB (10^6 bytes) with a margin for the index.
  uint64_t max_bytes = 960000;
  uint32_t pq_dsub = 4;       // floats per sub-vector; must divide dim (one byte per 4 floats)
  uint32_t kmeans_iterations = 12;
  uint32_t kmeans_sample = 65536;  // rows sampled to fit each codebook
  uint64_t seed = 1;
};

// REQUIRES: `model` is a float model (kind 1). Errors: failed_precondition for a quantized
// input, invalid_argument for options that do not fit the model.
Result<ModelData> Quantize(const Model& model, const QuantizeOptions& options);

}  // namespace loka::learn

#endif  // LOKA_LEARN_QUANTIZE_H_
