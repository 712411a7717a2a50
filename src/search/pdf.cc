// PDF -> blocks with poppler's C++ interface: the text of each page in reading order, split
// into paragraphs like plain text, under the heading "page N". poppler's own error printing is
// silenced; a file it cannot open is corrupt, an encrypted one a failed precondition.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

#include "search/internal/formats.h"
#include "text/utf8.h"

namespace loka::search::internal {
namespace {

void Silence(const std::string&, void*) {}

std::string ToUtf8(const poppler::ustring& u) {
  const poppler::byte_array bytes = u.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

Result<Extracted> ExtractPdf(std::string_view bytes) {
  static std::once_flag silenced;
  std::call_once(silenced, [] { poppler::set_debug_error_function(Silence, nullptr); });
  if (bytes.substr(0, 5) != "%PDF-") return Corrupt("not a PDF file (no %PDF- header)");
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return Corrupt("PDF too large for poppler");
  // poppler reads `bytes` in place; they outlive `doc`.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Corrupt("poppler cannot read this PDF (damaged or not a PDF)");
  if (doc->is_locked()) return FailedPrecondition("the PDF is encrypted");
  Extracted out;
  out.title = Collapse(ToUtf8(doc->get_title()));
  const int pages = doc->pages();
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    std::string text = ToUtf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
    if (text::FindInvalidUtf8(text) < text.size()) continue;  // poppler gave no usable text
    AppendParagraphs(text, "page " + std::to_string(i + 1), &out.blocks);
  }
  return out;
}

}  // namespace loka::search::internal
