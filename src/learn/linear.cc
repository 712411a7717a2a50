// The wide linear trainer: multinomial logistic regression over sublinear-TF x IDF hashed
// features (a word block and a character n-gram block, each of unit TF norm) with L2
// regularization, fitted by SGD (lazy, exact weight decay on the rows an example touches),
// written as a Pooling::kTfidfBlocks model whose rows are idf x weights and whose output layer
// is the identity (model.h).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "core/log.h"
#include "learn/examples.h"
#include "nlohmann/json.hpp"

namespace loka::learn {
namespace {

// Each example as (row, value) pairs: its word features and its character n-grams are two
// blocks, each weighted value = norm x (1 + ln count) x idf / ||1 + ln count||, the norm over
// the block's distinct features, `norm` the word block weight or 1: the pooling of
// Model::Scores (Pooling::kTfidfBlocks) with the IDF folded into the rows.
struct Sparse {
  std::vector<uint32_t> row;
  std::vector<float> value;
  std::vector<size_t> begin;  // examples + 1
};

// Appends the distinct rows of `ids` (sorted in place) with their sublinear counts, scaled to
// L2 norm `norm`; counts every row once in `df` (a row in both blocks of an example, a hash
// collision between a word and an n-gram, counts twice).
void AppendBlock(std::vector<uint32_t>* block, float norm, std::vector<uint32_t>* df, Sparse* s) {
  std::vector<uint32_t>& ids = *block;
  std::sort(ids.begin(), ids.end());
  const size_t first = s->row.size();
  double sq = 0;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const float tf = 1.f + std::log(static_cast<float>(j - i));
    s->row.push_back(ids[i]);
    s->value.push_back(tf);
    sq += double(tf) * tf;
    ++(*df)[ids[i]];
    i = j;
  }
  const float inv = sq > 0 ? static_cast<float>(norm / std::sqrt(sq)) : 0.f;
  for (size_t i = first; i < s->row.size(); ++i) s->value[i] *= inv;
}

// `df` receives each row's entries in the result (its document frequency, as AppendBlock
// counts it).
Sparse ToTfidf(const internal::Featurized& f, size_t rows, float word_block_weight,
              std::vector<float>* idf, std::vector<uint32_t>* df) {
  const size_t n = f.begin.size() - 1;
  Sparse s;
  s.begin.reserve(n + 1);
  s.begin.push_back(0);
  df->assign(rows, 0);
  std::vector<uint32_t> one;
  for (size_t ex = 0; ex < n; ++ex) {
    for (const bool words : {true, false}) {
      const size_t b = words ? f.begin[ex] : f.char_begin[ex];
      const size_t e = words ? f.char_begin[ex] : f.begin[ex + 1];
      one.assign(f.ids.begin() + static_cast<long>(b), f.ids.begin() + static_cast<long>(e));
      AppendBlock(&one, words ? word_block_weight : 1.f, df, &s);
    }
    s.begin.push_back(s.row.size());
  }
  // Smoothed IDF (as if one more document held every feature): ln((1 + n) / (1 + df)) + 1.
  idf->resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    (*idf)[r] =
        std::log((1.f + static_cast<float>(n)) / (1.f + static_cast<float>((*df)[r]))) + 1.f;
  }
  for (size_t i = 0; i < s.row.size(); ++i) s.value[i] *= (*idf)[s.row[i]];
  return s;
}

// The weights while training. A row holds its labels' weights, then (floats L and L + 1) the
// cumulative learning rate its decay reached, a double: the row's loads bring it, where an
// array of its own cost one more cache miss per feature. Rows are stored by descending
// document frequency (slot, see SlotsByFrequency), not in feature-id order, so the rows most
// examples touch share cache lines and stay in cache; the model's rows are put back in id
// order when it is written. The layout leaves the arithmetic as it was. Measured with the
// squared hinge's sparse update (SgdThread) on data/debsec's full file, 1 thread, no
// calibration, loaded machine: 3.66 -> 3.05 CPU s (hinge), 3.75 -> 3.54 (logistic).
struct Weights {
  size_t stride = 0;          // floats per row: labels + 2, rounded up to 4
  size_t labels = 0;
  std::vector<float> w;       // slots x stride
  std::vector<float> bias;    // labels
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stopped{false};  // TrainOptions::cancel or max_seconds ended the run
  std::atomic<double> epoch_loss{0};  // mean loss of the last epoch a thread finished

