// TrainToSize: the same bytes as Train + SerializeModel when the model fits, smaller domain
// tables (5% fewer entries per retry) until it does, and an error when it never can.
#include "langid/train_to_size.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "tiny_model.h"

namespace loka::langid {
namespace {

using testing::TinyOptions;
using testing::TinyProfileRows;
using testing::TrainBytes;

TEST(TrainToSizeTest, WithoutALimitItIsTrainThenSerialize) {
  int retries = 0;
  Result<std::string> b = TrainToSize(TinyProfileRows(), TinyOptions(), 0, nullptr,
                                      [&](size_t, uint32_t) { ++retries; });
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*b, TrainBytes(TinyProfileRows(), TinyOptions()).value());
  EXPECT_EQ(retries, 0);
}

TEST(TrainToSizeTest, ALimitAboveTheSizeChangesNothing) {
  const std::string natural = TrainBytes(TinyProfileRows(), TinyOptions()).value();
  Result<std::string> b = TrainToSize(TinyProfileRows(), TinyOptions(), natural.size(), nullptr);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*b, natural);
}

TEST(TrainToSizeTest, ShrinksTheDomainTablesUntilTheModelFits) {
  const std::string natural = TrainBytes(TinyProfileRows(), TinyOptions()).value();
  std::vector<std::pair<size_t, uint32_t>> retries;
  TrainReport report;
  Result<std::string> b =
      TrainToSize(TinyProfileRows(), TinyOptions(), natural.size() - 1, &report,
                  [&](size_t bytes, uint32_t entries) { retries.emplace_back(bytes, entries); });
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_LE(b->size(), natural.size() - 1);
  ASSERT_FALSE(retries.empty());
  // The default 2,050 entries per domain profile less 5% (102, rounded down): 1,948; then 1,948
  // less 97: 1,851.
  EXPECT_EQ(retries[0], std::make_pair(natural.size(), uint32_t{1948}));
  if (retries.size() > 1) {
    EXPECT_EQ(retries[1].second, 1851u);
  }
  for (size_t i = 0; i < retries.size(); ++i) {
    EXPECT_GT(retries[i].first, natural.size() - 1) << "retry " << i << " followed a fitting model";
  }
  // The file is the one Train gives with the last limit tried, and `report` describes it.
  TrainOptions last = TinyOptions();
  last.max_entries_per_domain = retries.back().second;
  TrainReport direct;
  EXPECT_EQ(*b, TrainBytes(TinyProfileRows(), last, &direct).value());
  EXPECT_EQ(report.entries, direct.entries);
}

TEST(TrainToSizeTest, ALimitNoTableSizeMeetsIsAnError) {
  size_t retries = 0;
  uint32_t last = 0;
  Result<std::string> b = TrainToSize(TinyProfileRows(), TinyOptions(), 1000, nullptr,
                                      [&](size_t, uint32_t entries) {
                                        ++retries;
                                        last = entries;
                                      });
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(b.status().message(),
              ::testing::HasSubstr("above the 1000-byte limit even with 100 entries per domain "
                                   "profile"));
  EXPECT_GE(last, 100u);  // every limit tried kept at least 100 entries
  EXPECT_GT(retries, 40u);  // 2,050 shrinks by 5% per retry: 59 retries to reach 100
}

}  // namespace
}  // namespace loka::langid
