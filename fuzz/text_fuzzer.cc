// libFuzzer target: the text pipeline on arbitrary bytes: validation must reject malformed
// UTF-8, and everything after it must handle any valid text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/features.h"
#include "text/normalize.h"
#include "text/script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto norm = loka::text::Normalize(in);
  if (!norm.ok()) return 0;
  std::vector<uint32_t> ids;
  loka::text::FeatureOptions f;
  f.punctuation = true;
  loka::text::Featurize(*norm, f, &ids);
  loka::text::CharNgramFeatures(*norm, 1, 5, 1u << 20, &ids);
  (void)loka::text::ScriptRuns(in);
  return 0;
}
