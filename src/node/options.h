// Every limit and knob of the node, with its default. One struct, so a deployment can see all
// of them in one place (STYLE.md 4); `loka serve` exposes the common ones as flags.
#ifndef LOKA_NODE_OPTIONS_H_
#define LOKA_NODE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "channels/kannel.h"
#include "core/time.h"
#include "helpline/options.h"
#include "sense/retention.h"

namespace loka::node {

struct NodeOptions {
  // ---- Where.
  std::string db_path = "loka.db";  // the SQLite file (created and migrated if needed)
  // The database file grows no larger than this (store::StoreOptions::max_bytes): on a box
  // whose SD card also holds the system, a full disk stops more than the node. Writes past it
  // are answered 503 with Retry-After, the stored data intact. 0: the disk is the limit.
  int64_t max_db_bytes = 0;
  std::string host = "127.0.0.1";   // listen address; 0.0.0.0 exposes the node to the network
  int port = 8080;                  // 0 picks a free port (tests); Node::port() tells which
  // Language-ID model file; empty leaves POST /v1/langid answering 503 "unavailable".
  std::string langid_model_path;
  // Serve the dashboard from this directory instead of the copy embedded in the binary
  // (for editing web/ without rebuilding). Empty: embedded.
  std::string web_dir;

  // ---- HTTP (node/http_server.h says how a connection goes).
  // HTTPS: a PEM certificate (chain) and its PEM private key; both empty: plain HTTP. For
  // boxes without a reverse proxy in front (docs/node.md).
  std::string tls_cert_path;
  std::string tls_key_path;
  // Worker threads. A worker only ever holds a connection whose request head has fully
  // arrived, for as long as reading its body (body_timeout_ms) and answering take; slow or
  // silent clients wait in one epoll thread instead. An idle thread costs little (its stack is
  // virtual memory until touched).
  int threads = 64;
  // Total time from accept (or from the first byte of a kept-alive connection's next request)
  // to the blank line ending the request head, TLS handshake included; later, the connection
  // is closed. 10 s lets a phone on a bad 2G link send a head (a few hundred bytes) yet bounds
  // how long a slowloris connection lives; it never holds a worker meanwhile, so the limit is
  // about sockets, not threads. Measured (tests/node/hostile_client_test.cc, 8 workers, a
  // 2-core box at load ~12): with 200 such connections and an endless upload, /healthz p99 15
  // to 30 ms and 16 MB resident; with threads holding connections, every /healthz timed out.
  int head_timeout_ms = 10000;
  // Total time to read a body once its head is in, on a worker. 60 s carries the largest upload
  // (max_upload_bytes, 32 MiB) at ~4 Mbit/s; a request still sending then is answered 400 and
  // its connection closed.
  int body_timeout_ms = 60000;
  // After answering on a kept-alive connection, a worker waits this long for the next request's
  // complete head and serves it at once; otherwise the connection goes back to the waiting
  // thread. Spares busy clients the hand-over (two thread wake-ups and four system calls per
  // request); it is also the most a client that sent a complete request can then hold a worker.
  // Measured with bench/node_bench.sh (64 connections, POST /v1/langid, 2 cores shared with
  // wrk), against the node before connections were handed over: 2 ms gave 0.78x the requests/s
  // and 3x the p99, 20 ms 0.98x and 1.8x, 100 ms 1.09x and 0.91x (22,520 vs 20,630 requests/s,
  // p99 5.1 vs 5.6 ms).
  int next_request_wait_ms = 100;
  // Largest request head (request line plus headers); over it, 431 and the connection closes.
  // 16 KiB is twice cpp-httplib's own URI limit (8 KiB) and above what browsers send.
  size_t max_head_bytes = 16 * 1024;
  // Connections waiting for a head or idling between requests. Past it the one waiting longest
  // is closed, so a flood of slow connections evicts itself rather than new clients. Each
  // costs a socket and its buffer (at most max_head_bytes, usually a few hundred bytes); keep it
  // under the process's open-file limit (`ulimit -n`) minus the worker threads.
  size_t max_waiting_connections = 512;
  // Bodies over this many bytes are refused with 413 (every route but the two uploads below),
  // sized or chunked alike: reading stops at the limit and the connection closes.
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
  int keep_alive_timeout_s = 2;  // idle time between requests before closing
  // A body read that waits longer than this for the next byte fails (400), even inside
  // body_timeout_ms; answers likewise fail when the client reads nothing for write_timeout_s.
  int read_timeout_s = 10;
  int write_timeout_s = 10;

