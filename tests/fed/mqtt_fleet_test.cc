// Hub and nodes over Debian's mosquitto on loopback: rounds complete with a node that always
// drops out; hostile payloads published by a raw client are refused with a logged reason while
// the rounds go on; nothing but update and metric messages reaches the nodes' topics; every
// payload a node sends is on its egress ledger; a node that trained under SCAFFOLD and comes
// back after 10 rounds without its c_i trains from the latest version and says so. What a link
// hands its service before the service is ready waits, whole and in order (EarlyPayloads).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../sense/mqtt_broker.h"
#include "../store/temp_dir.h"
#include "fed/broker.h"
#include "fed/hub_service.h"
#include "fed/node_agent.h"
#include "fed/simulate.h"
#include "fed/topics.h"
#include "store/fed.h"

namespace loka::fed {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using loka::testing::Broker;
using loka::testing::kMosquitto;
using loka::testing::Publisher;
using loka::testing::Subscriber;
using loka::testing::WaitFor;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

// Three nodes' requests, label-skewed: n1 mostly roads, n2 mostly water, n3 both.
std::vector<learn::LabelledText> Data(int node) {
  const char* roads[] = {"the road to the market is flooded", "pothole on station road",
                         "bridge broken near the school", "road blocked by a fallen tree"};
  const char* water[] = {"no water in the taps since monday", "the water pipe burst",
                         "dirty water from the borehole", "water tank leaking again"};
  std::vector<learn::LabelledText> out;
  for (int i = 0; i < 8; ++i) {
    if (node != 2 || i % 4 == 0) out.push_back({"roads", std::string(roads[i % 4]) + " " + std::to_string(i)});
    if (node != 1 || i % 4 == 0) out.push_back({"water", std::string(water[i % 4]) + " " + std::to_string(i)});
  }
  return out;
}

class FleetTest : public loka::testing::BrokerTest {
 protected:
  // Hub for n1..n3; a round closes once 2 of 3 sent (n3 drops out of every round), or at
  // its deadline.
  // `quorum` 1: a round closes when all three sent or at its deadline on `clock`.
  void StartHub(int64_t round_timeout_ms = 5 * kMsPerMinute, const Clock* clock = &DefaultClock(),
                double quorum = 2.0 / 3) {
    Enrolment e;
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(e.Add("n" + std::to_string(i), Key(char(i)).public_key()).ok());
    HubServiceOptions o;
    o.hub.fleet = "t";
    o.hub.quorum_fraction = quorum;
    o.hub.clock = clock;
    o.hub.straggler_wait = 0;
    o.hub.round_timeout_ms = round_timeout_ms;
    o.hub.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(mu_);
      hub_log_.push_back(line);
    };
    o.link.fleet = "t";
    o.link.mqtt = Mqtt("hub");
    o.tick_ms = 50;
    o.resume_timeout_ms = resume_timeout_ms_;
    LocalTrainOptions train;
    train.epochs = 3;
    Result<std::unique_ptr<HubService>> h = HubService::Start(
        o, MakeTextModelSpec(1024, {"roads", "water"}), train, {}, std::move(e), Key(100));
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hub_ = std::move(h).value();
  }
  // n3 drops every update unless `drop_update` is given.
  void StartNode(int i, store::FedStore* st = nullptr, const Clock* clock = &DefaultClock(),
                 std::function<bool(uint32_t)> drop_update = nullptr) {
    NodeAgentOptions o;
    o.link.fleet = "t";
    o.link.mqtt = Mqtt("node-n" + std::to_string(i));
    o.learner.node_id = "n" + std::to_string(i);
    o.learner.heldout_fraction = 0.25;
    o.learner.clock = clock;
    o.store = st;
    o.drop_update = std::move(drop_update);
    if (i == 3 && !o.drop_update) o.drop_update = [](uint32_t) { return true; };
    Result<std::unique_ptr<NodeAgent>> a = NodeAgent::Start(o, Key(char(i)), Key(100).public_key(), Data(i));
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    nodes_.push_back(std::move(a).value());
  }
  bool LogHas(const std::string& s) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& l : hub_log_) {
      if (l.find(s) != std::string::npos) return true;
    }
    return false;
  }
  int64_t Rejected(Reason r) const { return hub_->stats().rejected[static_cast<size_t>(r)]; }

  // Before the hub and the nodes: their threads use these until they are destroyed, and
  // members are destroyed in reverse order.
  ManualClock clock_{1'800'000'000'000};
  int64_t resume_timeout_ms_ = 0;  // HubServiceOptions::resume_timeout_ms of StartHub
  std::atomic<bool> n1_away_{false};
  std::mutex mu_;
  std::vector<std::string> hub_log_;
  std::unique_ptr<HubService> hub_;
  std::vector<std::unique_ptr<NodeAgent>> nodes_;
};

