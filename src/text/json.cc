#include "text/json.h"

#include "text/utf8.h"

namespace loka::text {
namespace {

// Deepest nesting of arrays and objects, ignoring brackets inside strings.
int NestingDepth(std::string_view s, int stop_at) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > stop_at) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string TypeName(const Json& v) { return v.is_null() ? "null" : std::string(v.type_name()); }

Result<Json> ParseJsonObject(std::string_view body, int max_depth) {
  if (body.empty()) return InvalidArgument("request body is empty; expected a JSON object");
  LOKA_RETURN_IF_ERROR(ValidateUtf8(body).WithPrefix("request body"));
  if (NestingDepth(body, max_depth) > max_depth) {
    return InvalidArgument("request body: JSON nested deeper than " + std::to_string(max_depth) +
                           " levels");
  }
  Json j;
  try {
    j = Json::parse(body.begin(), body.end());
  } catch (const Json::exception& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...", or
    // "[json.exception.out_of_range.406] number overflow parsing '1e400'" (found by
    // fuzz/readings_json_fuzzer.cc: a 500 before).
    std::string what = e.what();
    const size_t at = what.find("] ");
    return InvalidArgument("malformed JSON: " +
                           (at == std::string::npos ? what : what.substr(at + 2)));
  }
  if (!j.is_object()) {
    return InvalidArgument("request body: expected a JSON object, got " + TypeName(j));
  }
  return j;
}

Result<std::string> RequiredString(const Json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end()) return InvalidArgument(std::string("missing field \"") + field + "\"");
  if (!it->is_string()) {
    return InvalidArgument(std::string(field) + ": expected a string, got " + TypeName(*it));
  }
  return it->get<std::string>();
}

Result<int64_t> OptionalInt(const Json& obj, const char* field, int64_t fallback, int64_t min,
                            int64_t max) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) {
    return InvalidArgument(std::string(field) + ": expected an integer, got " + TypeName(*it));
  }
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return InvalidArgument(std::string(field) + ": out of range");
  }
  const int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    return InvalidArgument(std::string(field) + ": " + std::to_string(v) + " is outside [" +
                           std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return v;
}

Result<double> OptionalNumber(const Json& obj, const char* field, double fallback, double min,
                              double max) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_number()) {
    return InvalidArgument(std::string(field) + ": expected a number, got " + TypeName(*it));
  }
  const double v = it->get<double>();
  if (!(v >= min && v <= max)) {
    return InvalidArgument(std::string(field) + ": " + it->dump() + " is outside [" +
                           Json(min).dump() + ", " + Json(max).dump() + "]");
  }
  return v;
}

Result<bool> OptionalBool(const Json& obj, const char* field, bool fallback) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    return InvalidArgument(std::string(field) + ": expected true or false, got " + TypeName(*it));
  }
  return it->get<bool>();
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace loka::text
