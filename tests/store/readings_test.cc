// Readings in SQLite: batches with duplicates and late arrivals, daily aggregates equal to the
// raw rows (checked against an independent SQL recomputation), range queries, rejection
// counters, station metadata, the retention policy, a batch that fails as a whole, and group
// commit: concurrent batches merged into one transaction yet reported one by one, a failed
// group retried batch by batch, and a full commit queue.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "store/store.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kT0 = 1717200000000;  // 2024-06-01T00:00:00Z, day 19875

ReadingRow Row(std::string_view station, std::string_view sensor, int64_t t, double v) {
  // Kind is the sensor name up to '.', as agri::KindOfSensor reads it.
  const std::string_view kind = sensor.substr(0, sensor.find('.'));
  return {station, sensor, kind, kind == "air_temperature" ? "C" : "%", t, v};
}

// The daily aggregates recomputed from the raw rows with plain SQL, keyed by (sensor, day).
struct Agg {
  double min, max, sum;
  int64_t count;
};
std::map<std::pair<std::string, int64_t>, Agg> RecomputeDaily(const std::string& path,
                                                              int utc_offset_min = 0) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  const std::string sql =
      "SELECT s.name, (r.time_ms + " + std::to_string(utc_offset_min * 60000LL) +
      ") / 86400000, MIN(value), MAX(value), SUM(value), COUNT(*) FROM readings r "
      "JOIN sensors s ON s.id = r.sensor_id GROUP BY 1, 2";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::map<std::pair<std::string, int64_t>, Agg> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out[{reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1)}] =
        {sqlite3_column_double(st, 2), sqlite3_column_double(st, 3), sqlite3_column_double(st, 4),
         sqlite3_column_int64(st, 5)};
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void ExpectAggregatesMatchRaw(Store& s, const std::string& path, const std::string& station,
                              int utc_offset_min = 0) {
  auto want = RecomputeDaily(path, utc_offset_min);
  Result<std::vector<DailyAggregate>> got = s.DailyInRange(station, "", -100000, 100000);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), want.size());
  for (const DailyAggregate& d : *got) {
    auto it = want.find({d.sensor, d.day});
    ASSERT_NE(it, want.end()) << d.sensor << " day " << d.day;
    EXPECT_EQ(d.count, it->second.count) << d.sensor << " day " << d.day;
    EXPECT_EQ(d.min, it->second.min);
    EXPECT_EQ(d.max, it->second.max);
    EXPECT_NEAR(d.sum, it->second.sum, 1e-9 * std::max(1.0, std::fabs(it->second.sum)));
  }
}

class ReadingsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("r.db");
    Result<Store> s = Store::Open(path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<Store>(std::move(s).value());
  }
  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(ReadingsStoreTest, BatchDuplicatesAndLateArrivals) {
  std::vector<ReadingRow> batch = {
      Row("st1", "air_temperature", kT0 + 3600000, 20),
      Row("st1", "air_temperature", kT0 + 7200000, 24),
      Row("st1", "relative_humidity", kT0 + 3600000, 60),
      Row("st1", "air_temperature", kT0 + 3600000, 99),  // duplicate within the batch
  };
  Result<InsertReport> r = store_->InsertReadings(batch, "farm", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted, 3);
  EXPECT_EQ(r->duplicates, 1);
  EXPECT_EQ(r->expired, 0);
  EXPECT_THAT(r->outcomes, ::testing::ElementsAre(InsertOutcome::kInserted,
                                                  InsertOutcome::kInserted,
                                                  InsertOutcome::kInserted,
                                                  InsertOutcome::kDuplicate));
  // The same batch again: all duplicates, aggregates unchanged.
  r = store_->InsertReadings(batch, "farm", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inserted, 0);
  EXPECT_EQ(r->duplicates, 4);
  // A late reading, earlier than everything stored, into the same day.
  r = store_->InsertReadings({Row("st1", "air_temperature", kT0 + 60000, 12.5)}, "farm", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inserted, 1);

  Result<std::vector<DailyAggregate>> daily =
      store_->DailyInRange("st1", "air_temperature", 19875, 19875);
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  ASSERT_EQ(daily->size(), 1u);
  EXPECT_EQ((*daily)[0].count, 3);
  EXPECT_EQ((*daily)[0].min, 12.5);
  EXPECT_EQ((*daily)[0].max, 24);
  EXPECT_DOUBLE_EQ((*daily)[0].sum, 56.5);  // 20 + 24 + 12.5: the first value of a duplicate
  EXPECT_EQ((*daily)[0].kind, "air_temperature");
  EXPECT_EQ((*daily)[0].unit, "C");

  Result<std::vector<StoredReading>> raw =
      store_->ReadingsInRange("st1", "air_temperature", kT0, kT0 + kDay, 100);
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->size(), 3u);
  EXPECT_EQ((*raw)[0].time_ms, kT0 + 60000);  // ordered by time, not arrival
  EXPECT_EQ((*raw)[1].value, 20);           // first value kept
  ExpectAggregatesMatchRaw(*store_, path_, "st1");

  Result<StationInfo> st = store_->GetStation("st1");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->site, "farm");
  Result<std::vector<SensorInfo>> sensors = store_->ListSensors("st1");
  ASSERT_TRUE(sensors.ok());
  ASSERT_EQ(sensors->size(), 2u);
  EXPECT_EQ((*sensors)[0].name, "air_temperature");
  EXPECT_EQ((*sensors)[0].readings, 3);
  EXPECT_EQ((*sensors)[0].last_time_ms, kT0 + 7200000);
  EXPECT_EQ((*sensors)[1].name, "relative_humidity");
}

