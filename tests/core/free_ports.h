// Free loopback TCP ports for tests that start servers (mosquitto, Kannel) in child processes.
#ifndef LOKA_TESTS_CORE_FREE_PORTS_H_
#define LOKA_TESTS_CORE_FREE_PORTS_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

namespace loka::testing {

// `n` distinct free ports on 127.0.0.1, or an empty vector when the kernel gives none. Every
// probe socket stays bound until all `n` are chosen: drawn one at a time, a port just released
// can be handed out again at once, and two listeners of one test then collide (seen with two
// draws in a row). The ports are free when returned; another process may still take one before
// the server binds it, which a test that must know checks (ListensOn in ../sense/mqtt_broker.h).
inline std::vector<int> FreePorts(int n) {
  std::vector<int> fds, ports;
  for (int i = 0; i < n; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) break;
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      break;
    }
    ports.push_back(ntohs(addr.sin_port));
  }
  for (const int fd : fds) close(fd);
  if (static_cast<int>(ports.size()) != n) ports.clear();
  return ports;
}

// One free loopback port, or 0.
inline int FreePort() {
  const std::vector<int> ports = FreePorts(1);
  return ports.empty() ? 0 : ports[0];
}

}  // namespace loka::testing

#endif  // LOKA_TESTS_CORE_FREE_PORTS_H_
