// The outbox worker (helpline/outbox.h).
#include "helpline/outbox.h"

#include <algorithm>
#include <chrono>

#include "helpline/inbound.h"

namespace loka::helpline {

int64_t RetryDelayMs(int failures, int64_t initial_ms, int64_t max_ms) {
  int64_t d = initial_ms;
  for (int i = 1; i < failures && d < max_ms; ++i) d *= 2;
  return std::min(d, max_ms);
}

store::EgressRow SmsEgressRow(int64_t time_ms, std::string_view destination,
                              const channels::OutgoingSms& sms) {
  return store::MakeEgressRow(time_ms, std::string(destination) + " to " + MaskNumber(sms.to),
                              sms.text, "sms");
}

OutboxWorker::OutboxWorker(store::HelplineStore* store, channels::SmsGateway* gateway,
                           const HelplineOptions& options,
                           std::function<void(const std::string&)> log,
                           store::EgressLedger* ledger)
    : store_(store), gateway_(gateway), options_(options), log_(std::move(log)),
      ledger_(ledger) {}

OutboxWorker::~OutboxWorker() { Stop(); }

Result<int> OutboxWorker::RunOnce() {
  const int64_t now = options_.clock->NowMs();
  LOKA_ASSIGN_OR_RETURN(std::vector<store::OutboxRecord> due,
                        store_->DueOutbound(now, options_.outbox_batch));
  int sent = 0;
  for (const store::OutboxRecord& o : due) {
    channels::OutgoingSms sms;
    sms.id = o.id;
    sms.to = o.number;
    sms.text = o.text;
    sms.ucs2 = o.encoding == "ucs2";
    LOKA_RETURN_IF_ERROR(store_->MarkHandingOver(o.id));
    const Status s = gateway_->Send(sms);
    if (s.ok()) {
      if (ledger_) ledger_->Record(SmsEgressRow(now, gateway_->Destination(), sms));
      LOKA_RETURN_IF_ERROR(store_->MarkSent(o.id));
      ++sent;
      continue;
    }
    const int failures = o.attempts + 1;
    const bool give_up = s.code() == StatusCode::kInvalidArgument ||
                         failures >= options_.outbox_max_attempts;
    const int64_t next = now + RetryDelayMs(failures, options_.outbox_retry_initial_ms,
                                            options_.outbox_retry_max_ms);
    LOKA_RETURN_IF_ERROR(store_->MarkAttemptFailed(o.id, s.ToString(), next, give_up));
    if (log_ && give_up) {
      log_("outbox: reply " + std::to_string(o.id) + " given up after " +
           std::to_string(failures) + " attempt(s): " + s.ToString());
    }
  }
  return sent;
}

void OutboxWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxWorker::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void OutboxWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Run() {
  for (;;) {
    Result<int> pass = RunOnce();
    if (!pass.ok() && log_) log_("outbox: " + pass.status().ToString());
    int64_t wait_ms = options_.outbox_poll_ms;
    Result<std::optional<int64_t>> next = store_->NextDueMs();
    if (next.ok() && next->has_value()) {
      wait_ms = std::clamp(**next - options_.clock->NowMs(), int64_t{0}, wait_ms);
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || woken_; });
    if (stop_) return;
    woken_ = false;
  }
}

}  // namespace loka::helpline
