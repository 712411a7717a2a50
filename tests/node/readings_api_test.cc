// /v1/readings and /v1/stations over real HTTP on loopback: a mixed batch answered with counts
// per reason and the indices of refused items, duplicates idempotent, values stored in
// canonical units, daily aggregates, scopes, limits, malformed bodies, retention.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "node_fixture.h"
#include "store/store.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;
using store::Scope;

constexpr int64_t kDayMs = 86400000;

std::string Iso(int64_t ms) {
  const time_t s = static_cast<time_t>(ms / 1000);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&s));
  return buf;
}

std::string Date(int64_t ms) { return Iso(ms).substr(0, 10); }

Json Reading(const std::string& station, const std::string& sensor, int64_t ms, Json value,
             const std::string& unit) {
  return {{"station", station}, {"sensor", sensor}, {"time", Iso(ms)}, {"value", value},
          {"unit", unit}};
}

class ReadingsApiTest : public NodeTest {
 protected:
  // Yesterday noon UTC: inside the default query windows and safely in the past.
  int64_t base_ = (store::NowMs() / kDayMs - 1) * kDayMs + 12 * 3600000;
};

TEST_F(ReadingsApiTest, MixedBatchIsCountedPerReasonAndDuplicatesAreIdempotent) {
  const int64_t now = store::NowMs();
  Json batch = {{"readings",
                 {
                     Reading("st1", "air_temperature", base_, 68, "F"),                 // 0 ok
                     Reading("st1", "air_temperature", base_ + 600000, 21.5, "C"),      // 1 ok
                     Reading("st1", "wind_speed", base_, 36, "km/h"),                   // 2 ok
                     Reading("st1", "air_temperature", base_ + 1200000, "NaN", "C"),    // 3
                     Reading("st1", "air_temperature", now + kDayMs, 20, "C"),          // 4
                     Reading("st1", "air_temperature", 3600000, 20, "C"),               // 5 1970
                     Reading("st1", "air_temperature", base_ + 1800000, 20, "mm"),      // 6
                     Reading("st1", "rainfall", base_, 2, "gallons"),                   // 7
                     {{"station", "st1"}, {"sensor", "rainfall"}, {"unit", "mm"}},      // 8
                     {{"station", "st1"}, {"sensor", "rainfall"}, {"time", "yesterday"},
                      {"value", 1}, {"unit", "mm"}},                                    // 9
                     Reading("st1", "relative_humidity", base_, 140, "%"),              // 10
                     Reading("st 1", "rainfall", base_, 1, "mm"),                       // 11
                     Reading("st1", "air_temperature", base_, 30, "C"),                 // 12 dup
                     Reading("st1", "air_temperature", base_ + 2400000, "-Inf", "C"),   // 13
                     "not an object",                                                   // 14
                 }}};
  Reply r = Post("/v1/readings", batch, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["received"], 15);
  EXPECT_EQ(r.json["accepted"], 3);
  EXPECT_EQ(r.json["duplicates"], 1);
  EXPECT_EQ(r.json["rejected"], 11);
  const Json& reasons = r.json["rejections"];
  EXPECT_EQ(reasons["not_finite"], 2);
  EXPECT_EQ(reasons["future_time"], 1);
  EXPECT_EQ(reasons["too_old"], 1);
  EXPECT_EQ(reasons["wrong_unit"], 1);
  EXPECT_EQ(reasons["unknown_unit"], 1);
  EXPECT_EQ(reasons["malformed"], 2);
  EXPECT_EQ(reasons["bad_time"], 1);
  EXPECT_EQ(reasons["out_of_range"], 1);
  EXPECT_EQ(reasons["bad_station"], 1);
  std::vector<std::pair<int, std::string>> items;
  for (const Json& it : r.json["rejected_items"]) {
    items.emplace_back(it["index"].get<int>(), it["reason"].get<std::string>());
  }
  EXPECT_THAT(items, ::testing::ElementsAre(
                         std::make_pair(3, std::string("not_finite")),
                         std::make_pair(4, std::string("future_time")),
                         std::make_pair(5, std::string("too_old")),
                         std::make_pair(6, std::string("wrong_unit")),
                         std::make_pair(7, std::string("unknown_unit")),
                         std::make_pair(8, std::string("malformed")),
                         std::make_pair(9, std::string("bad_time")),
                         std::make_pair(10, std::string("out_of_range")),
                         std::make_pair(11, std::string("bad_station")),
                         std::make_pair(13, std::string("not_finite")),
                         std::make_pair(14, std::string("malformed"))));

  // The same batch again: every stored reading is a duplicate, nothing new is stored.
  Reply again = Post("/v1/readings", batch, Scope::kWrite);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["accepted"], 0);
  EXPECT_EQ(again.json["duplicates"], 4);
  EXPECT_EQ(again.json["rejected"], 11);

  // Stored in canonical units: 68 °F = 20 °C, 36 km/h = 10 m/s; the first of two values kept.
  Reply raw = Get("/v1/stations/st1/readings?sensor=air_temperature&from=" + Iso(base_ - 1000) +
                      "&to=" + Iso(base_ + 3600000),
                  Scope::kRead);
  ASSERT_EQ(raw.status, 200) << raw.body;
  ASSERT_EQ(raw.json["readings"].size(), 2u);
  EXPECT_NEAR(raw.json["readings"][0]["value"].get<double>(), 20.0, 1e-9);
  EXPECT_EQ(raw.json["readings"][0]["time_ms"], base_);
  EXPECT_EQ(raw.json["readings"][1]["value"], 21.5);
  EXPECT_EQ(raw.json["truncated"], false);
  Reply wind = Get("/v1/stations/st1/readings?sensor=wind_speed&from=" + Iso(base_), Scope::kRead);
  ASSERT_EQ(wind.status, 200) << wind.body;
  ASSERT_EQ(wind.json["readings"].size(), 1u);
  EXPECT_NEAR(wind.json["readings"][0]["value"].get<double>(), 10.0, 1e-9);

  Reply daily = Get("/v1/stations/st1/daily?sensor=air_temperature&from=" + Date(base_) +
                        "&to=" + Date(base_),
                    Scope::kRead);
  ASSERT_EQ(daily.status, 200) << daily.body;
  ASSERT_EQ(daily.json["days"].size(), 1u);
  const Json& d = daily.json["days"][0];
  EXPECT_EQ(d["date"], Date(base_));
  EXPECT_EQ(d["count"], 2);
  EXPECT_NEAR(d["min"].get<double>(), 20, 1e-9);
  EXPECT_EQ(d["max"], 21.5);
  EXPECT_NEAR(d["mean"].get<double>(), 20.75, 1e-9);
  EXPECT_EQ(d["unit"], "C");

  // Rejections persisted: two batches' worth.
  Reply rej = Get("/v1/readings/rejections", Scope::kRead);
  ASSERT_EQ(rej.status, 200) << rej.body;
  EXPECT_EQ(rej.json["total"], 22);
  EXPECT_EQ(rej.json["by_reason"]["not_finite"], 4);
  EXPECT_EQ(rej.json["by_reason"]["bad_station"], 2);

  Reply stations = Get("/v1/stations", Scope::kRead);
  ASSERT_EQ(stations.status, 200) << stations.body;
  ASSERT_EQ(stations.json["stations"].size(), 1u);
  const Json& st = stations.json["stations"][0];
  EXPECT_EQ(st["id"], "st1");
  ASSERT_EQ(st["sensors"].size(), 2u);
  EXPECT_EQ(st["sensors"][0]["name"], "air_temperature");
  EXPECT_EQ(st["sensors"][0]["readings"], 2);
  EXPECT_EQ(st["sensors"][0]["last_time"], Iso(base_ + 600000));
  EXPECT_EQ(st["sensors"][1]["name"], "wind_speed");
  EXPECT_EQ(st["sensors"][1]["unit"], "m/s");
}

