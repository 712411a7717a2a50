// Documents -> blocks of text with their heading path: plain text, Markdown, HTML and PDF
// (poppler). Blocks are paragraphs (or list items, table cells, PDF text blocks), in document
// order; the passage splitter (search/passages.h) cuts them to size.
#ifndef LOKA_SEARCH_EXTRACT_H_
#define LOKA_SEARCH_EXTRACT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::search {

enum class Format { kText, kMarkdown, kHtml, kPdf };
std::string_view FormatName(Format format);  // "text", "markdown", "html", "pdf"
// Errors: invalid_argument naming the accepted names.
Result<Format> ParseFormat(std::string_view name);
// From the file name's extension (.txt, .md/.markdown, .html/.htm, .pdf), else from the bytes:
// "%PDF-" is PDF, a leading "<!doctype html" or "<html" is HTML, anything else text.
Format DetectFormat(std::string_view path, std::string_view bytes);
// True when `path` has one of the extensions above (folders are scanned for these only).
bool HasDocumentExtension(std::string_view path);

struct Block {
  std::string heading;  // heading path, " > "-joined, "" before the first heading
  std::string text;     // one paragraph, whitespace collapsed, valid UTF-8
};

struct Extracted {
  std::string title;  // first heading, HTML <title> or PDF title; "" when none
  std::vector<Block> blocks;
};

// Errors: invalid_argument for text formats that are not UTF-8 or hold NUL bytes (binary
// data), naming the byte offset; corrupt for a PDF poppler cannot read; failed_precondition
// for an encrypted PDF. Thread-safe.
Result<Extracted> Extract(Format format, std::string_view bytes);

}  // namespace loka::search

#endif  // LOKA_SEARCH_EXTRACT_H_
