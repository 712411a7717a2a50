// ASCII-only text helpers, for names and keywords defined in ASCII (desk names, "nan", an
// HTTP auth scheme): no locale, and bytes outside ASCII compare as themselves.
//
// Thread contract: pure functions.
#ifndef LOKA_CORE_ASCII_H_
#define LOKA_CORE_ASCII_H_

#include <string_view>

namespace loka {

// `c` with A-Z lowered to a-z; every other byte unchanged.
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// True when `a` and `b` have the same bytes once A-Z are lowered: "Roads" equals "ROADS", but
// "É" does not equal "é" and '@' does not equal '`'.
bool AsciiEqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace loka

#endif  // LOKA_CORE_ASCII_H_
