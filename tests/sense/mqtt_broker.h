// A real MQTT broker for tests: Debian's mosquitto started on a free loopback port with a config
// the test writes (plain, or with a password file, ACLs and a TLS listener), and small
// libmosquitto publishing and subscribing clients that wait for acknowledgements.
#ifndef LOKA_TESTS_SENSE_MQTT_BROKER_H_
#define LOKA_TESTS_SENSE_MQTT_BROKER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../core/free_ports.h"
#include "../store/temp_dir.h"
#include "channels/mqtt_client.h"

extern char** environ;

namespace loka::testing {

inline const char* kMosquitto = "/usr/sbin/mosquitto";

inline bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// True when process `pid` holds the socket listening on 127.0.0.1:`port` (or on every IPv4
// address), read from /proc/net/tcp and /proc/<pid>/fd. Between FreePort() closing its probe and
// mosquitto binding, another test running in parallel may take the same port; a connection that
// succeeds then proves nothing about our broker, this does.
inline bool ListensOn(pid_t pid, int port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // the column names
  std::vector<std::string> inodes;
  char want_lo[16], want_any[16];
  std::snprintf(want_lo, sizeof(want_lo), "0100007F:%04X", port);
  std::snprintf(want_any, sizeof(want_any), "00000000:%04X", port);
  while (std::getline(tcp, line)) {
    std::istringstream in(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    in >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >>
        inode;
    if (state == "0A" && (local == want_lo || local == want_any)) inodes.push_back(inode);
  }
  std::error_code ec;
  for (const auto& fd :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    for (const auto& inode : inodes) {
      if (target == "socket:[" + inode + "]") return true;
    }
  }
  return false;
}

inline bool WaitFor(const std::function<bool()>& done, int timeout_ms = 15000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// mosquitto on 127.0.0.1:port with a config written into `dir`; killed on destruction.
class Broker {
 public:
  Broker(const std::string& dir, int port) : dir_(dir), port_(port) {}
  ~Broker() { Stop(); }
  // Anonymous clients on one plain listener.
  bool Start() { return StartWith("listener " + std::to_string(port_) + " 127.0.0.1\n" +
                                  "allow_anonymous true\n"); }
  // `config`: the listeners and their security (password_file, acl_file, TLS files); the
  // broker waits for port() to accept.
  bool StartWith(const std::string& config) {
    const std::string conf = dir_ + "/mosquitto.conf";
    // Started as root, mosquitto would switch to its own user, which cannot read the keys the
    // test wrote (mode 0600 in a 0700 directory); as any other user this line does nothing.
    std::ofstream(conf) << config << "user root\npersistence false\n"
                        << "log_dest file " << dir_ << "/mosquitto.log\n";
    std::vector<std::string> args = {kMosquitto, "-c", conf};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The broker's own output goes to a file: were the test process to die without killing
    // it, a broker holding the test's stdout would keep CTest waiting for its end.
    const std::string out = dir_ + "/mosquitto.out";
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    const int spawned = posix_spawn(&pid_, kMosquitto, &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (spawned != 0) {
      pid_ = -1;
      return false;
    }
    // Ready when our own mosquitto listens on the port, not merely when something accepts on
    // it; a broker that exited (the port taken, a bad config) fails at once with its log.
    bool exited = false;
    const bool ready = WaitFor([&] {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) exited = true;
      return exited || (ListensOn(pid_, port_) && PortAccepts(port_));
    }, 10000);
    if (ready && !exited) return true;
    if (exited) pid_ = -1;
    std::ifstream log(dir_ + "/mosquitto.log");
    std::cerr << "mosquitto on port " << port_ << (exited ? " exited" : " did not listen")
              << "; its log:\n" << log.rdbuf() << std::endl;
    return false;
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::string dir_;
  int port_;
  pid_t pid_ = -1;
};

// A test with its own plain broker on a free loopback port and a fresh directory; skipped when
// mosquitto is not installed. Fixtures that set up more call BrokerTest::SetUp() first and
// return when it skipped or failed. The broker is a base member, so it outlives the fixture's
// own clients.
class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kMosquitto, X_OK) != 0) GTEST_SKIP() << kMosquitto << " is not installed";
    // A port taken by another test between FreePort() and the broker's bind is retried on a
    // new one.
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = FreePort();
      ASSERT_GT(port_, 0);
      broker_ = std::make_unique<Broker>(dir_.path(), port_);
      if (broker_->Start()) return;
    }
    FAIL() << "no broker started on three free ports";
  }
  // A client of this broker that retries its connection at least once a second.
  channels::MqttOptions Mqtt(const std::string& client_id) const {
    channels::MqttOptions m;
    m.host = "127.0.0.1";
    m.port = port_;
    m.client_id = client_id;
    m.reconnect_max_delay_s = 1;
    return m;
  }

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Broker> broker_;
};

