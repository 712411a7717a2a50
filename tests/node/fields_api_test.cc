// Fields, advice, ET0 and alerts over real HTTP on loopback: a station's readings from the
// generated season (testdata/sense) go in through POST /v1/readings, a maize field is created,
// and the advice, ET0 and alerts come back; new alerts reach a webhook served by the test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "node_fixture.h"
#include "webhook_receiver.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;
using store::Scope;

const char* const kKinds[] = {"air_temperature", "relative_humidity", "wind_speed",
                              "solar_radiation", "rainfall", "soil_moisture"};
const char* const kUnits[] = {"C", "%", "m/s", "W/m2", "mm", "%"};

// Readings of station `station` (st1..st4) for the first `days` days of the season, with
// `spike_c` added to the air temperature at `spike_hour` (hours since the start; -1: none).
Json SeasonReadings(const std::string& station, int days, int spike_hour = -1,
                    double spike_c = 0) {
  std::ifstream in(std::string(LOKA_TESTDATA_DIR) + "/sense/season.csv");
  std::string line;
  std::getline(in, line);
  Json readings = Json::array();
  int hour = -1;
  std::string last_time;
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) c.push_back(cell);
    if (line.back() == ',') c.emplace_back();
    if (c[1] != last_time) {
      last_time = c[1];
      ++hour;
    }
    if (hour >= days * 24) break;
    if (c[0] != station) continue;
    for (int s = 0; s < 6; ++s) {
      if (c[2 + s].empty()) continue;
      double v = std::stod(c[2 + s]);
      if (s == 0 && hour == spike_hour) v += spike_c;
      readings.push_back(
          {{"station", station}, {"sensor", kKinds[s]}, {"time", c[1]}, {"value", v}, {"unit", kUnits[s]}});
    }
  }
  return readings;
}

class FieldsApiTest : public NodeTest {
 protected:
  // The season's readings are of 2014: without retention they are stored, not expired.
  void SetUp() override {
    const bool start = start_in_setup_;
    start_in_setup_ = false;
    NodeTest::SetUp();
    options_.readings_retention_days = 0;
    if (start) Start();
  }
  void PostReadings(const Json& readings) {
    for (size_t i = 0; i < readings.size(); i += 5000) {
      Json batch = Json::array();
      for (size_t j = i; j < std::min(readings.size(), i + 5000); ++j) batch.push_back(readings[j]);
      Reply r = Post("/v1/readings", Json{{"readings", batch}}, Scope::kWrite);
      ASSERT_EQ(r.status, 200) << r.body;
      ASSERT_EQ(r.json["rejected"], 0) << r.body;
    }
  }
  void PutStation(const std::string& id, bool with_lat = true) {
    Json body = {{"name", "test " + id}, {"elevation_m", 50}};
    if (with_lat) body["lat_deg"] = 47.6;
    Reply r = Call(port_, "PUT", "/v1/stations/" + id, body.dump(), Key(Scope::kWrite));
    ASSERT_LT(r.status, 300) << r.body;
  }
  Json MaizeField(const std::string& station) {
    return {{"station", station}, {"name", "maize north"}, {"crop", "maize"},
            {"planting_date", "2014-05-01"}, {"soil", "loam"}, {"irrigation_method", "drip"}};
  }
};

TEST_F(FieldsApiTest, AdviceAndEt0FromIngestedReadings) {
  PutStation("st1");
  PostReadings(SeasonReadings("st1", 20));
  Reply f = Post("/v1/fields", MaizeField("st1"), Scope::kWrite);
  ASSERT_EQ(f.status, 201) << f.body;
  const int64_t id = f.json["id"];
  EXPECT_EQ(f.json["theta_fc"], 0.25);  // loam, FAO-56 Table 19 mid-range
  EXPECT_EQ(f.json["planting_date"], "2014-05-01");

  Reply a = Get("/v1/fields/" + std::to_string(id) + "/advice", Scope::kRead);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["phase"], "growing");
  EXPECT_EQ(a.json["as_of"], "2014-05-20");
  ASSERT_EQ(a.json["days"].size(), 20u);
  const Json& d0 = a.json["days"][0];
  EXPECT_EQ(d0["date"], "2014-05-01");
  EXPECT_EQ(d0["kc"], 0.3);  // maize Kc ini (FAO-56 Table 12)
  EXPECT_EQ(d0["stage"], "initial");
  EXPECT_EQ(d0["et0_method"], "penman_monteith");
  for (const Json& d : a.json["days"]) {
    EXPECT_GE(d["et0_mm"].get<double>(), 0.5) << d.dump();
    EXPECT_LE(d["et0_mm"].get<double>(), 8.0) << d.dump();
    EXPECT_LE(d["depletion_mm"].get<double>(), d["taw_mm"].get<double>() + 1e-9);
  }
  const Json& advice = a.json["advice"];
  ASSERT_TRUE(advice.is_object()) << a.body;
  EXPECT_EQ(advice["date"], "2014-05-21");
  EXPECT_EQ(advice["efficiency"], 0.9);  // drip
  EXPECT_FALSE(advice["reason"].get<std::string>().empty());
  EXPECT_GT(a.json["gdd_total"].get<double>(), 0);

  Reply e = Get("/v1/stations/st1/et0?from=2014-05-01&to=2014-05-20", Scope::kRead);
  ASSERT_EQ(e.status, 200) << e.body;
  ASSERT_EQ(e.json["days"].size(), 20u);
  const Json& e0 = e.json["days"][0];
  EXPECT_EQ(e0["method"], "penman_monteith");
  for (const char* k : {"delta", "gamma", "es", "ea", "ra", "rso", "rns", "rnl", "rn", "u2"}) {
    EXPECT_TRUE(e0["intermediates"].contains(k)) << k;
  }
  EXPECT_EQ(e0["inputs"]["rs_mj_m2"].is_number(), true);
  // The advice's ET0 is the station's.
  EXPECT_DOUBLE_EQ(e0["et0_mm"].get<double>(), d0["et0_mm"].get<double>());
}

