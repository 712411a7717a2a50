// Request metrics in Prometheus text format (version 0.0.4): a counter of requests by route,
// method and status, and a latency histogram by route. Recording is lock-free (atomics in
// arrays sized at construction), so it costs the hot path a few atomic adds.
#ifndef LOKA_NODE_METRICS_H_
#define LOKA_NODE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace loka::node {

// A value computed when the metrics are read: model versions, queue depth, memory.
struct Gauge {
  std::string name;    // "loka_model_version"
  std::string help;
  std::string labels;  // "model=\"routing\"" or empty
  double value = 0;
  bool counter = false;  // a total that only grows (TYPE counter); false: TYPE gauge
};

// Thread-safe.
class NodeMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kBucketsS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1,    2.5};

  struct RouteLabel {
    std::string method;
    std::string route;  // the pattern, never the raw path (bounded label cardinality)
  };
  // Methods a request that matched no route is counted under, with route "unmatched"; any
  // other method, or none (a request line too long to parse), counts as "OTHER", so a client
  // cannot grow the label set.
  static constexpr std::array<const char*, 8> kUnmatchedMethods = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};

  // One slot per route of the table, plus one per kUnmatchedMethods for requests that matched
  // none (404, 405, and errors answered before routing).
  explicit NodeMetrics(std::vector<RouteLabel> routes);

  // `route_index` -1 is "no route matched": counted under the request's `method`. A matched
  // route is counted under its own method and pattern. Statuses outside [100, 599] count as 599.
  void Record(int route_index, std::string_view method, int status, double seconds);

  // The exposition text: requests, latencies, then `gauges` grouped by name.
  std::string Render(const std::vector<Gauge>& gauges) const;

 private:
  struct Slot {
    std::array<std::atomic<uint64_t>, 500> by_status{};  // index status - 100
    std::array<std::atomic<uint64_t>, kBucketsS.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> sum_ns{0};
    std::atomic<uint64_t> count{0};
  };
  std::vector<RouteLabel> labels_;
  // labels_.size() + kUnmatchedMethods.size(): the routes, then "unmatched" by method.
  std::unique_ptr<Slot[]> slots_;
};

// Resident set size of this process in bytes (from /proc/self/statm), 0 if unknown.
double ResidentMemoryBytes();

}  // namespace loka::node

#endif  // LOKA_NODE_METRICS_H_
