#include "learn/quantize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace loka::learn {
namespace {

constexpr uint32_t kCentroids = 256;

// The index of the centroid (d floats each, kCentroids of them) nearest to `p` by squared
// distance; the lowest index on a tie.
uint8_t Nearest(const float* p, const float* centroids, uint32_t d) {
  float best = std::numeric_limits<float>::max();
  uint32_t bc = 0;
  for (uint32_t c = 0; c < kCentroids; ++c) {
    float dist = 0;
    for (uint32_t j = 0; j < d; ++j) {
      const float t = p[j] - centroids[c * d + j];
      dist += t * t;
    }
    if (dist < best) {
      best = dist;
      bc = c;
    }
  }
  return static_cast<uint8_t>(bc);
}

// Weighted k-means on the sampled points of `d` floats (stride `stride`, starting at offset
// `off` in each row) into kCentroids centroids; `weight[r]` is row r's weight (its share of
// the error that matters). Deterministic for a seed.
void KMeans(const std::vector<float>& rows, size_t stride, size_t off, uint32_t d,
            const std::vector<uint32_t>& sample, const std::vector<double>& weight,
            uint32_t iterations, std::mt19937_64* rng, float* centroids) {
  const size_t m = sample.size();
  // Init: distinct random sample points (repeat when fewer points than centroids).
  std::vector<uint32_t> pick(m);
  std::iota(pick.begin(), pick.end(), 0u);
  std::shuffle(pick.begin(), pick.end(), *rng);
  for (uint32_t c = 0; c < kCentroids; ++c) {
    const float* p = rows.data() + static_cast<size_t>(sample[pick[c % m]]) * stride + off;
    std::copy(p, p + d, centroids + c * d);
  }
  std::vector<uint8_t> assign(m);
  std::vector<double> sum(kCentroids * d);
  std::vector<double> cnt(kCentroids);
  for (uint32_t it = 0; it < iterations; ++it) {
    for (size_t i = 0; i < m; ++i) {
      const float* p = rows.data() + static_cast<size_t>(sample[i]) * stride + off;
      assign[i] = Nearest(p, centroids, d);
    }
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(cnt.begin(), cnt.end(), 0.0);
    for (size_t i = 0; i < m; ++i) {
      const float* p = rows.data() + static_cast<size_t>(sample[i]) * stride + off;
      const double w = weight[sample[i]];
      cnt[assign[i]] += w;
      for (uint32_t j = 0; j < d; ++j) sum[assign[i] * d + j] += w * p[j];
    }
    for (uint32_t c = 0; c < kCentroids; ++c) {
      if (!(cnt[c] > 0)) {  // empty cluster: restart on a random point
        const float* p = rows.data() +
                         static_cast<size_t>(sample[(*rng)() % m]) * stride + off;
        std::copy(p, p + d, centroids + c * d);
        continue;
      }
      for (uint32_t j = 0; j < d; ++j) {
        centroids[c * d + j] = static_cast<float>(sum[c * d + j] / cnt[c]);
      }
    }
  }
}

}  // namespace

