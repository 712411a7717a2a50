#include "fed/hub_worker.h"

#include <algorithm>
#include <chrono>

#include "fed/hub.h"

namespace loka::fed {

const std::string& OwnerOf(const std::vector<std::string>& workers, std::string_view node) {
  uint32_t h = 2166136261u;  // FNV-1a-32 (docs/formats/update.md "Partial sums")
  for (const char c : node) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return workers[h % workers.size()];
}

Result<std::unique_ptr<HubWorker>> HubWorker::Create(HubWorkerOptions options, Enrolment enrolment,
                                                     SigningKey key) {
  std::sort(options.workers.begin(), options.workers.end());
  if (!ValidSenderId(options.worker_id) || !ValidSenderId(options.hub_id) ||
      !std::binary_search(options.workers.begin(), options.workers.end(), options.worker_id)) {
    return InvalidArgument("hub worker: bad id '" + options.worker_id + "', or not in the worker list");
  }
  if (enrolment.size() == 0) return InvalidArgument("hub worker: the enrolment list is empty");
  return std::unique_ptr<HubWorker>(new HubWorker(std::move(options), std::move(enrolment), std::move(key)));
}

HubWorker::HubWorker(HubWorkerOptions options, Enrolment enrolment, SigningKey key)
    : options_(std::move(options)),
      enrolment_(std::move(enrolment)),
      key_(std::move(key)),
      rounds_(options_.assembler,
              [this](std::string_view id) -> const std::string* {
                return id == options_.hub_id ? &key_.public_key() : nullptr;
              },
              options_.max_cells),
      updates_(options_.assembler, [this](std::string_view id) { return enrolment_.Find(id); },
               options_.max_cells) {}

Status HubWorker::Refuse(Reason reason, Status status, bool count) {
  if (count) updates_.Count(reason);
  stats_.rejected = updates_.rejected();
  if (options_.log) options_.log("refused (" + std::string(ReasonName(reason)) + "): " + status.message());
  return status;
}

Status HubWorker::ReceiveRound(std::string_view payload) {
  Receiver::Outcome got = rounds_.Take(options_.hub_id, payload, "round announcement");
  if (got.state == Receiver::Outcome::State::kPending) return Status::Ok();
  if (got.state == Receiver::Outcome::State::kRejected) {
    // A retained announcement comes again on each reconnection: not an error.
    return got.rejection.reason == Reason::kReplayed ? Status::Ok() : got.rejection.status;
  }
  if (got.message.type != MessageType::kRound) {
    return InvalidArgument("round announcement: wrong message type for its topic");
  }
  LOKA_ASSIGN_OR_RETURN(RoundPlan p, RoundPlanFromJson(got.message.json, "round announcement"));
  if (plan_ && p.round <= plan_->round) return Status::Ok();
  plan_ = std::move(p);
  stats_.round = plan_->round;
  sum_.clear();
  summed_.clear();
  examples_ = 0;
  return Status::Ok();
}

Result<std::optional<SignedMessage>> HubWorker::ReceiveUpdate(const std::string& node,
                                                             std::string_view payload) {
  const std::string what = "update from " + node;
  Receiver::Outcome got = updates_.Take(node, payload, what);
  if (got.state == Receiver::Outcome::State::kPending) return std::optional<SignedMessage>();
  if (got.state == Receiver::Outcome::State::kRejected) {
    return Refuse(got.rejection.reason, got.rejection.status, false);
  }
  const Message& m = got.message;
  if (!plan_) return Refuse(Reason::kStaleRound, FailedPrecondition(what + ": no round announced yet"), true);
  const bool already = std::binary_search(summed_.begin(), summed_.end(), node);
  if (std::optional<Rejection> no = CheckRoundUpdate(*plan_, true, 0, plan_->spec, node, m, already, what)) {
    return Refuse(no->reason, no->status, true);
  }
  const uint32_t cols = m.matrix.cols;
  const float n = static_cast<float>(std::max<uint64_t>(1, m.example_count));
  for (size_t i = 0; i < m.matrix.index.size(); ++i) {
    std::vector<float>& row = sum_[m.matrix.index[i]];
    row.resize(cols, 0.f);
    for (uint32_t c = 0; c < cols; ++c) row[c] += n * m.matrix.Value(i, c);
  }
  summed_.insert(std::upper_bound(summed_.begin(), summed_.end(), node), node);
  examples_ += std::max<uint64_t>(1, m.example_count);
  ++stats_.updates_accepted;

  Message partial = NewMessage(MessageType::kPartial, options_.worker_id, options_.clock->NowMs(),
                               plan_->round, plan_->version);
  partial.model_kind = ModelKind::kTextLinear;
  partial.example_count = examples_;
  partial.updates = static_cast<uint32_t>(summed_.size());
  std::vector<uint32_t> rows;
  std::vector<float> values;
  for (const auto& [r, v] : sum_) {
    rows.push_back(r);
    values.insert(values.end(), v.begin(), v.end());
  }
  partial.matrix = QuantizeRows(plan_->spec.rows(), cols, 32, std::move(rows), values);
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(partial, key_));
  ++stats_.partials_made;
  return std::optional<SignedMessage>(std::move(out));
}

