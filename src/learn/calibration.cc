#include "learn/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace loka::learn {
namespace {

// Confidence map kinds in the calibration block (docs/formats/model.md).
constexpr uint32_t kMapNone = 0;
constexpr uint32_t kMapLogistic = 1;

// `v` as %g prints it ("0.01", "100"), for error messages.
std::string FormatFloat(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
  return buf;
}

// Mean negative log-likelihood of `gold` under softmax(logits / t).
double MeanNll(const std::vector<float>& logits, const std::vector<int32_t>& gold, size_t L,
               double t) {
  double sum = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    const float* s = logits.data() + i * L;
    const double maxv = *std::max_element(s, s + L) / t;
    double z = 0;
    for (size_t l = 0; l < L; ++l) z += std::exp(s[l] / t - maxv);
    sum += std::log(z) + maxv - s[gold[i]] / t;
  }
  return gold.empty() ? 0 : sum / static_cast<double>(gold.size());
}

}  // namespace

double ExpectedCalibrationError(const std::vector<float>& confidence,
                                const std::vector<uint8_t>& correct, int bins) {
  const size_t n = confidence.size();
  if (n == 0 || bins < 1) return 0;
  std::vector<double> conf_sum(bins, 0), right(bins, 0), count(bins, 0);
  for (size_t i = 0; i < n; ++i) {
    const int b = std::clamp(static_cast<int>(confidence[i] * bins), 0, bins - 1);
    conf_sum[b] += confidence[i];
    right[b] += correct[i] ? 1 : 0;
    count[b] += 1;
  }
  double ece = 0;
  for (int b = 0; b < bins; ++b) {
    if (count[b] > 0) ece += std::fabs(right[b] - conf_sum[b]) / static_cast<double>(n);
  }
  return ece;
}

float FitTemperature(const std::vector<float>& logits, const std::vector<int32_t>& gold,
                     size_t num_labels) {
  if (gold.empty() || num_labels == 0) return 1.f;
  double lo = std::log(0.05), hi = std::log(20.0);
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
  double fa = MeanNll(logits, gold, num_labels, std::exp(a));
  double fb = MeanNll(logits, gold, num_labels, std::exp(b));
  for (int it = 0; it < 40; ++it) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = MeanNll(logits, gold, num_labels, std::exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = MeanNll(logits, gold, num_labels, std::exp(b));
    }
  }
  return static_cast<float>(std::exp((lo + hi) / 2));
}

bool WithinErrorTarget(size_t wrong, size_t n, double target_error, double confidence_level) {
  const double k = static_cast<double>(wrong), nn = static_cast<double>(n);
  if (k > target_error * nn) return false;  // the observed rate alone is over
  if (confidence_level <= 0) return true;
  // P(X <= wrong) for X ~ Binomial(n, p), summed downward from the largest term: below the
  // mean each term is smaller than the one above it by (i / (n - i + 1)) x ((1 - p) / p).
  const double p = target_error;
  double term = std::exp(std::lgamma(nn + 1) - std::lgamma(k + 1) - std::lgamma(nn - k + 1) +
                         k * std::log(p) + (nn - k) * std::log1p(-p));
  double tail = 0;
  for (double i = k; i >= 0; i -= 1) {
    tail += term;
    if (term < tail * 1e-12) break;
    term *= i / (nn - i + 1) * (1 - p) / p;
  }
  return tail <= 1 - confidence_level;
}

float AbstainThreshold(const std::vector<float>& confidence, const std::vector<uint8_t>& correct,
                       double target_error, double confidence_level) {
  const size_t n = confidence.size();
  if (n == 0) return 0.f;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return confidence[a] > confidence[b]; });
  // Walk down from the most confident answer; a cut is only possible between distinct
  // confidences. The largest answer set within the target wins.
  size_t wrong = 0, best = 0;
  for (size_t i = 0; i < n; ++i) {
    wrong += correct[order[i]] ? 0 : 1;
    const bool cut_here = i + 1 == n || confidence[order[i + 1]] < confidence[order[i]];
    if (cut_here && WithinErrorTarget(wrong, i + 1, target_error, confidence_level)) {
      best = i + 1;
    }
  }
  if (best == n) return 0.f;
  if (best == 0) return std::nextafter(confidence[order[0]], 2.f);
  return confidence[order[best - 1]];
}

