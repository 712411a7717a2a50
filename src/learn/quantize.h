// Shrinks a float model: keeps the most useful feature rows (largest L2 norm, as the rows that
// move predictions most), product-quantizes them (pq_dsub floats -> one byte), and stores the
// output layer as int8 with a scale per label.
#ifndef LOKA_LEARN_QUANTIZE_H_
#define LOKA_LEARN_QUANTIZE_H_

#include <cstdint>

#include "core/status.h"
#include "learn/model.h"

namespace loka::learn {

struct QuantizeOptions {
  // Rows kept; 0 keeps all. Each kept row costs dim / pq_dsub + 5 bytes (+ index).
  uint32_t max_rows = 100000;
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
