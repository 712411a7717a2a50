// A real node on an ephemeral loopback port over a fresh SQLite file, and a small HTTP client
// around httplib::Client that returns status, parsed JSON and headers.
#ifndef LOKA_TESTS_NODE_NODE_FIXTURE_H_
#define LOKA_TESTS_NODE_NODE_FIXTURE_H_

#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "node/node.h"
#include "nlohmann/json.hpp"

namespace loka::node {

using Json = nlohmann::json;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "loka_node_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct Reply {
  int status = 0;  // 0: no answer (connection error)
  std::string body;
  Json json;  // parsed body, or null when not JSON
  httplib::Headers headers;
  std::string error_code() const {
    return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
  }
  std::string error_message() const {
    return json.is_object() && json.contains("error") ? json["error"].value("message", "") : "";
  }
};

// Sends one request to 127.0.0.1:port. `key` empty: no Authorization header.
inline Reply Call(int port, const std::string& method, const std::string& path,
                  const std::string& body = "", const std::string& key = "",
                  const std::string& content_type = "application/json") {
  httplib::Client cli("127.0.0.1", port);
  cli.set_read_timeout(30, 0);
  cli.set_write_timeout(30, 0);
  httplib::Headers h;
  if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
  auto send = [&]() -> httplib::Result {
    if (method == "POST") return cli.Post(path, h, body, content_type);
    if (method == "PUT") return cli.Put(path, h, body, content_type);
    if (method == "DELETE") return cli.Delete(path, h, body, content_type);
    if (method == "HEAD") return cli.Head(path, h);
    return cli.Get(path, h);
  };
  httplib::Result r = send();
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json = Json::parse(r->body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

// A blocking loopback connection to `port`, or -1 when it is refused. With timeout_ms > 0 its
// sends and receives give up after that long.
inline int ConnectLoopback(int port, int timeout_ms = 0) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (timeout_ms > 0) {
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends a request whose body the node may refuse unread: the body goes out over a raw socket
// until the node closes the connection, then the answer the node sent first is read (an
// httplib::Client gives up on the failed write instead).
inline Reply CallUnread(int port, const std::string& path, const std::string& body,
                        const std::string& key, const std::string& content_type = "application/json") {
  Reply out;
  const int fd = ConnectLoopback(port, 10000);
  if (fd < 0) return out;
  std::string msg = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + content_type +
                    "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (!key.empty()) msg += "Authorization: Bearer " + key + "\r\n";
  msg += "\r\n" + body;
  for (size_t done = 0; done < msg.size();) {
    const ssize_t n = send(fd, msg.data() + done, msg.size() - done, MSG_NOSIGNAL);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  std::string answer;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  close(fd);
  const size_t end = answer.find("\r\n\r\n");
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return out;
  out.status = std::atoi(answer.c_str() + 9);
  out.body = answer.substr(end + 4);
  out.json = Json::parse(out.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

// A node serving on its own thread for the life of the fixture.
class NodeTest : public ::testing::Test {
 protected:
  // Tests may change options_ or identify_ before calling Start (SetUp starts with defaults
  // unless `start_in_setup_` is false).
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    options_.db_path = dir_.File("node.db");
    options_.port = 0;
    options_.threads = 8;
    if (start_in_setup_) Start();
  }
  void TearDown() override { Stop(); }

  void Start() {
    Result<std::unique_ptr<Node>> n = Node::Create(options_, identify_);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    node_ = std::move(n).value();
    ASSERT_TRUE(node_->Listen().ok());
    port_ = node_->port();
    server_ = std::thread([this] { serve_status_ = node_->Serve(); });
    for (const char* scope : {"read", "write", "admin"}) {
      Result<store::Scope> s = store::ParseScope(scope);
      Result<std::string> key = node_->context().store->AddKey(*s, std::string("test ") + scope);
      ASSERT_TRUE(key.ok());
      keys_[*s] = *key;
    }
  }

  void Stop() {
    if (!node_) return;
    node_->Shutdown();
    if (server_.joinable()) server_.join();
    EXPECT_TRUE(serve_status_.ok()) << serve_status_.ToString();
    node_.reset();
  }

  const std::string& Key(store::Scope s) { return keys_[s]; }
  Reply Get(const std::string& path, store::Scope s = store::Scope::kAdmin) {
    return Call(port_, "GET", path, "", Key(s));
  }
  Reply Post(const std::string& path, const std::string& body,
             store::Scope s = store::Scope::kAdmin) {
    return Call(port_, "POST", path, body, Key(s));
  }
  Reply Post(const std::string& path, const char* body, store::Scope s = store::Scope::kAdmin) {
    return Post(path, std::string(body), s);
  }
  Reply Post(const std::string& path, const Json& body, store::Scope s = store::Scope::kAdmin) {
    return Post(path, body.dump(), s);
  }

  // Polls GET /v1/jobs/{id} until the job is done, failed or cancelled (or 60 s pass).
  Json WaitForJob(int64_t id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    Json last;
    while (std::chrono::steady_clock::now() < deadline) {
      Reply r = Get("/v1/jobs/" + std::to_string(id), store::Scope::kRead);
      if (r.status != 200) return r.json;
      last = r.json;
      if (last["state"] == "done" || last["state"] == "failed" || last["state"] == "cancelled") {
        return last;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return last;
  }

  TempDir dir_;
  NodeOptions options_;
  IdentifyFn identify_;
  bool start_in_setup_ = true;
  std::unique_ptr<Node> node_;
  std::thread server_;
  Status serve_status_;
  int port_ = 0;
  std::map<store::Scope, std::string> keys_;
};

}  // namespace loka::node

#endif  // LOKA_TESTS_NODE_NODE_FIXTURE_H_
