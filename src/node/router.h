// The API's route table: method, path pattern with {param} segments, the scope a caller's key
// needs (or none for public routes), the body limit that applies, and the handler. The table is
// data, so docs/api.yaml can be checked against it (tests/node/api_spec_test.cc).
#ifndef LOKA_NODE_ROUTER_H_
#define LOKA_NODE_ROUTER_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "node/http.h"
#include "store/store.h"

namespace loka::node {

using Handler = std::function<Result<Response>(const Request&)>;

enum class BodyLimit { kDefault, kUpload };  // NodeOptions::max_body_bytes / max_upload_bytes

struct Route {
  std::string method;
  std::string pattern;  // "/v1/models/{name}/train"
  std::optional<store::Scope> scope;  // nullopt: public
  BodyLimit body_limit = BodyLimit::kDefault;
  std::string summary;  // one line, for logs and the OpenAPI check
  Handler handler;
  // A GET is answered to HEAD too, as a GET without the body, unless it changes state (Kannel's
  // callbacks record a message or a delivery report): HEAD must change nothing, so it is 405.
  bool answers_head = true;
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  int index = -1;                // position in the table, for metrics
  bool path_known = false;       // some route has this path with another method (405)
  // When path_known: the methods the path has, for a 405's Allow header ("GET, HEAD, DELETE";
  // HEAD wherever a GET answers it).
  std::string allow;
};

// Immutable after construction; Match is safe from many threads.
class Router {
 public:
  explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

  // Matches `method` and `path` (no query string); fills `params` with the {name} segments.
  // A segment matches one non-empty path segment, never a '/'.
  RouteMatch Match(std::string_view method, std::string_view path,
                   std::map<std::string, std::string>* params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// True if `path` matches `pattern` segment by segment; fills `params` (optional).
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params);

}  // namespace loka::node

#endif  // LOKA_NODE_ROUTER_H_