TEST_F(ReadingsStoreTest, RandomOrderWithRepeatsKeepsAggregatesEqualToRawRows) {
  std::mt19937 rng(7);
  std::vector<std::pair<int64_t, double>> all;
  for (int i = 0; i < 3000; ++i) {
    all.push_back({kT0 + static_cast<int64_t>(i) * 600000, std::uniform_real_distribution<>(-5, 40)(rng)});
  }
  // Shuffle, then send in batches of 100 with every tenth reading sent twice.
  std::shuffle(all.begin(), all.end(), rng);
  int64_t inserted = 0, duplicates = 0;
  for (size_t start = 0; start < all.size(); start += 100) {
    std::vector<ReadingRow> batch;
    for (size_t i = start; i < std::min(all.size(), start + 100); ++i) {
      batch.push_back(Row("st2", "air_temperature", all[i].first, all[i].second));
      if (i % 10 == 0) batch.push_back(Row("st2", "air_temperature", all[i].first, 0));
    }
    Result<InsertReport> r = store_->InsertReadings(batch, "", {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    inserted += r->inserted;
    duplicates += r->duplicates;
  }
  EXPECT_EQ(inserted, 3000);
  EXPECT_EQ(duplicates, 300);
  ExpectAggregatesMatchRaw(*store_, path_, "st2");
}

TEST_F(ReadingsStoreTest, DaysFollowTheStationsUtcOffset) {
  StationInfo info;
  info.id = "east";
  info.name = "East field";
  info.lat_deg = -1.5;
  info.lon_deg = 36.8;
  info.elevation_m = 1600;
  info.utc_offset_min = 180;
  ASSERT_TRUE(store_->PutStation(info).ok());
  // 22:00Z on 31 May is 01:00 on 1 June in UTC+3.
  ASSERT_TRUE(store_->InsertReadings({Row("east", "air_temperature", kT0 - 7200000, 10)}, "", {})
                  .ok());
  Result<std::vector<DailyAggregate>> d = store_->DailyInRange("east", "", 0, 100000);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].day, 19875);
  ExpectAggregatesMatchRaw(*store_, path_, "east", 180);
  // Now the offset is fixed; other metadata may change.
  info.utc_offset_min = 0;
  Status s = store_->PutStation(info);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), ::testing::HasSubstr("utc_offset_min"));
  info.utc_offset_min = 180;
  info.name = "East field 2";
  ASSERT_TRUE(store_->PutStation(info).ok());
  Result<StationInfo> got = store_->GetStation("east");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "East field 2");
  EXPECT_EQ(got->elevation_m, 1600);
  EXPECT_EQ(got->utc_offset_min, 180);
}

