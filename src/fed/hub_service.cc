#include "fed/hub_service.h"

#include <chrono>
#include <optional>

#include "fed/transfer.h"

namespace loka::fed {
namespace {

// The fleet's latest version and its round as the broker retains them, when this hub signed
// them; nullopt when the broker retains none.
Result<std::optional<VersionFile>> FindRetainedVersion(const HubServiceOptions& o,
                                                       const std::string& public_key) {
  LinkOptions look = o.link;
  look.self_id = "resume";
  // Its own session: the hub's persistent one holds the updates queued while it was away.
  look.mqtt.client_id = DefaultClientId("loka-hub-resume-", o.hub.hub_id, o.link.fleet);
  look.mqtt.clean_session = true;
  Result<VersionFile> v = FetchRetainedVersion(look, o.hub.hub_id, public_key, o.resume_timeout_ms);
  if (!v.ok() && v.status().code() == StatusCode::kNotFound) {
    if (o.hub.log) o.hub.log("no retained version of fleet " + o.hub.fleet + ": starting at version 0");
    return std::optional<VersionFile>();
  }
  if (!v.ok()) return v.status().WithPrefix("hub: looking for the version to carry on from");
  return std::optional<VersionFile>(std::move(v).value());
}

}  // namespace

Result<std::unique_ptr<HubService>> HubService::Start(HubServiceOptions options, TextModelSpec spec,
                                                      LocalTrainOptions train,
                                                      CompressOptions compress,
                                                      Enrolment enrolment, SigningKey key) {
  options.link.role = LinkRole::kHub;
  options.link.updates_via_workers = !options.hub.workers.empty();
  if (options.link.mqtt.client_id.empty()) {
    options.link.mqtt.client_id =
        DefaultClientId("loka-hub-", options.hub.hub_id, options.link.fleet);
  }
  if (options.tick_ms <= 0) return InvalidArgument("hub: tick must be positive");
  std::unique_ptr<HubService> s(new HubService(std::move(options)));
  const std::string public_key = key.public_key();
  LOKA_ASSIGN_OR_RETURN(s->hub_, Hub::Create(s->options_.hub, std::move(spec), train, compress,
                                             std::move(enrolment), std::move(key)));
  std::optional<VersionFile> resume;
  if (s->options_.resume_timeout_ms > 0) {
    LOKA_ASSIGN_OR_RETURN(resume, FindRetainedVersion(s->options_, public_key));
  }
  HubService* self = s.get();
  // What arrives before the hub has its link and has started (its session's queued updates
  // come as soon as it connects) waits in early_, then is received as if it came just after.
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<FedLink> link,
                        FedLink::Start(s->options_.link, [self](const FedPayload& p) {
                          std::lock_guard<std::mutex> lock(self->mu_);
                          if (self->stop_) return;
                          if (!self->ready_) {
                            (void)self->early_.Keep(p);
                            return;
                          }
                          (void)self->hub_->Receive(std::string(p.sender), p.payload,
                                                    p.kind == "metric");
                          self->Tick();
                        }));
  {
    std::lock_guard<std::mutex> lock(s->mu_);
    s->link_ = std::move(link);
    LOKA_ASSIGN_OR_RETURN(std::vector<SignedMessage> first,
                          resume ? s->hub_->Resume(*resume) : s->hub_->Start());
    s->Publish(std::move(first));
    if (!s->hub_->stats().finished) s->RecordRound(s->hub_->open_round(), "open", 0);
    s->ready_ = true;
    bool early = false;
    s->early_.Drain([&](const FedPayload& p) {
      (void)s->hub_->Receive(std::string(p.sender), p.payload, p.kind == "metric");
      early = true;
    });
    if (s->early_.dropped() > 0 && s->options_.hub.log) {
      s->options_.hub.log("start: " + std::to_string(s->early_.dropped()) +
                          " payloads that came before the hub started were dropped (at most " +
                          std::to_string(EarlyPayloads::kMax) + " are kept)");
    }
    if (early) s->Tick();
  }
  s->ticker_ = std::thread([self] {
    std::unique_lock<std::mutex> lock(self->mu_);
    while (!self->stop_) {
      self->wake_.wait_for(lock, std::chrono::milliseconds(self->options_.tick_ms));
      if (!self->stop_) self->Tick();
    }
  });
  return s;
}

HubService::~HubService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  link_.reset();
}

void HubService::Publish(std::vector<SignedMessage> messages) {
  for (const SignedMessage& m : messages) {
    const Status s = link_->Publish(m);
    if (!s.ok() && options_.hub.log) options_.hub.log("publish: " + s.ToString());
  }
}

void HubService::RecordRound(const RoundPlan& plan, const char* state, int64_t closed_ms) {
  if (options_.store == nullptr) return;
  store::RoundRow r;
  r.fleet = plan.fleet;
  r.round = plan.round;
  r.version = plan.version;
  r.state = state;
  r.chosen = static_cast<int64_t>(plan.chosen.size());
  const HubStats& st = hub_->stats();
  if (closed_ms > 0 && std::string(state) == "closed") {
    r.updates = st.last_round_updates;
    r.examples = static_cast<int64_t>(st.last_round_examples);
  }
  r.opened_at_ms = plan.deadline_ms - options_.hub.round_timeout_ms;
  r.closed_at_ms = closed_ms;
  const Status s = options_.store->PutRound(r);
  if (!s.ok() && options_.hub.log) options_.hub.log("round state: " + s.ToString());
}

void HubService::Tick() {
  const int64_t connects = link_->mqtt_stats().connects;
  if (connects > connects_seen_) {
    connects_seen_ = connects;
    std::vector<SignedMessage> again;
    if (hub_->latest_global() != nullptr) again.push_back(*hub_->latest_global());
    if (hub_->latest_round() != nullptr && !hub_->stats().finished) again.push_back(*hub_->latest_round());
    Publish(std::move(again));
  }
  const RoundPlan before = hub_->open_round();
  const uint32_t version = hub_->stats().version;
  Result<std::vector<SignedMessage>> out = hub_->Tick();
  if (!out.ok()) {
    if (options_.hub.log) options_.hub.log("tick: " + out.status().ToString());
    return;
  }
  if (out->empty()) return;
  const bool new_version = hub_->stats().version != version;
  RecordRound(before, new_version ? "closed" : "empty", options_.hub.clock->NowMs());
  RecordRound(hub_->open_round(), "open", 0);
  Publish(std::move(out).value());
  if (new_version && options_.on_version) options_.on_version(*hub_);
}

HubStats HubService::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hub_->stats();
}

void HubService::With(const std::function<void(const Hub&)>& fn) const {
  std::lock_guard<std::mutex> lock(mu_);
  fn(*hub_);
}

}  // namespace loka::fed
