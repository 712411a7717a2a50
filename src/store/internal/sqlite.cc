#include "store/internal/sqlite.h"

#include <climits>

namespace loka::store::internal {

namespace {

Status StatusForCode(int rc, std::string m) {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corrupt(std::move(m));
    case SQLITE_FULL:  // the disk (or max_page_count) is full: writes may succeed once space is freed
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(std::move(m));
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return IoError(std::move(m));
    case SQLITE_TOOBIG:
      return ResourceExhausted(std::move(m));
    default:
      return Internal(std::move(m));
  }
}

}  // namespace

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string m(what);
  m += ": ";
  m += db != nullptr && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff) ? sqlite3_errmsg(db)
                                                                          : sqlite3_errstr(rc);
  return StatusForCode(rc, std::move(m));
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string m = "sqlite: ";
  m += err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return StatusForCode(rc, std::move(m));
}

Result<Stmt> Stmt::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  if (sql.size() > static_cast<size_t>(INT_MAX)) return InvalidArgument("sql too long");
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  StmtHandle h(raw);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "prepare");
  return Stmt(db, std::move(h));
}

void Stmt::Check(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Stmt& Stmt::Bind(int i, int64_t v) {
  Check(sqlite3_bind_int64(stmt_.get(), i, v));
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  Check(sqlite3_bind_double(stmt_.get(), i, v));
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view text) {
  Check(sqlite3_bind_text64(stmt_.get(), i, text.data(), text.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8));
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: SQLite binds NULL for a null pointer.
  static const char kEmpty = 0;
  Check(sqlite3_bind_blob64(stmt_.get(), i, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                            SQLITE_TRANSIENT));
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  Check(sqlite3_bind_null(stmt_.get(), i));
  return *this;
}

Result<bool> Stmt::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(db_, bind_rc_, "bind");
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "step");
}

Status Stmt::Run() {
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

Status Stmt::Reset() {
  // sqlite3_reset resets in any case; its code repeats the error of the last step, which Step
  // or Run reported already. Passing it on again would fail the next, unrelated use of a
  // statement reused after a failed transaction (the readings ingest path).
  (void)sqlite3_reset(stmt_.get());
  return Status::Ok();
}

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_.get(), col);
  const int n = sqlite3_column_bytes(stmt_.get(), col);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

std::string Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_.get(), col);
  const int n = sqlite3_column_bytes(stmt_.get(), col);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

Result<Transaction> Transaction::Begin(sqlite3* db) {
  LOKA_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)Exec(db_, "ROLLBACK");
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Internal("commit of a finished transaction");
  Status s = Exec(db_, "COMMIT");
  if (s.ok()) db_ = nullptr;  // on failure the destructor rolls back
  return s;
}

}  // namespace loka::store::internal
