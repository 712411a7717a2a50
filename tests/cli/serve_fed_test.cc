// Federation inside a serving node (cli/serve_fed.h) against a real hub over Debian's mosquitto
// on loopback: the node trains on a dataset stored in its own database, answers the hub's
// rounds, and stores and serves each global version it accepts as a version of its model; what
// it sent is on its egress ledger, and no stored text reaches the broker.
#include "cli/serve_fed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "../sense/mqtt_broker.h"
#include "../store/temp_dir.h"
#include "fed/hub_service.h"
#include "node/node.h"
#include "text/json.h"

namespace loka::cli {
namespace {

using loka::testing::Broker;
using loka::testing::kMosquitto;
using loka::testing::Subscriber;
using loka::testing::WaitFor;

fed::SigningKey Key(char fill) {
  return std::move(fed::SigningKey::FromSeed(std::string(32, fill))).value();
}

// A helpdesk's labelled requests, as POST /v1/datasets would store them.
std::vector<store::Row> Requests() {
  const char* roads[] = {"the road to the market is flooded", "pothole on station road",
                         "bridge broken near the school", "road blocked by a fallen tree"};
  const char* water[] = {"no water in the taps since monday", "the water pipe burst",
                         "dirty water from the borehole", "water tank leaking again"};
  std::vector<store::Row> out;
  for (int i = 0; i < 12; ++i) {
    out.push_back({"roads", std::string(roads[i % 4]) + " " + std::to_string(i)});
    out.push_back({"water", std::string(water[i % 4]) + " " + std::to_string(i)});
  }
  return out;
}

class ServeFedTest : public loka::testing::BrokerTest {
 protected:
  // A hub whose fleet is the one serving node "n1": each round closes on its update.
  void StartHub() {
    fed::Enrolment e;
    ASSERT_TRUE(e.Add("n1", Key(1).public_key()).ok());
    fed::HubServiceOptions o;
    o.hub.fleet = "t";
    o.hub.straggler_wait = 0;
    o.link.fleet = "t";
    o.link.mqtt = Mqtt("hub");
    o.tick_ms = 50;
    fed::LocalTrainOptions train;
    train.epochs = 3;
    Result<std::unique_ptr<fed::HubService>> h =
        fed::HubService::Start(o, fed::MakeTextModelSpec(1024, {"roads", "water"}), train, {},
                               std::move(e), Key(100));
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hub_ = std::move(h).value();
  }

  std::unique_ptr<fed::HubService> hub_;
};

TEST_F(ServeFedTest, AServingNodeAnswersRoundsAndServesTheVersionsItAccepts) {
  Subscriber watch(port_, "loka/v1/t/fed/#");
  ASSERT_TRUE(WaitFor([&] { return watch.subscribed(); }));
  node::NodeOptions no;
  no.db_path = dir_.File("node.db");
  no.port = 0;
  Result<std::unique_ptr<node::Node>> n = node::Node::Create(no);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  node::NodeContext& ctx = (*n)->context();
  ASSERT_TRUE(ctx.store->AppendRows("requests", Requests()).ok());

  StartHub();
  ServeFedOptions o;
  o.agent.link.fleet = "t";
  o.agent.link.mqtt = Mqtt("node-n1");
  o.agent.learner.node_id = "n1";
  o.agent.learner.heldout_fraction = 0.25;
  o.hub_public_key = Key(100).public_key();
  o.dataset = "requests";
  o.model = "desk";
  Result<std::unique_ptr<ServeFed>> fed = ServeFed::Start(&ctx, o, Key(1));
  ASSERT_TRUE(fed.ok()) << fed.status().ToString();

  // The node's update makes version 1; the node judges it against the all-zero start, takes
  // it, and stores and serves it as model "desk".
  ASSERT_TRUE(WaitFor([&] { return (*fed)->deployed() >= 1; }, 30000))
      << "hub version " << hub_->stats().version << ", updates accepted "
      << hub_->stats().updates_accepted;
  EXPECT_GE(hub_->stats().updates_accepted, 1);
  std::shared_ptr<const node::ServedModel> served = ctx.models.Get("desk");
  ASSERT_NE(served, nullptr);
  Result<std::vector<store::ModelVersion>> versions = ctx.store->ListModelVersions();
  ASSERT_TRUE(versions.ok());
  ASSERT_FALSE(versions->empty());
  const store::ModelVersion& v = versions->back();
  EXPECT_EQ(v.name, "desk");
  EXPECT_TRUE(v.active);
  EXPECT_EQ(v.version, served->version);
  const text::Json metrics = text::Json::parse(v.metrics_json);
  EXPECT_EQ(metrics["source"], "federation");
  EXPECT_EQ(metrics["fleet"], "t");
  EXPECT_GE(metrics["global_version"].get<int>(), 1);
  EXPECT_EQ(metrics["holdout_examples"], 6);  // a quarter of 24 rows
  // Better than the all-zero start, which scores every label alike.
  EXPECT_GT(metrics["accuracy"].get<double>(), metrics["previous_accuracy"].get<double>());
  // The served model routes the node's own kind of request.
  std::vector<learn::Prediction> p;
  ASSERT_TRUE(served->model.Predict("the water pipe burst again", 1, 0.f, &p).ok());
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(served->model.label(static_cast<size_t>(p[0].label)), "water");

  // The node's updates and metric reports are on its egress ledger; no stored text was ever
  // published by anyone.
  fed->reset();
  ASSERT_TRUE(ctx.ledger->WaitIdle(10000));
  Result<std::vector<store::EgressDay>> totals = ctx.fed->EgressTotals();
  ASSERT_TRUE(totals.ok());
  int64_t updates = 0;
  for (const store::EgressDay& t : *totals) {
    EXPECT_TRUE(t.kind == "fed_update" || t.kind == "fed_metric") << t.kind;
    if (t.kind == "fed_update") updates = t.messages;
  }
  EXPECT_GE(updates, 1);
  for (const auto& [topic, payload] : watch.messages()) {
    for (const store::Row& r : Requests()) {
      EXPECT_EQ(payload.find(r.text.substr(0, 12)), std::string::npos) << topic;
    }
  }
}

TEST_F(ServeFedTest, NeedsADatasetThatExists) {
  node::NodeOptions no;
  no.db_path = dir_.File("node.db");
  Result<std::unique_ptr<node::Node>> n = node::Node::Create(no);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  ServeFedOptions o;
  o.agent.link.fleet = "t";
  o.agent.link.mqtt = Mqtt("node-n1");
  o.agent.learner.node_id = "n1";
  o.hub_public_key = Key(100).public_key();
  o.model = "desk";
  EXPECT_EQ(ServeFed::Start(&(*n)->context(), o, Key(1)).status().code(),
            StatusCode::kInvalidArgument);
  o.dataset = "nothing";
  const Status missing = ServeFed::Start(&(*n)->context(), o, Key(1)).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  // Names the flag and says how a dataset gets into the node's database.
  EXPECT_NE(missing.message().find("--fed-dataset nothing: no dataset of that name"), std::string::npos)
      << missing.message();
  EXPECT_NE(missing.message().find("POST /v1/datasets/nothing/rows"), std::string::npos)
      << missing.message();
}

}  // namespace
}  // namespace loka::cli
