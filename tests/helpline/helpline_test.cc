// The pipeline end to end below HTTP: a real desk model trained on the demo requests, the
// default language-ID model, a real SQLite file. Routing, abstention, threads, duplicates,
// broken encodings, bad input, corrections; and the abstention target measured on the demo's
// held-out lines.
#include "helpline/helpline.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "learn/calibration.h"
#include "learn/dataset.h"
#include "learn/trainer.h"
#include "text/json.h"

namespace loka::helpline {
namespace {

constexpr int64_t kT0 = 1780000000000;
const std::string kTrain = std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv";
const std::string kEval = std::string(LOKA_TESTDATA_DIR) + "/demo/requests_eval.tsv";
const std::string kLangid = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";

// The demo desk model, trained once for the whole suite (seeded, one thread: deterministic).
std::shared_ptr<const learn::Model> DemoModel() {
  static std::shared_ptr<const learn::Model> model = [] {
    learn::ReadStats stats;
    Result<std::vector<learn::LabelledText>> rows =
        learn::ReadLabelledFile(kTrain, learn::ReadOptions{}, &stats);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    learn::TrainOptions o;
    o.threads = 1;
    o.seed = 7;
    Result<learn::ModelData> data = learn::Train(*rows, o);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    Result<std::string> bytes = learn::SerializeModel(*data);
    Result<learn::Model> m = learn::Model::FromBytes(*bytes, "requests");
    EXPECT_TRUE(m.ok());
    return std::make_shared<const learn::Model>(std::move(m).value());
  }();
  return model;
}

std::shared_ptr<const langid::Identifier> Langid() {
  static std::shared_ptr<const langid::Identifier> id = [] {
    Result<langid::Identifier> l = langid::Identifier::Load(kLangid);
    return l.ok() ? std::make_shared<const langid::Identifier>(std::move(l).value()) : nullptr;
  }();
  return id;
}

class HelplineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("loka_helpline_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::StoreOptions so;
    so.clock = &clock_;
    Result<store::HelplineStore> s = store::HelplineStore::Open((dir_ / "h.db").string(), so);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<store::HelplineStore>(std::move(s).value());
    options_.desk_model = "requests";
    options_.clock = &clock_;
    ASSERT_NE(Langid(), nullptr) << "no language-ID model at " << kLangid;
  }
  void TearDown() override {
    helpline_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Create(bool with_model = true) {
    auto id = Langid();
    LanguageFn lang = [id](std::string_view t, langid::LangResult* out) {
      return id->Identify(t, langid::IdentifyOptions{}, out);
    };
    DeskModelFn desk = [with_model] {
      return with_model ? DeskModel{DemoModel(), "requests", 1} : DeskModel{};
    };
    Result<std::unique_ptr<Helpline>> h = Helpline::Create(options_, store_.get(), lang, desk);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    helpline_ = std::move(h).value();
  }
  Result<MessageResult> Send(const std::string& from, const std::string& text,
                             const std::string& id = "") {
    IncomingMessage m;
    m.from = from;
    m.text = text;
    m.gateway_id = id;
    return helpline_->Receive(m);
  }

  std::filesystem::path dir_;
  ManualClock clock_{kT0};
  HelplineOptions options_;
  std::unique_ptr<store::HelplineStore> store_;
  std::unique_ptr<Helpline> helpline_;
};

TEST_F(HelplineTest, RoutesToTheRightDeskAndAcknowledges) {
  Create();
  Result<MessageResult> r = Send("+254 700 000 001", "Hakuna maji kwenye bomba tangu jana", "g1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->ticket.number, "+254700000001");
  EXPECT_EQ(r->language, "swh");
  EXPECT_EQ(r->ticket.desk, "water");
  EXPECT_EQ(r->ticket.model, "requests");
  EXPECT_GT(r->ticket.probability, 0.5);
  ASSERT_TRUE(r->reply.has_value());
  if (r->ticket.status == store::TicketStatus::kRouted) {
    EXPECT_EQ(r->reply->text, "Asante. Ujumbe wako ni tiketi " + std::to_string(r->ticket.id) +
                                  "; wafanyakazi wetu watajibu hivi karibuni.");
  }
  EXPECT_EQ(r->reply->encoding, "gsm7");
  EXPECT_EQ(r->reply->parts, 1);
  // The threshold in force is the calibration's, which training chose for a 5% error target.
  EXPECT_EQ(DemoModel()->calibration().target_error, 0.05f);
  EXPECT_DOUBLE_EQ(helpline_->ThresholdFor(*DemoModel()), DemoModel()->calibration().threshold);
}

TEST_F(HelplineTest, HindiTypedInLatinLettersIsAnsweredInLatinLetters) {
  Create();
  Result<MessageResult> latin =
      Send("+91 98000 00001", "subah se light nahi hai, transformer jal gaya");
  ASSERT_TRUE(latin.ok()) << latin.status().ToString();
  ASSERT_EQ(latin->language, "hin");
  ASSERT_TRUE(latin->reply.has_value());
  EXPECT_EQ(latin->reply->text, "Dhanyavaad. Aapka sandesh ticket " +
                                    std::to_string(latin->ticket.id) +
                                    " hai; hum jald jawab denge.");
  EXPECT_EQ(latin->reply->encoding, "gsm7");
  Result<MessageResult> deva = Send("+91 98000 00002", "रात से बिजली गायब है, पूरे गांव में अंधेरा है");
  ASSERT_TRUE(deva.ok()) << deva.status().ToString();
  ASSERT_EQ(deva->language, "hin");
  ASSERT_TRUE(deva->reply.has_value());
  EXPECT_EQ(deva->reply->encoding, "ucs2");
  EXPECT_NE(deva->reply->text.find("धन्यवाद"), std::string::npos) << deva->reply->text;
}

TEST_F(HelplineTest, ThresholdOverrideSendsToReview) {
  options_.confidence_threshold = 1.01;  // nothing is that sure
  Create();
  Result<MessageResult> r = Send("+1555000111", "The road to the market is full of potholes");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ticket.status, store::TicketStatus::kNeedsReview);
  EXPECT_EQ(r->ticket.desk, "roads");  // the suggestion stays for the reviewer
  ASSERT_TRUE(r->reply.has_value());
  EXPECT_EQ(r->reply->text, "Thank you. Your message is ticket " + std::to_string(r->ticket.id) +
                                "; our staff will reply soon.");
  options_.confidence_threshold = 0;
  Create();
  Result<MessageResult> all = Send("+1555000222", "The road to the market is full of potholes");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->ticket.status, store::TicketStatus::kRouted);
  EXPECT_EQ(all->reply->text, "Thank you. The roads desk has your message as ticket " +
                                  std::to_string(all->ticket.id) + ".");
}

TEST_F(HelplineTest, NoModelMeansNewTicketsWithoutDesk) {
  Create(/*with_model=*/false);
  Result<MessageResult> r = Send("+1555000111", "hello");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ticket.status, store::TicketStatus::kNew);
  EXPECT_EQ(r->ticket.desk, "");
  EXPECT_TRUE(r->reply.has_value());
}

