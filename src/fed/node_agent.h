// A node in a fleet: a Learner (fed/learner.h) on its own worker thread behind a FedLink. The
// MQTT callback only queues the hub's payloads; the worker checks them, trains when a round
// chooses the node, and publishes what the Learner returns. With an outbox (store/fed.h), every
// update's chunks are written to SQLite before the first is published and marked sent as each
// is handed to the client, so an upload cut by a crash resumes from the first unsent chunk when
// the agent starts again.
//
// Thread contract: Start and the destructor from one thread; stats() from any thread.
#ifndef LOKA_FED_NODE_AGENT_H_
#define LOKA_FED_NODE_AGENT_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "fed/learner.h"
#include "fed/link.h"
#include "store/egress_ledger.h"
#include "store/fed.h"

namespace loka::fed {

// A global version the node's learner deployed, with what the node measured of it.
struct DeployedVersion {
  uint32_t version = 0;
  uint32_t round = 0;             // the round that closed with this version
  double heldout_accuracy = 0;    // on the node's held-out share (fed/learner.h)
  double previous_accuracy = 0;   // of the version it served before, on the same share
  size_t heldout = 0;             // held-out examples
  const std::vector<float>* weights = nullptr;  // valid during the call
  const TextModelSpec* spec = nullptr;          // valid during the call
};

struct NodeAgentOptions {
  LinkOptions link;  // role kNode; self_id = learner.node_id
  LearnerOptions learner;
  // The durable outbox and egress ledger; null: updates are published from memory and egress
  // goes only to link.on_egress.
  store::FedStore* store = nullptr;
  // Where egress is recorded when set (a serving node's ledger writer, store/egress_ledger.h),
  // instead of synchronously in `store`. Not owned; must outlive the agent.
  store::EgressLedger* ledger = nullptr;
  // Called on the worker thread each time the learner starts serving a new global version
  // (never version 0, the hub's all-zero start): a serving node stores and serves it. Null: none.
  std::function<void(const DeployedVersion&)> on_deploy;
  // Simulation of a node that goes away mid-round: called after training with the round; true
  // drops the update unsent (the node trained, then lost its link). Null: never.
  std::function<bool(uint32_t round)> drop_update;
  // The worker's errors and refusals, as lines; a refusal to work that each payload would
  // repeat (local data without the fleet's labels) once, until it changes. Null: silent.
  std::function<void(const std::string&)> log;
  // The most hub payloads waiting for the worker; past it the oldest are dropped (a retained
  // chunk comes again on reconnect). A global version of 2^20 x 64 at 16 bits is ~1,000 chunks.
  size_t max_queue = 4096;
};

struct NodeAgentStats {
  LearnerStats learner;
  int64_t published_bytes = 0;     // every payload this agent published
  int64_t published_payloads = 0;
  int64_t update_bytes = 0;       // of them, chunks of model updates
  int64_t updates_published = 0;  // updates whose every chunk was handed to the client
  int64_t queue_dropped = 0;
};

class NodeAgent {
 public:
  // Errors: from Learner::Create and FedLink::Start; the outbox's when it cannot be read.
  static Result<std::unique_ptr<NodeAgent>> Start(NodeAgentOptions options, SigningKey key,
                                                  std::string hub_public_key,
                                                  std::vector<learn::LabelledText> local_data);
  ~NodeAgent();
  NodeAgent(const NodeAgent&) = delete;
  NodeAgent& operator=(const NodeAgent&) = delete;

  NodeAgentStats stats() const;
  // The weights the node serves now (a copy).
  std::vector<float> served_weights() const;

 private:
  explicit NodeAgent(NodeAgentOptions options) : options_(std::move(options)) {}
  void Run();
  Status PublishUpdate(const SignedMessage& message);
  Status ResumeOutbox();
  void Log(const std::string& line) const;

  NodeAgentOptions options_;
  mutable std::mutex learner_mu_;  // guards learner_ (the worker holds it while training)
  std::unique_ptr<Learner> learner_;
  std::unique_ptr<FedLink> link_;
  mutable std::mutex mu_;  // guards queue_, stop_, stats_ (never held while training)
  std::condition_variable wake_;
  std::deque<std::pair<bool, std::string>> queue_;  // (round topic?, payload)
  bool stop_ = false;
  NodeAgentStats stats_;
  // The learner's last refusal to work, as logged; empty after it worked. Worker thread only.
  std::string last_work_error_;
  std::thread worker_;
};

}  // namespace loka::fed

#endif  // LOKA_FED_NODE_AGENT_H_
