#include "fed/link.h"

#include "fed/chunks.h"
#include "fed/keys.h"
#include "fed/topics.h"
#include "store/fed.h"

namespace loka::fed {

std::string_view EgressKind(MessageType type) {
  switch (type) {
    case MessageType::kUpdate: return "fed_update";
    case MessageType::kMetric: return "fed_metric";
    case MessageType::kGlobal: return "fed_global";
    case MessageType::kRound: return "fed_round";
    case MessageType::kPartial: return "fed_partial";
  }
  return "fed_unknown";
}

std::string DefaultClientId(std::string_view prefix, std::string_view id, std::string_view fleet) {
  return std::string(prefix) + std::string(id) + "@" + std::string(fleet);
}

Result<std::unique_ptr<FedLink>> FedLink::Start(LinkOptions options,
                                                std::function<void(const FedPayload&)> on_payload) {
  if (options.fleet.empty() || options.fleet.find_first_of("/+#") != std::string::npos) {
    return InvalidArgument("fleet '" + options.fleet + "' must be one topic level without / + #");
  }
  if (options.role != LinkRole::kHub && !ValidSenderId(options.self_id)) {
    return InvalidArgument("node or worker id '" + options.self_id + "' is not 1-32 of [A-Za-z0-9_.-]");
  }
  if (options.role == LinkRole::kHubWorker &&
      (options.share_group.empty() || options.share_group.find_first_of("/+#") != std::string::npos)) {
    return InvalidArgument("share group '" + options.share_group + "' must be one topic level");
  }
  if (options.mqtt.client_id.empty()) {
    options.mqtt.client_id = DefaultClientId("loka-fed-", options.self_id, options.fleet);
  }
  std::vector<channels::MqttSubscription> subs;
  const std::string fleet = options.fleet;
  const std::string relay = RelayTopicPrefix(fleet, options.self_id);
  if (options.role == LinkRole::kNode) {
    subs = {{RoundTopic(fleet), 1}, {ModelTopicFilter(fleet), 1}};
  } else if (options.role == LinkRole::kHubWorker) {
    subs = {{SharedUpdateFilter(options.share_group, fleet), 1}, {relay + "+", 1},
            {RoundTopic(fleet), 1}};
  } else {
    subs = {{NodeTopicsFilter(fleet, options.updates_via_workers ? "partial" : "update"), 1},
            {NodeTopicsFilter(fleet, "metric"), 1}};
  }
  std::unique_ptr<FedLink> link(new FedLink(std::move(options)));
  const LinkRole role = link->options_.role;
  auto on_message = [role, fleet, relay, cb = std::move(on_payload)](const channels::MqttMessage& m) {
    if (m.payload.empty()) return;  // a cleared retained chunk
    FedPayload p;
    p.payload = m.payload;
    if (role == LinkRole::kHubWorker && m.topic.substr(0, relay.size()) == relay) {
      const std::string_view node = m.topic.substr(relay.size());
      if (!ValidSenderId(node)) return;
      p.kind = "update";
      p.sender = node;
      p.relayed = true;
      cb(p);
      return;
    }
    std::string f, kind, last;
    if (!ParseFedTopic(m.topic, &f, &kind, &last) || f != fleet) return;
    if (role == LinkRole::kNode && kind != "round" && kind != "model") return;
    if (role == LinkRole::kHub && kind != "update" && kind != "metric" && kind != "partial") return;
    if (role == LinkRole::kHubWorker && kind != "update" && kind != "round") return;
    p.kind = kind;
    p.sender = kind == "round" || kind == "model" ? std::string_view() : std::string_view(last);
    cb(p);
  };
  // Created, stored, then connected: the callback may publish through client_ at once.
  LOKA_ASSIGN_OR_RETURN(link->client_,
                        channels::MqttClient::Create(link->options_.mqtt, std::move(subs), on_message));
  LOKA_RETURN_IF_ERROR(link->client_->Connect());
  return link;
}

FedLink::~FedLink() {
  if (client_) client_->Stop();
}

Result<std::string> FedLink::TopicFor(MessageType type, size_t chunk) const {
  const bool node = options_.role == LinkRole::kNode;
  const bool worker = options_.role == LinkRole::kHubWorker;
  if (worker != (type == MessageType::kPartial)) {
    return FailedPrecondition(std::string("only a hub worker publishes partial sums, and nothing else; not ") +
                              std::string(MessageTypeName(type)));
  }
  switch (type) {
    case MessageType::kPartial:
      return PartialTopic(options_.fleet, options_.self_id);
    case MessageType::kUpdate:
      if (node) return UpdateTopic(options_.fleet, options_.self_id);
      break;
    case MessageType::kMetric:
      if (node) return MetricTopic(options_.fleet, options_.self_id);
      break;
    case MessageType::kGlobal:
      if (!node) return ModelChunkTopic(options_.fleet, chunk);
      break;
    case MessageType::kRound:
      if (!node) return RoundTopic(options_.fleet);
      break;
  }
  return FailedPrecondition(std::string("a ") + (node ? "node" : "hub") + " does not publish " +
                            std::string(MessageTypeName(type)) + " messages");
}

Status FedLink::Send(MessageType type, const std::string& topic, std::string_view payload,
                     bool retain) {
  if (options_.on_egress) {
    EgressRecord r;
    r.time_ms = options_.clock->NowMs();
    r.destination = "mqtt://" + options_.mqtt.host + ":" + std::to_string(options_.mqtt.port) + "/" + topic;
    r.bytes = static_cast<int64_t>(payload.size());
    r.content_hash = store::EgressContentHash(payload);
    r.kind = EgressKind(type);
    options_.on_egress(r);
  }
  return client_->Publish(topic, payload, 1, retain);
}

Status FedLink::Relay(std::string_view worker, std::string_view node, std::string_view chunk) {
  if (options_.role != LinkRole::kHubWorker) return FailedPrecondition("only a hub worker relays chunks");
  if (!ValidSenderId(worker) || !ValidSenderId(node)) return InvalidArgument("relay: bad worker or node id");
  return client_->Publish(RelayTopicPrefix(options_.fleet, worker) + std::string(node), chunk, 1, false);
}

Status FedLink::PublishChunk(MessageType type, size_t index, std::string_view chunk) {
  LOKA_ASSIGN_OR_RETURN(std::string topic, TopicFor(type, index));
  return Send(type, topic, chunk, type == MessageType::kGlobal);
}

Status FedLink::Publish(const SignedMessage& message) {
  const MessageType type = message.type();
  LOKA_RETURN_IF_ERROR(TopicFor(type, 0).status());
  const std::vector<std::string> chunks = SplitIntoChunks(message.bytes(), message.id());
  const bool retain = options_.role == LinkRole::kHub;  // a worker's partial sums are not
  for (size_t i = 0; i < chunks.size(); ++i) {
    LOKA_ASSIGN_OR_RETURN(std::string topic, TopicFor(type, i));
    LOKA_RETURN_IF_ERROR(Send(type, topic, chunks[i], retain));
  }
  if (type == MessageType::kGlobal) {
    // Clears the retained chunks of a larger earlier version, so a returning node finds only
    // the chunks of the latest one.
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = chunks.size(); i < model_chunks_; ++i) {
      LOKA_RETURN_IF_ERROR(client_->Publish(ModelChunkTopic(options_.fleet, i), "", 1, true));
    }
    model_chunks_ = chunks.size();
  }
  return Status::Ok();
}

bool EarlyPayloads::Keep(const FedPayload& p) {
  if (kept_.size() >= kMax) {
    ++dropped_;
    return false;
  }
  kept_.push_back({std::string(p.kind), std::string(p.sender), std::string(p.payload), p.relayed});
  return true;
}

void EarlyPayloads::Drain(const std::function<void(const FedPayload&)>& fn) {
  std::vector<Owned> kept = std::move(kept_);
  kept_.clear();
  for (const Owned& o : kept) fn(FedPayload{o.kind, o.sender, o.payload, o.relayed});
}

}  // namespace loka::fed
