#include "agri/anomaly_score.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/time.h"

namespace loka::agri {

namespace {

constexpr double kLn10 = 2.302585092994046;
// Rows before the calibrators learn (the first spreads rest on a handful of values), which are
// also the rows on which a stream is judged to be counts or not.
constexpr int64_t kSettleRows = AnomalyScoreOptions::kCountProbeRows;
constexpr int kExtremeStat = 4;     // statistic 5, the new extreme
constexpr int kPatternStat = 5;     // statistic 6, the surprise of the level sequence
constexpr int kVolatilityStat = 6;  // statistic 7, the running mean of |z(diff)|
constexpr int kForecastStat = 8;    // statistic 9, the forecast residual
// Recursive least squares: the inverse correlation matrix starts at this times the identity (a
// weak prior on weights of standardized values), and its trace is held below kForecastMaxTrace:
// without new information (a flat stretch) the matrix grows by the inverse forgetting factor
// every row and would overflow.
constexpr double kForecastPrior = 100.0;
constexpr double kForecastMaxTrace = 1e4;
// Standardized values enter the model capped at this many spreads (the first rows' spreads rest
// on a handful of values).
constexpr double kForecastCap = 50.0;

}  // namespace

// ---- TailCalibrator ----

AnomalyScorer::TailCalibrator::TailCalibrator(double horizon_rows)
    : growth_(1.0 / (1.0 - 1.0 / std::max(horizon_rows, 2.0))) {}

// 16 bins per doubling of (1 + s): fine near 0, reaching s = 2^8 - 1 at the last bin.
int AnomalyScorer::TailCalibrator::Bin(double s) {
  const double b = 16.0 * std::log2(1.0 + std::max(s, 0.0));
  return std::min(kBins - 1, static_cast<int>(b));
}

double AnomalyScorer::TailCalibrator::BinLow(int b) { return std::exp2(b / 16.0) - 1.0; }

double AnomalyScorer::TailCalibrator::Log10P(double s) const {
  if (total_ <= 0) return 0.0;
  const double n_eff = total_ / weight_;  // history size in units of the next sample
  const int b = Bin(s);
  double tail = 0;
  for (int i = b + 1; i <= top_bin_; ++i) tail += counts_[i];
  // Half of the own bin counts as at-or-above (mid-p value).
  tail = tail / weight_ + 0.5 * counts_[b] / weight_;
  if (b <= top_bin_ && tail > 0) return -std::log10((tail + 0.5) / (n_eff + 1.0));
  // Beyond everything seen: the floor 0.5 / (n + 1), lowered by a factor e for each 10% that s
  // exceeds the top of the history (at least 0.2 in absolute terms).
  const double top = BinLow(top_bin_ + 1);
  const double excess = (s - top) / std::max(0.1 * top, 0.2);
  return -std::log10(0.5 / (n_eff + 1.0)) + std::max(excess, 0.0) / kLn10;
}

void AnomalyScorer::TailCalibrator::Add(double s) {
  const int b = Bin(s);
  counts_[b] += static_cast<float>(weight_);
  total_ += weight_;
  top_bin_ = std::max(top_bin_, b);
  weight_ *= growth_;
  // Rescaled long before a float overflows (3e38: the counts sum to about horizon x weight).
  if (weight_ > 1e30) {
    for (float& c : counts_) c = static_cast<float>(c / weight_);
    total_ /= weight_;
    weight_ = 1.0;
  }
  // Bins whose weight has decayed to nothing no longer count as "seen".
  while (top_bin_ > 0 && counts_[top_bin_] < 1e-6 * weight_) --top_bin_;
}

// ---- EwStat ----

double AnomalyScorer::EwStat::Spread(double floor) const {
  // 1.2533 = sqrt(pi / 2): the mean absolute deviation of a normal variable times this is its
  // standard deviation.
  return std::max(1.2533 * mad, floor);
}

void AnomalyScorer::EwStat::Add(double x, double horizon) {
  n += 1;
  const double a = 1.0 / std::min(n, horizon);
  if (n == 1) {
    mean = x;
    return;
  }
  double dev = x - mean;
  if (n > 10 && mad > 0) dev = std::clamp(dev, -5 * 1.2533 * mad, 5 * 1.2533 * mad);
  mean += a * dev;
  mad += a * (std::abs(dev) - mad);
}

// ---- AnomalyScorer ----

AnomalyScorer::AnomalyScorer(const AnomalyScoreOptions& options)
    : options_(options),
      slots_(static_cast<size_t>(std::max(options.day_slots, 1))),
      calibrators_{TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows),
                   TailCalibrator(options.calibration_horizon_rows)},
      pattern_counts_(static_cast<size_t>(std::max(options.pattern_cells, 1)), 0),
      recent_l_(static_cast<size_t>(std::max(options.rest_rows, 1)), 0.0f) {
  options_.forecast_order = std::clamp(options_.forecast_order, 0, kMaxForecastOrder);
  if (options_.forecast_order > 0) {
    ResetForecastModel();
    forecast_lags_.assign(static_cast<size_t>(options_.forecast_order), 0.0);
  }
  options_.pattern_levels = std::clamp(options_.pattern_levels, 2, 256);
  options_.pattern_context = std::clamp(options_.pattern_context, 1, 16);
  while ((1 << pattern_bits_) < options_.pattern_levels) ++pattern_bits_;
  // The context is kept in 32 bits: at most 32 / bits levels.
  options_.pattern_context = std::min(options_.pattern_context, 32 / pattern_bits_);
}