  double Decayed(const float* row) const {
    double d;
    std::memcpy(&d, row + labels, sizeof d);
    return d;
  }
  void SetDecayed(float* row, double d) const { std::memcpy(row + labels, &d, sizeof d); }
};

// A row that only one example has is updated by that example alone, so at every step its
// weights are its value in the example times a vector that all the example's rows of that
// kind share, decay included (their stamps are alike). So they train as one row, at the L2
// norm of their values, and each is written as that row times its value / the norm: the
// same model up to rounding, with fewer rows to load, and these are the rows no cache holds.
// data/debsec's full file, 1 thread, no calibration: the same test accuracy (0.8018 hinge,
// 0.7941 logistic) in 2.62 to 2.87 CPU s against 2.87 to 3.06 (logistic, two runs each).
struct Singletons {
  static constexpr uint32_t kNone = 0xffffffffu;
  std::vector<uint32_t> shared;  // per row: the training row it is folded into, or kNone
  std::vector<float> share;      // per row folded: its value / the shared row's value
};

// Rewrites `x` with each example's rows seen in no other example folded into one new row
// (rows, rows + 1, ...) after its other rows, `df` (each row's entries in `x`, one per row)
// with it: 0 for a folded row, 1 for each new one.
void FoldSingletons(Sparse* x, std::vector<uint32_t>* df, Singletons* out) {
  const size_t rows = df->size();
  out->shared.assign(rows, Singletons::kNone);
  out->share.assign(rows, 0.f);
  size_t next = rows, w = 0;
  const size_t n = x->begin.size() - 1;
  std::vector<std::pair<uint32_t, float>> once;  // one example's rows seen once, their values
  for (size_t ex = 0; ex < n; ++ex) {
    const size_t b = x->begin[ex], e = x->begin[ex + 1];
    x->begin[ex] = w;  // w <= b: entries move down, never over one not yet read
    once.clear();
    double sq = 0;
    for (size_t i = b; i < e; ++i) {
      if ((*df)[x->row[i]] == 1) {
        once.emplace_back(x->row[i], x->value[i]);
        sq += double(x->value[i]) * x->value[i];
      } else {
        x->row[w] = x->row[i];
        x->value[w++] = x->value[i];
      }
    }
    if (once.empty()) continue;
    const double norm = std::sqrt(sq);
    for (const auto& [r, v] : once) {
      out->shared[r] = static_cast<uint32_t>(next);
      out->share[r] = norm > 0 ? static_cast<float>(v / norm) : 0.f;
      (*df)[r] = 0;
    }
    df->push_back(1);
    x->row[w] = static_cast<uint32_t>(next++);
    x->value[w++] = static_cast<float>(norm);
  }
  x->begin[n] = w;
  x->row.resize(w);
  x->value.resize(w);
}

// Each training row's slot in Weights::w: rows by descending document frequency `df`, ties
// by row; rows no example has (folded ones) get none. `slots` receives the number of slots.
std::vector<uint32_t> SlotsByFrequency(const std::vector<uint32_t>& df, size_t* slots) {
  const size_t rows = df.size();
  std::vector<uint32_t> order(rows), slot(rows, Singletons::kNone);
  std::iota(order.begin(), order.end(), uint32_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return df[a] > df[b]; });
  *slots = 0;
  for (size_t i = 0; i < rows && df[order[i]] > 0; ++i) {
    slot[order[i]] = static_cast<uint32_t>((*slots)++);
  }
  return slot;
}

struct Schedule {
  float lr0;
  bool hinge = false;  // LinearLoss::kSquaredHinge, else the softmax cross-entropy
  double total;   // example steps in the whole run
  double lambda;  // L2 per example step
  // Cumulative learning rate after `u` steps of lr0 x (1 - u / total).
  double Cumulative(double u) const { return lr0 * (u - u * u / (2 * total)); }
  // TrainOptions::cancel and max_seconds, checked every 64 examples.
  const std::atomic<bool>* cancel = nullptr;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  bool ShouldStop() const {
    return (cancel != nullptr && cancel->load(std::memory_order_relaxed)) ||
           (deadline && std::chrono::steady_clock::now() >= *deadline);
  }
};

