#include "store/migrations.h"

#include <string>

#include "store/internal/sqlite.h"

namespace loka::store {
namespace {

// kMigrations[i] takes the schema from version i to i + 1.
constexpr const char* kMigrations[] = {
    // 1: API keys and model versions.
    R"sql(
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  salt BLOB NOT NULL,
  hash BLOB NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  note TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
);
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  size_bytes INTEGER NOT NULL,
  digest BLOB NOT NULL,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_at_ms INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  UNIQUE (name, version)
);
CREATE UNIQUE INDEX models_one_active ON models (name) WHERE active = 1;
)sql",
    // 2: labelled datasets and training jobs.
    R"sql(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE dataset_rows (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX dataset_rows_by_dataset ON dataset_rows (dataset_id, id);
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  model TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  progress REAL NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  model_version INTEGER,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_at_ms INTEGER NOT NULL,
  started_at_ms INTEGER,
  finished_at_ms INTEGER
);
)sql",
};

constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Result<int> ReadSchemaVersion(sqlite3* db) {
  LOKA_ASSIGN_OR_RETURN(internal::Stmt st, internal::Stmt::Prepare(db, "PRAGMA user_version"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Internal("PRAGMA user_version returned no row");
  return static_cast<int>(st.Int(0));
}

Status Migrate(sqlite3* db, int target) {
  if (target < 0 || target > kLatest) return Internal("migration target out of range");
  for (;;) {
    // Read the version inside the write transaction: another process may be migrating too.
    LOKA_ASSIGN_OR_RETURN(internal::Transaction tx, internal::Transaction::Begin(db));
    LOKA_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(db));
    if (version > kLatest) {
      return FailedPrecondition("database schema version " + std::to_string(version) +
                                " is newer than this build of loka understands (" +
                                std::to_string(kLatest) + ")");
    }
    if (version >= target) return Status::Ok();  // nothing to write: the guard rolls back
    LOKA_RETURN_IF_ERROR(internal::Exec(db, kMigrations[version])
                             .WithPrefix("migration " + std::to_string(version + 1)));
    const std::string set = "PRAGMA user_version = " + std::to_string(version + 1);
    LOKA_RETURN_IF_ERROR(internal::Exec(db, set.c_str()));
    LOKA_RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace loka::store