  // ---- Auth.
  // A verified key is cached this long, so revoking a key with `loka keys revoke` while the
  // node runs takes effect within this time. 0 checks the database on every request.
  int key_cache_ttl_ms = 2000;
  size_t key_cache_max_entries = 1024;
  // Where the node reads the time: the key cache, the store's timestamps, the readings' future
  // check, retention and the default ranges of readings queries (tests pass a ManualClock and
  // advance it instead of sleeping). Not owned; must outlive the node.
  const Clock* clock = &DefaultClock();

  // ---- Training.
  size_t train_queue_depth = 4;     // jobs waiting behind the running one; more is a 429
  size_t max_train_rows = 1000000;  // rows in one training job (body or dataset)
  size_t max_rows_per_append = 100000;  // rows in one POST /v1/datasets/{name}/rows
  // Distinct labels in one training job (and in one append). Each label is a row of the
  // output layer and a term of every example's softmax, so a million labels would make one
  // job take days; a routing or triage classifier has tens. Bodies are counted before they
  // are parsed, stored datasets before they are read (learn::TrainOptions::max_labels).
  size_t max_train_labels = 1000;
  // Epochs x training rows of one job (learn::TrainOptions::max_example_passes): automatic
  // epochs are lowered to fit, a job with explicit ones over it fails. 20,000,000 is 20 passes
  // over 1,000,000 rows, or the automatic 5..50 over anything up to 400,000.
  uint64_t max_train_example_passes = 20000000;
  // Weights of one job's model while it trains (learn::TrainOptions::max_weights: rows x
  // labels for the linear model, rows x 32 for the bag); the least frequent features drop
  // first. 2^22 floats are 16 MB, inside the node's 100 MB with the featurized rows beside
  // them; the demo desk model (5 labels, padded to 8 weights a row) has 24,307 features,
  // 194,456 weights, a twentieth of it.
  uint64_t max_train_weights = uint64_t{1} << 22;
  // Wall time of one job's training; a job still training after it fails. 600 s; a
  // running job can also be cancelled (DELETE /v1/jobs/{id}).
  double max_train_seconds = 600;
  // Training threads. 1 keeps a core free for serving on a 2-core box and makes training
  // deterministic for a given seed.
  int train_threads = 1;
  // Fraction of rows held out to measure the stored metrics, when there are at least
  // `min_rows_for_holdout` rows (fewer: metrics are on the training rows, flagged as such).
  double holdout_fraction = 0.1;
  size_t min_rows_for_holdout = 50;

