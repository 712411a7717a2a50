// Names given by users to things the node stores or routes by: models, datasets, sites.
// Thread contract: a function on values.
#ifndef LOKA_TEXT_NAMES_H_
#define LOKA_TEXT_NAMES_H_

#include <string_view>

#include "core/status.h"

namespace loka::text {

// Model, dataset and site names: 1..64 of [A-Za-z0-9_.-], not starting with '.'. Errors:
// invalid_argument naming `what` and the name (cut to 64 bytes; "<not UTF-8>" when it is not).
Status ValidateName(std::string_view name, std::string_view what);

}  // namespace loka::text

#endif  // LOKA_TEXT_NAMES_H_
