// Tests for learn/embed.h on a synthetic corpus of two topics (crops and livestock) whose words
// never share a sentence: words of one topic end up closer to each other than to the other
// topic's, a misspelt word lands near its word, training is deterministic, and corrupt files
// are refused.
#include "learn/embed.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace loka::learn {
namespace {

const std::vector<std::string> kCrops = {"sorghum", "millet", "maize", "cassava", "groundnut"};
const std::vector<std::string> kCropContext = {"plant", "harvest", "seed", "weed", "sow", "rain"};
const std::vector<std::string> kStock = {"goats", "cattle", "sheep", "camels", "donkeys"};
const std::vector<std::string> kStockContext = {"graze", "milk", "herd", "water", "vaccinate",
                                                "pasture"};

// Sentences of 8 words drawn from one topic (its nouns and its verbs), deterministically.
EmbedCorpus TwoTopics(size_t sentences) {
  EmbedCorpus c;
  uint64_t s = 7;
  auto next = [&s]() { return (s = s * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (size_t i = 0; i < sentences; ++i) {
    const bool crops = i % 2 == 0;
    const auto& nouns = crops ? kCrops : kStock;
    const auto& verbs = crops ? kCropContext : kStockContext;
    std::vector<std::string> words;
    for (int j = 0; j < 8; ++j) {
      words.push_back(j % 2 == 0 ? nouns[next() % nouns.size()] : verbs[next() % verbs.size()]);
    }
    c.Add(words);
  }
  return c;
}

EmbedOptions Small() {
  EmbedOptions o;
  o.buckets = 1u << 14;
  o.count_buckets = 1u << 10;
  o.epochs = 10;
  o.subsample = 1;  // a 22-word vocabulary: every word is "frequent"
  return o;
}

double Cosine(const Embeddings& e, const std::string& a, const std::string& b) {
  std::vector<float> u(e.dim()), v(e.dim());
  e.WordVector(a, u.data());
  e.WordVector(b, v.data());
  double dot = 0, nu = 0, nv = 0;
  for (size_t d = 0; d < u.size(); ++d) {
    dot += u[d] * v[d];
    nu += u[d] * u[d];
    nv += v[d] * v[d];
  }
  return dot / std::sqrt(nu * nv);
}

class EmbedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Embeddings> e = Embeddings::Train(TwoTopics(2000), Small());
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    model_ = new Embeddings(std::move(*e));
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  static Embeddings* model_;
};
Embeddings* EmbedTest::model_ = nullptr;

TEST_F(EmbedTest, WordsOfOneTopicAreCloserThanWordsOfTheOther) {
  // Averaged over all pairs: single pairs share n-grams by chance ("sheep", "seed").
  double same = 0, other = 0;
  int n_same = 0, n_other = 0;
  for (const auto& a : kCrops) {
    for (const auto& b : kCrops) {
      if (a != b) same += Cosine(*model_, a, b), ++n_same;
    }
    for (const auto& b : kStock) other += Cosine(*model_, a, b), ++n_other;
  }
  EXPECT_GT(same / n_same, other / n_other + 0.2);
}

TEST_F(EmbedTest, AMisspeltWordIsNearItsWord) {
  // "sorgum" was never seen; it shares most of its n-grams with "sorghum".
  const double right = Cosine(*model_, "sorgum", "sorghum");
  for (const auto& w : kStock) EXPECT_GT(right, Cosine(*model_, "sorgum", w)) << w;
  EXPECT_GT(right, 0.5);
}

TEST_F(EmbedTest, TextVectorsRankATextOfTheSameTopicFirst) {
  const std::vector<float> q = model_->TextVector({"sorgum", "harvets"});  // two typos
  const std::vector<float> crops = model_->TextVector({"millet", "sow", "maize", "rain"});
  const std::vector<float> stock = model_->TextVector({"goats", "graze", "cattle", "milk"});
  double to_crops = 0, to_stock = 0, norm = 0;
  for (size_t d = 0; d < q.size(); ++d) {
    to_crops += q[d] * crops[d];
    to_stock += q[d] * stock[d];
    norm += q[d] * q[d];
  }
  EXPECT_NEAR(norm, 1.0, 1e-4);  // unit length
  EXPECT_GT(to_crops, to_stock);
  // A text without words has the zero vector.
  for (float x : model_->TextVector({})) EXPECT_EQ(x, 0.0f);
}

TEST_F(EmbedTest, TrainingIsDeterministicAndSeeded) {
  Result<Embeddings> again = Embeddings::Train(TwoTopics(2000), Small());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Serialize(), model_->Serialize());
  EmbedOptions other = Small();
  other.seed = 2;
  Result<Embeddings> seeded = Embeddings::Train(TwoTopics(2000), other);
  ASSERT_TRUE(seeded.ok());
  EXPECT_NE(seeded->Serialize(), model_->Serialize());
}

TEST_F(EmbedTest, TheFileRoundTripsAndCorruptFilesAreRefused) {
  const std::string bytes = model_->Serialize();
  Result<Embeddings> back = Embeddings::Parse(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Serialize(), bytes);
  EXPECT_DOUBLE_EQ(Cosine(*back, "maize", "millet"), Cosine(*model_, "maize", "millet"));

  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;  // a vector byte
  Result<Embeddings> r = Embeddings::Parse(flipped);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status().ToString();

  r = Embeddings::Parse(std::string_view(bytes).substr(0, bytes.size() - 100));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("header implies"), std::string::npos);
  r = Embeddings::Parse("LOKAEMB1");
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  r = Embeddings::Parse("not an embeddings file at all");
  EXPECT_NE(r.status().message().find("bad magic"), std::string::npos);
  std::string big_dim = bytes;
  big_dim[12] = static_cast<char>(0xff);  // dim's low byte: 255 -> size no longer matches
  big_dim[13] = static_cast<char>(0xff);  // 65535: out of range
  r = Embeddings::Parse(big_dim);
  EXPECT_NE(r.status().message().find("out of range"), std::string::npos) << r.status().ToString();
}

