#include "learn/metrics.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace loka::learn {
namespace {

double Ratio(size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }
double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

size_t MetricsBuilder::Id(const std::string& label) {
  auto [it, added] = index_.emplace(label, names_.size());
  if (!added) return it->second;
  names_.push_back(label);
  counts_.emplace_back();
  return names_.size() - 1;
}

void MetricsBuilder::Add(const std::string& gold, const std::string& predicted) {
  ++n_;
  ++counts_[Id(gold)].support;
  if (!predicted.empty()) {
    ++predicted_;
    ++counts_[Id(predicted)].predicted;
    if (predicted == gold) {
      ++correct_;
      ++counts_[Id(gold)].correct;
    }
  }
}

Metrics MetricsBuilder::Finish() const {
  Metrics m;
  m.n = n_;
  m.correct = correct_;
  m.accuracy = Ratio(correct_, n_);
  std::map<std::string, Counts> sorted;
  for (size_t i = 0; i < names_.size(); ++i) sorted[names_[i]] = counts_[i];
  size_t with_support = 0;
  for (const auto& [name, c] : sorted) {
    LabelMetrics lm;
    lm.label = name;
    lm.support = c.support;
    lm.predicted = c.predicted;
    lm.correct = c.correct;
    lm.precision = Ratio(c.correct, c.predicted);
    lm.recall = Ratio(c.correct, c.support);
    lm.f1 = F1(lm.precision, lm.recall);
    if (c.support > 0) {
      ++with_support;
      m.macro_precision += lm.precision;
      m.macro_recall += lm.recall;
      m.macro_f1 += lm.f1;
    }
    m.per_label.push_back(lm);
  }
  if (with_support > 0) {
    m.macro_precision /= with_support;
    m.macro_recall /= with_support;
    m.macro_f1 /= with_support;
  }
  m.micro_precision = Ratio(correct_, predicted_);
  m.micro_recall = Ratio(correct_, n_);
  m.micro_f1 = F1(m.micro_precision, m.micro_recall);
  return m;
}

UnknownLabels FindUnknownLabels(const Metrics& m, const std::vector<std::string>& known) {
  const std::set<std::string_view> answers(known.begin(), known.end());
  UnknownLabels u;
  for (const LabelMetrics& l : m.per_label) {  // sorted by label
    if (l.support == 0 || answers.count(l.label) != 0) continue;
    u.labels.push_back(l.label);
    u.lines += l.support;
  }
  return u;
}

std::string DescribeUnknownLabels(const UnknownLabels& unknown) {
  if (unknown.labels.empty()) return "";
  std::string names;
  for (size_t i = 0; i < unknown.labels.size() && i < kMaxUnknownLabelsNamed; ++i) {
    names += (i ? ", " : "") + unknown.labels[i];
  }
  if (unknown.labels.size() > kMaxUnknownLabelsNamed) {
    names += ", ... " + std::to_string(unknown.labels.size() - kMaxUnknownLabelsNamed) + " more";
  }
  return std::to_string(unknown.lines) + " lines have labels the model was not trained on (" +
         names + "); they count as errors";
}

}  // namespace loka::learn
