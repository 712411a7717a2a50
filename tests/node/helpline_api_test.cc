// The helpline over real HTTP on loopback: the Interface (POST /v1/messages, GET /v1/tickets,
// POST /v1/tickets/{id}/desk) with the demo desk model and the default language-ID model, bad
// input each answered clearly with nothing lost, numbers masked for read keys, and Kannel's
// incoming URL with its token (UCS-2 decoded, broken bytes kept and flagged).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "langid/identifier.h"
#include "learn/dataset.h"
#include "learn/trainer.h"
#include "node_fixture.h"

namespace loka::node {
namespace {

using store::Scope;
using ::testing::HasSubstr;

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
  EXPECT_EQ(Get("/v1/tickets?status=open", Scope::kRead).status, 400);
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
       "character 5 is not a digit"},
      {Json{{"text", "hi"}}.dump(), 400, "from"},
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
  Reply all = Get("/v1/tickets", Scope::kWrite);
  ASSERT_EQ(all.json["tickets"].size(), 1u);
  EXPECT_EQ(all.json["tickets"][0]["messages"], 1);
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
  Reply dlr = Get("/v1/kannel/dlr?token=kannel-secret&outbox=1&type=1");
  EXPECT_EQ(dlr.status, 200) << dlr.body;
  EXPECT_EQ(Get("/v1/kannel/dlr?token=kannel-secret&outbox=99&type=1").status, 404);
}

}  // namespace
}  // namespace loka::node
