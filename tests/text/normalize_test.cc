// Tests for text/normalize.h. Expected strings come from the Unicode Character Database
// (CaseFolding.txt, decomposition mappings, General_Category Nd), not from running the code.
#include "text/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace loka::text {
namespace {

struct Case {
  const char* what;
  std::string in;
  std::string want;
};

std::string Norm(const std::string& s, const NormalizeOptions& o = {}) {
  Result<std::string> r = Normalize(s, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::string("<error>");
}

TEST(NormalizeTest, CaseFoldsAndFoldsDigitsAcrossScripts) {
  const std::vector<Case> cases = {
      {"ascii", "Hello World 2024", "hello world 0000"},
      {"sharp s full folding", "Straße", "strasse"},
      {"Turkish dotted capital I", "İ", "i\xCC\x87"},  // i + U+0307 COMBINING DOT ABOVE
      {"full-width letters and digits", "ＡＢＣ１２", "abc00"},
      {"Arabic-Indic digit", "٣", "0"},
      {"fi ligature", "ﬁ", "fi"},
      {"Latin diacritics composed (NFC part)", "Cafe\xCC\x81 CRÈME", "café crème"},
      {"DZ with caron digraph", "Ǆ", "dž"},
      {"Cyrillic", "МОСКВА Ёлка", "москва ёлка"},
      {"Greek", "ΑΘΗΝΑ", "αθηνα"},
      {"Greek final sigma folds to sigma", "ς", "σ"},
      {"Arabic lam-alef presentation form", "ﻻ", "لا"},
      {"Arabic letters unchanged", "مرحبا", "مرحبا"},
      {"Hebrew unchanged", "שלום", "שלום"},
      {"Devanagari digits", "२०२४", "0000"},
      {"Bengali digits", "১২৩ টাকা", "000 টাকা"},
      {"Tamil digit", "௧ தமிழ்", "0 தமிழ்"},
      {"Thai digits", "๑๒ สวัสดี", "00 สวัสดี"},
      {"Ethiopic unchanged", "ሰላም ዓለም", "ሰላም ዓለም"},
      {"Ol Chiki letters and digits", "ᱚᱞ ᱪᱤᱠᱤ ᱑᱒", "ᱚᱞ ᱪᱤᱠᱤ 00"},
      {"Khmer unchanged", "ភាសាខ្មែរ", "ភាសាខ្មែរ"},
      {"Chinese unchanged", "中文", "中文"},
      {"half-width katakana with voiced mark", "ｶﾞｲﾄﾞ", "ガイド"},
      {"Hangul conjoining jamo compose", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한"},
      {"Roman numeral (Nl, not a digit)", "Ⅻ", "xii"},
      {"circled digit", "①", "0"},
      {"superscript two", "x²", "x0"},
      {"angstrom sign", "Å", "å"},
      {"ZWJ is default-ignorable and dropped", "क्\xE2\x80\x8Dष", "क्ष"},
      {"soft hyphen dropped", "co\xC2\xADop", "coop"},
      {"emoji unchanged", "😀 ok", "😀 ok"},
      {"empty", "", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(Norm(c.in), c.want) << c.what;
}

TEST(NormalizeTest, OptionsSwitchOffCaseFoldingAndDigitFolding) {
  NormalizeOptions no_fold;
  no_fold.case_fold = false;
  EXPECT_EQ(Norm("Straße", no_fold), "Straße");
  EXPECT_EQ(Norm("ＡＢＣ１２", no_fold), "ABC00");  // NFKC still maps full-width forms
  EXPECT_EQ(Norm("ﬁ", no_fold), "fi");
  EXPECT_EQ(Norm("Hello 42", no_fold), "Hello 00");
  EXPECT_EQ(Norm("क्\xE2\x80\x8Dष", no_fold), "क्\xE2\x80\x8Dष");  // NFKC keeps ZWJ

  NormalizeOptions no_digits;
  no_digits.fold_digits = false;
  EXPECT_EQ(Norm("٣", no_digits), "٣");
  EXPECT_EQ(Norm("ＡＢＣ１２", no_digits), "abc12");
  EXPECT_EQ(Norm("Room 101", no_digits), "room 101");

  NormalizeOptions neither;
  neither.case_fold = false;
  neither.fold_digits = false;
  EXPECT_EQ(Norm("ＡＢＣ１２ Straße", neither), "ABC12 Straße");
  EXPECT_EQ(Norm("Plain ASCII 7", neither), "Plain ASCII 7");
}

// The ASCII path skips ICU; it must give what ICU gives. A non-ASCII suffix forces the ICU path
// for the same ASCII prefix.
TEST(NormalizeTest, AsciiFastPathMatchesIcuPath) {
  std::string all;
  for (int c = 1; c < 128; ++c) all.push_back(static_cast<char>(c));
  const std::string suffix = "é";  // precomposed: cannot combine with the preceding ASCII
  for (bool fold : {true, false}) {
    for (bool digits : {true, false}) {
      NormalizeOptions o;
      o.case_fold = fold;
      o.fold_digits = digits;
      for (size_t i = 0; i < all.size(); ++i) {
        const std::string one(1, all[i]);
        EXPECT_EQ(Norm(one, o) + suffix, Norm(one + suffix, o)) << i << fold << digits;
      }
      EXPECT_EQ(Norm(all, o) + suffix, Norm(all + suffix, o));
    }
  }
}

TEST(NormalizeTest, RejectsMalformedUtf8WithOffset) {
  const struct {
    std::string in;
    const char* message;
  } cases[] = {
      {"ab\xFF", "malformed UTF-8 at byte 2"},
      {"Stra\xC3\x9F"
       "e \xED\xA0\x80",
       "malformed UTF-8 at byte 8"},
      {"\xC0\xAF", "malformed UTF-8 at byte 0"},
  };
  for (const auto& c : cases) {
    Result<std::string> r = Normalize(c.in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
    Result<std::string> n = ToNfc(c.in);
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.status().message(), c.message);
  }
}

TEST(NormalizeTest, ToNfcComposesOnly) {
  const std::vector<Case> cases = {
      {"e + acute composes", "Cafe\xCC\x81", "Café"},
      {"angstrom sign is a singleton", "\xE2\x84\xAB", "\xC3\x85"},  // U+212B -> U+00C5
      {"compatibility ligature kept", "ﬁ", "ﬁ"},
      {"case kept", "Straße", "Straße"},
      {"full-width kept", "ＡＢＣ１２", "ＡＢＣ１２"},
      {"Hangul jamo compose", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한"},
      {"Devanagari QA is a composition exclusion", "\xE0\xA5\x98",
       "\xE0\xA4\x95\xE0\xA4\xBC"},  // U+0958 -> U+0915 U+093C
      {"ascii", "Plain 123", "Plain 123"},
  };
  for (const Case& c : cases) {
    Result<std::string> r = ToNfc(c.in);
    ASSERT_TRUE(r.ok()) << c.what;
    EXPECT_EQ(*r, c.want) << c.what;
  }
}

}  // namespace
}  // namespace loka::text
