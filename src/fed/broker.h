// A local MQTT broker for `loka fed simulate`: Debian's mosquitto started as a child process on
// a free loopback port with a config written into a directory, killed when the object goes.
// Not for production: a real fleet points nodes and hub at its own broker (docs/fed.md).
//
// Thread contract: one thread.
#ifndef LOKA_FED_BROKER_H_
#define LOKA_FED_BROKER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace loka::fed {

class LocalBroker {
 public:
  // Starts `mosquitto` (a path) on 127.0.0.1 at a free port, its config and log in `dir` (its
  // standard output and error go to the log too), and waits up to 10 s for the port to accept.
  // Errors: not_found (no binary), unavailable (it did not come up; the message ends with the
  // end of its log, which says why: `dir` may be gone by the time anyone looks).
  static Result<std::unique_ptr<LocalBroker>> Start(const std::string& mosquitto,
                                                    const std::string& dir, int port = 0);
  ~LocalBroker();
  LocalBroker(const LocalBroker&) = delete;
  LocalBroker& operator=(const LocalBroker&) = delete;

  int port() const { return port_; }
  // Kills the broker (SIGKILL: a crash, not a shutdown) and starts it again on the same port.
  Status Restart();

 private:
  LocalBroker(std::string mosquitto, std::string dir, int port)
      : mosquitto_(std::move(mosquitto)), dir_(std::move(dir)), port_(port) {}
  Status Spawn();
  void Kill();
  std::string mosquitto_, dir_;
  int port_;
  pid_t pid_ = -1;
};

// A port on 127.0.0.1 that was free a moment ago (0 when none could be found).
int FreeLoopbackPort();

}  // namespace loka::fed

#endif  // LOKA_FED_BROKER_H_
