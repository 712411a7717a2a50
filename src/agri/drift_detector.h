// Drift of one sensor against its neighbours (the same quantity measured by nearby sensors):
// the residual r = value - reference is compared with its own slow EW baseline (the normal
// offset of this site), standardized by its EW spread, and a two-sided CUSUM (Page 1954) on the
// standardized residual raises the alarm. O(1) memory per stream. The caller supplies the
// reference at the same time: the median over the neighbours of (value - that neighbour's own
// offset()), so sites with different microclimates line up and one faulty neighbour among three
// or more moves the median little (NeighbourMedian helps).
//
// Thread contract: a plain value; one per stream, one thread at a time.
#ifndef LOKA_AGRI_DRIFT_DETECTOR_H_
#define LOKA_AGRI_DRIFT_DETECTOR_H_

#include <optional>
#include <span>

#include "agri/sensor_faults.h"

namespace loka::agri {

struct DriftOptions {
  // EW horizon, in readings, of the baseline offset and its spread (336 = two weeks of hourly
  // readings). Much longer than a drift's ramp, so the baseline does not follow the drift.
  double horizon_readings = 336;
  // CUSUM allowance k and decision limit h, in spreads: a sustained offset of more than k
  // spreads accumulates; the alarm is at h. ARL trade-off: larger h, fewer false alarms, later.
  double cusum_k = 1.0;
  double cusum_h = 25.0;
  // A standardized residual counts at most this much, so one spike cannot raise a drift alarm.
  double clamp_spreads = 4.0;
  // Readings before any alarm (the baseline must settle first).
  int min_history = 72;
  // Spread floor in the stream's unit.
  double min_spread = 0.0;
};

// Median of the neighbours' values (REQUIRES: non-empty). Reorders `values`.
double NeighbourMedian(std::span<double> values);

class DriftDetector {
 public:
  explicit DriftDetector(const DriftOptions& options = {}) : options_(options) {}
  // One reading of this sensor and the neighbours' reference at the same time. Alarms once per
  // drift episode (until both CUSUM sums are back at 0).
  std::optional<FaultAlarm> Observe(const Sample& r, double reference);
  // This sensor's usual offset from its reference (the learnt baseline); 0 before any reading.
  double offset() const { return baseline_; }
  double cusum_high() const { return s_high_; }
  double cusum_low() const { return s_low_; }

 private:
  DriftOptions options_;
  int64_t n_ = 0;
  double baseline_ = 0, mad_ = 0;
  double s_high_ = 0, s_low_ = 0;
  Sample rise_high_, rise_low_;
  double rise_high_residual_ = 0, rise_low_residual_ = 0;
  bool latched_ = false;
};

}  // namespace loka::agri

#endif  // LOKA_AGRI_DRIFT_DETECTOR_H_
