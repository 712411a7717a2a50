// Tests for LinearLoss::kAuto (learn/trainer.h): both losses are cross-fitted on the
// calibration's held-out folds and the logistic loss is kept unless the hinge is clearly more
// accurate; the held-out runs, hence the choice, do not depend on the thread count; without
// calibration the logistic loss is used.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "learn/model.h"
#include "learn/trainer.h"
#include "synthetic.h"

namespace loka::learn {
namespace {

using testutil::Synthetic;

TrainOptions Auto() {
  TrainOptions o;
  o.threads = 1;
  o.loss = LinearLoss::kAuto;
  return o;
}

// The kept loss of a kAuto run and the held-out accuracy of each loss tried.
struct Choice {
  LinearLoss kept = LinearLoss::kAuto;
  std::vector<std::pair<LinearLoss, double>> tried;
  std::string metadata;
};

Choice TrainChoosing(const std::vector<LabelledText>& data, const TrainOptions& o) {
  TrainReport report;
  Result<ModelData> d = Train(data, o, &report);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  if (!d.ok()) return {};
  return {report.loss, report.heldout_accuracy_by_loss, d->metadata_json};
}

// On the separable synthetic set both losses predict nearly every held-out line, so neither is
// clearly ahead and the logistic loss, with its better-calibrated probabilities, is kept.
TEST(LossChoiceTest, BothLossesAreTriedAndATieKeepsTheLogistic) {
  const Choice c = TrainChoosing(Synthetic().Lines(300, 1), Auto());
  ASSERT_EQ(c.tried.size(), 2u);
  EXPECT_EQ(c.tried[0].first, LinearLoss::kLogistic);
  EXPECT_EQ(c.tried[1].first, LinearLoss::kSquaredHinge);
  EXPECT_GE(c.tried[0].second, 0.97);
  EXPECT_GE(c.tried[1].second, 0.97);
  EXPECT_EQ(c.kept, LinearLoss::kLogistic);
  EXPECT_NE(c.metadata.find("\"loss\":\"logistic\""), std::string::npos) << c.metadata;
  EXPECT_NE(c.metadata.find("\"heldout_accuracy_by_loss\""), std::string::npos) << c.metadata;
}

TEST(LossChoiceTest, HeldOutRunsDoNotDependOnTheThreadCount) {
  const std::vector<LabelledText> data = Synthetic().Lines(300, 1);
  TrainOptions o = Auto();
  const Choice one = TrainChoosing(data, o);
  o.threads = 2;
  const Choice two = TrainChoosing(data, o);
  EXPECT_EQ(one.tried, two.tried);
  EXPECT_EQ(one.kept, two.kept);
}

TEST(LossChoiceTest, SingleThreadAutoTrainingIsBitIdentical) {
  const std::vector<LabelledText> data = Synthetic().Lines(150, 1);
  Result<ModelData> a = Train(data, Auto());
  Result<ModelData> b = Train(data, Auto());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*SerializeModel(*a), *SerializeModel(*b));
}

TEST(LossChoiceTest, WithoutCalibrationTheLogisticLossIsUsed) {
  TrainOptions o = Auto();
  o.calibrate = false;
  const Choice c = TrainChoosing(Synthetic().Lines(150, 1), o);
  EXPECT_TRUE(c.tried.empty());
  EXPECT_EQ(c.kept, LinearLoss::kLogistic);
  EXPECT_NE(c.metadata.find("\"loss\":\"logistic\""), std::string::npos) << c.metadata;
}

TEST(LossChoiceTest, AnExplicitLossIsTheOnlyOneTried) {
  TrainOptions o = Auto();
  o.loss = LinearLoss::kSquaredHinge;
  const Choice c = TrainChoosing(Synthetic().Lines(150, 1), o);
  EXPECT_TRUE(c.tried.empty());
  EXPECT_EQ(c.kept, LinearLoss::kSquaredHinge);
}

}  // namespace
}  // namespace loka::learn
