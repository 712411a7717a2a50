#include "learn/trainer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

#include "core/log.h"
#include "learn/examples.h"
#include "nlohmann/json.hpp"

namespace loka::learn {
namespace {

struct Shared {
  std::vector<float> emb;  // rows x dim
  std::vector<float> out;  // labels x dim
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> tokens{0};
  // Bounds checked between chunks (TrainOptions::cancel, max_seconds); `stopped` tells the
  // other threads and the caller that one was hit.
  const std::atomic<bool>* cancel = nullptr;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::atomic<bool> stopped{false};
  std::mutex loss_mu;      // guards loss_sum, loss_n
  double loss_sum = 0;
  double loss_n = 0;
};

// One thread's share of SGD: examples [lo, hi) for `epochs` passes, in a shuffled order.
void TrainThread(const internal::Featurized& f, size_t lo, size_t hi, uint32_t epochs, uint64_t total,
                 const TrainOptions& o, uint32_t dim, size_t num_labels, uint64_t seed, Shared* sh) {
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> order(hi - lo);
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(lo + i);
  std::vector<float> hidden(dim), grad(dim), probs(num_labels);
  uint64_t local_done = 0, local_tokens = 0;
  double loss_sum = 0;
  size_t loss_n = 0;
  float* E = sh->emb.data();
  float* O = sh->out.data();
  for (uint32_t ep = 0; ep < epochs; ++ep) {
    std::shuffle(order.begin(), order.end(), rng);
    for (uint32_t ex : order) {
      const uint32_t* rows = f.ids.data() + f.begin[ex];
      const size_t n = f.begin[ex + 1] - f.begin[ex];
      const uint64_t global_done = sh->done.load(std::memory_order_relaxed) + local_done;
      const float lr = o.lr * std::max(0.f, 1.f - static_cast<float>(global_done) / total);
      ++local_done;
      if (n == 0) continue;
      local_tokens += n;
      std::fill(hidden.begin(), hidden.end(), 0.f);
      for (size_t i = 0; i < n; ++i) {
        const float* e = E + static_cast<size_t>(rows[i]) * dim;
        for (uint32_t j = 0; j < dim; ++j) hidden[j] += e[j];
      }
      const float inv = 1.f / static_cast<float>(n);
      for (auto& h : hidden) h *= inv;
      float maxv = -1e30f;
      for (size_t l = 0; l < num_labels; ++l) {
        const float* w = O + l * dim;
        float s = 0.f;
        for (uint32_t j = 0; j < dim; ++j) s += w[j] * hidden[j];
        probs[l] = s;
        maxv = std::max(maxv, s);
      }
      float z = 0.f;
      for (auto& p : probs) {
        p = std::exp(p - maxv);
        z += p;
      }
      const float invz = 1.f / z;
      const int32_t y = f.label[ex];
      std::fill(grad.begin(), grad.end(), 0.f);
      for (size_t l = 0; l < num_labels; ++l) {
        const float p = probs[l] * invz;
        const float g = lr * ((static_cast<int32_t>(l) == y ? 1.f : 0.f) - p);
        if (g == 0.f) continue;
        float* w = O + l * dim;
        for (uint32_t j = 0; j < dim; ++j) {
          grad[j] += g * w[j];
          w[j] += g * hidden[j];
        }
      }
      loss_sum += -std::log(std::max(probs[y] * invz, 1e-10f));
      ++loss_n;
      for (auto& g : grad) g *= inv;
      for (size_t i = 0; i < n; ++i) {
        float* e = E + static_cast<size_t>(rows[i]) * dim;
        for (uint32_t j = 0; j < dim; ++j) e[j] += grad[j];
      }
      if (local_done >= 256) {
        if ((sh->cancel != nullptr && sh->cancel->load(std::memory_order_relaxed)) ||
            std::chrono::steady_clock::now() >= sh->deadline) {
          sh->stopped = true;
        }
        if (sh->stopped.load(std::memory_order_relaxed)) return;
        sh->done.fetch_add(local_done, std::memory_order_relaxed);
        sh->tokens.fetch_add(local_tokens, std::memory_order_relaxed);
        local_done = local_tokens = 0;
        std::lock_guard<std::mutex> lock(sh->loss_mu);
        sh->loss_sum = sh->loss_sum * 0.9 + loss_sum;
        sh->loss_n = sh->loss_n * 0.9 + static_cast<double>(loss_n);
        loss_sum = 0;
        loss_n = 0;
      }
    }
  }
  sh->done.fetch_add(local_done, std::memory_order_relaxed);
  sh->tokens.fetch_add(local_tokens, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(sh->loss_mu);
  sh->loss_sum = sh->loss_sum * 0.9 + loss_sum;
  sh->loss_n = sh->loss_n * 0.9 + static_cast<double>(loss_n);
}

}  // namespace

text::FeatureOptions TrainOptions::DefaultFeatures() {
  text::FeatureOptions f;
  f.buckets = 1u << 31;
  f.words = true;
  f.word_ngrams = 3;
  f.char_ngram_min = 2;
  f.char_ngram_max = 5;
  f.punctuation = true;
  return f;
}

const char* LinearLossName(LinearLoss loss) {
  switch (loss) {
    case LinearLoss::kAuto: return "auto";
    case LinearLoss::kLogistic: return "logistic";
    case LinearLoss::kSquaredHinge: return "squared_hinge";
  }
  return "logistic";
}

uint32_t AutoEpochs(size_t feature_occurrences) {
  if (feature_occurrences == 0) return 5;
  const double e = std::round(1e8 / static_cast<double>(feature_occurrences));
  return static_cast<uint32_t>(std::clamp(e, 5.0, 50.0));
}

namespace internal {

int ThreadCount(int requested) {
  return requested > 0 ? requested
                       : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

TrainProgress RunProgress(double done, double total, double seconds, size_t examples,
                          uint32_t epochs) {
  TrainProgress p;
  const double s = std::max(1e-9, seconds);
  p.fraction = std::min(1.0, done / total);
  p.examples_per_s = done / s;
  p.eta_s = p.examples_per_s > 0 ? (total - done) / p.examples_per_s : 0;
  p.epoch = std::min<int>(static_cast<int>(epochs),
                          1 + static_cast<int>(done / static_cast<double>(examples)));
  return p;
}

ProgressReporter::ProgressReporter(std::function<void()> report) {
  if (!report) return;
  thread_ = std::thread([this, report = std::move(report)]() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) {
      lock.unlock();
      report();
      lock.lock();
    }
  });
}

void ProgressReporter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status CheckTrainOptions(const TrainOptions& o) {
  if (o.dim == 0 || o.dim > 1024) return InvalidArgument("--dim must be in [1, 1024]");
  if (!(o.lr > 0.f) || o.lr > 10.f) return InvalidArgument("--lr must be in (0, 10]");
  if (o.l2 != kAutoL2 && (!(o.l2 >= 0.f) || o.l2 > 1e6f)) {
    return InvalidArgument("--l2 must be in [0, 1e6]");
  }
  if (!(o.target_error > 0.f) || o.target_error >= 1.f) {
    return InvalidArgument("--target-error must be in (0, 1)");
  }
  if (!(o.threshold_confidence >= 0.f) || o.threshold_confidence >= 1.f) {
    return InvalidArgument("--threshold-confidence must be in [0, 1)");
  }
  if (o.epochs > 10000) return InvalidArgument("--epochs must be at most 10000");
  if (o.threads < 0 || o.threads > kMaxTrainThreads) {
    return InvalidArgument("--threads must be in [0, " + std::to_string(kMaxTrainThreads) + "]");
  }
  if (!(o.word_block_weight > 0.f) || o.word_block_weight > 16.f) {
    return InvalidArgument("word block weight must be in (0, 16]");
  }
  if (o.features.buckets == 0 || o.features.buckets > (1u << 31)) {
    return InvalidArgument("feature buckets must be in [1, 2^31]");
  }
  // The same limits the model file reader enforces (docs/formats/model.md): never write a
  // model that cannot be loaded.
  if (o.features.word_ngrams == 0 || o.features.word_ngrams > 16) {
    return InvalidArgument("--word-ngrams must be in [1, 16]");
  }
  if (o.features.char_ngram_max > 16 ||
      (o.features.char_ngram_min > 0 && o.features.char_ngram_min > o.features.char_ngram_max)) {
    return InvalidArgument("character n-gram range must satisfy min <= max <= 16");
  }
  return Status::Ok();
}

Result<ModelData> TrainBag(const std::vector<LabelledText>& data, const TrainOptions& o,
                           TrainReport* report) {
  Stopwatch clock;
  const int threads = ThreadCount(o.threads);

  ModelData m;
  std::vector<int32_t> labels;
  LOKA_RETURN_IF_ERROR(internal::IndexLabels(data, &m, &labels));
  internal::Featurized f;
  LOKA_RETURN_IF_ERROR(
      internal::FeaturizeAll(data, labels, o.normalize, o.features, threads, &f));
  const uint64_t row_cap = std::max<uint64_t>(1, o.max_weights / std::max<uint32_t>(1, o.dim));
  LOKA_RETURN_IF_ERROR(internal::KeepRows(
      o.min_count, static_cast<uint32_t>(std::min<uint64_t>(o.max_rows, row_cap)), &f, &m));
  const double featurize_s = clock.Seconds();

  const uint32_t dim = o.dim;
  const size_t rows = m.ids.size(), L = m.labels.size();
  Shared sh;
  sh.emb.resize(rows * dim);
  {
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<float> u(-1.f / dim, 1.f / dim);
    for (auto& x : sh.emb) x = u(rng);
  }
  sh.out.assign(L * dim, 0.f);

  uint32_t epochs = o.epochs ? o.epochs : AutoEpochs(f.ids.size());
  if (o.max_example_passes > 0) {
    epochs = static_cast<uint32_t>(std::min<uint64_t>(
        epochs, std::max<uint64_t>(1, o.max_example_passes / data.size())));
  }
  sh.cancel = o.cancel;
  if (o.max_seconds > 0) {
    sh.deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(
                          std::max(0.0, o.max_seconds - clock.Seconds())));
  }
  const uint64_t total = static_cast<uint64_t>(epochs) * data.size();
  const int nthreads = static_cast<int>(std::min<size_t>(threads, data.size()));
  Stopwatch train_clock;
  auto snapshot = [&]() {
    const double s = train_clock.Seconds();
    TrainProgress p = internal::RunProgress(static_cast<double>(sh.done.load()),
                                            static_cast<double>(total), s, data.size(), epochs);
    p.tokens_per_s = static_cast<double>(sh.tokens.load()) / std::max(1e-9, s);
    std::lock_guard<std::mutex> lock(sh.loss_mu);
    p.loss = sh.loss_n > 0 ? sh.loss_sum / sh.loss_n : 0;
    return p;
  };
  internal::ProgressReporter reporter(
      o.progress ? std::function<void()>([&]() { o.progress(snapshot()); }) : nullptr);
  std::vector<std::thread> pool;
  for (int t = 1; t < nthreads; ++t) {
    const size_t lo = data.size() * t / nthreads, hi = data.size() * (t + 1) / nthreads;
    pool.emplace_back(TrainThread, std::cref(f), lo, hi, epochs, total, std::cref(o), dim, L,
                      o.seed + 7919 * t, &sh);
  }
  TrainThread(f, 0, data.size() / nthreads, epochs, total, o, dim, L, o.seed, &sh);
  for (auto& th : pool) th.join();
  reporter.Stop();
  if (sh.stopped) {
    if (o.cancel != nullptr && o.cancel->load()) return FailedPrecondition("training cancelled");
    return ResourceExhausted("training stopped after " + std::to_string(clock.Seconds()) +
                             " s: over the limit of " + std::to_string(o.max_seconds) + " s");
  }
  const TrainProgress last = snapshot();
  if (o.progress) o.progress(last);

  m.kind = ModelKind::kFloat;
  m.dim = dim;
  m.features = o.features;
  m.normalize = o.normalize;
  m.embeddings = std::move(sh.emb);
  m.output = std::move(sh.out);
  const double seconds = clock.Seconds();
  nlohmann::json meta = {{"examples", data.size()}, {"epochs", epochs},   {"lr", o.lr},
                         {"dim", dim},              {"threads", nthreads}, {"seed", o.seed},
                         {"min_count", o.min_count}};  // nothing run-dependent: bit-identical files
  m.metadata_json = meta.dump();
  if (report) {
    report->examples = data.size();
    report->features = f.ids.size();
    report->rows = rows;
    report->epochs = epochs;
    report->seconds = seconds;
    report->featurize_seconds = featurize_s;
    report->final_loss = last.loss;
    report->model = ModelType::kBag;
  }
  return m;
}

}  // namespace internal

}  // namespace loka::learn
