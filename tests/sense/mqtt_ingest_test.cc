// Readings over MQTT, the sense layer on its own: the topic scheme, a store that fails while
// messages arrive from a real mosquitto on loopback (retried, then counted and logged), and
// the client's two-step start and stop that the ingest's alert publishing relies on.
#include "sense/mqtt_ingest.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../store/temp_dir.h"
#include "mqtt_broker.h"

namespace loka::sense {
namespace {

using testing::Broker;
using testing::FreePort;
using testing::kMosquitto;
using testing::Publisher;
using testing::TemperatureBatch;
using testing::WaitFor;

// The test broker is ready only when its own mosquitto listens: with another process already
// listening on the port, a connection would succeed, but Start must fail.
TEST(TestBrokerTest, StartFailsWhenAnotherProcessHoldsThePort) {
  if (access(kMosquitto, X_OK) != 0) GTEST_SKIP() << kMosquitto << " is not installed";
  // Close-on-exec, as another test process's socket would be: the broker must not inherit it.
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  ASSERT_TRUE(testing::PortAccepts(port));
  EXPECT_FALSE(testing::ListensOn(getpid(), port + (port < 65535 ? 1 : -1)));
  EXPECT_TRUE(testing::ListensOn(getpid(), port));
  testing::TempDir dir;
  Broker broker(dir.path(), port);
  EXPECT_FALSE(broker.Start());
  close(fd);
}

TEST(MqttTopicsTest, FilterAndParsing) {
  EXPECT_EQ(ReadingsTopicFilter("+"), "loka/v1/+/readings/+");
  std::string site, station;
  EXPECT_TRUE(ParseReadingsTopic("loka/v1/farm1/readings/st-9", &site, &station));
  EXPECT_EQ(site, "farm1");
  EXPECT_EQ(station, "st-9");
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/farm1/readings/", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/farm1/readings/a/b", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v2/farm1/readings/a", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/a/b/readings/c", &site, &station));
}


