// Schema migrations: a fresh file, an upgrade from version 1 keeping data, a newer file refused.
#include "store/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/helpline.h"
#include "store/store.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

struct RawDb {
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db); }
  ~RawDb() { sqlite3_close(db); }
  sqlite3* db = nullptr;
};

// Creates `path` at schema `version` with one row written by `insert_sql`, checks that
// `newer_sql` (something a later migration adds) fails on it, then opens it as a Store (which
// migrates it to the latest version).
Result<Store> UpgradedFrom(const std::string& path, int version, const char* insert_sql,
                           const char* newer_sql) {
  {
    RawDb raw(path);
    EXPECT_TRUE(Migrate(raw.db, version).ok());
    EXPECT_EQ(*ReadSchemaVersion(raw.db), version);
    EXPECT_EQ(sqlite3_exec(raw.db, insert_sql, nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(raw.db, newer_sql, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  return Store::Open(path);
}

TEST(MigrationsTest, FreshFileReachesLatest) {
  testing::TempDir dir;
  RawDb raw(dir.File("m.db"));
  EXPECT_EQ(*ReadSchemaVersion(raw.db), 0);
  ASSERT_TRUE(Migrate(raw.db, LatestSchemaVersion()).ok());
  EXPECT_EQ(*ReadSchemaVersion(raw.db), LatestSchemaVersion());
  // Idempotent.
  ASSERT_TRUE(Migrate(raw.db, LatestSchemaVersion()).ok());
  EXPECT_EQ(*ReadSchemaVersion(raw.db), LatestSchemaVersion());
}

TEST(MigrationsTest, UpgradeFromVersionOneKeepsData) {
  testing::TempDir dir;
  // Version 1 has no datasets table yet.
  Result<Store> s = UpgradedFrom(dir.File("m.db"), 1,
                                 "INSERT INTO models (name, version, bytes, size_bytes, digest, "
                                 "created_at_ms, active) VALUES ('old', 1, x'00', 1, x'00', 0, 1)",
                                 "SELECT * FROM datasets");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*s->SchemaVersion(), LatestSchemaVersion());
  Result<std::vector<ModelVersion>> models = s->ListModelVersions();
  ASSERT_TRUE(models.ok());
  ASSERT_EQ(models->size(), 1u);
  EXPECT_EQ((*models)[0].name, "old");
  EXPECT_TRUE(s->AppendRows("d", {{"a", "b"}}).ok());
}

// Migration 5 adds the time a job was cancelled; the jobs stay as they were.
TEST(MigrationsTest, UpgradeFromVersionFourKeepsJobsAndAddsCancelled) {
  testing::TempDir dir;
  Result<Store> s = UpgradedFrom(dir.File("m.db"), 4,
                                 "INSERT INTO jobs (model, source, state, message, "
                                 "created_at_ms) VALUES ('m', 'body', 'done', 'done', 7)",
                                 "SELECT cancelled_at_ms FROM jobs");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Result<JobRecord> old = s->GetJob(1);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->model, "m");
  EXPECT_EQ(old->state, JobState::kDone);
  EXPECT_EQ(old->created_at_ms, 7);
  Result<JobRecord> next = s->CreateJob("m", "body");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->id, 2);
  EXPECT_TRUE(s->CancelJob(next->id, "cancelled").ok());
  EXPECT_EQ(s->GetJob(next->id)->state, JobState::kCancelled);
}

// Migration 12 starts the field id counter at the largest id stored: fields, their alerts and
// subscriptions stay, and the next field gets a new id.
TEST(MigrationsTest, UpgradeFromVersionElevenKeepsFieldsAndCountsIdsOn) {
  testing::TempDir dir;
  Result<Store> s = UpgradedFrom(
      dir.File("m.db"), 11,
      "INSERT INTO stations (id, created_at_ms) VALUES ('st1', 1);"
      "INSERT INTO fields (id, station_id, crop, planting_day, soil, theta_fc, theta_wp, "
      "irrigation_method, created_at_ms, updated_at_ms) VALUES "
      "(7, 'st1', 'maize', 19000, 'loam', 0.25, 0.12, 'drip', 1, 1);"
      "INSERT INTO alerts (time_ms, created_at_ms, station_id, field_id, kind, severity, reason) "
      "VALUES (1, 1, 'st1', 7, 'frost', 'alert', 'Tmin -1 C')",
      "SELECT last_id FROM field_id_counter");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Result<FieldRecord> old = s->GetField(7);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->crop, "maize");
  Result<std::vector<AlertRecord>> alerts = s->ListAlerts({});
  ASSERT_TRUE(alerts.ok()) << alerts.status().ToString();
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].field_id, 7);
  FieldRecord next = *old;
  ASSERT_TRUE(s->DeleteField(7).ok());
  Result<FieldRecord> created = s->CreateField(next);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, 8);
}