// Publishes QoS 1 messages and waits for each PUBACK.
class Publisher {
 public:
  explicit Publisher(int port, const std::string& username = "",
                     const std::string& password = "") {
    mosquitto_lib_init();
    m_ = mosquitto_new(nullptr, true, this);
    if (!username.empty()) mosquitto_username_pw_set(m_, username.c_str(), password.c_str());
    mosquitto_publish_callback_set(m_, [](mosquitto*, void* obj, int) {
      ++static_cast<Publisher*>(obj)->acked_;
    });
    connected_ = mosquitto_connect(m_, "127.0.0.1", port, 30) == MOSQ_ERR_SUCCESS &&
                 mosquitto_loop_start(m_) == MOSQ_ERR_SUCCESS;
  }
  ~Publisher() {
    if (connected_) {
      mosquitto_disconnect(m_);
      mosquitto_loop_stop(m_, false);
    }
    mosquitto_destroy(m_);
  }
  bool Publish(const std::string& topic, const std::string& payload) {
    const int before = acked_;
    if (!connected_ || mosquitto_publish(m_, nullptr, topic.c_str(),
                                         static_cast<int>(payload.size()), payload.data(), 1,
                                         false) != MOSQ_ERR_SUCCESS) {
      return false;
    }
    return WaitFor([&] { return acked_ > before; }, 5000);
  }

 private:
  mosquitto* m_ = nullptr;
  bool connected_ = false;
  std::atomic<int> acked_{0};
};

// Subscribes to `filter` and keeps every message it receives.
class Subscriber {
 public:
  Subscriber(int port, const std::string& filter, const std::string& username = "",
             const std::string& password = "")
      : filter_(filter) {
    mosquitto_lib_init();
    m_ = mosquitto_new(nullptr, true, this);
    if (!username.empty()) mosquitto_username_pw_set(m_, username.c_str(), password.c_str());
    mosquitto_connect_callback_set(m_, [](mosquitto* m, void* obj, int rc) {
      auto* self = static_cast<Subscriber*>(obj);
      if (rc == 0) mosquitto_subscribe(m, nullptr, self->filter_.c_str(), 1);
    });
    mosquitto_subscribe_callback_set(m_, [](mosquitto*, void* obj, int, int, const int*) {
      static_cast<Subscriber*>(obj)->subscribed_ = true;
    });
    mosquitto_message_callback_set(m_, [](mosquitto*, void* obj, const mosquitto_message* msg) {
      auto* self = static_cast<Subscriber*>(obj);
      std::lock_guard<std::mutex> lock(self->mu_);
      self->messages_.emplace_back(msg->topic,
                                   std::string(static_cast<const char*>(msg->payload),
                                               static_cast<size_t>(msg->payloadlen)));
    });
    connected_ = mosquitto_connect(m_, "127.0.0.1", port, 30) == MOSQ_ERR_SUCCESS &&
                 mosquitto_loop_start(m_) == MOSQ_ERR_SUCCESS;
  }
  ~Subscriber() {
    if (connected_) {
      mosquitto_disconnect(m_);
      mosquitto_loop_stop(m_, false);
    }
    mosquitto_destroy(m_);
  }
  bool subscribed() const { return subscribed_; }
  std::vector<std::pair<std::string, std::string>> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }

 private:
  std::string filter_;
  mosquitto* m_ = nullptr;
  bool connected_ = false;
  std::atomic<bool> subscribed_{false};
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> messages_;
};

// {"readings": [...]} with `n` air temperatures a minute apart from `t0_ms` (no station: the
// topic's).
inline std::string TemperatureBatch(int64_t t0_ms, int n) {
  std::string out = "{\"readings\": [";
  for (int i = 0; i < n; ++i) {
    out += std::string(i ? "," : "") + "{\"sensor\": \"air_temperature\", \"time_ms\": " +
           std::to_string(t0_ms + int64_t{i} * 60000) + ", \"value\": " + std::to_string(20 + i) +
           ", \"unit\": \"C\"}";
  }
  return out + "]}";
}

}  // namespace loka::testing

#endif  // LOKA_TESTS_SENSE_MQTT_BROKER_H_
