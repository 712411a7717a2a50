#include "langid/train_to_size.h"

#include <algorithm>

#include "langid/model_file.h"

namespace loka::langid {

Result<std::string> TrainToSize(const std::vector<learn::LabelledText>& rows,
                                TrainOptions options, size_t max_bytes, TrainReport* report,
                                const RetryFn& on_retry) {
  constexpr uint32_t kMinDomainEntries = 100;
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(const ModelData model, Train(rows, options, report));
    LOKA_ASSIGN_OR_RETURN(std::string bytes, SerializeModel(model));
    if (max_bytes == 0 || bytes.size() <= max_bytes) return bytes;
    uint32_t& domain = options.max_entries_per_domain;
    if (domain == 0) domain = options.max_entries_per_language;
    const uint32_t smaller = domain - std::max<uint32_t>(1, domain / 20);
    if (smaller < kMinDomainEntries) {
      return InvalidArgument("model is " + std::to_string(bytes.size()) + " bytes, above the " +
                             std::to_string(max_bytes) + "-byte limit even with " +
                             std::to_string(kMinDomainEntries) +
                             " entries per domain profile; lower the entries per language");
    }
    if (on_retry) on_retry(bytes.size(), smaller);
    domain = smaller;
  }
}

}  // namespace loka::langid