TEST_F(HelplineTest, ThreadsAndDuplicates) {
  Create();
  Result<MessageResult> a = Send("+1555000111", "No water in Kibera since Monday", "k1");
  ASSERT_TRUE(a.ok());
  clock_.AdvanceMs(60000);
  Result<MessageResult> b = Send("+1555000111", "Still no water, please help", "k2");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->threaded);
  EXPECT_EQ(b->ticket.id, a->ticket.id);
  EXPECT_EQ(b->ticket.messages, 2);
  EXPECT_FALSE(b->reply.has_value());  // one acknowledgement per ticket
  Result<MessageResult> again = Send("+1555000111", "No water in Kibera since Monday", "k1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->reply->id, a->reply->id);
  EXPECT_EQ(store_->GetTicket(a->ticket.id)->messages, 2);
  // Past the window: a new ticket.
  clock_.AdvanceMs(options_.thread_window_ms + 1);
  Result<MessageResult> later = Send("+1555000111", "The clinic has no nurse today", "k3");
  ASSERT_TRUE(later.ok());
  EXPECT_NE(later->ticket.id, a->ticket.id);
}

// A replay answers with what was recorded, the ticket's language included, not one worked out
// again from the replayed text; a gateway id over the limit is refused, never cut.
TEST_F(HelplineTest, ReplaysAnswerWithTheRecordedTicketAndLongIdsAreRefused) {
  Create();
  Result<MessageResult> a = Send("+254744444441", "Hakuna maji kwenye bomba tangu jana", "g-1");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->ticket.language, "swh");
  Result<MessageResult> b = Send("+254744444441", "There is still no water in our street", "g-2");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->threaded);
  ASSERT_EQ(b->language, "eng");
  Result<MessageResult> replay =
      Send("+254744444441", "There is still no water in our street", "g-2");
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_TRUE(replay->duplicate);
  EXPECT_EQ(replay->language, "swh");
  Result<MessageResult> other = Send("+254744444442", "Hakuna umeme", "g-1");
  EXPECT_EQ(other.status().code(), StatusCode::kFailedPrecondition);

  Result<MessageResult> long_id = Send("+254744444443", "Hakuna umeme", std::string(129, 'k'));
  ASSERT_EQ(long_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(long_id.status().message(),
            "id: the gateway's message id has 129 bytes; at most 128 are accepted");
  EXPECT_TRUE(Send("+254744444443", "Hakuna umeme", std::string(128, 'k')).ok());
}

