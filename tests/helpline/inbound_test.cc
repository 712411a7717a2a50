// Gateway texts decoded without guessing (a broken encoding kept and flagged), numbers checked
// and masked.
#include "helpline/inbound.h"

#include <gtest/gtest.h>

namespace loka::helpline {
namespace {

TEST(InboundTest, Utf8PassesThrough) {
  const DecodedText d = DecodeText("Maji hayajatoka — स्टेशन", Charset::kUtf8);
  EXPECT_EQ(d.text, "Maji hayajatoka — स्टेशन");
  EXPECT_TRUE(d.raw.empty());
  EXPECT_TRUE(d.encoding_error.empty());
}

TEST(InboundTest, BrokenUtf8IsKeptAndFlagged) {
  const std::string bytes("caf\xE9 au lait \xFF", 14);
  const DecodedText d = DecodeText(bytes, Charset::kUtf8);
  EXPECT_EQ(d.text, "caf\xEF\xBF\xBD au lait \xEF\xBF\xBD");
  EXPECT_EQ(d.raw, bytes);
  EXPECT_EQ(d.encoding_error, "malformed UTF-8 at byte 3");
}

TEST(InboundTest, Ucs2AsKannelPassesIt) {
  // "Olá क" and U+1F600 as UTF-16BE (a surrogate pair).
  const std::string bytes("\x00O\x00l\x00\xE1\x00 \x09\x15\xD8\x3D\xDE\x00", 14);
  const DecodedText d = DecodeText(bytes, Charset::kUcs2);
  EXPECT_EQ(d.text, "Olá क\xF0\x9F\x98\x80");
  EXPECT_TRUE(d.encoding_error.empty());
  // A lone surrogate and an odd byte count are kept and flagged.
  const std::string lone("\x00" "a\xD8\x3D\x00" "b\x00", 7);
  const DecodedText bad = DecodeText(lone, Charset::kUcs2);
  EXPECT_EQ(bad.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(bad.raw, lone);
  EXPECT_EQ(bad.encoding_error, "unpaired UTF-16 surrogate at byte 2");
}

TEST(InboundTest, Latin1AndControls) {
  const DecodedText d = DecodeText(std::string("S\xE3o\x00Tom\xE9\n", 9), Charset::kLatin1);
  EXPECT_EQ(d.text, "São Tomé\n");
  EXPECT_TRUE(d.encoding_error.empty());
}

TEST(InboundTest, Charsets) {
  EXPECT_EQ(*ParseCharset(""), Charset::kUtf8);
  EXPECT_EQ(*ParseCharset("UTF-16BE"), Charset::kUcs2);
  EXPECT_EQ(*ParseCharset("ISO-8859-1"), Charset::kLatin1);
  EXPECT_EQ(ParseCharset("koi8-r").status().code(), StatusCode::kInvalidArgument);
}

TEST(InboundTest, Numbers) {
  EXPECT_EQ(*NormalizeNumber("+254 700-000 001"), "+254700000001");
  EXPECT_EQ(*NormalizeNumber("12345"), "12345");
  Result<std::string> letters = NormalizeNumber("+2547OO000001");
  ASSERT_FALSE(letters.ok());
  EXPECT_EQ(letters.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(letters.status().message(),
            "number \"+2547OO000001\": character 6 is not a digit (a number is an optional + "
            "and 3 to 20 digits)");
  // Counted in characters from 1, as a person counts: "é" is one character of two bytes.
  EXPECT_EQ(NormalizeNumber("+2547abc").status().message(),
            "number \"+2547abc\": character 6 is not a digit (a number is an optional + and 3 "
            "to 20 digits)");
  EXPECT_EQ(NormalizeNumber("\xC3\xA9x").status().message(),
            "number \"\xC3\xA9x\": character 1 is not a digit (a number is an optional + and 3 "
            "to 20 digits)");
  EXPECT_EQ(NormalizeNumber("1\xC3\xA9").status().message(),
            "number \"1\xC3\xA9\": character 2 is not a digit (a number is an optional + and 3 "
            "to 20 digits)");
  EXPECT_FALSE(NormalizeNumber("+12").ok());
  EXPECT_FALSE(NormalizeNumber("1+2345").ok());
  EXPECT_FALSE(NormalizeNumber(std::string(21, '1')).ok());
  EXPECT_EQ(MaskNumber("+254700000001"), "+*********001");
  // Short numbers keep at most a third of their digits.
  EXPECT_EQ(MaskNumber("123"), "**3");
  EXPECT_EQ(MaskNumber("1234"), "***4");
  EXPECT_EQ(MaskNumber("+12345"), "+****5");
  EXPECT_EQ(MaskNumber("123456"), "****56");
  EXPECT_EQ(MaskNumber("123456789"), "******789");
}

}  // namespace
}  // namespace loka::helpline
