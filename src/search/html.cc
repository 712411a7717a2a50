// HTML -> blocks with a small tolerant scanner (no DOM, no regular expressions): tags are read
// one at a time; block-level tags end a paragraph; <h1>..<h6> set the heading path; <title>
// gives the title; the content of script, style, noscript, template and svg is skipped;
// comments, doctype and processing instructions are dropped; character references are decoded
// (numeric ones and the common named ones). Unclosed or stray tags do no harm: text is text.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "search/internal/formats.h"
#include "text/utf8.h"

namespace loka::search::internal {
namespace {

constexpr std::array<std::string_view, 34> kBlockTags = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div",
    "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr"};
constexpr std::array<std::string_view, 5> kSkippedTags = {"script", "style", "noscript",
                                                          "template", "svg"};

struct Entity {
  std::string_view name;
  char32_t cp;
};
constexpr std::array<Entity, 14> kEntities = {{{"amp", '&'},     {"lt", '<'},      {"gt", '>'},
                                               {"quot", '"'},    {"apos", '\''},   {"nbsp", 0xA0},
                                               {"shy", 0xAD},    {"ndash", 0x2013}, {"mdash", 0x2014},
                                               {"hellip", 0x2026}, {"laquo", 0xAB}, {"raquo", 0xBB},
                                               {"copy", 0xA9},   {"deg", 0xB0}}};

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view name) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

// `raw` with character references decoded; unknown or malformed ones are kept as written.
std::string DecodeEntities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out.push_back(raw[i]);
      continue;
    }
    const size_t semi = raw.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    const std::string_view name = raw.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      const unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && *end == '\0' && v > 0 && v <= 0x10FFFF &&
          !(v >= 0xD800 && v <= 0xDFFF)) {
        cp = static_cast<char32_t>(v);
      }
    } else {
      for (const Entity& e : kEntities) {
        if (e.name == name) cp = e.cp;
      }
    }
    if (cp == 0) {
      out.push_back('&');
      continue;
    }
    text::AppendUtf8(cp, &out);
    i = semi;
  }
  return out;
}

// The end of the tag that starts at `lt` (one past its '>'), honouring quoted attribute values;
// the input's end when it is not closed.
size_t TagEnd(std::string_view s, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < s.size(); ++i) {
    if (quote != 0) {
      if (s[i] == quote) quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '>') {
      return i + 1;
    }
  }
  return s.size();
}

std::string LowerName(std::string_view s, size_t from) {
  std::string name;
  for (size_t i = from; i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])); ++i) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  }
  return name;
}

// Where the element skipped from `from` ends: past its "</name ...>", or the input's end.
size_t SkipElement(std::string_view s, size_t from, std::string_view name) {
  for (size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    if (LowerName(s, i + 2) == name) return TagEnd(s, i);
  }
  return s.size();
}

}  // namespace

Extracted ExtractHtml(std::string_view s) {
  Extracted doc;
  HeadingPath heading;
  std::string text;       // raw text of the current paragraph (references not yet decoded)
  int heading_level = 0;  // inside <hN> when > 0
  bool in_title = false;
  auto take = [&]() {
    std::string t = Collapse(DecodeEntities(text));
    text.clear();
    return t;
  };
  auto flush = [&] {
    std::string t = take();
    if (!t.empty()) doc.blocks.push_back(Block{heading.Joined(), std::move(t)});
  };
  size_t i = 0;
  while (i < s.size()) {
    const size_t lt = s.find('<', i);
    text.append(s.substr(i, (lt == std::string_view::npos ? s.size() : lt) - i));
    if (lt == std::string_view::npos) break;
    if (s.substr(lt, 4) == "<!--") {
      const size_t end = s.find("-->", lt + 4);
      i = end == std::string_view::npos ? s.size() : end + 3;
      continue;
    }
    const bool closing = lt + 1 < s.size() && s[lt + 1] == '/';
    const size_t name_at = lt + (closing ? 2 : 1);
    if (name_at >= s.size() ||
        (!std::isalpha(static_cast<unsigned char>(s[name_at])) && s[name_at] != '!' &&
         s[name_at] != '?')) {
      text.push_back('<');  // a lone '<' in text
      i = lt + 1;
      continue;
    }
    const std::string name = LowerName(s, name_at);
    i = TagEnd(s, lt);
    if (!closing && In(kSkippedTags, name)) {
      i = SkipElement(s, i, name);
      continue;
    }
    if (name == "title") {
      if (!closing) {
        flush();
        in_title = true;
      } else if (in_title) {
        doc.title = take();
        in_title = false;
      }
      continue;
    }
    const bool is_heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (is_heading) {
      if (!closing) {
        flush();
        heading_level = name[1] - '0';
      } else if (heading_level > 0) {
        std::string t = take();
        if (doc.title.empty()) doc.title = t;
        heading.Set(heading_level, std::move(t));
        heading_level = 0;
      }
      continue;
    }
    if (In(kBlockTags, name) && heading_level == 0 && !in_title) flush();
    // Inline tags (<b>, <a>, <span>) join their text to what surrounds it.
  }
  if (heading_level > 0) heading.Set(heading_level, take());
  flush();
  return doc;
}

}  // namespace loka::search::internal
