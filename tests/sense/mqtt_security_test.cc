// MQTT with credentials and TLS against a real broker: mosquitto started by the test on
// loopback with a password file (mosquitto_passwd), an ACL file and a TLS listener that
// requires a client certificate; the CA, server and client certificates are made by the
// `openssl` CLI into the test's temporary directory. Wrong credentials are refused and the
// ingest reports it; with the right ones, over TLS, readings arrive; a station may publish only
// on its own topic (the ACL is the write authorization for readings, docs/sense.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../store/temp_dir.h"
#include "mqtt_broker.h"
#include "sense/mqtt_ingest.h"

namespace loka::sense {
namespace {

using testing::Broker;
using testing::FreePorts;
using testing::kMosquitto;
using testing::Publisher;
using testing::TemperatureBatch;
using testing::WaitFor;

const char* kPasswd = "/usr/bin/mosquitto_passwd";
const char* kOpenssl = "/usr/bin/openssl";

// Runs a shell command quietly; true on exit status 0.
bool Shell(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

// A CA and two certificates it signs: the broker's (for 127.0.0.1) and a client's.
bool MakeCertificates(const std::string& dir) {
  const std::string o = std::string(kOpenssl);
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  std::ofstream(dir + "/server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  return Shell(o + " req -x509" + ec + " -keyout " + dir + "/ca.key -out " + dir +
             "/ca.crt -subj /CN=loka-test-ca -days 2") &&
         Shell(o + " req" + ec + " -keyout " + dir + "/server.key -out " + dir +
             "/server.csr -subj /CN=127.0.0.1") &&
         Shell(o + " x509 -req -in " + dir + "/server.csr -CA " + dir + "/ca.crt -CAkey " + dir +
             "/ca.key -CAcreateserial -out " + dir + "/server.crt -days 2 -extfile " + dir +
             "/server.ext") &&
         Shell(o + " req" + ec + " -keyout " + dir + "/client.key -out " + dir +
             "/client.csr -subj /CN=loka-node") &&
         Shell(o + " x509 -req -in " + dir + "/client.csr -CA " + dir + "/ca.crt -CAkey " + dir +
             "/ca.key -CAcreateserial -out " + dir + "/client.crt -days 2") &&
         // A second CA that signed nothing here: a node trusting only it must refuse the broker.
         Shell(o + " req -x509" + ec + " -keyout " + dir + "/other_ca.key -out " + dir +
             "/other_ca.crt -subj /CN=other-ca -days 2");
}

class MqttSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {kMosquitto, kPasswd, kOpenssl}) {
      if (access(tool, X_OK) != 0) GTEST_SKIP() << tool << " is not installed";
    }
    const std::string d = dir_.path();
    ASSERT_TRUE(MakeCertificates(d)) << "openssl failed";
    ASSERT_TRUE(Shell(std::string(kPasswd) + " -c -b " + d + "/passwd node node-secret"));
    ASSERT_TRUE(Shell(std::string(kPasswd) + " -b " + d + "/passwd st1 st1-secret"));
    // The node reads every station's readings and publishes alerts; a station writes only
    // its own readings topic (%u: the username).
    std::ofstream(d + "/acl") << "user node\n"
                              << "topic read loka/v1/+/readings/+\n"
                              << "topic write loka/v1/+/alerts/#\n"
                              << "pattern write loka/v1/+/readings/%u\n";
    const std::vector<int> ports = FreePorts(2);
    ASSERT_EQ(ports.size(), 2u);
    plain_port_ = ports[0];
    tls_port_ = ports[1];
    broker_ = std::make_unique<Broker>(d, plain_port_);
    const std::string config =
        "per_listener_settings false\nallow_anonymous false\n"
        "password_file " + d + "/passwd\nacl_file " + d + "/acl\n" +
        "listener " + std::to_string(plain_port_) + " 127.0.0.1\n" +
        "listener " + std::to_string(tls_port_) + " 127.0.0.1\n" +
        "cafile " + d + "/ca.crt\ncertfile " + d + "/server.crt\nkeyfile " + d +
        "/server.key\nrequire_certificate true\n";
    ASSERT_TRUE(broker_->StartWith(config)) << "mosquitto did not start; see " << d
                                            << "/mosquitto.log";
    ASSERT_TRUE(WaitFor([&] { return testing::PortAccepts(tls_port_); }));
    Result<store::Store> st = store::Store::Open(dir_.File("node.db"));
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<store::Store>(std::move(st).value());
  }

