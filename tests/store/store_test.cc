// Store on a real SQLite file in a temp dir: keys, models and their versions, datasets, jobs.
#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "core/file.h"
#include "core/time.h"
#include "store/migrations.h"
#include "temp_dir.h"
#include "../numbered.h"

namespace loka::store {
namespace {

using testing::Numbered;

using ::testing::HasSubstr;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Result<Store> s = Store::Open(dir_.File("loka.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<Store>(std::move(s).value());
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, OpensInWalModeAtLatestSchema) {
  Result<int> v = store_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 13);  // keys+models, datasets+jobs, readings, fields+alerts, cancelled jobs, kb,
                      // helpline, kb term counts + dates + tags, federation, alert subscriptions,
                      // kb embeddings, field id counter, helpline ids never reused
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("loka.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST_F(StoreTest, NotADatabaseIsCorrupt) {
  ASSERT_TRUE(WriteFileAtomic(dir_.File("junk.db"), std::string(8192, 'x')).ok());
  Result<Store> s = Store::Open(dir_.File("junk.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorrupt) << s.status().ToString();
  EXPECT_THAT(s.status().message(), HasSubstr("junk.db"));
}

// An SQLite file of something else (tables, no loka schema version) is refused before a byte
// of it is written; an empty file is a new database.
TEST_F(StoreTest, AnotherProgramsDatabaseIsRefusedUntouched) {
  const std::string path = dir_.File("other.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  Result<std::string> before = ReadFile(path);
  ASSERT_TRUE(before.ok());
  Result<Store> s = Store::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition) << s.status().ToString();
  EXPECT_THAT(s.status().message(), HasSubstr("other.db: not a loka database"));
  EXPECT_THAT(s.status().message(), HasSubstr("customers"));
  Result<std::string> after = ReadFile(path);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));

  ASSERT_TRUE(WriteFileAtomic(dir_.File("empty.db"), "").ok());
  Result<Store> empty = Store::Open(dir_.File("empty.db"));
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty->SchemaVersion(), LatestSchemaVersion());
}

TEST_F(StoreTest, UnwritableDirectoryIsIoError) {
  Result<Store> s = Store::Open(dir_.File("no/such/dir/loka.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIoError) << s.status().ToString();
}

// Another connection holding the write lock past the busy timeout is a transient condition
// (unavailable, which the node answers 503 with Retry-After), not a failed precondition; the
// same write succeeds once the lock is gone.
TEST_F(StoreTest, WriteLockHeldElsewhereIsUnavailable) {
  StoreOptions o;
  o.busy_timeout_ms = 50;
  Result<Store> s = Store::Open(dir_.File("busy.db"), o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  sqlite3* locker = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("busy.db").c_str(), &locker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(locker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<std::string> locked = s->AddKey(Scope::kRead, "while locked");
  EXPECT_EQ(locked.status().code(), StatusCode::kUnavailable) << locked.status().ToString();
  ASSERT_EQ(sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(locker);
  Result<std::string> after = s->AddKey(Scope::kRead, "after");
  EXPECT_TRUE(after.ok()) << after.status().ToString();
}

TEST_F(StoreTest, KeysAreStoredHashedAndVerify) {
  KeyInfo info;
  Result<std::string> key = store_->AddKey(Scope::kWrite, "gateway", &info);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_THAT(*key, ::testing::StartsWith("loka_" + info.id + "_"));
  EXPECT_EQ(key->size(), 5u + 12u + 1u + 43u);

  Result<Scope> scope = store_->VerifyKey(*key);
  ASSERT_TRUE(scope.ok()) << scope.status().ToString();
  EXPECT_EQ(*scope, Scope::kWrite);

  // The secret appears nowhere in the file.
  store_.reset();
  Result<std::string> bytes = ReadFile(dir_.File("loka.db"));
  ASSERT_TRUE(bytes.ok());
  std::string all = *bytes;
  Result<std::string> wal = ReadFile(dir_.File("loka.db-wal"));
  if (wal.ok()) all += *wal;
  const std::string secret = key->substr(18);
  EXPECT_EQ(all.find(secret), std::string::npos);
  EXPECT_NE(all.find(info.id), std::string::npos);
}

TEST_F(StoreTest, WrongUnknownMalformedAndRevokedKeysFail) {
  KeyInfo info;
  Result<std::string> key = store_->AddKey(Scope::kRead, "", &info);
  ASSERT_TRUE(key.ok());
  std::string wrong = *key;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  Result<Scope> s = store_->VerifyKey(wrong);
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(s.status().message(), HasSubstr("wrong secret"));

  s = store_->VerifyKey("loka_000000000000_abc");
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(s.status().message(), HasSubstr("unknown"));

  for (const char* bad : {"", "Bearer x", "loka_", "loka_XYZ_abc", "loka_0123456789ab"}) {
    EXPECT_EQ(store_->VerifyKey(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }

  ASSERT_TRUE(store_->RevokeKey(info.id).ok());
  ASSERT_TRUE(store_->RevokeKey(info.id).ok());  // twice is fine
  s = store_->VerifyKey(*key);
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(s.status().message(), HasSubstr("revoked"));
  EXPECT_EQ(store_->RevokeKey("ffffffffffff").code(), StatusCode::kNotFound);

  Result<std::vector<KeyInfo>> keys = store_->ListKeys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_GT((*keys)[0].revoked_at_ms, 0);
}

TEST_F(StoreTest, ScopeNamesRoundTrip) {
  for (Scope s : {Scope::kRead, Scope::kWrite, Scope::kAdmin}) {
    Result<Scope> back = ParseScope(ScopeName(s));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, s);
  }
  EXPECT_THAT(ParseScope("root").status().message(), HasSubstr("read, write or admin"));
}

TEST_F(StoreTest, ModelVersionsAndRestore) {
  EXPECT_EQ(store_->ActiveModel("routing").status().code(), StatusCode::kNotFound);
  Result<ModelVersion> v1 = store_->PutModel("routing", "bytes-one", R"({"accuracy":0.5})");
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->version, 1);
  Result<ModelVersion> v2 = store_->PutModel("routing", "bytes-two", R"({"accuracy":0.9})");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->version, 2);
  ASSERT_TRUE(store_->PutModel("other", std::string(100000, '\0'), "{}").ok());

  Result<ModelBlob> active = store_->ActiveModel("routing");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->bytes, "bytes-two");
  EXPECT_EQ(active->info.metrics_json, R"({"accuracy":0.9})");

  Result<ModelVersion> restored = store_->RestorePreviousModel("routing");
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->version, 1);
  EXPECT_TRUE(restored->active);
  EXPECT_EQ(store_->ActiveModel("routing")->bytes, "bytes-one");

  Result<ModelVersion> again = store_->RestorePreviousModel("routing");
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("no version older than 1"));

  // A new version after a restore is numbered after the highest, and becomes active.
  Result<ModelVersion> v3 = store_->PutModel("routing", "bytes-three", "{}");
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->version, 3);

  Result<std::vector<ModelVersion>> all = store_->ListModelVersions();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].name, "other");
  EXPECT_EQ((*all)[0].size_bytes, 100000);
  int active_routing = 0;
  for (const ModelVersion& m : *all) active_routing += m.name == "routing" && m.active;
  EXPECT_EQ(active_routing, 1);

