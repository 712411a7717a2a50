// The air-gapped path through a real broker (mosquitto on loopback), as `loka fed
// export-version` and `import-update` use it: the version file is fetched from the hub's
// retained messages, the update file is published for the node and the hub aggregates it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../sense/mqtt_broker.h"
#include "fed/hub_service.h"
#include "fed/transfer.h"

namespace loka::fed {
namespace {

using ::testing::HasSubstr;
using loka::testing::WaitFor;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

class TransferMqttTest : public loka::testing::BrokerTest {};

TEST_F(TransferMqttTest, AVersionFileFromTheBrokerAndAnUpdateFileBackMakeTheNextVersion) {
  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubServiceOptions o;
  o.hub.fleet = "t";
  o.link.fleet = "t";
  o.link.mqtt = Mqtt("hub");
  o.tick_ms = 50;
  const TextModelSpec spec = MakeTextModelSpec(256, {"a", "b"});
  Result<std::unique_ptr<HubService>> hub = HubService::Start(o, spec, {}, {}, e, Key(100));
  ASSERT_TRUE(hub.ok()) << hub.status().ToString();

  LinkOptions l;
  l.fleet = "t";
  l.mqtt = Mqtt("");
  l.mqtt.clean_session = true;
  Result<std::string> file = FetchVersionFile(l, "hub", Key(100).public_key(), 15000);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  // Fetched with another hub's key: refused, not exported.
  Result<std::string> other = FetchVersionFile(l, "hub", Key(55).public_key(), 15000);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("(forged)"));
  EXPECT_THAT(other.status().message(), HasSubstr("the retained version of fleet t on broker 127.0.0.1:"));

  LearnerOptions lo;
  lo.node_id = "n1";
  lo.heldout_fraction = 0;
  Result<std::unique_ptr<Learner>> learner = Learner::Create(
      lo, Key(1), Key(100).public_key(),
      {{"a", "rain on the road"}, {"b", "no water today"}, {"a", "road flooded"}, {"b", "pipe burst"}});
  ASSERT_TRUE(learner.ok());
  ASSERT_TRUE(ImportVersionFile(**learner, *file, "v.lokafed").ok());
  Result<std::vector<SignedMessage>> out = (*learner)->Work();
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 1u);
  const std::string update = EncodeTransferFile(*out);

  // Signed by a key that is not n1's: refused before anything is published.
  Message forged = NewMessage(MessageType::kUpdate, "n1", 0, 1, 0);
  forged.model_kind = ModelKind::kTextLinear;
  forged.example_count = 1;
  forged.matrix = QuantizeRows(spec.rows(), spec.cols(), 8, {0}, {1.f, -1.f});
  Result<size_t> refused =
      PublishUpdateFile(l, EncodeTransferFile({std::move(EncodeMessage(forged, Key(9))).value()}), e, 15000, "f.lokafed");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("(forged)"));

  Result<size_t> sent = PublishUpdateFile(l, update, e, 15000, "u.lokafed");
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(*sent, 1u);
  ASSERT_TRUE(WaitFor([&] { return (*hub)->stats().version >= 1; }));
  EXPECT_EQ((*hub)->stats().last_round_updates, 1u);
  EXPECT_EQ((*hub)->stats().updates_accepted, 1);  // the forged one never reached it
}

}  // namespace
}  // namespace loka::fed