size_t AnomalyScorer::StateBytes() const {
  return sizeof(*this) + slots_.capacity() * sizeof(EwStat) +
         pattern_counts_.capacity() * sizeof(uint16_t) + recent_l_.capacity() * sizeof(float) +
         (forecast_w_.capacity() + forecast_p_.capacity() + forecast_lags_.capacity()) *
             sizeof(double);
}

size_t AnomalyScorer::PatternCell(uint32_t context, int level) const {
  // Fibonacci hashing of (context, level): the high bits of the product mix every input bit.
  const uint64_t key = (static_cast<uint64_t>(context) << pattern_bits_) | static_cast<uint64_t>(level);
  return static_cast<size_t>(((key + 1) * 0x9E3779B97F4A7C15ull) >> 32) % pattern_counts_.size();
}

void AnomalyScorer::LearnForecast(const double* regressors, double residual) {
  // One step of recursive least squares: gain g = P u / (lambda + u' P u), w += g e,
  // P = (P - g u' P) / lambda, with e the residual before the update.
  const size_t dim = forecast_w_.size();
  const double lambda = 1.0 - 1.0 / std::max(options_.forecast_horizon_rows, 2.0);
  std::array<double, kMaxForecastOrder + 1> pu{};
  double denominator = lambda;
  for (size_t i = 0; i < dim; ++i) {
    for (size_t j = 0; j < dim; ++j) pu[i] += forecast_p_[i * dim + j] * regressors[j];
    denominator += regressors[i] * pu[i];
  }
  double trace = 0;
  for (size_t i = 0; i < dim; ++i) {
    forecast_w_[i] += pu[i] / denominator * residual;
    for (size_t j = 0; j < dim; ++j) {
      double& p = forecast_p_[i * dim + j];
      p = (p - pu[i] * pu[j] / denominator) / lambda;
    }
    trace += forecast_p_[i * dim + i];
  }
  if (trace > kForecastMaxTrace) {
    for (double& p : forecast_p_) p *= kForecastMaxTrace / trace;
  }
  // The inputs are capped, so this should not happen; if rounding ever made the model
  // non-finite, it starts again from its prior rather than turning every later score into NaN.
  const auto finite = [](double x) { return std::isfinite(x); };
  if (!std::all_of(forecast_w_.begin(), forecast_w_.end(), finite) || !std::isfinite(trace)) {
    ResetForecastModel();
  }
}

void AnomalyScorer::ResetForecastModel() {
  const size_t dim = static_cast<size_t>(options_.forecast_order + 1);
  forecast_w_.assign(dim, 0.0);
  forecast_p_.assign(dim * dim, 0.0);
  for (size_t i = 0; i < dim; ++i) forecast_p_[i * dim + i] = kForecastPrior;
}

double AnomalyScorer::Anscombe(double x) { return 2.0 * std::sqrt(std::max(x, 0.0) + 0.375); }

