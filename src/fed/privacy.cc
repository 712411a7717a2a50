#include "fed/privacy.h"

#include <cmath>

namespace loka::fed {

double ZcdpRhoPerRound(double z) { return 2.0 / (z * z); }

double ZcdpEpsilon(double rho, double delta) { return rho + 2.0 * std::sqrt(rho * std::log(1.0 / delta)); }

PrivacyAccountant::PrivacyAccountant(const DpOptions& options) : options_(options) {}

PrivacyBudget PrivacyAccountant::budget() const {
  PrivacyBudget b;
  b.enabled = options_.enabled();
  if (!b.enabled) return b;
  b.noise_multiplier = options_.noise_multiplier;
  b.clip_norm = options_.clip_norm;
  b.delta = options_.delta;
  b.rounds = rounds_;
  b.rho_per_round = ZcdpRhoPerRound(options_.noise_multiplier);
  b.epsilon_per_round = ZcdpEpsilon(b.rho_per_round, options_.delta);
  b.rho = b.rho_per_round * rounds_;
  b.epsilon = rounds_ > 0 ? ZcdpEpsilon(b.rho, options_.delta) : 0;
  return b;
}

void AddGaussianNoise(double stddev, std::mt19937_64& rng, std::vector<float>* values) {
  std::normal_distribution<double> n(0.0, stddev);
  for (float& v : *values) v += static_cast<float>(n(rng));
}

}  // namespace loka::fed