TEST_F(ReadingsStoreTest, QueriesNameWhatIsMissing) {
  ASSERT_TRUE(store_->InsertReadings({Row("st1", "air_temperature", kT0, 1)}, "", {}).ok());
  Result<std::vector<StoredReading>> r = store_->ReadingsInRange("nope", "", 0, kT0 * 2, 10);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("no station \"nope\""));
  r = store_->ReadingsInRange("st1", "rainfall", 0, kT0 * 2, 10);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("no sensor \"rainfall\""));
  EXPECT_EQ(store_->GetStation("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ListSensors("nope").status().code(), StatusCode::kNotFound);
  // Range ends: from inclusive, to exclusive; limit honoured.
  r = store_->ReadingsInRange("st1", "", kT0, kT0 + 1, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
  r = store_->ReadingsInRange("st1", "", kT0 + 1, kT0 + 2, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  r = store_->ReadingsInRange("st1", "", 0, kT0 * 2, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST_F(ReadingsStoreTest, RejectionCountersAccumulate) {
  ASSERT_TRUE(store_->InsertReadings({Row("st1", "air_temperature", kT0, 1)}, "",
                                     {{"st1", "out_of_range", 2, kT0}, {"", "bad_station", 1, kT0}})
                  .ok());
  ASSERT_TRUE(store_->AddRejections({{"st1", "out_of_range", 3, kT0 + 5}}).ok());
  Result<std::vector<RejectionCount>> all = store_->ListRejections();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].station, "");
  EXPECT_EQ((*all)[0].reason, "bad_station");
  EXPECT_EQ((*all)[0].count, 1);
  EXPECT_EQ((*all)[1].reason, "out_of_range");
  EXPECT_EQ((*all)[1].count, 5);
  EXPECT_EQ((*all)[1].last_at_ms, kT0 + 5);
}

TEST_F(ReadingsStoreTest, RetentionDeletesRawRowsKeepsAggregatesAndRefusesLateCopies) {
  std::vector<ReadingRow> batch;
  for (int d = 0; d < 10; ++d) {
    for (int h = 0; h < 24; ++h) {
      batch.push_back(Row("st1", "air_temperature", kT0 + d * kDay + h * 3600000, d + h / 24.0));
    }
  }
  ASSERT_TRUE(store_->InsertReadings(batch, "", {}).ok());
  Result<std::vector<DailyAggregate>> before = store_->DailyInRange("st1", "", 0, 100000);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 10u);

  // Keep the last 3 days of raw rows.
  Result<int64_t> deleted = store_->PruneReadings(kT0 + 7 * kDay);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, 7 * 24);
  Result<std::vector<StoredReading>> raw = store_->ReadingsInRange("st1", "", 0, kT0 * 2, 1000);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 3u * 24);
  EXPECT_EQ(raw->front().time_ms, kT0 + 7 * kDay);
  Result<std::vector<DailyAggregate>> after = store_->DailyInRange("st1", "", 0, 100000);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 10u);
  for (size_t i = 0; i < after->size(); ++i) {
    EXPECT_EQ((*after)[i].count, (*before)[i].count);
    EXPECT_EQ((*after)[i].sum, (*before)[i].sum);
  }
  // A late copy of a pruned reading would be counted twice: it is refused as expired.
  Result<InsertReport> r = store_->InsertReadings(
      {Row("st1", "air_temperature", kT0 + 3600000, 0.04),
       Row("st1", "air_temperature", kT0 + 9 * kDay + 1, 9)},
      "", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->expired, 1);
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->outcomes[0], InsertOutcome::kExpired);
  Result<std::vector<DailyAggregate>> day0 = store_->DailyInRange("st1", "", 19875, 19875);
  ASSERT_TRUE(day0.ok());
  EXPECT_EQ((*day0)[0].count, 24);
  Result<std::vector<RejectionCount>> rej = store_->ListRejections();
  ASSERT_TRUE(rej.ok());
  ASSERT_EQ(rej->size(), 1u);
  EXPECT_EQ((*rej)[0].reason, "expired");
  EXPECT_EQ((*rej)[0].count, 1);
  Result<std::vector<SensorInfo>> sensors = store_->ListSensors("st1");
  ASSERT_TRUE(sensors.ok());
  EXPECT_EQ((*sensors)[0].pruned_before_ms, kT0 + 7 * kDay);
  EXPECT_EQ((*sensors)[0].readings, 241);
  // The cut-off survives reopening the file.
  store_.reset();
  Result<Store> again = Store::Open(path_);
  ASSERT_TRUE(again.ok());
  r = again->InsertReadings({Row("st1", "air_temperature", kT0 + 7200000, 1)}, "", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->expired, 1);
}

