// Durability of acknowledged readings: clients post batches to a real `loka serve` process,
// which is SIGKILLed at a random moment; after a restart every reading whose batch was
// acknowledged (HTTP 200) is stored with its value, the daily aggregates equal the raw rows,
// and the node ingests again.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "node_fixture.h"
#include "store/store.h"

extern char** environ;

namespace loka::node {
namespace {

const std::string kLoka = std::string(LOKA_BINARY_DIR) + "/loka";
constexpr int kPerBatch = 250;
constexpr int64_t kStepMs = 60000;

// `loka serve --db DB --listen 127.0.0.1:0`; the port is read from its ready line.
class Serve {
 public:
  explicit Serve(const std::string& db) {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::vector<std::string> args = {kLoka, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                     "--threads", "8"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, kLoka.c_str(), &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512];
    if (pid_ > 0 && f != nullptr && std::fgets(line, sizeof(line), f) != nullptr) {
      const std::string ready = line;
      const size_t at = ready.find("127.0.0.1:");
      if (at != std::string::npos) port_ = std::atoi(ready.c_str() + at + 10);
    }
    if (f != nullptr) std::fclose(f);
  }
  ~Serve() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string AddKey(const std::string& db) {
  Result<store::Store> st = store::Store::Open(db);
  if (!st.ok()) return "";
  Result<std::string> key = st->AddKey(store::Scope::kWrite, "durability test");
  return key.ok() ? *key : "";
}

double ValueOf(int client, int64_t batch, int i) { return client * 10 + (batch * 7 + i) % 97 / 10.0; }

TEST(ReadingsProcessTest, SigkillKeepsEveryAcknowledgedReadingAndAggregatesAgree) {
  TempDir dir;
  const std::string db = dir.File("sense.db");
  const std::string key = AddKey(db);
  ASSERT_FALSE(key.empty());
  const int64_t t0 = (store::NowMs() / 86400000 - 30) * 86400000;
  std::mt19937 rng(2024);
  // Acknowledged batches per client station, across every round.
  std::map<int, std::vector<int64_t>> acked;
  std::mutex mu;
  std::map<int, int64_t> next_batch;
  for (int round = 0; round < 3; ++round) {
    Serve serve(db);
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
    serve.Kill();
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
  Serve again(db);
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
