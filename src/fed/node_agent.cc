#include "fed/node_agent.h"

#include <optional>
#include <utility>

#include "fed/chunks.h"

namespace loka::fed {

Result<std::unique_ptr<NodeAgent>> NodeAgent::Start(NodeAgentOptions options, SigningKey key,
                                                    std::string hub_public_key,
                                                    std::vector<learn::LabelledText> local_data) {
  options.link.role = LinkRole::kNode;
  options.link.self_id = options.learner.node_id;
  std::unique_ptr<NodeAgent> a(new NodeAgent(std::move(options)));
  LOKA_ASSIGN_OR_RETURN(a->learner_, Learner::Create(a->options_.learner, std::move(key),
                                                     std::move(hub_public_key), std::move(local_data)));
  LinkOptions link = a->options_.link;
  NodeAgent* self = a.get();
  auto outer = link.on_egress;
  link.on_egress = [self, outer](const EgressRecord& r) {
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      self->stats_.published_bytes += r.bytes;
      ++self->stats_.published_payloads;
      if (r.kind == EgressKind(MessageType::kUpdate)) self->stats_.update_bytes += r.bytes;
    }
    if (self->options_.ledger != nullptr) {
      self->options_.ledger->Record({r.time_ms, r.destination, r.bytes, r.content_hash, r.kind});
    } else if (self->options_.store != nullptr) {
      const Status s = self->options_.store->RecordEgress(
          {r.time_ms, r.destination, r.bytes, r.content_hash, r.kind});
      if (!s.ok()) self->Log("egress ledger: " + s.ToString());
    }
    if (outer) outer(r);
  };
  LOKA_ASSIGN_OR_RETURN(a->link_, FedLink::Start(std::move(link), [self](const FedPayload& p) {
    std::lock_guard<std::mutex> lock(self->mu_);
    if (self->stop_) return;
    if (self->queue_.size() >= self->options_.max_queue) {
      self->queue_.pop_front();
      ++self->stats_.queue_dropped;
    }
    self->queue_.emplace_back(p.kind == "round", std::string(p.payload));
    self->wake_.notify_one();
  }));
  LOKA_RETURN_IF_ERROR(a->ResumeOutbox());
  a->worker_ = std::thread([self] { self->Run(); });
  return a;
}

NodeAgent::~NodeAgent() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  link_.reset();  // stops the network thread before the learner goes
}

void NodeAgent::Log(const std::string& line) const {
  if (options_.log) options_.log(options_.learner.node_id + ": " + line);
}

NodeAgentStats NodeAgent::stats() const {
  NodeAgentStats s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    s = stats_;
  }
  std::lock_guard<std::mutex> lock(learner_mu_);
  s.learner = learner_->stats();
  return s;
}

std::vector<float> NodeAgent::served_weights() const {
  std::lock_guard<std::mutex> lock(learner_mu_);
  return learner_->served_weights();
}

Status NodeAgent::ResumeOutbox() {
  if (options_.store == nullptr) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(std::vector<store::OutboxChunk> pending, options_.store->PendingChunks());
  for (const store::OutboxChunk& c : pending) {
    LOKA_RETURN_IF_ERROR(link_->PublishChunk(MessageType::kUpdate, static_cast<size_t>(c.chunk_index), c.bytes));
    LOKA_RETURN_IF_ERROR(options_.store->MarkChunkSent(c.message_id, c.chunk_index));
  }
  if (!pending.empty()) Log("resumed " + std::to_string(pending.size()) + " unsent update chunks");
  return Status::Ok();
}

Status NodeAgent::PublishUpdate(const SignedMessage& message) {
  if (options_.store == nullptr || message.type() != MessageType::kUpdate) {
    return link_->Publish(message);
  }
  const std::vector<std::string> chunks = SplitIntoChunks(message.bytes(), message.id());
  const std::string id = std::to_string(message.id());
  LOKA_RETURN_IF_ERROR(options_.store->PutOutbox(id, chunks));
  for (size_t i = 0; i < chunks.size(); ++i) {
    LOKA_RETURN_IF_ERROR(link_->PublishChunk(MessageType::kUpdate, i, chunks[i]));
    LOKA_RETURN_IF_ERROR(options_.store->MarkChunkSent(id, static_cast<int64_t>(i)));
  }
  return Status::Ok();
}

void NodeAgent::Run() {
  for (;;) {
    std::deque<std::pair<bool, std::string>> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      batch.swap(queue_);
    }
    std::unique_lock<std::mutex> learner_lock(learner_mu_);
    for (const auto& [round, payload] : batch) {
      const Status s = learner_->Receive(payload, round);
      if (!s.ok()) Log("refused: " + s.ToString());
    }
    const uint32_t served_before = learner_->stats().served_version;
    Result<std::vector<SignedMessage>> work = learner_->Work();
    const uint32_t trained_round = learner_->stats().last_trained_round;
    std::optional<std::pair<std::vector<float>, TextModelSpec>> deployed;
    DeployedVersion d;
    const LearnerStats& ls = learner_->stats();
    if (options_.on_deploy && ls.served_version != served_before && ls.served_version > 0 &&
        learner_->plan()) {
      deployed.emplace(learner_->served_weights(), learner_->plan()->spec);
      d.version = ls.served_version;
      d.round = ls.version_round;
      d.heldout_accuracy = ls.last_heldout_accuracy;
      d.previous_accuracy = ls.last_previous_accuracy;
      d.heldout = ls.heldout_examples;
    }
    learner_lock.unlock();
    if (deployed) {
      d.weights = &deployed->first;
      d.spec = &deployed->second;
      options_.on_deploy(d);
    }
    if (!work.ok()) {
      // The learner's data and the fleet's spec stay the same from one payload to the next, so
      // does its refusal: logged when it appears, again only once it changed or work resumed.
      std::string error = work.status().ToString();
      if (error != last_work_error_) Log(error);
      last_work_error_ = std::move(error);
      continue;
    }
    last_work_error_.clear();
    for (const SignedMessage& m : *work) {
      if (m.type() == MessageType::kUpdate && options_.drop_update &&
          options_.drop_update(trained_round)) {
        Log("dropped out of round " + std::to_string(trained_round));
        continue;
      }
      const Status s = PublishUpdate(m);
      if (!s.ok()) {
        Log("publish: " + s.ToString());
      } else if (m.type() == MessageType::kUpdate) {
        std::lock_guard<std::mutex> lock(mu_);
        ++stats_.updates_published;
      }
    }
  }
}

}  // namespace loka::fed
