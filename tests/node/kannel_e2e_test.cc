// The helpline with the real Kannel on loopback: bearerbox, smsbox and kannel-extras' fakesmsc
// (the fake phone's SMSC) started by the test with a configuration it writes, and `loka serve`
// as a process. A message from the fake phone becomes a ticket at the right desk and the
// acknowledgement reaches the phone within 2 s; with Kannel stopped a reply waits in the outbox,
// survives the node being SIGKILLed, and goes out when Kannel is back; a frost alert reaches
// the phone subscribed to its station. Skipped (with the reason) when Kannel is not installed (Debian packages kannel and kannel-extras).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "../core/free_ports.h"
#include "core/time.h"
#include "learn/dataset.h"
#include "learn/trainer.h"
#include "node_fixture.h"
#include "serve_process.h"
#include "store/helpline.h"

namespace loka::node {
namespace {

const char* const kBearerbox = "/usr/sbin/bearerbox";
const char* const kSmsbox = "/usr/sbin/smsbox";
const char* const kFakeSmsc = "/usr/lib/kannel/test/fakesmsc";
const char* const kToken = "e2e-token";
const char* const kSendsmsPassword = "e2e-password";

// A child process with stdout and stderr in `log`; SIGTERM and reaped on Stop or destruction.
class Child {
 public:
  Child(std::vector<std::string> args, const std::string& log) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Child() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `done` every 20 ms until it holds or `timeout_ms` pass; true when it held.
template <typename F>
bool WaitFor(F done, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class KannelE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* bin : {kBearerbox, kSmsbox, kFakeSmsc}) {
      if (access(bin, X_OK) != 0) {
        GTEST_SKIP() << bin << " is not installed (Debian packages kannel, kannel-extras)";
      }
    }
    ASSERT_FALSE(dir_.path().empty());
    const std::vector<int> ports = loka::testing::FreePorts(4);
    ASSERT_EQ(ports.size(), 4u);
    admin_port_ = ports[0];
    box_port_ = ports[1];
    smsc_port_ = ports[2];
    sendsms_port_ = ports[3];
    db_ = dir_.File("node.db");
    // The demo desk model, trained here (seeded, one thread) and seeded into the node.
    learn::ReadStats stats;
    Result<std::vector<learn::LabelledText>> rows = learn::ReadLabelledFile(
        std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv", learn::ReadOptions{}, &stats);
    ASSERT_TRUE(rows.ok());
    learn::TrainOptions o;
    o.threads = 1;
    o.seed = 7;
    Result<learn::ModelData> data = learn::Train(*rows, o);
    ASSERT_TRUE(data.ok());
    std::ofstream(dir_.File("requests.bin")) << *learn::SerializeModel(*data);
    std::ofstream(dir_.File("token")) << kToken << "\n";
    std::ofstream(dir_.File("password")) << kSendsmsPassword << "\n";
  }

  void StartNode() {
    node_ = std::make_unique<ServeProcess>(
        db_, std::vector<std::string>{
                 "--seed-model", "requests=" + dir_.File("requests.bin"), "--helpline-model",
                 "requests", "--langid-model", std::string(LOKA_BINARY_DIR) + "/models/langid.bin",
                 "--kannel", "127.0.0.1:" + std::to_string(sendsms_port_), "--kannel-username",
                 "loka", "--kannel-password-file", dir_.File("password"), "--kannel-token-file",
                 dir_.File("token")});
    ASSERT_GT(node_->port(), 0) << node_->ready_line();
    key_ = AddKey(db_, store::Scope::kWrite);
  }

  // bearerbox and smsbox with a configuration naming the node's current port; waits until
  // smsbox's sendsms port accepts connections.
  void StartKannel() {
    std::ofstream conf(dir_.File("kannel.conf"));
    conf << "group = core\nadmin-port = " << admin_port_ << "\nadmin-password = e2e\n"
         << "smsbox-port = " << box_port_ << "\nbox-allow-ip = 127.0.0.1\nlog-level = 1\n"
         << "dlr-storage = internal\n\n"
         << "group = smsc\nsmsc = fake\nsmsc-id = fake\nport = " << smsc_port_
         << "\nconnect-allow-ip = 127.0.0.1\n\n"
         << "group = smsbox\nbearerbox-host = 127.0.0.1\nbearerbox-port = " << box_port_
         << "\nsendsms-port = " << sendsms_port_ << "\nglobal-sender = 1234\nlog-level = 1\n\n"
         << "group = sendsms-user\nusername = loka\npassword = " << kSendsmsPassword
         << "\nmax-messages = 10\nconcatenation = true\n\n"
         << "group = sms-service\nkeyword = default\ncatch-all = true\nmax-messages = 0\n"
         << "get-url = \"http://127.0.0.1:" << node_->port() << "/v1/kannel/incoming?token="
         << kToken << "&from=%p&to=%P&text=%b&coding=%c&charset=%C&id=%I\"\n";
    conf.close();
    bearerbox_ = std::make_unique<Child>(
        std::vector<std::string>{kBearerbox, dir_.File("kannel.conf")}, dir_.File("bb.log"));
    ASSERT_TRUE(WaitFor([&] { return CanConnect(box_port_); }, 10000)) << ReadAll(dir_.File("bb.log"));
    smsbox_ = std::make_unique<Child>(
        std::vector<std::string>{kSmsbox, dir_.File("kannel.conf")}, dir_.File("sms.log"));
    ASSERT_TRUE(WaitFor([&] { return CanConnect(sendsms_port_); }, 10000))
        << ReadAll(dir_.File("sms.log"));
  }

