// The helpline's tables on a real SQLite file: duplicates recorded once, threads within a
// window, replies queued with their message, the outbox's retries and delivery reports,
// corrections as labelled rows and each ticket's first one, a person's answer queued, a number
// erased everywhere, and data surviving a reopen.
#include "store/helpline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "../numbered.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

constexpr int64_t kT0 = 1780000000000;  // 2026-05-28T20:26:40Z
constexpr int64_t kWindowMs = 3600000;

InboundRecord Msg(const std::string& number, const std::string& text, const std::string& id,
                  int64_t at_ms) {
  InboundRecord in;
  in.number = number;
  in.text = text;
  in.gateway = "kannel";
  in.gateway_id = id;
  in.received_at_ms = at_ms;
  return in;
}

TicketRouting Routed(const std::string& desk, double p) {
  TicketRouting r;
  r.desk = desk;
  r.language = "swh";
  r.probability = p;
  r.status = TicketStatus::kRouted;
  r.model = "requests";
  r.model_version = 3;
  return r;
}

// A reply naming the ticket, as the helpline's acknowledgement does.
Result<std::optional<OutboxDraft>> Ack(const TicketRecord& t, bool threaded) {
  if (threaded) return std::optional<OutboxDraft>();
  OutboxDraft d;
  d.text = "ticket " + std::to_string(t.id);
  return std::optional<OutboxDraft>(d);
}

class HelplineStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    options_.clock = &clock_;
    Result<HelplineStore> s = HelplineStore::Open(dir_.File("h.db"), options_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<HelplineStore>(std::move(s).value());
  }
  testing::TempDir dir_;
  ManualClock clock_{kT0};
  StoreOptions options_;
  std::unique_ptr<HelplineStore> store_;
};

TEST_F(HelplineStoreTest, DuplicateGatewayIdIsRecordedOnce) {
  Result<ReceiveOutcome> a =
      store_->Receive(Msg("+254700000001", "maji hakuna", "k-1", kT0), kWindowMs,
                      Routed("water", 0.9), Ack);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_FALSE(a->duplicate);
  ASSERT_TRUE(a->reply.has_value());
  EXPECT_EQ(a->reply->text, "ticket " + std::to_string(a->ticket.id));
  EXPECT_EQ(a->reply->status, OutboxStatus::kQueued);
  EXPECT_EQ(a->reply->next_attempt_at_ms, kT0);

  // The same message again (a gateway's retry): the first recording answers.
  Result<ReceiveOutcome> b =
      store_->Receive(Msg("+254700000001", "maji hakuna", "k-1", kT0 + 5), kWindowMs,
                      Routed("roads", 0.8), Ack);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(b->ticket.id, a->ticket.id);
  EXPECT_EQ(b->message_id, a->message_id);
  ASSERT_TRUE(b->reply.has_value());
  EXPECT_EQ(b->reply->id, a->reply->id);
  // The same id on another number's message, or with another text, is refused: answering it
  // with the first message's ticket would drop a citizen's message.
  Result<ReceiveOutcome> forged =
      store_->Receive(Msg("+254700000009", "maji hakuna", "k-1", kT0 + 5), kWindowMs,
                      Routed("roads", 0.8), Ack);
  ASSERT_EQ(forged.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(forged.status().message(),
            "id \"k-1\" of gateway kannel was recorded for another message (another number); a "
            "gateway's message id names one message");
  Result<ReceiveOutcome> changed =
      store_->Receive(Msg("+254700000001", "something else", "k-1", kT0 + 5), kWindowMs,
                      Routed("roads", 0.8), Ack);
  ASSERT_EQ(changed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(changed.status().message(), ::testing::HasSubstr("(another text)"));
  // The same id from another gateway is another message.
  InboundRecord other = Msg("+254700000009", "x", "k-1", kT0);
  other.gateway = "api";
  Result<ReceiveOutcome> c = store_->Receive(other, kWindowMs, Routed("roads", 0.8), Ack);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->duplicate);

  Result<std::vector<TicketRecord>> all = store_->ListTickets({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  Result<std::vector<std::pair<std::string, int64_t>>> out = store_->CountOutbound();
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0], std::make_pair(std::string("queued"), int64_t{2}));
}

void ExpectSameTicket(const TicketRecord& a, const TicketRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.desk, b.desk);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.probability, b.probability);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.model_version, b.model_version);
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.updated_at_ms, b.updated_at_ms);
  EXPECT_EQ(a.last_message_at_ms, b.last_message_at_ms);
  EXPECT_EQ(a.closed_at_ms, b.closed_at_ms);
  EXPECT_EQ(a.messages, b.messages);
  EXPECT_EQ(a.first_text, b.first_text);
}