double AnomalyScorer::Score(int64_t unix_s, double reading) {
  if (counts_ && rows_ < AnomalyScoreOptions::kCountProbeRows &&
      !(reading >= 0 && reading <= options_.count_max_value && reading == std::floor(reading))) {
    // No small count: the stream starts again, measured as it is.
    const AnomalyScoreOptions keep = options_;
    *this = AnomalyScorer(keep);
    counts_ = false;
  }
  const double value = counts() ? Anscombe(reading) : reading;
  const AnomalyScoreOptions& o = options_;
  EwStat& slot = slots_[static_cast<size_t>(SecondOfDay(unix_s) * o.day_slots / kSecondsPerDay)];
  const double diff = rows_ > 0 ? value - prev_value_ : 0.0;
  scale_floor_ = std::max(scale_floor_, 1e-9 * std::abs(value));
  const double floor = std::max(scale_floor_, 1e-12);

  // Statistics from the history before this reading.
  const double z_level = rows_ > 0 ? level_.Z(value, floor) : 0.0;
  const double z_diff = rows_ > 1 ? diff_.Z(diff, floor) : 0.0;
  const double z_slot = slot.n >= 3 ? slot.Z(value, std::max(floor, 0.25 * level_.Spread(floor)))
                                    : z_level;
  const double a_short = 1.0 / o.short_horizon_rows;
  const double short_mean = short_mean_ + a_short * (std::clamp(z_level, -10.0, 10.0) - short_mean_);
  const double a_season = 1.0 / o.season_horizon_rows;
  const double season_mean =
      season_mean_ + a_season * (std::clamp(z_slot, -10.0, 10.0) - season_mean_);
  const double a_vol = 1.0 / o.volatility_horizon_rows;
  const double volatility = volatility_ + a_vol * (std::min(std::abs(z_diff), 10.0) - volatility_);
  const double range = std::max(range_high_ - range_low_, floor);
  // On counts the reading stands for its half-unit interval (count_continuity).
  const bool whole = counts() && o.count_continuity;
  const double value_low_end = whole ? Anscombe(reading - 0.5) : value;
  const double value_high_end = whole ? Anscombe(reading + 0.5) : value;
  const double beyond =
      rows_ > 0 ? std::max({0.0, value_low_end - range_high_, range_low_ - value_high_end}) / range
                : 0.0;
  const bool repeat = rows_ > 0 && std::abs(diff) <= 1e-12 * std::max(1.0, std::abs(value));
  const int64_t run = repeat ? run_length_ + 1 : 0;

  // The reading's level within the recent range, and how often the stream went to it after the
  // previous levels.
  const int levels = o.pattern_levels;
  const double span = range_high_ - range_low_;
  const int level =
      span > floor ? std::clamp(static_cast<int>(levels * (value - range_low_) / span), 0, levels - 1) : 0;
  double pattern_bits = 0;
  if (rows_ > o.pattern_context) {
    double n_level = 0, n_context = 0;
    for (int k = 0; k < levels; ++k) {
      const double n = pattern_counts_[PatternCell(pattern_context_, k)];
      n_context += n;
      if (k == level) n_level = n;
    }
    pattern_bits = -std::log2((n_level + 0.5) / (n_context + 0.5 * levels));
  }

  // The forecast of this reading from the previous ones, all standardized against the long-run
  // level: regressors 1, x(t-1), ..., x(t-order).
  const int order = o.forecast_order;
  const size_t dim = static_cast<size_t>(order + 1);
  std::array<double, kMaxForecastOrder + 1> regressors{};
  double residual = 0, z_forecast = 0;
  const bool forecast = order > 0 && rows_ > order;
  if (forecast) {
    const double spread = level_.Spread(floor);
    auto standardized = [&](double x) {
      return std::clamp((x - level_.mean) / spread, -kForecastCap, kForecastCap);
    };
    regressors[0] = 1.0;
    for (size_t i = 1; i < dim; ++i) regressors[i] = standardized(forecast_lags_[i - 1]);
    double predicted = 0;
    for (size_t i = 0; i < dim; ++i) predicted += forecast_w_[i] * regressors[i];
    residual = standardized(value) - predicted;
    if (forecast_resid_.n > 1) z_forecast = forecast_resid_.Z(residual, 1e-9);
  }

  AnomalyBreakdown& b = last_;
  b.stat = {std::abs(z_diff),
            std::abs(z_slot),
            std::abs(short_mean) * std::sqrt((2.0 - a_short) / a_short),
            0.25 * static_cast<double>(std::max<int64_t>(run - 1, 0)),
            beyond / o.range_unit,
            pattern_bits,
            volatility,
            std::abs(season_mean) * std::sqrt((2.0 - a_season) / a_season),
            std::abs(z_forecast)};
  const double forecast_share = order > 0 ? o.forecast_share : 0.0;
  // The statistics without a share of their own (all but 5, 7 and 9) split the rest equally.
  const double others =
      (1.0 - o.extreme_share - o.volatility_share - forecast_share) / (kStats - 3);
  double best = -1e300;
  for (int i = 0; i < kStats; ++i) {
    b.log10_p[i] = calibrators_[i].Log10P(b.stat[i]);
    const double share = i == kExtremeStat      ? o.extreme_share
                         : i == kVolatilityStat ? o.volatility_share
                         : i == kForecastStat   ? forecast_share
                                                : others;
    if (i == kForecastStat && order == 0) {
      b.log10_p[i] = 0;  // no forecast: no statistic 9 at all
      continue;
    }
    const double factor = i == kPatternStat && counts() ? o.count_pattern_share : 1.0;
    // A share of 0 leaves the statistic out of the surprise (still a runner-up for agreement).
    if (share * factor <= 0) continue;
    best = std::max(best, b.log10_p[i] + std::log10(std::max(share * factor, 1e-9)));
  }
  // Agreement: how far the second most surprising statistic falls short of `agreement_log10_p`.
  double top = 0, runner_up = 0;
  for (const double v : b.log10_p) {
    if (v > top) {
      runner_up = top;
      top = v;
    } else {
      runner_up = std::max(runner_up, v);
    }
  }
  b.runner_up_log10_p = runner_up;
  b.lone_discount =
      o.agreement_log10_p > 0
          ? o.lone_discount * std::clamp(1.0 - runner_up / o.agreement_log10_p, 0.0, 1.0)
          : 0.0;
  const double l = std::max(0.0, best - b.lone_discount);
  b.surprise_l = l;
  const double recent_max = *std::max_element(recent_l_.begin(), recent_l_.end());
  b.rested = recent_max >= o.rest_min_l && l <= recent_max;
  const double l_out = b.rested ? o.rest_factor * l : l;

  // Learn from this reading.
  const bool warm = rows_ >= o.warmup_rows;
  // The first readings' spreads rest on a handful of values; their statistics would teach the
  // calibrators that huge values are normal.
  if (rows_ >= kSettleRows) {
    for (int i = 0; i < kStats; ++i) calibrators_[i].Add(b.stat[i]);
  }
  recent_l_[static_cast<size_t>(ring_pos_)] = static_cast<float>(l);
  ring_pos_ = (ring_pos_ + 1) % static_cast<int>(recent_l_.size());
  level_.Add(value, o.long_horizon_rows);
  if (rows_ > 0) diff_.Add(diff, o.long_horizon_rows);
  slot.Add(value, o.day_horizon_visits);
  short_mean_ = short_mean;
  season_mean_ = season_mean;
  volatility_ = volatility;
  if (rows_ == 0) range_high_ = range_low_ = value;
  const double a_range = 1.0 / o.range_horizon_rows;
  range_high_ = std::max(range_high_ - a_range * (range_high_ - level_.mean), value);
  range_low_ = std::min(range_low_ + a_range * (level_.mean - range_low_), value);
  run_length_ = run;
  uint16_t& seen = pattern_counts_[PatternCell(pattern_context_, level)];
  if (seen < std::numeric_limits<uint16_t>::max()) ++seen;
  const int context_bits = pattern_bits_ * o.pattern_context;
  const uint32_t context_mask = context_bits >= 32 ? ~0u : (1u << context_bits) - 1u;
  pattern_context_ = ((pattern_context_ << pattern_bits_) | static_cast<uint32_t>(level)) & context_mask;
  if (++since_halving_ >= o.pattern_halving_rows) {
    for (uint16_t& n : pattern_counts_) n = static_cast<uint16_t>(n / 2);
    since_halving_ = 0;
  }
  if (forecast) {
    LearnForecast(regressors.data(), residual);
    forecast_resid_.Add(residual, o.long_horizon_rows);
  }
  if (order > 0) {
    std::copy_backward(forecast_lags_.begin(), forecast_lags_.end() - 1, forecast_lags_.end());
    forecast_lags_[0] = value;
  }
  prev_value_ = value;
  ++rows_;

  if (!warm) return 0.0;
  return l_out / (l_out + o.score_half_l);
}

}  // namespace loka::agri
