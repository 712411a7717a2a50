#include "store/store.h"

#include <filesystem>
#include <system_error>

#include <sodium.h>

#include "core/time.h"
#include "store/internal/open.h"
#include "store/migrations.h"

namespace loka::store {

using internal::Exec;
using internal::Stmt;

int64_t NowMs() { return DefaultClock().NowMs(); }

Status RemoveDatabaseFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    std::error_code ec;
    std::filesystem::remove(file, ec);  // false, without an error, when it is not there
    if (ec) return IoError("cannot remove " + file + ": " + ec.message());
  }
  return Status::Ok();
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kRead: return "read";
    case Scope::kWrite: return "write";
    case Scope::kAdmin: return "admin";
  }
  return "read";
}

Result<Scope> ParseScope(std::string_view name) {
  if (name == "read") return Scope::kRead;
  if (name == "write") return Scope::kWrite;
  if (name == "admin") return Scope::kAdmin;
  return InvalidArgument("unknown scope \"" + std::string(name) + "\" (read, write or admin)");
}

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "failed";
}

namespace {

// A database with tables but without loka's schema version (PRAGMA user_version 0) belongs to
// something else: migrating it would write loka's tables into it. A new or empty file is
// loka's to initialize. Checked before anything is written (the WAL switch included).
Status RefuseForeignDatabase(sqlite3* db) {
  LOKA_ASSIGN_OR_RETURN(const int version, ReadSchemaVersion(db));
  if (version != 0) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db,
                                               "SELECT name FROM sqlite_master WHERE type IN "
                                               "('table', 'view') AND name NOT LIKE 'sqlite_%' "
                                               "ORDER BY name LIMIT 1"));
  LOKA_ASSIGN_OR_RETURN(const bool row, st.Step());
  if (!row) return Status::Ok();
  return FailedPrecondition("not a loka database: it holds tables (\"" + st.Text(0) +
                            "\") but no loka schema version; give a loka database or the "
                            "path of a new file");
}

Status Configure(sqlite3* db, const StoreOptions& options) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  LOKA_RETURN_IF_ERROR(RefuseForeignDatabase(db));
  // journal_mode answers with the mode in force; anything but "wal" (e.g. a read-only file)
  // loses the durability contract, so it is an error.
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, "PRAGMA journal_mode = WAL"));
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row || st.Text(0) != "wal") return IoError("cannot switch to WAL journal mode");
  }
  LOKA_RETURN_IF_ERROR(Exec(db, options.synchronous_full ? "PRAGMA synchronous = FULL"
                                                         : "PRAGMA synchronous = NORMAL"));
  LOKA_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys = ON"));
  LOKA_RETURN_IF_ERROR(Migrate(db, LatestSchemaVersion()));
  if (options.max_bytes > 0) {
    LOKA_ASSIGN_OR_RETURN(Stmt size, Stmt::Prepare(db, "PRAGMA page_size"));
    LOKA_ASSIGN_OR_RETURN(bool row, size.Step());
    const int64_t page = row ? size.Int(0) : 4096;
    const int64_t pages = (options.max_bytes + page - 1) / page;
    LOKA_RETURN_IF_ERROR(Exec(db, ("PRAGMA max_page_count = " + std::to_string(pages)).c_str()));
  }
  return Status::Ok();
}

}  // namespace

namespace internal {

Result<DbHandle> OpenDatabase(const std::string& path, const StoreOptions& options) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, path);
  LOKA_RETURN_IF_ERROR(Configure(db.get(), options).WithPrefix(path));
  return db;
}

}  // namespace internal

Result<Store> Store::Open(const std::string& path, const StoreOptions& options) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialize");
  LOKA_ASSIGN_OR_RETURN(internal::DbHandle db, internal::OpenDatabase(path, options));
  return Store(std::move(db), std::make_unique<std::mutex>(), options);
}

Store::~Store() = default;

Result<int> Store::SchemaVersion() {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadSchemaVersion(db_.get());
}

Status Store::CheckIntegrity() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "PRAGMA integrity_check"));
  std::string report;
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    std::string line = st.Text(0);
    if (line != "ok") report += line + "; ";
  }
  if (!report.empty()) return Corrupt("integrity_check: " + report);
  return Status::Ok();
}

}  // namespace loka::store
