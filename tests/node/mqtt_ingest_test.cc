// Readings over MQTT through a real broker: Debian's mosquitto started by the test on a free
// loopback port with a generated config, messages published with libmosquitto. Checks that
// rows land in SQLite with the station from the topic, that forged and malformed payloads are
// counted as rejections without harming the node, and that the node reconnects when the broker
// goes away and comes back (or starts after the node).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <thread>
#include <vector>

#include "../sense/mqtt_broker.h"
#include "node_fixture.h"
#include "sense/mqtt_ingest.h"
#include "store/fed.h"
#include "webhook_receiver.h"

namespace loka::node {
namespace {

using sense::MqttStats;
using testing::Broker;
using testing::FreePort;
using testing::kMosquitto;
using testing::Publisher;
using testing::Subscriber;
using testing::WaitFor;

std::string Batch(int64_t t0, int n, const std::string& station = "") {
  Json readings = Json::array();
  for (int i = 0; i < n; ++i) {
    Json r = {{"sensor", "air_temperature"}, {"time_ms", t0 + i * 60000}, {"value", 20 + i % 7},
              {"unit", "C"}};
    if (!station.empty()) r["station"] = station;
    readings.push_back(r);
  }
  return Json{{"readings", readings}}.dump();
}

int64_t RawCount(store::Store& s, const std::string& station) {
  Result<std::vector<store::StoredReading>> r =
      s.ReadingsInRange(station, "", 0, store::NowMs() + 86400000, 1000000);
  return r.ok() ? static_cast<int64_t>(r->size()) : -1;
}

int64_t Rejected(store::Store& s, const std::string& reason) {
  Result<std::vector<store::RejectionCount>> all = s.ListRejections();
  int64_t n = 0;
  if (all.ok()) {
    for (const auto& r : *all) n += r.reason == reason ? r.count : 0;
  }
  return n;
}

class MqttIngestTest : public NodeTest {
 protected:
  void SetUp() override {
    if (access(kMosquitto, X_OK) != 0) GTEST_SKIP() << kMosquitto << " is not installed";
    start_in_setup_ = false;
    NodeTest::SetUp();
    broker_port_ = FreePort();
    ASSERT_GT(broker_port_, 0);
    broker_ = std::make_unique<Broker>(dir_.path(), broker_port_);
    options_.mqtt_host = "127.0.0.1";
    options_.mqtt_port = broker_port_;
    options_.mqtt_reconnect_max_delay_s = 1;
  }
  store::Store& db() { return *node_->context().store; }
  MqttStats stats() { return node_->context().mqtt->stats(); }

  // Publishes `payload` until the station has `want` raw rows (the node's subscription may
  // not be in place yet; a repeated batch is only duplicates).
  bool PublishUntilStored(Publisher& pub, const std::string& topic, const std::string& payload,
                          const std::string& station, int64_t want) {
    return WaitFor([&] {
      if (RawCount(db(), station) >= want) return true;
      pub.Publish(topic, payload);
      return WaitFor([&] { return RawCount(db(), station) >= want; }, 300);
    });
  }

  int broker_port_ = 0;
  std::unique_ptr<Broker> broker_;
  int64_t t0_ = (store::NowMs() / 86400000 - 1) * 86400000;
};

TEST_F(MqttIngestTest, ReadingsLandAndBadPayloadsAreCounted) {
  ASSERT_TRUE(broker_->Start());
  Start();
  Publisher pub(broker_port_);
  const std::string topic = "loka/v1/farm1/readings/st1";
  ASSERT_TRUE(PublishUntilStored(pub, topic, Batch(t0_, 50), "st1", 50));
  EXPECT_EQ(RawCount(db(), "st1"), 50);
  Result<store::StationInfo> st = db().GetStation("st1");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->site, "farm1");  // from the topic
  Result<std::vector<store::DailyAggregate>> daily =
      db().DailyInRange("st1", "air_temperature", 0, 100000);
  ASSERT_TRUE(daily.ok());
  int64_t counted = 0;
  for (const auto& d : *daily) counted += d.count;
  EXPECT_EQ(counted, 50);

