#include "learn/dataset.h"

#include <iostream>
#include <sstream>

#include "core/file.h"
#include "text/utf8.h"

namespace loka::learn {
namespace {

constexpr std::string_view kFastTextPrefix = "__label__";

bool IsTrimmed(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsTrimmed(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsTrimmed(s.back())) s.remove_suffix(1);
  return s;
}

// NormalizeLabelledText's rule on views: trims both, then "" or the reason the row is bad.
const char* CheckRow(std::string_view* label, std::string_view* text) {
  *label = NormalizedLabel(*label);
  *text = Trim(*text);
  if (label->empty()) return "empty label";
  if (label->find_first_of("\t\n\r") != std::string_view::npos) {
    return "label contains a tab or line break";
  }
  if (text->empty()) return "empty text";
  return "";
}

// Takes the leading "__label__x" tokens off `*rest`, which is left trimmed: the first label in
// `*first`, how many there were in `*count`. False at a bare "__label__" (an empty label).
bool TakeFastTextLabels(std::string_view* rest, std::string_view* first, size_t* count) {
  *count = 0;
  for (;;) {
    *rest = Trim(*rest);
    if (rest->substr(0, kFastTextPrefix.size()) != kFastTextPrefix) return true;
    const size_t end = rest->find_first_of(" \t");
    const std::string_view name = rest->substr(0, end).substr(kFastTextPrefix.size());
    if (name.empty()) return false;
    if (*count == 0) *first = name;
    ++*count;
    if (end == std::string_view::npos) {
      *rest = {};
      return true;
    }
    rest->remove_prefix(end);
  }
}

// Splits one line into views of it; returns "" on success or the reason it is bad.
const char* ParseLine(std::string_view line, LabelledFormat format, std::string_view* label,
                      std::string_view* text, size_t* extra_labels) {
  if (format == LabelledFormat::kTsv) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return "no tab between label and text";
    *label = line.substr(0, tab);
    *text = line.substr(tab + 1);
    return CheckRow(label, text);
  }
  // fastText: one or more leading "__label__x" tokens, then the text.
  std::string_view rest = line;
  size_t labels = 0;
  if (!TakeFastTextLabels(&rest, label, &labels)) return "empty label";
  if (labels == 0) return "no __label__ prefix";
  *extra_labels += labels - 1;
  if (rest.empty()) return "empty text";
  *text = rest;
  return "";
}

// The line rule ParseLabelled and ForEachLabel share: the byte-order mark skipped, CRLF read as
// LF, blank lines counted in `st` and passed over, the format taken from the first non-blank
// line. Calls on_line(line_no, reason, label, text, extra_labels) for every other line, reason
// "" when it is usable; stops when on_line returns false.
template <typename OnLine>
void ScanLabelled(std::string_view content, ReadStats* st, OnLine on_line) {
  content = text::SkipByteOrderMark(content);
  bool format_known = false;
  size_t pos = 0;
  size_t line_no = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    ++st->lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string reason;
    std::string_view label, text;
    size_t extra = 0;
    const size_t bad_at = text::FindInvalidUtf8(line);
    if (bad_at != line.size()) {
      reason = "malformed UTF-8 at byte " + std::to_string(bad_at);
    } else if (Trim(line).empty()) {
      ++st->empty;
      continue;
    } else {
      if (!format_known) {
        st->format = Trim(line).substr(0, kFastTextPrefix.size()) == kFastTextPrefix
                         ? LabelledFormat::kFastText
                         : LabelledFormat::kTsv;
        format_known = true;
      }
      reason = ParseLine(line, st->format, &label, &text, &extra);
    }
    if (!on_line(line_no, reason, label, text, extra)) return;
  }
}

}  // namespace

std::string_view NormalizedLabel(std::string_view label) { return Trim(label); }

std::string_view WithoutFastTextLabels(std::string_view line) {
  std::string_view rest = line, first;
  size_t labels = 0;
  return TakeFastTextLabels(&rest, &first, &labels) && labels > 0 ? rest : line;
}

Status NormalizeLabelledText(LabelledText* row) {
  std::string_view label = row->label, text = row->text;
  if (const char* reason = CheckRow(&label, &text); *reason != '\0') return InvalidArgument(reason);
  row->text = std::string(text);
  row->label = std::string(label);
  return Status::Ok();
}

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    if (std::cin.bad()) return IoError("stdin: read failed");
    return ss.str();
  }
  return ReadFile(path);
}

Result<std::vector<LabelledText>> ParseLabelled(std::string_view content, const std::string& name,
                                                const ReadOptions& options, ReadStats* stats) {
  ReadStats local;
  ReadStats& st = stats ? *stats : local;
  st = ReadStats{};
  std::vector<LabelledText> out;
  Status failed;
  ScanLabelled(content, &st,
               [&](size_t line_no, const std::string& reason, std::string_view label,
                   std::string_view text, size_t extra) {
                 if (reason.empty()) {
                   out.push_back({std::string(label), std::string(text)});
                   ++st.kept;
                   st.extra_labels += extra;
                   return true;
                 }
                 std::string msg = name + " line " + std::to_string(line_no) + ": " + reason;
                 if (options.strict) {
                   failed = InvalidArgument(msg);
                   return false;
                 }
                 if (st.skipped < options.max_reported && options.on_bad_line) {
                   options.on_bad_line(msg);
                 }
                 ++st.skipped;
                 return true;
               });
  LOKA_RETURN_IF_ERROR(failed);
  if (out.empty()) {
    return InvalidArgument(name + ": no usable labelled line (" + std::to_string(st.lines) +
                           " lines, " + std::to_string(st.skipped) + " bad)");
  }
  return out;
}

bool ForEachLabel(std::string_view content,
                  const std::function<bool(std::string_view label)>& on_line) {
  ReadStats st;
  bool stopped = false;
  ScanLabelled(content, &st,
               [&](size_t, const std::string& reason, std::string_view label, std::string_view,
                   size_t) {
                 stopped = !on_line(reason.empty() ? label : std::string_view());
                 return !stopped;
               });
  return !stopped;
}

Result<std::vector<LabelledText>> ReadLabelledFile(const std::string& path,
                                                   const ReadOptions& options, ReadStats* stats) {
  LOKA_ASSIGN_OR_RETURN(std::string content, ReadInput(path));
  return ParseLabelled(content, path == "-" ? "stdin" : path, options, stats);
}

}  // namespace loka::learn
