// Tests for learn/near_duplicates.h: which texts end up in one group, against Jaccard indexes
// of 4-gram sets counted by hand.
#include "learn/near_duplicates.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace loka::learn
