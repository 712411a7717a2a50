// The bounds of learn::TrainOptions a server sets on other people's jobs: labels and explicit
// epochs x examples refused before training, automatic epochs lowered to fit, and a run
// stopped by its cancel flag or its wall-time limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "learn/trainer.h"
#include "synthetic.h"

namespace loka::learn {
namespace {

using ::testing::HasSubstr;
using testutil::FastOptions;
using testutil::Synthetic;

TEST(TrainerLimitsTest, LabelsOverTheLimitAreRefused) {
  std::vector<LabelledText> data;
  for (int i = 0; i < 5; ++i) data.push_back({"l" + std::to_string(i), "some text"});
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

}  // namespace
}  // namespace loka::learn