  // Forged: readings claiming another station than the topic's.
  ASSERT_TRUE(pub.Publish(topic, Batch(t0_ + 3600000 * 5, 3, "st2")));
  // Malformed: not JSON, binary, deep nesting, wrong shape, a NaN value.
  ASSERT_TRUE(pub.Publish(topic, "this is not json"));
  ASSERT_TRUE(pub.Publish(topic, std::string("\x00\xff\xfe{", 4)));
  ASSERT_TRUE(pub.Publish(topic, std::string(5000, '[') + std::string(5000, ']')));
  ASSERT_TRUE(pub.Publish(topic, "{\"readings\": 3}"));
  ASSERT_TRUE(pub.Publish(topic, "{\"readings\": [{\"sensor\": \"air_temperature\", \"time_ms\": " +
                                     std::to_string(t0_) + ", \"value\": \"NaN\", \"unit\": \"C\"}]}"));
  ASSERT_TRUE(pub.Publish("loka/v1/farm1/readings/bad%station", Batch(t0_, 1)));
  ASSERT_TRUE(WaitFor([&] {
    return Rejected(db(), "station_mismatch") == 3 && Rejected(db(), "malformed") == 4 &&
           Rejected(db(), "not_finite") == 1 && Rejected(db(), "bad_station") == 1;
  })) << "station_mismatch " << Rejected(db(), "station_mismatch") << ", malformed "
      << Rejected(db(), "malformed") << ", not_finite " << Rejected(db(), "not_finite")
      << ", bad_station " << Rejected(db(), "bad_station");
  EXPECT_EQ(db().GetStation("st2").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RawCount(db(), "st1"), 50);

  // Still serving, still ingesting.
  EXPECT_EQ(Get("/healthz").status, 200);
  ASSERT_TRUE(PublishUntilStored(pub, topic, Batch(t0_ + 3600000 * 10, 5), "st1", 55));

