// Markdown -> blocks: ATX and setext headings open a heading path; paragraphs end at blank
// lines; list items and block quotes are paragraphs of their own; fence lines are dropped and
// the code between them kept as text; inline links and images keep their text, emphasis and
// code marks are dropped.
#include <cctype>

#include "search/internal/formats.h"

namespace loka::search::internal {
namespace {

// Inline markup removed: "[text](url)" -> "text", "![alt](src)" -> "alt", '*' and '`' dropped.
std::string InlineText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '*' || c == '`') continue;
    if (c == '!' && i + 1 < s.size() && s[i + 1] == '[') continue;
    if (c == ']' && i + 1 < s.size() && s[i + 1] == '(') {
      const size_t close = s.find(')', i + 2);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '[') continue;
    out.push_back(c);
  }
  return Collapse(out);
}

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// "#".."######" then a space: the level, else 0.
int AtxLevel(std::string_view line) {
  int level = 0;
  while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (level < static_cast<int>(line.size()) && line[level] != ' ' && line[level] != '\t') return 0;
  return level;
}

// A line of only '=' (level 1) or '-' (level 2), at least 2 long: a setext underline.
int SetextLevel(std::string_view line) {
  line = TrimLeft(line);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.size() < 2) return 0;
  const char c = line[0];
  if (c != '=' && c != '-') return 0;
  for (char x : line) {
    if (x != c) return 0;
  }
  return c == '=' ? 1 : 2;
}

// The text after a list marker ("- ", "* ", "+ ", "12. ", "3) "), or npos when none.
size_t ListItemStart(std::string_view line) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
      line[1] == ' ') {
    return 2;
  }
  size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ') {
    return i + 2;
  }
  return std::string_view::npos;
}

}  // namespace

Extracted ExtractMarkdown(std::string_view bytes) {
  Extracted doc;
  HeadingPath heading;
  std::string paragraph;
  auto flush = [&] {
    std::string text = InlineText(paragraph);
    if (!text.empty()) doc.blocks.push_back(Block{heading.Joined(), std::move(text)});
    paragraph.clear();
  };
  auto set_heading = [&](int level, std::string_view raw) {
    flush();
    std::string text = InlineText(raw);
    if (doc.title.empty()) doc.title = text;
    heading.Set(level, std::move(text));
  };
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= bytes.size();) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    lines.push_back(bytes.substr(pos, end - pos));
    pos = end + 1;
  }
  bool fenced = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = TrimLeft(lines[i]);
    if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      AppendCollapsed(line, &paragraph);
      paragraph.push_back(' ');
      continue;
    }
    if (Collapse(line).empty()) {
      flush();
      continue;
    }
    if (const int level = AtxLevel(line); level > 0) {
      std::string_view text = line.substr(static_cast<size_t>(level));
      while (!text.empty() && (text.back() == '#' || text.back() == ' ' || text.back() == '\r')) {
        text.remove_suffix(1);
      }
      set_heading(level, text);
      continue;
    }
    if (paragraph.empty() && i + 1 < lines.size() && SetextLevel(lines[i + 1]) > 0 &&
        ListItemStart(line) == std::string_view::npos) {
      set_heading(SetextLevel(lines[i + 1]), line);
      ++i;
      continue;
    }
    while (!line.empty() && line[0] == '>') line = TrimLeft(line.substr(1));
    if (const size_t item = ListItemStart(line); item != std::string_view::npos) {
      flush();
      line = line.substr(item);
    }
    AppendCollapsed(line, &paragraph);
    paragraph.push_back(' ');
  }
  flush();
  return doc;
}

}  // namespace loka::search::internal
