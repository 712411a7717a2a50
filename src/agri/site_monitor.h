// Online alarms for all the stations of a site as their readings arrive: the single-stream
// fault detectors of every sensor (spike, stuck, dropout; stream_monitor.h), drift of each
// sensor against the same kind of sensor at the other stations (drift_detector.h), and frost
// and heat-stress alerts from air temperature (thermal.h thresholds). Each alarm carries a
// reason and the readings that caused it. Memory is O(1) per stream.
//
// Readings may come in batches of any size and order: a batch is sorted by time, and a reading
// not newer than the last one seen on its stream (a late or duplicate arrival) is stored by
// the caller but not monitored. Drift compares readings of one kind that share a timestamp;
// the comparison runs when a newer timestamp of that kind arrives, so it sees every station
// even when one time step is split across batches.
//
// Thread contract: a plain value; one thread at a time (the node holds a mutex around it).
#ifndef LOKA_AGRI_SITE_MONITOR_H_
#define LOKA_AGRI_SITE_MONITOR_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agri/drift_detector.h"
#include "agri/sensor_faults.h"
#include "agri/stream_monitor.h"
#include "agri/thermal.h"

namespace loka::agri {

// The monitor's kind for a sensor kind name, in either spelling loka uses: the ingest names
// ("air_temperature", "relative_humidity", "wind_speed", "solar_radiation", "rainfall",
// "soil_moisture") or StreamKindName's ("air_temp_c", ...). Anything else is kOther.
StreamKind MonitorKindForName(std::string_view kind_name);

struct MonitoredReading {
  std::string station;
  std::string sensor;  // the stream's name within its station
  StreamKind kind = StreamKind::kOther;
  Sample reading;  // unix_s, value in the kind's canonical unit
};

struct SiteAlarm {
  std::string station;
  std::string sensor;
  std::string kind;  // FaultKindName ("spike", "stuck", "dropout", "drift"), "frost" or "heat"
  AlertLevel level = AlertLevel::kWarning;  // faults are warnings; frost and heat either
  std::string reason;
  std::vector<Sample> readings;  // the readings that caused it
  int64_t raised_s = 0;           // time of the reading that raised it
};

struct SiteMonitorOptions {
  FrostOptions frost;  // alert at <= 0 °C, warning at <= 2 °C
  // Tmax threshold for stations without their own (SetHeatThreshold): 35 °C (thermal.h).
  double heat_alert_at_or_above_c = 35.0;
  // A frost or heat alert needs this many consecutive air-temperature readings beyond the
  // threshold, so that one spiking reading cannot raise it. Default 2 (one hour late with
  // hourly readings).
  int thermal_confirm_readings = 2;
  // Drift is checked for a reading when at least this many other stations report the same
  // kind at the same time (the neighbours' median needs a majority to be healthy).
  int drift_min_neighbours = 2;
};

class SiteMonitor {
 public:
  explicit SiteMonitor(const SiteMonitorOptions& options = {}) : options_(options) {}

  // Heat threshold of one station (the lowest of its fields' crops, set by the node).
  void SetHeatThreshold(const std::string& station, double tmax_c);

  // Checks a batch of readings; appends alarms to *alarms. Returns how many readings were
  // skipped as not newer than their stream's last one.
  int Observe(std::span<const MonitoredReading> batch, std::vector<SiteAlarm>* alarms);

  size_t streams() const { return streams_.size(); }

 private:
  struct Stream {
    explicit Stream(StreamKind k);
    StreamKind kind;
    StreamMonitor monitor;
    DriftDetector drift;
    int64_t last_s = INT64_MIN;
  };
  struct Thermal {  // per station, from its air-temperature readings
    std::vector<Sample> recent;  // the last thermal_confirm_readings readings
    int64_t frost_day = INT64_MIN, heat_day = INT64_MIN;
    AlertLevel frost_level = AlertLevel::kNone, heat_level = AlertLevel::kNone;
  };
  struct Slot {  // readings of one kind at one timestamp, waiting for the drift check
    int64_t unix_s = INT64_MIN;
    std::vector<std::pair<Stream*, const std::string*>> streams;  // with their station
    std::vector<double> values;
  };

  Stream& StreamFor(const MonitoredReading& r);
  void FlushSlot(Slot& slot, std::vector<SiteAlarm>* alarms);
  void CheckThermal(const MonitoredReading& r, std::vector<SiteAlarm>* alarms);

  SiteMonitorOptions options_;
  // Keyed by (station, sensor). std::map: stable addresses for the slots' pointers.
  std::map<std::pair<std::string, std::string>, Stream> streams_;
  std::map<StreamKind, Slot> slots_;
  std::map<std::string, Thermal> thermal_;
  std::map<std::string, double> heat_c_;
};

}  // namespace loka::agri

#endif  // LOKA_AGRI_SITE_MONITOR_H_
