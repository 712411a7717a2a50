#include "fed/topics.h"

#include <vector>

namespace loka::fed {
namespace {

std::string Base(std::string_view fleet) { return "loka/v1/" + std::string(fleet) + "/fed/"; }

}  // namespace

std::string RoundTopic(std::string_view fleet) { return Base(fleet) + "round"; }
std::string ModelChunkTopic(std::string_view fleet, size_t chunk) {
  return Base(fleet) + "model/" + std::to_string(chunk);
}
std::string ModelTopicFilter(std::string_view fleet) { return Base(fleet) + "model/+"; }
std::string UpdateTopic(std::string_view fleet, std::string_view node) {
  return Base(fleet) + "update/" + std::string(node);
}
std::string MetricTopic(std::string_view fleet, std::string_view node) {
  return Base(fleet) + "metric/" + std::string(node);
}
std::string NodeTopicsFilter(std::string_view fleet, std::string_view kind) {
  return Base(fleet) + std::string(kind) + "/+";
}

std::string PartialTopic(std::string_view fleet, std::string_view worker) {
  return Base(fleet) + "partial/" + std::string(worker);
}
std::string RelayTopicPrefix(std::string_view fleet, std::string_view owner) {
  return Base(fleet) + "relay/" + std::string(owner) + "/";
}
std::string SharedUpdateFilter(std::string_view group, std::string_view fleet) {
  return "$share/" + std::string(group) + "/" + NodeTopicsFilter(fleet, "update");
}

bool ParseFedTopic(std::string_view topic, std::string* fleet, std::string* kind,
                   std::string* last) {
  std::vector<std::string_view> parts;
  while (true) {
    const size_t slash = topic.find('/');
    parts.push_back(topic.substr(0, slash));
    if (slash == std::string_view::npos) break;
    topic.remove_prefix(slash + 1);
  }
  if (parts.size() < 5 || parts.size() > 6 || parts[0] != "loka" || parts[1] != "v1" ||
      parts[3] != "fed" || parts[2].empty()) {
    return false;
  }
  *fleet = parts[2];
  *kind = parts[4];
  *last = parts.size() == 6 ? std::string(parts[5]) : std::string();
  return !kind->empty() && (parts.size() == 5 || !last->empty());
}

}  // namespace loka::fed