// Receive returns the ticket and the reply from the values it wrote rather than reading them
// back: they must be what a later read finds, for a new ticket and for a threaded message
// (whose time is earlier than the ticket's last: the ticket keeps the later one).
TEST_F(HelplineStoreTest, ReceiveReturnsWhatItStored) {
  Result<ReceiveOutcome> a = store_->Receive(Msg("+1", "first", "a", kT0 + 100), kWindowMs,
                                             Routed("water", 0.875), Ack);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  clock_.AdvanceMs(7);
  Result<ReceiveOutcome> b = store_->Receive(Msg("+1", "second", "b", kT0 + 50), kWindowMs,
                                             Routed("roads", 0.5),
                                             [](const TicketRecord& t, bool) {
                                               OutboxDraft d;
                                               d.text = "re " + std::to_string(t.messages);
                                               d.encoding = "ucs2";
                                               d.parts = 2;
                                               return Result<std::optional<OutboxDraft>>(d);
                                             });
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(b->threaded);
  EXPECT_EQ(b->ticket.messages, 2);
  EXPECT_EQ(b->ticket.last_message_at_ms, kT0 + 100);
  EXPECT_EQ(b->ticket.updated_at_ms, kT0 + 7);
  EXPECT_EQ(b->ticket.first_text, "first");
  for (const ReceiveOutcome* r : {&*a, &*b}) {
    ASSERT_TRUE(r->reply.has_value());
    Result<OutboxRecord> o = store_->GetOutbound(r->reply->id);
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->ticket_id, r->reply->ticket_id);
    EXPECT_EQ(o->message_id, r->message_id);
    EXPECT_EQ(o->number, r->reply->number);
    EXPECT_EQ(o->text, r->reply->text);
    EXPECT_EQ(o->encoding, r->reply->encoding);
    EXPECT_EQ(o->parts, r->reply->parts);
    EXPECT_EQ(o->status, r->reply->status);
    EXPECT_EQ(o->attempts, r->reply->attempts);
    EXPECT_EQ(o->next_attempt_at_ms, r->reply->next_attempt_at_ms);
    EXPECT_EQ(o->created_at_ms, r->reply->created_at_ms);
  }
  EXPECT_EQ(b->reply->text, "re 2");
  Result<TicketRecord> stored = store_->GetTicket(a->ticket.id);
  ASSERT_TRUE(stored.ok());
  ExpectSameTicket(b->ticket, *stored);
  // The first outcome was the ticket as it stood before the second message.
  EXPECT_EQ(a->ticket.messages, 1);
  EXPECT_EQ(a->ticket.created_at_ms, stored->created_at_ms);
  EXPECT_EQ(a->ticket.probability, 0.875);
  EXPECT_EQ(a->ticket.model_version, 3);
}

TEST_F(HelplineStoreTest, MessagesWithoutGatewayIdAreNeverDuplicates) {
  for (int i = 0; i < 2; ++i) {
    Result<ReceiveOutcome> r = store_->Receive(Msg("+1", "same", "", kT0), kWindowMs,
                                               Routed("water", 0.9), nullptr);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->duplicate);
    EXPECT_FALSE(r->reply.has_value());
  }
  Result<TicketRecord> t = store_->GetTicket(1);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->messages, 2);  // the second joined the first's ticket
}