// The squared hinge's learning rate is TrainOptions::lr divided by this. Measured on
// data/debsec's full training file (word 1-3 grams, word block 0.7, 1 thread, seeds 1 / 2 / 3,
// no calibration): divisor 4 gave 0.7972 test accuracy (seed 1), 8 gave 0.8004 / 0.8009 /
// 0.8008, 16 gave 0.8018 / 0.8021 / 0.8019, 32 gave 0.7986 (seed 1); the logistic loss's best
// is at divisor 1 (word 1-2 grams, block 0.5: 0.790 against 0.787 at 2 and 0.780 at 4).
constexpr double kHingeStepDivisor = 16;

// Lock-free SGD threads (Hogwild) each take at least this many examples, their own slice of
// the data; fewer examples train on fewer threads (one below twice this). On tiny sets the
// threads' slices and their racing updates cost accuracy: testdata/demo at 10 examples per
// label (50 lines, `loka train` defaults, subset seeds 1 / 2 / 3) gave 0.441 / 0.380 / 0.461
// test accuracy on 1 thread and 0.391 (mean of three runs) / 0.291 / 0.408 on 2, while at 30
// per label (150 lines) 0.567 / 0.503 / 0.598 against 0.564 (two runs) / 0.497 / 0.598, and
// data/debsec and data/fortunes at 10 and 30 per label (390 to 1,590 lines) moved by at most
// 0.13 points (debsec 10 per label 0.5135 against 0.5135, fortunes 10 and 30 per label
// 0.2796 and 0.3884 against 0.2809 and 0.3874). A run on under 2,000 lines takes a fraction
// of a second on one thread, so nothing is lost by it, and such runs are then bit-identical
// whatever the thread count.
constexpr size_t kMinExamplesPerThread = 1000;

// Features ahead of the one in use whose rows SgdThread requests from memory: enough to hide a
// main-memory load behind the work on the rows before it (a row of 53 labels is 4 cache lines).
constexpr size_t kPrefetchAhead = 4;

// Asks for the cache lines of slot `r` (its weights and decay stamp), for writing.
inline void PrefetchRow(const Weights& wt, uint32_t r) {
  const char* p = reinterpret_cast<const char*>(wt.w.data() + size_t{r} * wt.stride);
  const size_t bytes = wt.stride * sizeof(float);
  for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(p + off, 1);
  __builtin_prefetch(p + bytes - 1, 1);
}

// SgdThread is compiled twice on x86-64, for AVX2 and for the baseline, and the loader picks
// the one the CPU runs: its loops over the labels are lane by lane (no sums across labels
// reordered, and AVX2 alone brings no fused multiply-add), so both give the same bits; the
// AVX2 one is 6 to 9% faster on data/debsec's full file (1 thread, 2.77 against 3.05 CPU s
// with the hinge, 3.28 against 3.54 with the logistic loss, loaded machine).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LOKA_SGD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LOKA_SGD_CLONES
#endif

