// Tests for learn/near_duplicates.h: which texts end up in one group, against Jaccard indexes
// of 4-gram sets counted by hand.
#include "learn/near_duplicates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace loka::learn {
namespace {

std::vector<uint32_t> Groups(const std::vector<LabelledText>& data,
                             const NearDuplicateOptions& o = {}) {
  Result<std::vector<uint32_t>> g = NearDuplicateGroups(data, o);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? *g : std::vector<uint32_t>(data.size());
}

// Jaccard indexes by hand (4-grams of the case-folded words joined by one space): the two
// bridge lines 0.71, the two water lines 0.55, the bridge and the pothole line 0.01.
TEST(NearDuplicatesTest, OneSentenceWithOtherNamesAndTyposIsOneGroup) {
  const std::vector<LabelledText> data = {
      {"roads", "the bridge to Kibera was washed away by floods, children can't reach school"},
      {"water", "no water in Kondele for three days, the taps are dry and we buy from vendors"},
      {"roads", "the brdge to nyalenda was washed away by floods, children can't reach school"},
      {"roads", "potholes on Station Road are so deep that matatus break their axles"},
      {"water", "no water in Obunga for a week, the taps are dry and we buy from vendors"},
      // The same words with another label: never the same group.
      {"health", "no water in Kondele for three days, the taps are dry and we buy from vendors"},
  };
  const std::vector<uint32_t> g = Groups(data);
  EXPECT_EQ(g[0], 0u);  // numbered by first appearance
  EXPECT_EQ(g[1], 1u);
  EXPECT_EQ(g[2], g[0]);
  EXPECT_EQ(g[3], 2u);  // same desk, another sentence
  EXPECT_EQ(g[4], g[1]);
  EXPECT_EQ(g[5], 3u);
}

// " abcdefgh " and " abcdefgx " have 7 4-grams each and share 5 (" abc" "abcd" "bcde" "cdef"
// "defg"): Jaccard 5 / 9 = 0.556.
TEST(NearDuplicatesTest, TheSimilarityIsTheJaccardIndexOfFourGrams) {
  const std::vector<LabelledText> data = {{"a", "abcdefgh"}, {"a", "abcdefgx"}};
  NearDuplicateOptions o;
  o.min_jaccard = 0.55;
  EXPECT_EQ(Groups(data, o)[1], 0u);
  o.min_jaccard = 0.56;
  EXPECT_EQ(Groups(data, o)[1], 1u);
}

TEST(NearDuplicatesTest, ShortAndUnspacedTexts) {
  const std::vector<LabelledText> data = {
      {"a", "ok"}, {"a", "no"}, {"a", "OK"},  // too short for a 4-gram: equal after folding
      {"b", "停水已经三天了请尽快派人来修理水管"}, {"b", "停水已经四天了请尽快派人来修理水管"}, {"b", "路灯坏了"}};
  const std::vector<uint32_t> g = Groups(data);
  EXPECT_NE(g[1], g[0]);
  EXPECT_EQ(g[2], g[0]);
  EXPECT_EQ(g[4], g[3]);  // one character changed in 17, no spaces to split words at
  EXPECT_NE(g[5], g[3]);
}

// Unrelated lines of random words share few 4-grams; none may be joined.
TEST(NearDuplicatesTest, UnrelatedLinesStayApart) {
  std::mt19937 rng(3);
  std::vector<LabelledText> data;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (int w = 0; w < 8; ++w) {
      for (int c = 0; c < 5; ++c) text += static_cast<char>('a' + rng() % 26);
      text += ' ';
    }
    data.push_back({"x", text});
  }
  const std::vector<uint32_t> g = Groups(data);
  EXPECT_EQ(std::set<uint32_t>(g.begin(), g.end()).size(), data.size());
}