TEST_F(HelplineStoreTest, ThreadsWithinTheWindowOnly) {
  ASSERT_TRUE(store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack)
                  .ok());
  // Within the window (measured from the ticket's last message): joins, keeps the routing.
  Result<ReceiveOutcome> b = store_->Receive(Msg("+1", "two", "b", kT0 + kWindowMs), kWindowMs,
                                             Routed("roads", 0.99), Ack);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->threaded);
  EXPECT_EQ(b->ticket.id, 1);
  EXPECT_EQ(b->ticket.desk, "water");
  EXPECT_EQ(b->ticket.messages, 2);
  EXPECT_EQ(b->ticket.first_text, "one");
  EXPECT_FALSE(b->reply.has_value());  // Ack sends none on a thread
  // One millisecond past the window from the last message: a new ticket.
  Result<ReceiveOutcome> c = store_->Receive(Msg("+1", "three", "c", kT0 + 2 * kWindowMs + 1),
                                             kWindowMs, Routed("roads", 0.99), Ack);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->threaded);
  EXPECT_EQ(c->ticket.id, 2);
  // A closed ticket is never joined.
  ASSERT_TRUE(store_->SetStatus(2, TicketStatus::kClosed).ok());
  Result<ReceiveOutcome> d = store_->Receive(Msg("+1", "four", "d", kT0 + 2 * kWindowMs + 2),
                                             kWindowMs, Routed("health", 0.7), Ack);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ticket.id, 3);
  EXPECT_EQ(d->ticket.desk, "health");
  // Another number never joins.
  Result<ReceiveOutcome> e = store_->Receive(Msg("+2", "five", "e", kT0 + 2 * kWindowMs + 2),
                                             kWindowMs, Routed("health", 0.7), Ack);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ticket.id, 4);
}

// A follow-up puts an answered ticket back in its desk's queue (new without a desk), and one
// whose bytes were broken sends the ticket to review.
TEST_F(HelplineStoreTest, FollowUpsBringTicketsBackToAPerson) {
  ASSERT_TRUE(store_->Receive(Msg("+1", "maji", "a", kT0), kWindowMs, Routed("water", 0.9), Ack)
                  .ok());
  ASSERT_TRUE(store_->Answer(1, OutboxDraft{"tanker tomorrow", "gsm7", 1}).ok());
  ASSERT_EQ(store_->GetTicket(1)->status, TicketStatus::kAnswered);
  Result<ReceiveOutcome> again =
      store_->Receive(Msg("+1", "still no tanker", "b", kT0 + 10), kWindowMs,
                      Routed("roads", 0.9), Ack);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->threaded);
  EXPECT_EQ(again->ticket.status, TicketStatus::kRouted);
  EXPECT_EQ(again->ticket.desk, "water");
  EXPECT_EQ(store_->GetTicket(1)->status, TicketStatus::kRouted);

  InboundRecord broken = Msg("+1", "caf\xEF\xBF\xBD", "c", kT0 + 20);
  broken.raw = "caf\xE9";
  broken.encoding_error = "malformed UTF-8 at byte 3";
  Result<ReceiveOutcome> b = store_->Receive(broken, kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->ticket.status, TicketStatus::kNeedsReview);
  EXPECT_EQ(store_->GetTicket(1)->status, TicketStatus::kNeedsReview);

  // A ticket no model routed goes back to new.
  ASSERT_TRUE(store_->Receive(Msg("+2", "hello", "d", kT0), kWindowMs, TicketRouting(), Ack).ok());
  ASSERT_TRUE(store_->Answer(2, OutboxDraft{"hi", "gsm7", 1}).ok());
  Result<ReceiveOutcome> c =
      store_->Receive(Msg("+2", "again", "e", kT0 + 10), kWindowMs, TicketRouting(), Ack);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->ticket.status, TicketStatus::kNew);
  EXPECT_EQ(store_->GetTicket(2)->status, TicketStatus::kNew);
}

TEST_F(HelplineStoreTest, AFailingReplyRollsTheMessageBack) {
  ReplyFn failing = [](const TicketRecord&, bool) -> Result<std::optional<OutboxDraft>> {
    return InvalidArgument("no template");
  };
  Result<ReceiveOutcome> r =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), failing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "no template");
  EXPECT_EQ(store_->ListTickets({})->size(), 0u);
  // The id was not consumed: the same delivery succeeds later.
  Result<ReceiveOutcome> again =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->duplicate);
}