TEST_F(FleetTest, RoundsCompleteWithADropOutAndOnlyUpdatesAndMetricsLeaveNodes) {
  Subscriber watch(port_, "loka/v1/t/fed/+/+");
  ASSERT_TRUE(WaitFor([&] { return watch.subscribed(); }));
  Result<store::FedStore> st = store::FedStore::Open(dir_.File("n1.db"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  StartHub();
  StartNode(1, &*st);
  StartNode(2);
  StartNode(3);
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= 3; }, 30000)) << hub_->stats().round;
  EXPECT_EQ(hub_->stats().rounds_empty, 0);
  EXPECT_TRUE(WaitFor([&] { return nodes_[0]->stats().learner.version >= 2; }));
  // n3 trained, then dropped out; its update is never awaited, so a round can close before
  // n3 has finished training for it.
  EXPECT_TRUE(WaitFor([&] { return nodes_[2]->stats().learner.updates_made >= 3; }))
      << nodes_[2]->stats().learner.updates_made;
  nodes_.clear();
  hub_.reset();

  // Every payload on a node topic joins into update or metric messages signed by that node.
  ChunkAssembler a;
  int messages = 0;
  for (const auto& [topic, payload] : watch.messages()) {
    std::string fleet, kind, last;
    ASSERT_TRUE(ParseFedTopic(topic, &fleet, &kind, &last)) << topic;
    if (kind != "update" && kind != "metric") continue;
    EXPECT_EQ(payload.find("flooded"), std::string::npos);  // no text of the data, ever
    ChunkAssembler::Outcome o = a.Add(last, payload, topic);
    ASSERT_NE(o.state, ChunkAssembler::State::kRejected) << o.rejection.status.ToString();
    if (o.state != ChunkAssembler::State::kComplete) continue;
    Result<MessageHeader> h = ParseMessageHeader(o.message, topic);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->type, kind == "update" ? MessageType::kUpdate : MessageType::kMetric);
    EXPECT_EQ(h->sender, last);
    ++messages;
  }
  EXPECT_GE(messages, 6);
  // n1's ledger holds each payload it sent, by kind.
  Result<std::vector<store::EgressDay>> totals = st->EgressTotals();
  ASSERT_TRUE(totals.ok());
  ASSERT_FALSE(totals->empty());
  int64_t updates = 0;
  for (const auto& t : *totals) {
    EXPECT_TRUE(t.kind == "fed_update" || t.kind == "fed_metric") << t.kind;
    if (t.kind == "fed_update") updates = t.messages;
  }
  EXPECT_GE(updates, 3);
  Result<std::vector<store::OutboxChunk>> pending = st->PendingChunks();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