TEST_F(FieldsApiTest, FieldCrudAndErrors) {
  PutStation("st1");
  PutStation("nolat", false);
  Reply bad = Post("/v1/fields", Json{{"station", "st1"}, {"crop", "kiwi"}, {"planting_date", "2014-05-01"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.error_message().find("crop"), std::string::npos) << bad.body;
  bad = Post("/v1/fields", Json{{"station", "st1"}, {"crop", "maize"}, {"planting_date", "2014-02-30"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.error_message().find("planting_date"), std::string::npos) << bad.body;
  Json custom = MaizeField("st1");
  custom["soil"] = "custom";
  bad = Post("/v1/fields", custom);
  EXPECT_EQ(bad.status, 400) << bad.body;
  custom["theta_fc"] = 0.2;
  custom["theta_wp"] = 0.3;
  EXPECT_EQ(Post("/v1/fields", custom).status, 400);
  EXPECT_EQ(Post("/v1/fields", MaizeField("nowhere")).status, 404);
  EXPECT_EQ(Post("/v1/fields", MaizeField("st1"), Scope::kRead).status, 403);

  Reply f = Post("/v1/fields", MaizeField("nolat"));
  ASSERT_EQ(f.status, 201);
  const std::string path = "/v1/fields/" + std::to_string(f.json["id"].get<int64_t>());
  Reply a = Get(path + "/advice");
  EXPECT_EQ(a.status, 409);
  EXPECT_NE(a.error_message().find("lat_deg"), std::string::npos) << a.body;

  Json changed = MaizeField("st1");
  changed["crop"] = "sorghum";
  changed["root_depth_m"] = 1.1;
  Reply u = Call(port_, "PUT", path, changed.dump(), Key(Scope::kWrite));
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json["crop"], "sorghum");
  EXPECT_EQ(Get(path).json["root_depth_m"], 1.1);
  EXPECT_EQ(Get("/v1/fields?station=st1").json["fields"].size(), 1u);
  // Not planted yet as of the last data: no advice, no days.
  a = Get(path + "/advice?as_of=2014-04-01");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["phase"], "not_planted");
  EXPECT_TRUE(a.json["advice"].is_null());
  EXPECT_EQ(Get(path + "/advice?as_of=yesterday").status, 400);
  EXPECT_EQ(Get("/v1/fields/abc").status, 400);
  EXPECT_EQ(Call(port_, "DELETE", path, "", Key(Scope::kWrite)).status, 200);
  EXPECT_EQ(Get(path).status, 404);
  EXPECT_EQ(Get("/v1/stations/st1/et0?from=2014-05-01&to=2020-01-01").status, 413);
}

class AlertsApiTest : public FieldsApiTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    FieldsApiTest::SetUp();
    options_.alert_webhook_url = "http://127.0.0.1:" + std::to_string(receiver_.port()) + "/hook";
    Start();
  }
  Receiver receiver_;
};