// A reading's unit is required over HTTP: a blank one is refused as malformed rather than read
// as the canonical unit (50 sent in °F would be stored as 50 °C).
TEST_F(ReadingsApiTest, ABlankUnitIsRefusedNotReadAsCanonical) {
  Json batch = {{"readings",
                 {Reading("st1", "air_temperature", base_, 50, ""),
                  Reading("st1", "air_temperature", base_ + 60000, 50, "  "),
                  Reading("st1", "air_temperature", base_ + 120000, 50, "F")}}};
  Reply r = Post("/v1/readings", batch, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_EQ(r.json["rejected"], 2);
  EXPECT_EQ(r.json["rejections"]["malformed"], 2) << r.body;
  Reply raw = Get("/v1/stations/st1/readings?sensor=air_temperature&from=" + Iso(base_ - 1000) +
                      "&to=" + Iso(base_ + 3600000),
                  Scope::kRead);
  ASSERT_EQ(raw.status, 200) << raw.body;
  ASSERT_EQ(raw.json["readings"].size(), 1u) << raw.body;
  EXPECT_NEAR(raw.json["readings"][0]["value"].get<double>(), 10.0, 1e-9);  // 50 °F
}

TEST_F(ReadingsApiTest, ScopesAreEnforced) {
  Json batch = {{"readings", {Reading("st1", "rainfall", base_, 1, "mm")}}};
  Reply r = Post("/v1/readings", batch, Scope::kRead);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "permission_denied");
  r = Call(port_, "POST", "/v1/readings", batch.dump());
  EXPECT_EQ(r.status, 401);
  r = Call(port_, "GET", "/v1/stations");
  EXPECT_EQ(r.status, 401);
  r = Call(port_, "PUT", "/v1/stations/st1", "{}", Key(Scope::kRead));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Post("/v1/readings", batch, Scope::kWrite).status, 200);
  EXPECT_EQ(Get("/v1/stations", Scope::kRead).status, 200);
}

