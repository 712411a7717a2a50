// The hub's rounds and a node's learner without a broker: a ManualClock moves the deadlines;
// payloads are the chunks a node would publish.
#include "fed/hub.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "fed/learner.h"
#include "fed/transfer.h"
#include "../numbered.h"

namespace loka::fed {
namespace {

using testing::Numbered;

using ::testing::HasSubstr;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

// The hub's arithmetic is checked on plain FedAvg; tests of an aggregation option turn it on.
HubOptions PlainFedAvg() {
  HubOptions o;
  o.aggregate = AggregateOptions::FedAvg();
  return o;
}

class HubTest : public ::testing::Test {
 protected:
  // A 2-label model over 64 buckets; nodes n1..n<count> with keys 1..count.
  void Make(int count, HubOptions o = PlainFedAvg(), LocalTrainOptions train = {}) {
    Enrolment e;
    for (int i = 1; i <= count; ++i) {
      ASSERT_TRUE(e.Add(Numbered("n", i), Key(static_cast<char>(i)).public_key()).ok());
    }
    o.clock = &clock_;
    o.round_timeout_ms = 1000;
    o.global_value_bits = 32;
    o.log = [this](const std::string& line) { log_.push_back(line); };
    Result<std::unique_ptr<Hub>> h =
        Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), train, {}, std::move(e), Key(100));
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hub_ = std::move(h).value();
    Result<std::vector<SignedMessage>> start = hub_->Start();
    ASSERT_TRUE(start.ok());
    start_ = std::move(start).value();
  }
  // Node i's update for `round` from `base`: `row` = values, `examples` examples, signed with
  // `key` (0: node i's); `without`: trained without the c_i its round named
  // (Message::without_control).
  std::vector<std::string> Update(int i, uint32_t round, uint32_t base, uint64_t examples,
                                  std::vector<float> values, char key = 0, uint32_t row = 0,
                                  bool without = false) {
    Message m = NewMessage(MessageType::kUpdate, Numbered("n", i), 0, round, base);
    m.model_kind = ModelKind::kTextLinear;
    m.example_count = examples;
    m.without_control = without;
    m.matrix = QuantizeRows(65, 2, 32, {row}, values);
    const SignedMessage s = std::move(EncodeMessage(m, Key(key ? key : static_cast<char>(i)))).value();
    return SplitIntoChunks(s.bytes(), s.id());
  }
  // SCAFFOLD's g from node i: one example, `v` on `row`.
  std::vector<std::string> RowUpdate(int i, uint32_t round, uint32_t base, uint32_t row, std::vector<float> v,
                                     bool without = false) {
    return Update(i, round, base, 1, std::move(v), 0, row, without);
  }
  Status Send(int i, const std::vector<std::string>& chunks) {
    Status last;
    for (const auto& c : chunks) last = hub_->Receive(Numbered("n", i), c, false);
    return last;
  }
  size_t Tick() { return std::move(hub_->Tick()).value().size(); }
  // The c the latest global version carries (SCAFFOLD).
  SparseMatrix LatestControl() {
    const std::string& b = hub_->latest_global()->bytes();
    Result<MessageHeader> h = ParseMessageHeader(b, "global");
    EXPECT_TRUE(h.ok());
    return std::move(DecodeMessageBody(b, *h, 1u << 20, "global")).value().control;
  }
  // Node n1's learner (key 1) on `data`, trusting this hub (key 100), on the fixture's clock.
  Result<std::unique_ptr<Learner>> LearnerN1(LearnerOptions lo,
                                             const std::vector<learn::LabelledText>& data) {
    lo.node_id = "n1";
    lo.clock = &clock_;
    return Learner::Create(lo, Key(1), Key(100).public_key(), data);
  }
  // n1's learner on four lines of two labels, none held out.
  Result<std::unique_ptr<Learner>> FourLineLearnerN1() {
    LearnerOptions lo;
    lo.heldout_fraction = 0;
    return LearnerN1(lo, {{"a", "rain on the road"}, {"b", "no water today"},
                          {"a", "the road is flooded"}, {"b", "water pipe broken"}});
  }
  // Hands the hub's start messages (its first version and round) to `l`.
  void ReceiveStart(Learner& l) {
    for (const SignedMessage& m : start_) {
      for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
        ASSERT_TRUE(l.Receive(c, m.type() == MessageType::kRound).ok());
      }
    }
  }
  float W(uint32_t row, uint32_t col) const { return hub_->weights()[row * 2 + col]; }
  int64_t Rejected(Reason r) const { return hub_->stats().rejected[static_cast<size_t>(r)]; }

  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Hub> hub_;
  std::vector<SignedMessage> start_;
  std::vector<std::string> log_;
};

TEST(HubCreateTest, RefusesALogitAdjustmentNodesWouldRefuse) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  LocalTrainOptions train;
  train.logit_adjust = -1;
  Result<std::unique_ptr<Hub>> h = Hub::Create({}, MakeTextModelSpec(64, {"a", "b"}), train, {}, e, Key(100));
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("logit adjustment"), std::string::npos);
  train.logit_adjust = 1;
  EXPECT_TRUE(Hub::Create({}, MakeTextModelSpec(64, {"a", "b"}), train, {}, e, Key(100)).ok());
}

// A NaN option would be announced as JSON null, which every node refuses (fed/round.cc): the hub
// refuses it when it starts instead of running rounds that no node joins.
TEST(HubCreateTest, RefusesNotANumberInEveryAnnouncedOrServerOption) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const TextModelSpec spec = MakeTextModelSpec(64, {"a", "b"});
  const struct {
    const char* what;
    std::function<void(HubOptions*, LocalTrainOptions*, CompressOptions*)> set;
  } cases[] = {
      {"lr", [&](HubOptions*, LocalTrainOptions* t, CompressOptions*) { t->lr = nan; }},
      {"l2", [&](HubOptions*, LocalTrainOptions* t, CompressOptions*) { t->l2 = nan; }},
      {"prox_mu", [&](HubOptions*, LocalTrainOptions* t, CompressOptions*) { t->prox_mu = nan; }},
      {"epochs", [&](HubOptions*, LocalTrainOptions* t, CompressOptions*) { t->epochs = 0; }},
      {"clip norm", [&](HubOptions*, LocalTrainOptions*, CompressOptions* c) { c->clip_norm = nan; }},
      {"--server-lr",
       [&](HubOptions* o, LocalTrainOptions*, CompressOptions*) { o->aggregate.server_lr = nan; }},
      {"--server-momentum",
       [&](HubOptions* o, LocalTrainOptions*, CompressOptions*) { o->aggregate.server_momentum = 1.f; }},
      {"straggler wait",
       [&](HubOptions* o, LocalTrainOptions*, CompressOptions*) { o->straggler_wait = nan; }},
  };
  for (const auto& c : cases) {
    HubOptions o;
    LocalTrainOptions train;
    CompressOptions compress;
    c.set(&o, &train, &compress);
    Result<std::unique_ptr<Hub>> h = Hub::Create(o, spec, train, compress, e, Key(100));
    ASSERT_FALSE(h.ok()) << c.what;
    EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(h.status().message().find(c.what), std::string::npos) << h.status().message();
  }
  EXPECT_TRUE(Hub::Create({}, spec, {}, {}, e, Key(100)).ok());
}

