// Tests for learn/metrics.h against a confusion table worked out by hand.
#include "learn/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace loka::learn {
namespace {

Metrics Compute(const std::vector<std::pair<std::string, std::string>>& pairs) {
  MetricsBuilder b;
  for (const auto& [gold, predicted] : pairs) b.Add(gold, predicted);
  return b.Finish();
}

const LabelMetrics* Find(const Metrics& m, const std::string& label) {
  for (const auto& l : m.per_label) {
    if (l.label == label) return &l;
  }
  return nullptr;
}

// Seven examples, gold -> predicted ("" = no prediction over the threshold):
//   a->a  a->b  a->""  b->b  b->a  c->c  c->b
//
//   label  support  predicted  correct  precision  recall  F1 = 2PR/(P+R)
//   a      3        2 (#1,#5)  1        1/2        1/3     (1/3)/(5/6)   = 2/5
//   b      2        3 (#2,#4,#7) 1      1/3        1/2     (1/3)/(5/6)   = 2/5
//   c      2        1 (#6)     1        1          1/2     1/(3/2)       = 2/3
//
//   accuracy        = 3 correct / 7                       = 3/7
//   macro precision = (1/2 + 1/3 + 1) / 3 = (11/6) / 3    = 11/18
//   macro recall    = (1/3 + 1/2 + 1/2) / 3 = (4/3) / 3   = 4/9
//   macro F1        = (2/5 + 2/5 + 2/3) / 3 = (22/15) / 3 = 22/45
//   micro precision = 3 correct / 6 predictions           = 1/2
//   micro recall    = 3 correct / 7 examples              = 3/7
//   micro F1        = 2 (1/2)(3/7) / (1/2 + 3/7) = (3/7) / (13/14) = 6/13
TEST(MetricsTest, HandComputedConfusionExample) {
  const Metrics m =
      Compute({{"a", "a"}, {"a", "b"}, {"a", ""}, {"b", "b"}, {"b", "a"}, {"c", "c"}, {"c", "b"}});
  constexpr double kEps = 1e-12;
  EXPECT_EQ(m.n, 7u);
  EXPECT_EQ(m.correct, 3u);
  EXPECT_NEAR(m.accuracy, 3.0 / 7, kEps);

  ASSERT_EQ(m.per_label.size(), 3u);
  EXPECT_EQ(m.per_label[0].label, "a");  // sorted by label
  EXPECT_EQ(m.per_label[1].label, "b");
  EXPECT_EQ(m.per_label[2].label, "c");

  const LabelMetrics& a = m.per_label[0];
  EXPECT_EQ(a.support, 3u);
  EXPECT_EQ(a.predicted, 2u);
  EXPECT_EQ(a.correct, 1u);
  EXPECT_NEAR(a.precision, 1.0 / 2, kEps);
  EXPECT_NEAR(a.recall, 1.0 / 3, kEps);
  EXPECT_NEAR(a.f1, 2.0 / 5, kEps);

  const LabelMetrics& b = m.per_label[1];
  EXPECT_EQ(b.support, 2u);
  EXPECT_EQ(b.predicted, 3u);
  EXPECT_EQ(b.correct, 1u);
  EXPECT_NEAR(b.precision, 1.0 / 3, kEps);
  EXPECT_NEAR(b.recall, 1.0 / 2, kEps);
  EXPECT_NEAR(b.f1, 2.0 / 5, kEps);

  const LabelMetrics& c = m.per_label[2];
  EXPECT_EQ(c.support, 2u);
  EXPECT_EQ(c.predicted, 1u);
  EXPECT_EQ(c.correct, 1u);
  EXPECT_NEAR(c.precision, 1.0, kEps);
  EXPECT_NEAR(c.recall, 1.0 / 2, kEps);
  EXPECT_NEAR(c.f1, 2.0 / 3, kEps);

  EXPECT_NEAR(m.macro_precision, 11.0 / 18, kEps);
  EXPECT_NEAR(m.macro_recall, 4.0 / 9, kEps);
  EXPECT_NEAR(m.macro_f1, 22.0 / 45, kEps);
  EXPECT_NEAR(m.micro_precision, 1.0 / 2, kEps);
  EXPECT_NEAR(m.micro_recall, 3.0 / 7, kEps);
  EXPECT_NEAR(m.micro_f1, 6.0 / 13, kEps);
}

// a->a, a->"": one prediction, right; one example with none. The missing prediction lowers
// recall (1/2) and accuracy (1/2) but not precision (1/1).
TEST(MetricsTest, EmptyPredictionsCountAgainstRecallNotPrecision) {
  const Metrics m = Compute({{"a", "a"}, {"a", ""}});
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  EXPECT_DOUBLE_EQ(m.micro_precision, 1.0);
  EXPECT_DOUBLE_EQ(m.micro_recall, 0.5);
  EXPECT_DOUBLE_EQ(m.micro_f1, 2.0 / 3);  // 2 * 1 * 0.5 / 1.5
  ASSERT_EQ(m.per_label.size(), 1u);      // "" is not a label
  EXPECT_DOUBLE_EQ(m.per_label[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(m.per_label[0].recall, 0.5);
  EXPECT_EQ(m.per_label[0].predicted, 1u);
}

TEST(MetricsTest, NoPredictionsAtAllGiveZerosNotNaN) {
  const Metrics m = Compute({{"a", ""}, {"b", ""}});
  EXPECT_EQ(m.n, 2u);
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_EQ(m.micro_precision, 0.0);  // 0/0 is defined as 0
  EXPECT_EQ(m.micro_recall, 0.0);
  EXPECT_EQ(m.micro_f1, 0.0);
  EXPECT_EQ(m.macro_f1, 0.0);
}

// A label that is only ever predicted (support 0) is listed but left out of the macro averages:
// a->z, a->a. Label a: P 1/1, R 1/2, F1 2/3. Label z: P 0/1, R 0/0 = 0. Macro over {a} only.
TEST(MetricsTest, PredictedOnlyLabelsAreListedButNotMacroAveraged) {
  const Metrics m = Compute({{"a", "z"}, {"a", "a"}});
  ASSERT_EQ(m.per_label.size(), 2u);
  const LabelMetrics* z = Find(m, "z");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->support, 0u);
  EXPECT_EQ(z->predicted, 1u);
  EXPECT_EQ(z->precision, 0.0);
  EXPECT_DOUBLE_EQ(m.macro_precision, 1.0);
  EXPECT_DOUBLE_EQ(m.macro_recall, 0.5);
  EXPECT_DOUBLE_EQ(m.macro_f1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.micro_precision, 0.5);
}

TEST(MetricsTest, EmptyBuilderGivesZeros) {
  const Metrics m = MetricsBuilder().Finish();
  EXPECT_EQ(m.n, 0u);
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_EQ(m.macro_f1, 0.0);
  EXPECT_TRUE(m.per_label.empty());
}

TEST(MetricsTest, AllCorrectIsOneEverywhere) {
  const Metrics m = Compute({{"x", "x"}, {"y", "y"}, {"y", "y"}});
  EXPECT_DOUBLE_EQ(m.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(m.macro_f1, 1.0);
  EXPECT_DOUBLE_EQ(m.micro_f1, 1.0);
}

// Gold labels outside the model's answers are listed sorted with their lines; a label that is only
// predicted (support 0) is not one of them however it is spelt.
TEST(MetricsTest, UnknownLabelsAreGoldLabelsTheModelCannotAnswer) {
  const Metrics m = Compute({{"b", "a"}, {"zz", "a"}, {"x", "a"}, {"zz", ""}, {"a", "q"}});
  const UnknownLabels u = FindUnknownLabels(m, {"a", "b"});
  EXPECT_EQ(u.labels, (std::vector<std::string>{"x", "zz"}));
  EXPECT_EQ(u.lines, 3u);
  EXPECT_EQ(DescribeUnknownLabels(u),
            "3 lines have labels the model was not trained on (x, zz); they count as errors");
  EXPECT_TRUE(FindUnknownLabels(m, {"a", "b", "x", "zz"}).labels.empty());
  EXPECT_EQ(DescribeUnknownLabels({}), "");
}

// The note names ten labels and counts the rest, so a test file for another model stays one line.
TEST(MetricsTest, UnknownLabelNoteNamesTenAndCountsTheRest) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (char c = 'a'; c <= 'l'; ++c) pairs.emplace_back(std::string(1, c), "k");
  const UnknownLabels u = FindUnknownLabels(Compute(pairs), {"k"});
  EXPECT_EQ(u.lines, 11u);
  EXPECT_EQ(DescribeUnknownLabels(u),
            "11 lines have labels the model was not trained on (a, b, c, d, e, f, g, h, i, j, "
            "... 1 more); they count as errors");
}

}  // namespace
}  // namespace loka::learn
