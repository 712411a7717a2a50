// Model versions: whole model files as blobs with a digest, one active version per name.
#include <sodium.h>

#include "store/store.h"

namespace loka::store {
namespace {

using internal::Stmt;
using internal::Transaction;

std::string Digest(std::string_view bytes) {
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  return out;
}

constexpr const char* kVersionColumns =
    "name, version, created_at_ms, size_bytes, metrics_json, active";

ModelVersion ReadVersion(const Stmt& st, int first_col) {
  ModelVersion v;
  v.name = st.Text(first_col);
  v.version = st.Int(first_col + 1);
  v.created_at_ms = st.Int(first_col + 2);
  v.size_bytes = st.Int(first_col + 3);
  v.metrics_json = st.Text(first_col + 4);
  v.active = st.Int(first_col + 5) != 0;
  return v;
}

// The active version of `name` (0 when none) and the highest stored version.
Status ReadVersions(sqlite3* db, std::string_view name, int64_t* active, int64_t* highest) {
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db, "SELECT COALESCE(MAX(CASE WHEN active = 1 THEN version END), 0), "
                                 "COALESCE(MAX(version), 0) FROM models WHERE name = ?"));
  st.Bind(1, name);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  *active = row ? st.Int(0) : 0;
  *highest = row ? st.Int(1) : 0;
  return Status::Ok();
}

}  // namespace

Result<ModelVersion> Store::PutModel(std::string_view name, std::string_view bytes,
                                     std::string_view metrics_json) {
  ModelVersion v;
  v.name = std::string(name);
  v.created_at_ms = clock_->NowMs();
  v.size_bytes = static_cast<int64_t>(bytes.size());
  v.metrics_json = std::string(metrics_json);
  v.active = true;
  const std::string digest = Digest(bytes);

  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  int64_t active = 0, highest = 0;
  LOKA_RETURN_IF_ERROR(ReadVersions(db_.get(), name, &active, &highest));
  v.version = highest + 1;
  LOKA_ASSIGN_OR_RETURN(Stmt off,
                        Stmt::Prepare(db_.get(), "UPDATE models SET active = 0 WHERE name = ? AND "
                                                 "active = 1"));
  off.Bind(1, name);
  LOKA_RETURN_IF_ERROR(off.Run());
  LOKA_ASSIGN_OR_RETURN(
      Stmt ins, Stmt::Prepare(db_.get(), "INSERT INTO models (name, version, bytes, size_bytes, "
                                         "digest, metrics_json, created_at_ms, active) VALUES "
                                         "(?, ?, ?, ?, ?, ?, ?, 1)"));
  ins.Bind(1, name)
      .Bind(2, v.version)
      .BindBlob(3, bytes)
      .Bind(4, v.size_bytes)
      .BindBlob(5, digest)
      .Bind(6, metrics_json)
      .Bind(7, v.created_at_ms);
  LOKA_RETURN_IF_ERROR(ins.Run().WithPrefix("store model " + v.name));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return v;
}

Result<ModelBlob> Store::ActiveModel(std::string_view name) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                              kVersionColumns +
                                                              ", bytes, digest FROM models "
                                                              "WHERE name = ? AND active = 1"));
  st.Bind(1, name);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("no model named \"" + std::string(name) + "\"");
  ModelBlob b;
  b.info = ReadVersion(st, 0);
  b.bytes = st.Blob(6);
  const std::string digest = st.Blob(7);
  if (static_cast<int64_t>(b.bytes.size()) != b.info.size_bytes || Digest(b.bytes) != digest) {
    return Corrupt("model " + b.info.name + " version " + std::to_string(b.info.version) +
                   ": stored bytes do not match their digest");
  }
  return b;
}

Result<std::vector<ModelVersion>> Store::ListModelVersions() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                              kVersionColumns +
                                                              " FROM models ORDER BY name, "
                                                              "version"));
  return st.Rows([](const Stmt& r) { return ReadVersion(r, 0); });
}

Result<ModelVersion> Store::RestorePreviousModel(std::string_view name) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  int64_t active = 0, highest = 0;
  LOKA_RETURN_IF_ERROR(ReadVersions(db_.get(), name, &active, &highest));
  if (highest == 0) return NotFound("no model named \"" + std::string(name) + "\"");
  // With no active version (cannot happen through this API) restore the newest one.
  const int64_t below = active == 0 ? highest + 1 : active;
  LOKA_ASSIGN_OR_RETURN(Stmt prev, Stmt::Prepare(db_.get(), "SELECT MAX(version) FROM models "
                                                            "WHERE name = ? AND version < ?"));
  prev.Bind(1, name).Bind(2, below);
  LOKA_ASSIGN_OR_RETURN(bool row, prev.Step());
  if (!row || prev.IsNull(0)) {
    return FailedPrecondition("model \"" + std::string(name) + "\" has no version older than " +
                              std::to_string(active));
  }
  const int64_t target = prev.Int(0);
  LOKA_ASSIGN_OR_RETURN(Stmt off, Stmt::Prepare(db_.get(), "UPDATE models SET active = 0 WHERE "
                                                           "name = ? AND active = 1"));
  off.Bind(1, name);
  LOKA_RETURN_IF_ERROR(off.Run());
  LOKA_ASSIGN_OR_RETURN(Stmt on, Stmt::Prepare(db_.get(), "UPDATE models SET active = 1 WHERE "
                                                          "name = ? AND version = ?"));
  on.Bind(1, name).Bind(2, target);
  LOKA_RETURN_IF_ERROR(on.Run());
  LOKA_ASSIGN_OR_RETURN(Stmt get, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                               kVersionColumns +
                                                               " FROM models WHERE name = ? "
                                                               "AND version = ?"));
  get.Bind(1, name).Bind(2, target);
  LOKA_ASSIGN_OR_RETURN(bool got, get.Step());
  if (!got) return Internal("restored version vanished");
  ModelVersion v = ReadVersion(get, 0);
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return v;
}

Status Store::DeleteModel(std::string_view name) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "DELETE FROM models WHERE name = ?"));
  st.Bind(1, name);
  LOKA_RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(db_.get()) == 0) {
    return NotFound("no model named \"" + std::string(name) + "\"");
  }
  return tx.Commit();
}

}  // namespace loka::store
