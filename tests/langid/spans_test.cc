// Spans: a two-language string is cut near the switch, script runs are cut exactly, offsets are
// byte offsets into the input.
#include "langid/spans.h"

#include <gtest/gtest.h>

#include <string>

#include "langid/identifier.h"
#include "tiny_model.h"

namespace loka::langid {
namespace {

std::vector<Span> Spans(const std::string& text) {
  LangResult r;
  IdentifyOptions o;
  o.spans = true;
  EXPECT_TRUE(testing::TinyIdentifier().Identify(text, o, &r).ok());
  return r.spans;
}

// The span that contains byte `at`, or nullptr.
const Span* At(const std::vector<Span>& spans, size_t at) {
  for (const Span& s : spans) {
    if (s.begin <= at && at < s.end) return &s;
  }
  return nullptr;
}

std::string Describe(const std::vector<Span>& spans, const std::string& text) {
  std::string d;
  for (const Span& s : spans) {
    d += "[" + s.language + " " + text.substr(s.begin, s.end - s.begin) + "] ";
  }
  return d;
}

void ExpectWellFormed(const std::vector<Span>& spans, const std::string& text) {
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_LT(spans[i].begin, spans[i].end);
    EXPECT_LE(spans[i].end, text.size());
    if (i > 0) {
      EXPECT_LE(spans[i - 1].end, spans[i].begin);
    }
    EXPECT_GE(spans[i].probability, 0.f);
    EXPECT_LE(spans[i].probability, 1.f);
  }
}

TEST(SpansTest, TwoLanguagesSwitchNearTheJunction) {
  const std::string deu =
      "Jeder hat das Recht auf Gedanken-, Gewissens- und Religionsfreiheit; dieses Recht "
      "schließt die Freiheit ein, seine Überzeugung zu wechseln";
  const std::string eng =
      "Everyone has the right to freedom of opinion and expression; this right includes freedom "
      "to hold opinions without interference";
  const std::string text = deu + " " + eng;
  const std::vector<Span> spans = Spans(text);
  ExpectWellFormed(spans, text);
  ASSERT_GE(spans.size(), 2u) << Describe(spans, text);
  EXPECT_EQ(spans.front().language, "deu") << Describe(spans, text);
  EXPECT_EQ(spans.back().language, "eng") << Describe(spans, text);
  // A word or two either side of the switch may go either way; further away they may not.
  const Span* before = At(spans, deu.size() - 25);
  const Span* after = At(spans, deu.size() + 25);
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(before->language, "deu") << Describe(spans, text);
  EXPECT_EQ(after->language, "eng") << Describe(spans, text);
  EXPECT_EQ(before->script, "Latn");
}

TEST(SpansTest, ScriptRunsAreCutExactly) {
  const std::string rus = "Все люди рождаются свободными";
  const std::string tail = " ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ";
  const std::string text = rus + tail;
  const std::vector<Span> spans = Spans(text);
  ExpectWellFormed(spans, text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, rus.size());
  EXPECT_EQ(spans[0].script, "Cyrl");
  EXPECT_TRUE(spans[0].language == "rus" || spans[0].language == "ukr") << spans[0].language;
  EXPECT_EQ(spans[1].begin, rus.size() + 1);
  EXPECT_EQ(spans[1].end, text.size());
  EXPECT_EQ(spans[1].language, "sat");
  EXPECT_EQ(spans[1].script, "Olck");
}

TEST(SpansTest, UnknownScriptSpanIsUnd) {
  const std::string text = "Alle Menschen sind frei สวัสดีครับ";
  const std::vector<Span> spans = Spans(text);
  ExpectWellFormed(spans, text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].language, "und");
  EXPECT_EQ(spans[1].script, "Thai");
}

TEST(SpansTest, NoLettersNoSpans) {
  EXPECT_TRUE(Spans("12345 !!!").empty());
  EXPECT_TRUE(Spans("").empty());
}

TEST(SpansTest, UrlsAreNotSpans) {
  const std::string text = "https://example.org/x Alle Menschen sind frei und gleich";
  const std::vector<Span> spans = Spans(text);
  ExpectWellFormed(spans, text);
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans.front().begin, 22u);  // the first word after the blanked URL
}

}  // namespace
}  // namespace loka::langid