TEST_F(HelplineStoreTest, BrokenBytesAreKeptBesideTheText) {
  InboundRecord in = Msg("+1", "caf\xEF\xBF\xBD", "a", kT0);
  in.raw = std::string("caf\xE9", 4);
  in.encoding_error = "malformed UTF-8 at byte 3";
  ASSERT_TRUE(store_->Receive(in, kWindowMs, Routed("water", 0.9), nullptr).ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("h.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT raw, encoding_error FROM hl_messages", -1, &st,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(std::string(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                        static_cast<size_t>(sqlite3_column_bytes(st, 0))),
            std::string("caf\xE9", 4));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))),
            "malformed UTF-8 at byte 3");
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST_F(HelplineStoreTest, CorrectionsAreLabelledRows) {
  TicketRouting review = Routed("water", 0.41);
  review.status = TicketStatus::kNeedsReview;
  ASSERT_TRUE(store_->Receive(Msg("+1", "barabara mbovu", "a", kT0), kWindowMs, review, Ack)
                  .ok());
  Result<std::vector<TicketRecord>> queue =
      store_->ListTickets({TicketStatus::kNeedsReview, "", 0, 100});
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  clock_.AdvanceMs(1000);
  Result<CorrectionRecord> c = store_->SetDesk(1, "roads");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->text, "barabara mbovu");
  EXPECT_EQ(c->suggested_desk, "water");
  EXPECT_DOUBLE_EQ(c->suggested_probability, 0.41);
  EXPECT_EQ(c->desk, "roads");
  EXPECT_EQ(c->created_at_ms, kT0 + 1000);
  Result<TicketRecord> t = store_->GetTicket(1);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->desk, "roads");
  EXPECT_EQ(t->status, TicketStatus::kRouted);
  EXPECT_DOUBLE_EQ(t->probability, 1.0);
  EXPECT_EQ(store_->ListTickets({TicketStatus::kNeedsReview, "", 0, 100})->size(), 0u);
  Result<std::vector<CorrectionRecord>> all = store_->ListCorrections();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].desk, "roads");
  EXPECT_EQ(store_->SetDesk(99, "roads").status().code(), StatusCode::kNotFound);
}

// Later corrections of a ticket record the model's suggestion too, not the desk a person gave
// before (with probability 1).
TEST_F(HelplineStoreTest, EveryCorrectionKeepsTheModelsSuggestion) {
  TicketRouting review = Routed("health", 0.41);
  review.status = TicketStatus::kNeedsReview;
  ASSERT_TRUE(store_->Receive(Msg("+1", "maji machafu", "a", kT0), kWindowMs, review, Ack).ok());
  for (const char* desk : {"water", "water", "roads"}) {
    Result<CorrectionRecord> c = store_->SetDesk(1, desk);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->suggested_desk, "health") << desk;
    EXPECT_DOUBLE_EQ(c->suggested_probability, 0.41) << desk;
  }
  Result<std::vector<CorrectionRecord>> all = store_->ListCorrections();
  ASSERT_EQ(all->size(), 3u);
  for (const CorrectionRecord& c : *all) {
    EXPECT_EQ(c.suggested_desk, "health");
    EXPECT_DOUBLE_EQ(c.suggested_probability, 0.41);
  }
  EXPECT_EQ((*all)[2].desk, "roads");
  EXPECT_EQ(store_->GetTicket(1)->desk, "roads");
}

