// Markdown -> blocks: ATX and setext headings open a heading path; paragraphs end at blank
// lines; list items and block quotes are paragraphs of their own; fence lines are dropped and
// the code between them kept as text; inline links and images keep their text, emphasis and
// code marks are dropped ('_' only where it is emphasis: not inside a word or code).
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "search/internal/formats.h"

namespace loka::search::internal {
namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsPunct(unsigned char c) { return c < 0x80 && std::ispunct(c); }

// A run of '_' as CommonMark sees it: it opens emphasis when left-flanking and not inside a
// word, closes when right-flanking and not inside a word (the line's ends count as space).
struct UnderscoreRun {
  size_t begin, size;
  bool opens, closes;
};

UnderscoreRun ClassifyRun(std::string_view s, size_t begin, size_t size) {
  const unsigned char before = begin == 0 ? ' ' : static_cast<unsigned char>(s[begin - 1]);
  const unsigned char after =
      begin + size >= s.size() ? ' ' : static_cast<unsigned char>(s[begin + size]);
  const bool left = !IsSpace(after) && (!IsPunct(after) || IsSpace(before) || IsPunct(before));
  const bool right = !IsSpace(before) && (!IsPunct(before) || IsSpace(after) || IsPunct(after));
  return {begin, size, left && (!right || IsPunct(before)), right && (!left || IsPunct(after))};
}

// "__x__" and "_x_" emphasis marks removed where CommonMark reads them as emphasis (a closing
// run paired with the nearest opening run of the same length before it); underscores inside a word
// ("snake_case_name") or a code span ("`__init__`") stay.
std::string DropUnderscoreEmphasis(std::string_view s) {
  std::vector<UnderscoreRun> runs;
  std::set<size_t> unclosed;  // backtick run lengths with no closing run further on
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '`') {  // a code span runs to the next backtick run of the same length
      size_t n = 0;
      while (i + n < s.size() && s[i + n] == '`') ++n;
      size_t close = unclosed.contains(n) ? std::string_view::npos : i + n;
      while (close != std::string_view::npos) {
        close = s.find(std::string(n, '`'), close);
        if (close == std::string_view::npos) {
          unclosed.insert(n);
          break;
        }
        size_t m = 0;
        while (close + m < s.size() && s[close + m] == '`') ++m;
        if (m == n) break;
        close += m;
      }
      i = close == std::string_view::npos ? i + n : close + n;
      continue;
    }
    if (s[i] != '_') {
      ++i;
      continue;
    }
    size_t n = 0;
    while (i + n < s.size() && s[i + n] == '_') ++n;
    runs.push_back(ClassifyRun(s, i, n));
    i += n;
  }
  std::vector<bool> dropped(runs.size(), false);
  std::map<size_t, std::vector<size_t>> openers;  // by run length, innermost last
  for (size_t r = 0; r < runs.size(); ++r) {
    std::vector<size_t>& open = openers[runs[r].size];
    if (runs[r].closes && !open.empty()) {
      dropped[open.back()] = dropped[r] = true;
      open.pop_back();
      continue;
    }
    if (runs[r].opens) open.push_back(r);
  }
  std::string out;
  size_t pos = 0;
  for (size_t r = 0; r < runs.size(); ++r) {
    if (!dropped[r]) continue;
    out.append(s.substr(pos, runs[r].begin - pos));
    pos = runs[r].begin + runs[r].size;
  }
  out.append(s.substr(pos));
  return out;
}

// Inline markup removed: "[text](url)" -> "text", "![alt](src)" -> "alt", '*' and '`' dropped,
// underscore emphasis dropped (DropUnderscoreEmphasis) unless `code` (a fenced block's text).
std::string InlineText(std::string_view raw, bool code = false) {
  const std::string unemphasised = code ? std::string(raw) : DropUnderscoreEmphasis(raw);
  const std::string_view s = unemphasised;
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
  bool fenced = false;
  auto flush = [&] {
    std::string text = InlineText(paragraph, fenced);
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
