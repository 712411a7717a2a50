// The helpline over real HTTP on loopback: the Interface (POST /v1/messages, GET /v1/tickets,
// POST /v1/tickets/{id}/desk) with the demo desk model and the default language-ID model, bad
// input each answered clearly with nothing lost, numbers masked for read keys, Kannel's
// incoming URL with its token (UCS-2 decoded, broken bytes kept and flagged), the Inbox's
// actions (reply by hand, close, routing accuracy) and retraining from corrections.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/time.h"
#include "langid/identifier.h"
#include "learn/dataset.h"
#include "learn/trainer.h"
#include "node_fixture.h"

namespace loka::node {
namespace {

using store::Scope;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kLangid = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";

// The demo desk model's bytes, trained once (seeded, one thread).
const std::string& DemoModelBytes() {
  static const std::string bytes = [] {
    learn::ReadStats stats;
    Result<std::vector<learn::LabelledText>> rows = learn::ReadLabelledFile(
        std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv", learn::ReadOptions{}, &stats);
    learn::TrainOptions o;
    o.threads = 1;
    o.seed = 7;
    Result<learn::ModelData> data = learn::Train(*rows, o);
    return *learn::SerializeModel(*data);
  }();
  return bytes;
}

class HelplineApiTest : public NodeTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    NodeTest::SetUp();
    {
      Result<store::Store> s = store::Store::Open(options_.db_path);
      ASSERT_TRUE(s.ok());
      ASSERT_TRUE(s->PutModel("requests", DemoModelBytes(), "{}").ok());
    }
    options_.langid_model_path = kLangid;
    options_.helpline.desk_model = "requests";
    options_.kannel_token = "kannel-secret";
    Start();
  }
  Reply Message(const Json& body, Scope s = Scope::kWrite) { return Post("/v1/messages", body, s); }
};

TEST_F(HelplineApiTest, MessageBecomesATicketAtTheRightDesk) {
  Reply r = Message(Json{{"from", "+254700000001"},
                         {"text", "Hakuna maji kwenye bomba tangu jana"},
                         {"channel", "api"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["language"], "swh");
  EXPECT_EQ(r.json["desk"], "water");
  EXPECT_GT(r.json["probability"].get<double>(), 0.5);
  const std::string status = r.json["status"];
  EXPECT_TRUE(status == "routed" || status == "needs_review") << status;
  EXPECT_THAT(r.json["reply"].get<std::string>(),
              HasSubstr(std::to_string(r.json["ticket"].get<int64_t>())));
  EXPECT_EQ(r.json["reply_encoding"], "gsm7");
  EXPECT_EQ(r.json["reply_parts"], 1);

  // Listed; the number masked for a read key, whole for a write key.
  Reply read = Get("/v1/tickets", Scope::kRead);
  ASSERT_EQ(read.status, 200);
  ASSERT_EQ(read.json["tickets"].size(), 1u);
  EXPECT_EQ(read.json["tickets"][0]["number"], "+*********001");
  EXPECT_EQ(Get("/v1/tickets", Scope::kWrite).json["tickets"][0]["number"], "+254700000001");
}

TEST_F(HelplineApiTest, ReviewQueueAndCorrection) {
  Stop();
  options_.helpline.confidence_threshold = 1.01;  // everything goes to review
  Start();
  Reply r = Message(Json{{"from", "+15550001111"}, {"text", "The bridge to the market fell down"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["status"], "needs_review");
  Reply queue = Get("/v1/tickets?status=needs_review", Scope::kRead);
  ASSERT_EQ(queue.status, 200);
  ASSERT_EQ(queue.json["tickets"].size(), 1u);
  const std::string id = std::to_string(r.json["ticket"].get<int64_t>());
  Reply c = Post("/v1/tickets/" + id + "/desk", Json{{"desk", "roads"}}, Scope::kWrite);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.json["ticket"]["desk"], "roads");
  EXPECT_EQ(c.json["ticket"]["status"], "routed");
  EXPECT_EQ(c.json["correction"]["desk"], "roads");
  EXPECT_EQ(Get("/v1/tickets?status=needs_review", Scope::kRead).json["tickets"].size(), 0u);
  EXPECT_EQ(Post("/v1/tickets/" + id + "/desk", Json{{"desk", "roads"}}, Scope::kRead).status,
            403);
  EXPECT_EQ(Post("/v1/tickets/999/desk", Json{{"desk", "roads"}}).status, 404);
  EXPECT_EQ(Post("/v1/tickets/x/desk", Json{{"desk", "roads"}}).status, 400);
  // A typo is no desk; a new desk is opened only when asked for.
  Reply typo = Post("/v1/tickets/" + id + "/desk", Json{{"desk", "documnets"}}, Scope::kWrite);
  EXPECT_EQ(typo.status, 400) << typo.body;
  EXPECT_THAT(typo.error_message(),
              HasSubstr("\"documnets\" is not a desk the helpline knows (documents, "));
  EXPECT_EQ(Get("/v1/tickets/" + id, Scope::kRead).json["ticket"]["desk"], "roads");
  Reply opened = Post("/v1/tickets/" + id + "/desk",
                      Json{{"desk", "sanitation"}, {"new_desk", true}}, Scope::kWrite);
  EXPECT_EQ(opened.status, 200) << opened.body;
  EXPECT_THAT(Get("/v1/helpline", Scope::kRead).json["desks"].dump(), HasSubstr("sanitation"));
  EXPECT_EQ(Post("/v1/tickets/" + id + "/desk", Json{{"desk", "roads"}, {"urgent", true}})
                .status, 400);
  EXPECT_EQ(Get("/v1/tickets?status=open", Scope::kRead).status, 400);
}

// Ids are digits only, whole: a NUL, a sign or a leading zero is no id; the largest int64 is
// one (that no ticket has), one more is not.
TEST_F(HelplineApiTest, IdsAreParsedStrictly) {
  ASSERT_EQ(Message(Json{{"from", "+15550001111"}, {"text", "No water in ward 4"}}).status, 201);
  ASSERT_EQ(Get("/v1/tickets/1", Scope::kRead).status, 200);
  for (const char* bad : {"1%00abc", "+1", "01", "-1", "0", "1.0", "%201",
                          "9223372036854775808", "99999999999999999999"}) {
    Reply r = Get(std::string("/v1/tickets/") + bad, Scope::kRead);
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr("expected a positive integer (digits only, no sign "
                                             "or leading zero, at most 9223372036854775807)"))
        << bad;
  }
  Reply max = Get("/v1/tickets/9223372036854775807", Scope::kRead);
  EXPECT_EQ(max.status, 404) << max.body;
  EXPECT_THAT(max.error_message(), HasSubstr("ticket 9223372036854775807 does not exist"));
  for (const char* bad : {"1%00abc", "+1", "01", ""}) {
    Reply r = Get(std::string("/v1/kannel/dlr?token=kannel-secret&type=1&outbox=") + bad);
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr("outbox \"")) << bad;
  }
  EXPECT_EQ(Call(port_, "DELETE", "/v1/helpline/subscriptions/01", "", Key(Scope::kWrite)).status,
            400);
  // The API's other row ids are read by the same rule.
  for (const char* path : {"/v1/jobs/01", "/v1/jobs/1%00abc", "/v1/fields/+1"}) {
    Reply r = Get(path, Scope::kRead);
    EXPECT_EQ(r.status, 400) << path << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr("expected a positive integer (digits only")) << path;
  }
  EXPECT_EQ(Call(port_, "POST", "/v1/alerts/01/ack", "", Key(Scope::kWrite)).status, 400);
}

TEST_F(HelplineApiTest, BadInputIsAnsweredClearlyAndNothingIsLost) {
  ASSERT_EQ(Message(Json{{"from", "+15550001111"}, {"text", "No water in ward 4"}, {"id", "g-1"}})
                .status,
            201);
  struct Bad {
    std::string body;
    int status;
    std::string message;
  } bad[] = {
      {Json{{"from", "+15550001111"}, {"text", ""}}.dump(), 400, "text is empty"},
      {Json{{"from", "+15550001111"}, {"text", std::string(10000, 'a')}}.dump(), 413,
       "text has 10000 characters; the limit is 1600"},
      {std::string("{\"from\": \"+15550001111\", \"text\": \"caf\xE9\"}"), 400, "UTF-8"},
      {Json{{"from", "+15550001111"}, {"text", "hi"}, {"priority", "high"}}.dump(), 400,
       "unknown field \"priority\""},
      {Json{{"from", "+1555OOO1111"}, {"text", "hi"}}.dump(), 400,
       "character 6 is not a digit"},
      {Json{{"text", "hi"}}.dump(), 400, "from"},
      {Json{{"from", "+15550001111"}, {"text", "hi"}, {"time_ms", int64_t{1125899906842624}}}
           .dump(),
       400, "message time 1125899906842624 ms is more than 86400000 ms after the node's clock"},
  };
  for (const Bad& b : bad) {
    Reply r = Post("/v1/messages", b.body, Scope::kWrite);
    EXPECT_EQ(r.status, b.status) << b.body.substr(0, 80) << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr(b.message));
  }
  // A replayed gateway id: the first recording answers, 200, nothing new.
  Reply replay =
      Message(Json{{"from", "+15550001111"}, {"text", "No water in ward 4"}, {"id", "g-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.json["duplicate"], true);
  EXPECT_EQ(replay.json["ticket"], 1);
  // The same id from another number is another citizen's message: refused, not dropped.
  Reply other =
      Message(Json{{"from", "+254744444441"}, {"text", "No water in ward 4"}, {"id", "g-1"}});
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_THAT(other.error_message(), HasSubstr("was recorded for another message"));
  Reply all = Get("/v1/tickets", Scope::kWrite);
  ASSERT_EQ(all.json["tickets"].size(), 1u);
  EXPECT_EQ(all.json["tickets"][0]["messages"], 1);
  // A Kannel call without from or text names the missing parameter.
  Reply no_from = Get("/v1/kannel/incoming?token=kannel-secret&text=hi");
  EXPECT_EQ(no_from.status, 400);
  EXPECT_EQ(no_from.error_message(), "missing parameter from (the sms-service's from=%p)");
  Reply no_text = Get("/v1/kannel/incoming?token=kannel-secret&from=%2B254744444442");
  EXPECT_EQ(no_text.status, 400);
  EXPECT_EQ(no_text.error_message(), "missing parameter text (the sms-service's text=%b)");
  // Kannel's ids have the JSON's limit: refused, never cut to collide with another.
  const std::string long_id(129, 'k');
  Reply kannel = Get("/v1/kannel/incoming?token=kannel-secret&from=%2B254744444442&text=hi&id=" +
                     long_id);
  EXPECT_EQ(kannel.status, 400) << kannel.body;
  EXPECT_THAT(kannel.error_message(), HasSubstr("has 129 bytes; at most 128"));
}

TEST_F(HelplineApiTest, KannelIncomingWithTokenUcs2AndBrokenBytes) {
  // "Olá" in UTF-16BE, as Kannel passes a coding-2 message with %b.
  Reply ucs2 = Get("/v1/kannel/incoming?token=kannel-secret&from=%2B351910000001&text=%00O%00l%00%E1"
                   "&coding=2&id=k-1");
  ASSERT_EQ(ucs2.status, 200) << ucs2.body;
  Reply broken = Get("/v1/kannel/incoming?token=kannel-secret&from=%2B351910000002&text=caf%E9"
                     "&coding=0&id=k-2");
  ASSERT_EQ(broken.status, 200) << broken.body;
  Reply tickets = Get("/v1/tickets", Scope::kWrite);
  ASSERT_EQ(tickets.json["tickets"].size(), 2u);
  EXPECT_EQ(tickets.json["tickets"][1]["text"], "Olá");
  EXPECT_EQ(tickets.json["tickets"][0]["text"], "caf\xEF\xBF\xBD");
  EXPECT_EQ(tickets.json["tickets"][0]["status"], "needs_review");
  EXPECT_EQ(Get("/v1/kannel/incoming?token=wrong&from=123&text=x").status, 403);
  // HEAD changes nothing: Kannel's callbacks, GETs that record, refuse it.
  Reply head = Call(port_, "HEAD",
                    "/v1/kannel/incoming?token=kannel-secret&from=%2B351910000003&text=hello");
  EXPECT_EQ(head.status, 405);
  EXPECT_EQ(head.headers.find("Allow")->second, "GET");
  EXPECT_EQ(Call(port_, "HEAD", "/v1/kannel/dlr?token=kannel-secret&outbox=1&type=16").status,
            405);
  EXPECT_EQ(Get("/v1/tickets", Scope::kWrite).json["tickets"].size(), 2u);
  EXPECT_EQ(Call(port_, "HEAD", "/v1/tickets", "", Key(Scope::kRead)).status, 200);
  // No gateway here: the replies are still queued, so a report for one is ignored, saying so,
  // and the reply stays queued to be sent.
  Reply dlr = Get("/v1/kannel/dlr?token=kannel-secret&outbox=1&type=16");
  EXPECT_EQ(dlr.status, 200) << dlr.body;
  EXPECT_EQ(dlr.json["applied"], false);
  EXPECT_THAT(dlr.json["ignored"].get<std::string>(), HasSubstr("never handed to the gateway"));
  Reply one = Get("/v1/tickets/1", Scope::kWrite);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json["messages"][1]["status"], "queued");
  EXPECT_EQ(Get("/v1/kannel/dlr?token=kannel-secret&outbox=99&type=1").status, 404);
}

// Kannel puts the text in the URL (text=%b, percent-encoded): a coding-2 (UCS-2) text costs 6
// bytes a character there, so about 1,300 characters of a non-Latin script fit in the 8,192
// bytes of a request line (docs/helpline.md, "Kannel"); a longer one is a 414 that says why.
TEST_F(HelplineApiTest, KannelTextUpToTheRequestLineLimit) {
  auto incoming = [](size_t chars) {
    std::string text;
    for (size_t i = 0; i < chars; ++i) text += "%04%10";  // U+0410, Cyrillic A, UTF-16BE
    return "/v1/kannel/incoming?token=kannel-secret&from=%2B254744444442&to=22222&text=" + text +
           "&coding=2&charset=UTF-16BE&id=0b6a8a4e-5c1f-4d2b-9a57-3f1c2d4e5f60";
  };
  Reply fits = Get(incoming(1300));
  ASSERT_EQ(fits.status, 200) << fits.body;
  Reply ticket = Get("/v1/tickets/1", Scope::kWrite);
  ASSERT_EQ(ticket.status, 200);
  EXPECT_EQ(ticket.json["messages"][0]["text"].get<std::string>().size(), 1300u * 2);  // UTF-8
  Reply over = Get(incoming(1400));
  EXPECT_EQ(over.status, 414);
  EXPECT_EQ(over.error_code(), "resource_exhausted");
  EXPECT_THAT(over.error_message(), HasSubstr("request line is over 8192 bytes"));
}

// The delivery-report URL the node hands to Kannel carries its token percent-encoded: a base64
// token ('+', '/', '=') comes back intact and the report is taken. A fake sendsms endpoint
// stands in for Kannel and calls the URL back as Kannel would, %d filled in.
TEST_F(HelplineApiTest, DeliveryReportUrlCarriesABase64TokenIntact) {
  httplib::Server sendsms;
  std::mutex mu;
  std::condition_variable got;
  std::string dlr_url;
  sendsms.Get("/cgi-bin/sendsms", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    dlr_url = req.get_param_value("dlr-url");
    got.notify_all();
    res.status = 202;
    res.set_content("0: Accepted for delivery", "text/plain");
  });
  const int port = sendsms.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { sendsms.listen_after_bind(); });
  Stop();
  options_.kannel_token = "a+b/c=d==";
  options_.kannel.port = port;
  options_.kannel.username = "loka";
  Start();
  Reply r = Message(Json{{"from", "+254700000001"}, {"text", "Hakuna maji kwenye bomba"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string url;
  {
    std::unique_lock<std::mutex> lock(mu);
    got.wait_for(lock, std::chrono::seconds(10), [&] { return !dlr_url.empty(); });
    url = dlr_url;
  }
  sendsms.stop();
  serving.join();
  ASSERT_FALSE(url.empty()) << "the outbox never called sendsms";
  EXPECT_THAT(url, HasSubstr("token=a%2Bb%2Fc%3Dd%3D%3D&"));
  const size_t path = url.find("/v1/kannel/dlr?");
  ASSERT_NE(path, std::string::npos) << url;
  std::string call = url.substr(path);
  call.replace(call.find("%d"), 2, "1");
  Reply dlr = Get(call);
  EXPECT_EQ(dlr.status, 200) << call << " -> " << dlr.body;
  EXPECT_EQ(dlr.json["applied"], true) << dlr.body;
}

// The Inbox's actions: a reply by hand goes to the outbox composed to the SMS budget and the
// ticket is answered; closing, reopening; the summary and the routing accuracy per day.
TEST_F(HelplineApiTest, ReplyCloseAndRoutingAccuracy) {
  Stop();
  options_.helpline.confidence_threshold = 1.01;  // everything goes to review
  Start();
  std::vector<std::string> ids;
  std::vector<std::string> suggested;
  for (const char* text : {"The bridge to the market fell down", "No water in ward 4 since Monday",
                           "The clinic has no malaria tests"}) {
    Reply r = Message(Json{{"from", "+1555000" + std::to_string(1000 + ids.size())},
                           {"text", text}});
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(std::to_string(r.json["ticket"].get<int64_t>()));
    suggested.push_back(r.json["desk"]);
  }
  Reply summary = Get("/v1/helpline", Scope::kRead);
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(summary.json["desk_model"], "requests");
  EXPECT_THAT(summary.json["desks"].get<std::vector<std::string>>(),
              ::testing::UnorderedElementsAre("documents", "electricity", "health", "roads",
                                              "water"));
  EXPECT_EQ(summary.json["tickets"]["needs_review"], 3);
  EXPECT_EQ(summary.json["outbox"]["queued"], 3);  // the acknowledgements (no gateway here)

  // No review yet: nothing to measure.
  Reply none = Get("/v1/helpline/accuracy?days=7", Scope::kRead);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json["by_day"].size(), 0u);
  EXPECT_TRUE(none.json["share"].is_null());

  // Ticket 0 confirmed, ticket 1 corrected, ticket 0 changed again later (not a new review).
  ASSERT_EQ(Post("/v1/tickets/" + ids[0] + "/desk", Json{{"desk", suggested[0]}}, Scope::kWrite)
                .status, 200);
  const std::string other = suggested[1] == "health" ? "roads" : "health";
  ASSERT_EQ(Post("/v1/tickets/" + ids[1] + "/desk", Json{{"desk", other}}, Scope::kWrite).status,
            200);
  ASSERT_EQ(Post("/v1/tickets/" + ids[0] + "/desk", Json{{"desk", other}}, Scope::kWrite).status,
            200);
  Reply acc = Get("/v1/helpline/accuracy", Scope::kRead);
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.json["days"], 30);
  ASSERT_EQ(acc.json["by_day"].size(), 1u);
  const int64_t today = UnixDayFromMs(DefaultClock().NowMs());
  EXPECT_EQ(acc.json["by_day"][0]["day"], today);
  EXPECT_EQ(acc.json["by_day"][0]["reviewed"], 2);
  EXPECT_EQ(acc.json["by_day"][0]["confirmed"], 1);
  EXPECT_DOUBLE_EQ(acc.json["by_day"][0]["share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(acc.json["share"].get<double>(), 0.5);
  EXPECT_EQ(Get("/v1/helpline/accuracy?days=0", Scope::kRead).status, 400);

  // A reply by hand: GSM-7 in one part; one emoji makes it UCS-2.
  Reply reply = Post("/v1/tickets/" + ids[1] + "/reply",
                     Json{{"text", "The clinic gets malaria tests on Friday."}}, Scope::kWrite);
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.json["ticket"]["status"], "answered");
  EXPECT_EQ(reply.json["reply"]["text"], "The clinic gets malaria tests on Friday.");
  EXPECT_EQ(reply.json["reply"]["encoding"], "gsm7");
  EXPECT_EQ(reply.json["reply"]["parts"], 1);
  EXPECT_EQ(reply.json["reply"]["status"], "queued");
  Reply ucs2 = Post("/v1/tickets/" + ids[1] + "/reply",
                    Json{{"text", "Tests on Friday \xF0\x9F\x99\x82"}}, Scope::kWrite);
  ASSERT_EQ(ucs2.status, 201) << ucs2.body;
  EXPECT_EQ(ucs2.json["reply"]["encoding"], "ucs2");
  EXPECT_EQ(Get("/v1/helpline", Scope::kRead).json["outbox"]["queued"], 5);
  // The conversation: the message in, the acknowledgement and both replies out.
  Reply thread = Get("/v1/tickets/" + ids[1], Scope::kRead);
  ASSERT_EQ(thread.status, 200) << thread.body;
  EXPECT_EQ(thread.json["ticket"]["number"], "+********001");
  ASSERT_EQ(thread.json["messages"].size(), 4u);
  EXPECT_EQ(thread.json["messages"][0]["direction"], "in");
  EXPECT_EQ(thread.json["messages"][0]["text"], "No water in ward 4 since Monday");
  EXPECT_EQ(thread.json["messages"][1]["direction"], "out");
  EXPECT_EQ(thread.json["messages"][1]["status"], "queued");
  EXPECT_EQ(thread.json["messages"][2]["text"], "The clinic gets malaria tests on Friday.");
  EXPECT_EQ(thread.json["messages"][3]["text"], "Tests on Friday \xF0\x9F\x99\x82");
  EXPECT_EQ(Get("/v1/tickets/" + ids[1], Scope::kWrite).json["ticket"]["number"], "+15550001001");
  EXPECT_EQ(Get("/v1/tickets/999", Scope::kRead).status, 404);
  struct Bad {
    std::string path;
    Json body;
    Scope scope;
    int status;
    std::string message;
  } bad[] = {
      {"/reply", Json{{"text", " "}}, Scope::kWrite, 400, "reply text is empty"},
      {"/reply", Json{{"text", std::string(600, 'a')}}, Scope::kWrite, 413, "parts"},
      {"/reply", Json{{"text", "hi"}}, Scope::kRead, 403, ""},
      {"/status", Json{{"status", "new"}}, Scope::kWrite, 400, "status new is the pipeline's"},
      {"/status", Json{{"status", "open"}}, Scope::kWrite, 400, "expected new, routed"},
      {"/status", Json{{"status", "closed"}}, Scope::kRead, 403, ""},
  };
  for (const Bad& b : bad) {
    Reply r = Post("/v1/tickets/" + ids[2] + b.path, b.body, b.scope);
    EXPECT_EQ(r.status, b.status) << b.path << " " << b.body.dump().substr(0, 60) << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr(b.message));
  }
  EXPECT_EQ(Post("/v1/tickets/999/reply", Json{{"text", "hi"}}, Scope::kWrite).status, 404);

  // Closed: no reply until it is reopened.
  Reply closed = Post("/v1/tickets/" + ids[2] + "/status", Json{{"status", "closed"}},
                      Scope::kWrite);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json["ticket"]["status"], "closed");
  Reply refused = Post("/v1/tickets/" + ids[2] + "/reply", Json{{"text", "hi"}}, Scope::kWrite);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(refused.error_message(), HasSubstr("is closed"));
  EXPECT_EQ(Post("/v1/tickets/" + ids[2] + "/status", Json{{"status", "needs_review"}},
                 Scope::kWrite).json["ticket"]["status"], "needs_review");
  EXPECT_EQ(Post("/v1/tickets/" + ids[2] + "/reply", Json{{"text", "hi"}}, Scope::kWrite).status,
            201);
  EXPECT_EQ(Get("/v1/tickets?status=answered", Scope::kRead).json["tickets"].size(), 2u);
}

