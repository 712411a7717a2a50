// The federation transport: the one place fed/ publishes, over channels/mqtt_client.h, on the
// topics of fed/topics.h. It publishes only SignedMessage values (which only EncodeMessage
// makes), and by role: a node's link carries model updates and metric reports and nothing else,
// a hub's link global versions and round announcements. Every payload a link publishes is
// reported to an egress callback (the node's sovereignty ledger) before it is handed to the
// client: destination, bytes, BLAKE2b hash, kind.
//
// Thread contract: Publish from any thread; the payload callback runs on the MQTT client's
// network thread, one at a time.
#ifndef LOKA_FED_LINK_H_
#define LOKA_FED_LINK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "channels/mqtt_client.h"
#include "core/time.h"
#include "core/status.h"
#include "fed/message.h"

namespace loka::fed {

// kHubWorker: one of several workers sharing a hub's load (docs/formats/update.md "Partial
// sums"): takes updates through a shared subscription and the relay topic of its id, reads the
// round announcements, publishes partial sums and relays chunks of nodes it does not own.
enum class LinkRole { kNode, kHub, kHubWorker };

// One payload that left this process.
struct EgressRecord {
  int64_t time_ms = 0;
  std::string destination;   // "mqtt://host:port/<topic>"
  int64_t bytes = 0;
  std::string content_hash;  // BLAKE2b-256, hex
  std::string kind;          // "fed_update", "fed_metric", "fed_global", "fed_round"
};

// A payload received on a federation topic: kind is "round", "model", "update", "metric" or
// "partial" (a relayed chunk comes as "update"); `sender` the topic's last level for update,
// metric and partial (a node or worker id), empty otherwise.
struct FedPayload {
  std::string_view kind;
  std::string_view sender;
  std::string_view payload;
  bool relayed = false;  // an update chunk another hub worker passed on (worker role)
};

// Payloads that arrive before their service is ready. FedLink::Start hands messages to the
// payload callback from its network thread before it returns (those queued for a persistent
// session come at once on connecting), while the service has no link yet and its hub has not
// started or resumed: the callback keeps them here, and the service plays them once it is
// ready. Not thread-safe: under the service's lock.
class EarlyPayloads {
 public:
  // mosquitto queues at most 1,000 QoS 1 messages for an offline client by default
  // (max_queued_messages); four times that covers a broker set higher. Each is at most a chunk
  // of 128 KB (fed/chunks.h).
  static constexpr size_t kMax = 4096;

  // Keeps a copy of `p`; false, and counted in dropped(), when kMax are already kept.
  bool Keep(const FedPayload& p);
  // Calls `fn` on each kept payload in the order they came, then forgets them.
  void Drain(const std::function<void(const FedPayload&)>& fn);
  size_t dropped() const { return dropped_; }

 private:
  struct Owned {
    std::string kind, sender, payload;
    bool relayed = false;
  };
  std::vector<Owned> kept_;
  size_t dropped_ = 0;
};

// The MQTT client id a federation client takes when its options name none: `prefix`, `id`,
// '@' and the fleet ("loka-fed-n1@district"). A broker keeps one persistent session per client
// id: without the fleet, a hub or node of another fleet on the same broker under the same id
// would take over the session, each connection closing the other's, one receiving (and
// dropping, as of another fleet) the updates queued for the other. '@' is not in a sender id,
// so the id ends at the first one.
std::string DefaultClientId(std::string_view prefix, std::string_view id, std::string_view fleet);

struct LinkOptions {
  channels::MqttOptions mqtt;  // client id: DefaultClientId("loka-fed-", self_id, fleet) by default
  std::string fleet = "default";
  std::string self_id;         // this node's id (node role) or worker's id (worker role)
  LinkRole role = LinkRole::kNode;
  // Hub role: the updates come through workers; the hub subscribes to their partial sums
  // instead of the nodes' updates. Off: one hub takes every update itself.
  bool updates_via_workers = false;
  // Worker role: the shared subscription's group; every worker of one hub uses the same.
  std::string share_group = "loka-hub";
  std::function<void(const EgressRecord&)> on_egress;  // null: not recorded
  const Clock* clock = &DefaultClock();
};

class FedLink {
 public:
  // Connects (in the background) and subscribes by role: a node to the round and model topics,
  // a hub to every node's update and metric topics. Errors: invalid_argument (bad ids, fleet),
  // and the MQTT client's.
  static Result<std::unique_ptr<FedLink>> Start(LinkOptions options,
                                                std::function<void(const FedPayload&)> on_payload);
  // Joins the client's network thread before the client goes: `on_payload` may publish
  // through this link until then.
  ~FedLink();
  FedLink(const FedLink&) = delete;
  FedLink& operator=(const FedLink&) = delete;
  // Chunks and publishes `message` (QoS 1; retained for a hub's global versions and rounds).
  // Errors: failed_precondition for a type this role does not send; the client's errors.
  Status Publish(const SignedMessage& message);
  // Worker role: `chunk`, received from `node`, passed unchanged to its owner `worker`.
  Status Relay(std::string_view worker, std::string_view node, std::string_view chunk);
  // Raw chunks of an already chunked message, for a node resuming an upload from its outbox.
  // Same role rule as Publish (`type` must be one this role sends).
  Status PublishChunk(MessageType type, size_t index, std::string_view chunk);

  channels::MqttClientStats mqtt_stats() const { return client_->stats(); }

 private:
  FedLink(LinkOptions options) : options_(std::move(options)) {}
  Result<std::string> TopicFor(MessageType type, size_t chunk) const;
  Status Send(MessageType type, const std::string& topic, std::string_view payload, bool retain);

  LinkOptions options_;
  std::unique_ptr<channels::MqttClient> client_;
  std::mutex mu_;               // guards model_chunks_
  size_t model_chunks_ = 0;     // chunks of the global version last published (hub)
};

// "fed_update" etc.: the ledger kind of a message type.
std::string_view EgressKind(MessageType type);

}  // namespace loka::fed

#endif  // LOKA_FED_LINK_H_
