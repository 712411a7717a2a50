// Federation by file (docs/formats/transfer.md): an air-gapped node several versions behind
// catches up from one version file and answers the round with an update file; forged,
// truncated and stale files are refused with a reason.
#include "fed/transfer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace loka::fed {
namespace {

using ::testing::HasSubstr;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

std::vector<learn::LabelledText> Data(int node) {
  std::vector<learn::LabelledText> d;
  for (int i = 0; i < 6; ++i) {
    d.push_back({"a", "rain on the road " + std::to_string(node * 10 + i)});
    d.push_back({"b", "no water at the tap " + std::to_string(node * 10 + i)});
  }
  return d;
}

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Enrolment e;
    for (int i = 1; i <= 2; ++i) ASSERT_TRUE(e.Add("n" + std::to_string(i), Key(char(i)).public_key()).ok());
    HubOptions o;
    o.clock = &clock_;
    o.quorum_fraction = 0.5;  // one of the two nodes closes a round
    o.straggler_wait = 0;
    o.global_value_bits = 32;
    Result<std::unique_ptr<Hub>> h = Hub::Create(o, MakeTextModelSpec(64, {"a", "b"}), {}, {}, e, Key(100));
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hub_ = std::move(h).value();
    Result<std::vector<SignedMessage>> start = hub_->Start();
    ASSERT_TRUE(start.ok());
    for (int i = 1; i <= 2; ++i) {
      LearnerOptions lo;
      lo.node_id = "n" + std::to_string(i);
      lo.clock = &clock_;
      lo.heldout_fraction = 0;
      Result<std::unique_ptr<Learner>> l = Learner::Create(lo, Key(char(i)), Key(100).public_key(), Data(i));
      ASSERT_TRUE(l.ok()) << l.status().ToString();
      learners_.push_back(std::move(l).value());
      Give(i, *start);
    }
  }
  // The hub's messages to node i, as over MQTT.
  void Give(int i, const std::vector<SignedMessage>& messages) {
    for (const SignedMessage& m : messages) {
      for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
        ASSERT_TRUE(learners_[i - 1]->Receive(c, m.type() == MessageType::kRound).ok());
      }
    }
  }
  // Node i's update for the round it holds (its metric reports are left aside).
  std::optional<SignedMessage> UpdateOf(int i) {
    Result<std::vector<SignedMessage>> out = learners_[i - 1]->Work();
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    for (SignedMessage& m : *out) {
      if (m.type() == MessageType::kUpdate) return std::move(m);
    }
    return std::nullopt;
  }
  // One round answered by n1 over "MQTT"; the hub's new version and announcement go to n1 only.
  void OnlineRound() {
    std::optional<SignedMessage> u = UpdateOf(1);
    ASSERT_TRUE(u.has_value());
    for (const auto& c : SplitIntoChunks(u->bytes(), u->id())) ASSERT_TRUE(hub_->Receive("n1", c, false).ok());
    Result<std::vector<SignedMessage>> out = hub_->Tick();
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 2u);
    Give(1, *out);
  }

  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Hub> hub_;
  std::vector<std::unique_ptr<Learner>> learners_;
};