TEST_F(ReadingsStoreTest, FailedBatchLeavesNothingBehind) {
  ASSERT_TRUE(store_->InsertReadings({Row("st1", "air_temperature", kT0, 1)}, "", {}).ok());
  // Another connection holds the write lock, so the batch cannot start.
  StoreOptions quick;
  quick.busy_timeout_ms = 50;
  Result<Store> other = Store::Open(path_, quick);
  ASSERT_TRUE(other.ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<InsertReport> r =
      other->InsertReadings({Row("st9", "air_temperature", kT0, 1)}, "", {});
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  EXPECT_EQ(store_->GetStation("st9").status().code(), StatusCode::kNotFound);
  // And the connection that failed works afterwards.
  r = other->InsertReadings({Row("st9", "air_temperature", kT0, 1)}, "", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted, 1);
}

// Holds SQLite's write lock from a connection of its own until Release (or destruction), so
// the store's next transaction waits at BEGIN (up to its busy timeout) and later batches
// queue behind it.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) == SQLITE_OK) {
      held_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
  }
  ~WriteLock() {
    Release();
    sqlite3_close(db_);
  }
  bool held() const { return held_; }
  void Release() {
    if (held_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    held_ = false;
  }
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  bool held_ = false;
};

// Batch (round r, thread t) holds readings k = (r * (kThreads + 1) + t) * kHalf ... + 2 kHalf - 1
// of one sensor, ten minutes apart: its first half is the previous thread's second half.
// Whatever the order of the commits, each half is then wholly new or wholly duplicate.
TEST_F(ReadingsStoreTest, ConcurrentBatchesAreGroupCommittedButReportedOneByOne) {
  constexpr int kThreads = 8, kRounds = 25, kHalf = 50;
  auto value_of = [](int64_t k) { return static_cast<double>(k % 37) - 5.5; };
  std::atomic<int64_t> inserted{0}, duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        const int64_t first = (static_cast<int64_t>(r) * (kThreads + 1) + t) * kHalf;
        std::vector<ReadingRow> rows;
        for (int64_t k = first; k < first + 2 * kHalf; ++k) {
          rows.push_back(Row("st1", "air_temperature", kT0 + k * 600000, value_of(k)));
        }
        Result<InsertReport> rep = store_->InsertReadings(rows, "farm", {});
        ASSERT_TRUE(rep.ok()) << rep.status().ToString();
        ASSERT_EQ(rep->outcomes.size(), rows.size());
        EXPECT_EQ(rep->inserted + rep->duplicates, 2 * kHalf);
        EXPECT_EQ(rep->expired, 0);
        for (int h = 0; h < 2; ++h) {
          for (int i = 1; i < kHalf; ++i) {
            ASSERT_EQ(rep->outcomes[h * kHalf + i], rep->outcomes[h * kHalf])
                << "round " << r << " thread " << t << " half " << h << " item " << i;
          }
        }
        inserted += rep->inserted;
        duplicates += rep->duplicates;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  const int64_t distinct = static_cast<int64_t>(kRounds) * (kThreads + 1) * kHalf;
  EXPECT_EQ(inserted.load(), distinct);
  EXPECT_EQ(duplicates.load(), static_cast<int64_t>(kRounds) * kThreads * 2 * kHalf - distinct);
  Result<std::vector<StoredReading>> rows =
      store_->ReadingsInRange("st1", "air_temperature", 0, kT0 + 1000 * kDay, 10000000);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(static_cast<int64_t>(rows->size()), distinct);
  for (const StoredReading& row : *rows) {
    EXPECT_EQ(row.value, value_of((row.time_ms - kT0) / 600000));
  }
  ExpectAggregatesMatchRaw(*store_, path_, "st1");
  Result<StationInfo> st = store_->GetStation("st1");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->site, "farm");
}

