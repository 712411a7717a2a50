#include "node/query.h"

#include "agri/timestamp.h"

namespace loka::node {

Result<bool> BoolQuery(const Request& req, const char* name, bool fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  return InvalidArgument(std::string(name) + " = \"" + it->second + "\": expected true or false");
}

Result<std::optional<int64_t>> DateQuery(const Request& req, const char* name) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return std::optional<int64_t>();
  Result<int64_t> day = agri::ParseDate(it->second);
  if (!day.ok()) return day.status().WithPrefix(name);
  return std::optional<int64_t>(*day);
}

}  // namespace loka::node
