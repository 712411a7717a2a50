#include "node/json_body.h"

namespace loka::node {

using text::TypeName;

Status ReadTexts(const Json& obj, size_t max_batch, std::vector<std::string>* texts,
                 bool* batch) {
  texts->clear();
  const auto one = obj.find("text");
  const auto many = obj.find("texts");
  if (one != obj.end() && many != obj.end()) {
    return InvalidArgument("give either \"text\" or \"texts\", not both");
  }
  if (one != obj.end()) {
    *batch = false;
    if (!one->is_string()) return InvalidArgument("text: expected a string, got " + TypeName(*one));
    texts->push_back(one->get<std::string>());
    return Status::Ok();
  }
  if (many == obj.end()) return InvalidArgument("missing field \"text\" or \"texts\"");
  *batch = true;
  if (!many->is_array()) {
    return InvalidArgument("texts: expected an array of strings, got " + TypeName(*many));
  }
  if (many->size() > max_batch) {
    return ResourceExhausted("texts: " + std::to_string(many->size()) +
                             " texts in one batch; the limit is " + std::to_string(max_batch));
  }
  texts->reserve(many->size());
  for (size_t i = 0; i < many->size(); ++i) {
    const Json& t = (*many)[i];
    if (!t.is_string()) {
      return InvalidArgument("texts[" + std::to_string(i) + "]: expected a string, got " +
                             TypeName(t));
    }
    texts->push_back(t.get<std::string>());
  }
  return Status::Ok();
}

}  // namespace loka::node