void CalibratedProbabilities(const Calibration& c, std::vector<float>* scores) {
  std::vector<float>& p = *scores;
  const float inv_t = 1.f / c.temperature;
  float maxv = -1e30f;
  for (const float s : p) maxv = std::max(maxv, s);
  float z = 0.f;
  for (auto& v : p) {
    v = std::exp((v - maxv) * inv_t);
    z += v;
  }
  for (auto& v : p) v /= z;
  if (c.map.identity()) return;
  const size_t top = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
  double rest = 0, second = 0;
  for (size_t l = 0; l < p.size(); ++l) {
    if (l == top) continue;
    rest += p[l];
    second = std::max<double>(second, p[l]);
  }
  if (rest <= 0) return;  // p = 1: every increasing map keeps it
  const double log_odds = std::min(kMaxTopLogOdds, std::log(p[top]) - std::log(rest));
  double g = 1 / (1 + std::exp(-(c.map.slope * log_odds + c.map.intercept)));
  g = std::max(g, second / (rest + second));  // the runner-up's share of 1 - g is at most g
  const double scale = (1 - g) / rest;
  float runner_up = 0.f;
  for (size_t l = 0; l < p.size(); ++l) {
    if (l == top) continue;
    p[l] = static_cast<float>(p[l] * scale);
    runner_up = std::max(runner_up, p[l]);
  }
  p[top] = std::max(static_cast<float>(g), std::nextafter(runner_up, 2.f));
}

double TopLogOdds(const float* scores, size_t num_labels, double t) {
  const size_t top = static_cast<size_t>(std::max_element(scores, scores + num_labels) - scores);
  double rest = 0;
  for (size_t l = 0; l < num_labels; ++l) {
    if (l != top) rest += std::exp((static_cast<double>(scores[l]) - scores[top]) / t);
  }
  return rest > 0 ? std::min(kMaxTopLogOdds, -std::log(rest)) : kMaxTopLogOdds;
}

ConfidenceMap FitConfidenceMap(const std::vector<double>& log_odds,
                               const std::vector<uint8_t>& correct,
                               const std::vector<double>& weight, double prior) {
  const size_t n = log_odds.size();
  if (n < 2) return {};
  auto w = [&](size_t i) { return weight.empty() ? 1.0 : weight[i]; };
  double right = 0, total = 0;
  for (size_t i = 0; i < n; ++i) {
    right += correct[i] ? w(i) : 0;
    total += w(i);
  }
  const double hi = (right + 1) / (right + 2), lo = 1 / (total - right + 2);
  // Mean negative log-likelihood of the smoothed targets under sigmoid(a z + b), with
  // log(1 + e^f) - t f per answer written so that it never overflows, plus the prior's
  // penalty toward the identity (a, b) = (1, 0).
  auto loss = [&](double a, double b) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      const double f = a * log_odds[i] + b;
      const double softplus = f > 0 ? f + std::log1p(std::exp(-f)) : std::log1p(std::exp(f));
      sum += w(i) * (softplus - (correct[i] ? hi : lo) * f);
    }
    return (sum + prior / 2 * ((a - 1) * (a - 1) + b * b)) / total;
  };
  // Newton's method from the identity with a backtracking line search (Lin, Lin and Weng,
  // "A note on Platt's probabilistic outputs for support vector machines", 2007).
  double a = 1, b = 0, f0 = loss(a, b);
  for (int it = 0; it < 100; ++it) {
    double ga = prior * (a - 1), gb = prior * b, haa = 1e-12 + prior, hab = 0,
           hbb = 1e-12 + prior;
    for (size_t i = 0; i < n; ++i) {
      const double z = log_odds[i];
      const double q = 1 / (1 + std::exp(-(a * z + b)));
      const double d = w(i) * (q - (correct[i] ? hi : lo)), h = w(i) * q * (1 - q);
      ga += d * z;
      gb += d;
      haa += h * z * z;
      hab += h * z;
      hbb += h;
    }
    if (std::fabs(ga) + std::fabs(gb) < 1e-9 * total) break;
    const double det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const double da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
    double step = 1;
    const double slope = (ga * da + gb * db) / total;
    for (; step > 1e-10; step /= 2) {
      const double f1 = loss(a + step * da, b + step * db);
      if (f1 <= f0 + 1e-4 * step * slope) {
        f0 = f1;
        break;
      }
    }
    if (step <= 1e-10) break;
    a += step * da;
    b += step * db;
  }
  ConfidenceMap m;
  if (!(a >= kMapSlopeMin && a <= kMapSlopeMax && std::fabs(b) <= kMapInterceptMax)) return m;
  m.slope = static_cast<float>(a);
  m.intercept = static_cast<float>(b);
  return m;
}

