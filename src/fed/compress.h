// A node's model delta made small for the wire (docs/formats/update.md, "Body"): clipped to an
// L2 norm, sparsified to the k rows of largest norm, quantized per row, with error feedback:
// whatever is not sent (rows left out, rounding) stays on the node and joins the next delta.
//
// Thread contract: a DeltaCompressor belongs to one node and is used from one thread.
#ifndef LOKA_FED_COMPRESS_H_
#define LOKA_FED_COMPRESS_H_

#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

#include "fed/message.h"

namespace loka::fed {

struct CompressOptions {
  // The delta (before the residual joins it) is scaled down to this L2 norm when longer; 0: no
  // clipping. Bounds what one node can move the global model by in a round.
  float clip_norm = 0.f;
  // Rows sent per update, those of largest L2 norm; 0 sends every non-zero row.
  uint32_t top_k_rows = 0;
  uint8_t value_bits = 8;  // 8, 16 or 32 (docs/formats/update.md)
  // Error feedback on (the default); off, what is not sent is dropped.
  bool error_feedback = true;
};

class DeltaCompressor {
 public:
  // `rows` (ascending) and `delta` (rows.size() x cols, row after row): the node's weights after
  // local training minus the base version's, on the rows training touched. Returns the rows to
  // send, quantized; keeps the rest as the residual. With `noise_stddev` > 0 (differential
  // privacy, fed/privacy.h; `rows` must then be every row of the matrix), N(0, noise_stddev^2)
  // from `rng` is added to every value after clipping, before the residual joins.
  // REQUIRES: delta.size() == rows.size() x cols; rng non-null when noise_stddev > 0.
  SparseMatrix Compress(uint32_t matrix_rows, uint32_t cols, const std::vector<uint32_t>& rows,
                        std::vector<float> delta, const CompressOptions& options,
                        double noise_stddev = 0, std::mt19937_64* rng = nullptr);

  size_t residual_rows() const { return residual_.size(); }
  // The L2 norm of the pre-clipping delta of the last Compress call.
  double last_delta_norm() const { return last_norm_; }

 private:
  std::unordered_map<uint32_t, std::vector<float>> residual_;
  double last_norm_ = 0;
};

}  // namespace loka::fed

#endif  // LOKA_FED_COMPRESS_H_
