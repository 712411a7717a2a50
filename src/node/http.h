// The node's own request and response types: handlers see these, never cpp-httplib's, and
// return Result<Response>. An error Status becomes a JSON error with the HTTP status
// HttpStatusFor gives; handlers that need a status no Status code names (429, 503) return an
// ErrorResponse value instead.
#ifndef LOKA_NODE_HTTP_H_
#define LOKA_NODE_HTTP_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace loka::node {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query string
  std::string body;
  std::string authorization;                         // the Authorization header, or empty
  std::map<std::string, std::string> path_params;    // {name} segments of the matched route
  std::map<std::string, std::string> query;          // first value of each query parameter
  store::Scope scope = store::Scope::kRead;          // of the caller's key (public routes: read)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": {"code": code, "message": message}} with `status`.
Response ErrorResponse(int status, std::string_view code, std::string_view message);

// The HTTP status for an error Status: invalid_argument and corrupt 400, not_found 404,
// failed_precondition 409, resource_exhausted 413, unimplemented 501, unavailable 503 (the
// database is locked by another writer or the disk is full), the rest 500.
int HttpStatusFor(StatusCode code);

// Seconds a client is asked to wait before retrying a 503 (Retry-After): long enough for a
// checkpoint or another process's write transaction to end, short enough for a gateway's retry.
constexpr int kUnavailableRetryAfterS = 1;

// Seconds a client is asked to wait before retrying a 429 from the full training queue: a job on
// a helpdesk's few thousand lines trains in seconds (the demo's 2,325 lines: about 3 s), one on
// 48,000 lines (data/debsec) in about 10, so a place in the queue is usually free by then.
constexpr int kTrainQueueRetryAfterS = 10;

// ErrorResponse(HttpStatusFor(code), StatusCodeName(code), message), with Retry-After on 503.
Response ErrorResponseFor(const Status& status);

// A 200 (or `status`) response with `json_text` as its body.
Response JsonResponse(std::string json_text, int status = 200);

}  // namespace loka::node

#endif  // LOKA_NODE_HTTP_H_
