// ECE and temperature fitting against hand computations and a known generating temperature.
#include "langid/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace loka::langid {
namespace {

// `n` examples of `k` candidates with scores drawn from N(0, 20^2) and the gold candidate drawn
// from softmax(scores / 7), seeded.
std::vector<ScoredExample> DrawnAtTemperature7(size_t n, size_t k, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> score(0.0, 20.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<ScoredExample> examples(n);
  for (ScoredExample& e : examples) {
    e.scores.resize(k);
    for (float& s : e.scores) s = static_cast<float>(score(rng));
    double z = 0;
    for (const double s : e.scores) z += std::exp(s / 7.0);
    double r = u(rng) * z;
    e.gold = k - 1;
    for (size_t i = 0; i < k; ++i) {
      r -= std::exp(e.scores[i] / 7.0);
      if (r <= 0) {
        e.gold = i;
        break;
      }
    }
  }
  return examples;
}

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

// Offsets are added after the temperature: with equal scores the larger offset answers, with
// confidence 1 / (1 + e^-1) for offsets 1 and 0 at any temperature; at T = 2 scores 0 and
// log 3 with offsets 0 and -log 3 give log-odds log 3 / 2 - log 3 = -log 3 / 2, so the first
// candidate wins with 1 / (1 + 1 / sqrt 3).
TEST(CalibrationTest, OffsetsAreAddedAfterTheTemperature) {
  const ScoredExample tie{{0.f, 0.f}, 0, {1.f, 0.f}};
  for (const double t : {1.0, 10.0}) {
    const ConfidenceSample c = TopConfidence(tie, t);
    EXPECT_NEAR(c.confidence, 1 / (1 + std::exp(-1.0)), 1e-7) << t;
    EXPECT_TRUE(c.correct) << t;
  }
  const ScoredExample e{{0.f, static_cast<float>(std::log(3.0))}, 1,
                        {0.f, static_cast<float>(-std::log(3.0))}};
  const ConfidenceSample c = TopConfidence(e, 2.0);
  EXPECT_NEAR(c.confidence, 1 / (1 + 1 / std::sqrt(3.0)), 1e-7);
  EXPECT_FALSE(c.correct);
}

// The same offset on every candidate changes no probability, so the fitted temperature is the
// one fitted without offsets; offsets that favour the gold candidates leave less for the
// scores to explain, so the fit gives them less weight (a higher temperature).
TEST(CalibrationTest, FitTakesTheOffsetsIntoAccount) {
  const std::vector<ScoredExample> plain = DrawnAtTemperature7(2000, 4, 7);
  std::vector<ScoredExample> constant = plain, towards_gold = plain;
  for (ScoredExample& e : constant) e.offsets.assign(4, 2.5f);
  for (ScoredExample& e : towards_gold) {
    e.offsets.assign(4, 0.f);
    e.offsets[e.gold] = 3.f;
  }
  const auto fit = [](const std::vector<ScoredExample>& v) {
    std::vector<const ScoredExample*> ptrs;
    for (const ScoredExample& e : v) ptrs.push_back(&e);
    return FitTemperature(ptrs);
  };
  const double t = fit(plain);
  EXPECT_NEAR(fit(constant), t, 1e-6 * t);
  EXPECT_GT(fit(towards_gold), t);
}

TEST(CalibrationTest, FitRecoversTheGeneratingTemperature) {
  // Scores are drawn, the gold label is sampled from softmax(scores / 7): the fit must find 7.
  const std::vector<ScoredExample> examples = DrawnAtTemperature7(4000, 5, 42);
  std::vector<const ScoredExample*> ptrs;
  for (const ScoredExample& e : examples) ptrs.push_back(&e);
  EXPECT_NEAR(FitTemperature(ptrs), 7.0, 0.7);
  EXPECT_EQ(FitTemperature({}), 1.0);
}

}  // namespace
}  // namespace loka::langid