TEST_F(ReadingsApiTest, MalformedBodiesAreRefusedWholeWithJsonErrors) {
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string message;
  };
  const Case cases[] = {
      {"", 400, "invalid_argument", "empty"},
      {"{\"readings\": [", 400, "invalid_argument", ""},
      {"[1, 2]", 400, "invalid_argument", "object"},
      {"{\"rows\": []}", 400, "invalid_argument", "missing field \"readings\""},
      {"{\"readings\": {}}", 400, "invalid_argument", "expected an array"},
      {"{\"readings\": [{\"value\": NaN}]}", 400, "invalid_argument", ""},
      {"{\"readings\": [\xff]}", 400, "invalid_argument", "UTF-8"},
      // A number past double's range (fuzz corpus crash-number-overflow-1e400): was a 500.
      {"{\"readings\": [{\"value\": 1e400}]}", 400, "invalid_argument",
       "number overflow parsing '1e400'"},
  };
  for (const Case& c : cases) {
    Reply r = Post("/v1/readings", c.body, Scope::kWrite);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(r.error_code(), c.code) << c.body;
    EXPECT_THAT(r.error_message(), HasSubstr(c.message)) << c.body;
  }
  // Nothing was stored or counted by whole-body errors.
  Reply rej = Get("/v1/readings/rejections", Scope::kRead);
  EXPECT_EQ(rej.json["total"], 0);
}

