#include "agri/sensor_faults.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "agri/timestamp.h"

namespace loka::agri {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Hours(int64_t s) { return Num(static_cast<double>(s) / 3600.0) + " h"; }

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kSpike: return "spike";
    case FaultKind::kStuck: return "stuck";
    case FaultKind::kDropout: return "dropout";
    case FaultKind::kDrift: return "drift";
  }
  return "unknown";
}

// ---- SpikeDetector ----

double SpikeDetector::Spread() const {
  // 1.2533 = sqrt(pi / 2): mean absolute deviation to standard deviation for a normal variable.
  return std::max({1.2533 * mad_error_, options_.min_spread, 1e-12});
}

std::optional<FaultAlarm> SpikeDetector::Observe(const Sample& r) {
  if (!options_.enabled) return std::nullopt;
  const int max_len = std::clamp(options_.max_readings, 1, 4);
  if (!last_good_) {
    last_good_ = r;
    return std::nullopt;
  }
  const double spread = Spread();
  const double base = last_good_->value;
  if (n_pending_ > 0) {
    // Where the signal would be now had the spike not happened: the last good reading carried
    // on along its last step (diurnal signals keep rising or falling through a spike).
    const double steps = n_pending_ + 1.0;
    const double expected = base + trend_ * steps;
    const double back = std::abs(r.value - expected) / (spread * steps);
    if (back <= options_.return_spreads) {
      FaultAlarm a;
      a.kind = FaultKind::kSpike;
      double peak = pending_[0].value, peak_dev = 0;
      a.readings.push_back(*last_good_);
      for (int i = 0; i < n_pending_; ++i) {
        a.readings.push_back(pending_[i]);
        const double dev = std::abs(pending_[i].value - (base + trend_ * (i + 1)));
        if (dev > peak_dev) {
          peak_dev = dev;
          peak = pending_[i].value;
        }
      }
      a.readings.push_back(r);
      a.start_s = pending_[0].unix_s;
      a.raised_s = r.unix_s;
      a.reason = std::to_string(n_pending_) + " reading(s) from " + FormatIso8601(a.start_s) +
                 " jumped from " + Num(base) + " to " + Num(peak) + " (" + Num(peak_dev / spread) +
                 " spreads of the usual step error " + Num(spread) + ") and came back to " +
                 Num(r.value);
      n_pending_ = 0;
      trend_ = (r.value - base) / steps;
      last_good_ = r;
      return a;
    }
    if (n_pending_ < max_len) {
      pending_[n_pending_++] = r;
      return std::nullopt;
    }
    // Not back after max_len readings: a level change, not a spike. Learn the new level.
    n_pending_ = 0;
    trend_ = 0;
    last_good_ = r;
    return std::nullopt;
  }
  const double step = r.value - base;
  const double error = step - trend_;
  if (n_ >= options_.min_history && std::abs(error) > options_.jump_spreads * spread) {
    pending_[n_pending_++] = r;
    return std::nullopt;
  }
  ++n_;
  const double a = 1.0 / std::min(static_cast<double>(n_), options_.horizon_readings);
  const double e = n_ > 10 ? std::min(std::abs(error), 5.0 * spread) : std::abs(error);
  mad_error_ += a * (e - mad_error_);
  trend_ = step;
  last_good_ = r;
  return std::nullopt;
}

// ---- IntervalEstimate ----

IntervalEstimate::IntervalEstimate(int64_t fixed_s) {
  if (fixed_s > 0) {
    fixed_ = true;
    interval_s_ = static_cast<double>(fixed_s);
  }
}

void IntervalEstimate::Observe(double gap_s) {
  if (fixed_ || gap_s <= 0) return;
  if (interval_s_ <= 0) {
    interval_s_ = gap_s;
    return;
  }
  if (gap_s <= 1.5 * interval_s_) {
    interval_s_ += 0.05 * (gap_s - interval_s_);
    candidate_gaps_ = 0;
    return;
  }
  if (candidate_gaps_ > 0 && std::abs(gap_s - candidate_s_) <= 0.25 * candidate_s_) {
    if (++candidate_gaps_ >= kAdoptAfterGaps) {
      interval_s_ = candidate_s_;
      candidate_gaps_ = 0;
    }
    return;
  }
  candidate_s_ = gap_s;
  candidate_gaps_ = 1;
}

