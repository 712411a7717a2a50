// URL / e-mail / handle / domain blanking (see cleanup.h for the exact rules).
#include "langid/cleanup.h"

#include <array>
#include <cstring>

#include "text/normalize.h"

namespace loka::langid {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// Common generic and a few country top-level domains; enough to catch "example.org" in chat.
constexpr std::array<std::string_view, 24> kTlds = {
    "com", "org", "net", "edu", "gov", "int", "info", "io",  "co", "uk", "de", "fr",
    "in",  "ke",  "ng",  "za",  "br",  "ru",  "cn",   "jp", "app", "dev", "ly", "me"};

// `chunk` without the trailing bytes that are in `punctuation`.
std::string_view TrimTrailing(std::string_view chunk, std::string_view punctuation) {
  while (!chunk.empty() && punctuation.find(chunk.back()) != std::string_view::npos) {
    chunk.remove_suffix(1);
  }
  return chunk;
}

bool EndsWithTld(std::string_view chunk) {
  chunk = TrimTrailing(chunk, ".,)!?");  // trailing sentence punctuation
  const size_t dot = chunk.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= chunk.size()) return false;
  for (const char c : chunk) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  const char before = Lower(chunk[dot - 1]);
  if (!((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9'))) return false;
  const std::string_view tld = chunk.substr(dot + 1);
  for (const std::string_view t : kTlds) {
    if (tld.size() != t.size()) continue;
    bool same = true;
    for (size_t i = 0; i < t.size(); ++i) same = same && Lower(tld[i]) == t[i];
    if (same) return true;
  }
  return false;
}

// English words that everyday messages in many languages borrow, in Latin letters even inside
// romanized Hindi or Tamil. Their n-grams come from the few training texts that hold them, so on
// short romanized lines they voted for small Latin-script languages; blanked, the rest of the
// line decides. Words that many languages write natively ("doctor", "hospital", "taxi", "bank")
// are not on the list; "bus" is (Dutch, German and Indonesian lines keep their other words).
// Everyday dev6 +1 line, dev7 +2, the other sets, UDHR and Qt unchanged (docs/langid.md, "A
// seventh set").
constexpr std::array<std::string_view, 20> kLoanwords = {
    "ok",    "okay",  "bus",   "phone", "mobile", "sms",      "online",   "login", "email",
    "wifi",  "plz",   "upi",   "app",   "paytm",  "password", "internet", "whatsapp",
    "fees",  "school", "recharge"};

bool IsLoanword(std::string_view chunk) {
  for (const std::string_view w : kLoanwords) {
    if (chunk.size() != w.size()) continue;
    bool same = true;
    for (size_t k = 0; k < w.size() && same; ++k) same = Lower(chunk[k]) == w[k];
    if (same) return true;
  }
  return false;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiWordChar(char c) { return IsAsciiLetter(c) || IsDigit(c); }

// A command-line option as program messages show them: "-a", "-a,", "--all", "--width=COLS",
// "--help.", ASCII only.
bool IsOption(std::string_view chunk) {
  chunk = TrimTrailing(chunk, ",.);");
  if (chunk.size() >= 2 && chunk[0] == '-' && IsAsciiLetter(chunk[1]) &&
      (chunk.size() == 2 || chunk[2] == '=')) {
    return true;  // -a, -s=N (not -5: a number)
  }
  if (chunk.size() < 3 || chunk[0] != '-' || chunk[1] != '-' || !IsAsciiWordChar(chunk[2])) {
    return false;
  }
  for (size_t i = 3; i < chunk.size() && chunk[i] != '='; ++i) {
    if (!IsAsciiWordChar(chunk[i]) && chunk[i] != '-' && chunk[i] != '_') return false;
  }
  return true;  // --all, --width=COLS
}

// A file path: "/etc/passwd", "~/.config/x", "./configure", ASCII, with a second '/'.
bool IsPath(std::string_view chunk) {
  size_t start;
  if (chunk.size() > 1 && chunk[0] == '/') {
    start = 1;
  } else if (chunk.size() > 2 && (chunk[0] == '~' || chunk[0] == '.') && chunk[1] == '/') {
    start = 2;
  } else {
    return false;
  }
  for (const char c : chunk) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return start == 2 || chunk.find('/', start) != std::string_view::npos;
}

// A number as messages write them: ASCII digits with the punctuation of prices, times, dates
// and phone numbers ("500", "10:30", "2,500.", "+254-712", "(6)?"), no letter. Numbers say
// nothing of the language, but the n-grams of digits (" 000 " after normalization) are counted
// from whichever training texts held numbers, and on romanized everyday lines with a price or
// an hour they voted for small Latin-script languages (docs/langid.md, "A seventh set").
bool IsNumber(std::string_view chunk) {
  bool digit = false;
  for (const char c : chunk) {
    if (IsDigit(c)) {
      digit = true;
    } else if (std::string_view("+-.,:/()%?!'\"").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

bool IsNonLanguage(std::string_view chunk) {
  if (IsNumber(chunk)) return true;
  if (chunk.find("://") != std::string_view::npos) return true;
  if (IsOption(chunk) || IsPath(chunk)) return true;
  if (StartsWithNoCase(chunk, "www.")) return true;
  if (chunk.size() > 1 && chunk[0] == '@') return true;
  const size_t at = chunk.find('@');
  if (at != std::string_view::npos && at > 0 && chunk.find('.', at) != std::string_view::npos) {
    return true;
  }
  return EndsWithTld(chunk);
}

// Cheap pre-check: every blanked chunk contains a digit, '/', '@', '.' or '-' or starts with
// "www"; every placeholder starts with '%', '{' or '$'.
bool MayHaveNonLanguage(std::string_view text) {
  for (const char c : text) {
    if (IsDigit(c) || c == '/' || c == '@' || c == '.' || c == '%' || c == '{' || c == '$' ||
        c == '-') {
      return true;
    }
  }
  return false;
}

// A byte that may continue a word: an ASCII letter or digit, or any byte of a non-ASCII
// character (most of which are letters in the texts this sees).
bool IsWordByte(char c) { return IsAsciiWordChar(c) || static_cast<unsigned char>(c) >= 0x80; }

// Where a placeholder must end: not before an ASCII letter or digit ("%de" is Spanish after a
// per cent sign, not a conversion).
bool EndsPlaceholder(std::string_view s, size_t i) {
  return i == s.size() || !IsAsciiWordChar(s[i]);
}

bool OneOf(const char* set, char c) { return c != '\0' && std::strchr(set, c) != nullptr; }

size_t Digits(std::string_view s, size_t i) {
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i;
}

// The length of a printf conversion's flags, width, precision, length and conversion letter
// starting at s[j] (just after the '%' or the argument position), 0 when there is none.
size_t PrintfLength(std::string_view s, size_t j) {
  const size_t n = s.size(), start = j;
  while (j < n && (s[j] == '-' || s[j] == '+' || s[j] == '#' || s[j] == '0' || s[j] == '\'')) ++j;
  j = (j < n && s[j] == '*') ? j + 1 : Digits(s, j);
  if (j < n && s[j] == '.') j = (j + 1 < n && s[j + 1] == '*') ? j + 2 : Digits(s, j + 1);
  for (int k = 0; k < 2 && j < n && OneOf("hlLqjzt", s[j]); ++k) ++j;
  if (j >= n || !OneOf("diouxXeEfFgGaAcsSpn", s[j])) return 0;
  ++j;
  return EndsPlaceholder(s, j) ? j - start : 0;
}

// The length of the placeholder starting at text[i] ('%', '{' or '$'), 0 when there is none.
size_t PlaceholderLength(std::string_view s, size_t i) {
  const size_t n = s.size();
  if (s[i] == '$') {
    const size_t e = Digits(s, i + 1);
    return e > i + 1 && EndsPlaceholder(s, e) ? e - i : 0;
  }
  if (s[i] == '{') {
    for (size_t j = i + 1; j < n && j <= i + 41; ++j) {
      const char c = s[j];
      if (c == '}') return j > i + 1 ? j + 1 - i : 0;
      if (c == '{' || c == ' ' || c == '\t' || c == '\n' || c == '\r') return 0;
    }
    return 0;
  }
  // '%'
  size_t j = i + 1;
  if (j >= n) return 0;
  if (s[j] == '%') return 2;
  if (s[j] == '(') {  // Python: %(name)s
    size_t k = j + 1;
    while (k < n && k <= j + 41 && (IsAsciiWordChar(s[k]) || s[k] == '_')) ++k;
    if (k < n && s[k] == ')' && k > j + 1 && k + 1 < n && IsAsciiLetter(s[k + 1]) &&
        EndsPlaceholder(s, k + 2)) {
      return k + 2 - i;
    }
    return 0;
  }
  const size_t e = Digits(s, j);
  if (e > j && e < n && s[e] == '$') j = e + 1;  // %1$s: an argument position
  const size_t conversion = PrintfLength(s, j);
  if (conversion > 0) return j + conversion - i;
  return e > j && EndsPlaceholder(s, e) ? e - i : 0;  // Qt's %1
}

}  // namespace

bool BlankNonLanguage(std::string_view text, std::string* out) {
  if (!MayHaveNonLanguage(text)) return false;
  bool changed = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' && text[i] != '{' && text[i] != '$') continue;
    const size_t len = PlaceholderLength(text, i);
    if (len == 0) continue;
    if (!changed) {
      out->assign(text);
      changed = true;
    }
    std::memset(out->data() + i, ' ', len);
    i += len - 1;
  }
  if (changed) text = std::string_view(*out);  // the chunks below are found in the blanked copy
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    const size_t begin = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (begin == i || !IsNonLanguage(text.substr(begin, i - begin))) continue;
    if (!changed) {
      out->assign(text);
      changed = true;
    }
    std::memset(out->data() + begin, ' ', i - begin);
  }
  return changed;
}

bool BlankLoanwords(std::string_view text, std::string* out) {
  // Two passes over the chunks: decide, then blank (so `out` is untouched on false).
  bool loan = false;
  bool other_word = false;
  for (const bool blank : {false, true}) {
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      const size_t begin = i;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      if (begin == i) continue;
      const std::string_view chunk = TrimTrailing(text.substr(begin, i - begin), ".,;:!?)");
      if (!IsLoanword(chunk)) {
        other_word = other_word || chunk.size() >= 2;
      } else if (blank) {
        std::memset(out->data() + begin, ' ', chunk.size());
      } else {
        loan = true;
      }
    }
    if (!blank) {
      if (!loan || !other_word) return false;
      out->assign(text);
    }
  }
  return true;
}

void DropAccessKeyMarkers(std::string* text) {
  std::string& s = *text;
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c == '_' || c == '&' || c == '~') && i + 1 < s.size() && IsWordByte(s[i + 1]) &&
        !IsDigit(s[i + 1])) {
      continue;
    }
    s[w++] = c;
  }
  s.resize(w);
}

Result<std::string> NormalizeForNgrams(std::string_view text) {
  LOKA_ASSIGN_OR_RETURN(std::string normalized, text::Normalize(text));
  DropAccessKeyMarkers(&normalized);
  return normalized;
}

}  // namespace loka::langid
