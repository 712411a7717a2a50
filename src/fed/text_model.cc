#include "fed/text_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "nlohmann/json.hpp"
#include "text/utf8.h"

namespace loka::fed {

TextModelSpec MakeTextModelSpec(uint32_t buckets, std::vector<std::string> labels) {
  TextModelSpec s;
  s.buckets = buckets;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  s.labels = std::move(labels);
  s.features.buckets = buckets;
  s.features.words = true;
  s.features.word_ngrams = 2;
  s.features.char_ngram_min = 2;
  s.features.char_ngram_max = 4;
  s.features.punctuation = true;
  return s;
}

Status CheckTextModelSpec(const TextModelSpec& spec, uint64_t max_cells) {
  if (spec.buckets == 0) return InvalidArgument("the model needs at least 1 feature bucket");
  for (const std::string& label : spec.labels) {
    // A node's labels come trimmed from its TSV lines: " b" would match none of them.
    if (label.empty() || std::isspace(static_cast<unsigned char>(label.front())) ||
        std::isspace(static_cast<unsigned char>(label.back()))) {
      return InvalidArgument("label '" + label + "' is empty or starts or ends with a space");
    }
  }
  const uint64_t cells = uint64_t{spec.rows()} * spec.cols();
  if (cells <= max_cells) return Status::Ok();
  const uint64_t fit_rows = spec.cols() == 0 ? 0 : max_cells / spec.cols();
  std::string fit = fit_rows < 2 ? "no bucket count fits that many labels"
                                 : "at most " + std::to_string(fit_rows - 1) +
                                       " buckets fit " + std::to_string(spec.cols()) + " labels";
  return InvalidArgument("the model would hold " + std::to_string(spec.cols()) + " labels x " +
                         std::to_string(spec.rows()) + " rows (" + std::to_string(spec.buckets) +
                         " buckets and the bias row) = " + std::to_string(cells) +
                         " weights, over the limit of " + std::to_string(max_cells) + "; " + fit);
}

Result<std::vector<Example>> FeaturizeExamples(const std::vector<learn::LabelledText>& data,
                                               const TextModelSpec& spec, const std::string& what) {
  std::vector<Example> out;
  out.reserve(data.size());
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < data.size(); ++i) {
    const auto it = std::lower_bound(spec.labels.begin(), spec.labels.end(), data[i].label);
    if (it == spec.labels.end() || *it != data[i].label) {
      return InvalidArgument(what + " example " + std::to_string(i + 1) + ": label '" +
                             data[i].label + "' is not one of the fleet's labels");
    }
    Result<std::string> norm = text::Normalize(data[i].text, spec.normalize);
    if (!norm.ok()) return norm.status().WithPrefix(what + " example " + std::to_string(i + 1));
    ids.clear();
    text::Featurize(text::Utf8PrefixBytes(*norm, learn::kMaxTextBytes), spec.features, &ids);
    std::sort(ids.begin(), ids.end());
    Example ex;
    ex.label = static_cast<int32_t>(it - spec.labels.begin());
    double sq = 0;
    for (size_t a = 0; a < ids.size();) {
      size_t b = a + 1;
      while (b < ids.size() && ids[b] == ids[a]) ++b;
      const float v = 1.f + std::log(static_cast<float>(b - a));
      ex.row.push_back(ids[a]);
      ex.value.push_back(v);
      sq += double(v) * v;
      a = b;
    }
    const float inv = sq > 0 ? static_cast<float>(1 / std::sqrt(sq)) : 0.f;
    for (auto& v : ex.value) v *= inv;
    out.push_back(std::move(ex));
  }
  return out;
}

namespace {

// Softmax scores of one example into `s` (size cols).
void Scores(const Example& ex, const float* w, uint32_t cols, uint32_t bias_row, float* s) {
  const float* b = w + size_t{bias_row} * cols;
  std::copy(b, b + cols, s);
  for (size_t i = 0; i < ex.row.size(); ++i) {
    const float* r = w + size_t{ex.row[i]} * cols;
    const float v = ex.value[i];
    for (uint32_t c = 0; c < cols; ++c) s[c] += v * r[c];
  }
}

}  // namespace

