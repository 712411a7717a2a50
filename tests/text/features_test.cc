// Tests for text/features.h. Feature counts are computed by hand from the definitions in the
// header; expected ids are the header's formulas applied to hand-written n-gram strings.
#include "text/features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "core/hash.h"

namespace loka::text {
namespace {

std::vector<uint32_t> Feat(const std::string& s, const FeatureOptions& o) {
  std::vector<uint32_t> ids;
  Featurize(s, o, &ids);
  return ids;
}

FeatureOptions Opts(bool words, uint32_t word_ngrams, uint32_t cmin, uint32_t cmax,
                    uint32_t buckets = 1u << 21) {
  FeatureOptions o;
  o.words = words;
  o.word_ngrams = word_ngrams;
  o.char_ngram_min = cmin;
  o.char_ngram_max = cmax;
  o.buckets = buckets;
  return o;
}

uint32_t Id(std::string_view bytes, uint64_t seed, uint32_t buckets) {
  return static_cast<uint32_t>(Hash64(bytes, seed) % buckets);
}

TEST(FeaturesTest, UnigramAndCharBigramsOfOneWord) {
  const uint32_t b = 1u << 21;
  // "ab", words on, char 2-grams of "<ab>": unigram, "<a", "ab", "b>".
  const std::vector<uint32_t> want = {Id("ab", 1, b), Id("<a", 2, b), Id("ab", 2, b),
                                      Id("b>", 2, b)};
  EXPECT_EQ(Feat("ab", Opts(true, 2, 2, 2, b)), want);
}

TEST(FeaturesTest, CountsFollowTheDefinitions) {
  const struct {
    const char* what;
    std::string text;
    FeatureOptions opts;
    size_t count;
  } cases[] = {
      // "<ab>" has 4 code points: n=2: 3, n=3: 2, n=4: the whole word, skipped with words on.
      {"defaults on one word", "ab", FeatureOptions{}, 1 + 3 + 2},
      {"words off keeps the whole <ab>", "ab", Opts(false, 2, 2, 4), 3 + 2 + 1},
      {"words off, 1-grams skip lone markers", "ab", Opts(false, 1, 1, 1), 2},
      {"char n-grams off", "ab", Opts(true, 1, 0, 4), 1},
      {"code points, not bytes: <é> has 3", "é", Opts(true, 1, 2, 2), 1 + 2},
      {"Devanagari: 6 code points in नमस्ते", "नमस्ते", Opts(false, 1, 1, 1), 6},
      // the(5 cp with markers): 4+3+2; quick and brown (7): 6+5+4 each; fox: 9; 4 unigrams,
      // 3 bigrams.
      {"defaults on a sentence", "the quick brown fox", FeatureOptions{}, 48 + 4 + 3},
      {"unigrams only", "a b c", Opts(true, 1, 0, 0), 3},
      {"bigrams", "a b c", Opts(true, 2, 0, 0), 3 + 2},
      {"trigrams", "a b c", Opts(true, 3, 0, 0), 3 + 2 + 1},
      {"word n-grams need words", "a b c", Opts(false, 3, 0, 0), 0},
      {"Thai words from the dictionary", "สวัสดีครับ", Opts(true, 2, 0, 0), 2 + 1},
      {"empty", "", FeatureOptions{}, 0},
      {"no tokens", "😀 !!", FeatureOptions{}, 0},
      {"max below min disables char n-grams", "ab", Opts(true, 1, 3, 2), 1},
  };
  for (const auto& c : cases) EXPECT_EQ(Feat(c.text, c.opts).size(), c.count) << c.what;
}

TEST(FeaturesTest, NgramIdsMatchTheirStrings) {
  const uint32_t b = 1000003;  // not a power of two: the modulo path
  // "é" with char 2..3: "<é", "<é>" (whole, skipped), "é>".
  EXPECT_EQ(Feat("é", Opts(true, 1, 2, 3, b)),
            (std::vector<uint32_t>{Id("é", 1, b), Id("<é", 2, b), Id("é>", 2, b)}));
  // Words off: by start position, shortest first.
  EXPECT_EQ(Feat("ab", Opts(false, 1, 2, 3, b)),
            (std::vector<uint32_t>{Id("<a", 2, b), Id("<ab", 2, b), Id("ab", 2, b), Id("ab>", 2, b),
                                   Id("b>", 2, b)}));
  // Word bigrams come after all per-token features.
  const uint64_t ha = Hash64("a", 1);
  const uint64_t hb = Hash64("b", 1);
  const uint64_t hc = Hash64("c", 1);
  EXPECT_EQ(Feat("a b c", Opts(true, 3, 0, 0, b)),
            (std::vector<uint32_t>{Id("a", 1, b), Id("b", 1, b), Id("c", 1, b),
                                   static_cast<uint32_t>(HashCombine(ha, hb) % b),
                                   static_cast<uint32_t>(HashCombine(HashCombine(ha, hb), hc) % b),
                                   static_cast<uint32_t>(HashCombine(hb, hc) % b)}));
}

TEST(FeaturesTest, SplitFormPartitionsTheFeaturesByKind) {
  const uint32_t b = 1000003;
  // "ab cd", words, bigrams, char 2-grams: words "ab", "cd", then the bigram; chars "<a", "ab",
  // "b>", "<c", "cd", "d>".
  std::vector<uint32_t> words = {7}, chars;
  Featurize("ab cd", Opts(true, 2, 2, 2, b), &words, &chars);
  EXPECT_EQ(words, (std::vector<uint32_t>{
                       7, Id("ab", 1, b), Id("cd", 1, b),
                       static_cast<uint32_t>(HashCombine(Hash64("ab", 1), Hash64("cd", 1)) % b)}));
  EXPECT_EQ(chars, (std::vector<uint32_t>{Id("<a", 2, b), Id("ab", 2, b), Id("b>", 2, b),
                                          Id("<c", 2, b), Id("cd", 2, b), Id("d>", 2, b)}));
  // On any text the two lists together are Featurize's ids.
  const std::string text = "the quick brown fox, नमस्ते! สวัสดีครับ 😀";
  for (const FeatureOptions& o : {FeatureOptions{}, Opts(false, 1, 1, 5), Opts(true, 3, 0, 0)}) {
    std::vector<uint32_t> all = Feat(text, o), w, c;
    Featurize(text, o, &w, &c);
    w.insert(w.end(), c.begin(), c.end());
    std::sort(all.begin(), all.end());
    std::sort(w.begin(), w.end());
    EXPECT_EQ(w, all);
  }
}

TEST(FeaturesTest, PowerOfTwoBucketsEqualModulo) {
  const uint32_t b = 1u << 10;
  EXPECT_EQ(Feat("word", Opts(true, 1, 0, 0, b)), (std::vector<uint32_t>{Id("word", 1, b)}));
}

TEST(FeaturesTest, IdsAreBelowBucketsAcrossScripts) {
  const std::string text =
      "Ça va très bien Привет мир Καλημέρα مرحبا שלום नमस्ते আমি வணக்கம் ሰላም ᱥᱟᱱᱛᱟᱲᱤ "
      "สวัสดีครับ ខ្ញុំស្រឡាញ់ 我爱北京天安门 東京に行きました 안녕하세요 😀";
  for (uint32_t b : {1u, 7u, 1000u, 1u << 16, 1000003u, 1u << 21}) {
    const std::vector<uint32_t> ids = Feat(text, Opts(true, 3, 1, 5, b));
    ASSERT_GT(ids.size(), 100u);
    for (uint32_t id : ids) ASSERT_LT(id, b) << b;
  }
  EXPECT_TRUE(Feat(text, Opts(true, 3, 1, 5, 0)).empty());
}

TEST(FeaturesTest, DeterministicAndAppending) {
  const std::string text = "the quick brown fox नमस्ते สวัสดีครับ";
  const std::vector<uint32_t> first = Feat(text, FeatureOptions{});
  EXPECT_EQ(Feat(text, FeatureOptions{}), first);

  std::vector<uint32_t> ids = {42};
  Featurize(text, FeatureOptions{}, &ids);
  ASSERT_EQ(ids.size(), first.size() + 1);
  EXPECT_EQ(ids[0], 42u);
  EXPECT_TRUE(std::equal(first.begin(), first.end(), ids.begin() + 1));

  std::vector<std::vector<uint32_t>> got(3);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) got[t] = Feat(text, FeatureOptions{});
    });
  }
  for (std::thread& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, first);
}