// Migration 13 rebuilds the helpline's tables so that ids are never given twice: every row stays,
// with its id and references, and an erased number's ids are not given again.
TEST(MigrationsTest, UpgradeFromVersionTwelveKeepsHelplineRowsAndStopsReusingIds) {
  testing::TempDir dir;
  {
    RawDb raw(dir.File("m.db"));
    ASSERT_TRUE(Migrate(raw.db, 12).ok());
    const char* rows = R"sql(
INSERT INTO stations (id, created_at_ms) VALUES ('hill', 1);
INSERT INTO hl_tickets (id, number, desk, status, created_at_ms, updated_at_ms,
                        last_message_at_ms) VALUES (1, '+1', 'water', 'routed', 1, 1, 1),
                                                   (2, '+2', 'roads', 'answered', 2, 2, 2),
                                                   (3, '+3', '', 'new', 3, 3, 3);
INSERT INTO hl_messages (id, ticket_id, direction, number, text, raw, gateway, gateway_id,
                         received_at_ms) VALUES (1, 1, 'in', '+1', 'one', NULL, 'api', 'a', 1),
                                                (2, 2, 'in', '+2', 'two', x'ff', 'kannel', NULL, 2),
                                                (3, 3, 'in', '+3', 'three', NULL, 'api', 'c', 3);
INSERT INTO hl_outbox (id, ticket_id, message_id, number, text, encoding, parts, status,
                       next_attempt_at_ms, created_at_ms, sent_at_ms)
  VALUES (1, 1, 1, '+1', 'ack 1', 'gsm7', 1, 'sent', 1, 1, 1),
         (2, 3, 3, '+3', 'ack 3', 'gsm7', 1, 'queued', 3, 3, NULL);
INSERT INTO hl_corrections (id, ticket_id, text, language, suggested_desk,
                            suggested_probability, desk, created_at_ms)
  VALUES (1, 2, 'two', 'eng', 'water', 0.4, 'roads', 5);
INSERT INTO hl_subscriptions (id, number, station_id, kinds, language, created_at_ms,
                              updated_at_ms) VALUES (1, '+9', 'hill', 'frost', 'eng', 1, 1);
INSERT INTO hl_alert_sms (subscription_id, kind, last_key, last_queued_at_ms)
  VALUES (1, 'frost', 'alert 4', 6);
)sql";
    ASSERT_EQ(sqlite3_exec(raw.db, rows, nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw.db);
  }
  // Opened as the node opens it: foreign keys on, under which a dropped parent table would
  // take its children's rows with it.
  Result<HelplineStore> s = HelplineStore::Open(dir.File("m.db"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  {
    RawDb raw(dir.File("m.db"));
    EXPECT_EQ(*ReadSchemaVersion(raw.db), 13);
    auto count = [&](const char* sql) {
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(raw.db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
      EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
      const int64_t n = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      return n;
    };
    EXPECT_EQ(count("SELECT count(*) FROM hl_tickets"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM hl_messages"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM hl_messages WHERE id = 2 AND raw = x'ff'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM hl_outbox"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM hl_corrections WHERE ticket_id = 2"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM hl_subscriptions"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM hl_alert_sms WHERE last_key = 'alert 4'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v13'"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE "
                    "'hl_%' AND sql IS NOT NULL"), 10);
    EXPECT_EQ(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // The references follow the renamed tables.
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%_v13%'"), 0);
  }
  Result<TicketRecord> two = s->GetTicket(2);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->desk, "roads");
  EXPECT_EQ(two->first_text, "two");
  EXPECT_EQ(s->ListCorrections()->size(), 1u);
  // Erasing the newest ticket's number and writing again gives a new id.
  ASSERT_TRUE(s->EraseNumber("+3").ok());
  InboundRecord in;
  in.number = "+4";
  in.text = "four";
  in.received_at_ms = 10;
  Result<ReceiveOutcome> next = s->Receive(in, 1000, TicketRouting(), nullptr);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->ticket.id, 4);
  EXPECT_EQ(next->message_id, 4);
  // Deleting the station deletes its subscription and its alert record (the cascade holds).
  RawDb raw(dir.File("m.db"));
  ASSERT_EQ(sqlite3_exec(raw.db, "PRAGMA foreign_keys = ON; DELETE FROM stations",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw.db, "SELECT count(*) FROM hl_alert_sms", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
}

TEST(MigrationsTest, NewerFileIsRefusedUntouched) {
  testing::TempDir dir;
  {
    RawDb raw(dir.File("m.db"));
    ASSERT_EQ(sqlite3_exec(raw.db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  Result<Store> s = Store::Open(dir.File("m.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.status().message(), ::testing::HasSubstr("schema version 99 is newer"));
  RawDb raw(dir.File("m.db"));
  EXPECT_EQ(*ReadSchemaVersion(raw.db), 99);
}

TEST(MigrationsTest, OnlyOneActiveVersionPerNameIsEnforcedBySchema) {
  testing::TempDir dir;
  RawDb raw(dir.File("m.db"));
  ASSERT_TRUE(Migrate(raw.db, LatestSchemaVersion()).ok());
  const char* ins =
      "INSERT INTO models (name, version, bytes, size_bytes, digest, created_at_ms, active) "
      "VALUES ('m', %d, x'00', 1, x'00', 0, 1)";
  char sql[256];
  std::snprintf(sql, sizeof(sql), ins, 1);
  ASSERT_EQ(sqlite3_exec(raw.db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  std::snprintf(sql, sizeof(sql), ins, 2);
  EXPECT_EQ(sqlite3_exec(raw.db, sql, nullptr, nullptr, nullptr), SQLITE_CONSTRAINT);
}

}  // namespace
}  // namespace loka::store
