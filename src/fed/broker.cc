#include "fed/broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace loka::fed {
namespace {

bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// The end of the broker's log (what it printed before it stopped), on one line, for an error
// message: the directory it is in may be gone by the time anyone reads it.
std::string LogTail(const std::string& path) {
  constexpr std::streamoff kMaxBytes = 400;
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(std::max<std::streamoff>(0, size - kMaxBytes));
  std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t cut = 0;  // the rest of a character the seek cut into
  while (cut < tail.size() && (static_cast<unsigned char>(tail[cut]) & 0xC0) == 0x80) ++cut;
  tail.erase(0, cut);
  for (char& c : tail) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!tail.empty() && tail.back() == ' ') tail.pop_back();
  return tail.empty() ? "its log is empty" : tail;
}

}  // namespace

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

Result<std::unique_ptr<LocalBroker>> LocalBroker::Start(const std::string& mosquitto,
                                                        const std::string& dir, int port) {
  if (access(mosquitto.c_str(), X_OK) != 0) return NotFound(mosquitto + ": no MQTT broker binary");
  if (port == 0) port = FreeLoopbackPort();
  if (port == 0) return Unavailable("no free loopback port for the broker");
  std::unique_ptr<LocalBroker> b(new LocalBroker(mosquitto, dir, port));
  LOKA_RETURN_IF_ERROR(b->Spawn());
  return b;
}

Status LocalBroker::Spawn() {
  const std::string conf = dir_ + "/mosquitto.conf";
  {
    std::ofstream out(conf, std::ios::trunc);
    // Persistent sessions and retained messages survive a restart through the persistence
    // file; message_size_limit is left at the MQTT maximum so oversized payloads reach loka's
    // own checks (a production broker sets it to 131072, docs/fed.md).
    out << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\n"
        << "persistence true\npersistence_location " << dir_ << "/\n"
        << "autosave_interval 1\nmax_queued_messages 10000\n"
        << "log_dest file " << dir_ << "/mosquitto.log\n";
    if (getuid() == 0) out << "user root\n";
    if (!out) return IoError(conf + ": cannot write the broker config");
  }
  std::vector<std::string> args = {mosquitto_, "-c", conf};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // What the broker prints before its config's log_dest takes over (a warning when it runs as
  // root, a config error) goes to the same log, not into the output of the command that
  // started it.
  const std::string log = dir_ + "/mosquitto.log";
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  const int spawned = posix_spawn(&pid_, mosquitto_.c_str(), &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    pid_ = -1;
    return Unavailable(mosquitto_ + ": cannot start");
  }
  // Waits for the port to accept, checking every 20 ms, at most 10 s.
  for (int i = 0; i < 500; ++i) {
    if (PortAccepts(port_)) return Status::Ok();
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return Unavailable(mosquitto_ + " exited at start: " + LogTail(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return Unavailable(mosquitto_ + " did not accept on port " + std::to_string(port_) + ": " +
                     LogTail(log));
}

void LocalBroker::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

Status LocalBroker::Restart() {
  Kill();
  return Spawn();
}

LocalBroker::~LocalBroker() { Kill(); }

}  // namespace loka::fed