LOKA_SGD_CLONES
void SgdThread(const Sparse& x, const std::vector<int32_t>& label,
               const std::vector<float>& example_weight, size_t lo, size_t hi, uint32_t epochs,
               size_t L, const Schedule& sch, uint64_t seed, Weights* wt, double* loss_out) {
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> order(hi - lo);
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(lo + i);
  std::vector<float> s(L);
  std::vector<uint32_t> active;  // the squared hinge's labels with a gradient
  active.reserve(L);
  uint64_t local = 0;
  double loss = 0;
  const size_t P = wt->stride;
  for (uint32_t ep = 0; ep < epochs; ++ep) {
    std::shuffle(order.begin(), order.end(), rng);
    if (ep > 0 && !order.empty()) {
      wt->epoch_loss.store(loss / static_cast<double>(order.size()), std::memory_order_relaxed);
    }
    loss = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      const uint32_t ex = order[k];
      const double u = static_cast<double>(wt->done.load(std::memory_order_relaxed) + local);
      const float lr = sch.lr0 * static_cast<float>(std::max(0.0, 1.0 - u / sch.total));
      const double cum = sch.Cumulative(std::min(u, sch.total));
      if (++local >= 64) {
        wt->done.fetch_add(local, std::memory_order_relaxed);
        local = 0;
        if (wt->stopped.load(std::memory_order_relaxed) || sch.ShouldStop()) {
          wt->stopped = true;
          return;
        }
      }
      const size_t b = x.begin[ex], e = x.begin[ex + 1];
      std::copy(wt->bias.begin(), wt->bias.end(), s.begin());
      // The rows are scattered over a table far larger than the caches, so their loads, not
      // the arithmetic, bound the step: each row is requested kPrefetchAhead features before
      // it is used.
      for (size_t i = b; i < std::min(e, b + kPrefetchAhead); ++i) PrefetchRow(*wt, x.row[i]);
      for (size_t i = b; i < e; ++i) {
        if (i + kPrefetchAhead < e) PrefetchRow(*wt, x.row[i + kPrefetchAhead]);
        float* w = wt->w.data() + size_t{x.row[i]} * P;
        const float v = x.value[i];
        // Lazy L2: the decay every step since this row's last visit would have applied,
        // folded into the same pass over the row as the score.
        const double since = cum - wt->Decayed(w);
        if (since > 0) {
          // exp(-x) by its series while x is small (nearly always: lambda is l2 / n).
          const double xd = sch.lambda * since;
          const float keep = static_cast<float>(xd < 1e-3 ? 1 - xd + xd * xd / 2 : std::exp(-xd));
          for (size_t l = 0; l < L; ++l) {
            w[l] *= keep;
            s[l] += v * w[l];
          }
          wt->SetDecayed(w, cum);
        } else {
          for (size_t l = 0; l < L; ++l) s[l] += v * w[l];
        }
      }
      // The next example's first rows load while this one's softmax and update run.
      if (k + 1 < order.size()) {
        const size_t nb = x.begin[order[k + 1]], ne = x.begin[order[k + 1] + 1];
        for (size_t i = nb; i < std::min(ne, nb + kPrefetchAhead); ++i) PrefetchRow(*wt, x.row[i]);
      }
      const int32_t y = label[ex];
      if (sch.hinge) {
        // One-vs-rest squared hinge: sum over labels of max(0, 1 - t s)^2, t = +1 for the
        // gold label and -1 for the others; its gradient in s is -2 t max(0, 1 - t s). It is
        // zero for every label past its margin, most of them once the model fits: only the
        // others are updated, which leaves the same weights as adding the zeros.
        const float step = lr * example_weight[y];
        active.clear();
        for (size_t l = 0; l < L; ++l) {
          const float t = static_cast<int32_t>(l) == y ? 1.f : -1.f;
          const float m = std::max(0.f, 1.f - t * s[l]);
          loss += double(m) * m;
          if (m > 0.f) {
            active.push_back(static_cast<uint32_t>(l));
            s[l] = -2.f * t * m * step;
          }
        }
        for (const uint32_t l : active) wt->bias[l] -= s[l];
        for (size_t i = b; i < e; ++i) {
          float* w = wt->w.data() + size_t{x.row[i]} * P;
          const float v = x.value[i];
          for (const uint32_t l : active) w[l] -= v * s[l];
        }
        continue;
      }
      const float maxv = *std::max_element(s.begin(), s.end());
      float z = 0;
      for (auto& p : s) {
        p = std::exp(p - maxv);
        z += p;
      }
      loss -= std::log(std::max(s[y] / z, 1e-10f));
      const float scale = lr * example_weight[y] / z;
      for (size_t l = 0; l < L; ++l) s[l] *= scale;  // lr x weight x p
      s[y] -= lr * example_weight[y];                // minus lr x weight x 1[y]
      for (size_t l = 0; l < L; ++l) wt->bias[l] -= s[l];
      for (size_t i = b; i < e; ++i) {
        float* w = wt->w.data() + size_t{x.row[i]} * P;
        const float v = x.value[i];
        for (size_t l = 0; l < L; ++l) w[l] -= v * s[l];
      }
    }
  }
  wt->done.fetch_add(local, std::memory_order_relaxed);
  *loss_out = order.empty() ? 0 : loss / static_cast<double>(order.size());
}

}  // namespace

