// The SMS budget on every case of 3GPP TS 23.038/23.040: GSM-7 160 and 153 per part, extension
// characters counting twice and never split, one character outside GSM-7 switching the whole
// text to UCS-2 (70, 67 per part, an emoji two units never split), the parts limit, and
// transliteration only where the language and the options allow it. Expected counts are hand
// computed from those limits.
#include "helpline/sms.h"

#include <gtest/gtest.h>

#include <string>

namespace loka::helpline {
namespace {

std::string Rep(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

struct Case {
  const char* name;
  std::string text;
  SmsEncoding encoding;
  int units, parts;
};

TEST(SmsTest, Budget) {
  const std::string kEmoji = "\xF0\x9F\x98\x80";  // U+1F600, outside the BMP
  const std::string kKa = "\xE0\xA4\x95";         // U+0915 DEVANAGARI LETTER KA
  const Case cases[] = {
      {"empty", "", SmsEncoding::kGsm7, 0, 0},
      {"160 letters: one SMS", Rep("a", 160), SmsEncoding::kGsm7, 160, 1},
      {"161 letters: two parts", Rep("a", 161), SmsEncoding::kGsm7, 161, 2},
      {"306 letters: two full parts", Rep("a", 306), SmsEncoding::kGsm7, 306, 2},
      {"307 letters: three parts", Rep("a", 307), SmsEncoding::kGsm7, 307, 3},
      {"basic-table accents stay GSM-7", "é à ü ñ Ç £ ¿", SmsEncoding::kGsm7, 13, 1},
      {"euro counts twice", Rep("a", 159) + "€", SmsEncoding::kGsm7, 161, 2},
      {"80 braces fill one SMS", Rep("{", 80), SmsEncoding::kGsm7, 160, 1},
      {"an escape pair is never split", Rep("a", 152) + "[" + Rep("a", 152), SmsEncoding::kGsm7,
       306, 3},
      {"a backtick is not GSM-7", "`", SmsEncoding::kUcs2, 1, 1},
      {"c cedilla is not GSM-7 (only capital)", "ç", SmsEncoding::kUcs2, 1, 1},
      {"one Devanagari letter: UCS-2, 70 fit", kKa + Rep("a", 69), SmsEncoding::kUcs2, 70, 1},
      {"one Devanagari letter: UCS-2, 71 split", kKa + Rep("a", 70), SmsEncoding::kUcs2, 71, 2},
      {"an emoji is two units", kEmoji + Rep("a", 68), SmsEncoding::kUcs2, 70, 1},
      {"an emoji is two units, 71 split", kEmoji + Rep("a", 69), SmsEncoding::kUcs2, 71, 2},
      {"an emoji is never split", Rep("a", 66) + kEmoji + Rep("a", 66), SmsEncoding::kUcs2, 134,
       3},
      {"134 UCS-2 units: two full parts", kKa + Rep("a", 133), SmsEncoding::kUcs2, 134, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const SmsCount n = CountSms(c.text);
    EXPECT_EQ(n.encoding, c.encoding);
    EXPECT_EQ(n.units, c.units);
    EXPECT_EQ(n.parts, c.parts);
  }
}

TEST(SmsTest, ComposeRefusesWhatNeedsMoreParts) {
  SmsOptions o;
  o.max_parts = 2;
  Result<ComposedSms> ok = ComposeSms(Rep("a", 306), "eng", o);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->count.parts, 2);
  Result<ComposedSms> over = ComposeSms(Rep("a", 307), "eng", o);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(over.status().message(),
            "SMS text needs 3 parts (307 GSM-7 septets, 153 per part); the limit is 2 parts");
  EXPECT_EQ(ComposeSms("", "eng", o).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ComposeSms("\xC3", "eng", o).status().code(), StatusCode::kInvalidArgument);
}

TEST(SmsTest, TransliteratesOnlyWhereAllowed) {
  const std::string pt = "Olá, não há água na Conceição";
  SmsOptions o;
  Result<ComposedSms> off = ComposeSms(pt, "por", o);  // transliterate is off by default
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->count.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(off->text, pt);
  o.transliterate = true;
  Result<ComposedSms> on = ComposeSms(pt, "por", o);
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(on->transliterated);
  EXPECT_EQ(on->text, "Ola, nao ha agua na Conceicao");
  EXPECT_EQ(on->count.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(on->count.units, 29);
  // Vietnamese is not listed: its diacritics carry meaning.
  Result<ComposedSms> vie = ComposeSms("não", "vie", o);
  ASSERT_TRUE(vie.ok());
  EXPECT_EQ(vie->text, "não");
  EXPECT_FALSE(vie->transliterated);
  // A text that stays UCS-2 anyway (an emoji) keeps its letters.
  Result<ComposedSms> emoji = ComposeSms("não \xF0\x9F\x98\x80", "por", o);
  ASSERT_TRUE(emoji.ok());
  EXPECT_FALSE(emoji->transliterated);
  EXPECT_EQ(emoji->count.encoding, SmsEncoding::kUcs2);
}

}  // namespace
}  // namespace loka::helpline