Result<ModelData> Quantize(const Model& model, const QuantizeOptions& o) {
  if (model.kind() != ModelKind::kFloat) {
    return FailedPrecondition("model is already quantized");
  }
  const uint32_t dim = model.dim();
  if (o.pq_dsub == 0 || dim % o.pq_dsub != 0) {
    return InvalidArgument("--dsub " + std::to_string(o.pq_dsub) + " must divide dim " +
                           std::to_string(dim));
  }
  if (o.kmeans_sample == 0) return InvalidArgument("kmeans_sample must be at least 1");
  ModelData in = model.ToData();
  const size_t rows = in.ids.size();

  // Row norms: pruning keeps the largest; the kept rows are stored as norm (one byte, on a
  // log scale) times a product-quantized unit vector, so small and large rows keep their
  // relative error alike (fastText's -qnorm idea).
  std::vector<float> norm(rows);
  for (size_t r = 0; r < rows; ++r) {
    double sq = 0;
    for (uint32_t j = 0; j < dim; ++j) sq += double(in.embeddings[r * dim + j]) * in.embeddings[r * dim + j];
    norm[r] = static_cast<float>(std::sqrt(sq));
  }
  // Pruning keeps the rows that move the prediction most: the norm of a row's effect on the
  // label scores, centred over labels (a shift of every score alike changes no probability).
  // With the output matrix O (labels x dim) centred per column into C, that is sqrt(e' G e)
  // for G = C'C, a dim x dim matrix.
  const size_t L = in.labels.size();
  std::vector<double> mean(dim, 0.0), gram(size_t{dim} * dim, 0.0);
  for (size_t l = 0; l < L; ++l) {
    for (uint32_t j = 0; j < dim; ++j) mean[j] += in.output[l * dim + j];
  }
  for (uint32_t j = 0; j < dim; ++j) mean[j] /= static_cast<double>(std::max<size_t>(L, 1));
  for (size_t l = 0; l < L; ++l) {
    for (uint32_t a = 0; a < dim; ++a) {
      const double ca = in.output[l * dim + a] - mean[a];
      for (uint32_t b = 0; b < dim; ++b) gram[a * dim + b] += ca * (in.output[l * dim + b] - mean[b]);
    }
  }
  std::vector<float> score(rows);
  for (size_t r = 0; r < rows; ++r) {
    const float* e = &in.embeddings[r * dim];
    double q = 0;
    for (uint32_t a = 0; a < dim; ++a) {
      double t = 0;
      for (uint32_t b = 0; b < dim; ++b) t += gram[a * dim + b] * e[b];
      q += e[a] * t;
    }
    score[r] = static_cast<float>(std::sqrt(std::max(q, 0.0)));
  }
  std::vector<uint32_t> keep(rows);
  std::iota(keep.begin(), keep.end(), 0u);
  size_t max_rows = o.max_rows > 0 ? o.max_rows : rows;
  if (o.max_bytes > 0) {
    // Fixed parts: codebooks, the int8 output layer with its scales, labels and metadata (a
    // generous 64 KB); per row: codes, norm code, tag, and about 0.6 bytes of index.
    const uint64_t fixed = uint64_t{dim} * kCentroids * sizeof(float) + in.labels.size() * (dim + 4) +
                           in.metadata_json.size() + 65536;
    const double per_row = dim / o.pq_dsub + 3.6;
    const double budget = o.max_bytes > fixed ? static_cast<double>(o.max_bytes - fixed) : 0;
    max_rows = std::min(max_rows, static_cast<size_t>(std::max(1.0, budget / per_row)));
  }
  if (rows > max_rows) {
    std::nth_element(keep.begin(), keep.begin() + static_cast<long>(max_rows), keep.end(),
                     [&](uint32_t a, uint32_t b) {
      return score[a] > score[b] || (score[a] == score[b] && a < b);
    });
    keep.resize(max_rows);
    std::sort(keep.begin(), keep.end());
  }
  // The quantized file keys rows by the top bits of their ids (RowKey); of rows sharing a key
  // the one with the larger score stays. Fewer rows can mean fewer index bits and coarser
  // keys, so repeat until nothing merges.
  for (;;) {
    const uint32_t bits = TagIndexBitsFor(keep.size());
    const uint32_t shift = IdShiftFor(in.features.buckets);
    std::vector<uint32_t> unique;
    unique.reserve(keep.size());
    for (const uint32_t r : keep) {
      if (!unique.empty() && RowKey(in.ids[unique.back()], bits, shift) == RowKey(in.ids[r], bits, shift)) {
        if (score[r] > score[unique.back()]) unique.back() = r;
      } else {
        unique.push_back(r);
      }
    }
    if (unique.size() == keep.size()) break;
    keep.swap(unique);
  }

  ModelData out;
  out.kind = ModelKind::kQuantized;
  out.dim = dim;
  out.pooling = in.pooling;
  out.calibration = in.calibration;
  out.features = in.features;
  out.normalize = in.normalize;
  out.labels = in.labels;
  out.label_counts = in.label_counts;
  out.metadata_json = in.metadata_json;
  out.pq_dsub = o.pq_dsub;
  out.ids.reserve(keep.size());
  for (uint32_t r : keep) out.ids.push_back(in.ids[r]);
  const size_t kept = keep.size();
  const uint32_t nsub = dim / o.pq_dsub;

  // Norm table: 256 values spaced evenly in log space over the kept rows' range.
  float lo = std::numeric_limits<float>::max(), hi = 0.f;
  for (uint32_t r : keep) {
    if (norm[r] > 0.f) lo = std::min(lo, norm[r]);
    hi = std::max(hi, norm[r]);
  }
  if (hi <= 0.f) lo = hi = 1.f;
  const double log_lo = std::log(double(lo)), step = (std::log(double(hi)) - log_lo) / (kCentroids - 1);
  out.norm_table.resize(kCentroids);
  for (uint32_t c = 0; c < kCentroids; ++c) out.norm_table[c] = static_cast<float>(std::exp(log_lo + step * c));
  out.norm_codes.resize(kept);
  std::vector<float> units(kept * dim);
  for (size_t i = 0; i < kept; ++i) {
    const float n = norm[keep[i]];
    const double pos = n > 0.f && step > 0 ? (std::log(double(n)) - log_lo) / step : 0.0;
    out.norm_codes[i] = static_cast<uint8_t>(std::clamp(std::lround(pos), 0L, long{kCentroids - 1}));
    const float inv = n > 0.f ? 1.f / n : 0.f;
    for (uint32_t j = 0; j < dim; ++j) units[i * dim + j] = in.embeddings[size_t{keep[i]} * dim + j] * inv;
  }

  out.codebooks.assign(static_cast<size_t>(nsub) * kCentroids * o.pq_dsub, 0.f);
  out.codes.assign(kept * nsub, 0);
  if (kept > 0) {
    std::mt19937_64 rng(o.seed);
    std::vector<uint32_t> sample(kept);
    std::iota(sample.begin(), sample.end(), 0u);
    if (sample.size() > o.kmeans_sample) {
      std::shuffle(sample.begin(), sample.end(), rng);
      sample.resize(o.kmeans_sample);
    }
    // A unit row's error reaches the scores multiplied by the row's norm, so each row weighs
    // in with its squared norm (a tiny floor keeps all-zero rows in play).
    std::vector<double> weight(kept);
    for (size_t i = 0; i < kept; ++i) {
      const double n = norm[keep[i]];
      weight[i] = n * n + 1e-12;
    }
    for (uint32_t s = 0; s < nsub; ++s) {
      float* cb = out.codebooks.data() + static_cast<size_t>(s) * kCentroids * o.pq_dsub;
      KMeans(units, dim, s * o.pq_dsub, o.pq_dsub, sample, weight, o.kmeans_iterations, &rng,
             cb);
      for (size_t i = 0; i < kept; ++i) {
        out.codes[i * nsub + s] = Nearest(units.data() + i * dim + s * o.pq_dsub, cb, o.pq_dsub);
      }
    }
  }

  // Output layer: symmetric int8 per label row.
  out.output_scales.resize(L);
  out.output_q.resize(L * dim);
  for (size_t l = 0; l < L; ++l) {
    float mx = 0.f;
    for (uint32_t j = 0; j < dim; ++j) mx = std::max(mx, std::fabs(in.output[l * dim + j]));
    const float scale = mx > 0 ? mx / 127.f : 1.f;
    out.output_scales[l] = scale;
    for (uint32_t j = 0; j < dim; ++j) {
      const float q = std::round(in.output[l * dim + j] / scale);
      out.output_q[l * dim + j] = static_cast<int8_t>(std::clamp(q, -127.f, 127.f));
    }
  }
  return out;
}

}  // namespace loka::learn