// The model is retrained through POST /v1/models/{name}/train from its dataset plus the
// corrections, by default for the helpline's desk model: held-out lines it misrouted, once
// corrected by a person, go to the corrected desk with the next version.
// A reply by hand with control characters in it (a NUL, a bell) goes out with spaces in their
// place, as a message coming in is stored: still GSM-7 in one part, not UCS-2. One made only
// of controls is empty.
TEST_F(HelplineApiTest, ReplyControlCharactersBecomeSpaces) {
  Reply m = Message(Json{{"from", "+254700000009"}, {"text", "No water in ward 4 since Monday"}});
  ASSERT_EQ(m.status, 201) << m.body;
  const std::string path = "/v1/tickets/" + std::to_string(m.json["ticket"].get<int64_t>());
  Reply r = Post(path + "/reply", Json{{"text", std::string("Water\0team\x07 comes", 17)}},
                 Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["reply"]["text"], "Water team  comes");
  EXPECT_EQ(r.json["reply"]["encoding"], "gsm7");
  EXPECT_EQ(r.json["reply"]["parts"], 1);
  r = Post(path + "/reply", Json{{"text", std::string("\0\x01\x7f", 3)}}, Scope::kWrite);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_message(), "reply text is empty");
  Reply thread = Get(path, Scope::kRead);
  ASSERT_EQ(thread.status, 200) << thread.body;
  ASSERT_EQ(thread.json["messages"].size(), 3u) << thread.body;
  EXPECT_EQ(thread.json["messages"][2]["text"], "Water team  comes");
}

