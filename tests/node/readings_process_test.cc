// Durability of acknowledged readings: clients post batches to a real `loka serve` process,
// which is SIGKILLed at a random moment; after a restart every reading whose batch was
// acknowledged (HTTP 200) is stored with its value, the daily aggregates equal the raw rows,
// and the node ingests again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "node_fixture.h"
#include "serve_process.h"
#include "store/store.h"

namespace loka::node {
namespace {

constexpr int kPerBatch = 250;
constexpr int64_t kStepMs = 60000;

double ValueOf(int client, int64_t batch, int i) { return client * 10 + (batch * 7 + i) % 97 / 10.0; }

TEST(ReadingsProcessTest, SigkillKeepsEveryAcknowledgedReadingAndAggregatesAgree) {
  TempDir dir;
  const std::string db = dir.File("sense.db");
  const std::string key = AddKey(db, store::Scope::kWrite);
  ASSERT_FALSE(key.empty());
  const int64_t t0 = (store::NowMs() / 86400000 - 30) * 86400000;
  std::mt19937 rng(2024);
  // Acknowledged batches per client station, across every round.
  std::map<int, std::vector<int64_t>> acked;
  std::mutex mu;
  std::map<int, int64_t> next_batch;
  for (int round = 0; round < 3; ++round) {
    ServeProcess serve(db);
    ASSERT_GT(serve.port(), 0);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 2; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client cli("127.0.0.1", serve.port());
        cli.set_read_timeout(10, 0);
        const httplib::Headers h = {{"Authorization", "Bearer " + key}};
        int64_t batch;
        {
          std::lock_guard<std::mutex> lock(mu);
          batch = next_batch[c];
        }
        while (!stop) {
          Json readings = Json::array();
          for (int i = 0; i < kPerBatch; ++i) {
            readings.push_back({{"station", "dur" + std::to_string(c)},
                                {"sensor", "air_temperature"},
                                {"time_ms", t0 + (batch * kPerBatch + i) * kStepMs},
                                {"value", ValueOf(c, batch, i)},
                                {"unit", "C"}});
          }
          auto res = cli.Post("/v1/readings", h, Json{{"readings", readings}}.dump(),
                              "application/json");
          if (res && res->status == 200) {
            Json j = Json::parse(res->body, nullptr, false);
            if (!j.is_discarded() && j["accepted"] == kPerBatch) {
              std::lock_guard<std::mutex> lock(mu);
              acked[c].push_back(batch);
            }
          }
          if (!res) break;  // the node is gone
          ++batch;
        }
        std::lock_guard<std::mutex> lock(mu);
        next_batch[c] = batch + 1;  // an unacknowledged batch may or may not be stored
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 700));
    serve.Signal(SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(acked[0].size() + acked[1].size(), 3u) << "no batch was acknowledged";

  // After the kills: every acknowledged reading is there with its value.
  Result<store::Store> st = store::Store::Open(db);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  ASSERT_TRUE(st->CheckIntegrity().ok());
  for (int c = 0; c < 2; ++c) {
    const std::string station = "dur" + std::to_string(c);
    Result<std::vector<store::StoredReading>> rows =
        st->ReadingsInRange(station, "air_temperature", 0, store::NowMs() + 86400000, 10000000);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    std::map<int64_t, double> stored;
    for (const auto& r : *rows) stored[r.time_ms] = r.value;
    for (int64_t b : acked[c]) {
      for (int i = 0; i < kPerBatch; ++i) {
        auto it = stored.find(t0 + (b * kPerBatch + i) * kStepMs);
        ASSERT_NE(it, stored.end()) << station << " batch " << b << " reading " << i;
        EXPECT_EQ(it->second, ValueOf(c, b, i));
      }
    }
    // Aggregates agree with the raw rows, day by day.
    std::map<int64_t, std::pair<int64_t, double>> per_day;  // day -> (count, sum)
    for (const auto& [t, v] : stored) {
      auto& d = per_day[t / 86400000];
      ++d.first;
      d.second += v;
    }
    Result<std::vector<store::DailyAggregate>> daily =
        st->DailyInRange(station, "", 0, 1000000);
    ASSERT_TRUE(daily.ok());
    ASSERT_EQ(daily->size(), per_day.size()) << station;
    for (const auto& d : *daily) {
      ASSERT_EQ(d.count, per_day[d.day].first) << station << " day " << d.day;
      EXPECT_NEAR(d.sum, per_day[d.day].second, 1e-6) << station << " day " << d.day;
    }
  }
  // And the node serves and ingests after the last kill.
  st = Result<store::Store>(InvalidArgument("closed"));
  ServeProcess again(db);
  ASSERT_GT(again.port(), 0);
  Json one = {{"readings",
               {{{"station", "dur0"}, {"sensor", "rainfall"}, {"time_ms", t0}, {"value", 1},
                 {"unit", "mm"}}}}};
  Reply r = Call(again.port(), "POST", "/v1/readings", one.dump(), key);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["accepted"], 1);
}

}  // namespace
}  // namespace loka::node
