// Passages: short blocks stay whole, long ones are cut at sentence ends within the limit.
#include "search/passages.h"

#include <gtest/gtest.h>

namespace loka::search {
namespace {

TEST(SplitPassagesTest, ShortBlocksAreOnePassageEach) {
  std::vector<Passage> p = SplitPassages({{"A", "one"}, {"A > B", "two"}});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].heading, "A > B");
  EXPECT_EQ(p[1].text, "two");
}

TEST(SplitPassagesTest, LongBlocksAreCutAtSentenceEnds) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Sentence number " + std::to_string(i) + " is here. ";
  PassageOptions o;
  o.max_bytes = 100;
  std::vector<Passage> p = SplitPassages({{"", text}}, o);
  ASSERT_GT(p.size(), 3u);
  std::string joined;
  for (const Passage& x : p) {
    EXPECT_LE(x.text.size(), 100u);
    EXPECT_EQ(x.text.back(), '.') << x.text;  // every cut is at a sentence end
    joined += x.text + " ";
  }
  EXPECT_EQ(joined, text);  // nothing lost, nothing repeated
}

TEST(SplitPassagesTest, TextWithoutSpacesIsCutAtCodePoints) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "ภ";  // 3 bytes each
  PassageOptions o;
  o.max_bytes = 32;
  std::vector<Passage> p = SplitPassages({{"", text}}, o);
  size_t total = 0;
  for (const Passage& x : p) {
    EXPECT_LE(x.text.size(), 32u);
    EXPECT_EQ(x.text.size() % 3, 0u);  // whole code points
    total += x.text.size();
  }
  EXPECT_EQ(total, text.size());
}

}  // namespace
}  // namespace loka::search
