// The real `loka serve` process against clients that try to grow its memory: one inventing
// 100,000 stations, one asking to train 1,000,000 labels; and the memory it keeps at rest after
// the demo season (`make run`). The node must stay under its resident-memory bounds and keep
// answering.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "node_fixture.h"
#include "sanitizer.h"
#include "serve_process.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;

// The default language-ID model `make langid-model` builds beside loka (as in process_test.cc).
const std::string kDefaultLangid = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";
constexpr size_t kNodeBoundBytes = 100u << 20;  // docs/node.md: the node's resident bound

// The plain build's bound; AddressSanitizer's shadow memory and quarantine inflate the
// resident set, so sanitizer builds only check that the node still answers.
void ExpectResidentBelow(pid_t pid, size_t bound, const std::string& when) {
  const size_t rss = ResidentBytes(pid);
  EXPECT_GT(rss, 0u) << when;
#if !LOKA_TEST_ASAN
  EXPECT_LT(rss, bound) << when << ": resident memory " << (rss >> 20) << " MB";
#else
  (void)bound;
#endif
}

// A fresh database with a key of `scope` and `loka serve` on it with the default language-ID
// model and `extra` flags; skips the test when the model has not been built.
class MemoryProcessTest : public ::testing::Test {
 protected:
  void Serve(store::Scope scope, std::vector<std::string> extra = {}) {
    if (!std::filesystem::exists(kDefaultLangid)) {
      GTEST_SKIP() << "no default language-ID model at " << kDefaultLangid;
    }
    const std::string db = dir_.File("n.db");
    key_ = AddKey(db, scope);
    extra.insert(extra.begin(), {"--langid-model", kDefaultLangid});
    serve_ = std::make_unique<ServeProcess>(db, extra);
    ASSERT_GT(serve_->port(), 0) << serve_->ready_line();
  }
  TempDir dir_;
  std::string key_;
  std::unique_ptr<ServeProcess> serve_;
};

void ExpectServing(int port, const std::string& key) {
  Reply h = Call(port, "GET", "/healthz");
  EXPECT_EQ(h.status, 200) << h.body;
  Reply l = Call(port, "POST", "/v1/langid",
                 R"({"text": "Habari ya asubuhi, maji yamekatika tangu jana usiku"})", key);
  EXPECT_EQ(l.status, 200) << l.body;
  EXPECT_EQ(l.json.value("language", ""), "swh") << l.body;
}

// A reading of a new station per item: station "s<first + i>".
std::string NewStationsBatch(int first, int n) {
  std::string body = R"({"readings": [)";
  for (int i = 0; i < n; ++i) {
    if (i > 0) body += ',';
    body += R"({"station": "s)" + std::to_string(first + i) +
            R"(", "sensor": "air_temperature", "time": "2024-05-01T00:00:00Z", "value": 20, "unit": "C"})";
  }
  return body + "]}";
}

TEST_F(MemoryProcessTest, HundredThousandNewStationsAndAMillionLabels) {
  // The readings are of 2024-05-01: without retention they are stored, not expired.
  Serve(store::Scope::kWrite, {"--readings-retention-days", "0"});
  if (IsSkipped() || HasFatalFailure()) return;
  ServeProcess& serve = *serve_;
  const std::string& key = key_;
  const int port = serve.port();
  ExpectServing(port, key);

  // 100,000 new stations in batches of 5,000: the first 200 (--max-stations) are stored, every
  // later one is refused as stream_limit, per item and in the counters.
  constexpr int kStations = 100000, kBatch = 5000;
  int64_t accepted = 0, limited = 0;
  for (int first = 0; first < kStations; first += kBatch) {
    Reply r = Call(port, "POST", "/v1/readings", NewStationsBatch(first, kBatch), key);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    accepted += r.json["accepted"].get<int64_t>();
    limited += r.json["rejections"].value("stream_limit", int64_t{0});
    if (first == 0) {
      ASSERT_EQ(r.json["rejected_items"].size(), static_cast<size_t>(kBatch - 200));
      EXPECT_EQ(r.json["rejected_items"][0]["index"], 200);
      EXPECT_EQ(r.json["rejected_items"][0]["reason"], "stream_limit");
    }
  }
  EXPECT_EQ(accepted, 200);
  EXPECT_EQ(limited, kStations - 200);
  Reply stations = Call(port, "GET", "/v1/stations", "", key);
  ASSERT_EQ(stations.status, 200);
  EXPECT_EQ(stations.json["stations"].size(), 200u);
  Reply metrics = Call(port, "GET", "/metrics", "", key);
  EXPECT_THAT(metrics.body, HasSubstr("loka_readings_rejected{reason=\"stream_limit\"} " +
                                      std::to_string(kStations - 200) + "\n"));
  ExpectResidentBelow(serve.pid(), kNodeBoundBytes, "after 100,000 new stations");
  ExpectServing(port, key);

  // 1,000,000 labels, one row each, in the compact TSV form (about 11 MB, under the upload
  // limit): refused while the body is counted, before rows or a model are built.
  std::string tsv;
  tsv.reserve(12u << 20);
  for (int i = 0; i < 1000000; ++i) {
    tsv += 'l';
    tsv += std::to_string(i);
    tsv += "\tx\n";
  }
  Reply train = Call(port, "POST", "/v1/models/huge/train", Json{{"tsv", tsv}}.dump(), key);
  EXPECT_EQ(train.status, 413) << train.body.substr(0, 300);
  EXPECT_THAT(train.error_message(), HasSubstr("the limit is 1000"));
  ExpectResidentBelow(serve.pid(), kNodeBoundBytes, "after asking for 1,000,000 labels");
  ExpectServing(port, key);
  EXPECT_EQ(WEXITSTATUS(serve.Signal(SIGTERM)), 0);
}

