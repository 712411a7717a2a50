// The node's HTTP(S) server: cpp-httplib parses requests and writes answers, but the node owns
// every accepted connection, so no client can hold a worker thread before its request has
// arrived. Private to node/ (node.cc and http_server.cc are the only files that include
// cpp-httplib's server).
//
// How a connection goes: cpp-httplib's accept loop hands the socket over at once; one waiting
// thread (epoll) completes the TLS handshake and reads the request head (up to the blank line)
// into the connection's buffer, under a total deadline for handshake and head
// (NodeOptions::head_timeout_ms); only a complete head is queued for a worker thread, which
// reads the body under its own total deadline (NodeOptions::body_timeout_ms), answers, and
// hands a kept-alive connection back to the waiting thread. A connection that misses a deadline
// is closed; when more connections wait than NodeOptions::max_waiting_connections the oldest
// waiting one is closed. So slow or silent clients cost a socket and a few hundred bytes each,
// never a worker.
#ifndef LOKA_NODE_HTTP_SERVER_H_
#define LOKA_NODE_HTTP_SERVER_H_

#include <httplib.h>

#include <memory>

#include "core/status.h"
#include "node/options.h"

namespace loka::node {

// Thread contract: Create, then install handlers on server() and bind and listen from one
// thread (cpp-httplib's own contract); Stop from that thread after listen_after_bind returned.
class HttpServer {
 public:
  // A plain HTTP server, or HTTPS when options.tls_cert_path is set. Errors: not_found when a
  // TLS file is missing, invalid_argument when cpp-httplib/OpenSSL cannot load the pair.
  static Result<std::unique_ptr<HttpServer>> Create(const NodeOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  httplib::Server& server();
  bool tls() const;
  // Closes every waiting connection, lets the workers finish the requests they hold (answered
  // with Connection: close) and joins them. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Called by a handler on its worker thread: the connection closes once this answer is written,
// whatever the client asked (a refused request's body is never read), and the answer says so
// with one Connection: close header.
void CloseConnectionAfterAnswer();

}  // namespace loka::node

#endif  // LOKA_NODE_HTTP_SERVER_H_