TEST_F(TransferTest, ANodeSeveralVersionsBehindCatchesUpFromOneFile) {
  OnlineRound();
  OnlineRound();
  Result<std::string> old = ExportVersionFile(*hub_);  // version 2
  ASSERT_TRUE(old.ok());
  OnlineRound();
  OnlineRound();
  ASSERT_EQ(hub_->stats().version, 4u);
  ASSERT_EQ(hub_->stats().round, 5u);
  Learner& away = *learners_[1];
  ASSERT_EQ(away.stats().version, 0u);  // n2 saw only the start

  Result<std::string> file = ExportVersionFile(*hub_);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE(ImportVersionFile(away, *file, "stick/version.lokafed").ok());
  EXPECT_EQ(away.stats().version, 4u);
  ASSERT_TRUE(away.plan().has_value());
  EXPECT_EQ(away.plan()->round, 5u);
  std::optional<SignedMessage> update = UpdateOf(2);
  ASSERT_TRUE(update.has_value()) << "n2 answers round 5 from version 4";
  EXPECT_EQ(away.served_weights(), hub_->weights());  // deployed: no held-out share to refuse it

  // Back at the hub: the update file counts as n2's update for round 5.
  const int64_t accepted = hub_->stats().updates_accepted;
  ASSERT_TRUE(ImportUpdateFile(*hub_, EncodeTransferFile({*update}), "stick/update.lokafed").ok());
  EXPECT_EQ(hub_->stats().updates_accepted, accepted + 1);
  ASSERT_TRUE(hub_->Tick().ok());
  EXPECT_EQ(hub_->stats().version, 5u);
  EXPECT_EQ(hub_->stats().last_round_updates, 1u);

  // An older file after a newer one: stale, and the node keeps version 4.
  const Status stale = ImportVersionFile(away, *old, "stick/old.lokafed");
  EXPECT_EQ(stale.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(stale.message(), HasSubstr("stick/old.lokafed: stale: it holds version 2"));
  EXPECT_EQ(away.stats().version, 4u);
  // The same update again: round 5 is closed.
  const Status closed = ImportUpdateFile(*hub_, EncodeTransferFile({*update}), "stick/update.lokafed");
  EXPECT_FALSE(closed.ok());
  EXPECT_GE(hub_->stats().rejected[static_cast<size_t>(Reason::kReplayed)] +
                hub_->stats().rejected[static_cast<size_t>(Reason::kStaleRound)],
            1);
}

// An update file that the hub would not take is not made, and the refusal says why: the round
// does not choose the node (an --id not on the enrolment list), or its deadline has passed.
TEST_F(TransferTest, NoUpdateFileForARoundTheNodeCannotAnswerAndTheReasonSaysWhy) {
  Result<std::string> file = ExportVersionFile(*hub_);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  LearnerOptions lo;
  lo.node_id = "n3";
  lo.clock = &clock_;
  lo.heldout_fraction = 0;
  Result<std::unique_ptr<Learner>> stranger = Learner::Create(lo, Key(3), Key(100).public_key(), Data(3));
  ASSERT_TRUE(stranger.ok()) << stranger.status().ToString();
  ASSERT_TRUE(ImportVersionFile(**stranger, *file, "v.lokafed").ok());
  Result<std::string> none = MakeUpdateFile(**stranger, "v.lokafed");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(none.status().message(),
              HasSubstr("v.lokafed: round 1 does not choose node n3 (it chooses 2: n1, n2;"));

  clock_.AdvanceMs(HubOptions().round_timeout_ms + 60'000);
  Result<std::string> late = MakeUpdateFile(*learners_[1], "v.lokafed");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().message(), HasSubstr("v.lokafed: the deadline of round 1 passed 60 s ago"));
}

// A version with the previous round's announcement (what a broker retains between rounds and
// after the last one) is refused with the reason, not taken for a model of another shape.
TEST_F(TransferTest, AVersionFileBetweenRoundsSaysSo) {
  OnlineRound();
  const SignedMessage round2 = *hub_->latest_round();  // round 2, trained from version 1
  OnlineRound();
  ASSERT_EQ(hub_->stats().version, 2u);
  const std::string file = EncodeTransferFile({*hub_->latest_global(), round2});
  Result<VersionFile> v =
      ReadVersionFile(file, "hub", Key(100).public_key(), false, 0, "v.lokafed");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(v.status().message(),
              HasSubstr("v.lokafed: the round announcement trains from version 1, not the file's "
                        "version 2: the fleet is between rounds or past its last round"));
}

TEST_F(TransferTest, ForgedTruncatedAndMisshapenFilesAreRefused) {
  OnlineRound();
  Result<std::string> file = ExportVersionFile(*hub_);
  ASSERT_TRUE(file.ok());
  Learner& away = *learners_[1];

  // The version file read without a learner, as `loka fed import-version` does.
  Result<VersionFile> v = ReadVersionFile(*file, "hub", Key(100).public_key(), false, 0, "v.lokafed");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 1u);
  EXPECT_EQ(v->plan.round, 2u);
  EXPECT_EQ(v->weights, hub_->weights());
  // Another hub's key: the signature does not verify.
  Result<VersionFile> other = ReadVersionFile(*file, "hub", Key(55).public_key(), false, 0, "v.lokafed");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("(forged)"));

  // One bit of a weight flipped: the hub's signature no longer covers the bytes.
  std::string forged = *file;
  forged[kTransferHeaderBytes + kMessageHeaderBytes + 3] ^= 0x10;
  const Status f = ImportVersionFile(away, forged, "forged.lokafed");
  EXPECT_FALSE(f.ok());
  EXPECT_THAT(f.message(), HasSubstr("forged.lokafed"));
  EXPECT_EQ(away.stats().version, 0u);

  // Cut short anywhere: refused before any message is read past the end.
  for (const size_t keep : {size_t{0}, size_t{10}, kTransferHeaderBytes + 100, file->size() - 1}) {
    const Status t = ImportVersionFile(away, file->substr(0, keep), "cut.lokafed");
    EXPECT_EQ(t.code(), StatusCode::kCorrupt) << keep;
    EXPECT_THAT(t.message(), HasSubstr("cut.lokafed: truncated or malformed")) << keep;
  }
  // A byte too many, and a count that does not match.
  EXPECT_EQ(ImportVersionFile(away, *file + "x", "long.lokafed").code(), StatusCode::kCorrupt);
  std::string miscounted = *file;
  miscounted[10] = 3;
  EXPECT_EQ(ImportVersionFile(away, miscounted, "count.lokafed").code(), StatusCode::kCorrupt);
  EXPECT_EQ(away.stats().version, 0u);

  // An update file signed by a key that is not n2's enrolled one, and one from an unknown node.
  Enrolment e;
  ASSERT_TRUE(e.Add("n2", Key(2).public_key()).ok());
  Message m = NewMessage(MessageType::kUpdate, "n2", 0, 2, 1);
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = 3;
  m.matrix = QuantizeRows(65, 2, 8, {0}, {0.5f, -0.5f});
  const SignedMessage by_other = std::move(EncodeMessage(m, Key(9))).value();
  Result<std::vector<CheckedUpdate>> checked = CheckUpdateFile(EncodeTransferFile({by_other}), e, "u.lokafed");
  ASSERT_FALSE(checked.ok());
  EXPECT_THAT(checked.status().message(), HasSubstr("(forged)"));
  const SignedMessage good = std::move(EncodeMessage(m, Key(2))).value();
  checked = CheckUpdateFile(EncodeTransferFile({good}), e, "u.lokafed");
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  ASSERT_EQ(checked->size(), 1u);
  EXPECT_EQ((*checked)[0].sender, "n2");
  m.sender = "n7";
  const SignedMessage stranger = std::move(EncodeMessage(m, Key(7))).value();
  checked = CheckUpdateFile(EncodeTransferFile({stranger}), e, "u.lokafed");
  ASSERT_FALSE(checked.ok());
  EXPECT_THAT(checked.status().message(), HasSubstr("(unknown_sender)"));

  // The two kinds of file mixed up: refused for their message types, not for their signer.
  checked = CheckUpdateFile(*file, e, "v.lokafed");
  ASSERT_FALSE(checked.ok());
  EXPECT_THAT(checked.status().message(), HasSubstr("v.lokafed: an update file holds model updates only"));
  Result<VersionFile> mixed =
      ReadVersionFile(EncodeTransferFile({good}), "hub", Key(100).public_key(), false, 0, "u.lokafed");
  ASSERT_FALSE(mixed.ok());
  EXPECT_THAT(mixed.status().message(),
              HasSubstr("u.lokafed: a version file holds one global version and one round announcement"));
}

}  // namespace
}  // namespace loka::fed
