// The trainers' shared parts: training examples as they see them (label ids in sorted label
// order, every example's hashed feature ids in one flat array, the feature rows a model keeps),
// and the two trainers behind Train (trainer.h): the embedding bag (trainer.cc) and the wide
// linear model (linear.cc). Neither calibrates; Train (fit.cc) does.
#ifndef LOKA_LEARN_EXAMPLES_H_
#define LOKA_LEARN_EXAMPLES_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/status.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "learn/trainer.h"
#include "text/features.h"
#include "text/normalize.h"

namespace loka::learn::internal {

// All examples' feature ids (or, after KeepRows, row numbers) in one flat array.
// Each example's word features (unigrams, then word n-grams) come first, then its character
// n-grams from char_begin[ex] on (text::Featurize's split form).
struct Featurized {
  std::vector<uint32_t> ids;
  std::vector<size_t> begin;       // examples + 1 offsets
  std::vector<size_t> char_begin;  // examples: begin[ex] <= char_begin[ex] <= begin[ex + 1]
  std::vector<int32_t> label;
};

// Sets m->labels (sorted, so ids do not depend on input order) and m->label_counts, and the
// label id of every example. Errors: invalid_argument naming the example (empty, over 1024
// bytes or malformed UTF-8 label), or no examples.
Status IndexLabels(const std::vector<LabelledText>& data, ModelData* m, std::vector<int32_t>* labels);

// Normalizes and featurizes every text on `threads` threads. Errors: invalid_argument naming
// the example for malformed UTF-8.
Status FeaturizeAll(const std::vector<LabelledText>& data, const std::vector<int32_t>& labels,
                    const text::NormalizeOptions& normalize, const text::FeatureOptions& features,
                    int threads, Featurized* out);

// Keeps the features seen at least `min_count` times (the `max_rows` most frequent), sets
// m->ids to them in ascending order and rewrites f->ids as row numbers, dropping the rest
// (f->begin and f->char_begin follow). invalid_argument, naming the most frequent feature's
// count, when no feature is kept: a model without features would answer every text alike (and
// the linear model's step size, divided by the inputs' mean squared norm, would diverge).
Status KeepRows(uint32_t min_count, uint32_t max_rows, Featurized* f, ModelData* m);

// TrainOptions::threads resolved: `requested`, or all hardware threads for 0.
int ThreadCount(int requested);

// The progress of a run `seconds` into it with `done` of its `total` example steps, `epochs`
// passes over `examples` examples: fraction, examples per second, time left and the 1-based
// epoch (the trainers add their own features per second and loss).
TrainProgress RunProgress(double done, double total, double seconds, size_t examples,
                          uint32_t epochs);

// Calls `report` every half second from a thread of its own until Stop (or destruction), for
// TrainOptions::progress while a trainer's threads run. Stop returns at once, not at the end
// of the period: a run of a few milliseconds (one of calibration's held-out runs on a small
// set) is not lengthened. No thread when `report` is empty.
class ProgressReporter {
 public:
  explicit ProgressReporter(std::function<void()> report);
  ~ProgressReporter() { Stop(); }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Checks the options both trainers share. Errors: invalid_argument naming the flag.
Status CheckTrainOptions(const TrainOptions& o);

// REQUIRES: CheckTrainOptions(o) is ok. Errors: invalid_argument for bad input.
Result<ModelData> TrainBag(const std::vector<LabelledText>& data, const TrainOptions& o,
                           TrainReport* report);
// `fold_singletons` false trains every row on its own (linear.cc, Singletons), for tests.
Result<ModelData> TrainLinear(const std::vector<LabelledText>& data, const TrainOptions& o,
                              TrainReport* report, bool fold_singletons = true);

}  // namespace loka::learn::internal

#endif  // LOKA_LEARN_EXAMPLES_H_
