// Federation's tables (migration 9): the egress ledger, the outbox of update chunks and the
// hub's round state. The ledger is the site's record of every byte that left it (federation
// payloads, and any other channel that reports there): time, destination, size, BLAKE2b hash,
// kind; never the bytes themselves.
//
// Durability: the same contract as store/store.h: every write is one committed transaction.
// Thread-safe: every method takes `mu_`, which guards the connection. Move-only. Opens its own
// connection to the node's SQLite file (WAL), so it works beside a Store on the same file.
#ifndef LOKA_STORE_FED_H_
#define LOKA_STORE_FED_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace loka::store {

struct EgressRow {
  int64_t time_ms = 0;
  std::string destination;
  int64_t bytes = 0;
  std::string content_hash;
  std::string kind;
};

struct EgressEntry {
  int64_t id = 0;
  EgressRow row;
};

// Bytes out per UTC day and kind.
struct EgressDay {
  int64_t day = 0;  // Unix day
  std::string kind;
  int64_t bytes = 0;
  int64_t messages = 0;
};

struct OutboxChunk {
  std::string message_id;
  int64_t chunk_index = 0;
  int64_t chunk_count = 0;
  std::string bytes;
};

struct RoundRow {
  std::string fleet;
  int64_t round = 0;
  int64_t version = 0;
  std::string state;  // "open", "closed", "empty"
  int64_t chosen = 0, updates = 0, examples = 0;
  std::string metrics_json = "{}";
  int64_t opened_at_ms = 0, closed_at_ms = 0;
};

// The ledger's content hash of a payload: BLAKE2b-256 of its bytes, lowercase hex.
std::string EgressContentHash(std::string_view bytes);
// The ledger row of `payload` sent to `destination` at `time_ms`: its size and hash.
EgressRow MakeEgressRow(int64_t time_ms, std::string destination, std::string_view payload,
                        std::string kind);

class FedStore {
 public:
  // Opens or creates `path` like Store::Open (same pragmas, same migrations).
  static Result<FedStore> Open(const std::string& path, const StoreOptions& options = {});
  FedStore(FedStore&&) noexcept;
  FedStore& operator=(FedStore&&) noexcept;
  ~FedStore();

  // Errors: invalid_argument (negative bytes, empty destination or kind).
  Status RecordEgress(const EgressRow& row);
  // Records every row in one transaction (all or none). Errors: as above, for any row.
  Status RecordEgress(const std::vector<EgressRow>& rows);
  // Newest first: entries with id < before_id (0: from the newest), at most `limit`.
  Result<std::vector<EgressEntry>> ListEgress(int64_t before_id, size_t limit);
  // Totals per UTC day and kind for days >= since_day, oldest first.
  Result<std::vector<EgressDay>> EgressByDay(int64_t since_day);
  // Every byte ever recorded, by kind.
  Result<std::vector<EgressDay>> EgressTotals();

  // Stores every chunk of an update before any is sent. Errors: invalid_argument (no chunk).
  Status PutOutbox(const std::string& message_id, const std::vector<std::string>& chunks);
  Status MarkChunkSent(const std::string& message_id, int64_t chunk_index);
  // Chunks not yet sent, oldest message first, by index.
  Result<std::vector<OutboxChunk>> PendingChunks();
  // Deletes sent chunks older than `before_ms`; returns how many.
  Result<int64_t> PruneOutbox(int64_t before_ms);

  // Inserts or replaces the row of (fleet, round).
  Status PutRound(const RoundRow& row);
  // Newest first, at most `limit`.
  Result<std::vector<RoundRow>> ListRounds(const std::string& fleet, size_t limit);

 private:
  FedStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu, const Clock* clock);
  internal::DbHandle db_;
  std::unique_ptr<std::mutex> mu_;  // guards db_
  const Clock* clock_;
};

}  // namespace loka::store

#endif  // LOKA_STORE_FED_H_
