// Request bodies as JSON: strict UTF-8, bounded nesting, an object at the top, and typed field
// access whose errors name the field ("texts[3]: expected a string"). nlohmann's exceptions
// stop here (STYLE.md 6).
#ifndef LOKA_NODE_JSON_BODY_H_
#define LOKA_NODE_JSON_BODY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace loka::node {

using Json = nlohmann::json;

// Parses `body` as a JSON object. Errors (all invalid_argument): empty body, malformed UTF-8
// (with the byte offset), nesting deeper than `max_depth`, malformed JSON (with line and
// column), a top-level value that is not an object.
Result<Json> ParseJsonObject(std::string_view body, int max_depth);

// Field accessors on an object. A missing optional field gives `fallback`; a present one of the
// wrong type or out of range is invalid_argument naming the field.
Result<std::string> RequiredString(const Json& obj, const char* field);
Result<int64_t> OptionalInt(const Json& obj, const char* field, int64_t fallback, int64_t min,
                            int64_t max);
Result<double> OptionalNumber(const Json& obj, const char* field, double fallback, double min,
                              double max);
Result<bool> OptionalBool(const Json& obj, const char* field, bool fallback);

// The texts of a body that has exactly one of {"text": "..."} or {"texts": ["...", ...]}.
// `batch` tells which form was used. Errors: invalid_argument (neither or both, wrong types),
// resource_exhausted (more than `max_batch` texts).
Status ReadTexts(const Json& obj, size_t max_batch, std::vector<std::string>* texts,
                 bool* batch);

// Compact JSON text; invalid UTF-8 (which validated input never has) is replaced, never thrown.
std::string Dump(const Json& j);

// Model and dataset names: 1..64 of [A-Za-z0-9_.-], not starting with '.'.
Status ValidateName(std::string_view name, std::string_view what);

}  // namespace loka::node

#endif  // LOKA_NODE_JSON_BODY_H_