TEST_F(ReadingsApiTest, StationMetadataAndQueries) {
  Reply put = Call(port_, "PUT", "/v1/stations/kisumu-1",
                   R"({"name": "Kisumu demo plot", "site": "lakeside", "lat_deg": -0.09,
                       "lon_deg": 34.77, "elevation_m": 1131, "utc_offset_min": 180})",
                   Key(Scope::kWrite));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json["elevation_m"], 1131);
  EXPECT_EQ(put.json["sensors"].size(), 0u);
  // 22:30Z is 01:30 the next day in UTC+3: the daily row is dated by local time.
  const int64_t late = base_ + 10 * 3600000 + 1800000;
  Json batch = {{"readings", {Reading("kisumu-1", "air_temperature", late, 18, "C")}}};
  ASSERT_EQ(Post("/v1/readings", batch, Scope::kWrite).json["accepted"], 1);
  Reply daily = Get("/v1/stations/kisumu-1/daily?from=" + Date(base_) + "&to=" +
                        Date(base_ + kDayMs),
                    Scope::kRead);
  ASSERT_EQ(daily.status, 200) << daily.body;
  ASSERT_EQ(daily.json["days"].size(), 1u);
  EXPECT_EQ(daily.json["days"][0]["date"], Date(base_ + kDayMs));
  // A partial update keeps other fields; the offset is now fixed.
  put = Call(port_, "PUT", "/v1/stations/kisumu-1", R"({"name": "Plot 1"})", Key(Scope::kWrite));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json["site"], "lakeside");
  EXPECT_EQ(put.json["utc_offset_min"], 180);
  put = Call(port_, "PUT", "/v1/stations/kisumu-1", R"({"utc_offset_min": 0})",
             Key(Scope::kWrite));
  EXPECT_EQ(put.status, 409) << put.body;
  EXPECT_EQ(put.error_code(), "failed_precondition");
  put = Call(port_, "PUT", "/v1/stations/kisumu-1", R"({"lat_deg": 91})", Key(Scope::kWrite));
  EXPECT_EQ(put.status, 400) << put.body;
  EXPECT_THAT(put.error_message(), HasSubstr("lat_deg"));

  Reply one = Get("/v1/stations/kisumu-1", Scope::kRead);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json["name"], "Plot 1");
  EXPECT_EQ(one.json["sensors"][0]["name"], "air_temperature");

  EXPECT_EQ(Get("/v1/stations/nowhere", Scope::kRead).status, 404);
  EXPECT_EQ(Get("/v1/stations/nowhere/readings", Scope::kRead).error_code(), "not_found");
  Reply bad = Get("/v1/stations/kisumu-1/readings?sensor=rainfall", Scope::kRead);
  EXPECT_EQ(bad.status, 404);
  EXPECT_THAT(bad.error_message(), HasSubstr("no sensor \"rainfall\""));
  bad = Get("/v1/stations/kisumu-1/readings?from=last+week", Scope::kRead);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.error_message(), HasSubstr("from"));
  bad = Get("/v1/stations/kisumu-1/readings?limit=0", Scope::kRead);
  EXPECT_EQ(bad.status, 400);
  bad = Get("/v1/stations/kisumu-1/daily?from=2024-02-30", Scope::kRead);
  EXPECT_EQ(bad.status, 400);
  bad = Get("/v1/stations/_x/readings", Scope::kRead);
  EXPECT_EQ(bad.status, 400);
  // limit cuts the answer and says so.
  batch = {{"readings",
            {Reading("kisumu-1", "air_temperature", late + 60000, 18.5, "C"),
             Reading("kisumu-1", "air_temperature", late + 120000, 19, "C")}}};
  ASSERT_EQ(Post("/v1/readings", batch, Scope::kWrite).json["accepted"], 2);
  Reply cut = Get("/v1/stations/kisumu-1/readings?limit=2&from=" + Iso(base_), Scope::kRead);
  ASSERT_EQ(cut.status, 200) << cut.body;
  EXPECT_EQ(cut.json["readings"].size(), 2u);
  EXPECT_EQ(cut.json["truncated"], true);
}

class ReadingsLimitsTest : public ReadingsApiTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    ReadingsApiTest::SetUp();
    options_.max_readings_per_batch = 5;
    options_.readings_retention_days = 30;
    Start();
  }
};

TEST_F(ReadingsLimitsTest, OversizedBatchIs413) {
  Json batch = {{"readings", Json::array()}};
  for (int i = 0; i < 6; ++i) {
    batch["readings"].push_back(Reading("st1", "rainfall", base_ + i * 1000, 0, "mm"));
  }
  Reply r = Post("/v1/readings", batch, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.error_code(), "resource_exhausted");
  EXPECT_THAT(r.error_message(), HasSubstr("the limit is 5"));
  batch["readings"].erase(5);
  EXPECT_EQ(Post("/v1/readings", batch, Scope::kWrite).json["accepted"], 5);
}

