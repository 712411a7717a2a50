#include "node/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace loka::node {
namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_close_after_answer = false;
// The request a worker is answering, from cpp-httplib's setup hook (null between requests).
// CloseConnectionAfterAnswer marks it "Connection: close": cpp-httplib then writes that header
// once, and no Keep-Alive header, as it does when the client asks to close.
thread_local httplib::Request* t_request = nullptr;

// How much a closing connection reads and throws away after its answer, so the client reads the
// answer instead of a reset (a close with unread bytes makes the kernel send RST).
constexpr size_t kLingerDiscardBytes = 256 * 1024;
constexpr auto kLingerTime = std::chrono::milliseconds(500);
constexpr size_t kReadChunkBytes = 16 * 1024;

// On every answer, API and dashboard alike. The dashboard (web/) loads only its own script and
// style files and calls only its own API, so 'self' is all it needs (plus the empty data: icon
// in index.html that spares a /favicon.ico request); no other site may frame it
// (CSP frame-ancestors, and X-Frame-Options for browsers that predate it), browsers must not
// guess a content type, and no Referer leaves with a link followed from it.
const httplib::Headers& SecurityHeaders() {
  static const httplib::Headers kHeaders = {
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  };
  return kHeaders;
}

// One accepted connection: its socket (non-blocking), its TLS session (null for plain HTTP) and
// the bytes read but not yet parsed. Owned by one thread at a time: the waiting thread, the
// ready queue, or one worker.
struct Conn {
  int fd = -1;
  SSL* ssl = nullptr;
  bool handshake_done = false;
  std::string in;  // bytes read; the parser has consumed those before in_pos
  size_t in_pos = 0;
  Clock::time_point deadline;
  uint64_t seq = 0;   // order of entry into the waiting set (the oldest is closed first)
  int requests = 0;   // answered on this connection
  bool idle = false;  // kept alive, no byte of the next request yet
  bool lingering = false;
  size_t linger_left = 0;

  Conn(int f, SSL* s) : fd(f), ssl(s) {}
  ~Conn() {
    if (ssl != nullptr) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  size_t buffered() const { return in.size() - in_pos; }
  bool HeadComplete() const { return in.find("\r\n\r\n", in_pos) != std::string::npos; }
  void Compact() {
    in.erase(0, in_pos);
    in_pos = 0;
  }
};

enum class Io { kData, kWouldBlock, kClosed };

// Appends what the socket has (decrypted for TLS), at most `max` bytes.
Io ReadInto(Conn& c, size_t max) {
  const size_t old = c.in.size();
  const size_t n = std::min(max, kReadChunkBytes);
  c.in.resize(old + n);
  ssize_t r;
  if (c.ssl != nullptr) {
    r = SSL_read(c.ssl, &c.in[old], static_cast<int>(n));
  } else {
    r = ::recv(c.fd, &c.in[old], n, 0);
  }
  c.in.resize(old + static_cast<size_t>(std::max<ssize_t>(r, 0)));
  if (r > 0) return Io::kData;
  if (c.ssl != nullptr) {
    const int e = SSL_get_error(c.ssl, static_cast<int>(r));
    return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? Io::kWouldBlock : Io::kClosed;
  }
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return Io::kWouldBlock;
  return Io::kClosed;
}

// Waits until `fd` is ready for `events` or `until` passes; true when ready (or hung up).
bool WaitFor(int fd, short events, Clock::time_point until) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
}

void AddressOf(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage a{};
  socklen_t len = sizeof(a);
  const int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len)
                     : ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  if (r != 0) return;
  char buf[INET6_ADDRSTRLEN] = {0};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof(buf));
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof(buf));
    port = ntohs(v6->sin6_port);
  }
  ip = buf;
}

// cpp-httplib's view of a connection on a worker: reads come from the connection's buffer, then
// the socket, and fail once `deadline` passes or the client stalls longer than `stall`.
class ConnStream final : public httplib::Stream {
 public:
  ConnStream(Conn& c, Clock::time_point deadline, Clock::duration stall,
             Clock::duration write_stall)
      : c_(c), deadline_(deadline), stall_(stall), write_stall_(write_stall) {}