void HubWorker::Tick() {
  for (const Rejection& r : updates_.Expire()) {
    if (options_.log) options_.log("refused (timed_out): " + r.status.message());
  }
  (void)rounds_.Expire();
  stats_.rejected = updates_.rejected();
}

Result<std::unique_ptr<HubWorkerService>> HubWorkerService::Start(HubWorkerServiceOptions options,
                                                                  Enrolment enrolment, SigningKey key) {
  options.link.role = LinkRole::kHubWorker;
  options.link.self_id = options.worker.worker_id;
  if (options.link.mqtt.client_id.empty()) {
    options.link.mqtt.client_id =
        DefaultClientId("loka-hub-", options.worker.worker_id, options.link.fleet);
  }
  if (options.tick_ms <= 0) return InvalidArgument("hub worker: tick must be positive");
  std::unique_ptr<HubWorkerService> s(new HubWorkerService(std::move(options)));
  LOKA_ASSIGN_OR_RETURN(s->worker_, HubWorker::Create(s->options_.worker, std::move(enrolment), std::move(key)));
  HubWorkerService* self = s.get();
  // What arrives before the worker has its link (its session's queued chunks come as soon as
  // it connects) waits in early_, then is taken as if it came just after.
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<FedLink> link,
                        FedLink::Start(s->options_.link,
                                       [self](const FedPayload& p) { self->OnPayload(p); }));
  {
    std::lock_guard<std::mutex> lock(s->mu_);
    s->link_ = std::move(link);
    s->ready_ = true;
    s->early_.Drain([&](const FedPayload& p) { s->TakePayload(p); });
    if (s->early_.dropped() > 0) {
      s->Log("start: " + std::to_string(s->early_.dropped()) +
             " payloads that came before the worker started were dropped (at most " +
             std::to_string(EarlyPayloads::kMax) + " are kept)");
    }
  }
  s->ticker_ = std::thread([self] {
    std::unique_lock<std::mutex> lock(self->mu_);
    while (!self->stop_) {
      self->wake_.wait_for(lock, std::chrono::milliseconds(self->options_.tick_ms));
      if (!self->stop_) self->worker_->Tick();
    }
  });
  return s;
}

HubWorkerService::~HubWorkerService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  link_.reset();
}

void HubWorkerService::Log(const std::string& line) const {
  if (options_.worker.log) options_.worker.log(line);
}

void HubWorkerService::OnPayload(const FedPayload& p) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stop_) return;
  if (!ready_) {
    (void)early_.Keep(p);
    return;
  }
  TakePayload(p);
}

void HubWorkerService::TakePayload(const FedPayload& p) {
  if (p.kind == "round") {
    const Status s = worker_->ReceiveRound(p.payload);
    if (!s.ok()) Log("round: " + s.ToString());
    return;
  }
  const std::string node(p.sender);
  if (!p.relayed) ++worker_->stats().chunks_shared;
  if (!worker_->Owns(node)) {
    if (p.relayed) {  // the workers' lists differ: passing it on again could loop
      Log("relay: a chunk of " + node + " that this worker does not own; check the worker lists");
      return;
    }
    ++worker_->stats().chunks_relayed;
    const Status s = link_->Relay(worker_->Owner(node), node, p.payload);
    if (!s.ok()) Log("relay: " + s.ToString());
    return;
  }
  Result<std::optional<SignedMessage>> partial = worker_->ReceiveUpdate(node, p.payload);
  if (!partial.ok() || !partial->has_value()) return;  // refusals are logged by the worker
  const Status s = link_->Publish(**partial);
  if (!s.ok()) Log("publish: " + s.ToString());
}

HubWorkerStats HubWorkerService::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return worker_->stats();
}

}  // namespace loka::fed