uint32_t AutoLinearEpochs(size_t examples) {
  if (examples == 0) return 10;
  const double e = std::round(3e5 / static_cast<double>(examples));
  return static_cast<uint32_t>(std::clamp(e, 10.0, 60.0));
}

namespace internal {

Result<ModelData> TrainLinear(const std::vector<LabelledText>& data, const TrainOptions& o,
                              TrainReport* report, bool fold_singletons) {
  const auto start = std::chrono::steady_clock::now();
  Stopwatch clock;
  const int threads = ThreadCount(o.threads);
  const float l2 = RunL2(o.l2);  // Train resolves it; internal callers may not
  ModelData m;
  std::vector<int32_t> labels;
  LOKA_RETURN_IF_ERROR(IndexLabels(data, &m, &labels));
  const size_t L = m.labels.size();
  const size_t P = (L + 3) / 4 * 4;
  Featurized f;
  LOKA_RETURN_IF_ERROR(FeaturizeAll(data, labels, o.normalize, o.features, threads, &f));
  const uint64_t row_cap = std::max<uint64_t>(1, o.max_weights / P);
  LOKA_RETURN_IF_ERROR(KeepRows(
      o.min_count, static_cast<uint32_t>(std::min<uint64_t>(o.max_rows, row_cap)), &f, &m));
  const size_t rows = m.ids.size();
  std::vector<float> idf;
  std::vector<uint32_t> df;
  Sparse x = ToTfidf(f, rows, o.word_block_weight, &idf, &df);
  // Inputs are not unit vectors once IDF multiplies them: the learning rate is divided by
  // their mean squared norm, so one step moves a score about as far on every data set.
  double mean_sq = 0;
  for (const float v : x.value) mean_sq += double(v) * v;
  mean_sq = std::max(1e-6, mean_sq / static_cast<double>(data.size()));
  const size_t occurrences = f.ids.size();
  std::vector<uint32_t>().swap(f.ids);
  Singletons single;
  if (fold_singletons) {
    FoldSingletons(&x, &df, &single);
  } else {
    single.shared.assign(rows, Singletons::kNone);
  }
  size_t slots = 0;
  const std::vector<uint32_t> slot = SlotsByFrequency(df, &slots);
  std::vector<uint32_t>().swap(df);
  for (uint32_t& r : x.row) r = slot[r];
  const double featurize_s = clock.Seconds();

  std::vector<float> example_weight(L, 1.f);
  if (o.balanced) {
    for (size_t l = 0; l < L; ++l) {
      example_weight[l] = static_cast<float>(static_cast<double>(data.size()) /
                                             (static_cast<double>(L) * m.label_counts[l]));
    }
  }
  uint32_t epochs = o.epochs ? o.epochs : AutoLinearEpochs(data.size());
  if (o.max_example_passes > 0) {
    epochs = static_cast<uint32_t>(std::min<uint64_t>(
        epochs, std::max<uint64_t>(1, o.max_example_passes / data.size())));
  }
  Schedule sch;
  // The squared hinge curves 4x as much as the cross-entropy (2 against at most 1/2 per
  // score) and sums over every label's score, not one softmax, so its steps are
  // kHingeStepDivisor times shorter.
  sch.hinge = o.loss == LinearLoss::kSquaredHinge;
  sch.lr0 = static_cast<float>(o.lr / mean_sq / (sch.hinge ? kHingeStepDivisor : 1));
  sch.total = static_cast<double>(epochs) * static_cast<double>(data.size());
  sch.lambda = l2 / static_cast<double>(data.size());
  sch.cancel = o.cancel;
  if (o.max_seconds > 0) {
    sch.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(o.max_seconds));
  }