TEST(EmbedOptionsTest, BadOptionsAndAnEmptyCorpusAreErrors) {
  EmbedOptions o = Small();
  o.dim = 0;
  EXPECT_EQ(Embeddings::Train(TwoTopics(10), o).status().code(), StatusCode::kInvalidArgument);
  o = Small();
  o.min_n = 4;
  o.max_n = 3;
  EXPECT_EQ(Embeddings::Train(TwoTopics(10), o).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Embeddings::Train(EmbedCorpus(), Small()).status().code(),
            StatusCode::kFailedPrecondition);
  o = Small();
  o.max_tokens = 0;  // would learn nothing and still write vectors
  const Status none = Embeddings::Train(TwoTopics(10), o).status();
  EXPECT_EQ(none.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("max_tokens must be positive"), std::string::npos)
      << none.message();
  // Each within its own range, together over 2^28 floats (1024 x 2^24 would be 64 GiB): refused
  // before anything is allocated; 1024 x 2^18 is exactly the limit.
  o = Small();
  o.dim = 1024;
  o.buckets = 1u << 24;
  const Status huge = Embeddings::Train(TwoTopics(10), o).status();
  EXPECT_EQ(huge.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(huge.message().find("dim x buckets is 17179869184 floats, over the limit of 268435456"),
            std::string::npos)
      << huge.message();
  o.buckets = (1u << 18) + 1;
  EXPECT_EQ(Embeddings::Train(TwoTopics(10), o).status().code(), StatusCode::kInvalidArgument);
}

TEST(SubwordRowsTest, NgramsOfThePaddedWordByCodePoint) {
  std::vector<uint32_t> ids;
  SubwordRows("abc", 3, 5, 1u << 20, &ids);
  // "<abc>": 3 3-grams, 2 4-grams, 1 5-gram.
  EXPECT_EQ(ids.size(), 6u);
  ids.clear();
  SubwordRows("पानी", 3, 3, 1u << 20, &ids);  // 4 code points + 2 markers: 4 3-grams
  EXPECT_EQ(ids.size(), 4u);
  ids.clear();
  SubwordRows("a", 4, 5, 1u << 20, &ids);  // "<a>" is shorter than 4: one row
  EXPECT_EQ(ids.size(), 1u);
}

}  // namespace
}  // namespace loka::learn