// The ranges docs/formats/update.md gives for an announcement, spelled out in the refusal.
TEST(HubCreateTest, NamesTheAcceptedRangeOfAnOptionItRefuses) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  const TextModelSpec spec = MakeTextModelSpec(64, {"a", "b"});
  LocalTrainOptions train;
  train.lr = 0.f;
  Result<std::unique_ptr<Hub>> h = Hub::Create({}, spec, train, {}, e, Key(100));
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("lr must be in [1e-06, 100]"), std::string::npos)
      << h.status().message();
  train = {};
  train.epochs = 101;
  h = Hub::Create({}, spec, train, {}, e, Key(100));
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("epochs must be in [1, 100]"), std::string::npos)
      << h.status().message();
}

TEST_F(HubTest, FedAvgWeightsUpdatesByExampleCount) {
  HubOptions o = PlainFedAvg();
  o.quorum_fraction = 2.0 / 3;
  o.straggler_wait = 0;
  Make(3, o);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  EXPECT_EQ(Tick(), 0u);  // 1 of 3: below the quorum of 2
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 3, {0.f, 4.f})).ok());
  EXPECT_EQ(Tick(), 2u);  // version 1 and round 2's announcement
  // (1 x [1, 0] + 3 x [0, 4]) / 4.
  EXPECT_FLOAT_EQ(W(0, 0), 0.25f);
  EXPECT_FLOAT_EQ(W(0, 1), 3.f);
  EXPECT_EQ(hub_->stats().version, 1u);
  EXPECT_EQ(hub_->stats().round, 2u);
}

TEST_F(HubTest, LabelAverageTakesEachColumnOverTheUpdatesThatMovedIt) {
  HubOptions o = PlainFedAvg();
  o.aggregate.label_average = true;
  Make(2, o);
  // n1 (1 example) moved both labels' columns, n2 (3 examples) only label b's, as a node
  // training with restricted softmax on examples of b alone would.
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 2.f})).ok());
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 3, {0.f, 4.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);  // n1's alone: n2's zero is not averaged in (FedAvg: 0.25)
  EXPECT_FLOAT_EQ(W(0, 1), 3.5f);  // (1 x 2 + 3 x 4) / 4, as FedAvg
  // A column no update moved stays where it was.
  ASSERT_TRUE(Send(1, Update(1, 2, 1, 1, {0.f, 1.f})).ok());
  ASSERT_TRUE(Send(2, Update(2, 2, 1, 3, {0.f, 1.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);
  EXPECT_FLOAT_EQ(W(0, 1), 4.5f);
}

TEST_F(HubTest, ANodeThatMissesARoundCountsWithItsLatestUpdateWhenRemembered) {
  HubOptions o = PlainFedAvg();
  o.aggregate.remember_updates = true;
  Make(2, o);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 3, {0.f, 4.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 0.25f);  // (1 x [1, 0] + 3 x [0, 4]) / 4, as FedAvg
  EXPECT_FLOAT_EQ(W(0, 1), 3.f);
  // Round 2: n2 drops out. Its round-1 update (from version 0, one version old: weight
  // 3 / sqrt(2)) is averaged with n1's new one (weight 1); FedAvg would step by n1's alone.
  ASSERT_TRUE(Send(1, Update(1, 2, 1, 1, {1.f, 0.f})).ok());
  clock_.AdvanceMs(1000);
  EXPECT_EQ(Tick(), 2u);
  const float old = 3.f / std::sqrt(2.f);
  EXPECT_FLOAT_EQ(W(0, 0), 0.25f + 1.f / (1.f + old));
  EXPECT_FLOAT_EQ(W(0, 1), 3.f + 4.f * old / (1.f + old));
  EXPECT_EQ(hub_->stats().last_round_updates, 1u);  // what came this round
}

TEST_F(HubTest, DropOutsCloseTheRoundAtItsDeadline) {
  Make(3);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 10, {2.f, 2.f})).ok());
  ASSERT_TRUE(Send(3, Update(3, 1, 0, 10, {0.f, 0.f})).ok());
  clock_.AdvanceMs(999);
  EXPECT_EQ(Tick(), 0u);  // n2 may still come
  clock_.AdvanceMs(1);
  EXPECT_EQ(Tick(), 2u);
  EXPECT_EQ(hub_->stats().last_round_updates, 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);
}

TEST_F(HubTest, AOneNodeFleetNeverHangs) {
  Make(1);
  clock_.AdvanceMs(1000);
  EXPECT_EQ(Tick(), 1u);  // closed empty, round 2 announced
  EXPECT_EQ(hub_->stats().rounds_empty, 1);
  EXPECT_EQ(hub_->stats().version, 0u);
  ASSERT_TRUE(Send(1, Update(1, 2, 0, 5, {1.f, -1.f})).ok());
  EXPECT_EQ(Tick(), 2u);  // everyone chosen answered: no need to wait
  EXPECT_EQ(hub_->stats().version, 1u);
}

TEST_F(HubTest, HostilePayloadsAreRefusedWithAReasonAndTheRoundIsUnaffected) {
  Make(2);
  // Round 1 closes with n1 alone at its deadline; round 2 is the one under attack.
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 1.f})).ok());
  clock_.AdvanceMs(1000);
  ASSERT_EQ(Tick(), 2u);
  const std::vector<std::string> honest = Update(1, 2, 1, 4, {2.f, 0.f});

  Status s = Send(2, Update(2, 2, 1, 1, {100.f, 100.f}, /*key=*/7));  // signed by another key
  EXPECT_THAT(s.message(), HasSubstr("signature does not verify"));
  EXPECT_EQ(Rejected(Reason::kForged), 1);

  s = Send(2, Update(2, 1, 0, 1, {100.f, 100.f}));  // for the closed round 1
  EXPECT_THAT(s.message(), HasSubstr("update for round 1"));
  EXPECT_EQ(Rejected(Reason::kStaleRound), 1);

  s = hub_->Receive("intruder", Update(9, 2, 1, 1, {100.f, 100.f})[0], false);
  EXPECT_EQ(Rejected(Reason::kUnknownSender), 1);  // topic and signature name different senders

  s = hub_->Receive("n2", std::string(100u << 20, 'x'), false);  // 100 MB
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(Rejected(Reason::kOversized), 1);

  const std::string cut = honest[0].substr(0, honest[0].size() - 10);  // truncated
  EXPECT_FALSE(hub_->Receive("n1", cut, false).ok());
  EXPECT_EQ(Rejected(Reason::kMalformed), 1);

  ASSERT_TRUE(Send(1, honest).ok());
  EXPECT_EQ(Send(1, honest).code(), StatusCode::kFailedPrecondition);  // replayed
  EXPECT_EQ(Rejected(Reason::kReplayed), 1);

  EXPECT_EQ(Tick(), 0u);  // none of the above counts toward the quorum: n2 is still awaited
  clock_.AdvanceMs(1000);
  ASSERT_EQ(Tick(), 2u);
  // Version 2 = version 1 + n1's honest delta, nothing else.
  EXPECT_FLOAT_EQ(W(0, 0), 3.f);
  EXPECT_FLOAT_EQ(W(0, 1), 1.f);
  EXPECT_EQ(hub_->stats().updates_accepted, 2);
  for (const char* reason : {"forged", "stale_round", "unknown_sender", "oversized", "malformed", "replayed"}) {
    bool logged = false;
    for (const auto& line : log_) logged |= line.find(std::string("(") + reason + ")") != std::string::npos;
    EXPECT_TRUE(logged) << reason;
  }
}

