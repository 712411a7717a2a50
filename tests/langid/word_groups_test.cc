// Word groups (model_file.h, WordGroup): a group's word evidence moves a text between the
// group's languages only when they hold its two best scores, and only through words the group
// lists; the trainer finds the groups in its held-out confusions.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "langid/classifier.h"
#include "langid/model_file.h"
#include "langid/ngrams.h"
#include "langid/trainer.h"
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