void PutCalibration(const Calibration& c, size_t num_labels, ByteWriter* w) {
  w->Put<float>(c.temperature);
  w->Put<float>(c.threshold);
  w->Put<float>(c.target_error);
  w->Put<uint32_t>(c.bias.empty() ? 0u : 1u);
  if (!c.bias.empty()) {
    for (size_t l = 0; l < num_labels; ++l) w->Put<float>(c.bias[l]);
  }
  w->Put<uint32_t>(c.map.identity() ? kMapNone : kMapLogistic);
  if (!c.map.identity()) {
    w->Put<float>(c.map.slope);
    w->Put<float>(c.map.intercept);
  }
}

Status GetCalibration(ByteReader* r, size_t num_labels, uint32_t version, const std::string& name,
                      Calibration* c) {
  uint32_t has_bias = 0;
  LOKA_RETURN_IF_ERROR(r->Get(&c->temperature));
  LOKA_RETURN_IF_ERROR(r->Get(&c->threshold));
  LOKA_RETURN_IF_ERROR(r->Get(&c->target_error));
  LOKA_RETURN_IF_ERROR(r->Get(&has_bias));
  auto bad = [&](const std::string& what) { return Corrupt(name + ": calibration: " + what); };
  if (!(c->temperature >= 0.01f && c->temperature <= 100.f)) return bad("temperature out of range");
  if (!(c->threshold >= 0.f && c->threshold <= 1.001f)) return bad("threshold out of [0, 1]");
  if (!(c->target_error >= 0.f && c->target_error <= 1.f)) return bad("target error out of [0, 1]");
  if (has_bias > 1) return bad("bias flag must be 0 or 1");
  c->bias.clear();
  if (has_bias == 1) {
    if (r->left() / sizeof(float) < num_labels) return bad("truncated label biases");
    c->bias.resize(num_labels);
    for (auto& b : c->bias) {
      LOKA_RETURN_IF_ERROR(r->Get(&b));
      if (!std::isfinite(b)) return bad("label bias is not finite");
    }
  }
  c->map = ConfidenceMap();
  if (version < 4) return Status::Ok();
  uint32_t kind = 0;
  LOKA_RETURN_IF_ERROR(r->Get(&kind));
  if (kind == kMapNone) return Status::Ok();
  if (kind != kMapLogistic) return bad("unknown confidence map kind " + std::to_string(kind));
  LOKA_RETURN_IF_ERROR(r->Get(&c->map.slope));
  LOKA_RETURN_IF_ERROR(r->Get(&c->map.intercept));
  if (!(c->map.slope >= kMapSlopeMin && c->map.slope <= kMapSlopeMax)) {
    return bad("confidence map slope out of [" + FormatFloat(kMapSlopeMin) + ", " +
               FormatFloat(kMapSlopeMax) + "]");
  }
  if (!(std::fabs(c->map.intercept) <= kMapInterceptMax)) {
    return bad("confidence map intercept out of [-" + FormatFloat(kMapInterceptMax) + ", " +
               FormatFloat(kMapInterceptMax) + "]");
  }
  return Status::Ok();
}

}  // namespace loka::learn
