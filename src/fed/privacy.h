// Optional differential privacy of a node's updates: each round's delta is clipped to an L2
// norm C and Gaussian noise of standard deviation z x C is added to every cell of the model
// (all rows, not only those the node's data touched: which hashed rows a node changes would
// otherwise tell which words its texts hold). Everything after the noise (top-k, quantization,
// error feedback) works on noisy values only, so it is post-processing and costs no privacy.
//
// Accounting, zero-concentrated DP (Bun & Steinke 2016, "Concentrated Differential Privacy:
// Simplifications, Extensions, and Lower Bounds", TCC):
// - the unit protected is the node's whole local data set in a round: two data sets give
//   clipped deltas at most 2C apart (each has norm <= C), so the L2 sensitivity is 2C;
// - the Gaussian mechanism with sensitivity D and noise sigma is rho-zCDP with
//   rho = D^2 / (2 sigma^2) (Prop. 1.6); with D = 2C, sigma = zC: rho = 2 / z^2 per round;
// - rounds compose by adding rho (Lemma 2.3): after T rounds rho_T = 2T / z^2;
// - rho-zCDP gives (epsilon, delta)-DP for every delta > 0 with
//   epsilon = rho + 2 sqrt(rho ln(1/delta)) (Prop. 1.3).
// Off by default (noise multiplier 0): no noise, no budget.
//
// Thread contract: plain values and functions; a PrivacyAccountant belongs to one learner.
#ifndef LOKA_FED_PRIVACY_H_
#define LOKA_FED_PRIVACY_H_

#include <cstdint>
#include <random>
#include <vector>

namespace loka::fed {

struct DpOptions {
  // z: the noise's standard deviation over the clip norm. 0: no differential privacy. 1 gives
  // epsilon ~11.6 per round at delta 1e-5 (a weak local guarantee); useful values are a few.
  double noise_multiplier = 0;
  // C: the L2 norm every update is clipped to before the noise (the round's clip norm when it
  // is smaller and set). 1: the delta norms of a few epochs of local training on the text model.
  float clip_norm = 1.f;
  // The delta of the (epsilon, delta) reported. 1e-5: below 1 / the examples of a large node.
  double delta = 1e-5;

  bool enabled() const { return noise_multiplier > 0; }
};

// rho of one noised round: 2 / z^2 (see above). REQUIRES: z > 0.
double ZcdpRhoPerRound(double noise_multiplier);
// epsilon of rho-zCDP at `delta`: rho + 2 sqrt(rho ln(1/delta)). REQUIRES: 0 < delta < 1.
double ZcdpEpsilon(double rho, double delta);

// The budget a node has spent: every noised update it made counts as one round.
struct PrivacyBudget {
  bool enabled = false;
  double noise_multiplier = 0;
  double clip_norm = 0;
  double delta = 0;
  uint32_t rounds = 0;           // noised updates made
  double rho_per_round = 0;
  double epsilon_per_round = 0;  // at `delta`, one round alone
  double rho = 0;                // all rounds
  double epsilon = 0;            // all rounds, at `delta`
};

class PrivacyAccountant {
 public:
  explicit PrivacyAccountant(const DpOptions& options);
  void AddRound() { ++rounds_; }
  PrivacyBudget budget() const;

 private:
  DpOptions options_;
  uint32_t rounds_ = 0;
};

// Adds independent N(0, stddev^2) noise to every value.
void AddGaussianNoise(double stddev, std::mt19937_64& rng, std::vector<float>* values);

}  // namespace loka::fed

#endif  // LOKA_FED_PRIVACY_H_
