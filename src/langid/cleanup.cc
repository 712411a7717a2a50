// URL / e-mail / handle / domain blanking (see cleanup.h for the exact rules).
#include "langid/cleanup.h"

#include <array>
#include <cstring>

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

bool EndsWithTld(std::string_view chunk) {
  while (!chunk.empty() && (chunk.back() == '.' || chunk.back() == ',' || chunk.back() == ')' ||
                            chunk.back() == '!' || chunk.back() == '?')) {
    chunk.remove_suffix(1);  // trailing sentence punctuation
  }
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

bool IsNonLanguage(std::string_view chunk) {
  if (chunk.find("://") != std::string_view::npos) return true;
  if (StartsWithNoCase(chunk, "www.")) return true;
  if (chunk.size() > 1 && chunk[0] == '@') return true;
  const size_t at = chunk.find('@');
  if (at != std::string_view::npos && at > 0 && chunk.find('.', at) != std::string_view::npos) {
    return true;
  }
  return EndsWithTld(chunk);
}

// Cheap pre-check: every blanked chunk contains '/', '@', '.' or starts with "www".
bool MayHaveNonLanguage(std::string_view text) {
  for (const char c : text) {
    if (c == '/' || c == '@' || c == '.') return true;
  }
  return false;
}

}  // namespace

bool BlankNonLanguage(std::string_view text, std::string* out) {
  if (!MayHaveNonLanguage(text)) return false;
  bool changed = false;
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

}  // namespace loka::langid
