// Classification metrics: per-label precision, recall and F1, their macro averages, and micro
// averages (which equal accuracy for single-label data when every example gets a prediction).
#ifndef LOKA_LEARN_METRICS_H_
#define LOKA_LEARN_METRICS_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace loka::learn {

struct LabelMetrics {
  std::string label;
  size_t support = 0;  // gold examples
  size_t predicted = 0;
  size_t correct = 0;
  double precision = 0, recall = 0, f1 = 0;
};

struct Metrics {
  size_t n = 0;
  size_t correct = 0;
  double accuracy = 0;
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0;  // over labels with support > 0
  double micro_precision = 0, micro_recall = 0, micro_f1 = 0;
  std::vector<LabelMetrics> per_label;  // sorted by label
};

// Accumulates (gold, predicted) pairs; predicted may be empty (no prediction over threshold).
class MetricsBuilder {
 public:
  void Add(const std::string& gold, const std::string& predicted);
  Metrics Finish() const;

 private:
  struct Counts {
    size_t support = 0, predicted = 0, correct = 0;
  };
  size_t Id(const std::string& label);
  std::vector<std::string> names_;  // label names in first-seen order
  std::unordered_map<std::string, size_t> index_;  // name -> position in names_
  std::vector<Counts> counts_;
  size_t n_ = 0, correct_ = 0, predicted_ = 0;
};

// Gold labels a model has no answer for: their lines can only count as errors (a misspelt or
// renamed label, or a test file meant for another model).
struct UnknownLabels {
  std::vector<std::string> labels;  // sorted
  size_t lines = 0;                 // gold examples carrying one of them
};

// The gold labels of `m` (support > 0) that are not among `known`, the answers the model can give.
UnknownLabels FindUnknownLabels(const Metrics& m, const std::vector<std::string>& known);

// "N lines have labels the model was not trained on (a, b, ... K more); they count as errors",
// naming at most kMaxUnknownLabelsNamed labels; empty when there are none.
inline constexpr size_t kMaxUnknownLabelsNamed = 10;  // keeps the note to one readable line
std::string DescribeUnknownLabels(const UnknownLabels& unknown);

}  // namespace loka::learn

#endif  // LOKA_LEARN_METRICS_H_
