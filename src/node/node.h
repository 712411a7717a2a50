// The node: one process serving the HTTP JSON API, the dashboard and the metrics over one
// SQLite store. cpp-httplib stays inside node.cc.
//
// Lifecycle: Create (opens the store, loads models and the language-ID model) -> Listen (binds;
// after it returns OK, GET /healthz answers 200) -> Serve (blocks) ... Shutdown from any thread
// or a signal-watching thread -> Serve returns once in-flight requests have finished and the
// running training job has completed.
#ifndef LOKA_NODE_NODE_H_
#define LOKA_NODE_NODE_H_

#include <memory>
#include <vector>

#include "core/status.h"
#include "node/context.h"
#include "node/options.h"
#include "node/router.h"

namespace loka::node {

// Thread contract: Listen and Serve from one thread; Shutdown and port() from any.
class Node {
 public:
  // Errors: the store's (io_error, corrupt, failed_precondition for a newer schema), the
  // language-ID model's (not_found, corrupt). `identify` (optional) replaces the language-ID
  // model, for tests.
  static Result<std::unique_ptr<Node>> Create(NodeOptions options, IdentifyFn identify = nullptr);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Binds options.host:options.port. Errors: io_error when the address is taken or invalid.
  Status Listen();
  // Whether options.host:options.port can be bound now: binds a socket there and closes it, so
  // a caller can refuse to start before it creates anything (the database file). Another
  // process may still take the address before Listen, which then reports it. Errors: io_error
  // naming the address and the system's reason (address in use, not an address of this
  // machine, unknown host).
  static Status CheckListenAddress(const NodeOptions& options);
  // Serves until Shutdown. REQUIRES: Listen() succeeded.
  Status Serve();
  // Stops accepting connections, lets in-flight requests finish, stops the training queue.
  // Safe from any thread, idempotent.
  void Shutdown();

  int port() const;
  // The dashboard's address, "http://127.0.0.1:8080/" ("https://..." with TLS).
  std::string Url() const;
  NodeContext& context() { return *ctx_; }

 private:
  struct Impl;
  explicit Node(std::unique_ptr<NodeContext> ctx);
  void InstallHandlers();  // routes every request through Dispatch (node.cc)
  std::unique_ptr<NodeContext> ctx_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace loka::node

#endif  // LOKA_NODE_NODE_H_
