// Two hub workers and a coordinator over Debian's mosquitto on loopback: the broker shares the
// nodes' update chunks between the workers (a $share subscription), each worker sums the
// updates of the nodes it owns, and the coordinator's version equals the one a single hub makes
// of the same updates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "../sense/mqtt_broker.h"
#include "fed/hub_service.h"
#include "fed/hub_worker.h"
#include "fed/node_agent.h"
#include "fed/topics.h"

namespace loka::fed {
namespace {

using loka::testing::Subscriber;
using loka::testing::WaitFor;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

constexpr int kNodes = 6;
std::string NodeId(int i) { return "n" + std::to_string(i); }

// Node i's requests: label-skewed by i, distinct words per node so the updates differ.
std::vector<learn::LabelledText> Data(int node) {
  const char* roads[] = {"the road to the market is flooded", "pothole on station road",
                         "bridge broken near the school", "road blocked by a fallen tree"};
  const char* water[] = {"no water in the taps since monday", "the water pipe burst",
                         "dirty water from the borehole", "water tank leaking again"};
  std::vector<learn::LabelledText> out;
  for (int i = 0; i < 6 + 2 * node; ++i) {
    const std::string tag = " site" + std::to_string(node) + " " + std::to_string(i);
    out.push_back({"roads", std::string(roads[(i + node) % 4]) + tag});
    if (i % (node % 3 + 1) == 0) out.push_back({"water", std::string(water[i % 4]) + tag});
  }
  return out;
}

Enrolment Nodes() {
  Enrolment e;
  for (int i = 1; i <= kNodes; ++i) EXPECT_TRUE(e.Add(NodeId(i), Key(char(i)).public_key()).ok());
  return e;
}

// Plain FedAvg: the aggregation options a coordinator cannot apply to partial sums (remembered
// updates, row and label averages) are off, so one hub computes the same step.
HubOptions OneRound() {
  HubOptions o;
  o.aggregate = AggregateOptions::FedAvg();
  o.fleet = "t";
  o.quorum_fraction = 1;  // every node's update is in the round
  o.straggler_wait = 0;
  o.max_rounds = 1;
  return o;
}

LocalTrainOptions Train() {
  LocalTrainOptions t;
  t.epochs = 2;
  return t;
}

const TextModelSpec& Spec() {
  static const TextModelSpec spec = MakeTextModelSpec(1024, {"roads", "water"});
  return spec;
}

class HubWorkersTest : public loka::testing::BrokerTest {};

TEST_F(HubWorkersTest, TwoWorkersShareTheUpdatesAndTheRoundEqualsOneHubs) {
  const std::vector<std::string> workers = {"w1", "w2"};
  std::set<std::string> owners;
  for (int i = 1; i <= kNodes; ++i) owners.insert(OwnerOf(workers, NodeId(i)));
  ASSERT_EQ(owners.size(), 2u) << "the node ids must be owned by both workers";

  Subscriber watch(port_, NodeTopicsFilter("t", "update"));
  ASSERT_TRUE(WaitFor([&] { return watch.subscribed(); }));
  std::vector<std::unique_ptr<HubWorkerService>> ws;
  for (const std::string& id : workers) {
    HubWorkerServiceOptions o;
    o.worker.worker_id = id;
    o.worker.workers = workers;
    o.link.fleet = "t";
    o.link.mqtt = Mqtt("hub-" + id);
    o.tick_ms = 50;
    Result<std::unique_ptr<HubWorkerService>> w = HubWorkerService::Start(o, Nodes(), Key(100));
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ws.push_back(std::move(w).value());
  }
  // Before any node publishes, the shared subscription exists (a group the broker has not seen
  // yet would receive nothing).
  ASSERT_TRUE(WaitFor([&] {
    return std::all_of(ws.begin(), ws.end(), [](const auto& w) { return w->mqtt_stats().connects > 0; });
  }));
  HubServiceOptions ho;
  ho.hub = OneRound();
  ho.hub.workers = workers;
  ho.link.fleet = "t";
  ho.link.mqtt = Mqtt("hub");
  ho.tick_ms = 50;
  Result<std::unique_ptr<HubService>> coordinator =
      HubService::Start(ho, Spec(), Train(), {}, Nodes(), Key(100));
  ASSERT_TRUE(coordinator.ok()) << coordinator.status().ToString();
  std::vector<std::unique_ptr<NodeAgent>> nodes;
  for (int i = 1; i <= kNodes; ++i) {
    NodeAgentOptions o;
    o.link.fleet = "t";
    o.link.mqtt = Mqtt("node-" + NodeId(i));
    o.learner.node_id = NodeId(i);
    Result<std::unique_ptr<NodeAgent>> a = NodeAgent::Start(o, Key(char(i)), Key(100).public_key(), Data(i));
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    nodes.push_back(std::move(a).value());
  }
  ASSERT_TRUE(WaitFor([&] { return (*coordinator)->stats().version >= 1; }, 60000))
      << "updates summed: " << ws[0]->stats().updates_accepted << " + " << ws[1]->stats().updates_accepted;
  const HubStats done = (*coordinator)->stats();
  EXPECT_EQ(done.last_round_updates, uint32_t{kNodes});
  EXPECT_TRUE(done.finished);
  int64_t summed = 0;
  for (const auto& w : ws) {
    const HubWorkerStats s = w->stats();
    EXPECT_GE(s.chunks_shared, 1) << "the broker handed this worker no update chunk";
    EXPECT_GE(s.updates_accepted, 1) << "this worker summed no update";
    EXPECT_GE(s.partials_made, s.updates_accepted);
    summed += s.updates_accepted;
  }
  EXPECT_EQ(summed, kNodes);
  EXPECT_EQ(ws[0]->stats().chunks_shared + ws[1]->stats().chunks_shared,
            static_cast<int64_t>(kNodes)) << "each update chunk reaches exactly one worker";
  std::vector<float> combined;
  (*coordinator)->With([&](const Hub& h) { combined = h.weights(); });
  // The watching client gets the same chunks on its own connection, not always as soon.
  ASSERT_TRUE(WaitFor([&] { return watch.messages().size() >= size_t{kNodes}; }))
      << watch.messages().size() << " update chunks watched of " << kNodes;
  nodes.clear();
  coordinator->reset();
  ws.clear();

  // One hub given the same update payloads, in the order they were published.
  Result<std::unique_ptr<Hub>> one = Hub::Create(OneRound(), Spec(), Train(), {}, Nodes(), Key(100));
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE((*one)->Start().ok());
  for (const auto& [topic, payload] : watch.messages()) {
    std::string fleet, kind, node;
    ASSERT_TRUE(ParseFedTopic(topic, &fleet, &kind, &node));
    ASSERT_TRUE((*one)->Receive(node, payload, false).ok()) << topic;
  }
  ASSERT_TRUE((*one)->Tick().ok());
  ASSERT_EQ((*one)->stats().version, 1u);
  ASSERT_EQ((*one)->stats().last_round_updates, uint32_t{kNodes});
  const std::vector<float>& single = (*one)->weights();
  ASSERT_EQ(combined.size(), single.size());
  // Both versions are rounded to 16 bits per row (HubOptions::global_value_bits), scale = the
  // row's max |value| / 32767. The two sums differ only in float32 summation order (~1e-7
  // relative), which can move a value across a rounding boundary: one step apart at most.
  const uint32_t cols = Spec().cols();
  int nonzero = 0;
  for (size_t r = 0; r < single.size() / cols; ++r) {
    float amax = 0;
    for (uint32_t c = 0; c < cols; ++c) amax = std::max(amax, std::fabs(single[r * cols + c]));
    const float step = amax / 32767.f;
    for (uint32_t c = 0; c < cols; ++c) {
      const size_t i = r * cols + c;
      EXPECT_NEAR(combined[i], single[i], 1.01f * step + 1e-9f) << "row " << r << " col " << c;
      nonzero += single[i] != 0.f;
    }
  }
  EXPECT_GT(nonzero, 20);
}

}  // namespace
}  // namespace loka::fed
