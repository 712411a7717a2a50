// Everything a request handler may use, owned by the Node and built once at start-up. Members
// are thread-safe objects (see each class); the struct itself is never modified after Create.
#ifndef LOKA_NODE_CONTEXT_H_
#define LOKA_NODE_CONTEXT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "core/status.h"
#include "langid/identifier.h"
#include "node/auth.h"
#include "node/metrics.h"
#include "node/model_registry.h"
#include "node/options.h"
#include "node/train_queue.h"
#include "store/store.h"

namespace loka::node {

// Language identification as the node sees it: langid::Identifier::Identify, or a stand-in
// injected by tests. Must be safe to call from many threads at once.
using IdentifyFn = std::function<Status(std::string_view text, const langid::IdentifyOptions&,
                                        langid::LangResult*)>;

struct NodeContext {
  NodeOptions options;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Authenticator> auth;
  ModelRegistry models;
  std::unique_ptr<TrainQueue> train;
  IdentifyFn identify;  // null: POST /v1/langid answers 503
  std::unique_ptr<NodeMetrics> metrics;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

}  // namespace loka::node

#endif  // LOKA_NODE_CONTEXT_H_