// ---- StuckDetector ----

std::optional<FaultAlarm> StuckDetector::Observe(const Sample& r) {
  if (!options_.enabled) return std::nullopt;
  bool after_gap = false;
  if (last_) {
    const double gap = static_cast<double>(r.unix_s - last_->unix_s);
    interval_.Observe(gap);  // as the dropout detector learns it
    after_gap = interval_.interval_s() > 0 &&
                gap > options_.max_gap_intervals * interval_.interval_s();
  }
  last_ = r;
  if (!run_start_ || after_gap || std::abs(r.value - run_start_->value) > options_.tolerance) {
    run_start_ = r;
    run_readings_ = 1;
    alarmed_ = false;
    return std::nullopt;
  }
  ++run_readings_;
  const int64_t flat_s = r.unix_s - run_start_->unix_s;
  if (alarmed_ || flat_s <= options_.max_flat_s || run_readings_ < options_.min_readings) {
    return std::nullopt;
  }
  const double v = run_start_->value;
  if ((options_.normal_flat_at_or_below && v <= *options_.normal_flat_at_or_below) ||
      (options_.normal_flat_at_or_above && v >= *options_.normal_flat_at_or_above)) {
    return std::nullopt;
  }
  alarmed_ = true;
  FaultAlarm a;
  a.kind = FaultKind::kStuck;
  a.readings = {*run_start_, r};
  a.start_s = run_start_->unix_s;
  a.raised_s = r.unix_s;
  a.reason = "value stayed at " + Num(v) + " (within " + Num(options_.tolerance) + ") for " +
             Hours(flat_s) + " since " + FormatIso8601(a.start_s) + ", longer than the " +
             Hours(options_.max_flat_s) + " this sensor kind allows";
  return a;
}

// ---- DropoutDetector ----

std::optional<FaultAlarm> DropoutDetector::Observe(const Sample& r) {
  if (!options_.enabled) return std::nullopt;
  std::optional<FaultAlarm> out;
  if (last_) {
    const double gap = static_cast<double>(r.unix_s - last_->unix_s);
    interval_.Observe(gap);
    const double interval_s = interval_.interval_s();
    if (interval_s > 0 && gap > Limit() && !alarmed_gap_) {
      FaultAlarm a;
      a.kind = FaultKind::kDropout;
      a.readings = {*last_, r};
      a.start_s = last_->unix_s + static_cast<int64_t>(interval_s);
      a.raised_s = r.unix_s;
      a.reason = "no reading for " + Hours(r.unix_s - last_->unix_s) + " between " +
                 FormatIso8601(last_->unix_s) + " and " + FormatIso8601(r.unix_s) +
                 ", more than " + Num(options_.max_gap_intervals) + " x the expected interval " +
                 Hours(static_cast<int64_t>(interval_s));
      out = a;
    }
  }
  last_ = r;
  alarmed_gap_ = false;
  return out;
}

std::optional<FaultAlarm> DropoutDetector::CheckSilence(int64_t now_s) {
  const double interval_s = interval_.interval_s();
  if (!options_.enabled || !last_ || interval_s <= 0 || alarmed_gap_) return std::nullopt;
  if (static_cast<double>(now_s - last_->unix_s) <= Limit()) return std::nullopt;
  alarmed_gap_ = true;
  FaultAlarm a;
  a.kind = FaultKind::kDropout;
  a.readings = {*last_};
  a.start_s = last_->unix_s + static_cast<int64_t>(interval_s);
  a.raised_s = now_s;
  a.reason = "no reading since " + FormatIso8601(last_->unix_s) + " (" +
             Hours(now_s - last_->unix_s) + "), more than " + Num(options_.max_gap_intervals) +
             " x the expected interval " + Hours(static_cast<int64_t>(interval_s));
  return a;
}

}  // namespace loka::agri
