// Tests for learn/quantize.h: a quantized model of the synthetic task (synthetic.h) keeps its
// accuracy, is smaller, and survives the file format; pruning keeps exactly the largest rows;
// options that do not fit the model are errors.
#include "learn/quantize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "learn/trainer.h"
#include "synthetic.h"

namespace loka::learn {
namespace {

using testutil::Accuracy;
using testutil::FastOptions;
using testutil::Synthetic;

class QuantizeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<ModelData> d = Train(Synthetic().Lines(300, 1), FastOptions());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    Result<std::string> b = SerializeModel(*d);
    ASSERT_TRUE(b.ok());
    Result<Model> m = Model::FromBytes(std::move(*b), "float");
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    float_model_ = new Model(std::move(*m));
  }
  static void TearDownTestSuite() {
    delete float_model_;
    float_model_ = nullptr;
  }
  static const Model& float_model() { return *float_model_; }

  static Result<Model> QuantizeAndLoad(const QuantizeOptions& o) {
    LOKA_ASSIGN_OR_RETURN(ModelData q, Quantize(float_model(), o));
    LOKA_ASSIGN_OR_RETURN(std::string bytes, SerializeModel(q));
    return Model::FromBytes(std::move(bytes), "quantized");
  }

  static Model* float_model_;
};
Model* QuantizeTest::float_model_ = nullptr;

TEST_F(QuantizeTest, KeepsAccuracyWithinOnePointAndIsSmaller) {
  Result<Model> q = QuantizeAndLoad(QuantizeOptions{});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->kind(), ModelKind::kQuantized);
  EXPECT_EQ(q->dim(), float_model().dim());
  EXPECT_EQ(q->num_rows(), float_model().num_rows());  // default max_rows keeps all here
  EXPECT_EQ(q->labels(), float_model().labels());
  EXPECT_EQ(q->label_counts(), float_model().label_counts());
  EXPECT_LT(q->file_size(), float_model().file_size() / 2);

  const std::vector<LabelledText> held_out = Synthetic().Lines(300, 2);
  const double before = Accuracy(float_model(), held_out);
  const double after = Accuracy(*q, held_out);
  EXPECT_GE(before, 0.98);
  EXPECT_GE(after, before - 0.01) << "float " << before << ", quantized " << after;
}

TEST_F(QuantizeTest, RoundTripsThroughTheFileFormat) {
  Result<ModelData> q = Quantize(float_model(), QuantizeOptions{});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->kind, ModelKind::kQuantized);
  EXPECT_EQ(q->pq_dsub, QuantizeOptions{}.pq_dsub);
  EXPECT_TRUE(q->embeddings.empty());
  const size_t nsub = q->dim / q->pq_dsub;
  EXPECT_EQ(q->codebooks.size(), nsub * 256 * q->pq_dsub);
  EXPECT_EQ(q->codes.size(), q->ids.size() * nsub);
  EXPECT_EQ(q->output_q.size(), q->labels.size() * q->dim);

  Result<std::string> bytes = SerializeModel(*q);
  ASSERT_TRUE(bytes.ok());
  Result<Model> m = Model::FromBytes(*bytes);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ModelData back = m->ToData();
  EXPECT_EQ(back.kind, ModelKind::kQuantized);
  // The file keeps each id's row key (its top bits), not its low bits.
  ASSERT_EQ(back.ids.size(), q->ids.size());
  const uint32_t bits = TagIndexBitsFor(q->ids.size());
  const uint32_t shift = IdShiftFor(q->features.buckets);
  for (size_t r = 0; r < q->ids.size(); ++r) {
    EXPECT_EQ(RowKey(back.ids[r], bits, shift), RowKey(q->ids[r], bits, shift)) << r;
  }
  // Every kept id still finds its row: the quantized model predicts what the data says.
  EXPECT_GT(q->ids.size(), 0u);
  EXPECT_EQ(back.codebooks, q->codebooks);
  EXPECT_EQ(back.codes, q->codes);
  EXPECT_EQ(back.output_scales, q->output_scales);
  EXPECT_EQ(back.output_q, q->output_q);
  Result<std::string> again = SerializeModel(back);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes);

  // The quantized output layer is within half a step of the float one.
  const ModelData f = float_model().ToData();
  for (size_t l = 0; l < q->labels.size(); ++l) {
    for (uint32_t j = 0; j < q->dim; ++j) {
      const float w = q->output_scales[l] * static_cast<float>(q->output_q[l * q->dim + j]);
      EXPECT_NEAR(w, f.output[l * q->dim + j], q->output_scales[l] * 0.5f + 1e-6f);
    }
  }
}