  Weights wt;
  wt.stride = (L + 2 + 3) / 4 * 4;
  wt.labels = L;
  wt.w.assign(slots * wt.stride, 0.f);
  wt.bias.assign(L, 0.f);
  const int nthreads = static_cast<int>(std::clamp<size_t>(
      data.size() / kMinExamplesPerThread, 1, static_cast<size_t>(threads)));
  std::vector<double> losses(nthreads, 0);
  // Progress about twice a second from a thread of its own, as the bag trainer reports it.
  const double per_example = static_cast<double>(occurrences) / static_cast<double>(data.size());
  Stopwatch sgd_clock;
  auto snapshot = [&]() {
    TrainProgress p =
        RunProgress(static_cast<double>(wt.done.load(std::memory_order_relaxed)), sch.total,
                    sgd_clock.Seconds(), data.size(), epochs);
    p.tokens_per_s = p.examples_per_s * per_example;
    p.loss = wt.epoch_loss.load(std::memory_order_relaxed);
    return p;
  };
  ProgressReporter reporter(
      o.progress ? std::function<void()>([&]() { o.progress(snapshot()); }) : nullptr);
  std::vector<std::thread> pool;
  for (int t = 1; t < nthreads; ++t) {
    const size_t lo = data.size() * t / nthreads, hi = data.size() * (t + 1) / nthreads;
    pool.emplace_back(SgdThread, std::cref(x), std::cref(f.label), std::cref(example_weight), lo,
                      hi, epochs, L, std::cref(sch), o.seed + 7919 * t, &wt, &losses[t]);
  }
  SgdThread(x, f.label, example_weight, 0, data.size() / nthreads, epochs, L, sch, o.seed, &wt,
            &losses[0]);
  for (auto& th : pool) th.join();
  reporter.Stop();
  if (wt.stopped) {
    if (o.cancel != nullptr && o.cancel->load()) return FailedPrecondition("training cancelled");
    return ResourceExhausted("training stopped: over the limit of " +
                             std::to_string(o.max_seconds) + " s");
  }

  // The decay still owed since each row's last visit, then the IDF folded into the rows, in
  // feature-id order.
  x = Sparse();
  const double end = sch.Cumulative(sch.total);
  std::vector<float> rows_out(rows * P, 0.f);
  for (size_t r = 0; r < rows; ++r) {
    const bool folded = single.shared[r] != Singletons::kNone;
    const float* w = wt.w.data() + size_t{slot[folded ? single.shared[r] : r]} * wt.stride;
    const float keep = static_cast<float>(std::exp(-sch.lambda * (end - wt.Decayed(w))) *
                                          idf[r] * (folded ? single.share[r] : 1.f));
    for (size_t l = 0; l < L; ++l) rows_out[r * P + l] = w[l] * keep;
  }
  std::vector<float>().swap(wt.w);
  m.kind = ModelKind::kFloat;
  m.pooling = Pooling::kTfidfBlocks;
  m.word_block_weight = o.word_block_weight;
  m.dim = static_cast<uint32_t>(P);
  m.features = o.features;
  m.normalize = o.normalize;
  m.embeddings = std::move(rows_out);
  m.output.assign(L * P, 0.f);
  for (size_t l = 0; l < L; ++l) m.output[l * P + l] = 1.f;
  m.calibration.bias = std::move(wt.bias);
  nlohmann::json meta = {
      {"model", "linear"},
      {"examples", data.size()},
      {"epochs", epochs},
      {"lr", o.lr},
      {"l2", l2},
      {"word_block_weight", o.word_block_weight},
      {"loss", LinearLossName(sch.hinge ? LinearLoss::kSquaredHinge : LinearLoss::kLogistic)},
      {"balanced", o.balanced},
      {"threads", nthreads},
      {"seed", o.seed},
      {"min_count", o.min_count}};
  m.metadata_json = meta.dump();
  if (o.progress) {
    TrainProgress p = snapshot();  // every step done: fraction 1, the last epoch, no time left
    p.loss = losses[0];
    o.progress(p);
  }
  if (report) {
    report->examples = data.size();
    report->features = occurrences;
    report->rows = rows;
    report->epochs = epochs;
    report->seconds = clock.Seconds();
    report->featurize_seconds = featurize_s;
    report->final_loss = losses[0];
    report->model = ModelType::kLinear;
    report->loss = sch.hinge ? LinearLoss::kSquaredHinge : LinearLoss::kLogistic;
    report->l2 = l2;
  }
  return m;
}

}  // namespace internal
}  // namespace loka::learn
