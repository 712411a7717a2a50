// Progress and diagnostics on stderr. Library code reports through a ProgressFn the caller
// passes in; only the CLI decides to print.
#ifndef LOKA_CORE_LOG_H_
#define LOKA_CORE_LOG_H_

#include <chrono>
#include <cstdio>
#include <string>

namespace loka {

// Monotonic stopwatch in seconds.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace loka

#endif  // LOKA_CORE_LOG_H_