TEST_F(ReadingsLimitsTest, ReadingsOlderThanTheRetentionWindowAreExpiredNotStored) {
  // 40 days old under a 30-day retention: refused as expired, not answered as accepted and
  // then deleted by the prune of the same request.
  const int64_t old = base_ - 40 * kDayMs;
  Json batch = {{"readings",
                 {Reading("st1", "rainfall", old, 4, "mm"), Reading("st1", "rainfall", old + 60000, 6, "mm"),
                  Reading("st1", "rainfall", base_, 1, "mm")}}};
  Reply r = Post("/v1/readings", batch, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["received"], 3);
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_EQ(r.json["rejected"], 2);
  EXPECT_EQ(r.json["rejections"]["expired"], 2);
  EXPECT_EQ(r.json["rejected_items"][0]["reason"], "expired");
  Reply raw = Get("/v1/stations/st1/readings?from=" + Iso(old - kDayMs), Scope::kRead);
  ASSERT_EQ(raw.status, 200) << raw.body;
  ASSERT_EQ(raw.json["readings"].size(), 1u);
  EXPECT_EQ(raw.json["readings"][0]["time_ms"], base_);
  Reply daily = Get("/v1/stations/st1/daily?from=" + Date(old) + "&to=" + Date(old),
                    Scope::kRead);
  ASSERT_EQ(daily.status, 200) << daily.body;
  EXPECT_TRUE(daily.json["days"].empty()) << daily.body;
}

// The node reads the time from NodeOptions::clock for the future-time check, the default
// query window and retention, so a test moves time instead of waiting for it.
class ReadingsClockTest : public ReadingsApiTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    ReadingsApiTest::SetUp();
    options_.clock = &clock_;
    options_.readings_retention_days = 30;
    Start();
  }
  static constexpr int64_t kNoon = 1741608000000;  // 2025-03-10T12:00:00Z
  static constexpr int64_t kHourMs = 3600000;
  ManualClock clock_{kNoon, 0};  // outlives the node: NodeTest::TearDown stops it
};

TEST_F(ReadingsClockTest, FutureCheckQueryWindowAndRetentionFollowTheNodeClock) {
  Json batch = {{"readings",
                 {Reading("st1", "rainfall", kNoon - kHourMs, 1, "mm"),
                  Reading("st1", "rainfall", kNoon + kHourMs, 2, "mm")}}};
  Reply r = Post("/v1/readings", batch, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_EQ(r.json["rejections"]["future_time"], 1);
  // The default window is the day before the node's now (March 2025), not the host's.
  Reply window = Get("/v1/stations/st1/readings", Scope::kRead);
  ASSERT_EQ(window.status, 200) << window.body;
  ASSERT_EQ(window.json["readings"].size(), 1u);
  EXPECT_EQ(window.json["readings"][0]["time_ms"], kNoon - kHourMs);

  // Two hours later the reading stamped one hour ahead is in the past, and accepted.
  clock_.AdvanceMs(2 * kHourMs);
  r = Post("/v1/readings", Json{{"readings", {batch["readings"][1]}}}, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 1);

  // Forty days on, the next ingest prunes raw readings past the 30-day retention.
  clock_.AdvanceMs(40 * kDayMs);
  const int64_t later = clock_.NowMs() - kHourMs;
  r = Post("/v1/readings", Json{{"readings", {Reading("st1", "rainfall", later, 3, "mm")}}},
           Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 1);
  Reply all = Get("/v1/stations/st1/readings?from=" + Iso(kNoon - kDayMs), Scope::kRead);
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.json["readings"].size(), 1u);
  EXPECT_EQ(all.json["readings"][0]["time_ms"], later);
  // The pruned day's aggregate stays, and a late copy of a pruned reading is expired, not
  // counted twice.
  const std::string day = Date(kNoon);
  Reply daily = Get("/v1/stations/st1/daily?from=" + day + "&to=" + day, Scope::kRead);
  ASSERT_EQ(daily.status, 200) << daily.body;
  ASSERT_EQ(daily.json["days"].size(), 1u) << daily.body;
  EXPECT_EQ(daily.json["days"][0]["sum"], 3);
  EXPECT_EQ(daily.json["days"][0]["count"], 2);
  r = Post("/v1/readings", Json{{"readings", {batch["readings"][0]}}}, Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 0);
  EXPECT_EQ(r.json["rejections"]["expired"], 1);
  daily = Get("/v1/stations/st1/daily?from=" + day + "&to=" + day, Scope::kRead);
  EXPECT_EQ(daily.json["days"][0]["count"], 2);
}

// A full disk, made real with a database size cap (NodeOptions::max_db_bytes, SQLite's
// max_page_count): the write past it is answered 503 with Retry-After, the node keeps
// serving, and every reading acknowledged before it is still stored.
class ReadingsDiskFullTest : public ReadingsApiTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    ReadingsApiTest::SetUp();
    options_.max_db_bytes = 1 << 20;
    Start();
  }
};