  void StopKannel() {
    phone_.reset();
    smsbox_.reset();
    bearerbox_.reset();
  }

  // The fake phone: fakesmsc connected to bearerbox's fake SMSC, sending `messages` (one
  // "sender receiver text ..." line; none when empty) and logging what it receives.
  void StartPhone(const std::string& message, const std::string& log) {
    std::vector<std::string> args = {kFakeSmsc, "-H", "127.0.0.1", "-r", std::to_string(smsc_port_),
                                     "-i", "0.1", "-m", message.empty() ? "0" : "1",
                                     message.empty() ? "1 2 text unused" : message};
    phone_ = std::make_unique<Child>(args, log);
  }

  static bool CanConnect(int port) {
    const int fd = ConnectLoopback(port, 1000);
    if (fd < 0) return false;
    close(fd);
    return true;
  }

  Json Tickets() {
    Reply r = Call(node_->port(), "GET", "/v1/tickets", "", key_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["tickets"];
  }

  TempDir dir_;
  int admin_port_ = 0, box_port_ = 0, smsc_port_ = 0, sendsms_port_ = 0;
  std::string db_, key_;
  std::unique_ptr<ServeProcess> node_;
  // Declared after the node: stopped first.
  std::unique_ptr<Child> bearerbox_, smsbox_, phone_;
};

TEST_F(KannelE2eTest, PhoneToTicketAndBackThroughKannelAcrossOutagesAndAKill) {
  ASSERT_NO_FATAL_FAILURE(StartNode());
  ASSERT_NO_FATAL_FAILURE(StartKannel());

  // 1. A message from the fake phone: a ticket at the water desk, the acknowledgement back at
  // the phone within 2 s.
  const std::string phone_log = dir_.File("phone1.log");
  const auto sent = std::chrono::steady_clock::now();
  StartPhone("+254700000001 1234 text Hakuna maji kwenye bomba tangu jana", phone_log);
  ASSERT_TRUE(WaitFor([&] { return ReadAll(phone_log).find("Got message") != std::string::npos; },
                      10000))
      << ReadAll(phone_log) << ReadAll(dir_.File("sms.log"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  std::printf("fake phone -> Kannel -> node -> ticket -> outbox -> Kannel -> fake phone: %.3f s\n",
              seconds);
  EXPECT_LT(seconds, 2.0);
  Json tickets = Tickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0]["desk"], "water");
  EXPECT_EQ(tickets[0]["number"], "+254700000001");
  const std::string ack = "Asante. Ujumbe wako ni tiketi " +
                          std::to_string(tickets[0]["id"].get<int64_t>()) +
                          "; wafanyakazi wetu watajibu hivi karibuni.";
  if (tickets[0]["status"] == "routed") {
    EXPECT_THAT(ReadAll(phone_log), ::testing::HasSubstr("<1234 +254700000001 text " + ack + ">"));
  }

  // 2. Kannel stops. A message through the webhook: its reply waits in the outbox.
  StopKannel();
  Reply r = Call(node_->port(), "POST", "/v1/messages",
                 Json{{"from", "+254700000005"}, {"text", "The road to the clinic is flooded"}}
                     .dump(),
                 key_);
  ASSERT_EQ(r.status, 201) << r.body;
  Result<store::HelplineStore> outbox = store::HelplineStore::Open(db_);
  ASSERT_TRUE(outbox.ok());
  auto queued_and_tried = [&] {
    Result<std::vector<store::OutboxRecord>> due = outbox->DueOutbound(int64_t{1} << 50, 10);
    return due.ok() && due->size() == 1 && (*due)[0].attempts >= 1;
  };
  ASSERT_TRUE(WaitFor(queued_and_tried, 10000));

  // 3. The node is SIGKILLed and restarted: the tickets and the queued reply are all there.
  node_->Signal(SIGKILL);
  ASSERT_NO_FATAL_FAILURE(StartNode());
  EXPECT_EQ(Tickets().size(), 2u);
  Result<std::vector<store::OutboxRecord>> still = outbox->DueOutbound(int64_t{1} << 50, 10);
  ASSERT_TRUE(still.ok());
  ASSERT_EQ(still->size(), 1u);
  EXPECT_EQ((*still)[0].number, "+254700000005");

  // 4. Kannel is back: the reply goes out to the phone.
  ASSERT_NO_FATAL_FAILURE(StartKannel());
  const std::string phone2_log = dir_.File("phone2.log");
  StartPhone("", phone2_log);
  ASSERT_TRUE(WaitFor(
      [&] { return ReadAll(phone2_log).find("+254700000005") != std::string::npos; }, 30000))
      << ReadAll(phone2_log) << ReadAll(dir_.File("sms.log"));
  ASSERT_TRUE(WaitFor([&] { return outbox->DueOutbound(int64_t{1} << 50, 10)->empty(); }, 5000));

  // 5. The reply is on the sovereignty ledger: kind sms, to Kannel's sendsms, the number
  // masked. (The first reply's record may have been queued when the node was killed: the
  // ledger's documented loss.) No entry carries a number in clear.
  auto sms_entries = [&] {
    Reply e = Call(node_->port(), "GET", "/v1/egress", "", key_);
    Json out = Json::array();
    if (e.status != 200) return out;
    for (const Json& entry : e.json["entries"]) {
      if (entry["kind"] == "sms") out.push_back(entry);
    }
    return out;
  };
  const std::string masked_to = " to +*********005";
  ASSERT_TRUE(WaitFor([&] {
    for (const Json& e : sms_entries()) {
      if (e["destination"].get<std::string>().find(masked_to) != std::string::npos) return true;
    }
    return false;
  }, 5000));
  for (const Json& e : sms_entries()) {
    const std::string dest = e["destination"];
    EXPECT_EQ(dest.rfind("http://127.0.0.1:" + std::to_string(sendsms_port_) +
                             "/cgi-bin/sendsms to +*********00", 0), 0u) << dest;
    EXPECT_EQ(dest.find("254700"), std::string::npos) << dest;
    EXPECT_GT(e["bytes"].get<int64_t>(), 0);
  }
}

// A frost warning raised by readings posted to the node reaches the fake phone subscribed to
// the station, as an SMS through the outbox and Kannel.
TEST_F(KannelE2eTest, FrostAlertReachesTheSubscribedPhoneThroughKannel) {
  ASSERT_NO_FATAL_FAILURE(StartNode());
  ASSERT_NO_FATAL_FAILURE(StartKannel());
  const std::string phone_log = dir_.File("phone_alert.log");
  StartPhone("", phone_log);
  const int port = node_->port();
  ASSERT_LT(Call(port, "PUT", "/v1/stations/hill", Json{{"name", "Hill"}}.dump(), key_).status,
            300);
  Reply s = Call(port, "POST", "/v1/helpline/subscriptions",
                 Json{{"number", "+254700000009"}, {"station", "hill"}}.dump(), key_);
  ASSERT_EQ(s.status, 201) << s.body;
  // 1.5 and 1.2 °C, twenty and ten minutes ago: a frost warning now.
  const int64_t now = DefaultClock().NowMs();
  Json readings = Json::array();
  for (int i = 0; i < 2; ++i) {
    readings.push_back({{"station", "hill"}, {"sensor", "air_temperature"},
                        {"time_ms", now - (2 - i) * 600000}, {"value", i == 0 ? 1.5 : 1.2},
                        {"unit", "C"}});
  }
  Reply r = Call(port, "POST", "/v1/readings", Json{{"readings", readings}}.dump(), key_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(WaitFor(
      [&] {
        return ReadAll(phone_log).find("<1234 +254700000009 text Frost alert for Hill: "
                                       "temperatures at or below freezing.") != std::string::npos;
      },
      15000))
      << ReadAll(phone_log) << ReadAll(dir_.File("sms.log"));
  // On the egress ledger like every SMS, the number masked.
  EXPECT_TRUE(WaitFor(
      [&] {
        Reply e = Call(port, "GET", "/v1/egress", "", key_);
        for (const Json& entry : e.json.value("entries", Json::array())) {
          const std::string d = entry.value("destination", "");
          if (entry["kind"] == "sms" && d.size() > 13 && d.substr(d.size() - 13) == "+*********009") {
            return true;
          }
        }
        return false;
      },
      5000));
}

}  // namespace
}  // namespace loka::node
