// Calibration of language-ID probabilities: fitting a softmax temperature to held-out scores,
// and measuring the expected calibration error (ECE) of a set of answers.
#ifndef LOKA_LANGID_CALIBRATION_H_
#define LOKA_LANGID_CALIBRATION_H_

#include <cstddef>
#include <vector>

namespace loka::langid {

// One answer: the probability given to the top candidate, and whether it was the right one.
struct ConfidenceSample {
  double confidence = 0;
  bool correct = false;
};

// ECE with `bins` equal-width confidence bins over [0, 1]:
// sum over bins of (bin size / n) x |accuracy in bin - mean confidence in bin| (Guo et al. 2017,
// "On Calibration of Modern Neural Networks", eq. 3). 0 for no samples. REQUIRES: bins >= 1.
double ExpectedCalibrationError(const std::vector<ConfidenceSample>& samples, int bins = 10);

// One held-out example for temperature fitting: raw scores (nats) of the candidates and the
// index of the right one among them. Only differences between scores matter: the trainer stores
// them relative to the best one, in float, since it holds hundreds of thousands of examples with
// hundreds of candidates each.
struct ScoredExample {
  std::vector<float> scores;
  size_t gold = 0;
  // Per candidate, nats added to its log-odds after the temperature (the model's answer odds,
  // ModelView::language_odds); empty: none.
  std::vector<float> offsets;
};

// The temperature T in [0.05, 2000] that minimizes the mean negative log-likelihood of
// softmax(scores / T + offsets) at the gold index (Newton's method on 1 / T, where the likelihood is
// convex; deterministic). Returns 1 when `examples` is empty.
double FitTemperature(const std::vector<const ScoredExample*>& examples);

// Confidence and correctness of the top candidate of `e` under temperature `t`.
ConfidenceSample TopConfidence(const ScoredExample& e, double t);

}  // namespace loka::langid

#endif  // LOKA_LANGID_CALIBRATION_H_
