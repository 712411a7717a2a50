// Federation inside a serving node (`loka serve --fed`): the node's agent (fed/node_agent.h)
// with a dataset stored in the node's database as its local data, the node's outbox and egress
// ledger, and a deploy hook that stores each global version the learner accepts as the next
// version of a named model (with what the node measured of it) and serves it at once. The
// federation rules (rounds, judging, deploying) stay in fed/; this is the glue between the node
// and the agent, which neither layer may include.
//
// Thread contract: Start and the destructor from one thread; stats() from any thread. Destroy
// before the Node whose context it uses.
#ifndef LOKA_CLI_SERVE_FED_H_
#define LOKA_CLI_SERVE_FED_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "fed/keys.h"
#include "fed/node_agent.h"
#include "node/context.h"

namespace loka::cli {

struct ServeFedOptions {
  // The broker, fleet and node id (agent.link, agent.learner.node_id); the store, ledger and
  // deploy hook are set by Start.
  fed::NodeAgentOptions agent;
  std::string hub_public_key;  // 32 bytes: the only signer of versions the node believes
  std::string dataset;         // the stored dataset (POST /v1/datasets) that is the local data
  std::string model;           // accepted versions become versions of this model
  // A larger dataset is refused at start (store::Store::ReadRows). The learner holds the rows
  // featurized in memory; 200,000 SMS-length rows are ~150 MB.
  size_t max_rows = 200000;
};

// The options Start needs named (a dataset and a model). Errors: invalid_argument naming the
// flag. Also called before the node opens its database, so a refused start creates nothing.
Status CheckServeFedOptions(const ServeFedOptions& options);

class ServeFed {
 public:
  // Errors: CheckServeFedOptions's, the dataset's (not_found, or empty), and
  // fed::NodeAgent::Start's.
  static Result<std::unique_ptr<ServeFed>> Start(node::NodeContext* ctx, ServeFedOptions options,
                                                 fed::SigningKey key);
  ~ServeFed();
  ServeFed(const ServeFed&) = delete;
  ServeFed& operator=(const ServeFed&) = delete;

  fed::NodeAgentStats stats() const { return agent_->stats(); }
  int64_t deployed() const { return deployed_.load(); }  // versions stored and served

 private:
  ServeFed(node::NodeContext* ctx, std::string model) : ctx_(ctx), model_(std::move(model)) {}
  void Deploy(const fed::DeployedVersion& d);

  node::NodeContext* ctx_;
  const std::string model_;
  std::string fleet_;
  std::atomic<int64_t> deployed_{0};
  std::unique_ptr<fed::NodeAgent> agent_;  // last: its worker calls Deploy
};

}  // namespace loka::cli

#endif  // LOKA_CLI_SERVE_FED_H_