TEST_F(HelplineApiTest, RetrainingLearnsFromCorrections) {
  // The desk model's data as a stored dataset, and version 2 trained from it.
  learn::ReadStats stats;
  Result<std::vector<learn::LabelledText>> train = learn::ReadLabelledFile(
      std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv", learn::ReadOptions{}, &stats);
  ASSERT_TRUE(train.ok());
  Json rows = Json::array();
  for (const auto& r : *train) rows.push_back({{"label", r.label}, {"text", r.text}});
  ASSERT_EQ(Post("/v1/datasets/desks/rows", Json{{"rows", rows}}, Scope::kWrite).status, 200);
  Reply t2 = Post("/v1/models/requests/train", Json{{"dataset", "desks"}, {"seed", 7}},
                  Scope::kWrite);
  ASSERT_EQ(t2.status, 202) << t2.body;
  Json job2 = WaitForJob(t2.json["id"]);
  ASSERT_EQ(job2["state"], "done") << job2.dump();
  EXPECT_EQ(job2["model_version"], 2);
  EXPECT_EQ(job2["metrics"]["corrections"]["texts"], 0);

  // Held-out lines version 2 misroutes come in as messages; a person corrects each.
  Result<std::vector<learn::LabelledText>> eval = learn::ReadLabelledFile(
      std::string(LOKA_TESTDATA_DIR) + "/demo/requests_eval.tsv", learn::ReadOptions{}, &stats);
  ASSERT_TRUE(eval.ok());
  std::vector<learn::LabelledText> corrected;
  for (const learn::LabelledText& r : *eval) {
    if (corrected.size() == 6) break;
    Reply p = Post("/v1/models/requests/predict", Json{{"text", r.text}}, Scope::kRead);
    ASSERT_EQ(p.status, 200) << p.body;
    if (p.json["label"] == r.label) continue;
    Reply m = Message(Json{{"from", "+1666000" + std::to_string(1000 + corrected.size())},
                           {"text", r.text}});
    ASSERT_EQ(m.status, 201) << m.body;
    ASSERT_EQ(m.json["desk"], p.json["label"]);
    Reply c = Post("/v1/tickets/" + m.json["ticket"].dump() + "/desk", Json{{"desk", r.label}},
                   Scope::kWrite);
    ASSERT_EQ(c.status, 200) << c.body;
    corrected.push_back(r);
  }
  ASSERT_EQ(corrected.size(), 6u);

  // No data in the request: the dataset version 2 came from, plus the corrections.
  Reply t3 = Post("/v1/models/requests/train", Json{{"seed", 7}}, Scope::kWrite);
  ASSERT_EQ(t3.status, 202) << t3.body;
  Json job3 = WaitForJob(t3.json["id"]);
  ASSERT_EQ(job3["state"], "done") << job3.dump();
  EXPECT_EQ(job3["source"], "dataset:desks");
  EXPECT_EQ(job3["model_version"], 3);
  EXPECT_EQ(job3["metrics"]["corrections"]["texts"], 6);
  EXPECT_EQ(job3["metrics"]["corrections"]["rows"], 6);
  // The held-out rows are the dataset's only: as many as version 2's.
  EXPECT_EQ(job3["metrics"]["holdout_examples"], job2["metrics"]["holdout_examples"]);
  for (size_t i = 0; i < corrected.size(); ++i) {
    Reply m = Message(Json{{"from", "+1777000" + std::to_string(1000 + i)},
                           {"text", corrected[i].text}});
    ASSERT_EQ(m.status, 201) << m.body;
    EXPECT_EQ(m.json["desk"], corrected[i].label) << corrected[i].text;
  }

  // Asked not to, the corrections stay out; a model never trained from a dataset has no
  // original data to add them to.
  Reply t4 = Post("/v1/models/requests/train",
                  Json{{"dataset", "desks"}, {"seed", 7}, {"include_corrections", false}},
                  Scope::kWrite);
  ASSERT_EQ(t4.status, 202) << t4.body;
  Json job4 = WaitForJob(t4.json["id"]);
  ASSERT_EQ(job4["state"], "done") << job4.dump();
  EXPECT_FALSE(job4["metrics"].contains("corrections"));
  Reply other = Post("/v1/models/other/train", Json{{"include_corrections", true}}, Scope::kWrite);
  EXPECT_EQ(other.status, 400);
  EXPECT_THAT(other.error_message(), HasSubstr("no version of \"other\" was trained from a stored dataset"));
}

// A question the knowledge base answers gets the answer after the acknowledgement, cut to the
// SMS budget; one it does not answer gets the acknowledgement alone. Real knowledge base in the
// node's SQLite file, added over the API; language ID picks the passages' language.
TEST_F(HelplineApiTest, KnowledgeBaseAnswersFollowTheAcknowledgement) {
  std::string long_answer =
      "When the tap in your street is dry, tell the ward office the street name and how long "
      "it has been dry; the water board then sends a tanker within two days and repairs the "
      "pipe.";
  for (int i = 0; i < 8; ++i) {
    long_answer += " Keep the tanker's water covered and boil it before drinking, because "
                   "the tanks are filled from the river when the treatment works are closed.";
  }
  Reply add = Post("/v1/kb/documents",
                   Json{{"name", "water.md"},
                        {"text", "# Water supply\n\n" + long_answer +
                                     "\n\n# Clinics\n\nThe district clinic opens at eight in "
                                     "the morning, Monday to Saturday, and vaccinates children "
                                     "on Wednesdays.\n\n# Markets\n\nThe cattle market is held "
                                     "on the first Saturday of every month near the bus stand.\n"}},
                   Scope::kWrite);
  ASSERT_EQ(add.status, 201) << add.body;

  Reply asked = Message(Json{{"from", "+254700000011"},
                             {"text", "The tap in our street is dry, when will the water tanker come?"},
                             {"channel", "api"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string reply = asked.json["reply"];
  EXPECT_THAT(reply, HasSubstr(std::to_string(asked.json["ticket"].get<int64_t>())));
  EXPECT_THAT(reply, HasSubstr("tell the ward office the street name"));
  EXPECT_THAT(reply, HasSubstr("..."));  // the passage does not fit: cut at a word
  EXPECT_EQ(asked.json["answer_doc"], "water.md");
  EXPECT_EQ(asked.json["reply_encoding"], "gsm7");
  EXPECT_EQ(asked.json["reply_parts"], options_.helpline.sms.max_parts);

  Reply other = Message(Json{{"from", "+254700000012"},
                             {"text", "My landlord wants to evict my family next month"},
                             {"channel", "api"}});
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_FALSE(other.json.contains("answer_doc")) << other.json.dump();
  EXPECT_THAT(other.json["reply"].get<std::string>(), Not(HasSubstr("ward office")));
  EXPECT_EQ(other.json["reply_parts"], 1);

  // A follow-up from the same number joins the ticket and gets no second reply.
  Reply again = Message(Json{{"from", "+254700000011"},
                             {"text", "The tap in our street is still dry, when will the tanker come?"},
                             {"channel", "api"}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_TRUE(again.json["threaded"].get<bool>());
  EXPECT_TRUE(again.json["reply"].is_null());
}

}  // namespace
}  // namespace loka::node
