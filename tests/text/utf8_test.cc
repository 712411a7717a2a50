// Tests for text/utf8.h: the RFC 3629 well-formed ranges (Unicode Table 3-7), error offsets, and
// encode/decode round trips over every scalar value.
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace loka::text {
namespace {

// A second, independent validator written from the definition (decode the bits, then require
// the shortest form and a scalar value), used to check the table-based one exhaustively.
bool ReferenceValid(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len;
    char32_t cp;
    char32_t min;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(Utf8Test, AcceptsWellFormed) {
  const std::vector<std::string> good = {
      "",
      "plain ascii text that is longer than eight bytes",
      "\xC2\x80",          // U+0080, smallest two-byte
      "\xDF\xBF",          // U+07FF
      "\xE0\xA0\x80",      // U+0800, smallest three-byte
      "\xED\x9F\xBF",      // U+D7FF, just below the surrogates
      "\xEE\x80\x80",      // U+E000, just above them
      "\xEF\xBF\xBF",      // U+FFFF
      "\xF0\x90\x80\x80",  // U+10000, smallest four-byte
      "\xF4\x8F\xBF\xBF",  // U+10FFFF, the last scalar value
      "Stra\xC3\x9F"
      "e",                                                 // Straße
      "\xD0\x9F\xD1\x80\xD0\xB8",                          // При
      "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7",  // क्‍ष with ZWJ
      "\xF0\x9F\x98\x80",                                  // 😀
      "1234567\xC3\xA9"
      "89abcdefgh",  // a two-byte sequence across the 8-byte window
  };
  for (const std::string& s : good) {
    EXPECT_TRUE(ValidateUtf8(s).ok()) << s;
    EXPECT_EQ(FindInvalidUtf8(s), s.size()) << s;
  }
}

struct BadCase {
  const char* name;
  std::string bytes;
  size_t offset;
};

TEST(Utf8Test, RejectsMalformedAtFirstByteOfBadSequence) {
  const std::vector<BadCase> bad = {
      {"stray continuation", "\x80", 0},
      {"stray continuation after ascii", "a\xBF", 1},
      {"continuation after complete sequence", "\xC3\xA9\xA9", 2},
      {"overlong NUL C0 80", std::string("\xC0\x80", 2), 0},
      {"overlong C1 BF", "\xC1\xBF", 0},
      {"overlong three-byte E0 80 80", "\xE0\x80\x80", 0},
      {"overlong U+07FF as E0 9F BF", "\xE0\x9F\xBF", 0},
      {"overlong four-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", 0},
      {"surrogate U+D800", "\xED\xA0\x80", 0},
      {"surrogate U+DFFF", "\xED\xBF\xBF", 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"lead F5", "\xF5\x80\x80\x80", 0},
      {"lead FE", "\xFE", 0},
      {"lead FF", "\xFF", 0},
      {"truncated two-byte", "\xC3", 0},
      {"truncated three-byte at end", "abc\xE2\x82", 3},
      {"three-byte with ascii inside", "abc\xE2\x82x", 3},
      {"truncated four-byte", "\xF0\x9F\x98", 0},
      {"four-byte cut by ascii", "\xF0\x9F\x98!", 0},
      {"after an 8-byte ascii block", "12345678\x80", 8},
      {"after ascii and a two-byte char", "1234567\xC3\xA9\x80", 9},
      {"after euro sign", "\xE2\x82\xAC\x80", 3},
      {"in a word", "h\xC3\xA9llo\xC3(", 6},
      {"late in a long line", std::string(100, 'x') + "\xED\xA0\x80", 100},
  };
  for (const BadCase& c : bad) {
    EXPECT_EQ(FindInvalidUtf8(c.bytes), c.offset) << c.name;
    const Status s = ValidateUtf8(c.bytes);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(s.message(), "malformed UTF-8 at byte " + std::to_string(c.offset)) << c.name;
  }
}

TEST(Utf8Test, MatchesReferenceOnEveryOneTwoAndThreeByteString) {
  std::string s;
  for (int a = 0; a < 256; ++a) {
    s.assign(1, static_cast<char>(a));
    ASSERT_EQ(FindInvalidUtf8(s) == s.size(), ReferenceValid(s)) << a;
    for (int b = 0; b < 256; ++b) {
      s.assign({static_cast<char>(a), static_cast<char>(b)});
      ASSERT_EQ(FindInvalidUtf8(s) == s.size(), ReferenceValid(s)) << a << " " << b;
    }
  }
  // Three-byte strings whose first byte is a three-byte lead (the interesting ones).
  for (int a = 0xE0; a <= 0xEF; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (int c = 0; c < 256; ++c) {
        s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
        ASSERT_EQ(FindInvalidUtf8(s) == s.size(), ReferenceValid(s)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Utf8Test, MatchesReferenceOnFourByteLeads) {
  std::string s;
  for (int a = 0xF0; a <= 0xF7; ++a) {
    for (int b = 0x70; b < 0xD0; ++b) {
      for (int c : {0x41, 0x80, 0xBF, 0xC0}) {
        for (int d : {0x41, 0x80, 0xBF, 0xC0}) {
          s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                    static_cast<char>(d)});
          ASSERT_EQ(FindInvalidUtf8(s) == s.size(), ReferenceValid(s)) << a << " " << b;
        }
      }
    }
  }
}

TEST(Utf8Test, DecodesKnownCodePoints) {
  struct Case {
    std::string bytes;
    char32_t cp;
  };
  const std::vector<Case> cases = {
      {"A", 0x41},
      {"\xC3\xA9", 0xE9},             // é
      {"\xE2\x82\xAC", 0x20AC},       // €
      {"\xE0\xA4\x95", 0x0915},       // क
      {"\xE1\xB1\x9A", 0x1C5A},       // ᱚ Ol Chiki letter LA
      {"\xF0\x9F\x98\x80", 0x1F600},  // 😀
      {"\xF4\x8F\xBF\xBF", 0x10FFFF},
  };
  for (const Case& c : cases) {
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(c.bytes, &pos), c.cp);
    EXPECT_EQ(pos, c.bytes.size());
    std::string out;
    AppendUtf8(c.cp, &out);
    EXPECT_EQ(out, c.bytes);
  }
}

TEST(Utf8Test, DecodesSequenceAdvancingPosition) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // aé€😀
  size_t pos = 0;
  std::vector<char32_t> cps;
  while (pos < s.size()) cps.push_back(DecodeUtf8(s, &pos));
  EXPECT_EQ(cps, (std::vector<char32_t>{0x61, 0xE9, 0x20AC, 0x1F600}));
}

TEST(Utf8Test, SkipsOnlyALeadingByteOrderMark) {
  EXPECT_EQ(SkipByteOrderMark("\xEF\xBB\xBFlabel\ttext"), "label\ttext");
  EXPECT_EQ(SkipByteOrderMark("\xEF\xBB\xBF\xEF\xBB\xBFx"), "\xEF\xBB\xBFx");
  EXPECT_EQ(SkipByteOrderMark("x\xEF\xBB\xBF"), "x\xEF\xBB\xBF");
  EXPECT_EQ(SkipByteOrderMark("\xEF\xBB"), "\xEF\xBB");  // a truncated mark is left alone
  EXPECT_EQ(SkipByteOrderMark(""), "");
}

TEST(Utf8Test, RoundTripsEveryScalarValue) {
  std::string out;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    out.clear();
    AppendUtf8(cp, &out);
    const size_t want_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    ASSERT_EQ(out.size(), want_len) << static_cast<uint32_t>(cp);
    ASSERT_EQ(FindInvalidUtf8(out), out.size()) << static_cast<uint32_t>(cp);
    size_t pos = 0;
    ASSERT_EQ(DecodeUtf8(out, &pos), cp);
  }
}

// ASCII control bytes only: tab, line breaks, NUL and DEL are found at their offset; multi-byte
// UTF-8 (whose bytes are all 0x80 or above, U+0085 included) and spaces are not controls.
// Texts a screen shows as nothing: white space and default-ignorable code points.
TEST(Utf8Test, IsBlankSeesInvisibleCharactersAsBlank) {
  for (const char* blank : {"", " \t\r\n", "\u200B", "\uFEFF", "\u200B\u200C\u200D\u2060",
                            "\u00A0\u3000", "\u00AD", "\uFE0F ", "\u2028"}) {
    EXPECT_TRUE(IsBlank(blank)) << blank;
  }
  for (const char* shown : {"a", "\u200Bx", "\uFFFD", ".", "\u0915", "\U0001F600"}) {
    EXPECT_FALSE(IsBlank(shown)) << shown;
  }
  EXPECT_FALSE(IsBlank("\xE2\x80"));  // a cut sequence is not nothing
}

TEST(Utf8Test, FindControlByteFindsTheFirstAsciiControl) {
  EXPECT_EQ(FindControlByte(""), 0u);
  EXPECT_EQ(FindControlByte("Kisumu desk, caf\xc3\xa9 \xc2\x85"), 21u);
  EXPECT_EQ(FindControlByte("a\tb\nc"), 1u);
  EXPECT_EQ(FindControlByte("ab\ncd"), 2u);
  EXPECT_EQ(FindControlByte(std::string("abc\0d", 5)), 3u);
  EXPECT_EQ(FindControlByte("abcd\x7f"), 4u);
  EXPECT_EQ(FindControlByte("\x1f"), 0u);
}

}  // namespace
}  // namespace loka::text