TEST_F(HubTest, LateUpdatesCountWithinTheStalenessBound) {
  HubOptions o = PlainFedAvg();
  o.max_staleness = 1;
  o.quorum_fraction = 0.5;
  o.straggler_wait = 0;
  Make(2, o);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  ASSERT_EQ(Tick(), 2u);  // version 1 without n2
  // n2's round-1 update arrives during round 2: one version stale, still aggregated, with
  // weight 1 / sqrt(2) against n1's fresh 1.
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 1, {0.f, 1.f})).ok());
  ASSERT_TRUE(Send(1, Update(1, 2, 1, 1, {1.f, 0.f})).ok());
  ASSERT_EQ(Tick(), 2u);
  const float stale = static_cast<float>((1 / std::sqrt(2.0)) / (1 + 1 / std::sqrt(2.0)));
  EXPECT_NEAR(W(0, 0), 1.f + (1 - stale), 1e-6);
  EXPECT_NEAR(W(0, 1), stale, 1e-6);
  // Two versions back is past the bound.
  EXPECT_EQ(Send(2, Update(2, 1, 0, 1, {0.f, 1.f})).code(), StatusCode::kFailedPrecondition);
}

TEST_F(HubTest, RowAverageTakesEachRowOverTheUpdatesThatCarryIt) {
  HubOptions o = PlainFedAvg();
  o.aggregate.row_average = true;
  Make(2, o);
  // n1 (1 example) carries rows 0 and 1, n2 (3 examples) row 1 only.
  Message m = NewMessage(MessageType::kUpdate, "n1", 0, 1, 0);
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = 1;
  m.matrix = QuantizeRows(65, 2, 32, {0, 1}, {1.f, 2.f, 4.f, 0.f});
  const SignedMessage s = std::move(EncodeMessage(m, Key(1))).value();
  ASSERT_TRUE(Send(1, SplitIntoChunks(s.bytes(), s.id())).ok());
  m = NewMessage(MessageType::kUpdate, "n2", 0, 1, 0);
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = 3;
  m.matrix = QuantizeRows(65, 2, 32, {1}, {0.f, 8.f});
  const SignedMessage s2 = std::move(EncodeMessage(m, Key(2))).value();
  ASSERT_TRUE(Send(2, SplitIntoChunks(s2.bytes(), s2.id())).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);  // n1's alone (FedAvg: 1/4 of it)
  EXPECT_FLOAT_EQ(W(0, 1), 2.f);
  EXPECT_FLOAT_EQ(W(1, 0), 1.f);  // (1 x [4, 0] + 3 x [0, 8]) / 4, as FedAvg
  EXPECT_FLOAT_EQ(W(1, 1), 6.f);
}

// A label-skewed fleet on hand-made examples: 4 nodes, 4 labels; node i holds 12 examples of
// label i and 3 of label i + 1, each with one word of its own label's vocabulary of 4 (rows
// 10 + 4 x label + j) and one word every label shares (row 1). Each round every node but one
// (a drop-out, in turn) trains 2 epochs from the global version and sends its delta; the hub
// aggregates. The target is the model central SGD reaches on the pooled 60 examples (200
// epochs), measured by the pooled cross-entropy. The defaults approach it; plain FedAvg, whose
// average divides each label word's step by the 4 nodes although one or two hold the word,
// and which forgets the labels of the node that drops out, stays far from it.
double PooledLoss(const std::vector<float>& w, const std::vector<Example>& data, uint32_t cols,
                  uint32_t bias) {
  double loss = 0;
  for (const Example& ex : data) {
    std::vector<double> s(cols);
    for (uint32_t c = 0; c < cols; ++c) s[c] = w[size_t{bias} * cols + c];
    for (size_t k = 0; k < ex.row.size(); ++k) {
      for (uint32_t c = 0; c < cols; ++c) s[c] += ex.value[k] * w[size_t{ex.row[k]} * cols + c];
    }
    const double mx = *std::max_element(s.begin(), s.end());
    double z = 0;
    for (const double v : s) z += std::exp(v - mx);
    loss += mx + std::log(z) - s[static_cast<size_t>(ex.label)];
  }
  return loss / static_cast<double>(data.size());
}

