// Online sensor-fault detectors for one stream of readings, each in O(1) memory: spikes (a
// reading far from the local trend that comes back), stuck sensors (a flat line longer than
// the sensor kind allows), dropouts (a gap longer than k expected intervals). Drift against
// neighbouring sensors is in agri/drift_detector.h; agri/stream_monitor.h runs them together
// with per-kind defaults. docs/detect.md describes each detector and its defaults.
//
// Thread contract: detectors are plain values; one per stream, one thread at a time.
#ifndef LOKA_AGRI_SENSOR_FAULTS_H_
#define LOKA_AGRI_SENSOR_FAULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loka::agri {

// One reading of one stream as the detectors see it.
struct Sample {
  int64_t unix_s = 0;  // seconds since the epoch, UTC
  double value = 0;
};

enum class FaultKind { kSpike, kStuck, kDropout, kDrift };
std::string_view FaultKindName(FaultKind kind);  // "spike", "stuck", "dropout", "drift"

// One alarm: what is wrong, why we think so, and the readings that show it.
struct FaultAlarm {
  FaultKind kind = FaultKind::kSpike;
  std::string reason;             // one sentence with the numbers that triggered it
  std::vector<Sample> readings;  // the readings that caused it (a few: first, last, ...)
  int64_t start_s = 0;            // when the fault began, as far as the detector can tell
  int64_t raised_s = 0;           // time of the reading (or clock tick) that raised the alarm
};

struct SpikeOptions {
  bool enabled = true;
  // Each reading is predicted as the last good reading plus the last good step (a local linear
  // trend). An error of more than this many spreads opens a spike candidate; the spread is
  // 1.2533 x the EW mean absolute prediction error.
  double jump_spreads = 6.0;
  // The candidate is a spike when a later reading comes back within this many spreads (times
  // the steps since the last good reading) of the trend carried on from the last good reading.
  double return_spreads = 3.0;
  // Longest spike in readings; a jump that has not come back after this many is a level change.
  int max_readings = 3;
  // EW horizon of the prediction-error spread, in readings (168 = a week of hourly readings).
  double horizon_readings = 168;
  // Readings needed before any alarm.
  int min_history = 24;
  // Spread floor in the stream's unit (sensor resolution): flat stretches do not make every
  // small step look like a jump.
  double min_spread = 0.0;
};

// Spike: a reading (or up to max_readings in a row) that jumps away from the local trend and
// comes back to it. Alarmed one reading after the spike, when it comes back; spike readings are
// not learnt from.
class SpikeDetector {
 public:
  explicit SpikeDetector(const SpikeOptions& options = {}) : options_(options) {}
  std::optional<FaultAlarm> Observe(const Sample& r);

 private:
  double Spread() const;
  SpikeOptions options_;
  std::optional<Sample> last_good_;
  double mad_error_ = 0;  // EW mean absolute error of the one-step prediction
  double trend_ = 0;      // last good step: the prediction is last good value + trend
  int64_t n_ = 0;
  Sample pending_[4] = {};  // candidate spike readings (max_readings is capped at 4)
  int n_pending_ = 0;
};

// The expected interval between a stream's readings, learnt from its gaps: seeded by the first
// gap, then an EW mean (weight 0.05) of the gaps at most 1.5x the estimate. A longer gap is a
// dropout, unless kAdoptAfterGaps of them come in a row at a steady length (each within 25 %
// of the first): then the logger's interval has changed and the estimate becomes that length.
class IntervalEstimate {
 public:
  // Three gaps in a row: a single silence (or two) is still alarmed, a lasting change of
  // interval (a logger reconfigured from 1 minute to 1 hour) costs at most two alarms.
  static constexpr int kAdoptAfterGaps = 3;
  // `fixed_s` > 0: the interval is known and never learnt.
  explicit IntervalEstimate(int64_t fixed_s = 0);
  void Observe(double gap_s);
  double interval_s() const { return interval_s_; }  // 0 until known

 private:
  bool fixed_ = false;
  double interval_s_ = 0;
  double candidate_s_ = 0;  // the first of the current run of long steady gaps
  int candidate_gaps_ = 0;
};

struct StuckOptions {
  bool enabled = true;
  // A run of readings within `tolerance` of the run's first reading for longer than this is
  // a stuck sensor.
  int64_t max_flat_s = 6 * 3600;
  double tolerance = 0.0;
  // A run needs at least this many readings: two equal readings around a long gap say nothing
  // of the time between them.
  int min_readings = 3;
  // A gap longer than this many expected intervals (IntervalEstimate, as the dropout detector
  // learns it) ends the run: time without readings is no evidence of a flat line, and the
  // dropout detector reports the gap.
  double max_gap_intervals = 2.5;
  // Flat runs at or below / at or above these values are normal (a dry rain gauge, night-time
  // solar radiation, saturated humidity) and never alarm. Unset: none.
  std::optional<double> normal_flat_at_or_below;
  std::optional<double> normal_flat_at_or_above;
};

// Stuck (flat-lined) sensor: alarmed once per run, when the run passes max_flat_s.
class StuckDetector {
 public:
  explicit StuckDetector(const StuckOptions& options = {}) : options_(options) {}
  std::optional<FaultAlarm> Observe(const Sample& r);

 private:
  StuckOptions options_;
  std::optional<Sample> run_start_;
  std::optional<Sample> last_;
  IntervalEstimate interval_;
  int run_readings_ = 0;
  bool alarmed_ = false;
};

struct DropoutOptions {
  bool enabled = true;
  // Expected interval between readings; 0 learns it (IntervalEstimate: seeded by the first
  // gap, then the gaps near the estimate, and a new steady interval after three gaps at it).
  int64_t expected_interval_s = 0;
  // A gap longer than this many expected intervals is a dropout.
  double max_gap_intervals = 2.5;
};

// Dropout: readings missing for longer than max_gap_intervals x the expected interval. Observe()
// alarms at the first reading after a gap; CheckSilence() alarms while the stream is still
// silent (call it from a clock). Each gap alarms once.
class DropoutDetector {
 public:
  explicit DropoutDetector(const DropoutOptions& options = {})
      : options_(options), interval_(options.expected_interval_s) {}
  std::optional<FaultAlarm> Observe(const Sample& r);
  std::optional<FaultAlarm> CheckSilence(int64_t now_s);
  double expected_interval_s() const { return interval_.interval_s(); }

 private:
  double Limit() const { return options_.max_gap_intervals * interval_.interval_s(); }
  DropoutOptions options_;
  std::optional<Sample> last_;
  IntervalEstimate interval_;
  bool alarmed_gap_ = false;
};

}  // namespace loka::agri

#endif  // LOKA_AGRI_SENSOR_FAULTS_H_
