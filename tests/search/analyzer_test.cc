// Match keys and index terms: diacritics and case ignored, space-less scripts segmented,
// non-Latin text transliterated, terms plain ASCII.
#include "search/analyzer.h"

#include <gtest/gtest.h>

namespace loka::search {
namespace {

using Keys = std::vector<std::string>;

TEST(MatchKeysTest, CaseAndDiacriticsAreIgnored) {
  EXPECT_EQ(*MatchKeys("Éléphant ÇA, Straße!"), (Keys{"elephant", "ca", "strasse"}));
  // Vietnamese: the marks stack; all go, the letters stay.
  EXPECT_EQ(*MatchKeys("Nước"), (Keys{"nuoc"}));
}

TEST(MatchKeysTest, DigitsAreKept) {
  EXPECT_EQ(*MatchKeys("Article 25"), (Keys{"article", "25"}));
}

TEST(MatchKeysTest, ThaiIsSegmentedIntoWords) {
  // "ภาษาไทย" is "ภาษา" (language) + "ไทย" (Thai) in ICU's dictionary.
  Result<Keys> keys = MatchKeys("ภาษาไทย");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->size(), 2u);
}

TEST(MatchKeysTest, MalformedUtf8IsAnError) {
  Result<Keys> keys = MatchKeys("ab\xff");
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
}

TEST(LatinKeysTest, NonLatinTextIsRomanized) {
  // ICU Any-Latin gives "pānī", Latin-ASCII "pani".
  EXPECT_EQ(*LatinKeys("पानी"), (Keys{"pani"}));
  EXPECT_EQ(*LatinKeys("Москва"), (Keys{"moskva"}));
}

TEST(LatinKeysTest, LatinTextAddsNothing) { EXPECT_TRUE(LatinKeys("déjà vu")->empty()); }

TEST(TermsTest, TermsArePlainAsciiAndPairsAreAdded) {
  std::vector<std::string> terms;
  AppendWordTerms({"fall", "armyworm", "neem"}, &terms);
  ASSERT_EQ(terms.size(), 5u);  // 3 keys + 2 pairs
  for (const std::string& t : terms) {
    ASSERT_EQ(t.size(), 8u);
    for (char c : t) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'v')) << t;
  }
  std::vector<std::string> again;
  AppendWordTerms({"fall", "armyworm", "neem"}, &again);
  EXPECT_EQ(terms, again);
}

TEST(TermsTest, GramsAreThreeCodePointsOfThePaddedKey) {
  std::vector<std::string> grams;
  AppendGramTerms({"maize"}, &grams);  // <ma mai aiz ize ze>
  EXPECT_EQ(grams.size(), 5u);
  grams.clear();
  AppendGramTerms({"a"}, &grams);  // "<a>" alone
  EXPECT_EQ(grams.size(), 1u);
  grams.clear();
  AppendGramTerms({"पानी"}, &grams);  // 4 code points + 2 markers: 4 grams
  EXPECT_EQ(grams.size(), 4u);
}

}  // namespace
}  // namespace loka::search

namespace loka::search {
namespace {

// Thai, Khmer, Myanmar... have no spaces: a query missing its vowel signs or holding a typo
// breaks into other words than the passage did, so their 3-grams run across word breaks.
TEST(AnalyzerTest, SpacelessScriptsGramsDoNotDependOnTheWordBreak) {
  std::vector<std::string> split, joined, latin_split, latin_joined;
  AppendGramTerms({"ปุ๋ย", "เคมี"}, &split);  // "chemical fertiliser", two words
  AppendGramTerms({"ปุ๋ยเคมี"}, &joined);      // the same letters as one
  EXPECT_EQ(split, joined);
  EXPECT_EQ(split.size(), 6u);  // 8 code points: 6 3-grams, no padding
  // Spaced scripts keep word-bounded, padded 3-grams: "<ab" marks a word start.
  AppendGramTerms({"neem", "oil"}, &latin_split);
  AppendGramTerms({"neemoil"}, &latin_joined);
  EXPECT_NE(latin_split, latin_joined);
  EXPECT_EQ(latin_split.size(), 4u + 3u);  // <ne nee eem em> + <oi oil il>
}

}  // namespace
}  // namespace loka::search

namespace loka::search {
namespace {

TEST(LatinKeysTest, OfWordsEqualsEachWordOnItsOwn) {
  const std::vector<std::string_view> words = {"मेरे", "khet", "में", "पानी", "Москва", "!"};
  Result<std::vector<std::vector<std::string>>> all = LatinKeysOfWords(words);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ((*all)[i], *LatinKeys(words[i])) << words[i];
  }
  EXPECT_EQ((*all)[3], std::vector<std::string>{"pani"});
  EXPECT_TRUE((*all)[1].empty());  // Latin already: nothing to add
  EXPECT_FALSE(LatinKeysOfWords({"a\nb"}).ok());
  EXPECT_FALSE(LatinKeysOfWords({"\xff"}).ok());
}

}  // namespace
}  // namespace loka::search