void TrainLocal(const std::vector<Example>& examples, const TextModelSpec& spec,
                const LocalTrainOptions& o, const std::vector<float>& base,
                std::vector<float>* weights, std::vector<uint32_t>* touched,
                const std::vector<float>* correction) {
  const uint32_t cols = spec.cols(), bias = spec.bias_row();
  float* w = weights->data();
  std::vector<uint8_t> seen(spec.rows(), 0);
  std::vector<uint32_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 rng(o.seed);
  std::vector<float> s(cols);
  // The columns trained: every label, or with restricted_softmax those the examples hold.
  std::vector<uint8_t> live(cols, o.restricted_softmax ? 0 : 1);
  for (const Example& ex : examples) live[static_cast<size_t>(ex.label)] = 1;
  // With logit_adjust: the adjustment of each column's logit, and the plain gradient (for the
  // bias row) beside the adjusted one (for the feature rows).
  std::vector<float> adjust(cols, 0.f), plain(cols);
  if (o.logit_adjust > 0 && !examples.empty()) {
    std::vector<double> count(cols, 1.0);
    for (const Example& ex : examples) count[static_cast<size_t>(ex.label)] += 1;
    const double total = static_cast<double>(examples.size() + cols);
    for (uint32_t c = 0; c < cols; ++c) adjust[c] = o.logit_adjust * static_cast<float>(std::log(count[c] / total));
  }
  // lr x (softmax(x + add) - 1[label]) into `x` (masked labels: probability 0).
  auto gradient = [&](float* x, const float* add, int32_t label) {
    float maxv = -std::numeric_limits<float>::infinity();
    for (uint32_t c = 0; c < cols; ++c) {
      if (live[c]) maxv = std::max(maxv, x[c] + add[c]);
    }
    float z = 0;
    for (uint32_t c = 0; c < cols; ++c) {
      x[c] = live[c] ? std::exp(x[c] + add[c] - maxv) : 0.f;
      z += x[c];
    }
    for (uint32_t c = 0; c < cols; ++c) x[c] = o.lr * x[c] / z;
    x[label] -= o.lr;
  };
  const std::vector<float> none(cols, 0.f);
  const float keep = 1.f - o.lr * o.l2;
  auto pull = [&](uint32_t row) {
    float* r = w + size_t{row} * cols;
    if (keep != 1.f) {
      for (uint32_t c = 0; c < cols; ++c) r[c] *= live[c] ? keep : 1.f;
    }
    if (o.prox_mu > 0) {
      const float* b = base.data() + size_t{row} * cols;
      for (uint32_t c = 0; c < cols; ++c) r[c] -= o.lr * o.prox_mu * (r[c] - b[c]);
    }
  };
  // The drift correction, lazily: caught_up[r] is the step row r last took it at.
  const float* corr = correction != nullptr ? correction->data() : nullptr;
  std::vector<uint32_t> caught_up(corr != nullptr ? spec.rows() : 0, 0);
  uint32_t step = 0;
  auto catch_up = [&](uint32_t row) {
    const uint32_t n = step - caught_up[row];
    if (n == 0) return;
    caught_up[row] = step;
    float* r = w + size_t{row} * cols;
    const float* k = corr + size_t{row} * cols;
    const float f = o.lr * static_cast<float>(n);
    for (uint32_t c = 0; c < cols; ++c) r[c] -= f * k[c];
  };
  for (uint32_t ep = 0; ep < o.epochs; ++ep) {
    std::shuffle(order.begin(), order.end(), rng);
    for (const uint32_t i : order) {
      const Example& ex = examples[i];
      if (corr != nullptr) {
        for (const uint32_t row : ex.row) catch_up(row);
        catch_up(bias);
        ++step;
      }
      Scores(ex, w, cols, bias, s.data());
      const float* bias_step = s.data();
      if (o.logit_adjust > 0) {
        std::copy(s.begin(), s.end(), plain.begin());
        gradient(plain.data(), none.data(), ex.label);
        bias_step = plain.data();
      }
      gradient(s.data(), adjust.data(), ex.label);
      for (size_t k = 0; k < ex.row.size(); ++k) {
        const uint32_t row = ex.row[k];
        pull(row);
        float* r = w + size_t{row} * cols;
        const float v = ex.value[k];
        for (uint32_t c = 0; c < cols; ++c) r[c] -= v * s[c];
        seen[row] = 1;
      }
      float* b = w + size_t{bias} * cols;
      for (uint32_t c = 0; c < cols; ++c) b[c] -= bias_step[c];
      seen[bias] = 1;
    }
  }
  if (corr != nullptr) {
    for (uint32_t r = 0; r < spec.rows(); ++r) {
      const float* k = corr + size_t{r} * cols;
      if (std::any_of(k, k + cols, [](float v) { return v != 0.f; })) {
        catch_up(r);
        seen[r] = 1;
      }
    }
  }
  for (uint32_t r = 0; r < spec.rows(); ++r) {
    if (seen[r]) touched->push_back(r);
  }
}

double Accuracy(const std::vector<float>& weights, const TextModelSpec& spec,
                const std::vector<Example>& examples) {
  if (examples.empty()) return 0;
  std::vector<float> s(spec.cols());
  size_t right = 0;
  for (const Example& ex : examples) {
    Scores(ex, weights.data(), spec.cols(), spec.bias_row(), s.data());
    if (std::max_element(s.begin(), s.end()) - s.begin() == ex.label) ++right;
  }
  return static_cast<double>(right) / static_cast<double>(examples.size());
}

learn::ModelData ToModelData(const std::vector<float>& weights, const TextModelSpec& spec) {
  learn::ModelData m;
  const uint32_t L = spec.cols(), P = (L + 3) / 4 * 4;
  m.kind = learn::ModelKind::kFloat;
  m.pooling = learn::Pooling::kTfidf;
  m.dim = P;
  m.features = spec.features;
  m.normalize = spec.normalize;
  m.labels = spec.labels;
  m.label_counts.assign(L, 0);
  for (uint32_t r = 0; r < spec.buckets; ++r) {
    const float* row = weights.data() + size_t{r} * L;
    if (std::none_of(row, row + L, [](float v) { return v != 0.f; })) continue;
    m.ids.push_back(r);
    m.embeddings.insert(m.embeddings.end(), row, row + L);
    m.embeddings.resize(m.ids.size() * P, 0.f);
  }
  m.output.assign(size_t{L} * P, 0.f);
  for (uint32_t l = 0; l < L; ++l) m.output[size_t{l} * P + l] = 1.f;
  const float* b = weights.data() + size_t{spec.bias_row()} * L;
  m.calibration.bias.assign(b, b + L);
  m.metadata_json = nlohmann::json{{"model", "federated-linear"}, {"buckets", spec.buckets}}.dump();
  return m;
}

}  // namespace loka::fed
