// The air-gapped path through a real broker (mosquitto on loopback), as `loka fed
// export-version` and `import-update` use it: the version file is fetched from the hub's
// retained messages, the update file is published for the node and the hub aggregates it; an
// update file its fleet's hub could not count (its round closed, another fleet) is not published.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

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

  // The same file again, now that its round has closed: refused before it is published, as
  // the hub would refuse it (stale_round), where it was published and reported sent.
  Status stale;
  ASSERT_TRUE(WaitFor([&] {
    stale = PublishUpdateFile(l, update, e, 15000, "u.lokafed").status();
    return stale.message().find("has round 2 open") != std::string::npos;
  })) << stale.ToString();
  EXPECT_EQ(stale.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(stale.message(), HasSubstr("u.lokafed: an update for round 1, and the hub of fleet t on broker 127.0.0.1:"));
  EXPECT_THAT(stale.message(), HasSubstr("nothing published"));

  // For a fleet no hub runs on this broker (a misspelt --fleet): its updates would reach no
  // hub, and were reported sent.
  LinkOptions other_fleet = l;
  other_fleet.fleet = "tt";
  Result<size_t> nowhere = PublishUpdateFile(other_fleet, update, e, 1000, "u.lokafed");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(nowhere.status().message(),
              HasSubstr("u.lokafed: fleet tt on broker 127.0.0.1:"));
  EXPECT_THAT(nowhere.status().message(), HasSubstr("has no round announcement: no hub runs that fleet there"));
  EXPECT_EQ((*hub)->stats().updates_accepted, 1);
}

// Whether the broker holds a persistent session for `client_id`: the session-present flag of a
// CONNACK to a connection that keeps its session.
bool BrokerHoldsSession(int port, const std::string& client_id) {
  mosquitto_lib_init();
  struct Seen {
    std::atomic<int> flags{-1};
  } seen;
  mosquitto* m = mosquitto_new(client_id.c_str(), /*clean_session=*/false, &seen);
  mosquitto_connect_with_flags_callback_set(m, [](mosquitto*, void* obj, int rc, int flags) {
    static_cast<Seen*>(obj)->flags = rc == 0 ? flags : -2;
  });
  bool present = false;
  if (mosquitto_connect(m, "127.0.0.1", port, 30) == MOSQ_ERR_SUCCESS &&
      mosquitto_loop_start(m) == MOSQ_ERR_SUCCESS) {
    EXPECT_TRUE(WaitFor([&] { return seen.flags != -1; }));
    present = seen.flags > 0 && (seen.flags & 1) != 0;
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
  }
  mosquitto_destroy(m);
  return present;
}

// A look at the fleet's retained messages (export-version, import-update's round check) leaves
// no session behind, whatever session its link options ask for: a persistent one stayed on the
// broker, queueing every later version's chunks for a client that never came back.
TEST_F(TransferMqttTest, ALookAtTheRetainedVersionLeavesNoSessionOnTheBroker) {
  LinkOptions l;
  l.fleet = "t";
  l.mqtt = Mqtt("");  // the default client id, clean_session false
  Result<std::string> none = FetchVersionFile(l, "hub", Key(100).public_key(), 500);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound) << none.status().ToString();
  EXPECT_FALSE(BrokerHoldsSession(port_, DefaultClientId("loka-fed-", "export", "t")));
}

}  // namespace
}  // namespace loka::fed
