// Calibrated probabilities: a temperature and per-label score offsets stored in the model file
// (docs/formats/model.md, "Calibration"), fitted on predictions for examples the model did not
// train on; the expected calibration error; and the abstention threshold that keeps the error
// of the answers given under a target rate.
#ifndef LOKA_LEARN_CALIBRATION_H_
#define LOKA_LEARN_CALIBRATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/status.h"

namespace loka::learn {

// The range a ConfidenceMap's parameters must lie in, for FitConfidenceMap and the model file
// reader: a slope outside it says the confidences carry no ranking (or nothing but one), an
// intercept outside it a degenerate fit.
constexpr float kMapSlopeMin = 0.01f;
constexpr float kMapSlopeMax = 100.f;
constexpr float kMapInterceptMax = 100.f;  // |intercept| at most this

// A monotone reshaping of the top label's probability p after the temperature: with z the
// log-odds ln(p / (1 - p)), the top label gets g = sigmoid(slope x z + intercept) (Platt's
// logistic map, fitted to whether the top answers were right) and the other labels share
// 1 - g in their old proportions. A temperature scales all scores alike, so it fixes the
// overall confidence but not the shape of the top-1 curve; the map bends that curve where
// held-out answers show it is off (TrainOptions::confidence_map says when that carries over
// to new data). slope 1, intercept 0 is the identity (what models without a map carry).
struct ConfidenceMap {
  // In [kMapSlopeMin, kMapSlopeMax]; below 1 pulls confidences toward the middle.
  float slope = 1.f;
  // In [-kMapInterceptMax, kMapInterceptMax]; below 0 lowers every confidence.
  float intercept = 0.f;
  bool identity() const { return slope == 1.f && intercept == 0.f; }
};

// probability = map(softmax((score + bias) / temperature)). A model without calibration
// (format version 1, or trained with calibration off) has temperature 1, zero bias, the
// identity map and threshold 0.
struct Calibration {
  float temperature = 1.f;   // > 0; above 1 softens overconfident scores
  float threshold = 0.f;     // recommended: answer only when the top probability is >= this
  float target_error = 0.f;  // the error rate `threshold` was chosen for (0: none chosen)
  std::vector<float> bias;   // per label, added to the score; empty means all zero
  ConfidenceMap map;         // applied after the temperature (format version 4 and later)
};

// Turns label scores (bias already added) into calibrated probabilities in place: softmax at
// c.temperature, then c.map on the top label (docs/formats/model.md, "Inference"). The top
// label stays the most probable: its mapped probability is held at least at the runner-up's
// new share, and raised one float step above it where they would tie. With the identity map
// the result is exactly the softmax. REQUIRES: scores is not empty.
void CalibratedProbabilities(const Calibration& c, std::vector<float>* scores);

// The log-odds ln(p / (1 - p)) of the top label's probability under softmax(scores / t),
// computed from the score gaps so it stays exact when p rounds to 1; capped at
// kMaxTopLogOdds, as CalibratedProbabilities caps it.
constexpr double kMaxTopLogOdds = 40;
double TopLogOdds(const float* scores, size_t num_labels, double t);

// Platt's logistic map fitted by maximum likelihood to top-1 answers: log_odds[i] is the
// top label's log-odds (TopLogOdds) and correct[i] whether it was the gold label. The targets
// are Platt's smoothed (n+ + 1) / (n+ + 2) and 1 / (n- + 2), so a set without errors or
// without right answers still gives a finite map. The identity when there are fewer than 2
// answers or the fit leaves the bounds of ConfidenceMap (a slope that is not positive: the
// confidences carry no ranking). REQUIRES: log_odds.size() == correct.size().
// `weight` (empty: all 1) weighs each answer in the likelihood and in the counts n+ and n-.
// `prior` >= 0 adds prior / 2 x ((slope - 1)^2 + intercept^2) to the summed weighted
// log-loss: a Gaussian prior worth about `prior` answers pulling the map toward the identity,
// so that few answers move it little and many answers as far as they show (0: plain Platt).
ConfidenceMap FitConfidenceMap(const std::vector<double>& log_odds,
                               const std::vector<uint8_t>& correct,
                               const std::vector<double>& weight = {}, double prior = 0);

// The prior the trainer fits its map with (FitConfidenceMap), in weighted held-out answers.
// The held-out predictions come from models that saw 80% of the data, with near-duplicates
// kept out of each other's training folds, and their top-1 log-odds rank right and wrong
// answers less sharply than the final model's do on new lines: the Platt slope fitted on
// them was 0.67 to 0.72 on data/debsec at 10 examples per label (3 subset seeds) where the
// slope that fits the final model's test answers was 0.83 to 0.86, and 0.65 to 0.72 against
// 0.75 to 0.86 at 30. Most of the gap is the grouping, not the folds' smaller training sets:
// cross-fitted without keeping near-duplicates together, the held-out accuracy at 10 per label
// was 0.464 to 0.483 against 0.430 to 0.440 grouped and 0.492 to 0.514 on the test file, and
// the fitted slope 0.69 to 0.77; the grouping stays, for sets whose new lines come from new
// sentence patterns (testdata/demo, fit.cc). Pulling the map toward the temperature alone
// corrects much of that where the held-out set is small and little where it is large (the
// prior is fixed, the held-out weight grows with the data). Test ECE, 2 threads, subset seeds
// 1/2/3, prior 0 -> 200 as trained: debsec 10 per label 0.055/0.056/0.040 -> 0.030/0.030/0.023,
// 30 per label 0.032/0.029/0.046 -> 0.018/0.022/0.026, 100 (seed 1) 0.028 -> 0.015, full
// 0.011 -> 0.011. Other priors, the map re-fitted on the same held-out answers and applied to
// the same test answers (seeds 1/2/3): 100 gives debsec 10 per label 0.037/0.036/0.025 and 30
// 0.024/0.024/0.038, 300 gives 0.031/0.028/0.022 and 0.016/0.022/0.024, and at 100 per label
// and full 300 begins to cost (0.016, 0.011 against 0.014, 0.009 at 100). data/fortunes (10
// and 30 per label seeds 1/2, 100 and full seed 1) moves by -0.006 to +0.004 as trained (its
// test file's label priors differ from the balanced subsets', see trainer.h), testdata/demo
// (8 runs) by -0.017 to +0.014 re-fitted (noise floor 0.05). The mean over the 21 re-fitted
// runs: 0.0576 at prior 0, 0.0497 at 200.
constexpr double kConfidenceMapPrior = 200;

// Expected calibration error of top-1 answers: the answers sorted into `bins` equal-width bins
// of confidence over [0, 1]; the mean over bins, weighted by their share of answers, of
// |accuracy - mean confidence|. 0 for no answers. REQUIRES: confidence.size() == correct.size().
double ExpectedCalibrationError(const std::vector<float>& confidence,
                                const std::vector<uint8_t>& correct, int bins = 15);

// The temperature in [0.05, 20] that minimizes the mean negative log-likelihood of `gold`
// under softmax(logits / T); `logits` is n x num_labels, row-major. 1 when n is 0. The
// likelihood is unimodal in log T, so a golden-section search on log T finds it.
float FitTemperature(const std::vector<float>& logits, const std::vector<int32_t>& gold,
                     size_t num_labels);

// The smallest threshold t such that the answers with confidence >= t are wrong at most
// `target_error` of the time (the answer set shrinks from the top: the largest set of most
// confident answers within the target). 0 when every answer together is within the target;
// just above the top confidence when none is (abstain always).
// With `confidence` 0 a set is within the target when its observed error rate is. With
// `confidence` in (0, 1) the rate must be within the target with that confidence: `wrong`
// errors in `n` answers are within when an error rate of `target_error` would give at most
// `wrong` errors with probability at most 1 - confidence (WithinErrorTarget), i.e. when the
// one-sided Clopper-Pearson upper limit of the error rate is at most the target. A threshold
// chosen so holds on new data drawn like the held-out predictions, not just on them.
float AbstainThreshold(const std::vector<float>& confidence, const std::vector<uint8_t>& correct,
                       double target_error, double confidence_level = 0);

// Whether `wrong` errors in `n` answers keep the error rate within `target_error` at
// `confidence_level` (see AbstainThreshold): P(Binomial(n, target_error) <= wrong) <=
// 1 - confidence_level; with confidence_level 0, wrong <= target_error x n. Costs O(number of
// terms the lower tail needs), at most wrong + 1. REQUIRES: 0 < target_error < 1,
// 0 <= confidence_level < 1.
bool WithinErrorTarget(size_t wrong, size_t n, double target_error, double confidence_level);

// The calibration block of a model file (docs/formats/model.md), as format version 4 writes it.
void PutCalibration(const Calibration& c, size_t num_labels, ByteWriter* w);
// Reads and checks a calibration block of format `version` (2 and 3: without a confidence
// map, which reads as the identity; 4 and later: with one); `name` prefixes errors (corrupt).
Status GetCalibration(ByteReader* r, size_t num_labels, uint32_t version, const std::string& name,
                      Calibration* c);

}  // namespace loka::learn

#endif  // LOKA_LEARN_CALIBRATION_H_