TEST_F(HelplineStoreTest, OutboxRetriesAndDeliveryReports) {
  Result<ReceiveOutcome> r =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(r.ok());
  const int64_t id = r->reply->id;
  EXPECT_EQ(store_->DueOutbound(kT0 - 1, 10)->size(), 0u);
  ASSERT_EQ(store_->DueOutbound(kT0, 10)->size(), 1u);
  ASSERT_TRUE(store_->MarkAttemptFailed(id, "connection refused", kT0 + 500, false).ok());
  EXPECT_EQ(store_->DueOutbound(kT0 + 499, 10)->size(), 0u);
  EXPECT_EQ(*store_->NextDueMs(), std::optional<int64_t>(kT0 + 500));
  Result<std::vector<OutboxRecord>> due = store_->DueOutbound(kT0 + 500, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 1);
  EXPECT_EQ((*due)[0].last_error, "connection refused");
  ASSERT_TRUE(store_->MarkHandingOver(id).ok());
  ASSERT_TRUE(store_->MarkSent(id).ok());
  EXPECT_FALSE(store_->NextDueMs()->has_value());
  ASSERT_TRUE(store_->MarkDelivery(id, true, "").ok());
  Result<OutboxRecord> o = store_->GetOutbound(id);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->status, OutboxStatus::kDelivered);
  EXPECT_EQ(o->attempts, 2);
  EXPECT_EQ(o->delivered_at_ms, kT0);
  EXPECT_EQ(store_->MarkDelivery(12345, true, "").status().code(), StatusCode::kNotFound);
  // Giving up marks it failed; it is no longer due.
  Result<OutboxRecord> hand = store_->Enqueue(r->ticket.id, "+1", OutboxDraft{"by hand", "gsm7", 1});
  ASSERT_TRUE(hand.ok());
  ASSERT_TRUE(store_->MarkAttemptFailed(hand->id, "rejected", kT0, true).ok());
  EXPECT_EQ(store_->GetOutbound(hand->id)->status, OutboxStatus::kFailed);
  EXPECT_EQ(store_->DueOutbound(kT0 + 10000, 10)->size(), 0u);
  EXPECT_EQ(store_->Enqueue(777, "+1", OutboxDraft{}).status().code(), StatusCode::kNotFound);
}

TEST_F(HelplineStoreTest, ADeliveryReportBeforeTheSendAnswerStays) {
  Result<ReceiveOutcome> r =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(store_->MarkHandingOver(r->reply->id).ok());
  Result<DeliveryReportOutcome> report = store_->MarkDelivery(r->reply->id, true, "");
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->applied);
  ASSERT_TRUE(store_->MarkSent(r->reply->id).ok());
  Result<OutboxRecord> o = store_->GetOutbound(r->reply->id);
  EXPECT_EQ(o->status, OutboxStatus::kDelivered);
  EXPECT_EQ(o->attempts, 1);
}

// A report for a reply never handed to the gateway changes nothing (it would never be sent),
// and delivered is final.
TEST_F(HelplineStoreTest, DeliveryReportsChangeOnlyHandedOverRowsAndDeliveredIsFinal) {
  Result<ReceiveOutcome> r =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(r.ok());
  const int64_t id = r->reply->id;
  Result<DeliveryReportOutcome> early = store_->MarkDelivery(id, false, "type 16");
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_FALSE(early->applied);
  EXPECT_EQ(early->ignored, "outbound message " + std::to_string(id) +
                                " was never handed to the gateway (queued)");
  EXPECT_EQ(store_->GetOutbound(id)->status, OutboxStatus::kQueued);
  EXPECT_EQ(store_->DueOutbound(kT0, 10)->size(), 1u);

  ASSERT_TRUE(store_->MarkHandingOver(id).ok());
  ASSERT_TRUE(store_->MarkSent(id).ok());
  EXPECT_TRUE(store_->MarkDelivery(id, true, "")->applied);
  Result<DeliveryReportOutcome> late = store_->MarkDelivery(id, false, "type 2");
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->applied);
  EXPECT_EQ(late->ignored, "outbound message " + std::to_string(id) + " is already delivered");
  Result<OutboxRecord> o = store_->GetOutbound(id);
  EXPECT_EQ(o->status, OutboxStatus::kDelivered);
  EXPECT_EQ(o->last_error, "");
  EXPECT_EQ(o->delivered_at_ms, kT0);

  // A failure report on a sent row is taken, and a later delivery still counts.
  Result<OutboxRecord> hand = store_->Enqueue(r->ticket.id, "+1", OutboxDraft{"x", "gsm7", 1});
  ASSERT_TRUE(store_->MarkHandingOver(hand->id).ok());
  ASSERT_TRUE(store_->MarkSent(hand->id).ok());
  EXPECT_TRUE(store_->MarkDelivery(hand->id, false, "type 2")->applied);
  EXPECT_EQ(store_->GetOutbound(hand->id)->status, OutboxStatus::kFailed);
  EXPECT_TRUE(store_->MarkDelivery(hand->id, true, "")->applied);
  EXPECT_EQ(store_->GetOutbound(hand->id)->status, OutboxStatus::kDelivered);
}

