// HTML -> blocks with a small tolerant scanner (no DOM, no regular expressions): tags are read
// one at a time; block-level tags end a paragraph; <h1>..<h6> set the heading path; <title>
// gives the title; the content of script, style, noscript, template and svg is skipped;
// comments, doctype and processing instructions are dropped; character references are decoded
// (numeric ones and HTML 4's named ones). Unclosed or stray tags do no harm: text is text.
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

// The 252 named character references of HTML 4.01 (its entity sets HTMLlat1, HTMLsymbol and
// HTMLspecial), and &apos;; sorted by name (case matters: "Aacute" and "aacute" differ) for a
// binary search.
constexpr auto kEntities = [] {
  std::array<Entity, 253> e = {{
    // HTMLlat1.ent: Latin-1 (U+00A0..U+00FF).
    {"nbsp", 0x00A0}, {"iexcl", 0x00A1}, {"cent", 0x00A2}, {"pound", 0x00A3}, {"curren", 0x00A4},
    {"yen", 0x00A5}, {"brvbar", 0x00A6}, {"sect", 0x00A7}, {"uml", 0x00A8}, {"copy", 0x00A9},
    {"ordf", 0x00AA}, {"laquo", 0x00AB}, {"not", 0x00AC}, {"shy", 0x00AD}, {"reg", 0x00AE},
    {"macr", 0x00AF}, {"deg", 0x00B0}, {"plusmn", 0x00B1}, {"sup2", 0x00B2}, {"sup3", 0x00B3},
    {"acute", 0x00B4}, {"micro", 0x00B5}, {"para", 0x00B6}, {"middot", 0x00B7}, {"cedil", 0x00B8},
    {"sup1", 0x00B9}, {"ordm", 0x00BA}, {"raquo", 0x00BB}, {"frac14", 0x00BC}, {"frac12", 0x00BD},
    {"frac34", 0x00BE}, {"iquest", 0x00BF}, {"Agrave", 0x00C0}, {"Aacute", 0x00C1},
    {"Acirc", 0x00C2}, {"Atilde", 0x00C3}, {"Auml", 0x00C4}, {"Aring", 0x00C5}, {"AElig", 0x00C6},
    {"Ccedil", 0x00C7}, {"Egrave", 0x00C8}, {"Eacute", 0x00C9}, {"Ecirc", 0x00CA},
    {"Euml", 0x00CB}, {"Igrave", 0x00CC}, {"Iacute", 0x00CD}, {"Icirc", 0x00CE}, {"Iuml", 0x00CF},
    {"ETH", 0x00D0}, {"Ntilde", 0x00D1}, {"Ograve", 0x00D2}, {"Oacute", 0x00D3}, {"Ocirc", 0x00D4},
    {"Otilde", 0x00D5}, {"Ouml", 0x00D6}, {"times", 0x00D7}, {"Oslash", 0x00D8},
    {"Ugrave", 0x00D9}, {"Uacute", 0x00DA}, {"Ucirc", 0x00DB}, {"Uuml", 0x00DC},
    {"Yacute", 0x00DD}, {"THORN", 0x00DE}, {"szlig", 0x00DF}, {"agrave", 0x00E0},
    {"aacute", 0x00E1}, {"acirc", 0x00E2}, {"atilde", 0x00E3}, {"auml", 0x00E4}, {"aring", 0x00E5},
    {"aelig", 0x00E6}, {"ccedil", 0x00E7}, {"egrave", 0x00E8}, {"eacute", 0x00E9},
    {"ecirc", 0x00EA}, {"euml", 0x00EB}, {"igrave", 0x00EC}, {"iacute", 0x00ED}, {"icirc", 0x00EE},
    {"iuml", 0x00EF}, {"eth", 0x00F0}, {"ntilde", 0x00F1}, {"ograve", 0x00F2}, {"oacute", 0x00F3},
    {"ocirc", 0x00F4}, {"otilde", 0x00F5}, {"ouml", 0x00F6}, {"divide", 0x00F7},
    {"oslash", 0x00F8}, {"ugrave", 0x00F9}, {"uacute", 0x00FA}, {"ucirc", 0x00FB},
    {"uuml", 0x00FC}, {"yacute", 0x00FD}, {"thorn", 0x00FE}, {"yuml", 0x00FF},
    // HTMLsymbol.ent: symbols, mathematical symbols and Greek letters.
    {"fnof", 0x0192}, {"Alpha", 0x0391}, {"Beta", 0x0392}, {"Gamma", 0x0393}, {"Delta", 0x0394},
    {"Epsilon", 0x0395}, {"Zeta", 0x0396}, {"Eta", 0x0397}, {"Theta", 0x0398}, {"Iota", 0x0399},
    {"Kappa", 0x039A}, {"Lambda", 0x039B}, {"Mu", 0x039C}, {"Nu", 0x039D}, {"Xi", 0x039E},
    {"Omicron", 0x039F}, {"Pi", 0x03A0}, {"Rho", 0x03A1}, {"Sigma", 0x03A3}, {"Tau", 0x03A4},
    {"Upsilon", 0x03A5}, {"Phi", 0x03A6}, {"Chi", 0x03A7}, {"Psi", 0x03A8}, {"Omega", 0x03A9},
    {"alpha", 0x03B1}, {"beta", 0x03B2}, {"gamma", 0x03B3}, {"delta", 0x03B4}, {"epsilon", 0x03B5},
    {"zeta", 0x03B6}, {"eta", 0x03B7}, {"theta", 0x03B8}, {"iota", 0x03B9}, {"kappa", 0x03BA},
    {"lambda", 0x03BB}, {"mu", 0x03BC}, {"nu", 0x03BD}, {"xi", 0x03BE}, {"omicron", 0x03BF},
    {"pi", 0x03C0}, {"rho", 0x03C1}, {"sigmaf", 0x03C2}, {"sigma", 0x03C3}, {"tau", 0x03C4},
    {"upsilon", 0x03C5}, {"phi", 0x03C6}, {"chi", 0x03C7}, {"psi", 0x03C8}, {"omega", 0x03C9},
    {"thetasym", 0x03D1}, {"upsih", 0x03D2}, {"piv", 0x03D6}, {"bull", 0x2022}, {"hellip", 0x2026},
    {"prime", 0x2032}, {"Prime", 0x2033}, {"oline", 0x203E}, {"frasl", 0x2044}, {"weierp", 0x2118},
    {"image", 0x2111}, {"real", 0x211C}, {"trade", 0x2122}, {"alefsym", 0x2135}, {"larr", 0x2190},
    {"uarr", 0x2191}, {"rarr", 0x2192}, {"darr", 0x2193}, {"harr", 0x2194}, {"crarr", 0x21B5},
    {"lArr", 0x21D0}, {"uArr", 0x21D1}, {"rArr", 0x21D2}, {"dArr", 0x21D3}, {"hArr", 0x21D4},
    {"forall", 0x2200}, {"part", 0x2202}, {"exist", 0x2203}, {"empty", 0x2205}, {"nabla", 0x2207},
    {"isin", 0x2208}, {"notin", 0x2209}, {"ni", 0x220B}, {"prod", 0x220F}, {"sum", 0x2211},
    {"minus", 0x2212}, {"lowast", 0x2217}, {"radic", 0x221A}, {"prop", 0x221D}, {"infin", 0x221E},
    {"ang", 0x2220}, {"and", 0x2227}, {"or", 0x2228}, {"cap", 0x2229}, {"cup", 0x222A},
    {"int", 0x222B}, {"there4", 0x2234}, {"sim", 0x223C}, {"cong", 0x2245}, {"asymp", 0x2248},
    {"ne", 0x2260}, {"equiv", 0x2261}, {"le", 0x2264}, {"ge", 0x2265}, {"sub", 0x2282},
    {"sup", 0x2283}, {"nsub", 0x2284}, {"sube", 0x2286}, {"supe", 0x2287}, {"oplus", 0x2295},
    {"otimes", 0x2297}, {"perp", 0x22A5}, {"sdot", 0x22C5}, {"lceil", 0x2308}, {"rceil", 0x2309},
    {"lfloor", 0x230A}, {"rfloor", 0x230B}, {"lang", 0x2329}, {"rang", 0x232A}, {"loz", 0x25CA},
    {"spades", 0x2660}, {"clubs", 0x2663}, {"hearts", 0x2665}, {"diams", 0x2666},
    // HTMLspecial.ent: markup-significant and internationalization characters.
    {"quot", 0x0022}, {"amp", 0x0026}, {"lt", 0x003C}, {"gt", 0x003E}, {"OElig", 0x0152},
    {"oelig", 0x0153}, {"Scaron", 0x0160}, {"scaron", 0x0161}, {"Yuml", 0x0178}, {"circ", 0x02C6},
    {"tilde", 0x02DC}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009}, {"zwnj", 0x200C},
    {"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"bdquo", 0x201E}, {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"euro", 0x20AC},
    // Not in HTML 4 (XML's and HTML5's), common in pages written as XHTML.
    {"apos", 0x0027},
  }};
  std::sort(e.begin(), e.end(), [](const Entity& a, const Entity& b) { return a.name < b.name; });
  return e;
}();
static_assert(std::adjacent_find(kEntities.begin(), kEntities.end(),
                                 [](const Entity& a, const Entity& b) {
                                   return a.name == b.name;
                                 }) == kEntities.end(),
              "an entity name is listed twice");

// The code point of the named reference `name` (without '&' and ';'), or 0 when unknown.
char32_t NamedEntity(std::string_view name) {
  const auto it = std::lower_bound(kEntities.begin(), kEntities.end(), name,
                                   [](const Entity& e, std::string_view n) { return e.name < n; });
  return it != kEntities.end() && it->name == name ? it->cp : 0;
}

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
      cp = NamedEntity(name);
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