// Hubs of two fleets on one broker, each under its default MQTT client id. A broker keeps one
// persistent session per client id: when both were "loka-hub-hub", the hub of fleet b took
// over the session of fleet a's hub (each connection closing the other's) and received, and
// dropped as of another fleet, the updates queued for the hub of fleet a while it was away.
// A node whose data has none of the fleet's labels cannot train in any round; it says so once,
// not again with every version and round the hub sends, and the fleet goes on without it.
TEST_F(FleetTest, ANodeWithoutTheFleetsLabelsSaysSoOnce) {
  std::mutex log_mu;
  std::vector<std::string> log;  // before the agent, whose worker writes it
  StartHub();
  StartNode(1);
  StartNode(2);
  NodeAgentOptions o;
  o.link.fleet = "t";
  o.link.mqtt = Mqtt("node-n3");
  o.learner.node_id = "n3";
  o.log = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mu);
    log.push_back(line);
  };
  std::vector<learn::LabelledText> health;
  for (int i = 0; i < 8; ++i) health.push_back({"health", "the clinic has no medicine " + std::to_string(i)});
  Result<std::unique_ptr<NodeAgent>> n3 = NodeAgent::Start(o, Key(3), Key(100).public_key(), health);
  ASSERT_TRUE(n3.ok()) << n3.status().ToString();
  ASSERT_TRUE(WaitFor([&] { return (*n3)->stats().learner.version >= 3; }, 30000))
      << hub_->stats().round;
  n3->reset();  // joins its worker
  const std::string refusal = "n3: invalid_argument: node n3: no local example has one of the "
                              "fleet's labels";
  EXPECT_EQ(std::count(log.begin(), log.end(), refusal), 1) << ::testing::PrintToString(log);
}

TEST_F(FleetTest, HubsOfTwoFleetsOnOneBrokerKeepTheirOwnSessions) {
  struct Received {
    std::mutex mu;
    std::vector<std::string> payloads;
    bool Has(const std::string& p) {
      std::lock_guard<std::mutex> lock(mu);
      return std::find(payloads.begin(), payloads.end(), p) != payloads.end();
    }
  };
  auto start = [&](const std::string& fleet, Received* r) {
    LinkOptions o;
    o.role = LinkRole::kHub;
    o.fleet = fleet;
    o.mqtt = Mqtt("");  // the default client id
    Result<std::unique_ptr<FedLink>> l = FedLink::Start(o, [r](const FedPayload& p) {
      std::lock_guard<std::mutex> lock(r->mu);
      r->payloads.emplace_back(p.payload);
    });
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    return l.ok() ? std::move(l).value() : nullptr;
  };
  Publisher pub(port_);
  Received a, b;
  std::unique_ptr<FedLink> hub_a = start("a", &a);
  ASSERT_NE(hub_a, nullptr);
  // Subscribed once a payload published after its start reaches it.
  ASSERT_TRUE(WaitFor([&] { return pub.Publish(UpdateTopic("a", "n1"), "probe a") && a.Has("probe a"); }));
  hub_a.reset();  // away; its session keeps its subscriptions

  std::unique_ptr<FedLink> hub_b = start("b", &b);
  ASSERT_NE(hub_b, nullptr);
  ASSERT_TRUE(WaitFor([&] { return pub.Publish(UpdateTopic("b", "n1"), "probe b") && b.Has("probe b"); }));
  Subscriber watch(port_, UpdateTopic("a", "n1"));
  ASSERT_TRUE(WaitFor([&] { return watch.subscribed(); }));
  ASSERT_TRUE(pub.Publish(UpdateTopic("a", "n1"), "queued for a"));
  ASSERT_TRUE(WaitFor([&] { return watch.messages().size() == 1; }));
  // Delivered in order: once hub b has this, it has had whatever the broker gave it before.
  ASSERT_TRUE(pub.Publish(UpdateTopic("b", "n1"), "after"));
  ASSERT_TRUE(WaitFor([&] { return b.Has("after"); }));
  hub_b.reset();

  hub_a = start("a", &a);
  ASSERT_NE(hub_a, nullptr);
  EXPECT_TRUE(WaitFor([&] { return a.Has("queued for a"); }, 5000));
}