double FleetLoss(const AggregateOptions& aggregate, double* central) {
  constexpr int kNodes = 4, kRounds = 30;
  const TextModelSpec spec = MakeTextModelSpec(64, {"a", "b", "c", "d"});
  std::vector<std::vector<Example>> parts(kNodes);
  std::vector<Example> pooled;
  for (int n = 0; n < kNodes; ++n) {
    for (int i = 0; i < 15; ++i) {
      Example ex;
      ex.label = i < 12 ? n : (n + 1) % kNodes;
      ex.row = {1, static_cast<uint32_t>(10 + 4 * ex.label + i % 4)};
      ex.value = {0.6f, 0.8f};
      parts[n].push_back(ex);
      pooled.push_back(ex);
    }
  }
  LocalTrainOptions train;
  train.epochs = 2;
  train.lr = 0.5f;
  const size_t cells = size_t{spec.rows()} * spec.cols();
  {
    LocalTrainOptions t = train;
    t.epochs = 200;
    std::vector<float> w(cells, 0.f);
    std::vector<uint32_t> touched;
    TrainLocal(pooled, spec, t, w, &w, &touched);
    *central = PooledLoss(w, pooled, spec.cols(), spec.bias_row());
  }
  Enrolment e;
  for (int n = 1; n <= kNodes; ++n) EXPECT_TRUE(e.Add(Numbered("n", n), Key(char(n)).public_key()).ok());
  ManualClock clock(1'700'000'000'000);
  HubOptions o;
  o.aggregate = aggregate;
  o.clock = &clock;
  o.max_rounds = kRounds;
  o.global_value_bits = 32;
  o.quorum_fraction = 1;
  o.round_timeout_ms = 1000;
  Result<std::unique_ptr<Hub>> hub = Hub::Create(o, spec, train, {}, std::move(e), Key(100));
  EXPECT_TRUE(hub.ok());
  EXPECT_TRUE((*hub)->Start().ok());
  for (uint32_t round = 1; round <= kRounds; ++round) {
    const RoundPlan& plan = (*hub)->open_round();
    const std::vector<float> global = (*hub)->weights();
    for (int n = 0; n < kNodes; ++n) {
      if (n == static_cast<int>(round % kNodes)) continue;  // drops out
      std::vector<float> local = global;
      std::vector<uint32_t> touched;
      TrainLocal(parts[n], spec, plan.train, global, &local, &touched);
      std::vector<float> delta;
      for (const uint32_t r : touched) {
        for (uint32_t c = 0; c < spec.cols(); ++c) {
          delta.push_back(local[size_t{r} * spec.cols() + c] - global[size_t{r} * spec.cols() + c]);
        }
      }
      const std::string id = Numbered("n", n + 1);
      Message m = NewMessage(MessageType::kUpdate, id, 0, plan.round, plan.version);
      m.model_kind = ModelKind::kTextLinear;
      m.example_count = parts[n].size();
      m.matrix = QuantizeRows(spec.rows(), spec.cols(), 32, touched, delta);
      const SignedMessage s = std::move(EncodeMessage(m, Key(char(n + 1)))).value();
      for (const auto& c : SplitIntoChunks(s.bytes(), s.id())) EXPECT_TRUE((*hub)->Receive(id, c, false).ok());
    }
    clock.AdvanceMs(1000);  // the deadline: the drop-out never answers
    EXPECT_TRUE((*hub)->Tick().ok());
    EXPECT_EQ((*hub)->stats().version, round);
  }
  return PooledLoss((*hub)->weights(), pooled, spec.cols(), spec.bias_row());
}

// The nodes here train without SCAFFOLD's correction (a Learner applies it; these steps are
// TrainLocal's alone), so the hub runs the aggregation that needs none: FedAvgM with remembered
// updates and row averages, the defaults before SCAFFOLD and what a hub with workers runs.
TEST(HubConvergenceTest, RememberedUpdatesAndRowAveragesApproachTheCentralModelWherePlainFedAvgDoesNot) {
  AggregateOptions a;
  a.scaffold = false;
  a.remember_updates = a.row_average = true;
  a.server_lr = 1.f;
  a.average_last = 0;
  double central = 0;
  const double fedavgm = FleetLoss(a, &central);
  const double fedavg = FleetLoss(AggregateOptions::FedAvg(), &central);
  // Measured: central 0.008, FedAvgM with both 0.013, FedAvg 0.095 nats.
  EXPECT_LT(fedavgm - central, 0.5 * (fedavg - central))
      << "central " << central << ", FedAvgM " << fedavgm << ", FedAvg " << fedavg;
}

// A node's learner against the hub's own messages: it trains when chosen, and the hub takes
// its update; a global version signed by anyone but the hub is refused.
TEST_F(HubTest, ALearnerAnswersTheRoundAndRefusesForgedVersions) {
  Make(1);
  Result<std::unique_ptr<Learner>> l = FourLineLearnerN1();
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  Message forged;
  forged.type = MessageType::kGlobal;
  forged.id = 1;
  forged.base_version = 7;
  forged.model_kind = ModelKind::kTextLinear;
  forged.sender = "hub";
  forged.matrix = QuantizeRows(65, 2, 32, {}, {});
  const SignedMessage f = std::move(EncodeMessage(forged, Key(55))).value();
  EXPECT_THAT((*l)->Receive(SplitIntoChunks(f.bytes(), f.id())[0], false).message(),
              HasSubstr("signature does not verify"));
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(**l));
  Result<std::vector<SignedMessage>> out = (*l)->Work();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].type(), MessageType::kUpdate);
  for (const auto& c : SplitIntoChunks((*out)[0].bytes(), (*out)[0].id())) {
    ASSERT_TRUE(hub_->Receive("n1", c, false).ok());
  }
  EXPECT_EQ(Tick(), 2u);
  EXPECT_EQ(hub_->stats().version, 1u);
  EXPECT_EQ((*l)->Work()->size(), 0u);  // nothing new until the next round reaches it
}

// A learner names the round that closed with the version it holds, not the round announced
// since: the version and the next announcement often arrive together, and a node's deployed
// version is stored with that round (cli/serve_fed.h).
TEST_F(HubTest, ALearnerNamesTheRoundThatMadeItsVersion) {
  Make(1);
  Result<std::unique_ptr<Learner>> l = FourLineLearnerN1();
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(**l));
  EXPECT_EQ((*l)->stats().version_round, 0u);  // the initial model
  Result<std::vector<SignedMessage>> out = (*l)->Work();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 1u);
  for (const auto& c : SplitIntoChunks((*out)[0].bytes(), (*out)[0].id())) {
    ASSERT_TRUE(hub_->Receive("n1", c, false).ok());
  }
  Result<std::vector<SignedMessage>> closed = hub_->Tick();  // version 1, then round 2
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(closed->size(), 2u);
  for (const SignedMessage& m : *closed) {
    for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
      ASSERT_TRUE((*l)->Receive(c, m.type() == MessageType::kRound).ok());
    }
  }
  ASSERT_TRUE((*l)->Work().ok());
  EXPECT_EQ((*l)->stats().served_version, 1u);
  EXPECT_EQ((*l)->stats().version_round, 1u);
  ASSERT_TRUE((*l)->plan().has_value());
  EXPECT_EQ((*l)->plan()->round, 2u);
}

// The held-out share is the fraction of the local data up to the cap, drawn by the seed, and
// every example is in exactly one of the two shares.
TEST(SplitHeldoutTest, HoldsOutTheFractionUpToTheCap) {
  std::vector<learn::LabelledText> data;
  for (int i = 0; i < 100; ++i) data.push_back({i % 2 ? "a" : "b", "line " + std::to_string(i)});
  LearnerOptions lo;
  lo.heldout_fraction = 0.1;
  lo.heldout_max = 0;  // no cap: 10% of 100
  HeldoutSplit split = SplitHeldout(data, lo);
  EXPECT_EQ(split.heldout.size(), 10u);
  EXPECT_EQ(split.train.size(), 90u);
  lo.heldout_max = 4;  // the cap under 10%
  split = SplitHeldout(data, lo);
  ASSERT_EQ(split.heldout.size(), 4u);
  EXPECT_EQ(split.train.size(), 96u);
  std::vector<std::string> seen;
  for (const auto* share : {&split.heldout, &split.train}) {
    for (const auto& t : *share) seen.push_back(t.text);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size(), 100u);
  lo.heldout_max = 50;  // a cap over 10% changes nothing
  const HeldoutSplit seed1 = SplitHeldout(data, lo);
  EXPECT_EQ(seed1.heldout.size(), 10u);
  lo.seed = 2;  // another seed holds out other lines
  const HeldoutSplit seed2 = SplitHeldout(data, lo);
  auto texts = [](const std::vector<learn::LabelledText>& v) {
    std::vector<std::string> out;
    for (const auto& t : v) out.push_back(t.text);
    return out;
  };
  EXPECT_NE(texts(seed1.heldout), texts(seed2.heldout));
}