TEST_F(HelplineTest, BrokenEncodingIsKeptFlaggedAndReviewed) {
  options_.confidence_threshold = 0;  // would route anything that was well formed
  Create();
  Result<MessageResult> r = Send("+1555000111", std::string("Hakuna maji \xFF\xFE tangu jana"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->encoding_error, "malformed UTF-8 at byte 12");
  EXPECT_EQ(r->ticket.status, store::TicketStatus::kNeedsReview);
  EXPECT_EQ(r->ticket.first_text, "Hakuna maji \xEF\xBF\xBD\xEF\xBF\xBD tangu jana");
}

TEST_F(HelplineTest, BadInputIsRefusedWithAClearError) {
  Create();
  struct Bad {
    std::string from, text;
    StatusCode code;
    std::string message;
  } bad[] = {
      {"+1555000111", "", StatusCode::kInvalidArgument, "text is empty"},
      {"+1555000111", " \n\t", StatusCode::kInvalidArgument, "text is empty"},
      {"+1555000111", "\u200B\uFEFF\u2060 \u200D", StatusCode::kInvalidArgument,
       "text is empty"},
      {"+1555000111", std::string(10000, 'a'), StatusCode::kResourceExhausted,
       "text has 10000 characters; the limit is 1600"},
      {"+1555OOO111", "hello", StatusCode::kInvalidArgument,
       "number \"+1555OOO111\": character 6 is not a digit (a number is an optional + and 3 to "
       "20 digits)"},
  };
  for (const Bad& b : bad) {
    Result<MessageResult> r = Send(b.from, b.text);
    ASSERT_FALSE(r.ok()) << b.message;
    EXPECT_EQ(r.status().code(), b.code);
    EXPECT_EQ(r.status().message(), b.message);
  }
  EXPECT_EQ(store_->ListTickets({})->size(), 0u);
}

// A message's time may be ahead of the node's clock by max_time_ahead_ms at most: a phone set a
// year ahead would otherwise keep its number's ticket open for a year. A time in the past
// never puts the ticket's last message before the ticket was made.
TEST_F(HelplineTest, MessageTimesFarAheadAreRefused) {
  Create();
  IncomingMessage m;
  m.from = "+254744444441";
  m.text = "Hakuna maji kwenye bomba";
  m.received_at_ms = kT0 + kMsPerDay + 1;
  Result<MessageResult> ahead = helpline_->Receive(m);
  ASSERT_EQ(ahead.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ahead.status().message(),
            "message time " + std::to_string(kT0 + kMsPerDay + 1) +
                " ms is more than 86400000 ms after the node's clock (" + std::to_string(kT0) +
                " ms); a message's time may be at most that far ahead");
  m.received_at_ms = int64_t{1} << 50;
  EXPECT_EQ(helpline_->Receive(m).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListTickets({})->size(), 0u);

  m.received_at_ms = kT0 + kMsPerDay;  // a day ahead: a clock set wrong, taken
  EXPECT_TRUE(helpline_->Receive(m).ok());
  m.from = "+254744444442";
  m.received_at_ms = kT0 - 3 * kMsPerDay;  // from a gateway's backlog
  Result<MessageResult> old = helpline_->Receive(m);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->ticket.last_message_at_ms, kT0);
  EXPECT_EQ(store_->GetTicket(old->ticket.id)->last_message_at_ms,
            store_->GetTicket(old->ticket.id)->created_at_ms);
}

