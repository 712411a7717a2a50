// MqttClient refuses options it cannot honour before it starts a thread, naming what is wrong.
#include "channels/mqtt_client.h"

#include <gtest/gtest.h>

#include <string>

namespace loka::channels {
namespace {

MqttOptions Valid() {
  MqttOptions o;
  o.host = "127.0.0.1";
  o.port = 1883;
  o.client_id = "loka-test";
  return o;
}

Status StartWith(const MqttOptions& o, std::vector<MqttSubscription> subs = {}) {
  return MqttClient::Start(o, std::move(subs), nullptr).status();
}

TEST(MqttClientTest, RefusesOptionsItCannotHonour) {
  struct Case {
    const char* name;
    MqttOptions options;
    const char* message_part;
  };
  std::vector<Case> cases;
  cases.push_back({"no host", Valid(), "host is empty"});
  cases.back().options.host.clear();
  cases.push_back({"port 0", Valid(), "outside 1..65535"});
  cases.back().options.port = 0;
  cases.push_back({"persistent session without id", Valid(), "needs a client id"});
  cases.back().options.client_id.clear();
  cases.push_back({"password alone", Valid(), "password without a username"});
  cases.back().options.password = "secret";
  cases.push_back({"certificate without key", Valid(), "both the certificate and its key"});
  cases.back().options.cert_file = "/etc/hostname";
  cases.push_back({"client certificate without TLS", Valid(), "needs TLS"});
  cases.back().options.cert_file = cases.back().options.key_file = "/etc/hostname";
  cases.push_back({"unreadable CA", Valid(), "/no/such/ca.crt"});
  cases.back().options.ca_file = "/no/such/ca.crt";
  for (const Case& c : cases) {
    const Status s = StartWith(c.options);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(s.message().find(c.message_part), std::string::npos) << c.name << ": " << s.message();
  }
}

TEST(MqttClientTest, RefusesBadSubscriptions) {
  EXPECT_EQ(StartWith(Valid(), {{"loka/#/x", 1}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StartWith(Valid(), {{"loka/v1/+/readings/+", 3}}).code(),
            StatusCode::kInvalidArgument);
}

TEST(MqttClientTest, StartsWithoutABrokerAndKeepsQos1ForLater) {
  MqttOptions o = Valid();
  o.port = 1;  // nothing listens there
  Result<std::unique_ptr<MqttClient>> c = MqttClient::Start(o, {{"a/b", 1}}, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE((*c)->stats().connected);
  // QoS 1 is kept for the connection to come; QoS 0 while disconnected cannot be sent.
  EXPECT_TRUE((*c)->Publish("a/b", "x", 1).ok());
  EXPECT_EQ((*c)->Publish("a/b", "x", 3).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::channels
