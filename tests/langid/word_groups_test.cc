// Word groups (model_file.h, WordGroup): a group's word evidence moves a text between the
// group's languages only when they hold its two best scores, and only through words the group
// lists; the trainer finds the groups in its held-out confusions.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "langid/classifier.h"
#include "langid/model_file.h"
#include "langid/ngrams.h"
#include "langid/trainer.h"
#include "langid/word_groups.h"
#include "tiny_model.h"

namespace loka::langid {
namespace {

ModelData TinyData() {
  Result<ModelData> m = Train(testing::TinyRows(), testing::TinyOptions(), nullptr);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : ModelData();
}

uint16_t Hash(const std::string& word) {
  std::vector<uint16_t> h;
  WordHashes(word, &h);
  EXPECT_EQ(h.size(), 1u) << word;
  return h.empty() ? 0 : h[0];
}

// The model's language ids of the two best candidates of `text`, best first.
std::pair<uint16_t, uint16_t> TopTwo(const Classifier& c, const std::string& text) {
  RawScores raw;
  EXPECT_TRUE(c.Score(text, &raw).ok());
  EXPECT_EQ(raw.evidence, Evidence::kModel) << text;
  std::vector<size_t> order(raw.scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return raw.scores[a] > raw.scores[b]; });
  const std::vector<uint16_t>& langs = c.view().script_languages[raw.script_record].languages;
  return {langs[order[0]], langs[order[1]]};
}

// The model's language ids of the three best candidates of `text`, best first.
std::vector<uint16_t> TopThree(const Classifier& c, const std::string& text) {
  RawScores raw;
  EXPECT_TRUE(c.Score(text, &raw).ok());
  std::vector<size_t> order(raw.scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return raw.scores[a] > raw.scores[b]; });
  const std::vector<uint16_t>& langs = c.view().script_languages[raw.script_record].languages;
  EXPECT_GE(order.size(), 3u);
  return {langs[order[0]], langs[order[1]], langs[order[2]]};
}

// A group of `a` and `b` whose one word `word` favours `b` by 2 x 127 x step nats.
WordGroup GroupFavouring(uint16_t a, uint16_t b, const std::string& word, float step) {
  WordGroup g;
  g.languages = {std::min(a, b), std::max(a, b)};
  g.step = step;
  g.words = {Hash(word)};
  // One stored weight, the first language's; the second's is minus it.
  g.weights = {static_cast<int8_t>(g.languages[0] == b ? 127 : -127)};
  return g;
}

// A model's bytes and a classifier over them (the view points into the bytes).
struct Loaded {
  std::unique_ptr<std::string> bytes;
  std::unique_ptr<Classifier> classifier;
};

Loaded Load(const ModelData& m) {
  Result<std::string> b = SerializeModel(m);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  Loaded out;
  out.bytes = std::make_unique<std::string>(b.ok() ? *b : std::string());
  Result<ModelView> v = ParseModel(*out.bytes, "groups");
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  out.classifier = std::make_unique<Classifier>(v.ok() ? std::move(v).value() : ModelView());
  return out;
}

constexpr char kText[] = "la casa es grande y bonita";

// kText's raw scores under `m` without word groups and with `group` added, asserted equal.
void ExpectGroupChangesNoScore(ModelData m, const WordGroup& group) {
  const Loaded plain = Load(m);
  m.word_groups.push_back(group);
  const Loaded grouped = Load(m);
  RawScores a, b;
  ASSERT_TRUE(plain.classifier->Score(kText, &a).ok());
  ASSERT_TRUE(grouped.classifier->Score(kText, &b).ok());
  EXPECT_EQ(a.scores, b.scores);
}

TEST(WordGroupsTest, AGroupWordMovesTheTextToItsLanguage) {
  ModelData m = TinyData();
  const Loaded plain = Load(m);
  const auto [first, second] = TopTwo(*plain.classifier, kText);
  LangResult r;
  ASSERT_TRUE(plain.classifier->Identify(kText, {}, &r).ok());
  EXPECT_EQ(r.language, plain.classifier->view().languages[first]);

  m.word_groups.push_back(GroupFavouring(first, second, "bonita", 1.f));
  const Loaded grouped = Load(m);
  ASSERT_TRUE(grouped.classifier->Identify(kText, {}, &r).ok());
  EXPECT_EQ(r.language, grouped.classifier->view().languages[second]);
}

