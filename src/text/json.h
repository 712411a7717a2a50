// JSON documents from outside (HTTP bodies, MQTT payloads): strict UTF-8, bounded nesting, an
// object at the top, and typed field access whose errors name the field ("limit: expected an
// integer"). nlohmann's exceptions stop here (STYLE.md 6). Thread contract: functions on values.
#ifndef LOKA_TEXT_JSON_H_
#define LOKA_TEXT_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace loka::text {

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

// The JSON type of `v` for error messages: "null", "string", "array", "number", ...
std::string TypeName(const Json& v);

// Compact JSON text; invalid UTF-8 (which validated input never has) is replaced, never thrown.
std::string Dump(const Json& j);

}  // namespace loka::text

#endif  // LOKA_TEXT_JSON_H_