TEST_F(HelplineStoreTest, ConcurrentMessagesShareCommitsYetStaySeparate) {
  // 8 threads x 25 messages: ids 0..99 from 4 threads, each id twice (two gateways' retries
  // racing), and a failing reply on every 10th id of the other 4 threads' own ids.
  std::vector<std::thread> threads;
  std::atomic<int> firsts{0}, duplicates{0}, failed{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const int id = t < 4 ? (t % 2) * 25 + i : 100 + t * 25 + i;
        const bool fail = t >= 4 && i % 10 == 0;
        ReplyFn reply = [fail](const TicketRecord& tr, bool threaded) {
          if (fail) return Result<std::optional<OutboxDraft>>(InvalidArgument("no template"));
          return Ack(tr, threaded);
        };
        Result<ReceiveOutcome> r = store_->Receive(
            Msg(testing::Numbered("+", 1000 + id), "m", testing::Numbered("id-", id), kT0),
            kWindowMs, Routed("water", 0.9), reply);
        if (!r.ok()) {
          ++failed;
        } else if (r->duplicate) {
          ++duplicates;
        } else {
          ++firsts;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(firsts.load(), 50 + 100 - 12);
  EXPECT_EQ(duplicates.load(), 50);
  EXPECT_EQ(failed.load(), 12);
  TicketQuery all;
  all.limit = 1000;
  EXPECT_EQ(store_->ListTickets(all)->size(), 138u);
  EXPECT_EQ(store_->DueOutbound(kT0, 1000)->size(), 138u);
}

TEST_F(HelplineStoreTest, EraseNumberRemovesEveryRowCarryingIt) {
  ASSERT_TRUE(store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack)
                  .ok());
  ASSERT_TRUE(store_->SetDesk(1, "roads").ok());
  ASSERT_TRUE(store_->Receive(Msg("+2", "two", "b", kT0), kWindowMs, Routed("water", 0.9), Ack)
                  .ok());
  Result<int64_t> erased = store_->EraseNumber("+1");
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(*erased, 1);
  Result<std::vector<TicketRecord>> left = store_->ListTickets({});
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].number, "+2");
  EXPECT_EQ(store_->ListCorrections()->size(), 0u);
  Result<std::vector<std::pair<std::string, int64_t>>> out = store_->CountOutbound();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].second, 1);
}

// An erased number's ids are never given again: its ticket number was texted to it, and a late
// delivery report for its SMS must not land on someone else's.
TEST_F(HelplineStoreTest, IdsAreNotReusedAfterAnErasure) {
  Result<ReceiveOutcome> first =
      store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->reply.has_value());
  ASSERT_TRUE(store_->SetDesk(first->ticket.id, "roads").ok());
  ASSERT_TRUE(store_->EraseNumber("+1").ok());
  Result<ReceiveOutcome> next =
      store_->Receive(Msg("+2", "two", "b", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_GT(next->ticket.id, first->ticket.id);
  EXPECT_GT(next->message_id, first->message_id);
  ASSERT_TRUE(next->reply.has_value());
  EXPECT_GT(next->reply->id, first->reply->id);
  EXPECT_EQ(store_->MarkDelivery(first->reply->id, false, "late").status().code(),
            StatusCode::kNotFound);
  Result<CorrectionRecord> c = store_->SetDesk(next->ticket.id, "roads");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->id, 2);
}