TEST_F(FleetTest, ANodeLinkPublishesOnlyUpdatesAndMetrics) {
  LinkOptions o;
  o.fleet = "t";
  o.self_id = "n1";
  o.mqtt = Mqtt("link-n1");
  Result<std::unique_ptr<FedLink>> link = FedLink::Start(o, [](const FedPayload&) {});
  ASSERT_TRUE(link.ok());
  Message g;
  g.type = MessageType::kGlobal;
  g.sender = "n1";
  g.matrix = QuantizeRows(8, 2, 8, {}, {});
  Status s = (*link)->Publish(std::move(EncodeMessage(g, Key(1))).value());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("a node does not publish global messages"));
  Message r;
  r.type = MessageType::kRound;
  r.sender = "n1";
  r.json = "{}";
  EXPECT_EQ((*link)->Publish(std::move(EncodeMessage(r, Key(1))).value()).code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(FleetTest, HostilePayloadsOverTheBrokerAreRefusedAndRoundsGoOn) {
  StartHub();
  Subscriber updates(port_, "loka/v1/t/fed/update/+");
  ASSERT_TRUE(WaitFor([&] { return updates.subscribed(); }));
  StartNode(1);
  StartNode(2);
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= 1; }, 30000));
  Publisher attacker(port_);
  const std::string topic = UpdateTopic("t", "n2");

  // A forged update: n2's name, another key.
  Message m = NewMessage(MessageType::kUpdate, "n2", 0, hub_->stats().round, hub_->stats().version);
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = 1000000;
  m.matrix = QuantizeRows(1025, 2, 8, {0}, {1000.f, -1000.f});
  const SignedMessage forged = std::move(EncodeMessage(m, Key(77))).value();
  ASSERT_TRUE(attacker.Publish(topic, SplitIntoChunks(forged.bytes(), forged.id())[0]));
  // An update for round 1, closed: signed by n2's own key.
  m.id = NewMessageId();
  m.round = 1;
  m.base_version = 0;
  const SignedMessage late = std::move(EncodeMessage(m, Key(2))).value();
  ASSERT_TRUE(attacker.Publish(topic, SplitIntoChunks(late.bytes(), late.id())[0]));
  // A truncated chunk.
  const std::string chunk = SplitIntoChunks(late.bytes(), late.id() + 1)[0];
  ASSERT_TRUE(attacker.Publish(topic, chunk.substr(0, chunk.size() / 2)));
  // A replay of an update n1 really sent.
  ASSERT_TRUE(WaitFor([&] { return !updates.messages().empty(); }));
  const auto [rtopic, rpayload] = updates.messages().front();
  ASSERT_TRUE(attacker.Publish(rtopic, rpayload));
  // 100 MB in one payload, last: its acknowledgement may take longer than the publisher waits
  // on a loaded machine; the refusal is what counts.
  attacker.Publish(topic, std::string(100u << 20, 'x'));

  ASSERT_TRUE(WaitFor([&] {
    return Rejected(Reason::kForged) >= 1 && Rejected(Reason::kStaleRound) >= 1 &&
           Rejected(Reason::kOversized) >= 1 && Rejected(Reason::kMalformed) >= 1 &&
           Rejected(Reason::kReplayed) >= 1;
  })) << "forged " << Rejected(Reason::kForged) << " stale " << Rejected(Reason::kStaleRound)
      << " oversized " << Rejected(Reason::kOversized) << " malformed " << Rejected(Reason::kMalformed)
      << " replayed " << Rejected(Reason::kReplayed);
  for (const char* reason : {"(forged)", "(stale_round)", "(oversized)", "(malformed)", "(replayed)"}) {
    EXPECT_TRUE(LogHas(reason)) << reason;
  }
  const uint32_t v = hub_->stats().version;
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= v + 2; }, 30000));
  // The forged delta (1000 on row 0) never reached the model.
  hub_->With([](const Hub& h) { EXPECT_LT(std::abs(h.weights()[0]), 50.f); });
}

TEST_F(FleetTest, ANodeAwayForRoundsCatchesUpWithTheLatestVersion) {
  StartHub();
  StartNode(1);
  StartNode(2);
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= 10; }, 60000));
  // n3 joins after 10 versions: the retained round and version are all it needs.
  StartNode(3);
  const uint32_t v = hub_->stats().version;
  ASSERT_TRUE(WaitFor([&] { return nodes_[2]->stats().learner.version >= v; }));
  EXPECT_TRUE(WaitFor([&] { return nodes_[2]->stats().learner.updates_made >= 1; }));
}