TEST_F(HelplineTest, CorrectionsAreStored) {
  options_.confidence_threshold = 1.01;
  Create();
  Result<MessageResult> r = Send("+1555000111", "The bridge near the school collapsed");
  ASSERT_TRUE(r.ok());
  Result<store::CorrectionRecord> c = helpline_->SetDesk(r->ticket.id, "roads");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->text, "The bridge near the school collapsed");
  EXPECT_EQ(store_->GetTicket(r->ticket.id)->status, store::TicketStatus::kRouted);
  EXPECT_EQ(helpline_->SetDesk(r->ticket.id, "no desk!").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(helpline_->SetDesk(999, "roads").status().code(), StatusCode::kNotFound);
}

// A correction names a desk the helpline knows: a typo is refused, naming the desks, rather than
// becoming a desk the next model version routes to; another case is the known desk; a new desk
// is opened only when asked for, and is known from then on.
TEST_F(HelplineTest, CorrectionsNameAKnownDeskUnlessOpeningANewOne) {
  options_.confidence_threshold = 1.01;
  Create();
  Result<MessageResult> r = Send("+1555000111", "I lost my identity card");
  ASSERT_TRUE(r.ok());
  const int64_t id = r->ticket.id;
  Result<store::CorrectionRecord> typo = helpline_->SetDesk(id, "documnets");
  ASSERT_EQ(typo.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(typo.status().message(),
            "desk \"documnets\" is not a desk the helpline knows (documents, electricity, "
            "health, roads, water); to open a new desk, set new_desk");
  EXPECT_EQ(store_->GetTicket(id)->status, store::TicketStatus::kNeedsReview);
  EXPECT_EQ(store_->ListCorrections()->size(), 0u);

  Result<store::CorrectionRecord> upper = helpline_->SetDesk(id, "Documents");
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper->desk, "documents");
  EXPECT_EQ(store_->GetTicket(id)->desk, "documents");

  Result<store::CorrectionRecord> opened = helpline_->SetDesk(id, "sanitation", true);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->desk, "sanitation");
  EXPECT_TRUE(helpline_->SetDesk(id, "Sanitation").ok());
  EXPECT_EQ(store_->GetTicket(id)->desk, "sanitation");
  Result<std::vector<std::string>> known = helpline_->KnownDesks();
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(*known, (std::vector<std::string>{"documents", "electricity", "health", "roads",
                                              "sanitation", "water"}));
}

