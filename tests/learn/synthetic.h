// A synthetic, separable classification task shared by trainer_test and quantize_test: three
// labels, each with its own vocabulary of random 5-letter words, plus a shared vocabulary of noise
// words. A line is 6 words, each from its label's vocabulary with probability 0.7, otherwise a
// noise word, so every line carries about 4 words that name its label.
#ifndef LOKA_TESTS_LEARN_SYNTHETIC_H_
#define LOKA_TESTS_LEARN_SYNTHETIC_H_

#include <random>
#include <string>
#include <vector>

#include "learn/dataset.h"
#include "learn/model.h"
#include "learn/trainer.h"

namespace loka::learn::testutil {

class Synthetic {
 public:
  static constexpr int kLabels = 3;
  static constexpr int kWordsPerLabel = 30;
  static constexpr int kNoiseWords = 30;

  // The vocabularies depend only on `vocab_seed`.
  explicit Synthetic(uint32_t vocab_seed = 7) : rng_(vocab_seed) {
    for (int l = 0; l < kLabels; ++l) {
      for (int i = 0; i < kWordsPerLabel; ++i) vocab_[l].push_back(Word());
    }
    for (int i = 0; i < kNoiseWords; ++i) noise_.push_back(Word());
  }

  // `n` lines, labels in rotation, drawn with `seed`.
  std::vector<LabelledText> Lines(size_t n, uint32_t seed) const {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coin(0, 1);
    std::vector<LabelledText> out;
    for (size_t i = 0; i < n; ++i) {
      const int l = static_cast<int>(i % kLabels);
      LabelledText t;
      t.label = "label" + std::to_string(l);
      for (int w = 0; w < 6; ++w) {
        const auto& from = coin(rng) < 0.7 ? vocab_[l] : noise_;
        if (w) t.text += ' ';
        t.text += from[rng() % from.size()];
      }
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  std::string Word() {
    std::string w;
    for (int i = 0; i < 5; ++i) w += static_cast<char>('a' + rng_() % 26);
    return w;
  }
  std::mt19937 rng_;
  std::vector<std::string> vocab_[kLabels];
  std::vector<std::string> noise_;
};

// Small, fast, deterministic training options for tests.
inline TrainOptions FastOptions() {
  TrainOptions o;
  o.dim = 16;
  o.epochs = 10;
  o.lr = 0.5f;
  o.model = ModelType::kBag;  // the embedding bag; linear_test covers the linear model
  o.calibrate = false;
  o.features.char_ngram_min = 3;  // the feature set these tests were written against
  o.threads = 1;
  o.seed = 1;
  return o;
}

// Fraction of `data` whose top prediction is the gold label.
inline double Accuracy(const Model& m, const std::vector<LabelledText>& data) {
  size_t right = 0;
  std::vector<Prediction> p;
  for (const auto& ex : data) {
    if (!m.Predict(ex.text, 1, 0.f, &p).ok() || p.empty()) continue;
    if (m.label(p[0].label) == ex.label) ++right;
  }
  return data.empty() ? 0 : static_cast<double>(right) / static_cast<double>(data.size());
}

}  // namespace loka::learn::testutil

#endif  // LOKA_TESTS_LEARN_SYNTHETIC_H_
