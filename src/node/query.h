// Query parameters shared by several handlers, each parsed once with errors that name the
// parameter ("as_of: ...", "unacknowledged = \"x\": expected true or false").
#ifndef LOKA_NODE_QUERY_H_
#define LOKA_NODE_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "node/http.h"

namespace loka::node {

// "true"/"1" or "false"/"0"; `fallback` when absent or empty. Errors: invalid_argument.
Result<bool> BoolQuery(const Request& req, const char* name, bool fallback);

// A whole number in [lo, hi]; `fallback` when absent or empty. Errors: invalid_argument
// `NAME = "V": expected LO..HI` for anything else (signs, spaces, fractions, overflow).
Result<int64_t> IntQuery(const Request& req, const char* name, int64_t lo, int64_t hi,
                         int64_t fallback);

// A row id as a path or query gives it: digits only, no sign, no leading zero, the whole text,
// 1 to 9223372036854775807 (int64). `what` names it in the error ("ticket id"). Errors:
// invalid_argument `WHAT "V": expected ...` for anything else (an embedded NUL included).
Result<int64_t> ParseId(std::string_view text, std::string_view what);
// ParseId of the path's {id} segment.
Result<int64_t> PathId(const Request& req, std::string_view what);

// The path's {id} segment as a station id (agri::ValidStationId), the same rule for every
// /v1/stations/{id} route. Errors: invalid_argument `station id "V": use ...`.
Result<std::string> PathStationId(const Request& req);

// A date (YYYY-MM-DD) as days since 1970-01-01; nullopt when absent or empty. Errors:
// invalid_argument naming the parameter.
Result<std::optional<int64_t>> DateQuery(const Request& req, const char* name);

}  // namespace loka::node

#endif  // LOKA_NODE_QUERY_H_
