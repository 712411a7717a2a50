// Local training of the federated text model on hand-made examples: one feature of value 1, so
// each SGD step's change is the softmax gradient itself and can be worked out by hand.
#include "fed/text_model.h"

#include <gtest/gtest.h>

namespace loka::fed {
namespace {

// A 3-label model over 8 buckets; row 3 is the one feature every example has.
TextModelSpec Spec() { return MakeTextModelSpec(8, {"a", "b", "c"}); }

Example One(int32_t label) {
  Example ex;
  ex.row = {3};
  ex.value = {1.f};
  ex.label = label;
  return ex;
}

// One step on one example of label a, from zero weights, lr 0.5, no decay: returns the weights.
std::vector<float> OneStep(const std::vector<Example>& examples, bool restricted) {
  const TextModelSpec spec = Spec();
  LocalTrainOptions o;
  o.epochs = 1;
  o.lr = 0.5f;
  o.l2 = 0;
  o.restricted_softmax = restricted;
  const std::vector<float> base(size_t{spec.rows()} * spec.cols(), 0.f);
  std::vector<float> w = base;
  std::vector<uint32_t> touched;
  TrainLocal(examples, spec, o, base, &w, &touched);
  EXPECT_EQ(touched, (std::vector<uint32_t>{3, spec.bias_row()}));
  return w;
}

TEST(TrainLocalTest, PlainSoftmaxPushesDownEveryOtherLabel) {
  const std::vector<float> w = OneStep({One(0)}, false);
  // p = 1/3 each: a gains lr x (1 - 1/3), b and c lose lr x 1/3, on the feature and the bias.
  for (const uint32_t row : {3u, 8u}) {
    EXPECT_FLOAT_EQ(w[row * 3 + 0], 0.5f * 2 / 3);
    EXPECT_FLOAT_EQ(w[row * 3 + 1], -0.5f / 3);
    EXPECT_FLOAT_EQ(w[row * 3 + 2], -0.5f / 3);
  }
}

TEST(TrainLocalTest, RestrictedSoftmaxLeavesLabelsAbsentLocallyUntouched) {
  // The local data holds a and b only: the softmax spans those two (p = 1/2 each), c is masked.
  const std::vector<float> w = OneStep({One(0), One(1)}, true);
  // Epoch order is shuffled; either way c's column never moves.
  for (const uint32_t row : {3u, 8u}) EXPECT_EQ(w[row * 3 + 2], 0.f);
  // The first step moves a and b by +-0.25 (p = 1/2, where plain softmax has +1/3 and -1/6);
  // the gradient sums to zero over the labels it spans, so a's and b's changes cancel exactly.
  EXPECT_NE(w[3 * 3 + 0], 0.f);
  EXPECT_NEAR(w[3 * 3 + 0] + w[3 * 3 + 1], 0.f, 1e-6);
  const std::vector<float> first = OneStep({One(0)}, true);  // only a: p = 1, gradient 0
  for (float v : first) EXPECT_EQ(v, 0.f);
}

TEST(TrainLocalTest, RestrictedSoftmaxDoesNotDecayAbsentColumns) {
  const TextModelSpec spec = Spec();
  LocalTrainOptions o;
  o.epochs = 3;
  o.lr = 0.5f;
  o.l2 = 0.1f;  // keep = 1 - 0.05 per step on the rows an example touches
  o.restricted_softmax = true;
  std::vector<float> base(size_t{spec.rows()} * spec.cols(), 0.f);
  base[3 * 3 + 2] = 1.f;  // label c's weight on the feature, learnt elsewhere
  std::vector<float> w = base;
  std::vector<uint32_t> touched;
  TrainLocal({One(0), One(1)}, spec, o, base, &w, &touched);
  EXPECT_EQ(w[3 * 3 + 2], 1.f);
  o.restricted_softmax = false;
  w = base;
  TrainLocal({One(0), One(1)}, spec, o, base, &w, &touched);
  EXPECT_LT(w[3 * 3 + 2], 0.95f);  // decayed (0.95^6) and pushed down by both examples
}

TEST(TrainLocalTest, LogitAdjustmentMovesFeaturesBySkewFreeScoresAndBiasByPlainOnes) {
  const TextModelSpec spec = Spec();
  LocalTrainOptions o;
  o.epochs = 1;
  o.lr = 0.5f;
  o.l2 = 0;
  o.logit_adjust = 1.f;
  const std::vector<float> base(size_t{spec.rows()} * spec.cols(), 0.f);
  std::vector<float> w = base;
  std::vector<uint32_t> touched;
  TrainLocal({One(0)}, spec, o, base, &w, &touched);
  // Local prior smoothed by one example a label: a (1 + 1) / 4, b and c 1 / 4. The feature's
  // logits are log 0.5, log 0.25, log 0.25: softmax 0.5, 0.25, 0.25, so a gains lr x 0.5 and
  // b and c lose lr x 0.25 each; c, absent locally, is pushed down as b is, not masked.
  EXPECT_FLOAT_EQ(w[3 * 3 + 0], 0.25f);
  EXPECT_FLOAT_EQ(w[3 * 3 + 1], -0.125f);
  EXPECT_FLOAT_EQ(w[3 * 3 + 2], -0.125f);
  // The bias row trains on the plain logits (p = 1/3 each), as without the adjustment.
  const std::vector<float> plain = OneStep({One(0)}, false);
  for (uint32_t c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(w[8 * 3 + c], plain[8 * 3 + c]);
}

}  // namespace
}  // namespace loka::fed