TEST_F(AlertsApiTest, SpikeAndFrostAlertsAreStoredListedAndPublished) {
  PutStation("st1");
  // A +15 °C spike on day 5 at 12:00 in otherwise generated readings (first 7 days: no
  // injected fault of the generator starts before a settled week).
  PostReadings(SeasonReadings("st1", 7, 4 * 24 + 12, 15));
  // A cold night at another station: -1, -2, -1.5 °C.
  Json cold = Json::array();
  const char* times[] = {"2014-05-03T03:00:00Z", "2014-05-03T04:00:00Z", "2014-05-03T05:00:00Z"};
  const double temps[] = {-1, -2, -1.5};
  for (int i = 0; i < 3; ++i) {
    cold.push_back({{"station", "hill"}, {"sensor", "air_temperature"}, {"time", times[i]},
                    {"value", temps[i]}, {"unit", "C"}});
  }
  PostReadings(cold);
  // Replaying a batch (duplicates) raises nothing new.
  PostReadings(cold);

  Reply spikes = Get("/v1/alerts?kind=spike", Scope::kRead);
  ASSERT_EQ(spikes.status, 200) << spikes.body;
  bool found = false;
  for (const Json& a : spikes.json["alerts"]) {
    if (a["station"] == "st1" && a["sensor"] == "air_temperature" &&
        a["time"].get<std::string>().rfind("2014-05-05", 0) == 0) {
      found = true;
      EXPECT_EQ(a["severity"], "warning");
      EXPECT_FALSE(a["reason"].get<std::string>().empty());
      ASSERT_FALSE(a["readings"].empty());
      EXPECT_FALSE(a["acknowledged"].get<bool>());
    }
  }
  EXPECT_TRUE(found) << spikes.body;

  Reply frost = Get("/v1/alerts?kind=frost&station=hill", Scope::kRead);
  ASSERT_EQ(frost.status, 200);
  ASSERT_EQ(frost.json["alerts"].size(), 1u) << frost.body;
  const Json& fa = frost.json["alerts"][0];
  EXPECT_EQ(fa["severity"], "alert");
  EXPECT_EQ(fa["time"], "2014-05-03T04:00:00Z");  // the second reading confirms it
  EXPECT_EQ(fa["readings"].size(), 2u);

  const int64_t id = fa["id"];
  Reply ack = Post("/v1/alerts/" + std::to_string(id) + "/ack", "", Scope::kWrite);
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_TRUE(ack.json["acknowledged"].get<bool>());
  EXPECT_EQ(Get("/v1/alerts?kind=frost&unacknowledged=true").json["alerts"].size(), 0u);
  EXPECT_EQ(Get("/v1/alerts?since=2014-05-04T00:00:00Z&station=hill").json["alerts"].size(), 0u);
  EXPECT_EQ(Get("/v1/alerts?since=yesterday").status, 400);
  EXPECT_EQ(Post("/v1/alerts/999999/ack", "").status, 404);

  // Every stored alert reaches the webhook.
  const size_t stored = Get("/v1/alerts?limit=10000").json["alerts"].size();
  std::vector<std::string> got;
  for (int i = 0; i < 100 && got.size() < stored; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    got = receiver_.bodies();
  }
  ASSERT_EQ(got.size(), stored);
  bool frost_posted = false;
  for (const std::string& b : got) {
    Json j = Json::parse(b);
    frost_posted = frost_posted || (j["kind"] == "frost" && j["station"] == "hill");
  }
  EXPECT_TRUE(frost_posted);
}

// A misspelt or unknown kind is a 400 naming the kinds, never an empty list that reads as "no
// frost"; every kind the monitor raises is accepted, and an empty kind filters nothing.
TEST_F(FieldsApiTest, UnknownAlertKindIsAnError) {
  for (const char* bad : {"frosts", "Frost", "sensor_fault", "%00"}) {
    Reply r = Get(std::string("/v1/alerts?kind=") + bad, Scope::kRead);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_argument") << bad;
    EXPECT_THAT(r.error_message(),
                HasSubstr("expected one of spike, stuck, dropout, drift, frost, heat"))
        << bad;
  }
  for (const char* good : {"spike", "stuck", "dropout", "drift", "frost", "heat", ""}) {
    Reply r = Get(std::string("/v1/alerts?kind=") + good, Scope::kRead);
    EXPECT_EQ(r.status, 200) << good << ": " << r.body;
    EXPECT_TRUE(r.json["alerts"].empty()) << good;
  }
}

// The webhook's host takes the connection (the kernel completes it into the listen backlog)
// and never answers, so every delivery attempt waits its whole read timeout. An ingest that
// waited on the delivery would take at least that long; one that hands the alert to the
// publisher's queue returns well before it, however loaded the machine (sanitizer builds
// included). No fixed latency is asserted.
TEST_F(FieldsApiTest, DeadWebhookNeverBlocksIngest) {
  const int silent = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(silent, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(silent, 8), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  Stop();
  constexpr int kTimeoutMs = 3000;
  options_.alert_webhook_url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/hook";
  options_.alert_webhook_timeout_ms = kTimeoutMs;
  options_.alert_webhook_attempts = 1;
  Start();
  Json cold = Json::array();
  for (int h = 0; h < 4; ++h) {
    cold.push_back({{"station", "hill"}, {"sensor", "air_temperature"},
                    {"time", "2014-05-03T0" + std::to_string(h) + ":00:00Z"}, {"value", -3}, {"unit", "C"}});
  }
  const auto t0 = std::chrono::steady_clock::now();
  PostReadings(cold);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(kTimeoutMs));
  EXPECT_EQ(Get("/v1/alerts?kind=frost").json["alerts"].size(), 1u);
  Stop();  // waits for the one attempt in flight to time out
  close(silent);
}

}  // namespace
}  // namespace loka::node