// Waits, for at most 10 s, until the store's group-commit queue satisfies `ok` (another
// thread's batch has reached the point the test needs).
template <typename Pred>
bool WaitForQueue(const Store& store, Pred ok) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ok(store.ReadingsQueueStats())) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A group whose merged transaction fails is retried batch by batch: only the batch that fails
// alone reports the error. The failure is a trigger that refuses one value; a held write lock
// makes the batches queue up into one group.
TEST_F(ReadingsStoreTest, FailedGroupIsRetriedBatchByBatch) {
  {
    WriteLock setup(path_);
    ASSERT_TRUE(setup.held());
    ASSERT_EQ(sqlite3_exec(setup.db(),
                           "CREATE TRIGGER refuse_666 BEFORE INSERT ON readings "
                           "WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'value 666'); END; "
                           "COMMIT",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  WriteLock lock(path_);
  ASSERT_TRUE(lock.held());
  constexpr int kBatches = 6;
  constexpr int kPoisoned = 3;
  std::vector<Result<InsertReport>> results(kBatches, Internal("not run"));
  std::vector<std::thread> threads;
  for (int b = 0; b < kBatches; ++b) {
    threads.emplace_back([&, b] {
      std::vector<ReadingRow> rows;
      for (int i = 0; i < 10; ++i) {
        const double v = b == kPoisoned && i == 7 ? 666 : b + i / 100.0;
        rows.push_back(Row("st1", "air_temperature", kT0 + (b * 10 + i) * 60000, v));
      }
      results[b] = store_->InsertReadings(rows, "", {{"st1", "bad_time", 1, kT0}});
    });
    // The first batch waits at BEGIN; the others queue behind it as one group.
    ASSERT_TRUE(WaitForQueue(*store_, [b](const Store::CommitQueueStats& q) {
      return q.committing && q.batches == static_cast<size_t>(b);
    })) << "batch " << b;
  }
  lock.Release();
  for (std::thread& th : threads) th.join();
  for (int b = 0; b < kBatches; ++b) {
    if (b == kPoisoned) {
      ASSERT_FALSE(results[b].ok());
      EXPECT_THAT(results[b].status().message(), ::testing::HasSubstr("value 666"));
      continue;
    }
    ASSERT_TRUE(results[b].ok()) << "batch " << b << ": " << results[b].status().ToString();
    EXPECT_EQ(results[b]->inserted, 10) << "batch " << b;
  }
  Result<std::vector<StoredReading>> rows =
      store_->ReadingsInRange("st1", "air_temperature", 0, kT0 + kDay, 1000);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), static_cast<size_t>((kBatches - 1) * 10));
  for (const StoredReading& r : *rows) {
    EXPECT_NE((r.time_ms - kT0) / 600000, kPoisoned) << "a reading of the failed batch";
  }
  // The rejection counters of the failed batch were rolled back with it.
  Result<std::vector<RejectionCount>> counts = store_->ListRejections();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ(counts->front().count, kBatches - 1);
  ExpectAggregatesMatchRaw(*store_, path_, "st1");
}

TEST_F(ReadingsStoreTest, FullCommitQueueRefusesInsteadOfWaiting) {
  StoreOptions small;
  small.max_queued_readings = 10;
  Result<Store> opened = Store::Open(dir_.File("q.db"), small);
  ASSERT_TRUE(opened.ok());
  Store& s = *opened;
  auto batch = [](int b) {
    std::vector<ReadingRow> rows;
    for (int i = 0; i < 6; ++i) rows.push_back(Row("st1", "air_temperature", kT0 + b * 60000 + i, 1));
    return rows;
  };
  const std::vector<ReadingRow> first = batch(0), second = batch(1), third = batch(2);
  WriteLock lock(dir_.File("q.db"));
  ASSERT_TRUE(lock.held());
  Result<InsertReport> r1 = Internal("not run"), r2 = Internal("not run");
  std::thread t1([&] { r1 = s.InsertReadings(first, "", {}); });  // commits, waiting at BEGIN
  ASSERT_TRUE(WaitForQueue(s, [](const Store::CommitQueueStats& q) { return q.committing; }));
  std::thread t2([&] { r2 = s.InsertReadings(second, "", {}); });  // queued: 6 of 10
  ASSERT_TRUE(WaitForQueue(s, [](const Store::CommitQueueStats& q) { return q.readings == 6; }));
  Result<InsertReport> r3 = s.InsertReadings(third, "", {});  // 12 > 10: refused at once
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(r3.status().message(), ::testing::HasSubstr("waiting for the next commit"));
  lock.Release();
  t1.join();
  t2.join();
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r1->inserted + r2->inserted, 12);
  // Alone again, a batch over the bound is still taken: the bound is on waiting, not size.
  std::vector<ReadingRow> big;
  for (int i = 0; i < 50; ++i) big.push_back(Row("st1", "air_temperature", kT0 + kDay + i, 2));
  Result<InsertReport> r4 = s.InsertReadings(big, "", {});
  ASSERT_TRUE(r4.ok()) << r4.status().ToString();
  EXPECT_EQ(r4->inserted, 50);
}

}  // namespace
}  // namespace loka::store

