// The outbox worker against a gateway that can be switched off: replies wait, are retried with
// doubling delays (a ManualClock, no sleeping), go out when the gateway is back, and are given
// up after the attempts allowed or at once when the gateway refuses them.
#include "helpline/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/fed.h"

namespace loka::helpline {
namespace {

constexpr int64_t kT0 = 1780000000000;

// Records what it is given; fails with `fail` while it is not OK.
class RecordingGateway : public channels::SmsGateway {
 public:
  Status Send(const channels::OutgoingSms& sms) override {
    ++calls;
    if (!fail.ok()) return fail;
    sent.push_back(sms);
    return Status::Ok();
  }
  Status fail;
  int calls = 0;
  std::vector<channels::OutgoingSms> sent;
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("loka_outbox_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    store::StoreOptions so;
    so.clock = &clock_;
    Result<store::HelplineStore> s = store::HelplineStore::Open(path_.string(), so);
    ASSERT_TRUE(s.ok());
    store_ = std::make_unique<store::HelplineStore>(std::move(s).value());
    options_.clock = &clock_;
    options_.outbox_retry_initial_ms = 1000;
    options_.outbox_retry_max_ms = 4000;
    options_.outbox_max_attempts = 5;
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  int64_t Queue(const std::string& text, const std::string& encoding = "gsm7") {
    store::InboundRecord in;
    in.number = "+254700000001";
    in.text = "x";
    in.gateway = "api";
    in.received_at_ms = clock_.NowMs();
    Result<store::ReceiveOutcome> r = store_->Receive(
        in, 0, store::TicketRouting{},
        [&](const store::TicketRecord&, bool) -> Result<std::optional<store::OutboxDraft>> {
          return std::optional<store::OutboxDraft>(store::OutboxDraft{text, encoding, 1});
        });
    EXPECT_TRUE(r.ok());
    return r->reply->id;
  }

  std::filesystem::path path_;
  ManualClock clock_{kT0};
  HelplineOptions options_;
  std::unique_ptr<store::HelplineStore> store_;
  RecordingGateway gateway_;
};

TEST(RetryDelayTest, DoublesUpToTheMaximum) {
  EXPECT_EQ(RetryDelayMs(1, 1000, 60000), 1000);
  EXPECT_EQ(RetryDelayMs(2, 1000, 60000), 2000);
  EXPECT_EQ(RetryDelayMs(4, 1000, 60000), 8000);
  EXPECT_EQ(RetryDelayMs(7, 1000, 60000), 60000);
  EXPECT_EQ(RetryDelayMs(1000, 1000, 60000), 60000);
}

TEST_F(OutboxTest, RepliesWaitWhileTheGatewayIsDownAndGoOutWhenItReturns) {
  OutboxWorker worker(store_.get(), &gateway_, options_);
  const int64_t id = Queue("Asante", "gsm7");
  gateway_.fail = Unavailable("connection refused");
  EXPECT_EQ(*worker.RunOnce(), 0);
  EXPECT_EQ(store_->GetOutbound(id)->next_attempt_at_ms, kT0 + 1000);
  clock_.AdvanceMs(999);
  EXPECT_EQ(*worker.RunOnce(), 0);
  EXPECT_EQ(gateway_.calls, 1);  // not due yet: not tried
  clock_.AdvanceMs(1);
  EXPECT_EQ(*worker.RunOnce(), 0);
  EXPECT_EQ(gateway_.calls, 2);
  EXPECT_EQ(store_->GetOutbound(id)->next_attempt_at_ms, kT0 + 1000 + 2000);
  // The gateway is back; the reply goes out on its next due time.
  gateway_.fail = Status::Ok();
  clock_.AdvanceMs(2000);
  EXPECT_EQ(*worker.RunOnce(), 1);
  ASSERT_EQ(gateway_.sent.size(), 1u);
  EXPECT_EQ(gateway_.sent[0].id, id);
  EXPECT_EQ(gateway_.sent[0].to, "+254700000001");
  EXPECT_EQ(gateway_.sent[0].text, "Asante");
  EXPECT_FALSE(gateway_.sent[0].ucs2);
  Result<store::OutboxRecord> o = store_->GetOutbound(id);
  EXPECT_EQ(o->status, store::OutboxStatus::kSent);
  EXPECT_EQ(o->attempts, 3);
  EXPECT_EQ(*worker.RunOnce(), 0);  // sent once only
  EXPECT_EQ(gateway_.sent.size(), 1u);
}

TEST_F(OutboxTest, GivesUpAfterTheAttemptsAllowed) {
  OutboxWorker worker(store_.get(), &gateway_, options_);
  const int64_t id = Queue("ujumbe", "ucs2");
  gateway_.fail = Unavailable("connection refused");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(*worker.RunOnce(), 0);
    clock_.AdvanceMs(4000);
  }
  EXPECT_EQ(gateway_.calls, 5);
  EXPECT_EQ(store_->GetOutbound(id)->status, store::OutboxStatus::kFailed);
  EXPECT_EQ(store_->GetOutbound(id)->last_error, "unavailable: connection refused");
  EXPECT_EQ(*worker.RunOnce(), 0);
  EXPECT_EQ(gateway_.calls, 5);
}

TEST_F(OutboxTest, ARefusedReplyFailsAtOnce) {
  OutboxWorker worker(store_.get(), &gateway_, options_);
  const int64_t id = Queue("x");
  gateway_.fail = InvalidArgument("kannel answered 403: Authorization failed");
  EXPECT_EQ(*worker.RunOnce(), 0);
  EXPECT_EQ(store_->GetOutbound(id)->status, store::OutboxStatus::kFailed);
}

// Each reply the gateway takes is on the egress ledger (a real FedStore on the same file,
// written by the ledger's own thread): kind sms, the gateway's address, the text's bytes and
// hash, the number masked; an attempt the gateway did not take is not.
TEST_F(OutboxTest, SentRepliesAreOnTheEgressLedgerWithTheNumberMasked) {
  store::StoreOptions so;
  so.clock = &clock_;
  Result<store::FedStore> fed = store::FedStore::Open(path_.string(), so);
  ASSERT_TRUE(fed.ok()) << fed.status().ToString();
  {
    store::EgressLedger ledger(&*fed, {});
    OutboxWorker worker(store_.get(), &gateway_, options_, nullptr, &ledger);
    Queue("Asante, tiketi 1");  // 16 bytes
    gateway_.fail = Unavailable("connection refused");
    EXPECT_EQ(*worker.RunOnce(), 0);
    ASSERT_TRUE(ledger.WaitIdle(10000));
    EXPECT_EQ(ledger.recorded(), 0);
    gateway_.fail = Status::Ok();
    clock_.AdvanceMs(1000);
    EXPECT_EQ(*worker.RunOnce(), 1);
    ASSERT_TRUE(ledger.WaitIdle(10000));
    EXPECT_EQ(ledger.recorded(), 1);
  }
  Result<std::vector<store::EgressEntry>> rows = fed->ListEgress(0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const store::EgressRow& r = (*rows)[0].row;
  EXPECT_EQ(r.kind, "sms");
  EXPECT_EQ(r.destination, "sms-gateway to +*********001");
  EXPECT_EQ(r.destination.find("254700000001"), std::string::npos);
  EXPECT_EQ(r.bytes, 16);
  EXPECT_EQ(r.content_hash, store::EgressContentHash("Asante, tiketi 1"));
  EXPECT_EQ(r.time_ms, kT0 + 1000);
}

}  // namespace
}  // namespace loka::helpline
