// The egress ledger's writer: the threads that send bytes off the site (the webhook's sender,
// the MQTT client's network thread, which is also the readings ingest thread) hand each record
// to a bounded queue and return at once; one writer thread commits what is queued to the
// ledger (FedStore::RecordEgress, one transaction per batch). A sender thread therefore never
// waits on SQLite, in particular never on a lock held by the readings commit it is part of.
//
// Durability: a record is on disk shortly after Record returns (one commit of the writer, a few
// milliseconds), not before; records still queued are written by the destructor. A process
// killed in between loses those records (not the bytes' sending): the price of never blocking
// a sender on the database.
//
// Thread contract: Record, WaitIdle and the counters from any thread; the destructor from the
// owner once no thread records any more.
#ifndef LOKA_STORE_EGRESS_LEDGER_H_
#define LOKA_STORE_EGRESS_LEDGER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/fed.h"

namespace loka::store {

struct EgressLedgerOptions {
  // Records waiting for the writer. ~200 bytes each, so 10,000 is ~2 MB: far more than an
  // alert storm (the site monitor raises a handful per batch) can queue in one commit's time.
  // Past it a record is not kept: counted (unrecorded()) and logged, never blocking the sender.
  size_t max_queued = 10000;
  // A batch the store refused (a full disk, a database busy past its timeout) is tried again
  // after this wait, up to `attempts` tries in all; then counted as unrecorded and logged.
  int retry_ms = 200;
  int attempts = 5;
  std::function<void(const std::string&)> log;  // failures; null: silent
};

class EgressLedger {
 public:
  // `store` must outlive the ledger. Starts the writer thread.
  EgressLedger(FedStore* store, EgressLedgerOptions options);
  // Writes every queued record, then stops the writer.
  ~EgressLedger();
  EgressLedger(const EgressLedger&) = delete;
  EgressLedger& operator=(const EgressLedger&) = delete;

  // Queues `row` and returns without touching the database.
  void Record(EgressRow row);
  // Waits up to `timeout_ms` until every record queued so far is committed (or given up).
  // True when it is.
  bool WaitIdle(int timeout_ms);

  int64_t recorded() const { return recorded_.load(); }
  int64_t unrecorded() const { return unrecorded_.load(); }

 private:
  void Run();
  void Log(const std::string& line) const;

  FedStore* store_;
  const EgressLedgerOptions options_;
  std::mutex mu_;  // guards queue_, stop_, busy_
  std::condition_variable wake_, idle_;
  std::deque<EgressRow> queue_;
  bool stop_ = false;
  bool busy_ = false;  // the writer holds a batch it has not finished
  std::atomic<int64_t> recorded_{0}, unrecorded_{0};
  std::thread writer_;  // last: started after everything it uses
};

}  // namespace loka::store

#endif  // LOKA_STORE_EGRESS_LEDGER_H_
