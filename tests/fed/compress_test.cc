// Delta compression: clipping, top-k rows and error feedback conserve what is not sent.
#include "fed/compress.h"

#include <gtest/gtest.h>

#include <cmath>

namespace loka::fed {
namespace {

TEST(CompressTest, TopKSendsTheLargestRowsAndKeepsTheRest) {
  DeltaCompressor c;
  CompressOptions o;
  o.top_k_rows = 1;
  o.value_bits = 32;
  // Row 4: norm 5; row 9: norm 1.
  SparseMatrix m = c.Compress(10, 2, {4, 9}, {3.f, 4.f, 1.f, 0.f}, o);
  ASSERT_EQ(m.index, (std::vector<uint32_t>{4}));
  EXPECT_EQ(m.Value(0, 0), 3.f);
  EXPECT_EQ(c.residual_rows(), 1u);
  // Nothing new: the residual (row 9) goes out next.
  m = c.Compress(10, 2, {}, {}, o);
  ASSERT_EQ(m.index, (std::vector<uint32_t>{9}));
  EXPECT_EQ(m.Value(0, 0), 1.f);
  EXPECT_EQ(c.residual_rows(), 0u);
}

TEST(CompressTest, QuantizationErrorIsCarriedToTheNextUpdate) {
  DeltaCompressor c;
  CompressOptions o;  // int8
  const std::vector<float> d = {1.f, 0.003f};
  SparseMatrix a = c.Compress(4, 2, {1}, d, o);
  // 0.003 x 127 = 0.381 rounds to 0: sent as 0, kept as residual.
  EXPECT_EQ(a.q[1], 0);
  EXPECT_EQ(c.residual_rows(), 1u);
  SparseMatrix b = c.Compress(4, 2, {}, {}, o);
  ASSERT_EQ(b.index.size(), 1u);
  EXPECT_NEAR(a.Value(0, 1) + b.Value(0, 1), 0.003f, 1e-6f);
}

TEST(CompressTest, ClipsToTheNorm) {
  DeltaCompressor c;
  CompressOptions o;
  o.clip_norm = 1.f;
  o.value_bits = 32;
  SparseMatrix m = c.Compress(4, 2, {0}, {3.f, 4.f}, o);
  EXPECT_DOUBLE_EQ(c.last_delta_norm(), 5.0);
  EXPECT_FLOAT_EQ(m.Value(0, 0), 0.6f);
  EXPECT_FLOAT_EQ(m.Value(0, 1), 0.8f);
}

}  // namespace
}  // namespace loka::fed