TEST_F(QuantizeTest, IsDeterministicForASeed) {
  QuantizeOptions o;
  o.max_rows = 500;
  o.kmeans_iterations = 3;
  Result<ModelData> a = Quantize(float_model(), o);
  Result<ModelData> b = Quantize(float_model(), o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*SerializeModel(*a), *SerializeModel(*b));
}

TEST_F(QuantizeTest, QuantizingAQuantizedModelIsFailedPrecondition) {
  QuantizeOptions o;
  o.max_rows = 100;
  o.kmeans_iterations = 1;
  Result<Model> q = QuantizeAndLoad(o);
  ASSERT_TRUE(q.ok());
  Result<ModelData> again = Quantize(*q, QuantizeOptions{});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.status().message(), "model is already quantized");
}

TEST_F(QuantizeTest, DsubThatDoesNotDivideDimIsInvalidArgument) {
  for (uint32_t dsub : {0u, 3u, 5u, 32u}) {
    QuantizeOptions o;
    o.pq_dsub = dsub;
    Result<ModelData> q = Quantize(float_model(), o);
    ASSERT_FALSE(q.ok()) << dsub;
    EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(q.status().message(), "--dsub " + std::to_string(dsub) + " must divide dim 16");
  }
  for (uint32_t dsub : {1u, 4u, 16u}) {  // divisors work, including one sub-space of 16
    QuantizeOptions o;
    o.pq_dsub = dsub;
    o.max_rows = 300;
    o.kmeans_iterations = 2;
    Result<Model> q = QuantizeAndLoad(o);
    ASSERT_TRUE(q.ok()) << dsub << ": " << q.status().ToString();
  }
}

TEST_F(QuantizeTest, MaxRowsKeepsExactlyThatManyOfTheMostUsefulRows) {
  const ModelData f = float_model().ToData();
  const size_t rows = f.ids.size();
  ASSERT_GT(rows, 200u);
  QuantizeOptions o;
  o.max_rows = 200;
  o.kmeans_iterations = 2;
  Result<ModelData> q = Quantize(float_model(), o);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->ids.size(), 200u);
  EXPECT_TRUE(std::is_sorted(q->ids.begin(), q->ids.end()));

  // Every kept row moves the label scores at least as much as every dropped row: the norm of
  // the row's scores (output x row) after subtracting their mean over labels.
  const size_t L = f.labels.size();
  auto norm = [&](size_t r) {
    std::vector<double> z(L, 0.0);
    double mean = 0;
    for (size_t l = 0; l < L; ++l) {
      for (uint32_t j = 0; j < f.dim; ++j) {
        z[l] += double(f.output[l * f.dim + j]) * f.embeddings[r * f.dim + j];
      }
      mean += z[l] / static_cast<double>(L);
    }
    double s = 0;
    for (const double v : z) s += (v - mean) * (v - mean);
    return s;
  };
  double min_kept = 1e30, max_dropped = 0;
  for (size_t r = 0; r < rows; ++r) {
    const bool kept = std::binary_search(q->ids.begin(), q->ids.end(), f.ids[r]);
    if (kept) {
      min_kept = std::min(min_kept, norm(r));
    } else {
      max_dropped = std::max(max_dropped, norm(r));
    }
  }
  EXPECT_GE(min_kept, max_dropped * (1 - 1e-4));

  Result<std::string> bytes = SerializeModel(*q);
  ASSERT_TRUE(bytes.ok());
  Result<Model> m = Model::FromBytes(*bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->num_rows(), 200u);

  o.max_rows = 0;  // 0 keeps every row
  Result<ModelData> all = Quantize(float_model(), o);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->ids.size(), rows);

  o.max_rows = static_cast<uint32_t>(rows + 10);  // more than there are: all of them
  Result<ModelData> more = Quantize(float_model(), o);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->ids.size(), rows);
}

TEST_F(QuantizeTest, FewerRowsThanCentroidsStillQuantizes) {
  QuantizeOptions o;
  o.max_rows = 5;  // 5 points for 256 centroids
  Result<Model> q = QuantizeAndLoad(o);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->num_rows(), 5u);
  std::vector<Prediction> p;
  ASSERT_TRUE(q->Predict(Synthetic().Lines(1, 9)[0].text, 3, 0.f, &p).ok());
  EXPECT_EQ(p.size(), 3u);
}

// kmeans_sample 0 would leave k-means no points (it once divided by zero there).
TEST_F(QuantizeTest, ZeroKmeansSampleIsAnErrorNotACrash) {
  QuantizeOptions o;
  o.kmeans_sample = 0;
  Result<ModelData> q = Quantize(float_model(), o);
  EXPECT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(q.status().message(), "kmeans_sample must be at least 1");
}

}  // namespace
}  // namespace loka::learn
