#include "agri/drift_detector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "agri/timestamp.h"

namespace loka::agri {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

double NeighbourMedian(std::span<double> values) {
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

std::optional<FaultAlarm> DriftDetector::Observe(const Sample& r, double reference) {
  const double residual = r.value - reference;
  if (n_ == 0) baseline_ = residual;
  const double spread = std::max({1.2533 * mad_, options_.min_spread, 1e-12});
  const double u = std::clamp((residual - baseline_) / spread, -options_.clamp_spreads,
                              options_.clamp_spreads);
  std::optional<FaultAlarm> out;
  if (n_ >= options_.min_history) {
    if (s_high_ == 0 && u - options_.cusum_k > 0) {
      rise_high_ = r;
      rise_high_residual_ = residual;
    }
    if (s_low_ == 0 && -u - options_.cusum_k > 0) {
      rise_low_ = r;
      rise_low_residual_ = residual;
    }
    // Capped at 1.5 h, so the sums fall back to 0 within about h readings after a drift ends
    // and the detector is ready for the next episode.
    const double cap = 1.5 * options_.cusum_h;
    s_high_ = std::clamp(s_high_ + u - options_.cusum_k, 0.0, cap);
    s_low_ = std::clamp(s_low_ - u - options_.cusum_k, 0.0, cap);
    if (latched_ && s_high_ == 0 && s_low_ == 0) latched_ = false;
    if (!latched_ && (s_high_ > options_.cusum_h || s_low_ > options_.cusum_h)) {
      latched_ = true;
      const bool high = s_high_ > options_.cusum_h;
      const Sample& start = high ? rise_high_ : rise_low_;
      const double start_residual = high ? rise_high_residual_ : rise_low_residual_;
      FaultAlarm a;
      a.kind = FaultKind::kDrift;
      a.readings = {start, r};
      a.start_s = start.unix_s;
      a.raised_s = r.unix_s;
      a.reason = std::string("drifting ") + (high ? "above" : "below") +
                 " its neighbours since " + FormatIso8601(start.unix_s) + ": offset from the " +
                 "neighbours' median went from " + Num(start_residual) + " to " + Num(residual) +
                 " against a usual " + Num(baseline_) + " +/- " + Num(spread) +
                 " (CUSUM " + Num(high ? s_high_ : s_low_) + " > " + Num(options_.cusum_h) + ")";
      out = a;
    }
  }
  // The baseline learns only while no drift is building up, so a slow drift is not absorbed.
  const bool quiet = s_high_ < 0.5 * options_.cusum_h && s_low_ < 0.5 * options_.cusum_h && !latched_;
  if (quiet || n_ < options_.min_history) {
    ++n_;
    const double a = 1.0 / std::min(static_cast<double>(n_), options_.horizon_readings);
    const double dev = residual - baseline_;
    const double d = n_ > 10 ? std::clamp(dev, -5 * spread, 5 * spread) : dev;
    baseline_ += a * d;
    mad_ += a * (std::abs(d) - mad_);
  }
  return out;
}

}  // namespace loka::agri