  ASSERT_TRUE(store_->DeleteModel("routing").ok());
  EXPECT_EQ(store_->ActiveModel("routing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteModel("routing").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RestorePreviousModel("routing").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ActiveModel("other").ok());
}

TEST_F(StoreTest, TamperedModelBytesAreCorrupt) {
  ASSERT_TRUE(store_->PutModel("m", "original bytes", "{}").ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("loka.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE models SET bytes = CAST('originaX bytes' AS BLOB)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  Result<ModelBlob> m = store_->ActiveModel("m");
  EXPECT_EQ(m.status().code(), StatusCode::kCorrupt);
  EXPECT_THAT(m.status().message(), HasSubstr("digest"));
}

TEST_F(StoreTest, DatasetsAppendAndRead) {
  EXPECT_EQ(store_->ReadRows("d").status().code(), StatusCode::kNotFound);
  Result<int64_t> n = store_->AppendRows("d", {{"a", "one"}, {"b", "two"}});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  n = store_->AppendRows("d", {{"a", "three"}});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  ASSERT_TRUE(store_->AppendRows("e", {}).ok());
  Result<std::vector<Row>> rows = store_->ReadRows("d");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[2].text, "three");
  Result<std::vector<DatasetInfo>> list = store_->ListDatasets();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].rows, 3);
  EXPECT_EQ((*list)[1].rows, 0);
}

// Rows and labels are counted before a dataset is read, and an append that would pass the
// dataset's cap is refused whole.
TEST_F(StoreTest, DatasetLimitsAreCheckedBeforeReading) {
  ASSERT_TRUE(store_->AppendRows("d", {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"a", "4"}}).ok());
  EXPECT_EQ(store_->ReadRows("d", {4, 3})->size(), 4u);
  Result<std::vector<Row>> rows = store_->ReadRows("d", {3, 0});
  EXPECT_EQ(rows.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(rows.status().message(), HasSubstr("dataset d has 4 rows; the limit is 3"));
  rows = store_->ReadRows("d", {0, 2});
  EXPECT_EQ(rows.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(rows.status().message(), HasSubstr("more than 2 labels"));
  EXPECT_EQ(store_->ReadRows("nope", {1, 1}).status().code(), StatusCode::kNotFound);

  Result<int64_t> n = store_->AppendRows("d", {{"a", "5"}, {"b", "6"}}, 5);
  EXPECT_EQ(n.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(n.status().message(), HasSubstr("has 4 rows; 2 more would pass its limit of 5"));
  n = store_->AppendRows("d", {{"a", "5"}}, 5);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 5);
}

// The dataset a model's next version retrains from: its latest finished training from a stored
// dataset; failed jobs, other models and trainings from a request's rows do not count.
TEST_F(StoreTest, LastTrainingDatasetOfAModel) {
  EXPECT_EQ(*store_->LastTrainingDataset("desk"), "");
  auto done = [&](std::string_view model, std::string_view source) {
    Result<JobRecord> j = store_->CreateJob(model, source);
    ASSERT_TRUE(j.ok());
    ASSERT_TRUE(store_->FinishJob(j->id, 1, "{}").ok());
  };
  done("desk", "dataset:first");
  done("desk", "dataset:second");
  done("desk", "body");
  done("other", "dataset:elsewhere");
  Result<JobRecord> failed = store_->CreateJob("desk", "dataset:broken");
  ASSERT_TRUE(failed.ok());
  ASSERT_TRUE(store_->FailJob(failed->id, "no rows").ok());
  EXPECT_EQ(*store_->LastTrainingDataset("desk"), "second");
  EXPECT_EQ(*store_->LastTrainingDataset("other"), "elsewhere");
  EXPECT_EQ(*store_->LastTrainingDataset("none"), "");
}

TEST_F(StoreTest, JobLifecycle) {
  Result<JobRecord> j = store_->CreateJob("routing", "body");
  ASSERT_TRUE(j.ok());
  EXPECT_GT(j->id, 0);
  ASSERT_TRUE(store_->StartJob(j->id).ok());
  ASSERT_TRUE(store_->SetJobProgress(j->id, 0.5).ok());
  Result<JobRecord> got = store_->GetJob(j->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, JobState::kRunning);
  EXPECT_DOUBLE_EQ(got->progress, 0.5);
  ASSERT_TRUE(store_->FinishJob(j->id, 3, R"({"accuracy":1})").ok());
  got = store_->GetJob(j->id);
  EXPECT_EQ(got->state, JobState::kDone);
  EXPECT_EQ(got->model_version, 3);
  EXPECT_DOUBLE_EQ(got->progress, 1.0);
  EXPECT_GT(got->finished_at_ms, 0);

  Result<JobRecord> k = store_->CreateJob("routing", "dataset:d");
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(store_->FailJob(k->id, "no rows").ok());
  EXPECT_EQ(store_->GetJob(k->id)->message, "no rows");
  Result<JobRecord> c = store_->CreateJob("routing", "body");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(store_->CancelJob(c->id, "cancelled before it started").ok());
  EXPECT_EQ(store_->GetJob(c->id)->state, JobState::kCancelled);
  EXPECT_EQ(JobStateName(JobState::kCancelled), "cancelled");
  EXPECT_EQ(store_->GetJob(999).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->StartJob(999).code(), StatusCode::kNotFound);

  ASSERT_TRUE(store_->CreateJob("a", "body").ok());
  ASSERT_TRUE(store_->CreateJob("b", "body").ok());
  Result<int> failed = store_->FailUnfinishedJobs("interrupted");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(*failed, 2);
  Result<std::vector<JobRecord>> jobs = store_->ListJobs(10);
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 5u);
  EXPECT_EQ((*jobs)[0].model, "b");
  EXPECT_EQ((*jobs)[0].state, JobState::kFailed);
}

// Every stamp the store writes comes from StoreOptions::clock.
TEST_F(StoreTest, StampsComeFromTheStoreClock) {
  ManualClock clock(1717200000000);  // 2024-06-01T00:00:00Z
  StoreOptions o;
  o.clock = &clock;
  Result<Store> s = Store::Open(dir_.File("clocked.db"), o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  KeyInfo info;
  ASSERT_TRUE(s->AddKey(Scope::kRead, "k", &info).ok());
  EXPECT_EQ(info.created_at_ms, 1717200000000);
  clock.AdvanceMs(kMsPerHour);
  ASSERT_TRUE(s->RevokeKey(info.id).ok());
  Result<std::vector<KeyInfo>> keys = s->ListKeys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front().created_at_ms, 1717200000000);
  EXPECT_EQ(keys->front().revoked_at_ms, 1717203600000);

  Result<JobRecord> j = s->CreateJob("m", "body");
  ASSERT_TRUE(j.ok());
  clock.AdvanceMs(2500);
  ASSERT_TRUE(s->StartJob(j->id).ok());
  clock.AdvanceMs(kMsPerDay);
  ASSERT_TRUE(s->FinishJob(j->id, 1, "{}").ok());
  Result<JobRecord> got = s->GetJob(j->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->created_at_ms, 1717203600000);
  EXPECT_EQ(got->started_at_ms, 1717203602500);
  EXPECT_EQ(got->finished_at_ms, 1717290002500);
}

TEST_F(StoreTest, ConcurrentWritersFromThreads) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i) {
        ASSERT_TRUE(store_->AppendRows("d", {{Numbered("l", t), std::to_string(i)}}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->ReadRows("d")->size(), 100u);
}

TEST_F(StoreTest, SecondConnectionSeesCommittedWrites) {
  Result<std::string> key = store_->AddKey(Scope::kAdmin, "cli");
  ASSERT_TRUE(key.ok());
  Result<Store> other = Store::Open(dir_.File("loka.db"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other->VerifyKey(*key), Scope::kAdmin);
  ASSERT_TRUE(other->PutModel("m", "x", "{}").ok());
  EXPECT_EQ(store_->ActiveModel("m")->bytes, "x");
}

}  // namespace
}  // namespace loka::store