TEST_F(HelplineTest, ReplyByHandIsComposedQueuedAndAnswers) {
  options_.confidence_threshold = 1.01;
  Create();
  Result<MessageResult> r = Send("+1555000111", "The bridge near the school collapsed");
  ASSERT_TRUE(r.ok());
  const int64_t id = r->ticket.id;
  // 161 GSM-7 characters: two parts (153 + 8); with an emoji, UCS-2.
  Result<store::OutboxRecord> two = helpline_->Reply(id, std::string(161, 'a'));
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->encoding, "gsm7");
  EXPECT_EQ(two->parts, 2);
  EXPECT_EQ(two->number, "+1555000111");
  EXPECT_EQ(two->status, store::OutboxStatus::kQueued);
  EXPECT_EQ(store_->GetTicket(id)->status, store::TicketStatus::kAnswered);
  Result<store::OutboxRecord> emoji = helpline_->Reply(id, "Fixed tomorrow \xF0\x9F\x99\x82");
  ASSERT_TRUE(emoji.ok());
  EXPECT_EQ(emoji->encoding, "ucs2");
  // Three parts at most (the default): 3 x 153 septets fit, one more does not.
  EXPECT_TRUE(helpline_->Reply(id, std::string(459, 'a')).ok());
  Result<store::OutboxRecord> long_text = helpline_->Reply(id, std::string(460, 'a'));
  EXPECT_EQ(long_text.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(helpline_->Reply(id, " ").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(helpline_->Reply(id, "caf\xE9").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(helpline_->Reply(999, "hi").status().code(), StatusCode::kNotFound);
  // 1 acknowledgement + 3 replies queued; the refused ones left nothing.
  EXPECT_EQ(store_->DueOutbound(clock_.NowMs(), 100)->size(), 4u);

  Result<store::TicketRecord> closed = helpline_->SetStatus(id, store::TicketStatus::kClosed);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, store::TicketStatus::kClosed);
  EXPECT_EQ(closed->closed_at_ms, clock_.NowMs());
  EXPECT_EQ(helpline_->Reply(id, "hi").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(helpline_->SetStatus(id, store::TicketStatus::kNew).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(helpline_->SetStatus(id, store::TicketStatus::kNeedsReview).ok());
  EXPECT_TRUE(helpline_->Reply(id, "hi").ok());
}

TEST_F(HelplineTest, RoutedNeedsADesk) {
  Create(/*with_model=*/false);
  Result<MessageResult> r = Send("+1555000111", "hello");
  ASSERT_TRUE(r.ok());
  Result<store::TicketRecord> t = helpline_->SetStatus(r->ticket.id, store::TicketStatus::kRouted);
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().message(), "ticket 1 has no desk to be routed to; set its desk first");
}

// Each ticket counts once, on the UTC day of its first review; later changes and tickets
// without a suggestion do not count; days outside the window are left out.
TEST_F(HelplineTest, RoutingAccuracyPerDay) {
  options_.confidence_threshold = 1.01;
  Create();
  auto ticket = [this](const std::string& from, const std::string& text) {
    Result<MessageResult> r = Send(from, text);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->ticket : store::TicketRecord{};
  };
  const int64_t day0 = UnixDayFromMs(kT0);
  const store::TicketRecord a = ticket("+1555000001", "The road to the market is full of potholes");
  const store::TicketRecord b = ticket("+1555000002", "Hakuna maji kwenye bomba tangu jana");
  ASSERT_EQ(a.desk, "roads");
  ASSERT_EQ(b.desk, "water");
  ASSERT_TRUE(helpline_->SetDesk(a.id, "roads").ok());   // confirmed, day 0
  ASSERT_TRUE(helpline_->SetDesk(b.id, "health").ok());  // corrected, day 0
  clock_.AdvanceMs(kMsPerDay);
  ASSERT_TRUE(helpline_->SetDesk(a.id, "water").ok());  // a second review: not counted
  const store::TicketRecord c = ticket("+1555000003", "My ID card was stolen at the market");
  ASSERT_TRUE(helpline_->SetDesk(c.id, c.desk).ok());  // confirmed, day 1
  Create(/*with_model=*/false);
  const store::TicketRecord d = ticket("+1555000004", "hello");
  ASSERT_TRUE(helpline_->SetDesk(d.id, "roads").ok());  // no suggestion: not counted

  Result<std::vector<AccuracyDay>> two = helpline_->RoutingAccuracy(2);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].day, day0);
  EXPECT_EQ((*two)[0].reviewed, 2);
  EXPECT_EQ((*two)[0].confirmed, 1);
  EXPECT_EQ((*two)[1].day, day0 + 1);
  EXPECT_EQ((*two)[1].reviewed, 1);
  EXPECT_EQ((*two)[1].confirmed, 1);
  Result<std::vector<AccuracyDay>> today = helpline_->RoutingAccuracy(1);
  ASSERT_TRUE(today.ok());
  ASSERT_EQ(today->size(), 1u);
  EXPECT_EQ((*today)[0].day, day0 + 1);
}