TEST_F(ReadingsDiskFullTest, WritesPastTheCapAre503AndStoredReadingsStay) {
  constexpr int kBatch = 2000;
  int64_t acknowledged = 0, k = 0;
  Reply full;
  for (int b = 0; b < 200 && full.status == 0; ++b) {
    Json items = Json::array();
    for (int i = 0; i < kBatch; ++i, ++k) {
      items.push_back({{"station", "st1"}, {"sensor", "rainfall"},
                       {"time_ms", base_ - k * 60000}, {"value", 1}, {"unit", "mm"}});
    }
    Reply r = Post("/v1/readings", Json{{"readings", items}}, Scope::kWrite);
    if (r.status == 200) {
      ASSERT_EQ(r.json["accepted"], kBatch) << r.body;
      acknowledged += kBatch;
    } else {
      full = r;
    }
  }
  ASSERT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(full.error_code(), "unavailable");
  EXPECT_THAT(full.error_message(), HasSubstr("full"));
  auto retry = full.headers.find("Retry-After");
  ASSERT_NE(retry, full.headers.end());
  EXPECT_EQ(retry->second, "1");
  EXPECT_GT(acknowledged, 0) << "the cap left no room for even one batch";

  EXPECT_EQ(Call(port_, "GET", "/healthz").status, 200);
  Reply stored = Get("/v1/stations/st1/readings?from=" + Iso(base_ - k * 60000) + "&to=" +
                         Iso(base_ + 60000),  // `to` is exclusive, in whole seconds
                     Scope::kRead);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(static_cast<int64_t>(stored.json["readings"].size()), acknowledged);
}

// Many clients at once, over real HTTP: group commit merges their batches, yet each answer
// counts its own batch. Batch (round r, client c) holds readings k = (r * (kClients + 1) + c)
// * kHalf ... + 2 kHalf - 1, so its first half is client c-1's second half (each half is then
// wholly new or wholly duplicate, whatever the commit order), plus one NaN item at index c.
TEST_F(ReadingsApiTest, ConcurrentOverlappingBatchesAreStoredOnceAndCountedPerBatch) {
  constexpr int kClients = 6, kRounds = 12, kHalf = 40;
  const int64_t t0 = (store::NowMs() / kDayMs - 40) * kDayMs;
  auto value_of = [](int64_t k) { return static_cast<double>(k % 41) / 2 - 3; };
  std::atomic<int64_t> accepted{0}, duplicates{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int r = 0; r < kRounds; ++r) {
        const int64_t first = (static_cast<int64_t>(r) * (kClients + 1) + c) * kHalf;
        Json items = Json::array();
        for (int64_t k = first; k < first + 2 * kHalf; ++k) {
          items.push_back({{"station", "st1"}, {"sensor", "air_temperature"},
                           {"time_ms", t0 + k * 600000}, {"value", value_of(k)}, {"unit", "C"}});
        }
        items.insert(items.begin() + c, Reading("st1", "air_temperature", t0, "NaN", "C"));
        Reply rep = Call(port_, "POST", "/v1/readings", Json{{"readings", items}}.dump(),
                         Key(Scope::kWrite));
        ASSERT_EQ(rep.status, 200) << rep.body;
        EXPECT_EQ(rep.json["received"], 2 * kHalf + 1);
        const int64_t a = rep.json["accepted"], d = rep.json["duplicates"];
        EXPECT_EQ(a + d, 2 * kHalf);
        EXPECT_EQ(d % kHalf, 0) << "client " << c << " round " << r << ": " << rep.body;
        EXPECT_EQ(rep.json["rejected"], 1);
        EXPECT_EQ(rep.json["rejected_items"],
                  Json::parse("[{\"index\": " + std::to_string(c) +
                              ", \"reason\": \"not_finite\"}]"));
        accepted += a;
        duplicates += d;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  const int64_t distinct = static_cast<int64_t>(kRounds) * (kClients + 1) * kHalf;
  EXPECT_EQ(accepted.load(), distinct);
  EXPECT_EQ(duplicates.load(), static_cast<int64_t>(kRounds) * kClients * 2 * kHalf - distinct);

  const std::string range = "from=" + Iso(t0) + "&to=" + Iso(t0 + 40 * kDayMs);
  Reply raw = Get("/v1/stations/st1/readings?sensor=air_temperature&" + range, Scope::kRead);
  ASSERT_EQ(raw.status, 200) << raw.body.substr(0, 200);
  ASSERT_EQ(static_cast<int64_t>(raw.json["readings"].size()), distinct);
  std::map<std::string, std::pair<int64_t, double>> per_day;  // date -> (count, sum)
  for (const Json& row : raw.json["readings"]) {
    const int64_t t = row["time_ms"];
    EXPECT_EQ(row["value"].get<double>(), value_of((t - t0) / 600000)) << t;
    auto& day = per_day[Date(t)];
    ++day.first;
    day.second += row["value"].get<double>();
  }
  Reply daily = Get("/v1/stations/st1/daily?from=" + Date(t0) + "&to=" + Date(t0 + 40 * kDayMs),
                    Scope::kRead);
  ASSERT_EQ(daily.status, 200) << daily.body.substr(0, 200);
  ASSERT_EQ(daily.json["days"].size(), per_day.size());
  for (const Json& d : daily.json["days"]) {
    const std::string day = d["date"];
    ASSERT_TRUE(per_day.count(day)) << d.dump();
    EXPECT_EQ(d["count"], per_day[day].first) << d.dump();
    EXPECT_NEAR(d["sum"].get<double>(), per_day[day].second, 1e-6) << d.dump();
  }
  // The NaN items were counted, one per batch.
  Reply rejections = Get("/v1/readings/rejections", Scope::kRead);
  EXPECT_EQ(rejections.json["by_reason"]["not_finite"], kRounds * kClients);
}

class ReadingsQueueTest : public ReadingsApiTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    ReadingsApiTest::SetUp();
    options_.readings_max_queued = 10;
    Start();
  }
};

