// libFuzzer target: documents given to the knowledge base (search/extract.h, passages.h,
// analyzer.h). The first byte picks the format (text, Markdown, HTML; PDF is poppler's parser
// and left to it); the rest is the document. A document either is refused or gives blocks of
// valid UTF-8 without NUL, each cut into passages no longer than the limit whose texts are
// valid UTF-8; the query analyzer takes any passage, and its keys are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "search/analyzer.h"
#include "search/extract.h"
#include "search/passages.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Utf8(std::string_view s) {
  return loka::text::FindInvalidUtf8(s) == s.size() && s.find('\0') == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1u << 16)) return 0;
  static constexpr loka::search::Format kFormats[] = {
      loka::search::Format::kText, loka::search::Format::kMarkdown, loka::search::Format::kHtml};
  const std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto extracted = loka::search::Extract(kFormats[data[0] % 3], doc);
  if (!extracted.ok()) return 0;
  Check(Utf8(extracted->title));
  for (const loka::search::Block& b : extracted->blocks) Check(Utf8(b.text) && Utf8(b.heading));
  loka::search::PassageOptions o;
  o.max_bytes = 64 + data[0] % 200;  // small limits reach every way of cutting
  for (const loka::search::Passage& p : loka::search::SplitPassages(extracted->blocks, o)) {
    Check(Utf8(p.text) && p.text.size() <= o.max_bytes);
    auto keys = loka::search::MatchKeys(p.text);
    Check(keys.ok());
    for (const std::string& k : *keys) Check(Utf8(k) && !k.empty());
  }
  return 0;
}