// With the held-out share capped, a node still refuses a version worse on it than the one it
// serves, and deploys the next one that is not.
TEST_F(HubTest, ALearnerWithACappedHeldOutShareRefusesAWorseVersion) {
  Make(1);
  LearnerOptions lo;
  lo.heldout_fraction = 0.5;
  lo.heldout_max = 5;
  std::vector<learn::LabelledText> data;
  for (int i = 0; i < 40; ++i) data.push_back({"a", "rain on road " + std::to_string(i)});
  Result<std::unique_ptr<Learner>> l = LearnerN1(lo, data);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  Learner& learner = **l;
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(learner));
  // Version `v` from the hub: only the bias row (64), label a's and b's biases.
  auto version = [&](uint32_t v, float a, float b) {
    Message m = NewMessage(MessageType::kGlobal, "hub", 0, 1, v);
    m.model_kind = ModelKind::kTextLinear;
    m.matrix = QuantizeRows(65, 2, 32, {64}, {a, b});
    const SignedMessage s = std::move(EncodeMessage(m, Key(100))).value();
    for (const auto& c : SplitIntoChunks(s.bytes(), s.id())) ASSERT_TRUE(learner.Receive(c, false).ok());
    ASSERT_TRUE(learner.Work().ok());
  };
  version(1, 1.f, 0.f);  // every local line is a: right on all of them
  EXPECT_EQ(learner.stats().served_version, 1u);
  EXPECT_EQ(learner.stats().heldout_examples, 5u);  // the cap, not half of 40
  EXPECT_DOUBLE_EQ(learner.stats().last_heldout_accuracy, 1.0);
  version(2, 0.f, 1.f);  // wrong on all of them: refused
  EXPECT_EQ(learner.stats().served_version, 1u);
  EXPECT_EQ(learner.stats().versions_refused, 1);
  EXPECT_DOUBLE_EQ(learner.stats().last_heldout_accuracy, 0.0);
  EXPECT_FLOAT_EQ(learner.served_weights()[64 * 2], 1.f);
  version(3, 2.f, 0.f);  // as good as the served one: deployed
  EXPECT_EQ(learner.stats().served_version, 3u);
  EXPECT_EQ(learner.stats().versions_refused, 1);
}

TEST_F(HubTest, TheServerStepDecaysWithTheRoundsWhenAsked) {
  HubOptions o = PlainFedAvg();
  o.max_rounds = 4;
  o.aggregate.decay_server_lr = true;
  Make(1, o);
  // Round r's step is server_lr x max(0.1, 1 - (r - 1) / 4): 1, then 0.75, then 0.5.
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);
  ASSERT_TRUE(Send(1, Update(1, 2, 1, 1, {1.f, 0.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.75f);
  ASSERT_TRUE(Send(1, Update(1, 3, 2, 1, {1.f, 0.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 2.25f);
}

// Hand-computed (beta1 0.9, beta2 0.99, tau 1e-3, no bias correction): after a delta d from
// zero moments, m = 0.1 d and v = 0.01 d^2, so the step is 0.1 d / (0.1 |d| + 1e-3).
TEST(ServerStepTest, AdaptiveStepsMatchHandComputedMoments) {
  using Opt = AggregateOptions::ServerOptimizer;
  struct Case {
    Opt opt;
    float first0, first1, second0, second1;
  };
  // Second delta [0.1, 0]: Adam v = 0.99 x 1e-4 + 1e-4; Yogi v = 1e-4 + 0.01 x 0.01 (v < d^2)
  // and 4e-4 unchanged where the delta is 0 (v > 0 = d^2 moves it by 0); Adagrad v sums d^2.
  const Case cases[] = {
      {Opt::kAdam, 0.909091f, -0.952381f, 1.257717f, -0.861254f},
      {Opt::kYogi, 0.909091f, -0.952381f, 1.254777f, -0.857143f},
      {Opt::kAdagrad, 0.099010f, -0.099502f, 0.133407f, -0.089552f},
  };
  for (const Case& c : cases) {
    AggregateOptions a;
    a.server_optimizer = c.opt;
    std::vector<float> m(3, 0.f), v(3, 0.f);
    std::vector<float> step = {0.1f, -0.2f, 0.f};
    ServerStep(a, &step, &m, &v);
    EXPECT_NEAR(step[0], c.first0, 1e-5);
    EXPECT_NEAR(step[1], c.first1, 1e-5);
    EXPECT_EQ(step[2], 0.f);  // a weight no update moved stays
    step = {0.1f, 0.f, 0.f};
    ServerStep(a, &step, &m, &v);
    EXPECT_NEAR(step[0], c.second0, 1e-5);
    EXPECT_NEAR(step[1], c.second1, 1e-5);  // momentum carries the earlier delta on
    EXPECT_EQ(step[2], 0.f);
  }
}

TEST_F(HubTest, AdamStepsOnTheRememberedUpdateOfANodeThatDroppedOut) {
  HubOptions o = PlainFedAvg();
  o.aggregate.remember_updates = true;
  o.aggregate.server_optimizer = AggregateOptions::ServerOptimizer::kAdam;
  o.aggregate.server_lr = 0.1f;
  Make(2, o);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 1, {0.f, 1.f})).ok());
  EXPECT_EQ(Tick(), 2u);
  // Average [0.5, 0.5]: 0.1 x 0.05 / (0.05 + 1e-3) on both labels.
  EXPECT_NEAR(W(0, 0), 0.0980392f, 1e-6);
  EXPECT_NEAR(W(0, 1), 0.0980392f, 1e-6);
  // n2 drops out of round 2: its round 1 update stands in, one version stale (weight 1 /
  // sqrt 2), beside n1's [2, 0]: average [2, 1 / sqrt 2] / (1 + 1 / sqrt 2) = [1.1716,
  // 0.4142]; m = 0.9 x 0.05 + 0.1 x that, v = 0.99 x 0.0025 + 0.01 x its square.
  ASSERT_TRUE(Send(1, Update(1, 2, 1, 1, {2.f, 0.f})).ok());
  EXPECT_EQ(Tick(), 0u);  // waits for n2 until the deadline
  clock_.AdvanceMs(1000);
  EXPECT_EQ(Tick(), 2u);
  EXPECT_NEAR(W(0, 0), 0.2244456f, 1e-6);
  EXPECT_NEAR(W(0, 1), 0.2295069f, 1e-6);
}

TEST_F(HubTest, TheLastRoundPublishesTheMeanOfTheLastVersions) {
  HubOptions o = PlainFedAvg();
  o.max_rounds = 3;
  o.aggregate.average_last = 2;
  Make(1, o);
  for (uint32_t round = 1; round <= 3; ++round) {
    ASSERT_TRUE(Send(1, Update(1, round, round - 1, 1, {1.f, 0.f})).ok());
    EXPECT_EQ(Tick(), round < 3 ? 2u : 1u);
    // Versions 1 and 2 as stepped; version 3 (the last round's) the mean of 2 and 3.
    EXPECT_FLOAT_EQ(W(0, 0), round < 3 ? static_cast<float>(round) : 2.5f);
  }
  EXPECT_TRUE(hub_->stats().finished);
}

// A learner answers an announcement once: the same one again (a retained message redelivered)
// is not answered twice, but the same round announced again by a hub that restarted (Resume;
// a later deadline) is, since the update the stopped hub took is gone with it.
TEST_F(HubTest, ALearnerAnswersARoundAgainOnlyWhenAResumedHubAnnouncesItAgain) {
  Make(1);
  Result<std::unique_ptr<Learner>> l = FourLineLearnerN1();
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(**l));
  ASSERT_EQ((*l)->Work()->size(), 1u);
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(**l));
  EXPECT_EQ((*l)->Work()->size(), 0u);

  Result<std::string> file = ExportVersionFile(*hub_);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<VersionFile> from = ReadRetainedVersion(*file, "hub", Key(100).public_key(), "retained");
  ASSERT_TRUE(from.ok()) << from.status().ToString();
  clock_.AdvanceMs(100);
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubOptions o = PlainFedAvg();
  o.clock = &clock_;
  o.round_timeout_ms = 1000;
  std::unique_ptr<Hub> again =
      std::move(Hub::Create(o, hub_->spec(), {}, {}, std::move(e), Key(100))).value();
  Result<std::vector<SignedMessage>> announced = again->Resume(*from);
  ASSERT_TRUE(announced.ok()) << announced.status().ToString();
  ASSERT_EQ(announced->size(), 1u);
  for (const auto& c : SplitIntoChunks((*announced)[0].bytes(), (*announced)[0].id())) {
    ASSERT_TRUE((*l)->Receive(c, true).ok());
  }
  Result<std::vector<SignedMessage>> out = (*l)->Work();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].type(), MessageType::kUpdate);
  for (const auto& c : SplitIntoChunks((*out)[0].bytes(), (*out)[0].id())) {
    ASSERT_TRUE(again->Receive("n1", c, false).ok());
  }
}

