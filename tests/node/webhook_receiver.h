// A webhook receiver on loopback for the node tests: an httplib server on a free port that
// collects every body POSTed to /hook and answers 200.
#ifndef LOKA_TESTS_NODE_WEBHOOK_RECEIVER_H_
#define LOKA_TESTS_NODE_WEBHOOK_RECEIVER_H_

#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace loka::node {

class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      bodies_.push_back(req.body);
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

}  // namespace loka::node

#endif  // LOKA_TESTS_NODE_WEBHOOK_RECEIVER_H_
