// The site monitor (agri/site_monitor.h) as the node runs it: the generated season
// (testdata/sense, with injected faults) fed in daily batches, each station's readings as
// separate streams, drift against the other stations; and frost/heat alerts from air
// temperature with their confirmation and once-a-day rules.
#include "agri/site_monitor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agri/timestamp.h"

namespace loka::agri {
namespace {

const char* const kSensors[] = {"air_temp_c", "rh_pct",      "wind_m_s",
                                "solar_w_m2", "rain_mm",     "soil_vwc_pct"};

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

TEST(SiteMonitorTest, FindsTheInjectedFaultsOfTheGeneratedSeasonInDailyBatches) {
  const std::string dir = std::string(LOKA_TESTDATA_DIR) + "/sense/";
  std::ifstream season(dir + "season.csv");
  ASSERT_TRUE(season);
  std::string line;
  std::getline(season, line);
  std::vector<MonitoredReading> all;
  while (std::getline(season, line)) {
    const std::vector<std::string> c = Split(line);
    ASSERT_EQ(c.size(), 8u);
    const int64_t t = *ParseIso8601(c[1]);
    for (int s = 0; s < 6; ++s) {
      if (c[2 + s].empty()) continue;
      all.push_back({c[0], kSensors[s], MonitorKindForName(kSensors[s]), {t, std::stod(c[2 + s])}});
    }
  }
  SiteMonitor monitor;
  std::vector<SiteAlarm> alarms;
  size_t i = 0;
  while (i < all.size()) {  // one day per batch, as a logger uploading daily would send
    size_t j = i;
    const int64_t day = all[i].reading.unix_s / 86400;
    while (j < all.size() && all[j].reading.unix_s / 86400 == day) ++j;
    EXPECT_EQ(monitor.Observe(std::span(all).subspan(i, j - i), &alarms), 0);
    i = j;
  }
  EXPECT_EQ(monitor.streams(), 24u);
  // A replayed batch is skipped, not monitored twice.
  EXPECT_EQ(monitor.Observe(std::span(all).subspan(0, 10), &alarms), 10);

  std::ifstream faults(dir + "faults.csv");
  std::getline(faults, line);
  int n = 0, found = 0;
  while (std::getline(faults, line)) {
    const std::vector<std::string> c = Split(line);
    const int64_t start = *ParseIso8601(c[3]), end = *ParseIso8601(c[4]) + 6 * 3600;
    ++n;
    bool hit = false;
    for (const SiteAlarm& a : alarms) {
      hit = hit || (a.station == c[0] && a.sensor == c[1] && a.kind == c[2] &&
                    a.raised_s >= start && a.raised_s <= end);
    }
    found += hit;
    if (!hit) std::printf("missed %s %s %s at %s\n", c[0].c_str(), c[1].c_str(), c[2].c_str(), c[3].c_str());
  }
  int with_readings = 0;
  for (const SiteAlarm& a : alarms) with_readings += !a.readings.empty() && !a.reason.empty();
  std::printf("%d of %d injected faults found; %zu alarms\n", found, n, alarms.size());
  EXPECT_GE(found, n * 95 / 100);
  EXPECT_EQ(with_readings, static_cast<int>(alarms.size()));
}

TEST(SiteMonitorTest, FrostAndHeatNeedConfirmationAndAlarmOncePerDayAndLevel) {
  SiteMonitor monitor;
  monitor.SetHeatThreshold("hot", 32);
  const int64_t t0 = *ParseIso8601("2024-01-10T00:00:00Z");
  auto feed = [&](const std::string& station, std::vector<double> values, int64_t start) {
    std::vector<MonitoredReading> batch;
    for (size_t k = 0; k < values.size(); ++k) {
      batch.push_back({station, "air_temperature", StreamKind::kAirTemperatureC,
                       {start + static_cast<int64_t>(k) * 3600, values[k]}});
    }
    std::vector<SiteAlarm> alarms;
    monitor.Observe(batch, &alarms);
    return alarms;
  };
  // 1.5 alone is no warning; 1.5 then 1.0 is; -0.5 then -1 is an alert; more cold that day
  // adds nothing; the next day's frost is new.
  std::vector<SiteAlarm> a = feed("st", {5, 1.5, 4, 1.5, 1.0, 0.5, -0.5, -1, -2, -3}, t0);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, "frost");
  EXPECT_EQ(a[0].level, AlertLevel::kWarning);
  EXPECT_EQ(a[0].raised_s, t0 + 4 * 3600);
  ASSERT_EQ(a[0].readings.size(), 2u);
  EXPECT_EQ(a[0].readings[0].value, 1.5);
  EXPECT_EQ(a[1].level, AlertLevel::kAlert);
  EXPECT_EQ(a[1].raised_s, t0 + 7 * 3600);
  EXPECT_NE(a[1].reason.find("air frost"), std::string::npos) << a[1].reason;
  a = feed("st", {-1, -1.5}, t0 + 86400);  // also a dropout: no readings for 15 h
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, "dropout");
  EXPECT_EQ(a[1].kind, "frost");
  EXPECT_EQ(a[1].level, AlertLevel::kAlert);

  // Heat: one spiking reading is not enough; two at or above the station's threshold are.
  a = feed("hot", {25, 40, 25, 31, 32, 33, 34}, t0);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, "heat");
  EXPECT_EQ(a[0].raised_s, t0 + 5 * 3600);
  EXPECT_NE(a[0].reason.find("32.0 °C"), std::string::npos) << a[0].reason;
  EXPECT_TRUE(feed("other", {25, 33, 34}, t0).empty());  // default threshold 35
}

TEST(SiteMonitorTest, KindNamesInBothSpellings) {
  EXPECT_EQ(MonitorKindForName("air_temperature"), StreamKind::kAirTemperatureC);
  EXPECT_EQ(MonitorKindForName("air_temp_c"), StreamKind::kAirTemperatureC);
  EXPECT_EQ(MonitorKindForName("soil_moisture"), StreamKind::kSoilMoisturePct);
  EXPECT_EQ(MonitorKindForName("leaf_wetness"), StreamKind::kOther);
}

}  // namespace
}  // namespace loka::agri