  bool is_readable() const override {
    if (c_.buffered() > 0 || (c_.ssl != nullptr && SSL_pending(c_.ssl) > 0)) return true;
    // Whatever was gathered goes out before waiting for the client (a 100 Continue, say).
    if (!Flush()) return false;
    return WaitFor(c_.fd, POLLIN, ReadUntil());
  }
  bool is_writable() const override {
    return WaitFor(c_.fd, POLLOUT, Clock::now() + write_stall_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (c_.buffered() == 0 && !Flush()) return -1;
    while (c_.buffered() == 0) {
      c_.in.clear();
      c_.in_pos = 0;
      const Io io = ReadInto(c_, kReadChunkBytes);
      if (io == Io::kClosed) return -1;
      if (io == Io::kWouldBlock && !WaitFor(c_.fd, POLLIN, ReadUntil())) return -1;
    }
    const size_t n = std::min(size, c_.buffered());
    std::memcpy(ptr, c_.in.data() + c_.in_pos, n);
    c_.in_pos += n;
    return static_cast<ssize_t>(n);
  }

  // Small writes are gathered and sent together: cpp-httplib writes an answer's head and body
  // separately, and a second small segment waits for the client's acknowledgement of the first
  // (Nagle's algorithm against a delayed ACK, up to 40 ms on Linux) besides costing a system
  // call. Gathered bytes go out when the answer is complete (Flush, from the worker), before
  // any wait for input, and before a write that would take the gather past kGatherBytes;
  // such a write goes out directly, uncopied.
  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() + size <= kGatherBytes) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!Flush()) return -1;
    return Send(ptr, size);
  }

  // Sends what write() gathered; false when the connection failed or stalled.
  bool Flush() const {
    size_t sent = 0;
    while (sent < out_.size()) {
      const ssize_t r = Send(out_.data() + sent, out_.size() - sent);
      if (r < 0) break;
      sent += static_cast<size_t>(r);
    }
    const bool all = sent == out_.size();
    out_.clear();
    return all;
  }

 private:
  static constexpr size_t kGatherBytes = 64 * 1024;

  // Some of [ptr, ptr + size) on the socket: the count sent, or -1.
  ssize_t Send(const char* ptr, size_t size) const {
    for (;;) {
      ssize_t r;
      bool again;
      if (c_.ssl != nullptr) {
        r = SSL_write(c_.ssl, ptr, static_cast<int>(std::min<size_t>(size, INT32_MAX)));
        const int e = r > 0 ? SSL_ERROR_NONE : SSL_get_error(c_.ssl, static_cast<int>(r));
        again = e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ;
      } else {
        r = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
        again = r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
      }
      if (r > 0) return r;
      if (!again || !WaitFor(c_.fd, POLLOUT | POLLIN, Clock::now() + write_stall_)) return -1;
    }
  }

 public:
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(c_.fd, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(c_.fd, false, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

 private:
  Clock::time_point ReadUntil() const { return std::min(deadline_, Clock::now() + stall_); }

  Conn& c_;
  Clock::time_point deadline_;
  Clock::duration stall_;
  Clock::duration write_stall_;
  mutable std::string out_;  // gathered by write(), not yet sent (Flush is const for is_readable)
};

// cpp-httplib's Server or SSLServer, with each accepted socket handed to `admit` instead of a
// worker. Overriding the private virtual process_and_close_socket is how cpp-httplib lets a
// subclass take over a connection; process_request (protected) then parses and answers one
// request on any Stream.
template <class Base>
class GuardedServer final : public Base {
 public:
  template <class... Args>
  explicit GuardedServer(Args&&... args) : Base(std::forward<Args>(args)...) {}

  void set_admit(std::function<void(int)> admit) { admit_ = std::move(admit); }
  bool ServeOne(httplib::Stream& s, bool close_connection, bool& connection_closed) {
    const bool ok = this->process_request(s, close_connection, connection_closed,
                                          [](httplib::Request& req) { t_request = &req; });
    t_request = nullptr;
    return ok;
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    admit_(sock);
    return true;
  }
  std::function<void(int)> admit_;
};

// Runs each task on the accepting thread: admitting a socket only queues it for the waiting
// thread, so the accept loop never blocks on a client.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

void CloseConnectionAfterAnswer() {
  t_close_after_answer = true;
  if (t_request == nullptr) return;
  t_request->headers.erase("Connection");
  t_request->headers.emplace("Connection", "close");
}

struct HttpServer::Impl {
  NodeOptions o;
  std::unique_ptr<httplib::Server> server;
  SSL_CTX* ssl_ctx = nullptr;  // owned by the SSLServer
  std::function<bool(httplib::Stream&, bool, bool&)> serve_one;

  int epoll_fd = -1;
  int wake_fd = -1;
  std::thread waiter;
  std::vector<std::thread> workers;
  bool stopped = false;

  std::mutex mu;  // guards incoming, ready, stopping
  std::condition_variable ready_cv;
  std::vector<std::unique_ptr<Conn>> incoming;  // for the waiting thread
  std::deque<std::unique_ptr<Conn>> ready;      // complete heads, for the workers
  bool stopping = false;

  // Owned by the waiting thread only.
  std::unordered_map<int, std::unique_ptr<Conn>> waiting;
  std::map<uint64_t, int> order;  // seq -> fd
  uint64_t next_seq = 0;

  ~Impl() {
    if (epoll_fd >= 0) ::close(epoll_fd);
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void Start() {
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    waiter = std::thread([this] { WaitLoop(); });
    const int n = std::max(1, o.threads);
    for (int i = 0; i < n; ++i) workers.emplace_back([this] { WorkLoop(); });
  }

  // From the accepting thread.
  void Admit(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    SSL* ssl = nullptr;
    if (ssl_ctx != nullptr) {
      ssl = SSL_new(ssl_ctx);
      if (ssl == nullptr) {
        ::close(fd);
        return;
      }
      SSL_set_fd(ssl, fd);
      SSL_set_accept_state(ssl);
    }
    auto c = std::make_unique<Conn>(fd, ssl);
    c->deadline = Clock::now() + std::chrono::milliseconds(o.head_timeout_ms);
    Hand(std::move(c));
  }

  // Passes `c` to the waiting thread (dropped when stopping).
  void Hand(std::unique_ptr<Conn> c) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopping) return;  // `c` closes here
      incoming.push_back(std::move(c));
    }
    const uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof(one));
  }

  void Ready(std::unique_ptr<Conn> c) {
    {
      std::lock_guard<std::mutex> lock(mu);
      ready.push_back(std::move(c));
    }
    ready_cv.notify_one();
  }

  enum class Step { kWait, kReady, kClose };

  // Advances a waiting connection as far as the bytes at hand allow: TLS handshake, then the
  // request head into the buffer; a lingering one discards what arrives.
  Step Pump(Conn& c) {
    if (c.lingering) {
      char sink[4096];
      for (;;) {
        const ssize_t r = ::recv(c.fd, sink, sizeof(sink), 0);
        if (r > 0 && static_cast<size_t>(r) < c.linger_left) {
          c.linger_left -= static_cast<size_t>(r);
          continue;
        }
        return r < 0 && (errno == EAGAIN || errno == EINTR) ? Step::kWait : Step::kClose;
      }
    }
    if (c.ssl != nullptr && !c.handshake_done) {
      const int r = SSL_accept(c.ssl);
      if (r != 1) {
        const int e = SSL_get_error(c.ssl, r);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? Step::kWait : Step::kClose;
      }
      c.handshake_done = true;
    }
    c.Compact();
    const size_t max_head = o.max_head_bytes;
    for (;;) {
      if (c.HeadComplete()) return Step::kReady;
      if (c.in.size() >= max_head) {
        RefuseHead(c);
        return Step::kClose;
      }
      const bool was_empty = c.in.empty();
      switch (ReadInto(c, max_head - c.in.size())) {
        case Io::kData:
          if (was_empty && c.idle) {
            c.idle = false;
            c.deadline = Clock::now() + std::chrono::milliseconds(o.head_timeout_ms);
          }
          break;
        case Io::kWouldBlock: return Step::kWait;
        case Io::kClosed: return Step::kClose;
      }
    }
  }

  // 431 for a head over max_head_bytes, best effort (the socket may not take it all).
  void RefuseHead(Conn& c) {
    const std::string body = R"({"error":{"code":"resource_exhausted","message":"request head is over )" +
                             std::to_string(o.max_head_bytes) + R"( bytes"}})";
    std::string msg = "HTTP/1.1 431 Request Header Fields Too Large\r\n";
    for (const auto& [name, value] : SecurityHeaders()) msg += name + ": " + value + "\r\n";
    msg += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
    if (c.ssl != nullptr) {
      SSL_write(c.ssl, msg.data(), static_cast<int>(msg.size()));
    } else {
      (void)!::send(c.fd, msg.data(), msg.size(), MSG_NOSIGNAL);
    }
  }

  // Takes `fd`'s connection out of the waiting set (null when it is not there).
  std::unique_ptr<Conn> Take(int fd) {
    auto it = waiting.find(fd);
    if (it == waiting.end()) return nullptr;
    std::unique_ptr<Conn> c = std::move(it->second);
    waiting.erase(it);
    order.erase(c->seq);
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    return c;
  }

  // Takes a connection into the waiting set, or on at once when its head is already here.
  void Enter(std::unique_ptr<Conn> c) {
    const Step s = Pump(*c);
    if (s == Step::kClose) return;
    if (s == Step::kReady) {
      Ready(std::move(c));
      return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (c->ssl != nullptr ? uint32_t{EPOLLOUT} : 0u);
    ev.data.fd = c->fd;
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) != 0) return;
    c->seq = next_seq++;
    order.emplace(c->seq, c->fd);
    const int fd = c->fd;
    waiting.emplace(fd, std::move(c));
    while (waiting.size() > std::max<size_t>(1, o.max_waiting_connections)) {
      Take(order.begin()->second);
    }
  }

  void OnEvent(int fd) {
    auto it = waiting.find(fd);
    if (it == waiting.end()) return;
    const Step s = Pump(*it->second);
    if (s == Step::kWait) return;
    std::unique_ptr<Conn> c = Take(fd);
    if (s == Step::kReady) Ready(std::move(c));
  }

  void Sweep() {
    const auto now = Clock::now();
    std::vector<int> late;
    for (const auto& [fd, c] : waiting) {
      if (c->deadline <= now) late.push_back(fd);
    }
    for (int fd : late) Take(fd);
  }

  void WaitLoop() {
    std::vector<epoll_event> events(256);
    auto next_sweep = Clock::now();
    for (;;) {
      // Deadlines are checked every 50 ms, so a connection lives at most that much past its own.
      const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd != wake_fd) OnEvent(events[i].data.fd);
      }
      std::vector<std::unique_ptr<Conn>> taken;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (stopping) break;
        taken.swap(incoming);
      }
      uint64_t count;
      (void)!::read(wake_fd, &count, sizeof(count));
      for (auto& c : taken) Enter(std::move(c));
      if (Clock::now() >= next_sweep) {
        Sweep();
        next_sweep = Clock::now() + std::chrono::milliseconds(50);
      }
    }
    waiting.clear();
    order.clear();
  }

  void WorkLoop() {
    for (;;) {
      std::unique_ptr<Conn> c;
      {
        std::unique_lock<std::mutex> lock(mu);
        ready_cv.wait(lock, [this] { return !ready.empty() || stopping; });
        if (ready.empty()) return;
        c = std::move(ready.front());
        ready.pop_front();
      }
      Serve(std::move(c));
    }
  }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu);
    return stopping;
  }

  // Answers the request whose head is in `c`'s buffer, and the next ones while their heads
  // follow within next_request_wait_ms; then hands a kept-alive connection back.
  void Serve(std::unique_ptr<Conn> c) {
    for (;;) {
      ConnStream stream(*c, Clock::now() + std::chrono::milliseconds(o.body_timeout_ms),
                        std::chrono::seconds(o.read_timeout_s),
                        std::chrono::seconds(o.write_timeout_s));
      t_close_after_answer = false;
      const bool last = ++c->requests >= o.keep_alive_max_requests || Stopping();
      bool client_closes = false;
      const bool answered = serve_one(stream, last, client_closes);
      const bool ok = stream.Flush() && answered;
      if (!ok || last || client_closes || t_close_after_answer) {
        Linger(std::move(c));
        return;
      }
      if (!NextHeadSoon(*c)) break;
    }
    c->idle = c->buffered() == 0;
    c->deadline = Clock::now() + (c->idle ? std::chrono::seconds(o.keep_alive_timeout_s)
                                          : std::chrono::milliseconds(o.head_timeout_ms));
    Hand(std::move(c));
  }

  // True when the next request's head is complete within next_request_wait_ms.
  bool NextHeadSoon(Conn& c) {
    c.Compact();
    const auto until = Clock::now() + std::chrono::milliseconds(o.next_request_wait_ms);
    while (!c.HeadComplete()) {
      if (c.in.size() >= o.max_head_bytes) return false;
      const Io io = ReadInto(c, o.max_head_bytes - c.in.size());
      if (io == Io::kClosed) return false;
      if (io == Io::kWouldBlock && !WaitFor(c.fd, POLLIN, until)) return false;
    }
    return true;
  }

  // Closes after the answer: sends FIN (and TLS close_notify), then lets the waiting thread
  // discard a bounded amount of what the client still sends before closing the socket.
  void Linger(std::unique_ptr<Conn> c) {
    if (c->ssl != nullptr) SSL_shutdown(c->ssl);
    ::shutdown(c->fd, SHUT_WR);
    c->lingering = true;
    c->linger_left = kLingerDiscardBytes;
    c->deadline = Clock::now() + kLingerTime;
    Hand(std::move(c));
  }

  void Stop() {
    if (stopped) return;
    stopped = true;
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    const uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof(one));
    ready_cv.notify_all();
    if (waiter.joinable()) waiter.join();
    for (std::thread& t : workers) t.join();
    workers.clear();
    ready.clear();
    incoming.clear();
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { impl_->Stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const NodeOptions& o) {
  auto impl = std::make_unique<Impl>();
  impl->o = o;
  Impl* raw = impl.get();  // owns the server, so outlives the callbacks below
  if (!o.tls_cert_path.empty() || !o.tls_key_path.empty()) {
    if (o.tls_cert_path.empty() || o.tls_key_path.empty()) {
      return InvalidArgument("TLS needs both a certificate (--tls-cert) and a key (--tls-key)");
    }
    for (const std::string& f : {o.tls_cert_path, o.tls_key_path}) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(f, ec)) return NotFound("TLS file " + f + ": not found");
    }
    auto s = std::make_unique<GuardedServer<httplib::SSLServer>>(o.tls_cert_path.c_str(),
                                                                 o.tls_key_path.c_str());
    if (!s->is_valid()) {
      return InvalidArgument("TLS certificate " + o.tls_cert_path + " and key " + o.tls_key_path +
                             ": cannot load them (PEM expected, and the key must match)");
    }
    raw->ssl_ctx = s->ssl_context();
    SSL_CTX_set_min_proto_version(raw->ssl_ctx, TLS1_2_VERSION);  // 1.0 and 1.1 are broken
    // Idle TLS connections give their read and write buffers back (~34 KiB each).
    SSL_CTX_set_mode(raw->ssl_ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                                        SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    s->set_admit([raw](int fd) { raw->Admit(fd); });
    auto* typed = s.get();
    raw->serve_one = [typed](httplib::Stream& st, bool close, bool& closed) {
      return typed->ServeOne(st, close, closed);
    };
    raw->server = std::move(s);
  } else {
    auto s = std::make_unique<GuardedServer<httplib::Server>>();
    s->set_admit([raw](int fd) { raw->Admit(fd); });
    auto* typed = s.get();
    raw->serve_one = [typed](httplib::Stream& st, bool close, bool& closed) {
      return typed->ServeOne(st, close, closed);
    };
    raw->server = std::move(s);
  }
  raw->server->set_default_headers(SecurityHeaders());
  // cpp-httplib owns and deletes the queue it gets from this factory.
  raw->server->new_task_queue = [] { return new InlineQueue(); };
  raw->Start();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

httplib::Server& HttpServer::server() { return *impl_->server; }

bool HttpServer::tls() const { return impl_->ssl_ctx != nullptr; }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace loka::node