// A store that cannot take a batch: the database locked by a second connection (BEGIN
// EXCLUSIVE) and a 1 ms busy timeout, so every insert fails with SQLITE_BUSY at once. The
// retry waits go through MqttIngestOptions::retry_wait, so nothing sleeps on the wall clock.
class MqttStoreFailureTest : public testing::BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store::StoreOptions so;
    so.busy_timeout_ms = 1;
    Result<store::Store> st = store::Store::Open(dir_.File("node.db"), so);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<store::Store>(std::move(st).value());
    ASSERT_EQ(sqlite3_open(dir_.File("node.db").c_str(), &locker_), SQLITE_OK);
  }
  void TearDown() override {
    ingest_.reset();
    if (locker_ != nullptr) sqlite3_close(locker_);
  }
  void Lock() { ASSERT_EQ(sqlite3_exec(locker_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK); }
  void Unlock() { ASSERT_EQ(sqlite3_exec(locker_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK); }

  void StartIngest(std::function<bool(int)> wait) {
    MqttIngestOptions o;
    o.connection.host = "127.0.0.1";
    o.connection.port = port_;
    o.connection.client_id = "loka-store-failure-test";
    o.store_attempts = 4;
    o.store_retry_initial_ms = 10;
    o.store_retry_max_ms = 25;
    o.retry_wait = std::move(wait);
    o.log = [this](const std::string& m) {
      std::lock_guard<std::mutex> lock(mu_);
      log_.push_back(m);
    };
    Result<std::unique_ptr<MqttIngest>> m = MqttIngest::Start(std::move(o), store_.get(), nullptr);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    ingest_ = std::move(m).value();
  }
  int64_t Rows(const std::string& station) {
    Result<std::vector<store::StoredReading>> r =
        store_->ReadingsInRange(station, "", 0, store::NowMs() + 86400000, 100000);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  }
  // Publishes to `station` until its rows reach `want`: the subscription is then in place.
  bool PublishUntilStored(Publisher& pub, const std::string& station, int64_t t0, int64_t want) {
    return WaitFor([&] {
      if (Rows(station) >= want) return true;
      pub.Publish("loka/v1/farm1/readings/" + station, TemperatureBatch(t0, static_cast<int>(want)));
      return WaitFor([&] { return Rows(station) >= want; }, 300);
    });
  }
  bool Logged(const std::string& part) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& m : log_) {
      if (m.find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::unique_ptr<store::Store> store_;
  sqlite3* locker_ = nullptr;
  std::unique_ptr<MqttIngest> ingest_;
  std::mutex mu_;  // guards log_ and waits_
  std::vector<std::string> log_;
  std::vector<int> waits_;
  const int64_t t0_ = (store::NowMs() / 86400000 - 1) * 86400000;
};

TEST_F(MqttStoreFailureTest, ABatchTheStoreNeverTakesIsRetriedThenCounted) {
  StartIngest([this](int ms) {
    std::lock_guard<std::mutex> lock(mu_);
    waits_.push_back(ms);
    return true;
  });
  Publisher pub(port_);
  ASSERT_TRUE(PublishUntilStored(pub, "warmup", t0_, 1));
  Lock();
  ASSERT_TRUE(pub.Publish("loka/v1/farm1/readings/st1", TemperatureBatch(t0_, 3)));
  ASSERT_TRUE(WaitFor([&] { return ingest_->stats().store_failures == 1; }));
  const MqttStats s = ingest_->stats();
  EXPECT_EQ(s.store_retries, 3);  // 4 tries
  EXPECT_EQ(s.readings_lost, 3);
  {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_EQ(waits_, (std::vector<int>{10, 20, 25}));  // doubling, capped
  }
  EXPECT_TRUE(Logged("batch of 3 readings not stored after 4 tries")) << "not logged";
  Unlock();
  EXPECT_EQ(store_->GetStation("st1").status().code(), StatusCode::kNotFound)
      << "part of the lost batch was stored";
  // The store is back: the next message lands, the failure count stays.
  ASSERT_TRUE(PublishUntilStored(pub, "st1", t0_ + 3600000, 2));
  EXPECT_EQ(ingest_->stats().store_failures, 1);
}

TEST_F(MqttStoreFailureTest, ABatchIsStoredWhenTheStoreRecoversWithinTheRetries) {
  int waits = 0;
  StartIngest([this, &waits](int) {
    if (++waits == 2) Unlock();  // the store recovers before the third try
    return true;
  });
  Publisher pub(port_);
  ASSERT_TRUE(PublishUntilStored(pub, "warmup", t0_, 1));
  Lock();
  ASSERT_TRUE(pub.Publish("loka/v1/farm1/readings/st1", TemperatureBatch(t0_, 3)));
  ASSERT_TRUE(WaitFor([&] { return Rows("st1") == 3; }));
  const MqttStats s = ingest_->stats();
  EXPECT_EQ(s.store_retries, 2);
  EXPECT_EQ(s.store_failures, 0);
  EXPECT_EQ(s.readings_lost, 0);
}

class MqttClientLifecycleTest : public testing::BrokerTest {};

// A message handler that publishes through its owner's pointer to the client (as the ingest
// does when a reading raises an alert). The pointer is stored between Create and Connect, so
// even the messages a persistent session queued while the client was away, delivered as soon
// as it connects, find it set; Stop joins the network thread, after which no handler runs, so
// the owner can then let the pointer go.
TEST_F(MqttClientLifecycleTest, AHandlerMayPublishThroughItsOwnersPointerFromTheFirstMessage) {
  using channels::MqttClient;
  using channels::MqttMessage;
  testing::Subscriber in(port_, "t/in");
  testing::Subscriber out(port_, "t/out");
  ASSERT_TRUE(WaitFor([&] { return in.subscribed() && out.subscribed(); }));
  struct Owner {
    std::unique_ptr<MqttClient> client;
    std::atomic<int> handled{0};
  } owner;
  auto echo = [&owner](const MqttMessage& m) {
    ++owner.handled;
    (void)owner.client->Publish("t/out", "echo " + std::string(m.payload));
  };
  Publisher pub(port_);
  // The session's subscription is made, then the client goes away.
  Result<std::unique_ptr<MqttClient>> c = MqttClient::Create(Mqtt("echo"), {{"t/in", 1}}, echo);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  owner.client = std::move(c).value();
  ASSERT_TRUE(owner.client->Connect().ok());
  EXPECT_EQ(owner.client->Connect().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(WaitFor([&] {
    if (!out.messages().empty()) return true;
    (void)pub.Publish("t/in", "hello");
    return WaitFor([&] { return !out.messages().empty(); }, 300);
  }));
  owner.client->Stop();
  owner.client->Stop();  // idempotent
  EXPECT_EQ(owner.client->Connect().code(), StatusCode::kFailedPrecondition);
  const int handled = owner.handled;
  const size_t seen = in.messages().size();
  // Stopped: these reach the other subscriber of t/in, and wait in the session.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pub.Publish("t/in", "queued " + std::to_string(i)));
  ASSERT_TRUE(WaitFor([&] { return in.messages().size() == seen + 3; }));
  EXPECT_EQ(owner.handled, handled);
  owner.client.reset();
  // Back: the queued messages come at once, and each is answered through the owner's pointer.
  c = MqttClient::Create(Mqtt("echo"), {{"t/in", 1}}, echo);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  owner.client = std::move(c).value();
  ASSERT_TRUE(owner.client->Connect().ok());
  auto answered = [&](const std::string& text) {
    for (const auto& [topic, payload] : out.messages()) {
      if (payload == "echo " + text) return true;
    }
    return false;
  };
  ASSERT_TRUE(WaitFor([&] { return answered("queued 0") && answered("queued 2"); }))
      << "answers: " << out.messages().size();
  owner.client->Stop();
  owner.client.reset();
}

}  // namespace
}  // namespace loka::sense
