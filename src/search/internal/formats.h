// One extractor per format (search/extract.h dispatches) and the helpers they share.
#ifndef LOKA_SEARCH_INTERNAL_FORMATS_H_
#define LOKA_SEARCH_INTERNAL_FORMATS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "search/extract.h"

namespace loka::search::internal {

// REQUIRES (the three text formats): `bytes` is valid UTF-8 without NUL bytes.
Extracted ExtractPlainText(std::string_view bytes);
Extracted ExtractMarkdown(std::string_view bytes);
Extracted ExtractHtml(std::string_view bytes);
// Errors: corrupt, failed_precondition (encrypted).
Result<Extracted> ExtractPdf(std::string_view bytes);

// The open headings of a document, outermost first.
class HeadingPath {
 public:
  // A heading of `level` (1 = outermost) closes every open heading of the same or a deeper level.
  void Set(int level, std::string text);
  const std::string& Joined() const { return joined_; }  // " > "-joined

 private:
  std::vector<std::pair<int, std::string>> open_;
  std::string joined_;
};

// Appends `text` to `out` with every run of whitespace (ASCII and Unicode Zs) made one space.
void AppendCollapsed(std::string_view text, std::string* out);
// `text` with whitespace collapsed and trimmed.
std::string Collapse(std::string_view text);

// Paragraphs of plain text under `heading`, appended to `out`: blocks are separated by blank
// lines; inside a block, lines are joined when the block looks hard-wrapped (three or more
// lines of at most 100 code points, all but the last at least 60% of the longest, most ending
// mid-sentence), and are paragraphs of their own otherwise (one paragraph per line, as lists
// and line-per-paragraph files are written).
void AppendParagraphs(std::string_view text, const std::string& heading,
                      std::vector<Block>* out);

}  // namespace loka::search::internal

#endif  // LOKA_SEARCH_INTERNAL_FORMATS_H_
