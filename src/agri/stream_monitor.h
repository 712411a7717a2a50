// All single-stream checks of one sensor together: spike, stuck and dropout detectors with
// defaults for the sensor's kind, plus the combined anomaly score of agri/anomaly_score.h.
// Drift needs the neighbours and runs beside it (agri/drift_detector.h).
//
// Thread contract: a plain value; one per stream, one thread at a time.
#ifndef LOKA_AGRI_STREAM_MONITOR_H_
#define LOKA_AGRI_STREAM_MONITOR_H_

#include <string_view>
#include <vector>

#include "agri/anomaly_score.h"
#include "agri/drift_detector.h"
#include "agri/sensor_faults.h"
#include "core/status.h"

namespace loka::agri {

enum class StreamKind {
  kAirTemperatureC,
  kRelativeHumidityPct,
  kWindSpeedMPerS,
  kSolarRadiationWPerM2,
  kRainMm,
  kSoilMoisturePct,
  kOther,
};

// "air_temp_c", "rh_pct", "wind_m_s", "solar_w_m2", "rain_mm", "soil_vwc_pct", "other".
std::string_view StreamKindName(StreamKind kind);
// The inverse of StreamKindName; NotFound for an unknown name.
Result<StreamKind> ParseStreamKind(std::string_view name);

struct MonitorOptions {
  SpikeOptions spike;
  StuckOptions stuck;
  DropoutOptions dropout;
  DriftOptions drift;
  AnomalyScoreOptions score;
};

// Defaults per kind for hourly station readings (docs/detect.md has the table and reasons):
// rain has no spike check (showers are spikes); flat dry gauges, night-time zero radiation and
// saturated air are normal flats; soil moisture may sit still for a day and a half.
MonitorOptions DefaultMonitorOptions(StreamKind kind);

class StreamMonitor {
 public:
  explicit StreamMonitor(const MonitorOptions& options);

  // Checks one reading (in time order); alarms are appended to *alarms. Returns the reading's
  // anomaly score in [0, 1].
  double Observe(const Sample& r, std::vector<FaultAlarm>* alarms);
  // Clock tick without a reading: appends a dropout alarm if the stream has gone silent.
  void CheckSilence(int64_t now_s, std::vector<FaultAlarm>* alarms);

 private:
  SpikeDetector spike_;
  StuckDetector stuck_;
  DropoutDetector dropout_;
  AnomalyScorer scorer_;
};

}  // namespace loka::agri

#endif  // LOKA_AGRI_STREAM_MONITOR_H_
