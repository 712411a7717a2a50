#include "core/ascii.h"

#include <gtest/gtest.h>

#include <string>

namespace loka {
namespace {

TEST(AsciiTest, EqualsIgnoringCaseFoldsOnlyAsciiLetters) {
  const struct {
    std::string a, b;
    bool equal;
  } cases[] = {
      {"roads", "ROADS", true},   {"NaN", "nan", true},     {"Bearer", "bearer", true},
      {"", "", true},             {"water-1", "WATER-1", true},
      {"roads", "road", false},   {"road", "roads", false}, {"roads", "rodas", false},
      // Bytes that differ by 0x20 but are not letters: '@' and '`', '[' and '{', '^' and '~'.
      {"@", "`", false},          {"[", "{", false},        {"^", "~", false},
      // Outside ASCII bytes compare as themselves: "É" (C3 89) is not "é" (C3 A9).
      {"\xC3\x89", "\xC3\xA9", false}, {"\xC3\x89", "\xC3\x89", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.a + " / " + c.b);
    EXPECT_EQ(AsciiEqualsIgnoringCase(c.a, c.b), c.equal);
    EXPECT_EQ(AsciiEqualsIgnoringCase(c.b, c.a), c.equal);
  }
}

TEST(AsciiTest, LowerChangesOnlyAtoZ) {
  for (int i = 0; i < 256; ++i) {
    const char c = static_cast<char>(i);
    const char want = i >= 'A' && i <= 'Z' ? static_cast<char>(i + 32) : c;
    EXPECT_EQ(AsciiLower(c), want) << i;
  }
}

}  // namespace
}  // namespace loka
