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

}  // namespace loka::learn

#endif  // LOKA_LEARN_METRICS_H_