TEST(FeaturesTest, CharNgramStreamSpansWordBoundaries) {
  const uint32_t b = 1u << 20;
  auto run = [&](const std::string& s, uint32_t lo, uint32_t hi, uint32_t buckets) {
    std::vector<uint32_t> ids;
    CharNgramFeatures(s, lo, hi, buckets, &ids);
    return ids;
  };
  // Stream " ab cd ": 7 code points, six bigrams.
  const std::vector<uint32_t> want = {Id(" a", 3, b), Id("ab", 3, b), Id("b ", 3, b),
                                      Id(" c", 3, b), Id("cd", 3, b), Id("d ", 3, b)};
  EXPECT_EQ(run("ab, cd", 2, 2, b), want);
  EXPECT_EQ(run("ab cd", 2, 2, b), want);
  EXPECT_EQ(run("  ab\n\tcd!", 2, 2, b), want);
  // 1-grams skip the lone boundary marker: " ab " gives "a", "b".
  EXPECT_EQ(run("ab", 1, 1, b), (std::vector<uint32_t>{Id("a", 3, b), Id("b", 3, b)}));
  // " ab " with 1..4: 2 one-grams, 3 two-grams, 2 three-grams, 1 four-gram.
  EXPECT_EQ(run("ab", 1, 4, b).size(), 8u);
  // Code points: " नमस्ते " is 8 code points, so 6 trigrams.
  EXPECT_EQ(run("नमस्ते", 3, 3, b).size(), 6u);
  EXPECT_TRUE(run("", 1, 4, b).empty());
  EXPECT_TRUE(run("!!! 😀", 1, 4, b).empty());
  EXPECT_TRUE(run("ab", 0, 4, b).empty());
  EXPECT_TRUE(run("ab", 3, 2, b).empty());
  EXPECT_TRUE(run("ab", 1, 4, 0).empty());
  for (uint32_t id : run("Привет мир 我爱北京", 1, 5, 1000)) EXPECT_LT(id, 1000u);
}

}  // namespace
}  // namespace loka::text
