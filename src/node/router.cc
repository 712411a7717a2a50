#include "node/router.h"

namespace loka::node {

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  size_t pi = 0, si = 0;
  while (pi < pattern.size() && si < path.size()) {
    if (pattern[pi] == '{') {
      const size_t close = pattern.find('}', pi);
      if (close == std::string_view::npos) return false;
      size_t end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // empty segment
      if (params != nullptr) {
        (*params)[std::string(pattern.substr(pi + 1, close - pi - 1))] =
            std::string(path.substr(si, end - si));
      }
      pi = close + 1;
      si = end;
      continue;
    }
    if (pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  return pi == pattern.size() && si == path.size();
}

RouteMatch Router::Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>* params) const {
  RouteMatch m;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (!MatchPattern(r.pattern, path, nullptr)) continue;
    if (r.method != method) {
      m.path_known = true;
      m.allow += (m.allow.empty() ? "" : ", ") + r.method;
      if (r.method == "GET" && r.answers_head) m.allow += ", HEAD";
      continue;
    }
    if (params != nullptr) {
      params->clear();
      MatchPattern(r.pattern, path, params);
    }
    m.route = &r;
    m.index = static_cast<int>(i);
    return m;
  }
  return m;
}

}  // namespace loka::node
