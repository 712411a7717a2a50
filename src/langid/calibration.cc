// Temperature fitting and ECE (see calibration.h).
#include "langid/calibration.h"

#include <algorithm>
#include <cmath>

namespace loka::langid {
namespace {

// Candidate i's offset (0 when the example has none).
double Offset(const ScoredExample& e, size_t i) {
  return e.offsets.empty() ? 0.0 : static_cast<double>(e.offsets[i]);
}

// Mean over `examples` of the first and second derivatives, in beta = 1 / T, of the negative
// log-likelihood NLL(beta) = log sum_i exp(beta d_i + o_i) - beta d_gold - o_gold,
// d_i = s_i - max_j s_j, o_i the candidate's offset: NLL' = E_p[d] - d_gold and
// NLL'' = Var_p[d] >= 0 under p = softmax(beta d + o). NLL is convex in beta, so its minimum is
// where NLL' crosses zero.
void Derivatives(const std::vector<const ScoredExample*>& examples, double beta, double* d1,
                 double* d2) {
  double s1 = 0, s2 = 0;
  for (const ScoredExample* e : examples) {
    const double top = *std::max_element(e->scores.begin(), e->scores.end());
    const double omax =
        e->offsets.empty() ? 0.0 : *std::max_element(e->offsets.begin(), e->offsets.end());
    double z = 0, m1 = 0, m2 = 0;
    for (size_t i = 0; i < e->scores.size(); ++i) {
      const double d = e->scores[i] - top;
      const double w = std::exp(beta * d + Offset(*e, i) - omax);
      z += w;
      m1 += w * d;
      m2 += w * d * d;
    }
    m1 /= z;
    m2 /= z;
    s1 += m1 - (e->scores[e->gold] - top);
    s2 += m2 - m1 * m1;
  }
  *d1 = s1 / static_cast<double>(examples.size());
  *d2 = s2 / static_cast<double>(examples.size());
}

}  // namespace

double ExpectedCalibrationError(const std::vector<ConfidenceSample>& samples, int bins) {
  if (samples.empty()) return 0;
  std::vector<double> conf(static_cast<size_t>(bins), 0.0), correct(conf), count(conf);
  for (const ConfidenceSample& s : samples) {
    const double c = std::clamp(s.confidence, 0.0, 1.0);
    const size_t b = std::min(static_cast<size_t>(c * bins), static_cast<size_t>(bins - 1));
    conf[b] += c;
    correct[b] += s.correct ? 1 : 0;
    count[b] += 1;
  }
  double ece = 0;
  for (size_t b = 0; b < conf.size(); ++b) {
    if (count[b] > 0) ece += std::fabs(correct[b] - conf[b]);  // n_b x |acc_b - conf_b|
  }
  return ece / static_cast<double>(samples.size());
}

double FitTemperature(const std::vector<const ScoredExample*>& examples) {
  if (examples.empty()) return 1.0;
  // Safeguarded Newton on beta = 1 / T inside [1 / 2000, 1 / 0.05]: NLL' is increasing, so the
  // bracket [lo, hi] around its zero only shrinks; a Newton step that leaves it is replaced by
  // bisection. Deterministic, about ten passes over the examples.
  double lo = 1.0 / 2000, hi = 1.0 / 0.05;
  double d1, d2;
  Derivatives(examples, lo, &d1, &d2);
  if (d1 >= 0) return 1 / lo;  // still improving towards ever larger T: clamp
  Derivatives(examples, hi, &d1, &d2);
  if (d1 <= 0) return 1 / hi;
  double beta = std::sqrt(lo * hi);
  for (int i = 0; i < 100; ++i) {
    Derivatives(examples, beta, &d1, &d2);
    if (d1 > 0) {
      hi = beta;
    } else {
      lo = beta;
    }
    double next = d2 > 0 ? beta - d1 / d2 : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - beta) <= 1e-10 * beta || hi - lo <= 1e-12 * hi) {
      beta = next;
      break;
    }
    beta = next;
  }
  return 1 / beta;
}

ConfidenceSample TopConfidence(const ScoredExample& e, double t) {
  size_t best = 0;
  std::vector<double> x(e.scores.size());
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(e.scores[i]) / t + Offset(e, i);
    if (x[i] > x[best]) best = i;
  }
  double z = 0;
  for (const double v : x) z += std::exp(v - x[best]);
  return {1.0 / z, best == e.gold};
}

}  // namespace loka::langid
