#include "node/http.h"

#include <nlohmann/json.hpp>

namespace loka::node {

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  nlohmann::json j;
  j["error"]["code"] = code;
  j["error"]["message"] = message;
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorrupt: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kUnimplemented: return 501;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kIoError:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponseFor(const Status& status) {
  Response r = ErrorResponse(HttpStatusFor(status.code()), StatusCodeName(status.code()),
                             status.message());
  if (status.code() == StatusCode::kUnavailable) {
    r.headers.emplace_back("Retry-After", std::to_string(kUnavailableRetryAfterS));
  }
  return r;
}

Response JsonResponse(std::string json_text, int status) {
  Response r;
  r.status = status;
  r.body = std::move(json_text);
  return r;
}

}  // namespace loka::node
