// Thin RAII wrappers over the SQLite C API: connection and statement handles owned by
// unique_ptr deleters, statements bound and stepped with errors turned into Status, and a
// transaction guard that rolls back unless committed. Not thread-safe: the owner (Store) holds
// a mutex around every use of one connection.
#ifndef LOKA_STORE_INTERNAL_SQLITE_H_
#define LOKA_STORE_INTERNAL_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::store::internal {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// A Status for SQLite result `rc` on `db`: "what: <sqlite message>". SQLITE_CORRUPT and
// SQLITE_NOTADB map to corrupt, SQLITE_FULL/IOERR/CANTOPEN to io_error, BUSY to
// failed_precondition, the rest to internal.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

// Runs one or more statements without results.
Status Exec(sqlite3* db, const char* sql);

// A prepared statement. Bind indexes are 1-based, column indexes 0-based, as in SQLite.
class Stmt {
 public:
  static Result<Stmt> Prepare(sqlite3* db, std::string_view sql);

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view text);
  Stmt& BindBlob(int i, std::string_view bytes);
  Stmt& BindNull(int i);

  // Steps once: true when a row is ready, false when done. Any bind error is reported here.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();
  // Steps to completion, collecting `read(*this)` for each row.
  template <typename Read>
  auto Rows(Read read) -> Result<std::vector<decltype(read(*this))>> {
    std::vector<decltype(read(*this))> out;
    for (;;) {
      LOKA_ASSIGN_OR_RETURN(bool row, Step());
      if (!row) return out;
      out.push_back(read(*this));
    }
  }
  // Makes the statement runnable again; bindings are kept until re-bound.
  Status Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double Real(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::string Text(int col) const;
  std::string Blob(int col) const;

 private:
  Stmt(sqlite3* db, StmtHandle stmt) : db_(db), stmt_(std::move(stmt)) {}
  void Check(int rc);

  sqlite3* db_ = nullptr;
  StmtHandle stmt_;
  int bind_rc_ = SQLITE_OK;
};

// BEGIN IMMEDIATE on construction (through Begin), ROLLBACK on destruction unless Commit()
// succeeded. IMMEDIATE takes the write lock at once, so a busy database fails at Begin, not
// half-way through the writes.
class Transaction {
 public:
  static Result<Transaction> Begin(sqlite3* db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;  // null once committed or moved from
};

}  // namespace loka::store::internal

#endif  // LOKA_STORE_INTERNAL_SQLITE_H_