  // ---- Sensor readings (docs/sense.md).
  // Readings in one POST /v1/readings batch or MQTT message (413 above); the body limit
  // (max_body_bytes) applies too, about 9,000 readings per MiB.
  size_t max_readings_per_batch = 10000;
  // Readings of POST /v1/readings batches and MQTT messages waiting for the commit in progress
  // (group commit, store::StoreOptions::max_queued_readings); a batch past it gets 429
  // (MQTT waits and retries).
  size_t readings_max_queued = 100000;
  // Stations and sensors (streams) that readings may create; a reading that would create one
  // more is refused as "stream_limit" (store::StoreOptions::max_stations, max_sensors), so a
  // client inventing station names cannot grow the node's memory. Each stream holds about
  // 12 KB of detector state (agri::SiteMonitor; about 11,900 bytes with the default
  // detectors, 10,184 of them the anomaly score's, agri::AnomalyScorer::StateBytes()), so 1,000
  // sensors cost about 12 MB of the node's 100 MB; 200 stations leave room for five sensors
  // each. Stations created with PUT /v1/stations/{id} count but are never refused.
  int64_t readings_max_stations = 200;
  int64_t readings_max_sensors = 1000;
  // Readings in one GET /v1/stations/{id}/readings answer ("truncated": true when cut).
  size_t max_readings_per_query = 100000;
  int64_t max_daily_query_days = 3660;  // span of one GET /v1/stations/{id}/daily
  // Readings stamped later than now plus this are refused as future_time (station clocks
  // drift; a batch can be in flight for a while).
  int64_t readings_max_future_skew_ms = 5 * 60 * 1000;
  // Raw readings older than this many days are deleted (their daily aggregates stay), checked
  // at most hourly during ingest; a reading already older than that when it arrives is refused
  // as expired. 0 keeps raw readings forever.
  int readings_retention_days = sense::kDefaultRetentionDays;
  // MQTT ingest: subscribe to loka/v1/<mqtt_site>/readings/+ on this broker. Empty host: off.
  std::string mqtt_host;
  int mqtt_port = 1883;
  std::string mqtt_site = "+";  // a site name, or "+" for every site
  // The client id of a persistent session (QoS 1, clean_session false): the broker keeps
  // messages published while the node is down and delivers them when it is back.
  std::string mqtt_client_id = "loka-node";
  int mqtt_keepalive_s = 30;
  int mqtt_reconnect_max_delay_s = 30;  // reconnect backoff grows from 1 s up to this
  // Credentials and TLS of every MQTT connection of the node. Who may publish readings is the
  // broker's decision (password_file, acl_file: docs/sense.md), so a broker reachable beyond
  // the box should require both. Empty username: connect without credentials.
  std::string mqtt_username;
  std::string mqtt_password;  // `loka serve` reads it from --mqtt-password-file, never argv
  // PEM CA the broker's certificate must chain to; non-empty turns TLS on (port 8883 by
  // convention). Empty: plain TCP, for a broker on the same box or a trusted link.
  std::string mqtt_ca_file;
  // Client certificate and key (PEM, both or neither), for listeners that require one.
  std::string mqtt_cert_file;
  std::string mqtt_key_file;
  // Skip the check that the broker's certificate names mqtt_host (the chain is still
  // checked). Off: a certificate for another name is refused.
  bool mqtt_tls_insecure = false;
  // An MQTT batch the store cannot take is tried this many times (the first included), the
  // waits growing from mqtt_store_retry_initial_ms, doubling, up to mqtt_store_retry_max_ms:
  // about 3.3 s in all. libmosquitto has already acknowledged the message, so one still not
  // stored is lost; it is counted (loka_mqtt_store_failures_total) and logged.
  int mqtt_store_attempts = 10;
  int mqtt_store_retry_initial_ms = 10;
  int mqtt_store_retry_max_ms = 1000;

  // ---- Alerts (sense/alerts.h).
  // New alerts are POSTed as JSON to this URL ("http://host:port/path"); empty: no webhook.
  std::string alert_webhook_url;
  // Attempts per alert (the first try plus retries, 0.5 s, 1 s, 2 s ... apart) before it is
  // given up and counted as failed.
  int alert_webhook_attempts = 4;
  int alert_webhook_timeout_ms = 2000;  // connect and read timeout of one attempt
  // Alerts waiting for the webhook; when full the oldest is dropped (and counted), so a dead
  // receiver never holds memory or ingest back.
  size_t alert_webhook_queue = 1000;

  // ---- Helpline (docs/helpline.md). Every limit of the pipeline is a field of
  // helpline::HelplineOptions with its default and reason; `loka serve` sets the common ones
  // (helpline.desk_model is --helpline-model). Its clock is set to `clock` above.
  helpline::HelplineOptions helpline;
  // The helpline looks a new message up in the knowledge base (its answers) only when the
  // knowledge base has passages; their count is read again at most this often. A search of an
  // empty knowledge base still costs a lock and a query: with it on every message,
  // bench/helpline_bench.sh fell from 6,000-6,400 to 4,400-5,100 messages/s. A document added
  // by another process (`loka kb add` on the same file) is answered from this long after.
  int64_t kb_size_refresh_ms = 1000;
  // Kannel's sendsms interface (channels/kannel.h), through which the outbox sends replies.
  // Empty kannel.username: no gateway; replies wait in the outbox. The node fills
  // kannel.dlr_url to point at its own /v1/kannel/dlr when it is empty.
  channels::KannelOptions kannel;
  // The shared secret Kannel puts in the URLs it calls (?token=): its sms-service and delivery
  // reports cannot send an Authorization header. Empty: the /v1/kannel routes answer 404.
  std::string kannel_token;

  // Diagnostics (start-up, failed jobs, models that fail to load). Null: silent.
  std::function<void(const std::string&)> log;
};

}  // namespace loka::node

#endif  // LOKA_NODE_OPTIONS_H_
