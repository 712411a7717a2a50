// Tests for text/tokenize.h: word boundaries in spaced scripts by General_Category, and
// dictionary segmentation for space-less scripts (expected words are the dictionary words a
// reader of the language would mark, e.g. Thai สวัสดี "hello" + ครับ polite particle).
#include "text/tokenize.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "text/normalize.h"

namespace loka::text {
namespace {

std::vector<std::string> Tok(const std::string& s, bool keep_symbols = false) {
  std::vector<std::string_view> views;
  TokenizeOptions o;
  o.keep_symbols = keep_symbols;
  Tokenize(s, &views, o);
  return {views.begin(), views.end()};
}

using Words = std::vector<std::string>;

struct Case {
  const char* what;
  std::string in;
  Words want;
};

TEST(TokenizeTest, SpacedScripts) {
  const std::vector<Case> cases = {
      {"ascii punctuation", "Hello, world!", {"Hello", "world"}},
      {"Latin diacritics", "Ça va très bien, Đà Nẵng.", {"Ça", "va", "très", "bien", "Đà", "Nẵng"}},
      {"decomposed accent stays in word", "Cafe\xCC\x81 noir", {"Cafe\xCC\x81", "noir"}},
      {"Cyrillic", "Привет, мир!", {"Привет", "мир"}},
      {"Greek", "Καλημέρα κόσμε;", {"Καλημέρα", "κόσμε"}},
      {"Arabic with comma", "مرحبا، بالعالم", {"مرحبا", "بالعالم"}},
      {"Arabic harakat are marks", "كَتَبَ الوَلَدُ", {"كَتَبَ", "الوَلَدُ"}},
      {"Hebrew", "שלום עולם", {"שלום", "עולם"}},
      {"Devanagari with danda", "नमस्ते दुनिया।", {"नमस्ते", "दुनिया"}},
      {"Devanagari virama + ZWJ stays", "क्\xE2\x80\x8Dष है", {"क्\xE2\x80\x8Dष", "है"}},
      {"Persian ZWNJ stays", "می\xE2\x80\x8Cخواهم", {"می\xE2\x80\x8Cخواهم"}},
      {"Bengali", "আমি বাংলায় গান গাই", {"আমি", "বাংলায়", "গান", "গাই"}},
      {"Tamil", "வணக்கம் உலகம்", {"வணக்கம்", "உலகம்"}},
      {"Ethiopic wordspace and full stop", "ሰላም፡ዓለም።", {"ሰላም", "ዓለም"}},
      {"Ol Chiki", "ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ", {"ᱥᱟᱱᱛᱟᱲᱤ", "ᱯᱟᱹᱨᱥᱤ"}},
      {"Korean Hangul uses spaces", "안녕하세요 세계", {"안녕하세요", "세계"}},
      {"mixed whitespace",
       "a\tb\nc\xC2\xA0"
       "d\xE3\x80\x80"
       "e",
       {"a", "b", "c", "d", "e"}},
      {"empty", "", {}},
      {"only punctuation", " ,.;!? ", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(Tok(c.in), c.want) << c.what;
}

TEST(TokenizeTest, ApostrophesHyphensAndNumbers) {
  const std::vector<Case> cases = {
      {"ascii apostrophe", "don't", {"don't"}},
      {"right single quotation mark", "don\xE2\x80\x99t", {"don\xE2\x80\x99t"}},
      {"quotes around a word", "'quoted'", {"quoted"}},
      {"trailing possessive", "dogs' toys", {"dogs", "toys"}},
      {"hyphen between letters", "kwa-heri", {"kwa-heri"}},
      {"U+2010 hyphen", "kwa\xE2\x80\x90heri", {"kwa\xE2\x80\x90heri"}},
      {"double hyphen separates", "a--b", {"a", "b"}},
      {"hyphen before digits separates", "covid-19", {"covid", "19"}},
      {"dash with spaces", "yes - no", {"yes", "no"}},
      {"letters and digits form one word", "abc123 4x4", {"abc123", "4x4"}},
      {"decimal point separates", "3.14", {"3", "14"}},
      {"underscore separates", "snake_case", {"snake", "case"}},
  };
  for (const Case& c : cases) EXPECT_EQ(Tok(c.in), c.want) << c.what;
}

TEST(TokenizeTest, SymbolsAndEmoji) {
  const std::vector<Case> dropped = {
      {"emoji", "I ❤️ NY 😀", {"I", "NY"}},
      {"math", "x+y=3", {"x", "y", "3"}},
      {"currency", "$5 or 5€", {"5", "or", "5"}},
  };
  for (const Case& c : dropped) EXPECT_EQ(Tok(c.in), c.want) << c.what;

  const std::vector<Case> kept = {
      // U+FE0F (a mark with no base word) is dropped; the heart is one code point.
      {"emoji", "I ❤️ NY 😀", {"I", "❤", "NY", "😀"}},
      {"math", "x+y=3", {"x", "+", "y", "=", "3"}},
      {"currency", "$5 or 5€", {"$", "5", "or", "5", "€"}},
      // The skin-tone modifier U+1F3FD is a symbol (Sk) of its own.
      {"emoji modifier", "👍🏽", {"👍", "🏽"}},
      {"ZWJ sequence: one token per emoji", "👨\xE2\x80\x8D👩", {"👨", "👩"}},
  };
  for (const Case& c : kept) EXPECT_EQ(Tok(c.in, /*keep_symbols=*/true), c.want) << c.what;
}

TEST(TokenizeTest, SpacelessScriptsUseDictionaryBreaks) {
  const std::vector<Case> cases = {
      {"Thai in Latin text", "Hello สวัสดีครับ world", {"Hello", "สวัสดี", "ครับ", "world"}},
      {"Thai alone", "สวัสดีครับ", {"สวัสดี", "ครับ"}},
      {"Thai glued to Latin", "Helloสวัสดี", {"Hello", "สวัสดี"}},
      {"Chinese", "我爱北京天安门", {"我", "爱", "北京", "天安门"}},
      {"Chinese with punctuation", "北京。天安门", {"北京", "天安门"}},
      {"Chinese then Latin", "我爱Python", {"我", "爱", "Python"}},
  };
  for (const Case& c : cases) EXPECT_EQ(Tok(c.in), c.want) << c.what;
}

// Segmentations that depend on dictionary details are checked by their properties: the words
// cover the text, a known first word is found, and the run is split.
TEST(TokenizeTest, SpacelessSegmentsCoverTheRun) {
  const struct {
    const char* what;
    std::string in;
    std::string first;
  } cases[] = {
      {"Japanese", "東京に行きました", "東京"},
      {"Khmer", "ខ្ញុំស្រឡាញ់ភាសាខ្មែរ", "ខ្ញុំ"},   // "I" love Khmer language
      {"Lao", "ສະບາຍດີປະເທດລາວ", "ສະບາຍດີ"},  // "hello" country Lao
      {"Myanmar", "မင်္ဂလာပါ", "မင်္ဂလာ"},      // "auspicious" + polite particle
  };
  for (const auto& c : cases) {
    const Words w = Tok(c.in);
    ASSERT_FALSE(w.empty()) << c.what;
    std::string joined;
    for (const std::string& t : w) joined += t;
    EXPECT_EQ(joined, c.in) << c.what;
    if (!c.first.empty()) {
      EXPECT_EQ(w.front(), c.first) << c.what;
      EXPECT_GE(w.size(), 2u) << c.what;
    }
  }
}

TEST(TokenizeTest, AfterNormalize) {
  Result<std::string> n = Normalize("Hello สวัสดีครับ WORLD, ＡＢＣ１２ Straße");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(Tok(*n), (Words{"hello", "สวัสดี", "ครับ", "world", "abc00", "strasse"}));
}

TEST(TokenizeTest, ReturnsViewsIntoInputAndAppends) {
  const std::string text = "one two สวัสดีครับ";
  std::vector<std::string_view> tokens = {"keep"};
  Tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0], "keep");
  for (size_t i = 1; i < tokens.size(); ++i) {
    EXPECT_GE(tokens[i].data(), text.data());
    EXPECT_LE(tokens[i].data() + tokens[i].size(), text.data() + text.size());
  }
}

TEST(TokenizeTest, ThreadsGetTheSameSegmentation) {
  const std::string text = "Hello สวัสดีครับ world 我爱北京天安门 ខ្ញុំស្រឡាញ់ភាសាខ្មែរ";
  const Words want = Tok(text);
  std::vector<Words> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) got[t] = Tok(text);
    });
  }
  for (std::thread& th : threads) th.join();
  for (const Words& w : got) EXPECT_EQ(w, want);
}

}  // namespace
}  // namespace loka::text