// The demo season as scripts/data/post_season.py sends it: each station's location, then the
// hourly readings of testdata/sense/season.csv in time order, 5,000 per POST /v1/readings, then
// the two demo fields. Returns the readings accepted.
int64_t PostSeason(int port, const std::string& key) {
  std::ifstream csv(std::string(LOKA_TESTDATA_DIR) + "/sense/season.csv");
  std::string line;
  std::getline(csv, line);  // station,timestamp,air_temp_c,rh_pct,wind_m_s,solar_w_m2,...
  const std::vector<std::pair<std::string, std::string>> columns = {
      {"air_temperature", "C"}, {"relative_humidity", "%"}, {"wind_speed", "m/s"},
      {"solar_radiation", "W/m2"}, {"rainfall", "mm"}, {"soil_moisture", "%"}};
  std::vector<Json> readings;
  std::vector<std::string> stations;
  std::string first_day;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    cells.resize(2 + columns.size());
    if (std::find(stations.begin(), stations.end(), cells[0]) == stations.end()) {
      stations.push_back(cells[0]);
    }
    if (first_day.empty()) first_day = cells[1].substr(0, 10);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (cells[2 + c].empty()) continue;  // a dropout
      readings.push_back({{"station", cells[0]}, {"sensor", columns[c].first}, {"time", cells[1]},
                          {"value", std::stod(cells[2 + c])}, {"unit", columns[c].second}});
    }
  }
  for (const std::string& st : stations) {
    const Json site = {{"lat_deg", 47.61}, {"lon_deg", -122.33}, {"elevation_m", 50},
                       {"site", "demo"}, {"name", "demo " + st}};
    Reply r = Call(port, "PUT", "/v1/stations/" + st, site.dump(), key);
    EXPECT_EQ(r.status, 200) << r.body;
  }
  int64_t accepted = 0;
  for (size_t i = 0; i < readings.size(); i += 5000) {
    Json batch = {{"readings", Json::array()}};
    for (size_t j = i; j < std::min(readings.size(), i + 5000); ++j) {
      batch["readings"].push_back(readings[j]);
    }
    Reply r = Call(port, "POST", "/v1/readings", batch.dump(), key);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    if (r.status == 200) accepted += r.json["accepted"].get<int64_t>();
  }
  for (const auto& [station, soil, method] :
       {std::tuple{stations[0], "loam", "drip"}, std::tuple{stations[1], "sandy_loam", "sprinkler"}}) {
    const Json field = {{"station", station}, {"name", std::string("maize, ") + method},
                        {"crop", "maize"}, {"planting_date", first_day}, {"soil", soil},
                        {"irrigation_method", method}};
    Reply r = Call(port, "POST", "/v1/fields", field.dump(), key);
    EXPECT_EQ(r.status, 201) << r.body;
  }
  return accepted;
}

// `make run`'s node (default language-ID model, 64 threads, raw readings kept) after the demo
// season: 68,853 readings through the API, the dashboard's queries answered. Its resident
// memory at rest stays under 60 MB.
TEST_F(MemoryProcessTest, DemoSeasonLeavesTheNodeUnder60MegabytesAtRest) {
  Serve(store::Scope::kAdmin, {"--threads", "64", "--readings-retention-days", "0"});
  if (IsSkipped() || HasFatalFailure()) return;
  ServeProcess& serve = *serve_;
  const std::string& key = key_;
  const int port = serve.port();
  ExpectServing(port, key);
  const size_t before = ResidentBytes(serve.pid());
  const int64_t accepted = PostSeason(port, key);
  EXPECT_GT(accepted, 60000);
  // What the dashboard asks for after the season.
  for (const char* path : {"/v1/fields/1/advice", "/v1/alerts?limit=50", "/v1/stations",
                           "/v1/stations/st1/daily?from=2014-05-01&to=2014-08-28",
                           "/v1/stations/st1/et0?from=2014-05-01&to=2014-08-28", "/metrics"}) {
    Reply r = Call(port, "GET", path, "", key);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
  }
  const size_t after = ResidentBytes(serve.pid());
  std::printf("resident memory: %zu MB before the season, %zu MB after\n", before >> 20,
              after >> 20);
  ExpectResidentBelow(serve.pid(), 60u << 20, "at rest after the demo season");
  ExpectServing(port, key);
  EXPECT_EQ(WEXITSTATUS(serve.Signal(SIGTERM)), 0);
}

}  // namespace
}  // namespace loka::node
