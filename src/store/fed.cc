// Federation's egress ledger, outbox and round state (store/fed.h).
#include "store/fed.h"

#include <sodium.h>

#include "store/internal/open.h"

namespace loka::store {

std::string EgressContentHash(std::string_view bytes) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof h);
  for (const unsigned char c : h) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

EgressRow MakeEgressRow(int64_t time_ms, std::string destination, std::string_view payload,
                        std::string kind) {
  return {time_ms, std::move(destination), static_cast<int64_t>(payload.size()),
          EgressContentHash(payload), std::move(kind)};
}

using internal::Stmt;
using internal::Transaction;

FedStore::FedStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu, const Clock* clock)
    : db_(std::move(db)), mu_(std::move(mu)), clock_(clock) {}
FedStore::FedStore(FedStore&&) noexcept = default;
FedStore& FedStore::operator=(FedStore&&) noexcept = default;
FedStore::~FedStore() = default;

Result<FedStore> FedStore::Open(const std::string& path, const StoreOptions& options) {
  LOKA_ASSIGN_OR_RETURN(internal::DbHandle db, internal::OpenDatabase(path, options));
  return FedStore(std::move(db), std::make_unique<std::mutex>(), options.clock);
}

Status FedStore::RecordEgress(const EgressRow& row) { return RecordEgress(std::vector{row}); }

Status FedStore::RecordEgress(const std::vector<EgressRow>& rows) {
  for (const EgressRow& row : rows) {
    if (row.bytes < 0 || row.destination.empty() || row.kind.empty()) {
      return InvalidArgument("egress: a record needs a destination, a kind and bytes >= 0");
    }
  }
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "INSERT INTO egress (time_ms, destination, bytes, "
                                               "content_hash, kind) VALUES (?, ?, ?, ?, ?)"));
  for (const EgressRow& row : rows) {
    st.Bind(1, row.time_ms).Bind(2, row.destination).Bind(3, row.bytes)
        .Bind(4, row.content_hash).Bind(5, row.kind);
    LOKA_RETURN_IF_ERROR(st.Run());
    LOKA_RETURN_IF_ERROR(st.Reset());
  }
  return tx.Commit();
}

Result<std::vector<EgressEntry>> FedStore::ListEgress(int64_t before_id, size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT id, time_ms, destination, bytes, content_hash, "
                                               "kind FROM egress WHERE ?1 <= 0 OR id < ?1 ORDER BY "
                                               "id DESC LIMIT ?2"));
  st.Bind(1, before_id).Bind(2, static_cast<int64_t>(limit));
  return st.Rows([](const Stmt& r) {
    EgressEntry e;
    e.id = r.Int(0);
    e.row = {r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5)};
    return e;
  });
}

Result<std::vector<EgressDay>> FedStore::EgressByDay(int64_t since_day) {
  std::lock_guard<std::mutex> lock(*mu_);
  // Unix days by floor division: time_ms >= 0 on every row a node writes.
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT time_ms / 86400000 AS day, kind, SUM(bytes), "
                                               "COUNT(*) FROM egress WHERE time_ms >= ?1 * 86400000 "
                                               "GROUP BY day, kind ORDER BY day, kind"));
  st.Bind(1, since_day);
  return st.Rows([](const Stmt& r) { return EgressDay{r.Int(0), r.Text(1), r.Int(2), r.Int(3)}; });
}

Result<std::vector<EgressDay>> FedStore::EgressTotals() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT kind, SUM(bytes), COUNT(*) FROM egress "
                                               "GROUP BY kind ORDER BY kind"));
  return st.Rows([](const Stmt& r) { return EgressDay{0, r.Text(0), r.Int(1), r.Int(2)}; });
}

Status FedStore::PutOutbox(const std::string& message_id, const std::vector<std::string>& chunks) {
  if (chunks.empty()) return InvalidArgument("outbox: an update has at least one chunk");
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "INSERT OR REPLACE INTO fed_outbox (message_id, "
                                               "chunk_index, chunk_count, bytes, created_at_ms) "
                                               "VALUES (?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < chunks.size(); ++i) {
    st.Bind(1, message_id).Bind(2, static_cast<int64_t>(i))
        .Bind(3, static_cast<int64_t>(chunks.size())).BindBlob(4, chunks[i])
        .Bind(5, clock_->NowMs());
    LOKA_RETURN_IF_ERROR(st.Run());
    LOKA_RETURN_IF_ERROR(st.Reset());
  }
  return tx.Commit();
}

Status FedStore::MarkChunkSent(const std::string& message_id, int64_t chunk_index) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "UPDATE fed_outbox SET sent_at_ms = ? WHERE "
                                               "message_id = ? AND chunk_index = ?"));
  st.Bind(1, clock_->NowMs()).Bind(2, message_id).Bind(3, chunk_index);
  LOKA_RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(db_.get()) == 0) {
    return NotFound("outbox: no chunk " + std::to_string(chunk_index) + " of message " + message_id);
  }
  return Status::Ok();
}

Result<std::vector<OutboxChunk>> FedStore::PendingChunks() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT message_id, chunk_index, chunk_count, bytes "
                                               "FROM fed_outbox WHERE sent_at_ms IS NULL ORDER BY "
                                               "created_at_ms, message_id, chunk_index"));
  return st.Rows([](const Stmt& r) { return OutboxChunk{r.Text(0), r.Int(1), r.Int(2), r.Blob(3)}; });
}

Result<int64_t> FedStore::PruneOutbox(int64_t before_ms) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "DELETE FROM fed_outbox WHERE sent_at_ms IS NOT NULL "
                                               "AND created_at_ms < ?"));
  st.Bind(1, before_ms);
  LOKA_RETURN_IF_ERROR(st.Run());
  return static_cast<int64_t>(sqlite3_changes(db_.get()));
}

Status FedStore::PutRound(const RoundRow& row) {
  if (row.state != "open" && row.state != "closed" && row.state != "empty") {
    return InvalidArgument("round state must be open, closed or empty");
  }
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "INSERT OR REPLACE INTO fed_rounds (fleet, round, "
                                               "version, state, chosen, updates, examples, "
                                               "metrics_json, opened_at_ms, closed_at_ms) VALUES "
                                               "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, row.fleet).Bind(2, row.round).Bind(3, row.version).Bind(4, row.state)
      .Bind(5, row.chosen).Bind(6, row.updates).Bind(7, row.examples).Bind(8, row.metrics_json)
      .Bind(9, row.opened_at_ms);
  if (row.closed_at_ms > 0) {
    st.Bind(10, row.closed_at_ms);
  } else {
    st.BindNull(10);
  }
  return st.Run();
}

Result<std::vector<RoundRow>> FedStore::ListRounds(const std::string& fleet, size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT fleet, round, version, state, chosen, updates, "
                                               "examples, metrics_json, opened_at_ms, "
                                               "COALESCE(closed_at_ms, 0) FROM fed_rounds WHERE "
                                               "fleet = ? ORDER BY round DESC LIMIT ?"));
  st.Bind(1, fleet).Bind(2, static_cast<int64_t>(limit));
  return st.Rows([](const Stmt& r) {
    return RoundRow{r.Text(0), r.Int(1), r.Int(2), r.Text(3), r.Int(4),
                    r.Int(5),  r.Int(6), r.Text(7), r.Int(8), r.Int(9)};
  });
}

}  // namespace loka::store
