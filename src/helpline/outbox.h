// The outbox worker: hands queued replies to the SMS gateway, due ones first, and reschedules a
// failed attempt with a doubling delay until outbox_max_attempts; the rows stay in SQLite
// throughout, so a reply queued while the gateway or the node is down goes out when both are
// back. A reply the gateway refuses outright (invalid_argument) is marked failed at once.
// Every reply the gateway takes is recorded on the egress ledger (kind "sms"): the gateway's
// address and the number masked (SmsEgressRow), never the number in clear.
//
// Thread contract: RunOnce from one thread at a time (tests call it directly with a
// ManualClock); Start runs it on a background thread; Wake and Stop from any thread.
#ifndef LOKA_HELPLINE_OUTBOX_H_
#define LOKA_HELPLINE_OUTBOX_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "channels/sms_gateway.h"
#include "core/status.h"
#include "helpline/options.h"
#include "store/egress_ledger.h"
#include "store/helpline.h"

namespace loka::helpline {

// The wait before attempt `failures` + 1 after `failures` failed ones (>= 1): initial_ms,
// doubling each time, at most max_ms.
int64_t RetryDelayMs(int failures, int64_t initial_ms, int64_t max_ms);

// The egress ledger's row for `sms` handed to the gateway at `destination`: kind "sms", the
// text's bytes and hash, and as destination "<destination> to <masked number>" (MaskNumber:
// the last 3 digits). Phone numbers are personal data and the ledger is shown and exported as
// an audit of what left the site, so it never holds one in clear; a hash would not hide it
// either (every number of a country can be hashed in minutes).
store::EgressRow SmsEgressRow(int64_t time_ms, std::string_view destination,
                              const channels::OutgoingSms& sms);

class OutboxWorker {
 public:
  // No pointer is owned; each must outlive the worker. `ledger` (may be null: nothing
  // recorded) gets a row for every reply the gateway takes, queued without waiting on SQLite.
  OutboxWorker(store::HelplineStore* store, channels::SmsGateway* gateway,
               const HelplineOptions& options,
               std::function<void(const std::string&)> log = nullptr,
               store::EgressLedger* ledger = nullptr);
  ~OutboxWorker();  // stops the thread
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // One pass over the replies due now: returns how many the gateway took.
  Result<int> RunOnce();

  // Runs passes on a thread: after each, waits until the next reply is due, Wake is called or
  // outbox_poll_ms passes.
  void Start();
  void Wake();
  void Stop();

 private:
  void Run();

  store::HelplineStore* store_;
  channels::SmsGateway* gateway_;
  HelplineOptions options_;
  std::function<void(const std::string&)> log_;
  store::EgressLedger* ledger_;
  std::mutex mu_;  // guards stop_, woken_
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_OUTBOX_H_
