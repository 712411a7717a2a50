// Tests for text/script.h. Expected scripts are the Unicode Script property values (Scripts.txt)
// with their ISO 15924 codes; byte offsets are counted by hand from the UTF-8 lengths.
#include "text/script.h"

#include <gtest/gtest.h>
#include <unicode/uscript.h>

#include <string>
#include <vector>

namespace loka::text {
namespace {

TEST(ScriptTest, DominantScriptOfManyScripts) {
  const struct {
    std::string text;
    const char* iso15924;
  } cases[] = {
      {"hello world", "Latn"},
      {"Ça va très bien, Đà Nẵng", "Latn"},
      {"Привет, мир", "Cyrl"},
      {"Καλημέρα κόσμε", "Grek"},
      {"مرحبا بالعالم", "Arab"},
      {"שלום עולם", "Hebr"},
      {"क्\xE2\x80\x8Dष नमस्ते", "Deva"},
      {"আমি বাংলায় গান গাই", "Beng"},
      {"வணக்கம் உலகம்", "Taml"},
      {"ሰላም ዓለም", "Ethi"},
      {"ᱥᱟᱱᱛᱟᱲᱤ", "Olck"},
      {"สวัสดีครับ", "Thai"},
      {"ភាសាខ្មែរ", "Khmr"},
      {"我爱北京天安门", "Hani"},
      {"ひらがな", "Hira"},
      {"カタカナ", "Kana"},
      {"안녕하세요", "Hang"},
      {"😀👍", "Zyyy"},
      {"123 !? ...", "Zyyy"},
      {"", "Zyyy"},
      {"Hello мир", "Latn"},        // 5 Latin letters against 3 Cyrillic
      {"ok, добрый день", "Cyrl"},  // 2 against 11
      {"ab вг", "Latn"},            // a tie goes to the script seen first
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ScriptName(DominantScript(c.text)), c.iso15924) << c.text;
  }
}

struct RunWant {
  const char* script;
  size_t begin;
  size_t end;
  size_t letters;
};

void ExpectRuns(const std::string& text, const std::vector<RunWant>& want) {
  const std::vector<ScriptRun> got = ScriptRuns(text);
  ASSERT_EQ(got.size(), want.size()) << text;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ScriptName(got[i].script), want[i].script) << text << " run " << i;
    EXPECT_EQ(got[i].begin, want[i].begin) << text << " run " << i;
    EXPECT_EQ(got[i].end, want[i].end) << text << " run " << i;
    EXPECT_EQ(got[i].letters, want[i].letters) << text << " run " << i;
  }
}

TEST(ScriptTest, RunsJoinNeutralsToTheSurroundingRun) {
  ExpectRuns("", {});
  ExpectRuns("abc Привет", {{"Latn", 0, 4, 3}, {"Cyrl", 4, 16, 6}});
  ExpectRuns("Hello, мир! 123", {{"Latn", 0, 7, 5}, {"Cyrl", 7, 18, 3}});
  // Leading neutrals belong to the first real run.
  ExpectRuns("123 abc", {{"Latn", 0, 7, 3}});
  ExpectRuns("«Ἀθῆναι»", {{"Grek", 0, 18, 6}});
  // Nothing but neutrals: one Common run without letters.
  ExpectRuns("123 !?", {{"Zyyy", 0, 6, 0}});
  // A combining acute (Inherited) stays in the Latin run; the Devanagari virama is Deva itself
  // and ZWJ (Inherited) joins the run: क ् ZWJ ष gives 3 Devanagari code points.
  ExpectRuns("e\xCC\x81x", {{"Latn", 0, 4, 2}});
  ExpectRuns("क्\xE2\x80\x8Dष", {{"Deva", 0, 12, 3}});
  // Japanese mixes scripts inside a word; the prolonged sound mark U+30FC is Common.
  ExpectRuns("東京タワー", {{"Hani", 0, 6, 2}, {"Kana", 6, 15, 2}});
  ExpectRuns("Hello สวัสดี", {{"Latn", 0, 6, 5}, {"Thai", 6, 24, 6}});
  ExpectRuns("ሰላም 😀 ᱚᱞ", {{"Ethi", 0, 15, 3}, {"Olck", 15, 21, 2}});
}

TEST(ScriptTest, RunsTileTheInput) {
  const std::string text = "Mix: English, Ελληνικά, العربية, हिन्दी, 中文, 日本語かな, 한국어!";
  const std::vector<ScriptRun> runs = ScriptRuns(text);
  ASSERT_FALSE(runs.empty());
  EXPECT_EQ(runs.front().begin, 0u);
  EXPECT_EQ(runs.back().end, text.size());
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].begin, runs[i - 1].end);
    EXPECT_NE(runs[i].script, runs[i - 1].script);
  }
}

TEST(ScriptTest, ScriptNamesAreIso15924) {
  const struct {
    ScriptCode code;
    const char* name;
  } cases[] = {
      {USCRIPT_COMMON, "Zyyy"},   {USCRIPT_INHERITED, "Zinh"},  {USCRIPT_LATIN, "Latn"},
      {USCRIPT_CYRILLIC, "Cyrl"}, {USCRIPT_DEVANAGARI, "Deva"}, {USCRIPT_ETHIOPIC, "Ethi"},
      {USCRIPT_OL_CHIKI, "Olck"}, {USCRIPT_HAN, "Hani"},        {USCRIPT_HANGUL, "Hang"},
      {USCRIPT_ARABIC, "Arab"},   {USCRIPT_KHMER, "Khmr"},      {USCRIPT_THAI, "Thai"},
  };
  for (const auto& c : cases) EXPECT_EQ(ScriptName(c.code), c.name);
  EXPECT_EQ(ScriptName(-7), "Zzzz");
  EXPECT_EQ(ScriptName(100000), "Zzzz");
}

TEST(ScriptTest, SpacelessScripts) {
  for (ScriptCode s : {USCRIPT_HAN, USCRIPT_HIRAGANA, USCRIPT_KATAKANA, USCRIPT_THAI, USCRIPT_LAO,
                       USCRIPT_KHMER, USCRIPT_MYANMAR, USCRIPT_TIBETAN, USCRIPT_YI}) {
    EXPECT_TRUE(IsSpacelessScript(s)) << ScriptName(s);
  }
  for (ScriptCode s : {USCRIPT_COMMON, USCRIPT_LATIN, USCRIPT_CYRILLIC, USCRIPT_HANGUL,
                       USCRIPT_ARABIC, USCRIPT_DEVANAGARI, USCRIPT_ETHIOPIC, USCRIPT_OL_CHIKI}) {
    EXPECT_FALSE(IsSpacelessScript(s)) << ScriptName(s);
  }
}

}  // namespace
}  // namespace loka::text