TEST(WordGroupsTest, WordsTheGroupDoesNotListChangeNothing) {
  const ModelData m = TinyData();
  const auto [first, second] = TopTwo(*Load(m).classifier, kText);
  ExpectGroupChangesNoScore(m, GroupFavouring(first, second, "zzzzqqq", 1.f));
}

TEST(WordGroupsTest, AGroupWithoutBothBestLanguagesChangesNothing) {
  const ModelData m = TinyData();
  const auto [first, second] = TopTwo(*Load(m).classifier, kText);
  // A group of the runner-up and a language that is not among the two best.
  uint16_t other = 0;
  while (other == first || other == second) ++other;
  ExpectGroupChangesNoScore(m, GroupFavouring(other, second, "bonita", 1.f));
}

TEST(WordGroupsTest, AGroupOfThreeSettlesTheTextWithItsThirdMembersWord) {
  ModelData m = TinyData();
  const std::vector<uint16_t> top = TopThree(*Load(m).classifier, kText);
  // A group of the two best and the third, whose one word favours the third: once the two
  // best are in the group, every member's score takes the word's evidence.
  WordGroup g;
  g.languages = top;
  std::sort(g.languages.begin(), g.languages.end());
  g.step = 2.f;
  g.words = {Hash("bonita")};
  for (size_t k = 0; k + 1 < g.languages.size(); ++k) {
    g.weights.push_back(static_cast<int8_t>(g.languages[k] == top[2] ? 120 : -60));
  }
  // The last language's weight is minus the others' sum: 120 when it is the third.
  m.word_groups.push_back(g);
  const Loaded grouped = Load(m);
  LangResult r;
  ASSERT_TRUE(grouped.classifier->Identify(kText, {}, &r).ok());
  EXPECT_EQ(r.language, grouped.classifier->view().languages[top[2]]);
  // Without the group's word the two best keep their order.
  ASSERT_TRUE(grouped.classifier->Identify("la casa es grande y", {}, &r).ok());
  EXPECT_NE(r.language, grouped.classifier->view().languages[top[2]]);
}

// Confusions keyed as the trainer keys them (LanguagePair: lower id first).
PairConfusions Confusions(const std::vector<std::tuple<uint16_t, uint16_t, size_t>>& list) {
  PairConfusions out;
  for (const auto& [a, b, n] : list) out[LanguagePair(a, b)] = n;
  return out;
}

TEST(WordGroupsTest, ALanguageConfusedMostlyWithAGroupJoinsIt) {
  // 0 / 1 is the most confused pair. 2 has 70 of its 110 confusions with the pair; 3 has 30 of
  // its 50 with 2 (so joins only once 2 has); 4 has all of its 10 with 0 but 10 is below a
  // quarter of the pair's 100; 6 has 30 of its 100 with 1 (the rest with 8).
  const auto c = Confusions({{0, 1, 100}, {6, 8, 70}, {0, 2, 40}, {1, 2, 30}, {2, 3, 30},
                             {1, 6, 30}, {3, 7, 20}, {2, 5, 10}, {0, 4, 10}});
  EXPECT_EQ(ChooseWordGroups(c, 1), (std::vector<std::vector<uint16_t>>{{0, 1}}));
  EXPECT_EQ(ChooseWordGroups(c, 1, 0.4), (std::vector<std::vector<uint16_t>>{{0, 1, 2, 3}}));
  // At 0.62, 2 (70 of 110) still joins; 3 (30 of 50) no longer does.
  EXPECT_EQ(ChooseWordGroups(c, 1, 0.62), (std::vector<std::vector<uint16_t>>{{0, 1, 2}}));
  // At 0.25, 6 (30 of 100, with 1) joins too, and then 8 (all its 70 with 6).
  EXPECT_EQ(ChooseWordGroups(c, 1, 0.25),
            (std::vector<std::vector<uint16_t>>{{0, 1, 2, 3, 6, 8}}));
  // With two pairs, 6 and 8 form their own group and 6 stays there.
  EXPECT_EQ(ChooseWordGroups(c, 2, 0.25),
            (std::vector<std::vector<uint16_t>>{{0, 1, 2, 3}, {6, 8}}));
}

TEST(WordGroupsTest, GroupsShareAWordBudgetByTheirConfusions) {
  const std::vector<std::vector<uint16_t>> groups = {{0, 1}, {2, 3, 4}};
  const auto c = Confusions({{0, 1, 100}, {2, 3, 50}, {3, 4, 50}, {0, 2, 500}});
  EXPECT_EQ(WordGroupWords(groups, c, 600, 0), (std::vector<uint32_t>{600, 600}));
  // Half the 1,000 bytes each (the 500 between groups count for neither): 3 bytes a word for
  // the pair, 4 for three languages.
  EXPECT_EQ(WordGroupWords(groups, c, 600, 1000), (std::vector<uint32_t>{166, 125}));
}