TEST_F(FleetTest, ANodeBackAfter10RoundsWithoutItsControlVariateTrainsFromTheLatestVersion) {
  // Rounds close only at their deadline (quorum: all three, n3 never runs), which moves only
  // when the test advances the clock: each round is closed by hand once its updates are in.
  const int64_t kTimeoutMs = 60000;
  StartHub(kTimeoutMs, &clock_, /*quorum=*/1.0);
  StartNode(1, nullptr, &clock_, [this](uint32_t) { return n1_away_.load(); });
  StartNode(2, nullptr, &clock_);
  int64_t accepted = 0;
  auto updates_in = [&](int64_t updates) {
    accepted += updates;
    return WaitFor([&] { return hub_->stats().updates_accepted >= accepted; }, 30000);
  };
  auto next_version = [&] {
    const uint32_t v = hub_->stats().version;
    clock_.AdvanceMs(kTimeoutMs);
    return WaitFor([&] { return hub_->stats().version == v + 1; }, 30000);
  };
  auto named = [](const Hub& h, const std::string& node) {
    const auto& c = h.open_round().control_rounds;
    return c.count(node) ? c.at(node) : 0u;
  };
  for (int r = 1; r <= 3; ++r) {
    ASSERT_TRUE(updates_in(2)) << "round " << r << ": " << hub_->stats().updates_accepted;
    // n1 loses its link after its update of round 3: it trains round 4's and never sends it.
    if (r == 3) n1_away_ = true;
    ASSERT_TRUE(next_version()) << "round " << r;
  }
  // The hub holds n1's c_i of round 3 and names it; n1 goes down (its c_i is in memory only).
  hub_->With([&](const Hub& h) {
    EXPECT_TRUE(h.open_round().scaffold);
    EXPECT_EQ(named(h, "n1"), 3u);
  });
  ASSERT_TRUE(WaitFor([&] { return nodes_[0]->stats().learner.last_trained_round == 4; }));
  nodes_[0].reset();
  for (int r = 4; r <= 13; ++r) {
    ASSERT_TRUE(updates_in(1)) << "round " << r << ": " << hub_->stats().updates_accepted;
    ASSERT_TRUE(next_version()) << "round " << r;
  }

  // n1 comes back: the hub waits for the deadline, so nothing moves while it catches up.
  uint32_t version = 0, round = 0;
  std::vector<float> latest;
  hub_->With([&](const Hub& h) {
    version = h.stats().version;
    round = h.open_round().round;
    latest = h.weights();
    EXPECT_EQ(named(h, "n1"), 3u);
  });
  EXPECT_EQ(version, 13u);
  Subscriber n1_updates(port_, UpdateTopic("t", "n1"));
  ASSERT_TRUE(WaitFor([&] { return n1_updates.subscribed(); }));
  StartNode(1, nullptr, &clock_);
  ASSERT_TRUE(updates_in(2)) << hub_->stats().updates_accepted;
  NodeAgentStats back = nodes_.back()->stats();
  EXPECT_EQ(back.learner.version, version);
  EXPECT_EQ(back.learner.served_version, version);  // the first version a node sees it serves
  EXPECT_EQ(back.learner.updates_made, 1);
  EXPECT_EQ(nodes_.back()->served_weights(), latest);
  // Its update answers this round from that version, flagged: trained with c_i = 0.
  std::vector<MessageHeader> sent;
  ASSERT_TRUE(WaitFor([&] {
    ChunkAssembler a;
    sent.clear();
    for (const auto& [topic, payload] : n1_updates.messages()) {
      ChunkAssembler::Outcome o = a.Add("n1", payload, topic);
      if (o.state != ChunkAssembler::State::kComplete) continue;
      Result<MessageHeader> h = ParseMessageHeader(o.message, topic);
      if (h.ok()) sent.push_back(*h);
    }
    return !sent.empty();
  }));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].round, round);
  EXPECT_EQ(sent[0].base_version, version);
  EXPECT_TRUE(sent[0].without_control);
  // The hub aggregated it and now names the c_i it derived from it.
  ASSERT_TRUE(next_version());
  hub_->With([&](const Hub& h) {
    EXPECT_EQ(h.stats().last_round_updates, 2u);
    EXPECT_EQ(named(h, "n1"), round);
    for (size_t r = 0; r < kReasonCount; ++r) EXPECT_EQ(h.stats().rejected[r], 0) << r;
  });
}

