// Supervised training of the linear classifier (model.h) with SGD: hashed features, mean
// embedding bag, softmax output, learning rate decaying linearly to zero. Threads update the
// shared weights without locks (Hogwild); with threads == 1 the result is bit-identical for a
// given seed and input.
#ifndef LOKA_LEARN_TRAINER_H_
#define LOKA_LEARN_TRAINER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "text/features.h"
#include "text/normalize.h"

namespace loka::learn {

struct TrainProgress {
  double fraction = 0;        // of all epochs, in [0, 1]
  double examples_per_s = 0;  // over the whole run so far, all threads
  double tokens_per_s = 0;    // features per second
  double loss = 0;            // mean cross-entropy of recent examples
  double eta_s = 0;           // estimated seconds left
  int epoch = 0;              // 1-based epoch the slowest thread is in
};

struct TrainOptions {
  uint32_t dim = 32;       // embedding size; larger learns more but trains and predicts slower
  uint32_t epochs = 0;     // 0: automatic, from the data size (see AutoEpochs)
  float lr = 2.0f;         // initial learning rate, decays linearly to 0
  int threads = 0;         // 0: all hardware threads
  uint64_t seed = 1;       // with threads == 1, same seed + same input = bit-identical model
  uint32_t min_count = 1;  // features seen fewer times are dropped
  uint32_t max_rows = 4u << 20;  // at most this many distinct features keep a row (most frequent)
  text::FeatureOptions features = DefaultFeatures();
  text::NormalizeOptions normalize;
  // Called from the training threads about twice a second, and once at the end.
  std::function<void(const TrainProgress&)> progress;

  // Bounds on one run, for callers that train on other people's data (0: none). Labels and
  // explicit epochs x examples are checked before any feature is computed; automatic epochs
  // are lowered to fit max_example_passes instead. Over either: resource_exhausted.
  size_t max_labels = 0;
  uint64_t max_example_passes = 0;  // epochs x examples
  // Training stops between chunks of 256 examples once this many seconds have passed since
  // Train was called (resource_exhausted) or once `*cancel` is true (failed_precondition
  // "training cancelled"); nothing is returned but the error. `cancel` must outlive the call.
  double max_seconds = 0;
  const std::atomic<bool>* cancel = nullptr;

  // Word unigrams and bigrams, character 3..5-grams, punctuation tokens, hashed into 2^31 ids
  // (each id then gets its own row, so collisions are rare).
  static text::FeatureOptions DefaultFeatures();
};

struct TrainReport {
  size_t examples = 0;
  size_t features = 0;      // total feature occurrences seen in the data
  size_t rows = 0;          // distinct features kept
  uint32_t epochs = 0;
  double seconds = 0;
  double featurize_seconds = 0;
  double final_loss = 0;
};

// Epochs used when TrainOptions::epochs is 0: more passes over small data, fewer over large,
// so that a run makes about 1e8 feature updates, within [5, 50] passes. Counting features
// rather than examples gives long documents fewer passes than short messages.
uint32_t AutoEpochs(size_t feature_occurrences);

// Trains on `data`. Errors: invalid_argument (malformed UTF-8 in a text, fewer than 1 label,
// options out of range); resource_exhausted and failed_precondition from the bounds above.
Result<ModelData> Train(const std::vector<LabelledText>& data, const TrainOptions& options,
                        TrainReport* report = nullptr);

}  // namespace loka::learn

#endif  // LOKA_LEARN_TRAINER_H_