namespace loka::store {
namespace {

// The stream limits: rows that would create a station past max_stations or a sensor past
// max_sensors are refused, counted under no station; known streams keep their rows; a
// station made with PutStation counts but is not refused; the counts survive a reopen.
TEST(ReadingsStreamLimitTest, NewStreamsBeyondTheLimitsAreRefused) {
  testing::TempDir dir;
  const std::string path = dir.File("limits.db");
  StoreOptions o;
  o.max_stations = 2;
  o.max_sensors = 3;
  {
    Result<Store> s = Store::Open(path, o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    Result<InsertReport> r = s->InsertReadings(
        {Row("st1", "air_temperature", kT0, 20), Row("st1", "soil_moisture", kT0, 30),
         Row("st2", "air_temperature", kT0, 21),
         Row("st3", "air_temperature", kT0, 22),    // a third station
         Row("st2", "soil_moisture", kT0, 31),      // a fourth sensor
         Row("st1", "air_temperature", kT0 + 3600000, 23)},  // a known stream
        "farm", {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_THAT(r->outcomes,
                ::testing::ElementsAre(InsertOutcome::kInserted, InsertOutcome::kInserted,
                                       InsertOutcome::kInserted, InsertOutcome::kStreamLimit,
                                       InsertOutcome::kStreamLimit, InsertOutcome::kInserted));
    EXPECT_EQ(r->inserted, 4);
    EXPECT_EQ(r->stream_limited, 2);
    Result<std::vector<RejectionCount>> rej = s->ListRejections();
    ASSERT_TRUE(rej.ok());
    ASSERT_EQ(rej->size(), 1u);
    EXPECT_EQ((*rej)[0].station, "");
    EXPECT_EQ((*rej)[0].reason, "stream_limit");
    EXPECT_EQ((*rej)[0].count, 2);
    EXPECT_EQ(s->GetStation("st3").status().code(), StatusCode::kNotFound);
    // PutStation is never refused; its station counts towards the limit.
    StationInfo extra;
    extra.id = "st9";
    ASSERT_TRUE(s->PutStation(extra).ok());
  }
  Result<Store> s = Store::Open(path, o);
  ASSERT_TRUE(s.ok());
  Result<InsertReport> r = s->InsertReadings(
      {Row("st9", "air_temperature", kT0, 20), Row("st4", "air_temperature", kT0, 20),
       Row("st2", "air_temperature", kT0 + 3600000, 22)},
      "farm", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // st9 exists but a fourth sensor is over max_sensors; st4 would be a fourth station.
  EXPECT_THAT(r->outcomes,
              ::testing::ElementsAre(InsertOutcome::kStreamLimit, InsertOutcome::kStreamLimit,
                                     InsertOutcome::kInserted));
  Result<std::vector<std::pair<std::string, int64_t>>> by_reason = s->RejectionsByReason();
  ASSERT_TRUE(by_reason.ok());
  EXPECT_THAT(*by_reason, ::testing::ElementsAre(std::make_pair(std::string("stream_limit"),
                                                                int64_t{4})));
}

}  // namespace
}  // namespace loka::store