// A hub that stops mid-run and starts again carries on from the version its broker retains
// (Hub::Resume), so the nodes, which hold that version, answer its rounds and take its next
// versions; a hub that started again at version 0 announced rounds every node ignored. A hub
// of another model (other labels) on the same fleet is refused, naming why.
TEST_F(FleetTest, ARestartedHubCarriesOnFromTheVersionItsBrokerRetains) {
  resume_timeout_ms_ = 1000;  // a new fleet: nothing retained, so the look lasts this long
  StartHub();
  EXPECT_TRUE(LogHas("no retained version of fleet t"));
  resume_timeout_ms_ = 10000;  // what is retained comes with the subscription
  StartNode(1);
  StartNode(2);
  StartNode(3);
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= 2; }, 30000));
  const uint32_t seen = hub_->stats().version;
  hub_.reset();

  Enrolment e;
  ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
  HubServiceOptions other;
  other.hub.fleet = other.link.fleet = "t";
  other.link.mqtt = Mqtt("hub-other");
  other.resume_timeout_ms = 10000;
  Result<std::unique_ptr<HubService>> refused = HubService::Start(
      other, MakeTextModelSpec(1024, {"roads", "schools", "water"}), {}, {}, std::move(e), Key(100));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("is of another model"), std::string::npos)
      << refused.status().message();

  StartHub();
  const uint32_t resumed = hub_->stats().version;
  EXPECT_GE(resumed, seen);
  EXPECT_EQ(hub_->stats().round, resumed + 1);
  EXPECT_TRUE(LogHas("resumed from version " + std::to_string(resumed)));
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= resumed + 2; }, 30000))
      << hub_->stats().version << " after resuming at " << resumed;
  EXPECT_EQ(hub_->stats().rounds_empty, 0);
  EXPECT_TRUE(WaitFor([&] { return nodes_[0]->stats().learner.version >= resumed + 2; }));
}

TEST_F(FleetTest, TrainingResumesAfterTheBrokerRestarts) {
  // Updates in flight die with the broker: the round they answer closes at its deadline.
  StartHub(/*round_timeout_ms=*/2000);
  StartNode(1);
  StartNode(2);
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= 2; }, 30000));
  // Killed, and back without its retained messages or sessions (no persistence in the tests).
  broker_->Stop();
  const uint32_t v = hub_->stats().version;
  ASSERT_TRUE(broker_->Start());
  ASSERT_TRUE(WaitFor([&] { return hub_->stats().version >= v + 3; }, 30000))
      << "version " << hub_->stats().version;
  EXPECT_EQ(Rejected(Reason::kMalformed) + Rejected(Reason::kCorrupt), 0);
}