// A hub started again from the version and round its predecessor published (as the broker
// retains them) holds that version's weights, announces that round again, takes the updates
// answering it, and ends the run at the same round number although it closed fewer rounds
// itself. A run already past its last round stays over; another model is refused.
TEST_F(HubTest, AResumedHubCarriesOnAndEndsTheRunWhereTheFirstWould) {
  HubOptions o = PlainFedAvg();
  o.max_rounds = 4;
  Make(1, o);
  for (uint32_t round = 1; round <= 2; ++round) {
    ASSERT_TRUE(Send(1, Update(1, round, round - 1, 1, {1.f, 0.f})).ok());
    ASSERT_EQ(Tick(), 2u);
  }
  Result<std::string> file = ExportVersionFile(*hub_);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<VersionFile> from = ReadRetainedVersion(*file, "hub", Key(100).public_key(), "retained");
  ASSERT_TRUE(from.ok()) << from.status().ToString();
  EXPECT_EQ(from->version, 2u);
  EXPECT_EQ(from->plan.round, 3u);

  auto another = [&](const TextModelSpec& spec) {
    Enrolment e;
    EXPECT_TRUE(e.Add("n1", Key(1).public_key()).ok());
    HubOptions again = o;
    again.clock = &clock_;
    again.global_value_bits = 32;
    return std::move(Hub::Create(again, spec, {}, {}, std::move(e), Key(100))).value();
  };
  std::unique_ptr<Hub> first = std::move(hub_);
  hub_ = another(first->spec());
  Result<std::vector<SignedMessage>> announced = hub_->Resume(*from);
  ASSERT_TRUE(announced.ok()) << announced.status().ToString();
  ASSERT_EQ(announced->size(), 1u);
  EXPECT_EQ((*announced)[0].type(), MessageType::kRound);
  EXPECT_EQ(hub_->stats().version, 2u);
  EXPECT_EQ(hub_->stats().round, 3u);
  EXPECT_EQ(hub_->weights(), first->weights());
  EXPECT_FLOAT_EQ(W(0, 0), 2.f);
  ASSERT_TRUE(Send(1, Update(1, 3, 2, 1, {1.f, 0.f})).ok());
  ASSERT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 3.f);
  ASSERT_TRUE(Send(1, Update(1, 4, 3, 1, {1.f, 0.f})).ok());
  ASSERT_EQ(Tick(), 1u);  // the last round: a version, no announcement
  EXPECT_TRUE(hub_->stats().finished);
  EXPECT_EQ(hub_->stats().version, 4u);

  // What the broker retains now: version 4 and round 4's announcement, which trained from 3. A
  // node's file refuses it; the hub reads it as round 5 from version 4, past the last round.
  const std::string past =
      EncodeTransferFile({*hub_->latest_global(), *hub_->latest_round()});
  EXPECT_EQ(ReadVersionFile(past, "hub", Key(100).public_key(), false, 0, "past").status().code(),
            StatusCode::kFailedPrecondition);
  Result<VersionFile> over = ReadRetainedVersion(past, "hub", Key(100).public_key(), "past");
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  EXPECT_EQ(over->version, 4u);
  EXPECT_EQ(over->plan.round, 5u);
  hub_ = another(first->spec());
  announced = hub_->Resume(*over);
  ASSERT_TRUE(announced.ok()) << announced.status().ToString();
  EXPECT_TRUE(announced->empty());
  EXPECT_TRUE(hub_->stats().finished);

  hub_ = another(MakeTextModelSpec(64, {"a", "b", "c"}));
  announced = hub_->Resume(*from);
  ASSERT_FALSE(announced.ok());
  EXPECT_THAT(announced.status().message(), ::testing::HasSubstr("is of another model"));
}

TEST(HubCreateTest, RefusesServerBetasOutOfRange) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubOptions o;
  o.aggregate.server_beta2 = 1.f;
  EXPECT_FALSE(Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100)).ok());
  o.aggregate.server_beta2 = 0.99f;
  o.aggregate.server_tau = 0.f;
  EXPECT_FALSE(Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100)).ok());
}