  // The MQTT counters are in /metrics; nothing was acknowledged and then lost.
  const std::string metrics = Get("/metrics").body;
  EXPECT_NE(metrics.find("# TYPE loka_mqtt_store_failures_total counter\nloka_mqtt_store_failures_total 0\n"),
            std::string::npos) << metrics;
  EXPECT_NE(metrics.find("loka_mqtt_connected 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("loka_mqtt_readings_lost_total 0\n"), std::string::npos);
  EXPECT_EQ(metrics.find("loka_mqtt_readings_accepted_total 0\n"), std::string::npos);
}

// Readings that arrive over MQTT feed the alert detectors like HTTP ones, and each new alert
// is published on loka/v1/<site>/alerts/<station>.
TEST_F(MqttIngestTest, FrostOverMqttRaisesAnAlertPublishedOnTheAlertsTopic) {
  ASSERT_TRUE(broker_->Start());
  Start();
  Subscriber sub(broker_port_, "loka/v1/+/alerts/#");
  ASSERT_TRUE(WaitFor([&] { return sub.subscribed(); }));
  Publisher pub(broker_port_);
  const std::string topic = "loka/v1/farm1/readings/st1";
  Json readings = Json::array();
  for (int i = 0; i < 6; ++i) {
    readings.push_back({{"sensor", "air_temperature"}, {"time_ms", t0_ + i * 600000},
                        {"value", -3.0}, {"unit", "C"}});
  }
  ASSERT_TRUE(PublishUntilStored(pub, topic, Json{{"readings", readings}}.dump(), "st1", 6));
  store::AlertQuery q;
  q.kind = "frost";
  ASSERT_TRUE(WaitFor([&] {
    Result<std::vector<store::AlertRecord>> a = db().ListAlerts(q);
    return a.ok() && !a->empty();
  })) << "no frost alert stored";
  ASSERT_TRUE(WaitFor([&] {
    for (const auto& [t, payload] : sub.messages()) {
      if (t == "loka/v1/farm1/alerts/st1" && payload.find("frost") != std::string::npos) {
        return true;
      }
    }
    return false;
  })) << "no frost alert published; messages: " << sub.messages().size();
  for (const auto& [t, payload] : sub.messages()) {
    Json doc = Json::parse(payload, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << payload;
    EXPECT_EQ(doc.value("station", ""), "st1") << payload;
  }
}

// Every alert that leaves the site is on the sovereignty ledger (GET /v1/egress): each one
// published over MQTT (kind alert_mqtt, destination the broker and topic) and each webhook POST
// (kind alert_webhook, destination the URL), with the size and hash of the bytes the broker's
// subscriber and the webhook's server actually received.
TEST_F(MqttIngestTest, AlertsSentOverMqttAndByWebhookAreOnTheEgressLedger) {
  Receiver webhook;
  options_.alert_webhook_url = webhook.url();
  ASSERT_TRUE(broker_->Start());
  Start();
  Subscriber sub(broker_port_, "loka/v1/+/alerts/#");
  ASSERT_TRUE(WaitFor([&] { return sub.subscribed(); }));
  Publisher pub(broker_port_);
  Json readings = Json::array();
  for (int i = 0; i < 6; ++i) {
    readings.push_back({{"sensor", "air_temperature"}, {"time_ms", t0_ + i * 600000},
                        {"value", -3.0}, {"unit", "C"}});
  }
  ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/farm1/readings/st1",
                                 Json{{"readings", readings}}.dump(), "st1", 6));
  // (destination, bytes, hash) of what was received, and of what the ledger holds.
  using Sent = std::multiset<std::tuple<std::string, int64_t, std::string>>;
  auto received = [&] {
    Sent out;
    const std::string broker = "mqtt://127.0.0.1:" + std::to_string(broker_port_) + "/";
    for (const auto& [topic, payload] : sub.messages()) {
      out.emplace(broker + topic, static_cast<int64_t>(payload.size()),
                  store::EgressContentHash(payload));
    }
    for (const std::string& body : webhook.bodies()) {
      out.emplace(webhook.url(), static_cast<int64_t>(body.size()), store::EgressContentHash(body));
    }
    return out;
  };
  Sent ledger;
  std::map<std::string, int64_t> ledger_bytes;
  auto read_ledger = [&] {
    Reply r = Get("/v1/egress?limit=1000", store::Scope::kRead);
    ledger.clear();
    ledger_bytes.clear();
    if (r.status != 200) return false;
    for (const Json& e : r.json["entries"]) {
      ledger.emplace(e["destination"].get<std::string>(), e["bytes"].get<int64_t>(),
                     e["content_hash"].get<std::string>());
      ledger_bytes[e["kind"].get<std::string>()] += e["bytes"].get<int64_t>();
    }
    return true;
  };
  // At least one alert each way, and the ledger holds exactly what was received.
  ASSERT_TRUE(WaitFor([&] {
    return !sub.messages().empty() && !webhook.bodies().empty() && read_ledger() &&
           ledger == received();
  })) << "received over MQTT " << sub.messages().size() << ", by webhook "
      << webhook.bodies().size() << "; ledger entries " << ledger.size();
  int64_t mqtt_bytes = 0, webhook_bytes = 0;
  for (const auto& [topic, payload] : sub.messages()) mqtt_bytes += payload.size();
  for (const std::string& body : webhook.bodies()) webhook_bytes += body.size();
  EXPECT_EQ(ledger_bytes["alert_mqtt"], mqtt_bytes);
  EXPECT_EQ(ledger_bytes["alert_webhook"], webhook_bytes);
  EXPECT_EQ(ledger_bytes.size(), 2u);  // nothing else left the site
  // The same totals in /metrics.
  const std::string metrics = Get("/metrics").body;
  EXPECT_NE(metrics.find("loka_egress_bytes{kind=\"alert_mqtt\"} " + std::to_string(mqtt_bytes) +
                         "\n"),
            std::string::npos) << metrics;
  EXPECT_NE(metrics.find("loka_egress_unrecorded_total 0\n"), std::string::npos);
}

TEST_F(MqttIngestTest, ReconnectsWhenTheBrokerComesBack) {
  ASSERT_TRUE(broker_->Start());
  Start();
  {
    Publisher pub(broker_port_);
    ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/s/readings/st1", Batch(t0_, 10), "st1", 10));
  }
  broker_->Stop();
  ASSERT_TRUE(WaitFor([&] { return !stats().connected; }));
  ASSERT_TRUE(broker_->Start());
  ASSERT_TRUE(WaitFor([&] { return stats().connected && stats().connects >= 2; }))
      << "connects " << stats().connects;
  Publisher pub(broker_port_);
  ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/s/readings/st1", Batch(t0_ + 3600000, 10), "st1",
                                 20));
}

TEST_F(MqttIngestTest, NodeStartedBeforeTheBrokerConnectsLater) {
  Start();  // nothing listens on the broker port yet
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(stats().connected);
  ASSERT_TRUE(broker_->Start());
  ASSERT_TRUE(WaitFor([&] { return stats().connected; }));
  Publisher pub(broker_port_);
  ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/s/readings/st1", Batch(t0_, 10), "st1", 10));
}

TEST_F(MqttIngestTest, SiteFilterIgnoresOtherSites) {
  options_.mqtt_site = "north";
  ASSERT_TRUE(broker_->Start());
  Start();
  Publisher pub(broker_port_);
  ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/north/readings/n1", Batch(t0_, 5), "n1", 5));
  ASSERT_TRUE(pub.Publish("loka/v1/south/readings/s1", Batch(t0_, 5)));
  ASSERT_TRUE(PublishUntilStored(pub, "loka/v1/north/readings/n1", Batch(t0_ + 600000, 5), "n1",
                                 10));
  EXPECT_EQ(db().GetStation("s1").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace loka::node
