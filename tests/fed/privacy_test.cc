// Differential privacy of a node's updates (fed/privacy.h): the noise has the configured scale,
// every row carries it, and the budget accumulates as zCDP composition says.
#include "fed/privacy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "fed/compress.h"
#include "fed/learner.h"

namespace loka::fed {
namespace {

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

TEST(PrivacyTest, NoiseHasTheConfiguredScaleOnEveryRow) {
  // A zero delta over 20,000 rows x 2 columns, clipped to C = 0.5, noised with z = 1.5: every
  // value sent is pure noise of standard deviation zC = 0.75 (float32, no top-k, no feedback).
  constexpr uint32_t kRows = 20000, kCols = 2;
  std::vector<uint32_t> rows(kRows);
  for (uint32_t r = 0; r < kRows; ++r) rows[r] = r;
  CompressOptions o;
  o.clip_norm = 0.5f;
  o.value_bits = 32;
  o.error_feedback = false;
  const double sigma = 1.5 * 0.5;
  std::mt19937_64 rng(7);
  DeltaCompressor c;
  const SparseMatrix m = c.Compress(kRows, kCols, rows, std::vector<float>(kRows * kCols, 0.f), o, sigma, &rng);
  ASSERT_EQ(m.index.size(), kRows);  // no row left out: which rows a node touched stays hidden
  const double n = kRows * kCols;
  double sum = 0, sq = 0;
  for (const float v : m.f) {
    sum += v;
    sq += double(v) * v;
  }
  const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
  // The sample mean of n normals has standard error sigma / sqrt(n) = 0.00375; the sample
  // standard deviation has relative standard error 1 / sqrt(2n) = 0.35%. Five standard errors
  // each: a false failure has odds below 1 in a million; a wrong scale (e.g. sigma = z alone,
  // 1.5, or C alone, 0.5) is off by 33% or more.
  EXPECT_NEAR(mean, 0.0, 5 * sigma / std::sqrt(n));
  EXPECT_NEAR(sd / sigma, 1.0, 5 / std::sqrt(2 * n));
}

TEST(PrivacyTest, BudgetAccumulatesByZcdpComposition) {
  // By hand from Bun & Steinke 2016 (Prop. 1.6, Lemma 2.3, Prop. 1.3), z = 2, delta = 1e-5:
  // rho per round = 2 / z^2 = 0.5; ln(1e5) = 11.512925;
  // epsilon per round = 0.5 + 2 sqrt(0.5 x 11.512925) = 0.5 + 2 x 2.399263 = 5.298526;
  // after 3 rounds rho = 1.5, epsilon = 1.5 + 2 sqrt(1.5 x 11.512925) = 1.5 + 2 x 4.155645 = 9.811291
  // (less than 3 x 5.298526 = 15.9: zCDP composes tighter than adding epsilons).
  EXPECT_NEAR(ZcdpRhoPerRound(2), 0.5, 1e-12);
  EXPECT_NEAR(ZcdpEpsilon(0.5, 1e-5), 5.298526, 1e-5);

  LearnerOptions lo;
  lo.node_id = "n1";
  lo.heldout_fraction = 0;
  lo.dp.noise_multiplier = 2;
  lo.dp.clip_norm = 0.25f;
  lo.dp.delta = 1e-5;
  std::vector<learn::LabelledText> data = {{"a", "rain on the road"}, {"b", "no water today"},
                                           {"a", "the road is flooded"}, {"b", "water pipe broken"}};
  Result<std::unique_ptr<Learner>> l = Learner::Create(lo, Key(1), Key(100).public_key(), data);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE((*l)->stats().privacy.enabled);
  EXPECT_EQ((*l)->stats().privacy.rounds, 0u);
  EXPECT_EQ((*l)->stats().privacy.epsilon, 0.0);

  // Three rounds from the hub's all-zero version 0, each answered with a noised update.
  const TextModelSpec spec = MakeTextModelSpec(64, {"a", "b"});
  auto send = [&](const Message& m) {
    const SignedMessage s = std::move(EncodeMessage(m, Key(100))).value();
    for (const auto& c : SplitIntoChunks(s.bytes(), s.id())) {
      ASSERT_TRUE((*l)->Receive(c, m.type == MessageType::kRound).ok());
    }
  };
  Message g = NewMessage(MessageType::kGlobal, "hub", 0, 0, 0);
  g.model_kind = ModelKind::kTextLinear;
  g.matrix = QuantizeRows(spec.rows(), spec.cols(), 32, {}, {});
  send(g);
  for (uint32_t round = 1; round <= 3; ++round) {
    RoundPlan p;
    p.fleet = "t";
    p.round = round;
    p.deadline_ms = INT64_MAX / 2;
    p.chosen = {"n1"};
    p.spec = spec;
    p.compress.value_bits = 32;
    Message r = NewMessage(MessageType::kRound, "hub", 0, round, 0);
    r.json = RoundPlanToJson(p);
    send(r);
    Result<std::vector<SignedMessage>> out = (*l)->Work();
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out->size(), 1u);
    Result<MessageHeader> h = ParseMessageHeader((*out)[0].bytes(), "update");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->present_rows, spec.rows()) << "every row is noised and sent";
    EXPECT_FLOAT_EQ(h->clip_norm, 0.25f);
  }
  const PrivacyBudget b = (*l)->stats().privacy;
  // The next version's metric report tells the hub the budget spent (numbers only).
  Message g1 = NewMessage(MessageType::kGlobal, "hub", 0, 3, 1);
  g1.model_kind = ModelKind::kTextLinear;
  g1.matrix = QuantizeRows(spec.rows(), spec.cols(), 32, {}, {});
  send(g1);
  Result<std::vector<SignedMessage>> metric = (*l)->Work();
  ASSERT_TRUE(metric.ok());
  ASSERT_EQ(metric->size(), 1u);
  ASSERT_EQ((*metric)[0].type(), MessageType::kMetric);
  const std::string& bytes = (*metric)[0].bytes();
  Result<MessageHeader> mh = ParseMessageHeader(bytes, "metric");
  ASSERT_TRUE(mh.ok());
  Result<Message> mm = DecodeMessageBody(bytes, *mh, 1 << 20, "metric");
  ASSERT_TRUE(mm.ok());
  Result<MetricReport> report = MetricReportFromJson(mm->json, "metric");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->dp_rounds, 3u);
  EXPECT_NEAR(report->dp_epsilon, 9.811291, 1e-5);
  EXPECT_EQ(b.rounds, 3u);
  EXPECT_NEAR(b.rho_per_round, 0.5, 1e-12);
  EXPECT_NEAR(b.epsilon_per_round, 5.298526, 1e-5);
  EXPECT_NEAR(b.rho, 1.5, 1e-12);
  EXPECT_NEAR(b.epsilon, 9.811291, 1e-5);
}

TEST(PrivacyTest, OffByDefault) {
  EXPECT_FALSE(DpOptions().enabled());
  EXPECT_FALSE(PrivacyAccountant(DpOptions()).budget().enabled);
}

// A NaN noise multiplier is neither "off" nor a scale: the node refuses it, as it refuses a
// negative one, and a NaN or infinite clip norm with noise on.
TEST(PrivacyTest, ANodeRefusesANotANumberNoiseOrClip) {
  const std::vector<learn::LabelledText> data = {{"a", "rain on the road"}, {"b", "no water today"}};
  auto create = [&](double noise, float clip) {
    LearnerOptions lo;
    lo.node_id = "n1";
    lo.dp.noise_multiplier = noise;
    lo.dp.clip_norm = clip;
    lo.dp.delta = 1e-5;
    return Learner::Create(lo, Key(1), Key(100).public_key(), data).status();
  };
  EXPECT_TRUE(create(0, 1).ok());
  EXPECT_TRUE(create(2, 0.25f).ok());
  for (const Status& s : {create(std::nan(""), 1), create(-1, 1), create(2, std::nanf("")),
                          create(2, std::numeric_limits<float>::infinity())}) {
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("differential privacy"), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace loka::fed
