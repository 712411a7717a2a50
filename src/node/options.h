// Every limit and knob of the node, with its default. One struct, so a deployment can see all
// of them in one place (STYLE.md 4); `loka serve` exposes the common ones as flags.
#ifndef LOKA_NODE_OPTIONS_H_
#define LOKA_NODE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace loka::node {

struct NodeOptions {
  // ---- Where.
  std::string db_path = "loka.db";  // the SQLite file (created and migrated if needed)
  std::string host = "127.0.0.1";   // listen address; 0.0.0.0 exposes the node to the network
  int port = 8080;                  // 0 picks a free port (tests); Node::port() tells which
  // Language-ID model file; empty leaves POST /v1/langid answering 503 "unavailable".
  std::string langid_model_path;
  // Serve the dashboard from this directory instead of the copy embedded in the binary
  // (for editing web/ without rebuilding). Empty: embedded.
  std::string web_dir;

  // ---- HTTP.
  // Worker threads, each serving one keep-alive connection at a time (cpp-httplib's model):
  // connections beyond this wait until one closes, so size it to the clients expected at once.
  // An idle thread costs little (its stack is virtual memory until touched).
  int threads = 64;
  // Bodies over this many bytes are refused with 413 (every route but the two uploads below).
  size_t max_body_bytes = 1u << 20;  // 1 MiB
  // Limit for POST /v1/models/{name}/train and POST /v1/datasets/{name}/rows, which carry
  // labelled rows. Also the hard cap at which the HTTP layer stops reading a body.
  size_t max_upload_bytes = 32u << 20;  // 32 MiB
  // Texts in one batch ({"texts": [...]}) for langid and predict; more is a 413.
  size_t max_batch_texts = 1000;
  // Nesting depth of a JSON body; deeper is a 400 (guards the parser's stack).
  int max_json_depth = 32;
  // Connections the kernel queues before accept. cpp-httplib listens with a backlog of 5, so
  // 64 clients connecting at once overflowed it and some waited ~1 s for a SYN retransmission
  // (a p99 of 700 ms under wrk); the node re-listens with this backlog after binding.
  int listen_backlog = 1024;
  // Requests per connection before the node closes it (each reconnect costs a handshake).
  int keep_alive_max_requests = 100000;
  int keep_alive_timeout_s = 2;        // idle time before closing; also bounds shutdown wait
  int read_timeout_s = 10;             // a client that stalls mid-request longer is dropped
  int write_timeout_s = 10;

  // ---- Auth.
  // A verified key is cached this long, so revoking a key with `loka keys revoke` while the
  // node runs takes effect within this time. 0 checks the database on every request.
  int key_cache_ttl_ms = 2000;
  size_t key_cache_max_entries = 1024;

  // ---- Training.
  size_t train_queue_depth = 4;     // jobs waiting behind the running one; more is a 429
  size_t max_train_rows = 1000000;  // rows in one training job (body or dataset)
  size_t max_rows_per_append = 100000;  // rows in one POST /v1/datasets/{name}/rows
  // Training threads. 1 keeps a core free for serving on a 2-core box and makes training
  // deterministic for a given seed.
  int train_threads = 1;
  // Fraction of rows held out to measure the stored metrics, when there are at least
  // `min_rows_for_holdout` rows (fewer: metrics are on the training rows, flagged as such).
  double holdout_fraction = 0.1;
  size_t min_rows_for_holdout = 50;

  // Diagnostics (start-up, failed jobs, models that fail to load). Null: silent.
  std::function<void(const std::string&)> log;
};

}  // namespace loka::node

#endif  // LOKA_NODE_OPTIONS_H_
