// ECE and temperature fitting against hand computations and a known generating temperature.
#include "langid/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace loka::langid {
namespace {

TEST(CalibrationTest, EceByHand) {
  // Bin [0.9, 1.0): confidences 0.95, 0.95, accuracy 1/2 -> |0.5 - 0.95| = 0.45, weight 2/4.
  // Bin [0.6, 0.7): confidences 0.65, 0.65, accuracy 1 -> |1 - 0.65| = 0.35, weight 2/4.
  // ECE = 0.5 * 0.45 + 0.5 * 0.35 = 0.4.
  const std::vector<ConfidenceSample> s = {{0.95, true}, {0.95, false}, {0.65, true}, {0.65, true}};
  EXPECT_NEAR(ExpectedCalibrationError(s), 0.4, 1e-12);
  EXPECT_EQ(ExpectedCalibrationError({}), 0.0);
  // Perfectly calibrated: 0.5 confidence, half right.
  EXPECT_NEAR(ExpectedCalibrationError({{0.5, true}, {0.5, false}}), 0.0, 1e-12);
  // Confidence 1.0 falls in the last bin.
  EXPECT_NEAR(ExpectedCalibrationError({{1.0, false}}), 1.0, 1e-12);
}

TEST(CalibrationTest, TopConfidenceIsTheSoftmaxMaximum) {
  // Softmax at T = 1: 0.25, 0.75 (up to the float rounding of log 3, about 1e-8).
  const ScoredExample e{{0.f, static_cast<float>(std::log(3.0))}, 1};
  const ConfidenceSample c = TopConfidence(e, 1.0);
  EXPECT_NEAR(c.confidence, 0.75, 1e-7);
  EXPECT_TRUE(c.correct);
  // At T = 2 the odds are sqrt(3): 1 / (1 + 1 / sqrt(3)).
  EXPECT_NEAR(TopConfidence(e, 2.0).confidence, 1 / (1 + 1 / std::sqrt(3.0)), 1e-7);
}

TEST(CalibrationTest, FitRecoversTheGeneratingTemperature) {
  // Scores are drawn, the gold label is sampled from softmax(scores / 7): the fit must find 7.
  std::mt19937_64 rng(42);
  std::normal_distribution<double> score(0.0, 20.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<ScoredExample> examples(4000);
  for (ScoredExample& e : examples) {
    e.scores.resize(5);
    for (float& s : e.scores) s = static_cast<float>(score(rng));
    double z = 0;
    for (const double s : e.scores) z += std::exp(s / 7.0);
    double r = u(rng) * z;
    e.gold = 4;
    for (size_t i = 0; i < 5; ++i) {
      r -= std::exp(e.scores[i] / 7.0);
      if (r <= 0) {
        e.gold = i;
        break;
      }
    }
  }
  std::vector<const ScoredExample*> ptrs;
  for (const ScoredExample& e : examples) ptrs.push_back(&e);
  EXPECT_NEAR(FitTemperature(ptrs), 7.0, 0.7);
  EXPECT_EQ(FitTemperature({}), 1.0);
}

}  // namespace
}  // namespace loka::langid
