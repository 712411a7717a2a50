// Format detection, dispatch to the extractors, and the plain-text helpers they share.
#include "search/extract.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>

#include "search/internal/formats.h"
#include "text/utf8.h"

namespace loka::search {
namespace {

std::string LowerExtension(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "";
  }
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kMarkdown: return "markdown";
    case Format::kHtml: return "html";
    case Format::kPdf: return "pdf";
  }
  return "text";
}

Result<Format> ParseFormat(std::string_view name) {
  for (Format f : {Format::kText, Format::kMarkdown, Format::kHtml, Format::kPdf}) {
    if (name == FormatName(f)) return f;
  }
  return InvalidArgument("unknown document format \"" + std::string(name) +
                         "\" (text, markdown, html or pdf)");
}

bool HasDocumentExtension(std::string_view path) {
  const std::string ext = LowerExtension(path);
  return ext == "txt" || ext == "text" || ext == "md" || ext == "markdown" || ext == "html" ||
         ext == "htm" || ext == "pdf";
}

Format DetectFormat(std::string_view path, std::string_view bytes) {
  const std::string ext = LowerExtension(path);
  if (ext == "md" || ext == "markdown") return Format::kMarkdown;
  if (ext == "html" || ext == "htm") return Format::kHtml;
  if (ext == "pdf") return Format::kPdf;
  if (ext == "txt" || ext == "text") return Format::kText;
  if (bytes.substr(0, 5) == "%PDF-") return Format::kPdf;
  std::string_view head = text::SkipByteOrderMark(bytes);
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) {
    head.remove_prefix(1);
  }
  if (StartsWithNoCase(head, "<!doctype html") || StartsWithNoCase(head, "<html")) {
    return Format::kHtml;
  }
  return Format::kText;
}

Result<Extracted> Extract(Format format, std::string_view bytes) {
  if (format == Format::kPdf) return internal::ExtractPdf(bytes);
  const size_t bad = text::FindInvalidUtf8(bytes);
  if (bad < bytes.size()) {
    return InvalidArgument("not UTF-8 text: malformed UTF-8 at byte " + std::to_string(bad));
  }
  const size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    return InvalidArgument("not a text document: NUL byte at byte " + std::to_string(nul));
  }
  bytes = text::SkipByteOrderMark(bytes);
  switch (format) {
    case Format::kMarkdown: return internal::ExtractMarkdown(bytes);
    case Format::kHtml: return internal::ExtractHtml(bytes);
    default: return internal::ExtractPlainText(bytes);
  }
}

namespace internal {

void HeadingPath::Set(int level, std::string text) {
  while (!open_.empty() && open_.back().first >= level) open_.pop_back();
  if (!text.empty()) open_.emplace_back(level, std::move(text));
  joined_.clear();
  for (const auto& [l, t] : open_) {
    if (!joined_.empty()) joined_ += " > ";
    joined_ += t;
  }
}

void AppendCollapsed(std::string_view text, std::string* out) {
  bool space = !out->empty() && out->back() == ' ';
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = text::DecodeUtf8(text, &pos);
    const bool is_space = cp < 0x80 ? std::isspace(static_cast<int>(cp)) != 0
                                    : u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
    if (is_space) {
      if (!space && !out->empty()) out->push_back(' ');
      space = true;
      continue;
    }
    out->append(text.substr(start, pos - start));
    space = false;
  }
}

std::string Collapse(std::string_view text) {
  std::string out;
  AppendCollapsed(text, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

namespace {

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool EndsSentence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  for (std::string_view end : {".", "?", "!", ":", ";", "\xE0\xA5\xA4", "\xE3\x80\x82"}) {
    if (line.size() >= end.size() && line.substr(line.size() - end.size()) == end) return true;
  }
  return false;
}

// Hard-wrapped prose: three or more lines, none longer than 100 code points, every line but the
// last at least 60% of the longest, and most of them ending mid-sentence. A list of short
// sentences, one per line, is not.
bool LooksWrapped(const std::vector<std::string_view>& lines) {
  if (lines.size() < 3) return false;
  size_t longest = 0;
  for (std::string_view l : lines) longest = std::max(longest, CodePoints(l));
  if (longest > 100) return false;
  size_t sentence_ends = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (CodePoints(lines[i]) * 10 < longest * 6) return false;
    sentence_ends += EndsSentence(lines[i]) ? 1 : 0;
  }
  return sentence_ends * 2 < lines.size() - 1;
}

void FlushBlock(const std::vector<std::string_view>& lines, const std::string& heading,
                std::vector<Block>* out) {
  const bool wrapped = LooksWrapped(lines);
  std::string joined;
  for (std::string_view line : lines) {
    if (wrapped) {
      AppendCollapsed(line, &joined);
      joined.push_back(' ');
      continue;
    }
    std::string one = Collapse(line);
    if (!one.empty()) out->push_back(Block{heading, std::move(one)});
  }
  if (wrapped) {
    std::string one = Collapse(joined);
    if (!one.empty()) out->push_back(Block{heading, std::move(one)});
  }
}

}  // namespace

void AppendParagraphs(std::string_view text, const std::string& heading,
                      std::vector<Block>* out) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (Collapse(line).empty()) {
      FlushBlock(lines, heading, out);
      lines.clear();
    } else {
      lines.push_back(line);
    }
    pos = end + 1;
  }
  FlushBlock(lines, heading, out);
}

Extracted ExtractPlainText(std::string_view bytes) {
  Extracted doc;
  AppendParagraphs(bytes, "", &doc.blocks);
  return doc;
}

}  // namespace internal
}  // namespace loka::search