// Options that would break the run are refused before anything trains: a label-skew alpha of 0
// (std::gamma_distribution requires alpha > 0), NaN in an option the round announcement carries
// (every node would refuse the rounds), no central epochs, no feature bucket (the run waited
// out its rounds without an update), a model over the hub's limit of 2^26 weights (refused
// only after the central baseline had trained). The data has 2 labels: 2^26 / 2 rows, the last
// one the biases, fit. No test example (a fifth of 4 lines is none; a test file of other
// labels only): both accuracies were reported as 0. Fewer training lines than nodes, with the
// counts. The hub's own options (quorum, deadline, server step), refused only once the
// central baseline had trained (minutes on a large data set).
TEST(SimulateTest, RefusesOptionsThatWouldBreakTheRunBeforeTraining) {
  const struct {
    const char* what;
    std::function<void(SimulateOptions*)> set;
  } cases[] = {
      {"--alpha", [](SimulateOptions* o) { o->alpha = 0; }},
      {"--alpha", [](SimulateOptions* o) { o->alpha = std::nan(""); }},
      {"lr", [](SimulateOptions* o) { o->train_options.lr = std::nanf(""); }},
      {"clip norm", [](SimulateOptions* o) { o->compress.clip_norm = std::nanf(""); }},
      {"--central-epochs", [](SimulateOptions* o) { o->central_epochs = 0; }},
      {"at least 1 feature bucket", [](SimulateOptions* o) { o->buckets = 0; }},
      {"at most 33554431 buckets fit 2 labels",
       [](SimulateOptions* o) { o->buckets = 33554432; }},
      {"no test examples: a fifth of 4 lines is none",
       [](SimulateOptions* o) { o->train.resize(4); }},
      {"no test example has a label of the training data",
       [](SimulateOptions* o) { o->test = {{"electricity", "no power since noon"}}; }},
      {"hub: --quorum (the share of chosen nodes that closes a round) must be in (0, 1], got 2",
       [](SimulateOptions* o) { o->quorum_fraction = 2; }},
      {"hub: --round-timeout-ms must be positive, got 0",
       [](SimulateOptions* o) { o->round_timeout_ms = 0; }},
      {"hub: --server-lr must be in (0, 100], got 500",
       [](SimulateOptions* o) { o->aggregate.server_lr = 500; }},
      {"--nodes 3 needs a training example a node, the data has 2 (after a fifth is held out "
       "to test on): fewer --nodes or more lines",
       [](SimulateOptions* o) { o->train.resize(2); }},
  };
  for (const auto& c : cases) {
    SimulateOptions o;
    for (int i = 1; i <= 3; ++i) {
      for (auto& t : Data(i)) o.train.push_back(std::move(t));
    }
    o.nodes = 3;
    o.mosquitto = "/nonexistent/mosquitto";  // never reached
    c.set(&o);
    Result<SimulateReport> r = Simulate(std::move(o));
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(r.status().message().find(c.what), std::string::npos) << r.status().message();
  }
}

// A fleet whose copies of the weight matrix would not fit the memory allowed is refused before
// anything trains, with the estimate; at exactly the estimate it runs (here up to the missing
// broker binary, which only comes after the central baseline). 2^20 buckets and 2 labels make a
// matrix of 8,388,616 bytes; 3 nodes need 26 + 3 x 7 = 47 copies of it, 394,264,952 bytes.
TEST(SimulateTest, RefusesAFleetThatWouldNotFitInMemoryBeforeTraining) {
  auto options = [](uint64_t max_memory) {
    SimulateOptions o;
    for (int i = 1; i <= 3; ++i) {
      for (auto& t : Data(i)) o.train.push_back(std::move(t));
    }
    o.nodes = 3;
    o.buckets = 1u << 20;
    o.max_memory_bytes = max_memory;
    o.mosquitto = "/nonexistent/mosquitto";
    return o;
  };
  Result<SimulateReport> over = Simulate(options(394264951));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(over.status().message().find(
                "3 nodes over a 2-label model of 1048576 buckets need about 0.4 GB of memory, "
                "over the 0.4 GB allowed"),
            std::string::npos)
      << over.status().message();
  Result<SimulateReport> fits = Simulate(options(394264952));
  ASSERT_FALSE(fits.ok());
  EXPECT_NE(fits.status().message().find("no MQTT broker binary"), std::string::npos)
      << fits.status().message();
}