  // The node's connection over TLS with its client certificate and credentials.
  MqttIngestOptions TlsOptions(const std::string& password) {
    MqttIngestOptions o;
    o.connection.host = "127.0.0.1";
    o.connection.port = tls_port_;
    o.connection.client_id = "loka-node-test";
    o.connection.reconnect_max_delay_s = 1;
    o.connection.username = "node";
    o.connection.password = password;
    o.connection.ca_file = dir_.File("ca.crt");
    o.connection.cert_file = dir_.File("client.crt");
    o.connection.key_file = dir_.File("client.key");
    o.log = [this](const std::string& m) {
      std::lock_guard<std::mutex> lock(mu_);
      log_.push_back(m);
    };
    return o;
  }
  std::unique_ptr<MqttIngest> Start(MqttIngestOptions o) {
    Result<std::unique_ptr<MqttIngest>> m = MqttIngest::Start(std::move(o), store_.get(), nullptr);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }
  bool Logged(const std::string& part) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& m : log_) {
      if (m.find(part) != std::string::npos) return true;
    }
    return false;
  }
  int64_t Rows(const std::string& station) {
    Result<std::vector<store::StoredReading>> r =
        store_->ReadingsInRange(station, "", 0, store::NowMs() + 86400000, 100000);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  }

  testing::TempDir dir_;
  int plain_port_ = 0, tls_port_ = 0;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<store::Store> store_;
  std::mutex mu_;  // guards log_
  std::vector<std::string> log_;
  const int64_t t0_ = (store::NowMs() / 86400000 - 1) * 86400000;
};

TEST_F(MqttSecurityTest, WrongPasswordIsRefusedAndReported) {
  std::unique_ptr<MqttIngest> ingest = Start(TlsOptions("not-the-password"));
  ASSERT_NE(ingest, nullptr);
  ASSERT_TRUE(WaitFor([&] { return ingest->stats().refused >= 1; }))
      << "last error: " << ingest->stats().last_error;
  const MqttStats s = ingest->stats();
  EXPECT_EQ(s.connects, 0);
  EXPECT_FALSE(s.connected);
  EXPECT_NE(s.last_error.find("not authorised"), std::string::npos) << s.last_error;
  EXPECT_TRUE(Logged("connection refused")) << "the refusal is not logged";
}

TEST_F(MqttSecurityTest, ReadingsArriveOverTlsWithTheRightCredentials) {
  std::unique_ptr<MqttIngest> ingest = Start(TlsOptions("node-secret"));
  ASSERT_NE(ingest, nullptr);
  ASSERT_TRUE(WaitFor([&] { return ingest->stats().connected; }))
      << "last error: " << ingest->stats().last_error;
  EXPECT_EQ(ingest->stats().refused, 0);
  Publisher st1(plain_port_, "st1", "st1-secret");
  // The subscription may not be in place at the first publish: repeat until stored (a repeated
  // batch is only duplicates).
  ASSERT_TRUE(WaitFor([&] {
    if (Rows("st1") >= 5) return true;
    st1.Publish("loka/v1/farm1/readings/st1", TemperatureBatch(t0_, 5));
    return WaitFor([&] { return Rows("st1") >= 5; }, 300);
  })) << "no readings over TLS; last error: " << ingest->stats().last_error;
  EXPECT_EQ(Rows("st1"), 5);

  // st1 may not write st2's topic: the broker drops it. A later message on st1's own topic
  // arrives after it would have, on the same connection.
  ASSERT_TRUE(st1.Publish("loka/v1/farm1/readings/st2", TemperatureBatch(t0_, 3)));
  ASSERT_TRUE(st1.Publish("loka/v1/farm1/readings/st1", TemperatureBatch(t0_ + 3600000, 2)));
  ASSERT_TRUE(WaitFor([&] { return Rows("st1") == 7; }));
  EXPECT_EQ(store_->GetStation("st2").status().code(), StatusCode::kNotFound);
}

TEST_F(MqttSecurityTest, ABrokerCertificateFromAnotherCaIsRefused) {
  MqttIngestOptions o = TlsOptions("node-secret");
  o.connection.ca_file = dir_.File("other_ca.crt");
  std::unique_ptr<MqttIngest> ingest = Start(std::move(o));
  ASSERT_NE(ingest, nullptr);
  ASSERT_TRUE(WaitFor([&] { return !ingest->stats().last_error.empty(); }));
  EXPECT_EQ(ingest->stats().connects, 0);
  EXPECT_FALSE(ingest->stats().connected);
}

TEST_F(MqttSecurityTest, BadTlsOptionsAreRefusedAtStart) {
  MqttIngestOptions o = TlsOptions("node-secret");
  o.connection.key_file.clear();
  EXPECT_EQ(MqttIngest::Start(o, store_.get(), nullptr).status().code(),
            StatusCode::kInvalidArgument);
  o = TlsOptions("node-secret");
  o.connection.ca_file = dir_.File("missing.crt");
  Result<std::unique_ptr<MqttIngest>> missing = MqttIngest::Start(o, store_.get(), nullptr);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("missing.crt"), std::string::npos);
}

}  // namespace
}  // namespace loka::sense