TEST(NearDuplicatesTest, MalformedUtf8NamesTheExample) {
  Result<std::vector<uint32_t>> g = NearDuplicateGroups({{"a", "fine"}, {"a", "bad \xff byte"}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(g.status().message().find("example 2"), std::string::npos) << g.status().message();
}

// Sentence patterns, each written out with six other place names, and one-off lines: a
// held-out tenth takes whole patterns, so no held-out line keeps a twin in training.
TEST(NearDuplicatesTest, HoldOutTakesWholeGroups) {
  const std::vector<std::string> places = {"Kibera", "Kondele", "Obunga", "Nyalenda", "Manyatta",
                                           "Migosi"};
  const std::vector<std::string> patterns = {
      "no water in % for three days, the taps are dry and we buy from vendors",
      "the bridge to % was washed away by floods, children cannot reach school",
      "the clinic in % has had no malaria tablets since last month, please send some",
      "street lights in % have been off for two weeks and people are robbed at night",
      "rubbish has not been collected in % this month and the drains are blocked",
  };
  std::vector<LabelledText> data;
  std::vector<int> pattern_of;
  for (size_t p = 0; p < patterns.size(); ++p) {
    for (const std::string& place : places) {
      std::string t = patterns[p];
      t.replace(t.find('%'), 1, place);
      data.push_back({"desk" + std::to_string(p % 2), t});
      pattern_of.push_back(static_cast<int>(p));
    }
  }
  std::mt19937 rng(5);
  for (int i = 0; i < 30; ++i) {  // unrelated one-off lines, each a group of its own
    std::string text;
    for (int w = 0; w < 8; ++w) {
      for (int c = 0; c < 5; ++c) text += static_cast<char>('a' + rng() % 26);
      text += ' ';
    }
    data.push_back({"desk" + std::to_string(i % 2), text});
    pattern_of.push_back(-1 - i);
  }
  Result<std::vector<bool>> held = HoldOutGroups(data, 0.1, 7);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  ASSERT_EQ(held->size(), data.size());
  size_t n = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    n += (*held)[i];
    for (size_t j = 0; j < data.size(); ++j) {
      if (pattern_of[i] == pattern_of[j]) {
        EXPECT_EQ((*held)[i], (*held)[j]) << i << " " << j;
      }
    }
  }
  // 60 lines: the target is 6; one pattern (6 lines) or one-offs reach it, and the last group
  // taken adds at most 5 more.
  EXPECT_GE(n, 6u);
  EXPECT_LE(n, 11u);
  // The same rows and seed: the same split; other seeds choose other groups.
  EXPECT_EQ(*held, *HoldOutGroups(data, 0.1, 7));
  bool differs = false;
  for (uint64_t seed = 8; seed < 16 && !differs; ++seed) differs = *HoldOutGroups(data, 0.1, seed) != *held;
  EXPECT_TRUE(differs);
  // Nothing, and all but one group of each label (both labels keep training lines).
  const std::vector<bool> none = *HoldOutGroups(data, 0.0, 7);
  EXPECT_EQ(std::count(none.begin(), none.end(), true), 0);
  const std::vector<bool> all = *HoldOutGroups(data, 1.0, 7);
  std::map<std::string, std::set<int>> kept;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!all[i]) kept[data[i].label].insert(pattern_of[i]);
  }
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept["desk0"].size(), 1u);
  EXPECT_EQ(kept["desk1"].size(), 1u);
  EXPECT_FALSE(HoldOutGroups(data, 1.5, 7).ok());
}

// A label whose lines all follow one sentence pattern is one group: held out, it left training
// without that label ("training needs at least 2 different labels"). It stays in training;
// the other label's groups are held out instead.
TEST(NearDuplicatesTest, HoldOutLeavesEveryLabelAGroupInTraining) {
  std::vector<LabelledText> data;
  for (int i = 0; i < 30; ++i) {
    data.push_back({"water", "the water pipe in ward " + std::to_string(i) + " is broken again"});
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 30; ++i) {
    std::string text;
    for (int w = 0; w < 6; ++w) {
      for (int c = 0; c < 6; ++c) text += static_cast<char>('a' + rng() % 26);
      text += ' ';
    }
    data.push_back({"roads", text});
  }
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const std::vector<bool> held = *HoldOutGroups(data, 0.1, seed);
    EXPECT_EQ(std::count(held.begin(), held.begin() + 30, true), 0) << seed;
    EXPECT_EQ(std::count(held.begin() + 30, held.end(), true), 6) << seed;
  }
}

}  // namespace
}  // namespace loka::learn
