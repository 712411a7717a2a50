// The bounds of learn::TrainOptions a server sets on other people's jobs: labels and explicit
// epochs x examples refused before training, automatic epochs lowered to fit, and a run
// stopped by its cancel flag or its wall-time limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "learn/trainer.h"
#include "synthetic.h"
#include "../numbered.h"

namespace loka::learn {
namespace {

using testing::Numbered;

using ::testing::HasSubstr;
using testutil::FastOptions;
using testutil::Synthetic;

TEST(TrainerLimitsTest, LabelsOverTheLimitAreRefused) {
  std::vector<LabelledText> data;
  for (int i = 0; i < 5; ++i) data.push_back({Numbered("l", i), "some text"});
  TrainOptions o = FastOptions();
  o.max_labels = 4;
  Result<ModelData> m = Train(data, o);
  EXPECT_EQ(m.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(m.status().message(), HasSubstr("more than 4 labels"));
  o.max_labels = 5;
  EXPECT_TRUE(Train(data, o).ok());
}

TEST(TrainerLimitsTest, ExamplePassesBoundExplicitAndAutomaticEpochs) {
  const std::vector<LabelledText> data = Synthetic().Lines(300, 1);
  TrainOptions o = FastOptions();  // 10 epochs
  o.max_example_passes = 2999;
  Result<ModelData> m = Train(data, o);
  EXPECT_EQ(m.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(m.status().message(), HasSubstr("10 epochs x 300 examples"));
  // Automatic epochs (at least 5 for data this small) are lowered to floor(1000 / 300) = 3.
  o.epochs = 0;
  o.max_example_passes = 1000;
  TrainReport report;
  ASSERT_TRUE(Train(data, o, &report).ok());
  EXPECT_EQ(report.epochs, 3u);
  // Fewer passes than examples cannot train even one epoch.
  o.max_example_passes = 299;
  EXPECT_EQ(Train(data, o).status().code(), StatusCode::kResourceExhausted);
}

TEST(TrainerLimitsTest, CancelAndDeadlineStopTheRun) {
  const std::vector<LabelledText> data = Synthetic().Lines(600, 1);
  TrainOptions o = FastOptions();
  std::atomic<bool> cancel{true};
  o.cancel = &cancel;
  Result<ModelData> m = Train(data, o);
  EXPECT_EQ(m.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(m.status().message(), HasSubstr("training cancelled"));

  cancel = false;
  EXPECT_TRUE(Train(data, o).ok());

  // A limit already spent when training starts: stopped at the first chunk.
  o.max_seconds = 1e-9;
  m = Train(data, o);
  EXPECT_EQ(m.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(m.status().message(), HasSubstr("over the limit of"));
}

// Both trainers report progress while they run (about twice a second, from a thread of their
// own), not only at the end, and a cancel raised from such a report stops the run. The run
// (10,000 epochs of 3,000 lines, 30 million example steps) takes minutes, so it ends early
// only if a report came mid-run and the cancel was seen; the first report comes after about
// half a second.
TEST(TrainerLimitsTest, ProgressArrivesDuringTheRunAndACancelFromItStopsTheRun) {
  const std::vector<LabelledText> data = Synthetic().Lines(3000, 1);
  for (const ModelType type : {ModelType::kLinear, ModelType::kBag}) {
    TrainOptions o = FastOptions();
    o.model = type;
    o.calibrate = false;
    o.epochs = 10000;
    std::atomic<bool> cancel{false};
    std::atomic<int> reports{0};
    std::atomic<double> fraction{-1}, rate{-1};
    o.cancel = &cancel;
    o.progress = [&](const TrainProgress& p) {
      ++reports;
      fraction = p.fraction;
      rate = p.examples_per_s;
      cancel = true;
    };
    Result<ModelData> m = Train(data, o);
    EXPECT_EQ(m.status().code(), StatusCode::kFailedPrecondition) << static_cast<int>(type);
    EXPECT_THAT(m.status().message(), HasSubstr("training cancelled"));
    EXPECT_GE(reports.load(), 1);
    EXPECT_GT(fraction.load(), 0.0);  // some examples done, far from all
    EXPECT_LT(fraction.load(), 0.5);
    EXPECT_GT(rate.load(), 0.0);
  }
}

// A calibrated Train reports the progress of the whole call, not of its last run alone: first
// the held-out runs (epoch 0; each reports at least its end), then the final fit, the fraction
// never going back and ending at 1.
TEST(TrainerLimitsTest, CalibratedTrainingReportsProgressOverTheWholeCall) {
  const std::vector<LabelledText> data = Synthetic().Lines(600, 1);
  TrainOptions o = FastOptions();  // 10 epochs
  o.model = ModelType::kLinear;
  o.calibrate = true;
  std::mutex mu;
  std::vector<TrainProgress> seen;
  o.progress = [&](const TrainProgress& p) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(p);
  };
  ASSERT_TRUE(Train(data, o).ok());
  ASSERT_FALSE(seen.empty());
  size_t heldout = 0;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (seen[i].epoch == 0) {
      EXPECT_EQ(heldout, i) << "a held-out run reported after the final fit began";
      ++heldout;
    }
    if (i > 0) {
      EXPECT_GE(seen[i].fraction, seen[i - 1].fraction) << i;
    }
  }
  EXPECT_GE(heldout, 10u);  // at least the two losses x 5 folds
  ASSERT_LT(heldout, seen.size());
  EXPECT_LT(seen[heldout - 1].fraction, 0.95);  // the final fit is a sixth of the work or more
  EXPECT_GT(seen[heldout - 1].fraction, 0.5);
  EXPECT_EQ(seen.back().fraction, 1.0);
  EXPECT_EQ(seen.back().epoch, 10);
}

// The wall-time limit covers the whole call: with calibration, five cross-fitted runs and
// the final one share it. A limit that one uncalibrated run fits in (its fastest of three)
// stops the calibrated call, which does about five runs' work.
TEST(TrainerLimitsTest, CalibrationRunsShareOneDeadline) {
  const std::vector<LabelledText> data = Synthetic().Lines(2000, 1);
  TrainOptions o = FastOptions();
  o.calibrate = false;
  double one_run = 1e9;
  for (int i = 0; i < 3; ++i) {
    TrainReport report;
    ASSERT_TRUE(Train(data, o, &report).ok());
    one_run = std::min(one_run, report.seconds);
  }
  o.calibrate = true;
  o.max_seconds = one_run;
  Result<ModelData> m = Train(data, o);
  EXPECT_EQ(m.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(m.status().message(), HasSubstr("over the limit of"));
}

// max_weights bounds the bag model as rows x dim, as it bounds the linear one as rows x labels.
TEST(TrainerLimitsTest, MaxWeightsBoundsTheRowsOfBothModels) {
  const std::vector<LabelledText> data = Synthetic().Lines(600, 1);
  for (const ModelType type : {ModelType::kBag, ModelType::kLinear}) {
    TrainOptions o = FastOptions();
    o.model = type;
    o.calibrate = false;
    TrainReport full;
    ASSERT_TRUE(Train(data, o, &full).ok());
    const uint64_t per_row = type == ModelType::kBag ? o.dim : 4;  // 3 labels pad to 4 floats
    ASSERT_GT(full.rows, 100u);
    o.max_weights = 100 * per_row;
    TrainReport capped;
    ASSERT_TRUE(Train(data, o, &capped).ok());
    EXPECT_EQ(capped.rows, 100u) << "model type " << static_cast<int>(type);
  }
}

}  // namespace
}  // namespace loka::learn