// The first review of each ticket judges the model's suggestion; a correction whose ticket was
// deleted counts as a first of its own.
TEST_F(HelplineStoreTest, FirstCorrectionOfEachTicket) {
  for (const char* number : {"+1", "+2"}) {
    ASSERT_TRUE(store_->Receive(Msg(number, "text", number, kT0), kWindowMs,
                                Routed("water", 0.7), Ack).ok());
  }
  ASSERT_TRUE(store_->SetDesk(1, "roads").ok());
  clock_.AdvanceMs(10);
  ASSERT_TRUE(store_->SetDesk(1, "health").ok());
  ASSERT_TRUE(store_->SetDesk(2, "water").ok());
  Result<std::vector<CorrectionRecord>> firsts = store_->ListFirstCorrections(0);
  ASSERT_TRUE(firsts.ok()) << firsts.status().ToString();
  ASSERT_EQ(firsts->size(), 2u);
  EXPECT_EQ((*firsts)[0].ticket_id, 1);
  EXPECT_EQ((*firsts)[0].suggested_desk, "water");
  EXPECT_EQ((*firsts)[0].desk, "roads");
  EXPECT_EQ((*firsts)[1].ticket_id, 2);
  EXPECT_EQ((*firsts)[1].desk, "water");
  // Ticket 1's first review is older than the window, and its second is not a first.
  Result<std::vector<CorrectionRecord>> recent = store_->ListFirstCorrections(kT0 + 5);
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].ticket_id, 2);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("h.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM hl_tickets WHERE id = 1",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  Result<std::vector<CorrectionRecord>> orphans = store_->ListFirstCorrections(0);
  ASSERT_EQ(orphans->size(), 3u);
  EXPECT_EQ((*orphans)[0].ticket_id, 0);
  EXPECT_EQ((*orphans)[1].ticket_id, 0);
}

TEST_F(HelplineStoreTest, AnswerQueuesToTheTicketsNumberUnlessClosed) {
  ASSERT_TRUE(store_->Receive(Msg("+254700000001", "maji", "a", kT0), kWindowMs,
                              Routed("water", 0.9), Ack).ok());
  OutboxDraft d;
  d.text = "The water team comes tomorrow";
  Result<OutboxRecord> o = store_->Answer(1, d);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->number, "+254700000001");
  EXPECT_EQ(o->ticket_id, 1);
  EXPECT_EQ(o->message_id, 0);
  EXPECT_EQ(o->text, d.text);
  EXPECT_EQ(o->status, OutboxStatus::kQueued);
  EXPECT_EQ(o->next_attempt_at_ms, kT0);
  EXPECT_EQ(store_->GetTicket(1)->status, TicketStatus::kAnswered);
  ASSERT_TRUE(store_->SetStatus(1, TicketStatus::kClosed).ok());
  Result<OutboxRecord> closed = store_->Answer(1, d);
  EXPECT_EQ(closed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(closed.status().message(), "ticket 1 is closed; reopen it before replying");
  EXPECT_EQ(store_->GetTicket(1)->status, TicketStatus::kClosed);
  EXPECT_EQ(store_->Answer(9, d).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DueOutbound(kT0, 10)->size(), 2u);  // the acknowledgement and the answer
}

TEST_F(HelplineStoreTest, EverythingSurvivesAReopen) {
  ASSERT_TRUE(store_->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack)
                  .ok());
  store_.reset();
  Result<HelplineStore> again = HelplineStore::Open(dir_.File("h.db"), options_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ListTickets({})->size(), 1u);
  EXPECT_EQ(again->DueOutbound(kT0, 10)->size(), 1u);
  // Still a duplicate after the reopen.
  Result<ReceiveOutcome> dup =
      again->Receive(Msg("+1", "one", "a", kT0), kWindowMs, Routed("water", 0.9), Ack);
  ASSERT_TRUE(dup.ok());
  EXPECT_TRUE(dup->duplicate);
}

TEST(TicketStatusTest, NamesRoundTrip) {
  for (TicketStatus s : {TicketStatus::kNew, TicketStatus::kRouted, TicketStatus::kNeedsReview,
                         TicketStatus::kAnswered, TicketStatus::kClosed}) {
    Result<TicketStatus> back = ParseTicketStatus(TicketStatusName(s));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, s);
  }
  Result<TicketStatus> bad = ParseTicketStatus("open");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("needs_review"), std::string::npos);
}

}  // namespace
}  // namespace loka::store