TEST(WordGroupsTest, ALargerGroupKeepsTheWordsThatSeparateItsConfusedPair) {
  // 0 and 1 share `common`, three times a line; only 2 lacks it. `alpha` and `beta` set 0 and 1
  // apart.
  const std::vector<WordLine> lines = {
      {"alpha common common common", 0, 0}, {"alpha common common common", 0, 0},
      {"beta common common common", 1, 1},  {"beta common common common", 1, 1},
      {"gamma delta", 2, 2},                {"gamma delta", 2, 2}};
  const std::vector<uint16_t> langs = {0, 1, 2};
  // All pairs alike: `common`, the most frequent and far from 2, is the one word kept.
  Result<WordGroup> alike = CountWordGroup(langs, lines, false, 1);
  ASSERT_TRUE(alike.ok()) << alike.status().ToString();
  EXPECT_EQ(alike->words, (std::vector<uint16_t>{Hash("common")}));
  // When the held-out lines confuse only 0 and 1, `common` tells them nothing.
  const auto c = Confusions({{0, 1, 100}});
  Result<WordGroup> confused = CountWordGroup(langs, lines, false, 1, &c);
  ASSERT_TRUE(confused.ok()) << confused.status().ToString();
  ASSERT_EQ(confused->words.size(), 1u);
  EXPECT_TRUE(confused->words[0] == Hash("alpha") || confused->words[0] == Hash("beta"));
}

// Two made-up languages whose lines share everything but one word: their held-out cuts without
// it are a coin toss, so the trainer groups them, and their words tell them apart where a
// coarse n-gram table does not, so the fitted weight keeps the group. The groups are in the
// report and the metadata; training stays deterministic.
std::vector<learn::LabelledText> TwinRows() {
  // Seven words each, so that the held-out lines (every 5th) have words seen in training.
  const char* const own_a[] = {"zorp", "quib", "flan", "mesk", "tovu", "brix", "kelm"};
  const char* const own_b[] = {"drel", "vaxo", "snim", "plok", "garu", "wute", "jask"};
  const char* const shared[] = {"we go to the market today", "the rain came early this year",
                                "my brother sells fish at the port"};
  std::vector<learn::LabelledText> rows;
  for (size_t i = 0; i < 60; ++i) {
    const std::string common = shared[i % 3];
    rows.push_back({"aaa", common + " " + own_a[i % 7]});
    rows.push_back({"bbb", common + " " + own_b[i % 7]});
  }
  return rows;
}

TEST(WordGroupsTest, TrainerGroupsAConfusedPairThatWordsTellApart) {
  TrainOptions o = testing::TinyOptions();
  // 256 buckets and 40 entries a table: the n-grams alone cannot tell the two apart, so the
  // words change which language wins and the fitted weight keeps the group.
  o.bucket_bits = 8;
  o.max_entries_per_language = 40;
  o.word_group_pairs = 1;
  TrainReport rep;
  Result<ModelData> m = Train(TwinRows(), o, &rep);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->word_groups.size(), 1u);
  ASSERT_EQ(rep.word_groups.size(), 1u);
  EXPECT_EQ(m->word_groups[0].languages, (std::vector<uint16_t>{0, 1}));
  EXPECT_GT(m->word_groups[0].step, 0.f);
  EXPECT_EQ(rep.word_groups[0].rfind("aaa bbb x", 0), 0u) << rep.word_groups[0];
  EXPECT_NE(m->metadata_json.find("\"word_groups\":[\"" + rep.word_groups[0] + "\"]"),
            std::string::npos)
      << m->metadata_json;
  Result<ModelData> again = Train(TwinRows(), o, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*SerializeModel(*m), *SerializeModel(*again));

  // The shared sentence alone stays a coin toss; with a word of one language it is that one.
  const Loaded loaded = Load(*m);
  LangResult r;
  ASSERT_TRUE(loaded.classifier->Identify("the rain came early this year snim", {}, &r).ok());
  EXPECT_EQ(r.language, "bbb");
  ASSERT_TRUE(loaded.classifier->Identify("the rain came early this year quib", {}, &r).ok());
  EXPECT_EQ(r.language, "aaa");

  o.word_group_pairs = 0;
  Result<ModelData> none = Train(TwinRows(), o, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->word_groups.empty());
}

}  // namespace
}  // namespace loka::langid