// The demo's held-out lines (requests_eval.tsv) are written from sentence patterns the
// training lines never use, so the desk model has seen none of them, nor any twin. At the
// threshold the model's calibration chose (the default: not more than 5% wrong with 95%
// confidence), at most 5% of the auto-routed lines may go to the wrong desk.
// Retention on a ManualClock: a ticket closed at T0 keeps its texts until
// text_retention_days have passed, then its message and sent reply lose their text while the
// ticket row keeps desk and status; an open ticket and a still-queued reply keep theirs.
TEST_F(HelplineTest, RetentionForgetsTheTextsOfLongClosedTicketsOnly) {
  options_.text_retention_days = 365;
  Create();
  Result<MessageResult> a = Send("+254700000001", "Hakuna maji kwenye bomba tangu jana");
  Result<MessageResult> b = Send("+254700000002", "Barabara imeharibika kwa mvua");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(a->reply.has_value() && b->reply.has_value());
  ASSERT_TRUE(store_->MarkSent(a->reply->id).ok());
  ASSERT_TRUE(store_->SetStatus(a->ticket.id, store::TicketStatus::kClosed).ok());
  const std::string desk = a->ticket.desk;

  clock_.AdvanceMs(365 * kMsPerDay);  // closed exactly 365 days ago: kept
  Result<int64_t> none = helpline_->ApplyRetention();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(store_->GetTicket(a->ticket.id)->first_text, "Hakuna maji kwenye bomba tangu jana");

  clock_.AdvanceMs(1);
  Result<int64_t> forgot = helpline_->ApplyRetention();
  ASSERT_TRUE(forgot.ok());
  EXPECT_EQ(*forgot, 2);  // the message and its sent reply
  Result<store::TicketRecord> t = store_->GetTicket(a->ticket.id);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->first_text, "");
  EXPECT_EQ(t->desk, desk);
  EXPECT_EQ(t->status, store::TicketStatus::kClosed);
  EXPECT_EQ(t->messages, 1);
  EXPECT_EQ(store_->GetOutbound(a->reply->id)->text, "");
  EXPECT_EQ(store_->GetTicket(b->ticket.id)->first_text, "Barabara imeharibika kwa mvua");
  EXPECT_EQ(store_->GetOutbound(b->reply->id)->text, b->reply->text);
  EXPECT_EQ(*helpline_->ApplyRetention(), 0);  // nothing left to forget
}

TEST_F(HelplineTest, RetentionRunsAtMostOncePerInterval) {
  options_.text_retention_days = 1;
  options_.retention_check_interval_ms = 2 * kMsPerDay;
  Create();
  Result<MessageResult> a = Send("+254700000001", "Hakuna maji kwenye bomba tangu jana");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(store_->SetStatus(a->ticket.id, store::TicketStatus::kClosed).ok());
  EXPECT_EQ(*helpline_->MaybeApplyRetention(), 0);  // runs: nothing is a day old yet
  clock_.AdvanceMs(kMsPerDay + 1);
  EXPECT_EQ(*helpline_->MaybeApplyRetention(), 0);  // due texts, but the interval has not passed
  EXPECT_EQ(store_->GetTicket(a->ticket.id)->first_text, "Hakuna maji kwenye bomba tangu jana");
  clock_.AdvanceMs(kMsPerDay - 1);
  EXPECT_EQ(*helpline_->MaybeApplyRetention(), 1);  // the message; its reply is still queued
  EXPECT_EQ(store_->GetTicket(a->ticket.id)->first_text, "");
  EXPECT_EQ(store_->GetOutbound(a->reply->id)->text, a->reply->text);
}

