#include "node/query.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "agri/readings.h"
#include "agri/timestamp.h"

namespace loka::node {

Result<bool> BoolQuery(const Request& req, const char* name, bool fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  return InvalidArgument(std::string(name) + " = \"" + it->second + "\": expected true or false");
}

Result<int64_t> IntQuery(const Request& req, const char* name, int64_t lo, int64_t hi,
                         int64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  const std::string& v = it->second;
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  // strtoll skips leading spaces and takes a '+'; a query number is an optional '-' and digits.
  const bool digits = v.front() == '-' || (v.front() >= '0' && v.front() <= '9');
  if (!digits || *end != '\0' || errno == ERANGE || n < lo || n > hi) {
    return InvalidArgument(std::string(name) + " = \"" + v + "\": expected " +
                           std::to_string(lo) + ".." + std::to_string(hi));
  }
  return static_cast<int64_t>(n);
}

Result<int64_t> ParseId(std::string_view text, std::string_view what) {
  constexpr int64_t kMax = INT64_MAX;
  int64_t id = 0;
  bool ok = !text.empty() && text.front() != '0';
  for (const char c : text) {
    ok = ok && c >= '0' && c <= '9' && id <= (kMax - (c - '0')) / 10;
    if (!ok) break;
    id = id * 10 + (c - '0');
  }
  if (!ok) {
    return InvalidArgument(std::string(what) + " \"" + std::string(text.substr(0, 64)) +
                           "\": expected a positive integer (digits only, no sign or leading "
                           "zero, at most " + std::to_string(kMax) + ")");
  }
  return id;
}

Result<int64_t> PathId(const Request& req, std::string_view what) {
  auto it = req.path_params.find("id");
  return ParseId(it == req.path_params.end() ? std::string_view() : std::string_view(it->second),
                 what);
}

Result<std::string> PathStationId(const Request& req) {
  auto it = req.path_params.find("id");
  const std::string id = it == req.path_params.end() ? "" : it->second;
  if (!agri::ValidStationId(id)) {
    return InvalidArgument("station id \"" + id.substr(0, 64) +
                           "\": use 1 to 64 letters, digits, '_', '-' or '.', starting with a "
                           "letter or digit");
  }
  return id;
}

Result<std::optional<int64_t>> DateQuery(const Request& req, const char* name) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return std::optional<int64_t>();
  Result<int64_t> day = agri::ParseDate(it->second);
  if (!day.ok()) return day.status().WithPrefix(name);
  return std::optional<int64_t>(*day);
}

}  // namespace loka::node
