// The egress ledger's writer thread (store/egress_ledger.h).
#include "store/egress_ledger.h"

#include <chrono>
#include <vector>

namespace loka::store {

EgressLedger::EgressLedger(FedStore* store, EgressLedgerOptions options)
    : store_(store), options_(std::move(options)) {
  writer_ = std::thread([this] { Run(); });
}

EgressLedger::~EgressLedger() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void EgressLedger::Log(const std::string& line) const {
  if (options_.log) options_.log("egress ledger: " + line);
}

void EgressLedger::Record(EgressRow row) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() < options_.max_queued) {
      queue_.push_back(std::move(row));
      wake_.notify_one();
      return;
    }
  }
  ++unrecorded_;
  Log("queue full (" + std::to_string(options_.max_queued) + "): " + std::to_string(row.bytes) +
      " bytes to " + row.destination + " not recorded");
}

bool EgressLedger::WaitIdle(int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return idle_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                        [this] { return queue_.empty() && !busy_; });
}

void EgressLedger::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, everything written
    std::vector<EgressRow> batch(std::make_move_iterator(queue_.begin()),
                                 std::make_move_iterator(queue_.end()));
    queue_.clear();
    busy_ = true;
    lock.unlock();
    Status s = store_->RecordEgress(batch);
    for (int attempt = 1; !s.ok() && attempt < options_.attempts; ++attempt) {
      std::unique_lock<std::mutex> wait(mu_);
      // Stopping cuts the wait short, not the tries: the records are still wanted.
      wake_.wait_for(wait, std::chrono::milliseconds(options_.retry_ms), [this] { return stop_; });
      wait.unlock();
      s = store_->RecordEgress(batch);
    }
    if (s.ok()) {
      recorded_ += static_cast<int64_t>(batch.size());
    } else {
      unrecorded_ += static_cast<int64_t>(batch.size());
      Log(std::to_string(batch.size()) + " record(s) not written: " + s.ToString());
    }
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace loka::store
