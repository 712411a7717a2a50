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
  *label = Trim(*label);
  *text = Trim(*text);
  if (label->empty()) return "empty label";
  if (label->find_first_of("\t\n\r") != std::string_view::npos) {
    return "label contains a tab or line break";
  }
  if (text->empty()) return "empty text";
  return "";
}

// Splits one line; returns an empty string on success or the reason it is bad.
std::string ParseLine(std::string_view line, LabelledFormat format, LabelledText* out,
                      size_t* extra_labels) {
  if (format == LabelledFormat::kTsv) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return "no tab between label and text";
    std::string_view label = line.substr(0, tab);
    std::string_view text = line.substr(tab + 1);
    if (const char* reason = CheckRow(&label, &text); *reason != '\0') return reason;
    out->label.assign(label);
    out->text.assign(text);
    return "";
  }
  // fastText: one or more leading "__label__x" tokens, then the text.
  std::string_view rest = line;
  bool have = false;
  for (;;) {
    rest = Trim(rest);
    if (rest.substr(0, kFastTextPrefix.size()) != kFastTextPrefix) break;
    const size_t end = rest.find_first_of(" \t");
    std::string_view tok = rest.substr(0, end);
    std::string_view label = tok.substr(kFastTextPrefix.size());
    if (label.empty()) return "empty label";
    if (!have) {
      out->label.assign(label);
      have = true;
    } else {
      ++*extra_labels;
    }
    if (end == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(end);
  }
  if (!have) return "no __label__ prefix";
  if (rest.empty()) return "empty text";
  out->text.assign(rest);
  return "";
}

}  // namespace

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
  content = text::SkipByteOrderMark(content);
  std::vector<LabelledText> out;
  bool format_known = false;
  size_t pos = 0;
  size_t line_no = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    ++st.lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string reason;
    const size_t bad_at = text::FindInvalidUtf8(line);
    if (bad_at != line.size()) {
      reason = "malformed UTF-8 at byte " + std::to_string(bad_at);
    } else if (Trim(line).empty()) {
      ++st.empty;
      continue;
    } else {
      if (!format_known) {
        st.format = Trim(line).substr(0, kFastTextPrefix.size()) == kFastTextPrefix
                        ? LabelledFormat::kFastText
                        : LabelledFormat::kTsv;
        format_known = true;
      }
      LabelledText lt;
      size_t extra = 0;
      reason = ParseLine(line, st.format, &lt, &extra);
      if (reason.empty()) {
        out.push_back(std::move(lt));
        ++st.kept;
        st.extra_labels += extra;
        continue;
      }
    }
    std::string msg = name + " line " + std::to_string(line_no) + ": " + reason;
    if (options.strict) return InvalidArgument(msg);
    if (st.skipped < options.max_reported && options.on_bad_line) options.on_bad_line(msg);
    ++st.skipped;
  }
  if (out.empty()) {
    return InvalidArgument(name + ": no usable labelled line (" + std::to_string(st.lines) +
                           " lines, " + std::to_string(st.skipped) + " bad)");
  }
  return out;
}

Result<std::vector<LabelledText>> ReadLabelledFile(const std::string& path,
                                                   const ReadOptions& options, ReadStats* stats) {
  LOKA_ASSIGN_OR_RETURN(std::string content, ReadInput(path));
  return ParseLabelled(content, path == "-" ? "stdin" : path, options, stats);
}

}  // namespace loka::learn
