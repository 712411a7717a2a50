#include "fed/compress.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "fed/privacy.h"

namespace loka::fed {

SparseMatrix DeltaCompressor::Compress(uint32_t matrix_rows, uint32_t cols,
                                       const std::vector<uint32_t>& rows, std::vector<float> delta,
                                       const CompressOptions& o, double noise_stddev,
                                       std::mt19937_64* rng) {
  double sq = 0;
  for (const float v : delta) sq += double(v) * v;
  last_norm_ = std::sqrt(sq);
  if (o.clip_norm > 0 && last_norm_ > o.clip_norm) {
    const float scale = static_cast<float>(o.clip_norm / last_norm_);
    for (auto& v : delta) v *= scale;
  }
  if (noise_stddev > 0) AddGaussianNoise(noise_stddev, *rng, &delta);
  // u = clipped delta + residual, by row (ordered, so the message's rows ascend).
  std::map<uint32_t, std::vector<float>> u;
  for (size_t i = 0; i < rows.size(); ++i) {
    u[rows[i]].assign(delta.begin() + static_cast<long>(i * cols),
                      delta.begin() + static_cast<long>((i + 1) * cols));
  }
  for (auto& [row, r] : residual_) {
    auto& dst = u[row];
    if (dst.empty()) dst.assign(cols, 0.f);
    for (uint32_t c = 0; c < cols; ++c) dst[c] += r[c];
  }
  residual_.clear();
  // Choose the k rows of largest norm.
  std::vector<std::pair<float, uint32_t>> norms;
  norms.reserve(u.size());
  for (const auto& [row, r] : u) {
    float n = 0;
    for (const float v : r) n += v * v;
    if (n > 0) norms.emplace_back(n, row);
  }
  size_t k = norms.size();
  if (o.top_k_rows > 0 && o.top_k_rows < k) {
    k = o.top_k_rows;
    std::nth_element(norms.begin(), norms.begin() + static_cast<long>(k) - 1, norms.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
  }
  std::vector<uint32_t> send(k);
  for (size_t i = 0; i < k; ++i) send[i] = norms[i].second;
  std::sort(send.begin(), send.end());
  std::vector<float> values;
  values.reserve(k * cols);
  for (const uint32_t row : send) {
    const auto& r = u[row];
    values.insert(values.end(), r.begin(), r.end());
  }
  SparseMatrix m = QuantizeRows(matrix_rows, cols, o.value_bits, send, values);
  if (!o.error_feedback) return m;
  // What the hub will not see: rows left out whole, and each sent row's rounding error.
  for (size_t i = 0; i < send.size(); ++i) {
    auto& r = u[send[i]];
    for (uint32_t c = 0; c < cols; ++c) r[c] -= m.Value(i, c);
  }
  for (auto& [row, r] : u) {
    if (std::any_of(r.begin(), r.end(), [](float v) { return v != 0.f; })) {
      residual_.emplace(row, std::move(r));
    }
  }
  return m;
}

}  // namespace loka::fed
