// Slow and endless clients against the real `loka serve` process: 200 slowloris connections
// and a 1 GB chunked upload without a key must not keep a normal client from its /healthz
// answers (p99 under 50 ms) nor grow the node past 100 MB resident; refused requests are
// answered with Connection: close and their bodies are not read.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "node_fixture.h"
#include "sanitizer.h"
#include "serve_process.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

const std::string kDefaultLangid = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";

bool SendAll(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Everything the server sends until it closes or the receive timeout passes.
std::string ReadAnswer(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

// The node's resident set in bytes, from /proc (0 when unreadable).
size_t RssBytes(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (f >> key) {
    if (key == "VmRSS:") {
      size_t kb = 0;
      f >> kb;
      return kb * 1024;
    }
    f.ignore(4096, '\n');
  }
  return 0;
}

std::vector<std::string> ServeArgs() {
  std::vector<std::string> args = {"--head-timeout-ms", "3000"};
  if (std::filesystem::exists(kDefaultLangid)) {
    args.insert(args.end(), {"--langid-model", kDefaultLangid});
  }
  return args;
}

TEST(HostileClientTest, SlowlorisAndEndlessChunkedUploadLeaveHealthzFast) {
  TempDir dir;
  // Eight workers (ServeProcess's --threads 8): far fewer than the slow connections.
  ServeProcess serve(dir.File("n.db"), ServeArgs());
  ASSERT_GT(serve.port(), 0) << serve.ready_line();
  const int port = serve.port();

  constexpr int kSlow = 200;
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) {
    const int fd = ConnectLoopback(port, 2000);
    ASSERT_GE(fd, 0) << "slowloris connection " << i;
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> slow_closed_by_server{0};
  // Each connection sends a request head a byte at a time and never ends it.
  std::thread slowloris([&] {
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    std::vector<bool> open(slow.size(), true);
    for (size_t round = 0; !stop; ++round) {
      const char c = round < head.size() ? head[round] : 'a';
      for (size_t i = 0; i < slow.size(); ++i) {
        if (open[i] && send(slow[i], &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1) {
          open[i] = false;
          ++slow_closed_by_server;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });

  // A 1 GB chunked upload without a key, sent until the server stops taking it.
  constexpr size_t kUploadBytes = size_t{1} << 30;
  std::atomic<size_t> uploaded{0};
  std::string upload_answer;
  std::thread upload([&] {
    const int fd = ConnectLoopback(port, 5000);
    if (fd < 0) return;
    const std::string chunk_data(64 * 1024, 'x');
    char size_line[32];
    std::snprintf(size_line, sizeof(size_line), "%zx\r\n", chunk_data.size());
    const std::string chunk = size_line + chunk_data + "\r\n";
    bool ok = SendAll(fd, "POST /v1/datasets/flood/rows HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    while (ok && uploaded < kUploadBytes && !stop) {
      ok = SendAll(fd, chunk);
      if (ok) uploaded += chunk_data.size();
    }
    upload_answer = ReadAnswer(fd);
    close(fd);
  });

  // A normal client: fresh connections, one /healthz each.
  std::vector<double> ms;
  size_t max_rss = 0;
  httplib::Client cli("127.0.0.1", port);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(5, 0);
  for (int i = 0; i < 400; ++i) {
    const auto t0 = Clock::now();
    httplib::Result r = cli.Get("/healthz");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    ASSERT_TRUE(r) << "request " << i << ": " << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << "request " << i;
    max_rss = std::max(max_rss, RssBytes(serve.pid()));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the client's pace
  }
  upload.join();
  std::sort(ms.begin(), ms.end());
  const double p99 = ms[ms.size() * 99 / 100];
  // A /healthz stuck behind the slow connections would wait for their 3 s head deadline. The
  // bound sits far below that: 50 ms in the optimized build, 500 ms under the sanitizers, whose
  // instrumented server on a loaded 2-core machine showed single-request stalls past 50 ms.
  constexpr double kP99BoundMs = LOKA_TEST_ASAN ? 500.0 : 50.0;
  EXPECT_LT(p99, kP99BoundMs) << "median " << ms[ms.size() / 2] << " ms, max " << ms.back() << " ms";
#if !LOKA_TEST_ASAN  // AddressSanitizer's shadow memory inflates the resident set
  EXPECT_LT(max_rss, size_t{100} << 20);
#endif

  // The upload was refused unread: its answer came, and the node stopped taking bytes long
  // before the gigabyte.
  EXPECT_THAT(upload_answer, HasSubstr("HTTP/1.1 401"));
  EXPECT_THAT(upload_answer, HasSubstr("Connection: close"));
  EXPECT_LT(uploaded.load(), kUploadBytes / 10);

  // Every slowloris connection is closed once its head deadline (3 s) has passed; none
  // outlives it by much. Waits on the condition, bounded.
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  while (slow_closed_by_server < kSlow && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  slowloris.join();
  EXPECT_EQ(slow_closed_by_server.load(), kSlow);
  for (int fd : slow) close(fd);
  std::printf("healthz under attack: p50 %.2f ms, p99 %.2f ms, max %.2f ms; node RSS max %.1f MB;"
              " upload stopped after %zu bytes\n",
              ms[ms.size() / 2], p99, ms.back(), static_cast<double>(max_rss) / (1 << 20),
              uploaded.load());
#if !LOKA_TEST_ASAN
  EXPECT_LT(RssBytes(serve.pid()), size_t{100} << 20);
#endif
}

// Requests refused before their body is read: the answer says Connection: close, comes without
// the body being sent, and the connection then closes.
TEST(HostileClientTest, RefusedRequestsCloseWithoutReadingTheBody) {
  TempDir dir;
  const std::string db = dir.File("n.db");
  const std::string key = AddKey(db, store::Scope::kWrite);
  const std::string read_key = AddKey(db, store::Scope::kRead);
  ServeProcess serve(db, ServeArgs());
  ASSERT_GT(serve.port(), 0) << serve.ready_line();
  struct Case {
    std::string head;
    std::string expect_status;
  };
  const std::vector<Case> cases = {
      // No key on a write route: 401. A read key: 403. A declared 100 MB: 413 (never sent).
      {"POST /v1/datasets/d/rows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 100000000\r\n\r\n",
       "401"},
      {"POST /v1/datasets/d/rows HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + read_key +
           "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
       "403"},
      {"POST /v1/datasets/d/rows HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
           "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
       "413"},
      {"POST /v1/datasets/d/rows HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
           "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n",
       "415"},
      // A GET with a body would be buffered by cpp-httplib: refused.
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expect_status);
    const int fd = ConnectLoopback(serve.port(), 5000);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, c.head));
    const std::string answer = ReadAnswer(fd);  // ends when the server closes (5 s at most)
    close(fd);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 " + c.expect_status) << answer;
    EXPECT_THAT(answer, HasSubstr("Connection: close"));
  }

  // A chunked body over the 1 MiB limit with a write key: 413 once the limit is passed, with
  // the rest of the (endless) body never read.
  const int fd = ConnectLoopback(serve.port(), 5000);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "POST /v1/readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                              key + "\r\nContent-Type: application/json\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  size_t sent = 0;
  while (sent < (size_t{64} << 20) && SendAll(fd, chunk)) sent += 0x10000;
  const std::string answer = ReadAnswer(fd);
  close(fd);
  EXPECT_LT(sent, size_t{64} << 20);
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
}

// A request head that never ends is dropped at the head deadline; a body that stalls is
// dropped at the body deadline (total times, however the bytes trickle).
TEST(HostileClientTest, HeadAndBodyDeadlinesAreTotal) {
  TempDir dir;
  const std::string db = dir.File("n.db");
  const std::string key = AddKey(db, store::Scope::kWrite);
  ServeProcess serve(db, {"--head-timeout-ms", "1000", "--body-timeout-ms", "1000"});
  ASSERT_GT(serve.port(), 0) << serve.ready_line();

  // One byte every 100 ms keeps any per-read timeout happy; the total deadline still ends it.
  const int head_fd = ConnectLoopback(serve.port(), 5000);
  ASSERT_GE(head_fd, 0);
  const auto t0 = Clock::now();
  const std::string head = "GET /healthz HTTP/1.1\r\nX-Pad: " + std::string(100, 'a');
  size_t i = 0;
  while (i < head.size() && send(head_fd, &head[i], 1, MSG_NOSIGNAL) == 1) {
    ++i;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double head_s = std::chrono::duration<double>(Clock::now() - t0).count();
  close(head_fd);
  EXPECT_LT(i, head.size());
  EXPECT_GE(head_s, 0.9);
  EXPECT_LT(head_s, 3.0);

  const int body_fd = ConnectLoopback(serve.port(), 5000);
  ASSERT_GE(body_fd, 0);
  const std::string body_head = "POST /v1/readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                key + "\r\nContent-Type: application/json\r\n"
                                      "Content-Length: 1000\r\n\r\n";
  ASSERT_TRUE(SendAll(body_fd, body_head));
  const auto t1 = Clock::now();
  std::string answer;
  for (int sent = 0; sent < 1000; ++sent) {
    if (send(body_fd, " ", 1, MSG_NOSIGNAL) != 1) break;
    pollfd p{body_fd, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) break;  // the server answered
  }
  answer = ReadAnswer(body_fd);
  const double body_s = std::chrono::duration<double>(Clock::now() - t1).count();
  close(body_fd);
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("not sent in time"));
  EXPECT_GE(body_s, 0.9);
  EXPECT_LT(body_s, 3.0);
}

}  // namespace
}  // namespace loka::node
