// The language-ID n-gram stream must be exactly text::CharNgramFeatures (same ids, same order),
// with order counts that match the n-grams emitted.
#include "langid/ngrams.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/features.h"
#include "text/normalize.h"

namespace loka::langid {
namespace {

TEST(NgramsTest, SameIdsAsTheTextLayer) {
  for (const char* raw : {"Hello, World!", "ab, cd", "a", "Ünïcödé ÇA va?", "नमस्ते दुनिया",
                          "ሰላም ነው", "日本語のテキスト", "x", "  ", "12 34", "ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ"}) {
    Result<std::string> norm = text::Normalize(raw);
    ASSERT_TRUE(norm.ok());
    for (uint32_t min_n : {1u, 2u}) {
      for (uint32_t max_n : {3u, 5u}) {
        std::vector<uint32_t> want, got;
        std::vector<uint8_t> orders;
        text::CharNgramFeatures(*norm, min_n, max_n, 1u << 16, &want);
        NgramStats stats;
        HashedNgrams(*norm, min_n, max_n, 16, &got, &stats, &orders);
        EXPECT_EQ(got, want) << raw << " " << min_n << ".." << max_n;
        ASSERT_EQ(orders.size(), got.size());
        std::vector<uint32_t> per_order(kMaxOrder + 1, 0);
        for (const uint8_t o : orders) ++per_order[o];
        for (uint32_t n = 0; n <= kMaxOrder; ++n) {
          EXPECT_EQ(stats.per_order[n], n >= min_n && n <= max_n ? per_order[n] : 0u)
              << raw << " order " << n;
        }
      }
    }
  }
}

TEST(NgramsTest, StreamLengthAndCountsByHand) {
  // "ab, cd" -> stream " ab cd ": 7 code points, 2 tokens.
  std::vector<uint32_t> ids;
  NgramStats s;
  HashedNgrams("ab, cd", 1, 5, 16, &ids, &s);
  EXPECT_EQ(s.stream_length, 7u);
  EXPECT_EQ(s.tokens, 2u);
  EXPECT_EQ(s.per_order[1], 4u);  // a b c d (the three spaces are skipped)
  EXPECT_EQ(s.per_order[2], 6u);
  EXPECT_EQ(s.per_order[5], 3u);
  EXPECT_EQ(ids.size(), 4u + 6u + 5u + 4u + 3u);
}

TEST(NgramsTest, NoTokensNoNgrams) {
  std::vector<uint32_t> ids;
  NgramStats s;
  HashedNgrams("!!! ... ???", 1, 5, 16, &ids, &s);
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(s.stream_length, 0u);
}

}  // namespace
}  // namespace loka::langid
