// Request bodies as JSON: the reader of text/json.h, plus the texts of a langid or predict
// request ("texts[3]: expected a string").
#ifndef LOKA_NODE_JSON_BODY_H_
#define LOKA_NODE_JSON_BODY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "text/json.h"
#include "text/names.h"

namespace loka::node {

// The JSON reader lives in text/json.h (the readings pipeline parses MQTT payloads with it);
// the node's handlers use it under these names.
using text::Json;
using text::Dump;
using text::OptionalBool;
using text::OptionalInt;
using text::OptionalNumber;
using text::ParseJsonObject;
using text::RequiredString;
using text::ValidateName;

// The texts of a body that has exactly one of {"text": "..."} or {"texts": ["...", ...]}.
// `batch` tells which form was used. Errors: invalid_argument (neither or both, wrong types),
// resource_exhausted (more than `max_batch` texts).
Status ReadTexts(const Json& obj, size_t max_batch, std::vector<std::string>* texts,
                 bool* batch);

}  // namespace loka::node

#endif  // LOKA_NODE_JSON_BODY_H_