// While a commit waits (another connection holds SQLite's write lock), one batch may queue
// behind it; the next, past readings_max_queued, gets 429 at once and nothing of it is stored.
TEST_F(ReadingsQueueTest, FullCommitQueueIs429WithRetryAfter) {
  auto batch = [&](int b) {
    Json items = Json::array();
    for (int i = 0; i < 6; ++i) items.push_back(Reading("st1", "rainfall", base_ + (b * 10 + i) * 60000, 1, "mm"));
    return Json{{"readings", items}}.dump();
  };
  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(options_.db_path.c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Reply first, second;
  // Waits until the node's commit queue is in the state the next step needs.
  auto queue_reaches = [&](auto ok) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ok(node_->context().store->ReadingsQueueStats())) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  };
  std::thread t1([&] { first = Call(port_, "POST", "/v1/readings", batch(0), Key(Scope::kWrite)); });
  ASSERT_TRUE(queue_reaches([](const store::Store::CommitQueueStats& q) { return q.committing; }));
  std::thread t2([&] { second = Call(port_, "POST", "/v1/readings", batch(1), Key(Scope::kWrite)); });
  ASSERT_TRUE(queue_reaches([](const store::Store::CommitQueueStats& q) { return q.readings == 6; }));
  Reply third = Call(port_, "POST", "/v1/readings", batch(2), Key(Scope::kWrite));
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(third.error_code(), "queue_full");
  EXPECT_THAT(third.error_message(), HasSubstr("retry later"));
  auto retry = third.headers.find("Retry-After");
  ASSERT_NE(retry, third.headers.end());
  EXPECT_EQ(retry->second, "1");
  ASSERT_EQ(sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(lock);
  t1.join();
  t2.join();
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(first.json["accepted"], 6);
  EXPECT_EQ(second.json["accepted"], 6);
  Reply raw = Get("/v1/stations/st1/readings?from=" + Iso(base_ - kDayMs) + "&to=" +
                      Iso(base_ + kDayMs),
                  Scope::kRead);
  EXPECT_EQ(raw.json["readings"].size(), 12u);
  // The queue drained: the refused batch goes in now.
  EXPECT_EQ(Call(port_, "POST", "/v1/readings", batch(2), Key(Scope::kWrite)).json["accepted"], 6);
}

}  // namespace
}  // namespace loka::node
