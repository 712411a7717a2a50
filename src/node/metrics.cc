#include "node/metrics.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <map>

namespace loka::node {
namespace {

std::string EscapeLabel(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Shortest text that reads back as `v` ("0.0005", not "0.00050000000000000001").
std::string FormatNumber(double v) {
  char buf[64];
  const double a = v < 0 ? -v : v;
  const auto r = (a == 0 || (a >= 1e-6 && a < 1e15))
                     ? std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed)
                     : std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

}  // namespace

NodeMetrics::NodeMetrics(std::vector<RouteLabel> routes)
    : labels_(std::move(routes)),
      slots_(std::make_unique<Slot[]>(labels_.size() + kUnmatchedMethods.size())) {}

void NodeMetrics::Record(int route_index, std::string_view method, int status, double seconds) {
  size_t slot = static_cast<size_t>(route_index);
  if (route_index < 0 || slot >= labels_.size()) {
    size_t m = 0;
    while (m + 1 < kUnmatchedMethods.size() && method != kUnmatchedMethods[m]) ++m;
    slot = labels_.size() + m;
  }
  Slot& s = slots_[slot];
  if (status < 100 || status > 599) status = 599;
  s.by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBucketsS.size() && seconds > kBucketsS[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

std::string NodeMetrics::Render(const std::vector<Gauge>& gauges) const {
  std::string out;
  auto label_of = [&](size_t i) {
    if (i >= labels_.size()) {
      return "method=\"" + std::string(kUnmatchedMethods[i - labels_.size()]) +
             "\",route=\"unmatched\"";
    }
    return "method=\"" + EscapeLabel(labels_[i].method) + "\",route=\"" +
           EscapeLabel(labels_[i].route) + "\"";
  };
  out += "# HELP loka_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE loka_http_requests_total counter\n";
  for (size_t i = 0; i < labels_.size() + kUnmatchedMethods.size(); ++i) {
    for (size_t st = 0; st < slots_[i].by_status.size(); ++st) {
      const uint64_t n = slots_[i].by_status[st].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "loka_http_requests_total{" + label_of(i) + ",status=\"" + std::to_string(st + 100) +
             "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP loka_http_request_duration_seconds Time from routing to response, by route.\n";
  out += "# TYPE loka_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < labels_.size() + kUnmatchedMethods.size(); ++i) {
    const Slot& s = slots_[i];
    const uint64_t count = s.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBucketsS.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBucketsS.size() ? FormatNumber(kBucketsS[b]) : "+Inf";
      out += "loka_http_request_duration_seconds_bucket{" + label_of(i) + ",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "loka_http_request_duration_seconds_sum{" + label_of(i) + "} " +
           FormatNumber(static_cast<double>(s.sum_ns.load(std::memory_order_relaxed)) / 1e9) +
           "\n";
    out += "loka_http_request_duration_seconds_count{" + label_of(i) + "} " +
           std::to_string(count) + "\n";
  }
  std::map<std::string, std::vector<const Gauge*>> by_name;
  std::vector<std::string> order;
  for (const Gauge& g : gauges) {
    if (by_name[g.name].empty()) order.push_back(g.name);
    by_name[g.name].push_back(&g);
  }
  for (const std::string& name : order) {
    const auto& list = by_name[name];
    out += "# HELP " + name + " " + list[0]->help + "\n";
    out += "# TYPE " + name + (list[0]->counter ? " counter\n" : " gauge\n");
    for (const Gauge* g : list) {
      out += name + (g->labels.empty() ? "" : "{" + g->labels + "}") + " " +
             FormatNumber(g->value) + "\n";
    }
  }
  return out;
}

double ResidentMemoryBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages_total = 0, pages_resident = 0;
  const int n = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace loka::node