// A coordinator of workers w1, w2 (docs/formats/update.md "Partial sums").
TEST_F(HubTest, ACoordinatorCombinesTheLatestPartialSumOfEachWorker) {
  HubOptions o = PlainFedAvg();
  o.workers = {"w2", "w1"};
  o.straggler_wait = 0;
  Make(3, o);
  // Partial sum of `updates` updates, `examples` examples, row 0 = values, signed by `key`.
  auto partial = [](const std::string& worker, uint32_t round, uint32_t updates, uint64_t examples,
                    std::vector<float> values, char key) {
    Message m = NewMessage(MessageType::kPartial, worker, 0, round, round - 1);
    m.model_kind = ModelKind::kTextLinear;
    m.example_count = examples;
    m.updates = updates;
    m.matrix = QuantizeRows(65, 2, 32, {0}, values);
    const SignedMessage s = std::move(EncodeMessage(m, Key(key))).value();
    return SplitIntoChunks(s.bytes(), s.id());
  };
  auto send = [&](const std::string& from, const std::vector<std::string>& chunks) {
    Status last;
    for (const auto& c : chunks) last = hub_->Receive(from, c, false);
    return last;
  };
  // An enrolled node signing a partial sum with its own key is not a worker.
  EXPECT_FALSE(send("n1", partial("n1", 1, 3, 30, {9.f, 9.f}, 1)).ok());
  EXPECT_EQ(Rejected(Reason::kUnknownSender), 1);
  // A partial sum signed by another key than the hub's: forged.
  EXPECT_FALSE(send("w1", partial("w1", 1, 1, 10, {9.f, 9.f}, 55)).ok());
  EXPECT_EQ(Rejected(Reason::kForged), 1);
  // w1: one update (2 examples, delta [1, 1]), then two (2 + 2 examples); w2: one (4 examples,
  // delta [0, 2]). 2 of 3 updates: no quorum yet (all 3 chosen nodes).
  ASSERT_TRUE(send("w1", partial("w1", 1, 1, 2, {2.f, 2.f}, 100)).ok());
  ASSERT_TRUE(send("w2", partial("w2", 1, 1, 4, {0.f, 8.f}, 100)).ok());
  EXPECT_EQ(Tick(), 0u);
  const auto second = partial("w1", 1, 2, 4, {2.f, 6.f}, 100);  // the first plus [0, 2] x 2
  ASSERT_TRUE(send("w1", second).ok());
  ASSERT_TRUE(send("w1", partial("w1", 1, 1, 2, {2.f, 2.f}, 100)).ok());  // older: ignored
  EXPECT_EQ(Tick(), 2u);  // 3 of 3 updates
  // w1's latest [2, 6] plus w2's [0, 8], over 4 + 4 examples.
  EXPECT_FLOAT_EQ(W(0, 0), 2.f / 8);
  EXPECT_FLOAT_EQ(W(0, 1), 14.f / 8);
  EXPECT_EQ(hub_->stats().last_round_updates, 3u);
  EXPECT_EQ(hub_->stats().last_round_examples, 8u);
  // A partial sum for the closed round 1.
  EXPECT_FALSE(send("w2", partial("w2", 1, 2, 5, {1.f, 1.f}, 100)).ok());
  EXPECT_EQ(Rejected(Reason::kStaleRound), 1);
}

// SCAFFOLD on the wire, by hand: 2 nodes, 1 example each, 2 epochs at lr 0.5 (steps x lr = 1).
// Round 1: n1 sends g = [1, 0] on row 0, n2 g = [0, 2]; the hub derives c_1 = -g = [-1, 0],
// c_2 = [0, -2] and publishes c = [-0.5, -1] with version 1 = [0.5, 1]. Round 2: n1 alone
// sends g = [2, 2] on row 1; the hub adds its correction share -(c - c_1) = -[0.5, -1] on
// row 0 (a row n1 did not send): version 2 = [0.5, 1] + [-0.5, 1] = [0, 2] on row 0, [2, 2] on
// row 1; c_1 becomes [-2, -2] on row 1 alone, so c = [0, -1] on row 0, [-1, -1] on row 1.
//
// The same with n1 restarted before round 2, so that it lost its c_i: its update says it
// trained with c_i = 0 (Message::without_control), and the hub adds the correction share
// -(c - 0) = [0.5, 1] on row 0 instead: version 2 is [1, 2] there; c_1 is derived as before.
TEST_F(HubTest, ScaffoldDerivesEachNodesControlAndAddsItsCorrectionShare) {
  for (const bool without : {false, true}) {
    SCOPED_TRACE(without ? "n1 trained without its c_i" : "n1 trained with its c_i");
    HubOptions o = PlainFedAvg();
    o.aggregate.scaffold = true;
    LocalTrainOptions train;
    train.epochs = 2;
    train.lr = 0.5f;
    Make(2, o, train);
    ASSERT_TRUE(Send(1, RowUpdate(1, 1, 0, 0, {1.f, 0.f})).ok());
    ASSERT_TRUE(Send(2, RowUpdate(2, 1, 0, 0, {0.f, 2.f})).ok());
    EXPECT_EQ(Tick(), 2u);
    EXPECT_FLOAT_EQ(W(0, 0), 0.5f);
    EXPECT_FLOAT_EQ(W(0, 1), 1.f);
    SparseMatrix c = LatestControl();
    ASSERT_EQ(c.index, (std::vector<uint32_t>{0}));
    EXPECT_FLOAT_EQ(c.Value(0, 0), -0.5f);
    EXPECT_FLOAT_EQ(c.Value(0, 1), -1.f);
    ASSERT_TRUE(Send(1, RowUpdate(1, 2, 1, 1, {2.f, 2.f}, without)).ok());
    clock_.AdvanceMs(1000);  // n2 away: the deadline
    EXPECT_EQ(Tick(), 2u);
    EXPECT_FLOAT_EQ(W(0, 0), without ? 1.f : 0.f);
    EXPECT_FLOAT_EQ(W(0, 1), 2.f);
    EXPECT_FLOAT_EQ(W(1, 0), 2.f);
    EXPECT_FLOAT_EQ(W(1, 1), 2.f);
    c = LatestControl();
    ASSERT_EQ(c.index, (std::vector<uint32_t>{0, 1}));
    EXPECT_FLOAT_EQ(c.Value(0, 0), 0.f);
    EXPECT_FLOAT_EQ(c.Value(0, 1), -1.f);
    EXPECT_FLOAT_EQ(c.Value(1, 0), -1.f);
    EXPECT_FLOAT_EQ(c.Value(1, 1), -1.f);
  }
}