// A number's export holds its tickets, messages and replies and nothing of another number.
TEST_F(HelplineTest, ExportHoldsEveryRowOfTheNumberOnly) {
  Create();
  ASSERT_TRUE(Send("+254700000001", "Hakuna maji kwenye bomba tangu jana", "g1").ok());
  clock_.AdvanceMs(60000);
  ASSERT_TRUE(Send("+254700000001", "Bado hakuna maji", "g2").ok());
  Result<MessageResult> other = Send("+254700000002", "Barabara imeharibika kwa mvua");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(helpline_->SetDesk(1, "health").ok());
  ASSERT_TRUE(helpline_->SetDesk(other->ticket.id, "roads").ok());
  Result<std::string> json = ExportNumber(*store_, "+254 700 000 001");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  const text::Json doc = text::Json::parse(*json);
  EXPECT_EQ(doc["number"], "+254700000001");
  ASSERT_EQ(doc["tickets"].size(), 1u);
  EXPECT_EQ(doc["tickets"][0]["messages"], 2);
  ASSERT_EQ(doc["messages"].size(), 2u);
  EXPECT_EQ(doc["messages"][0]["text"], "Hakuna maji kwenye bomba tangu jana");
  EXPECT_EQ(doc["messages"][1]["text"], "Bado hakuna maji");
  EXPECT_EQ(doc["messages"][1]["gateway_id"], "g2");
  ASSERT_EQ(doc["replies"].size(), 1u);  // threaded messages get no acknowledgement
  EXPECT_EQ(doc["replies"][0]["status"], "queued");
  ASSERT_EQ(doc["corrections"].size(), 1u);  // the number's only
  EXPECT_EQ(doc["corrections"][0]["ticket"], 1);
  EXPECT_EQ(doc["corrections"][0]["desk"], "health");
  EXPECT_EQ(doc["corrections"][0]["text"], "Hakuna maji kwenye bomba tangu jana");
  EXPECT_EQ(json->find("Barabara"), std::string::npos);
  EXPECT_EQ(json->find("000002"), std::string::npos);
  Result<std::string> bad = ExportNumber(*store_, "+2547OO");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(HelplineTest, AbstentionOnHeldOutLines) {
  Create();
  std::ifstream in(kEval);
  ASSERT_TRUE(in.good());
  std::string line;
  int n = 0, routed = 0, wrong = 0;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    // Each line from its own number, so none joins another's ticket.
    Result<MessageResult> r = Send("+1000" + std::to_string(100000 + n), line.substr(tab + 1));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ++n;
    if (r->ticket.status != store::TicketStatus::kRouted) continue;
    ++routed;
    wrong += r->ticket.desk == line.substr(0, tab) ? 0 : 1;
  }
  ASSERT_GT(n, 300);
  const learn::Calibration& c = DemoModel()->calibration();
  ASSERT_EQ(c.target_error, 0.05f);
  const double misrouted = static_cast<double>(wrong) / routed;
  const double review = 1.0 - static_cast<double>(routed) / n;
  std::printf("held-out lines %d, threshold %.4f: %d auto-routed, %d of them misrouted (%.2f%%); "
              "review %.1f%%\n", n, c.threshold, routed, wrong, 100 * misrouted, 100 * review);
  EXPECT_LE(misrouted, c.target_error);
  // Abstaining on everything would meet any target, so the review share is bounded too. The
  // model is right on 75% of these lines; the least review any threshold gives at 5% misrouted
  // here is 35.5%. The calibrated threshold measured 58.1% with the squared hinge the held-out
  // runs choose here (50.6% with the logistic loss over word 1-2 grams): the hinge's
  // temperature-scaled margins are less exact probabilities than the logistic's.
  EXPECT_LT(review, 0.6);
}

}  // namespace
}  // namespace loka::helpline
