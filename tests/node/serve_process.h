// A real `loka serve` process for the node's process tests: started with posix_spawn on a free
// loopback port (read from its ready line), killed with SIGKILL when the object goes.
#ifndef LOKA_TESTS_NODE_SERVE_PROCESS_H_
#define LOKA_TESTS_NODE_SERVE_PROCESS_H_

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "store/store.h"

extern char** environ;

namespace loka::node {

inline const std::string kLoka = std::string(LOKA_BINARY_DIR) + "/loka";

// `loka serve` on a free port, started with posix_spawn; reads the port from its ready line.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db, const std::vector<std::string>& extra = {}) {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::vector<std::string> args = {kLoka, "serve", "--db", db, "--listen", "127.0.0.1:0"};
    // 8 worker threads unless `extra` sets them.
    if (std::find(extra.begin(), extra.end(), "--threads") == extra.end()) {
      args.insert(args.end(), {"--threads", "8"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, kLoka.c_str(), &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512];
    if (pid_ > 0 && f != nullptr && std::fgets(line, sizeof(line), f) != nullptr) {
      ready_line_ = line;
      const size_t at = ready_line_.find("127.0.0.1:");
      if (at != std::string::npos) port_ = std::atoi(ready_line_.c_str() + at + 10);
    }
    if (f != nullptr) std::fclose(f);
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& ready_line() const { return ready_line_; }

  // Sends `sig` and waits; returns the wait status.
  int Signal(int sig) {
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string ready_line_;
};

// Resident memory of process `pid` (VmRSS of /proc/PID/status), 0 if unknown.
inline size_t ResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

inline std::string AddKey(const std::string& db, store::Scope scope) {
  Result<store::Store> st = store::Store::Open(db);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  if (!st.ok()) return "";
  Result<std::string> key = st->AddKey(scope, "process test");
  return key.ok() ? *key : "";
}

}  // namespace loka::node

#endif  // LOKA_TESTS_NODE_SERVE_PROCESS_H_