// SCAFFOLD with a late update (max_staleness 1), by hand: 2 nodes, 1 example each, 2 epochs at
// lr 0.5 (steps x lr = 1). Round 1: n1 alone sends g = [1, 0] on row 0: version 1 = [1, 0],
// c_1 = [-1, 0], c = [-0.5, 0]. Round 2: n2's update for round 1 (base version 0) arrives, g =
// [0, 2]: its correction share is taken with the c of version 0 (none), not version 1's, so
// version 2 = [1, 0] + [0, 2] = [1, 2] (with version 1's c it would be [1.5, 2]); c_2 = [0, -2],
// so c = [-0.5, -1].
TEST_F(HubTest, ScaffoldTakesALateUpdateWithTheControlOfItsBaseVersion) {
  HubOptions o = PlainFedAvg();
  o.aggregate.scaffold = true;
  o.max_staleness = 1;
  LocalTrainOptions train;
  train.epochs = 2;
  train.lr = 0.5f;
  Make(2, o, train);
  ASSERT_TRUE(Send(1, Update(1, 1, 0, 1, {1.f, 0.f})).ok());
  clock_.AdvanceMs(1000);  // n2 late: the deadline
  ASSERT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);
  ASSERT_TRUE(Send(2, Update(2, 1, 0, 1, {0.f, 2.f})).ok());
  clock_.AdvanceMs(1000);
  ASSERT_EQ(Tick(), 2u);
  EXPECT_FLOAT_EQ(W(0, 0), 1.f);
  EXPECT_FLOAT_EQ(W(0, 1), 2.f);
  const SparseMatrix c = LatestControl();
  ASSERT_EQ(c.index, (std::vector<uint32_t>{0}));
  EXPECT_FLOAT_EQ(c.Value(0, 0), -0.5f);
  EXPECT_FLOAT_EQ(c.Value(0, 1), -1.f);
}

TEST(HubCreateTest, ScaffoldRefusesRememberedUpdatesAndRowAverages) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubOptions o;  // the defaults: SCAFFOLD, neither remembered updates nor row averages
  ASSERT_TRUE(o.aggregate.scaffold);
  EXPECT_TRUE(Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100)).ok());
  for (bool* option : {&o.aggregate.remember_updates, &o.aggregate.row_average}) {
    *option = true;
    Result<std::unique_ptr<Hub>> h = Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100));
    ASSERT_FALSE(h.ok());
    EXPECT_THAT(h.status().message(), HasSubstr("SCAFFOLD"));
    *option = false;
  }
}

// Workers' partial sums carry no c_i: with workers the defaults' SCAFFOLD gives way to FedAvgM at
// server lr 1, and the announced rounds say so.
TEST(HubCreateTest, WithWorkersTheDefaultsFallBackToFedAvgM) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubOptions o;
  o.workers = {"w1"};
  std::vector<std::string> log;
  o.log = [&log](const std::string& line) { log.push_back(line); };
  Result<std::unique_ptr<Hub>> h = Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_TRUE((*h)->Start().ok());
  EXPECT_FALSE((*h)->open_round().scaffold);
  EXPECT_THAT(log, ::testing::Contains(HasSubstr("SCAFFOLD off, FedAvgM at server lr 1")));
}

// A learner under SCAFFOLD holds the c_i the hub derives from its update (the hub's c of a
// one-node fleet is that node's c_i), before and after it trains with a correction; after an
// update of its that never reached the hub, the next round tells it to train with the c_i the
// hub still holds.
TEST_F(HubTest, ScaffoldLearnerHoldsTheControlTheHubDerives) {
  HubOptions o = PlainFedAvg();
  o.aggregate.scaffold = true;
  Make(1, o);
  Result<std::unique_ptr<Learner>> l = FourLineLearnerN1();
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ASSERT_NO_FATAL_FAILURE(ReceiveStart(**l));
  for (int round = 1; round <= 2; ++round) {
    Result<std::vector<SignedMessage>> out = (*l)->Work();
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_FALSE(out->empty());
    const SignedMessage& u = out->back();
    ASSERT_EQ(u.type(), MessageType::kUpdate);
    for (const auto& c : SplitIntoChunks(u.bytes(), u.id())) ASSERT_TRUE(hub_->Receive("n1", c, false).ok());
    Result<std::vector<SignedMessage>> next = hub_->Tick();
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->size(), 2u);
    for (const SignedMessage& m : *next) {
      for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
        ASSERT_TRUE((*l)->Receive(c, m.type() == MessageType::kRound).ok());
      }
    }
    // The learner's c_i against the c it received: one node, so c = c_i.
    const ControlRows& ci = (*l)->control();
    const std::vector<float>& c = (*l)->fleet_control();
    ASSERT_FALSE(ci.index.empty());
    ASSERT_EQ(c.size(), size_t{65} * 2);
    std::vector<float> dense(c.size(), 0.f);
    for (size_t i = 0; i < ci.index.size(); ++i) {
      for (uint32_t col = 0; col < 2; ++col) dense[ci.index[i] * 2 + col] = ci.values[i * 2 + col];
    }
    for (size_t j = 0; j < c.size(); ++j) EXPECT_FLOAT_EQ(c[j], dense[j]) << "round " << round << " cell " << j;
  }
  EXPECT_EQ(hub_->open_round().control_rounds, (std::map<std::string, uint32_t>{{"n1", 2}}));
  // Round 3's update is lost; the round closes empty at its deadline.
  Result<std::vector<SignedMessage>> lost = (*l)->Work();
  ASSERT_TRUE(lost.ok());
  ASSERT_EQ(lost->back().type(), MessageType::kUpdate);
  clock_.AdvanceMs(1000);
  Result<std::vector<SignedMessage>> next = hub_->Tick();
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 1u);  // round 4's announcement, no version
  EXPECT_EQ(hub_->open_round().control_rounds, (std::map<std::string, uint32_t>{{"n1", 2}}));
  // n1 restarts: it holds no c_i, so its update says it trained without the one round 4 names,
  // and the hub, taking it, holds the c_i derived from it.
  Result<std::unique_ptr<Learner>> restarted = FourLineLearnerN1();
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  for (const SignedMessage* m : {hub_->latest_global(), hub_->latest_round()}) {
    ASSERT_NE(m, nullptr);
    for (const auto& c : SplitIntoChunks(m->bytes(), m->id())) {
      ASSERT_TRUE((*restarted)->Receive(c, m->type() == MessageType::kRound).ok());
    }
  }
  EXPECT_TRUE((*restarted)->control().index.empty());
  Result<std::vector<SignedMessage>> out = (*restarted)->Work();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_FALSE(out->empty());
  const SignedMessage& u = out->back();
  ASSERT_EQ(u.type(), MessageType::kUpdate);
  Result<MessageHeader> h = ParseMessageHeader(u.bytes(), "u");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->without_control);
  for (const auto& c : SplitIntoChunks(u.bytes(), u.id())) ASSERT_TRUE(hub_->Receive("n1", c, false).ok());
  next = hub_->Tick();
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 2u);
  EXPECT_EQ(hub_->open_round().control_rounds, (std::map<std::string, uint32_t>{{"n1", 4}}));
  for (float w : hub_->weights()) ASSERT_TRUE(std::isfinite(w));
}

}  // namespace
}  // namespace loka::fed