// A broker that does not come up is reported with what it printed: its output goes to its log
// (LocalBroker), in a directory loka fed simulate removes when it returns.
TEST(LocalBrokerTest, AStartThatFailsSaysWhyInItsError) {
  loka::testing::TempDir dir;
  const std::string fake = dir.File("fake-mosquitto");
  {
    std::ofstream out(fake);
    out << "#!/bin/sh\necho 'Error: Unable to open config file.' >&2\nexit 1\n";
  }
  ASSERT_EQ(chmod(fake.c_str(), 0755), 0);
  Result<std::unique_ptr<LocalBroker>> b = LocalBroker::Start(fake, dir.path());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kUnavailable) << b.status().ToString();
  EXPECT_THAT(b.status().message(), HasSubstr("exited at start: Error: Unable to open config file."));

  const std::string silent = dir.File("silent-mosquitto");
  {
    std::ofstream out(silent);
    out << "#!/bin/sh\nexit 3\n";
  }
  ASSERT_EQ(chmod(silent.c_str(), 0755), 0);
  loka::testing::TempDir empty;
  b = LocalBroker::Start(silent, empty.path());
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(b.status().message(), HasSubstr("exited at start: its log is empty"));
}

// loka fed simulate's curve: one point per version, the last one numbered with the last round
// (it was numbered with the one before); the points' bytes are what the nodes published up to
// the last version (metric reports on it may follow). The broker it starts writes nothing to
// the command's standard error (run as root, mosquitto warns about it there before its config's
// log takes over): the capture below holds file descriptor 2, which the broker inherits.
TEST(SimulateTest, TheCurvesLastPointIsTheLastRound) {
  SimulateOptions o;
  for (int i = 1; i <= 3; ++i) {
    for (auto& t : Data(i)) o.train.push_back(std::move(t));
  }
  o.nodes = 3;
  o.rounds = 3;
  o.buckets = 1024;
  o.central_epochs = 2;
  o.train_options.epochs = 1;
  o.mosquitto = kMosquitto;
  ::testing::internal::CaptureStderr();
  Result<SimulateReport> r = Simulate(std::move(o));
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, Not(HasSubstr("osquitto"))) << err;
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rounds, 3u);
  ASSERT_EQ(r->curve.size(), r->versions);
  int64_t bytes = 0;
  for (size_t i = 0; i < r->curve.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(r->curve[i].round, r->curve[i - 1].round);
    }
    bytes += r->curve[i].node_bytes;
  }
  EXPECT_EQ(r->curve.back().round, 3u);
  EXPECT_EQ(r->curve.back().version, r->versions);
  EXPECT_GT(bytes, 0);
  EXPECT_LE(double(bytes), r->bytes_per_node_round * 3 * 3);
}

// What a link hands its service before the service is ready is kept whole (the callback's
// views die when it returns), played in the order it came, once, and no more than kMax of it.
TEST(EarlyPayloadsTest, KeepsCopiesInOrderUpToItsLimitAndPlaysThemOnce) {
  EarlyPayloads early;
  {
    std::string kind = "update", sender = "n1", payload = "first";
    ASSERT_TRUE(early.Keep(FedPayload{kind, sender, payload, true}));
    kind = sender = payload = "overwritten";  // the link's buffers are reused
  }
  ASSERT_TRUE(early.Keep(FedPayload{"metric", "n2", "second", false}));
  std::vector<std::string> seen;
  early.Drain([&](const FedPayload& p) {
    seen.push_back(std::string(p.kind) + " " + std::string(p.sender) + " " +
                   std::string(p.payload) + (p.relayed ? " relayed" : ""));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"update n1 first relayed", "metric n2 second"}));
  size_t again = 0;
  early.Drain([&](const FedPayload&) { ++again; });
  EXPECT_EQ(again, 0u);

  for (size_t i = 0; i < EarlyPayloads::kMax; ++i) ASSERT_TRUE(early.Keep(FedPayload{"update", "n1", "x"}));
  EXPECT_FALSE(early.Keep(FedPayload{"update", "n1", "one too many"}));
  EXPECT_EQ(early.dropped(), 1u);
  size_t played = 0;
  early.Drain([&](const FedPayload&) { ++played; });
  EXPECT_EQ(played, EarlyPayloads::kMax);
}

}  // namespace
}  // namespace loka::fed
