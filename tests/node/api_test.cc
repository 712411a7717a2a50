// The HTTP API over real loopback HTTP: every error case one by one (status, code, message),
// auth and scopes, the bad-input battery with the node still serving afterwards, training
// through the API with job polling, versions, restore, delete, datasets and metrics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <strings.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include "core/file.h"
#include "node/http.h"
#include "node_fixture.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using store::Scope;

const std::string kDemoTsv = std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv";

std::string DemoTsv() {
  Result<std::string> tsv = ReadFile(kDemoTsv);
  EXPECT_TRUE(tsv.ok()) << tsv.status().ToString();
  return tsv.ok() ? *tsv : "";
}

// A stand-in for the language-ID model: "swh" for text with "maji", "eng" otherwise, and "und"
// for empty text; one span per half of the text when spans are asked for.
Status FakeIdentify(std::string_view text, const langid::IdentifyOptions& o,
                    langid::LangResult* out) {
  if (text.empty()) {
    out->language = "und";
    out->probability = 0;
    return Status::Ok();
  }
  const bool swh = text.find("maji") != std::string_view::npos;
  out->language = swh ? "swh" : "eng";
  out->probability = 0.97f;
  out->script = "Latn";
  out->candidates.push_back({out->language, 0.97f});
  if (o.k > 1) out->candidates.push_back({swh ? "eng" : "swh", 0.02f});
  if (o.spans) out->spans.push_back({0, text.size(), out->language, "Latn", 0.97f});
  return Status::Ok();
}

// Sends `request` on a new loopback connection, ends the sending side and returns all the node
// answers until it closes.
std::string Exchange(int port, const std::string& request) {
  const int fd = ConnectLoopback(port, 5000);
  EXPECT_GE(fd, 0);
  std::string answer;
  if (fd < 0) return answer;
  EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  shutdown(fd, SHUT_WR);
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  close(fd);
  return answer;
}

// How many header lines of `answer`'s head are named `name` (case-insensitive).
size_t HeaderCount(const std::string& answer, const std::string& name) {
  const std::string head = answer.substr(0, answer.find("\r\n\r\n"));
  size_t count = 0;
  for (size_t at = head.find("\r\n"); at != std::string::npos; at = head.find("\r\n", at + 2)) {
    if (head.size() - at - 2 > name.size() && head[at + 2 + name.size()] == ':' &&
        strncasecmp(head.c_str() + at + 2, name.c_str(), name.size()) == 0) {
      ++count;
    }
  }
  return count;
}

class ApiTest : public NodeTest {
 protected:
  void SetUp() override {
    identify_ = FakeIdentify;
    NodeTest::SetUp();
  }

  // Trains `name` on the demo data through the API and returns the finished job.
  Json TrainDemo(const std::string& name) {
    Reply r = Post("/v1/models/" + name + "/train", Json{{"tsv", DemoTsv()}, {"seed", 7}},
                   Scope::kWrite);
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return r.json;
    EXPECT_EQ(r.json["state"], "queued");
    EXPECT_EQ(r.json["model"], name);
    return WaitForJob(r.json["id"].get<int64_t>());
  }
};


// A transient store error (a locked database, a full disk) is a 503 that tells the client when
// to retry; the other codes keep their statuses.
TEST(HttpStatusTest, UnavailableIs503WithRetryAfter) {
  const Response r = ErrorResponseFor(Unavailable("loka.db: database is locked"));
  EXPECT_EQ(r.status, 503);
  EXPECT_THAT(r.body, HasSubstr("\"unavailable\""));
  const auto retry = std::find_if(r.headers.begin(), r.headers.end(),
                                  [](const auto& h) { return h.first == "Retry-After"; });
  ASSERT_NE(retry, r.headers.end());
  EXPECT_EQ(retry->second, std::to_string(kUnavailableRetryAfterS));
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(ErrorResponseFor(FailedPrecondition("x")).headers.size(), 0u);
}

TEST_F(ApiTest, HealthzIsPublic) {
  Reply r = Call(port_, "GET", "/healthz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["status"], "ok");
  EXPECT_EQ(r.json["langid"], true);
}

TEST_F(ApiTest, LangidSingleTextHasTheInterfaceShape) {
  Reply r = Post("/v1/langid", Json{{"text", "maji yamekatika"}}, Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["language"], "swh");
  EXPECT_NEAR(r.json["probability"].get<double>(), 0.97, 1e-6);
  EXPECT_EQ(r.json["script"], "Latn");
  ASSERT_TRUE(r.json["candidates"].is_array());
  EXPECT_EQ(r.json["candidates"][0]["language"], "swh");
  EXPECT_FALSE(r.json.contains("spans"));
}

TEST_F(ApiTest, LangidBatchAnswersInOrder) {
  Reply r = Post("/v1/langid", Json{{"texts", {"hello there", "maji", ""}}, {"k", 2}},
                 Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["results"].size(), 3u);
  EXPECT_EQ(r.json["results"][0]["language"], "eng");
  EXPECT_EQ(r.json["results"][1]["language"], "swh");
  EXPECT_EQ(r.json["results"][2]["language"], "und");
  EXPECT_EQ(r.json["results"][0]["candidates"].size(), 2u);
  Reply empty = Post("/v1/langid", Json{{"texts", Json::array()}}, Scope::kRead);
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.json["results"], Json::array());
}

TEST_F(ApiTest, LangidSpansOnRequest) {
  Reply r = Post("/v1/langid", Json{{"text", "maji"}, {"spans", true}}, Scope::kRead);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.json["spans"].size(), 1u);
  EXPECT_EQ(r.json["spans"][0]["end"], 4);
}

// Each malformed or mistyped body, one by one: the status, the code and what the message names.
struct BadBody {
  const char* name;
  std::string body;
  int status;
  const char* code;
  const char* message_part;
};

TEST_F(ApiTest, BadBodiesAreNamedErrors) {
  const std::vector<BadBody> cases = {
      {"empty", "", 400, "invalid_argument", "body is empty"},
      {"malformed json", "{\"text\": ", 400, "invalid_argument", "malformed JSON"},
      {"trailing garbage", "{\"text\": \"a\"} x", 400, "invalid_argument", "malformed JSON"},
      {"malformed utf-8", "{\"text\": \"\xff\xfe\"}", 400, "invalid_argument",
       "malformed UTF-8 at byte 10"},
      {"overlong utf-8", "{\"text\": \"\xc0\xaf\"}", 400, "invalid_argument", "malformed UTF-8"},
      {"lone surrogate escape", "{\"text\": \"\\ud800\"}", 400, "invalid_argument",
       "malformed JSON"},
      {"not an object", "[1, 2]", 400, "invalid_argument", "expected a JSON object, got array"},
      {"text not a string", "{\"text\": 5}", 400, "invalid_argument",
       "text: expected a string, got number"},
      {"texts not an array", "{\"texts\": \"a\"}", 400, "invalid_argument",
       "texts: expected an array"},
      {"texts element", "{\"texts\": [\"a\", null]}", 400, "invalid_argument",
       "texts[1]: expected a string, got null"},
      {"both", "{\"text\": \"a\", \"texts\": []}", 400, "invalid_argument", "not both"},
      {"neither", "{\"txt\": \"a\"}", 400, "invalid_argument", "missing field"},
      {"k type", "{\"text\": \"a\", \"k\": \"3\"}", 400, "invalid_argument",
       "k: expected an integer"},
      {"k range", "{\"text\": \"a\", \"k\": 0}", 400, "invalid_argument", "outside [1, 20]"},
      {"spans type", "{\"text\": \"a\", \"spans\": 1}", 400, "invalid_argument",
       "spans: expected true or false"},
      {"deep nesting", std::string(10000, '[') + std::string(10000, ']'), 400,
       "invalid_argument", "nested deeper"},
  };
  for (const BadBody& c : cases) {
    Reply r = Post("/v1/langid", c.body, Scope::kRead);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.error_code(), c.code) << c.name;
    EXPECT_THAT(r.error_message(), HasSubstr(c.message_part)) << c.name;
  }
}

TEST_F(ApiTest, AuthIsRequiredAndScoped) {
  Reply none = Call(port_, "GET", "/v1/models");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.error_code(), "unauthenticated");
  EXPECT_THAT(none.error_message(), HasSubstr("Bearer"));

  Reply wrong = Call(port_, "GET", "/v1/models", "", "loka_000000000000_notakey");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.error_code(), "unauthenticated");

  std::string tampered = Key(Scope::kAdmin);
  tampered.back() = tampered.back() == 'x' ? 'y' : 'x';
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", tampered).status, 401);
  EXPECT_EQ(Call(port_, "GET", "/metrics").status, 401);

  // read < write < admin.
  Reply r = Post("/v1/models/m/train", Json{{"tsv", DemoTsv()}}, Scope::kRead);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "permission_denied");
  EXPECT_THAT(r.error_message(), HasSubstr("needs a key with scope write; this key has read"));
  Reply d = Call(port_, "DELETE", "/v1/models/m", "", Key(Scope::kWrite));
  EXPECT_EQ(d.status, 403);
  EXPECT_EQ(Get("/v1/models", Scope::kRead).status, 200);
}

// The scheme of "Authorization: Bearer KEY" is case-insensitive and may be followed by more
// than one space (RFC 9110 11.1, 11.4): clients that write "bearer" are not refused.
TEST_F(ApiTest, BearerSchemeIsCaseInsensitive) {
  auto status = [&](const std::string& authorization) {
    httplib::Client cli("127.0.0.1", port_);
    httplib::Result r = cli.Get("/v1/models", {{"Authorization", authorization}});
    return r ? r->status : 0;
  };
  const std::string key = Key(Scope::kRead);
  EXPECT_EQ(status("Bearer " + key), 200);
  EXPECT_EQ(status("bearer " + key), 200);
  EXPECT_EQ(status("BEARER " + key), 200);
  EXPECT_EQ(status("Bearer   " + key), 200);
  EXPECT_EQ(status("Bearer" + key), 401);
  EXPECT_EQ(status("Bearer "), 401);
  EXPECT_EQ(status("Bearer    "), 401);
  EXPECT_EQ(status("Basic " + key), 401);
  EXPECT_EQ(status("Bearxr " + key), 401);
}

TEST_F(ApiTest, RevokedKeyStopsWorkingAfterTheCacheTtl) {
  // A verified key is cached for key_cache_ttl_ms of the node's clock: revoked, it still works
  // until that much time has passed, then never again.
  ManualClock clock(0, 1000);
  Stop();
  options_.key_cache_ttl_ms = 2000;
  options_.clock = &clock;
  Start();
  const std::string key = Key(Scope::kRead);
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 200);  // verified and cached
  ASSERT_TRUE(node_->context().store->RevokeKey(key.substr(5, 12)).ok());
  clock.AdvanceMs(1999);
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 200);  // still the cached answer
  clock.AdvanceMs(1);
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 401);
  clock.AdvanceMs(5000);
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 401);
  Stop();  // the node reads `clock`, which ends with this test
}

TEST_F(ApiTest, NodeWithoutKeyCacheSeesARevocationAtOnce) {
  Stop();
  options_.key_cache_ttl_ms = 0;
  Start();
  const std::string key = Key(Scope::kRead);
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 200);
  ASSERT_TRUE(node_->context().store->RevokeKey(key.substr(5, 12)).ok());
  EXPECT_EQ(Call(port_, "GET", "/v1/models", "", key).status, 401);
}

TEST_F(ApiTest, UnknownRoutesAndMethods) {
  Reply r = Get("/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  EXPECT_THAT(r.error_message(), HasSubstr("no route for GET /v1/nope"));
  r = Call(port_, "PUT", "/v1/models", "{}", Key(Scope::kAdmin));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.error_code(), "method_not_allowed");
  // A 405 names the methods the path has, in the Allow header (RFC 9110) and the message.
  auto allow = [](const Reply& reply) {
    auto it = reply.headers.find("Allow");
    return it == reply.headers.end() ? std::string("(none)") : it->second;
  };
  EXPECT_EQ(allow(r), "GET, HEAD");
  EXPECT_THAT(r.error_message(), HasSubstr("allowed: GET, HEAD"));
  r = Call(port_, "POST", "/v1/models/m", "{}", Key(Scope::kAdmin));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(allow(r), "GET, HEAD, DELETE");
  r = Get("/v1/langid");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(allow(r), "POST");
  r = Get("/v1/models/a/b/c");
  EXPECT_EQ(r.status, 404);
  r = Call(port_, "GET", "/no/such/file.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  // The dashboard's files are known paths too: any other method (TRACE included) is a 405 that
  // says GET and HEAD are allowed.
  r = Call(port_, "POST", "/", "{}", Key(Scope::kAdmin));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.error_code(), "method_not_allowed");
  EXPECT_EQ(allow(r), "GET, HEAD");
  EXPECT_THAT(r.error_message(), HasSubstr("method POST is not allowed on /; allowed: GET, HEAD"));
  for (const std::string path : {"/", "/index.html"}) {
    const std::string trace = Exchange(port_, "TRACE " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_THAT(trace, HasSubstr("HTTP/1.1 405")) << trace;
    EXPECT_THAT(trace, HasSubstr("\r\nAllow: GET, HEAD\r\n")) << trace;
  }
  EXPECT_THAT(Exchange(port_, "TRACE /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"),
              HasSubstr("HTTP/1.1 405"));
  EXPECT_THAT(Exchange(port_, "TRACE /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"),
              HasSubstr("HTTP/1.1 404"));
}

// A request that matches no route is counted under its own method and route "unmatched",
// whether the node or cpp-httplib refused it, so a dashboard can tell 404s from probes.
TEST_F(ApiTest, UnmatchedRequestsAreCountedByMethod) {
  EXPECT_EQ(Get("/v1/nope").status, 404);
  EXPECT_EQ(Call(port_, "DELETE", "/v1/nope", "", Key(Scope::kAdmin)).status, 404);
  EXPECT_EQ(Call(port_, "PUT", "/v1/models", "{}", Key(Scope::kAdmin)).status, 405);
  EXPECT_THAT(Exchange(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
              HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(Exchange(port_, "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"),
              HasSubstr("HTTP/1.1 414"));
  EXPECT_THAT(Exchange(port_, "TRACE /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"),
              HasSubstr("HTTP/1.1 404"));
  const std::string m = Get("/metrics", Scope::kRead).body;
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"DELETE\",route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"PUT\",route=\"unmatched\",status=\"405\"} 1\n"));
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"400\"} 1\n"));
  // A method outside the list, or none read (a request line too long to parse), is OTHER.
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"414\"} 1\n"));
  EXPECT_THAT(m, HasSubstr(
      "loka_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_THAT(m, Not(HasSubstr("method=\"\"")));
}

// An answer after which the node closes the connection says so in one Connection header and
// offers no Keep-Alive, whether or not the client asked to close.
TEST_F(ApiTest, ClosingAnswerHasOneConnectionHeader) {
  for (const std::string client : {"", "Connection: close\r\n", "Connection: keep-alive\r\n"}) {
    SCOPED_TRACE(client);
    // Refused before routing (a GET with a body) and after (a body over the limit, unread).
    const std::string get_with_body =
        "GET /healthz HTTP/1.1\r\nHost: x\r\n" + client + "Content-Length: 2\r\n\r\n{}";
    const std::string too_large = "POST /v1/langid HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                  Key(Scope::kRead) + "\r\n" + client +
                                  "Content-Length: 99999999\r\n\r\n";
    for (const std::string& request : {get_with_body, too_large}) {
      const std::string answer = Exchange(port_, request);
      EXPECT_THAT(answer, HasSubstr("HTTP/1.1 4")) << answer;
      EXPECT_EQ(HeaderCount(answer, "Connection"), 1u) << answer;
      EXPECT_THAT(answer, HasSubstr("\r\nConnection: close\r\n")) << answer;
      EXPECT_EQ(HeaderCount(answer, "Keep-Alive"), 0u) << answer;
    }
  }
  // A kept-alive answer still offers Keep-Alive and no Connection: close.
  const std::string answer = Exchange(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 200"));
  EXPECT_EQ(HeaderCount(answer, "Connection"), 0u) << answer;
  EXPECT_EQ(HeaderCount(answer, "Keep-Alive"), 1u) << answer;
}

// A body is JSON whatever its Content-Type (curl -d says form-urlencoded); OPTIONS is a method
// like any other, with no CORS headers, so no page of another origin gets a preflight through.
TEST_F(ApiTest, BodiesAreJsonWhateverTheirTypeAndThereIsNoCors) {
  for (const char* type : {"application/json", "text/plain", "application/x-www-form-urlencoded"}) {
    SCOPED_TRACE(type);
    Reply r = Call(port_, "POST", "/v1/langid", R"({"text":"maji"})", Key(Scope::kRead), type);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["language"], "swh");
  }
  const std::string preflight = Exchange(
      port_, "OPTIONS /v1/langid HTTP/1.1\r\nHost: x\r\nOrigin: http://elsewhere.example\r\n"
             "Access-Control-Request-Method: POST\r\n"
             "Access-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(preflight, HasSubstr("HTTP/1.1 405"));
  EXPECT_THAT(preflight, HasSubstr("\r\nAllow: POST\r\n"));
  EXPECT_EQ(HeaderCount(preflight, "Access-Control-Allow-Origin"), 0u) << preflight;
  EXPECT_THAT(Exchange(port_, "OPTIONS /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              HasSubstr("HTTP/1.1 404"));
}

TEST_F(ApiTest, UnknownModelAndBadNames) {
  Reply r = Post("/v1/models/ghost/predict", Json{{"text", "x"}}, Scope::kRead);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  EXPECT_THAT(r.error_message(), HasSubstr("no model named \"ghost\""));
  EXPECT_EQ(Get("/v1/models/ghost").status, 404);
  EXPECT_EQ(Call(port_, "DELETE", "/v1/models/ghost", "", Key(Scope::kAdmin)).status, 404);
  EXPECT_EQ(Post("/v1/models/ghost/restore", "").status, 404);
  Reply bad = Post("/v1/models/bad%20name/predict", Json{{"text", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.error_message(), HasSubstr("model name"));
  Reply job = Get("/v1/jobs/abc");
  EXPECT_EQ(job.status, 400);
  EXPECT_EQ(Get("/v1/jobs/12345").status, 404);
}

// GET /v1/jobs?limit: the newest jobs first, a bad limit a 400 that names it.
TEST_F(ApiTest, ListJobsTakesALimit) {
  for (const std::string name : {"first", "second"}) {
    Reply r = Post("/v1/models/" + name + "/train", Json{{"tsv", DemoTsv()}, {"epochs", 1}},
                   Scope::kWrite);
    ASSERT_EQ(r.status, 202) << r.body;
    WaitForJob(r.json["id"].get<int64_t>());  // one job at a time: the queue may hold one
  }
  Reply all = Get("/v1/jobs", Scope::kRead);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.json["jobs"].size(), 2u);
  Reply one = Get("/v1/jobs?limit=1", Scope::kRead);
  ASSERT_EQ(one.status, 200);
  ASSERT_EQ(one.json["jobs"].size(), 1u);
  EXPECT_EQ(one.json["jobs"][0]["id"], all.json["jobs"][0]["id"]);
  for (const std::string bad : {"abc", "0", "1001", "-1", "2.5"}) {
    Reply r = Get("/v1/jobs?limit=" + bad, Scope::kRead);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.error_code(), "invalid_argument") << bad;
    EXPECT_EQ(r.error_message(), "limit = \"" + bad + "\": expected 1..1000") << bad;
  }
}

// The dashboard and every API answer, errors included, carry the same security headers.
TEST_F(ApiTest, SecurityHeadersOnEveryAnswer) {
  const char* kCsp = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
  const std::vector<std::pair<std::string, Reply>> answers = {
      {"dashboard", Call(port_, "GET", "/")},
      {"script", Call(port_, "GET", "/app.js")},
      {"healthz", Call(port_, "GET", "/healthz")},
      {"api", Get("/v1/models")},
      {"401", Call(port_, "GET", "/v1/models")},
      {"404", Get("/nothing/here")},
  };
  for (const auto& [what, r] : answers) {
    SCOPED_TRACE(what);
    ASSERT_NE(r.status, 0);
    const auto& headers = r.headers;  // clang 14 cannot capture a structured binding
    auto header = [&headers](const char* name) {
      auto it = headers.find(name);
      return it == headers.end() ? std::string() : it->second;
    };
    EXPECT_EQ(header("Content-Security-Policy"), kCsp);
    EXPECT_EQ(header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header("X-Frame-Options"), "DENY");
    EXPECT_EQ(header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.headers.count("Content-Security-Policy"), 1u);
  }
  // An error cpp-httplib answers itself (a malformed request line).
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string bad = "NONSENSE\r\n\r\n";
  ASSERT_EQ(send(fd, bad.data(), bad.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bad.size()));
  char buf[4096];
  const ssize_t n = recv(fd, buf, sizeof(buf), 0);
  close(fd);
  const std::string answer(buf, static_cast<size_t>(std::max<ssize_t>(n, 0)));
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr(std::string("Content-Security-Policy: ") + kCsp));
}

// A body whose length two parsers could read differently (Content-Length with
// Transfer-Encoding, two different Content-Lengths, a length that is not digits, a coding
// other than chunked) is refused and the connection closed, so the request pipelined after it
// is never answered: a proxy in front and the node can never disagree on where a request
// ends (RFC 9112 6.1, 6.3). Plain chunked and sized bodies keep the connection.
TEST_F(ApiTest, AmbiguousBodyFramingIsRefusedAndCloses) {
  const std::string key = Key(Scope::kRead);
  const std::string head = "POST /v1/langid HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
                           "\r\nContent-Type: application/json\r\n";
  const std::string json = R"({"text":"hello"})";  // 16 bytes
  const std::string chunked = "10\r\n" + json + "\r\n0\r\n\r\n";
  const std::string next = "GET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  auto exchange = [&](const std::string& request) { return Exchange(port_, request); };
  auto answers = [](const std::string& all) {
    size_t count = 0;
    for (size_t at = all.find("HTTP/1.1 "); at != std::string::npos;
         at = all.find("HTTP/1.1 ", at + 1)) {
      ++count;
    }
    return count;
  };
  struct Case {
    std::string name, framing, body, status, message_part;
  };
  const std::vector<Case> cases = {
      {"length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", chunked,
       "400", "Content-Length and Transfer-Encoding together"},
      {"chunked and length", "Transfer-Encoding: chunked\r\nContent-Length: 40\r\n", chunked,
       "400", "Content-Length and Transfer-Encoding together"},
      {"two lengths", "Content-Length: 16\r\nContent-Length: 3\r\n", json, "400",
       "Content-Length given twice with different values"},
      {"signed length", "Content-Length: +16\r\n", json, "400", "not a number of bytes"},
      {"negative length", "Content-Length: -1\r\n", json, "400", "not a number of bytes"},
      {"gzip coding", "Transfer-Encoding: gzip\r\n", json, "501", "not implemented"},
      {"two codings", "Transfer-Encoding: gzip, chunked\r\n", chunked, "501", "not implemented"},
  };
  for (const Case& c : cases) {
    const std::string answer = exchange(head + c.framing + "\r\n" + c.body + next);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 " + c.status) << c.name << ": " << answer;
    EXPECT_THAT(answer, HasSubstr("Connection: close")) << c.name;
    EXPECT_THAT(answer, HasSubstr(c.message_part)) << c.name;
    EXPECT_EQ(answers(answer), 1u) << c.name << ": " << answer;
  }
  // Unambiguous bodies: both pipelined requests are answered on the one connection.
  for (const std::string& framing :
       {std::string("Transfer-Encoding: chunked\r\n"), std::string("Content-Length: 16\r\n"),
        std::string("Content-Length: 16\r\nContent-Length: 16\r\n")}) {
    const std::string body = framing[0] == 'T' ? chunked : json;
    const std::string answer = exchange(head + framing + "\r\n" + body + next);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << framing << answer;
    EXPECT_EQ(answers(answer), 2u) << framing << answer;
    EXPECT_THAT(answer, HasSubstr("no route for GET /v1/smuggled")) << framing;
  }
  EXPECT_EQ(Call(port_, "GET", "/healthz").status, 200);
}

TEST_F(ApiTest, BodyAndBatchLimits) {
  // 50 MB body: over every limit.
  Reply big = CallUnread(port_, "/v1/langid", std::string(50u << 20, 'a'), Key(Scope::kRead));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.error_code(), "resource_exhausted");
  // 2 MiB of valid JSON to a 1 MiB route.
  Json two_mib = {{"text", std::string(2u << 20, 'a')}};
  Reply over = CallUnread(port_, "/v1/langid", two_mib.dump(), Key(Scope::kRead));
  EXPECT_EQ(over.status, 413);
  EXPECT_THAT(over.error_message(), HasSubstr("limit of 1048576 bytes for /v1/langid"));
  // 100k-item batch: under the body limit, over the batch limit.
  Json batch = {{"texts", Json::array()}};
  for (int i = 0; i < 100000; ++i) batch["texts"].push_back("a");
  Reply many = Post("/v1/langid", batch, Scope::kRead);
  EXPECT_EQ(many.status, 413);
  EXPECT_THAT(many.error_message(), HasSubstr("100000 texts in one batch; the limit is 1000"));
  // The form-encoded content type curl uses by default is not special.
  Reply form = Call(port_, "POST", "/v1/langid", batch.dump(), Key(Scope::kRead),
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 413);
  EXPECT_EQ(form.error_code(), "resource_exhausted");
}

// The issue's battery, one after the other on one node: malformed JSON, malformed UTF-8, a
// 50 MB body, a 100k-item batch, a wrong key, an unknown route; each answered with its status
// and a JSON error, and the node answers as before afterwards.
TEST_F(ApiTest, BadInputBatteryLeavesTheNodeServing) {
  Json batch = {{"texts", Json::array()}};
  for (int i = 0; i < 100000; ++i) batch["texts"].push_back("maji");
  struct Case {
    std::string name;
    Reply reply;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"malformed json", Post("/v1/langid", "{not json", Scope::kRead), 400, "invalid_argument"},
      {"malformed utf-8", Post("/v1/langid", "{\"text\": \"\xed\xa0\x80\"}", Scope::kRead), 400,
       "invalid_argument"},
      {"50 MB body", CallUnread(port_, "/v1/langid", std::string(50u << 20, '{'), Key(Scope::kRead)), 413,
       "resource_exhausted"},
      {"50 MB training upload", CallUnread(port_, "/v1/models/m/train",
                                           std::string(50u << 20, 'a'), Key(Scope::kWrite)),
       413, "resource_exhausted"},
      {"100k-item batch", Post("/v1/langid", batch, Scope::kRead), 413, "resource_exhausted"},
      {"wrong key", Call(port_, "GET", "/v1/models", "", "wrong"), 401, "unauthenticated"},
      {"wrong key on langid", Call(port_, "POST", "/v1/langid", R"({"text": "maji"})",
                                   "loka_000000000000_" + std::string(43, 'A')), 401,
       "unauthenticated"},
      {"unknown route", Get("/definitely/not/here"), 404, "not_found"},
      {"unknown api route", Post("/v1/nothing", "{}", Scope::kRead), 404, "not_found"},
      {"URI over 8 KiB", Get("/v1/alerts?station=" + std::string(9000, 'x')), 414,
       "resource_exhausted"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.reply.status, c.status) << c.name << ": " << c.reply.body.substr(0, 200);
    EXPECT_EQ(c.reply.error_code(), c.code) << c.name;
    EXPECT_FALSE(c.reply.error_message().empty()) << c.name;
  }
  // A raw malformed request line gets a JSON 400 too.
  httplib::Client cli("127.0.0.1", port_);
  auto raw = cli.Get("/v1/models\x01");
  if (raw) {
    EXPECT_GE(raw->status, 400);
  }
  // Still serving, with the same answers as before.
  Reply ok = Post("/v1/langid", Json{{"text", "maji"}}, Scope::kRead);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json["language"], "swh");
  batch["texts"] = Json::array({"maji", "hello"});
  Reply small = Post("/v1/langid", batch, Scope::kRead);
  ASSERT_EQ(small.status, 200);
  EXPECT_EQ(small.json["results"].size(), 2u);
  EXPECT_EQ(Call(port_, "GET", "/healthz").status, 200);
}

TEST_F(ApiTest, TrainPollPredictRestoreDelete) {
  Json job = TrainDemo("requests");
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["model_version"], 1);
  EXPECT_DOUBLE_EQ(job["progress"].get<double>(), 1.0);
  EXPECT_EQ(job["source"], "body");
  EXPECT_EQ(job["metrics"]["evaluated_on"], "holdout");
  // testdata/demo/requests.tsv has 2,325 rows: a tenth (233) is held out in whole groups of
  // near-duplicates (at most 9 lines, one sentence pattern), so up to 8 more.
  const int held = job["metrics"]["holdout_examples"].get<int>();
  EXPECT_GE(held, 233);
  EXPECT_LE(held, 241);
  EXPECT_EQ(job["metrics"]["train_examples"].get<int>() + held, 2325);
  // 5 labels: chance is 0.2. Held-out lines have no twin in training, so the score is that of
  // new sentences (the evaluation file: about 0.75), not the 1.000 a random tenth gave.
  EXPECT_GT(job["metrics"]["accuracy"].get<double>(), 0.4);
  EXPECT_LT(job["metrics"]["accuracy"].get<double>(), 0.95);

  // Served at once.
  Reply p = Post("/v1/models/requests/predict",
                 Json{{"text", "no water in the taps, water supply dry, no water"}, {"k", 2}},
                 Scope::kRead);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["label"], "water");
  EXPECT_EQ(p.json["version"], 1);
  EXPECT_EQ(p.json["candidates"].size(), 2u);
  Reply batch = Post("/v1/models/requests/predict",
                     Json{{"texts", {"power outage, no electricity, power cut", "pothole on the road, road damaged"}}},
                     Scope::kRead);
  ASSERT_EQ(batch.status, 200);
  EXPECT_EQ(batch.json["results"][0]["label"], "electricity");
  EXPECT_EQ(batch.json["results"][1]["label"], "roads");

  // A second version, then restore the first.
  ASSERT_EQ(TrainDemo("requests")["model_version"], 2);
  Reply list = Get("/v1/models", Scope::kRead);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["models"].size(), 1u);
  const Json& m = list.json["models"][0];
  EXPECT_EQ(m["name"], "requests");
  EXPECT_EQ(m["version"], 2);
  EXPECT_EQ(m["versions"].size(), 2u);
  EXPECT_EQ(m["labels"].size(), 5u);
  EXPECT_TRUE(m["metrics"].contains("macro_f1"));

  Reply restored = Post("/v1/models/requests/restore", "", Scope::kWrite);
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(restored.json["version"], 1);
  EXPECT_EQ(Post("/v1/models/requests/predict", Json{{"text", "x"}}).json["version"], 1);
  Reply again = Post("/v1/models/requests/restore", "", Scope::kWrite);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "failed_precondition");

  Reply del = Call(port_, "DELETE", "/v1/models/requests", "", Key(Scope::kAdmin));
  ASSERT_EQ(del.status, 200);
  EXPECT_EQ(Post("/v1/models/requests/predict", Json{{"text", "x"}}).status, 404);
  EXPECT_EQ(Get("/v1/models").json["models"].size(), 0u);
}

TEST_F(ApiTest, TrainFromAStoredDataset) {
  std::istringstream in(DemoTsv());
  std::string line;
  Json rows = Json::array();
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    rows.push_back({{"label", line.substr(0, tab)}, {"text", line.substr(tab + 1)}});
  }
  // Two appends: acknowledged totals add up.
  Json first = Json::array(), second = Json::array();
  for (size_t i = 0; i < rows.size(); ++i) (i % 2 ? second : first).push_back(rows[i]);
  Reply a = Post("/v1/datasets/demo/rows", Json{{"rows", first}}, Scope::kWrite);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["added"], first.size());
  Reply b = Post("/v1/datasets/demo/rows", Json{{"rows", second}}, Scope::kWrite);
  EXPECT_EQ(b.json["total"], rows.size());
  Reply ds = Get("/v1/datasets", Scope::kRead);
  ASSERT_EQ(ds.status, 200);
  EXPECT_EQ(ds.json["datasets"][0]["rows"], rows.size());

  Reply t = Post("/v1/models/fromds/train", Json{{"dataset", "demo"}, {"epochs", 20}}, Scope::kWrite);
  ASSERT_EQ(t.status, 202) << t.body;
  EXPECT_EQ(t.headers.find("Location")->second, "/v1/jobs/" + t.json["id"].dump());
  Json job = WaitForJob(t.json["id"]);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["source"], "dataset:demo");
  EXPECT_EQ(job["metrics"]["epochs"], 20);

  Reply missing = Post("/v1/models/x/train", Json{{"dataset", "nope"}}, Scope::kWrite);
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.error_message(), HasSubstr("no dataset named \"nope\""));
}

TEST_F(ApiTest, TrainingInputErrors) {
  struct Case {
    Json body;
    int status;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {Json::object(), 400, "missing training data"},
      {{{"rows", "x"}}, 400, "rows: expected an array"},
      {{{"rows", {{{"label", "a"}}}}}, 400, "rows[0]: missing field \"text\""},
      {{{"rows", {{{"label", 1}, {"text", "t"}}}}}, 400, "rows[0]: label: expected a string"},
      {{{"rows", {{{"label", ""}, {"text", "t"}}}}}, 400, "rows[0]: empty label"},
      {{{"rows", Json::array()}}, 400, "rows: empty array"},
      {{{"rows", {{{"label", "a"}, {"text", "x"}}, {{"label", "b"}, {"text", " \n "}}}}},
       400, "rows[1]: empty text"},
      {{{"rows", {{{"label", " \t"}, {"text", "t"}}}}}, 400, "rows[0]: empty label"},
      {{{"rows", {{{"label", "a"}, {"text", "t"}}}}}, 400, "at least 2 different labels"},
      {{{"tsv", "no tab here\n"}}, 400, "tsv line 1"},
      {{{"tsv", "a\tb\n"}, {"rows", Json::array()}}, 400, "not both"},
      {{{"tsv", "a\tx\nb\ty\n"}, {"dataset", "d"}}, 400, "one of"},
      {{{"tsv", "a\tx\nb\ty\n"}, {"epochs", -1}}, 400, "epochs: -1 is outside"},
      {{{"tsv", "a\tx\nb\ty\n"}, {"lr", "fast"}}, 400, "lr: expected a number"},
  };
  for (const Case& c : cases) {
    Reply r = Post("/v1/models/m/train", c.body, Scope::kWrite);
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " -> " << r.body;
    EXPECT_THAT(r.error_message(), HasSubstr(c.message_part)) << c.body.dump();
  }
  Reply rows = Post("/v1/datasets/d/rows", Json{{"rows", {{{"label", "a"}}}}}, Scope::kWrite);
  EXPECT_EQ(rows.status, 400);
  Reply none = Post("/v1/datasets/d/rows", Json{{"rows", Json::array()}}, Scope::kWrite);
  EXPECT_EQ(none.status, 400) << none.body;
  EXPECT_THAT(none.error_message(), HasSubstr("rows: empty array"));
  EXPECT_EQ(Get("/v1/datasets").json["datasets"].size(), 0u);  // nothing half-written
}

// An empty or blank text has nothing to classify: no label, as `loka predict` answers an empty
// line, not the label prior a text of unknown words gets.
TEST_F(ApiTest, PredictOfAnEmptyTextHasNoLabel) {
  Reply t = Post("/v1/models/tiny/train",
                 Json{{"tsv", "water\tthe tap is dry\nroads\ta pothole on the road\n"},
                      {"epochs", 5}},
                 Scope::kWrite);
  ASSERT_EQ(t.status, 202) << t.body;
  ASSERT_EQ(WaitForJob(t.json["id"])["state"], "done");
  Reply one = Post("/v1/models/tiny/predict", Json{{"text", ""}, {"k", 2}}, Scope::kRead);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_TRUE(one.json["label"].is_null()) << one.body;
  EXPECT_EQ(one.json["probability"], 0.0);
  EXPECT_EQ(one.json["candidates"], Json::array());
  Reply batch = Post("/v1/models/tiny/predict", Json{{"texts", {"", "the tap is dry"}}},
                     Scope::kRead);
  ASSERT_EQ(batch.status, 200) << batch.body;
  EXPECT_TRUE(batch.json["results"][0]["label"].is_null()) << batch.body;
  EXPECT_EQ(batch.json["results"][1]["label"], "water");
  Reply blank = Post("/v1/models/tiny/predict",
                     Json{{"texts", {" \t\n ", "\u200b", "\u00a0\u3000"}}, {"k", 2}},
                     Scope::kRead);
  ASSERT_EQ(blank.status, 200) << blank.body;
  for (const Json& r : blank.json["results"]) {
    EXPECT_TRUE(r["label"].is_null()) << blank.body;
    EXPECT_EQ(r["candidates"], Json::array()) << blank.body;
  }
}

// Rows given as {"label", "text"} are trimmed as the lines of "tsv" are: " water " and "water"
// are one label, whichever way they came.
TEST_F(ApiTest, RowsAreTrimmedAsTsvLinesAre) {
  const Json rows = {{{"label", " water "}, {"text", "  the tap is dry \n"}},
                     {{"label", "water\r"}, {"text", "no water since Monday"}},
                     {{"label", "roads"}, {"text", "a pothole on the main road"}}};
  Reply a = Post("/v1/datasets/trim/rows", Json{{"rows", rows}}, Scope::kWrite);
  ASSERT_EQ(a.status, 200) << a.body;
  Reply b = Post("/v1/datasets/trim/rows", Json{{"tsv", " water \tthe pipe burst\n"}},
                 Scope::kWrite);
  ASSERT_EQ(b.status, 200) << b.body;
  Reply t = Post("/v1/models/trim/train", Json{{"dataset", "trim"}, {"epochs", 5}},
                 Scope::kWrite);
  ASSERT_EQ(t.status, 202) << t.body;
  ASSERT_EQ(WaitForJob(t.json["id"])["state"], "done");
  Reply m = Get("/v1/models/trim", Scope::kRead);
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.json["labels"], Json::array({"roads", "water"}));
}

TEST_F(ApiTest, FullTrainingQueueAnswers429) {
  Stop();
  options_.train_queue_depth = 1;
  Start();
  // The first job is big enough to be still running while the others arrive, even when a
  // loaded machine delays the requests (20 epochs once let it finish in between); it is
  // cancelled at the end instead of waited for. The others are small.
  std::string tsv;
  for (int copy = 0; copy < 10; ++copy) tsv += DemoTsv();
  const Json big = {{"tsv", tsv}, {"epochs", 150}};
  const Json small = {{"tsv", DemoTsv()}, {"epochs", 5}};
  std::vector<int> statuses;
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i) {
    Reply r = Post("/v1/models/busy/train", i == 0 ? big : small, Scope::kWrite);
    statuses.push_back(r.status);
    if (r.status == 202) ids.push_back(r.json["id"]);
    if (r.status == 429) {
      EXPECT_EQ(r.error_code(), "queue_full");
      EXPECT_THAT(r.error_message(), HasSubstr("training queue is full"));
      auto retry = r.headers.find("Retry-After");
      ASSERT_NE(retry, r.headers.end());
      EXPECT_EQ(retry->second, "10");
    }
  }
  EXPECT_EQ(statuses[0], 202);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 2) << ::testing::PrintToString(statuses);
  Reply metrics = Get("/metrics", Scope::kRead);
  EXPECT_THAT(metrics.body, HasSubstr("loka_train_queue_capacity 1"));
  ASSERT_EQ(ids.size(), 2u);
  // Cancelling the running job lets the queued one train.
  const int cancelled =
      Call(port_, "DELETE", "/v1/jobs/" + std::to_string(ids[0]), "", Key(Scope::kWrite)).status;
  EXPECT_TRUE(cancelled == 202 || cancelled == 200) << cancelled;  // running, or not yet started
  EXPECT_EQ(WaitForJob(ids[0])["state"], "cancelled");
  EXPECT_EQ(WaitForJob(ids[1])["state"], "done");
}

TEST_F(ApiTest, MetricsArePrometheusText) {
  ASSERT_EQ(TrainDemo("requests")["state"], "done");
  Post("/v1/langid", Json{{"text", "a"}}, Scope::kRead);
  Post("/v1/langid", "{", Scope::kRead);
  Reply r = Get("/metrics", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.headers.find("Content-Type")->second, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(r.body, HasSubstr("# TYPE loka_http_requests_total counter"));
  EXPECT_THAT(r.body, HasSubstr(
      "loka_http_requests_total{method=\"POST\",route=\"/v1/langid\",status=\"200\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr(
      "loka_http_requests_total{method=\"POST\",route=\"/v1/langid\",status=\"400\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr("# TYPE loka_http_request_duration_seconds histogram"));
  EXPECT_THAT(r.body, HasSubstr(
      "loka_http_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/langid\",le=\"+Inf\"} 2"));
  EXPECT_THAT(r.body, HasSubstr("le=\"0.0005\""));
  EXPECT_THAT(r.body, HasSubstr("loka_model_version{model=\"requests\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr("loka_train_queue_depth 0\n"));
  EXPECT_THAT(r.body, HasSubstr("loka_process_resident_memory_bytes "));
  // Every sample line is `name{labels} value` or `name value`.
  std::istringstream in(r.body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    const std::string name = line.substr(0, line.find('{') < space ? line.find('{') : space);
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << line;
    if (line.find('{') < space) {
      EXPECT_EQ(line[space - 1], '}') << line;
    }
    const std::string value = line.substr(space + 1);
    EXPECT_TRUE(value == "+Inf" || value.find_first_not_of("0123456789.e-+") == std::string::npos)
        << line;
  }
}

TEST_F(ApiTest, DashboardIsServed) {
  Reply index = Call(port_, "GET", "/");
  ASSERT_EQ(index.status, 200);
  EXPECT_THAT(index.headers.find("Content-Type")->second, HasSubstr("text/html"));
  EXPECT_THAT(index.body, HasSubstr("<title>loka node</title>"));
  Reply js = Call(port_, "GET", "/app.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_THAT(js.headers.find("Content-Type")->second, HasSubstr("javascript"));
  // The embedded copy is the source tree's file, byte for byte.
  Result<std::string> src = ReadFile(std::string(LOKA_WEB_DIR) + "/app.js");
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(js.body, *src);
}

TEST_F(ApiTest, ConcurrentClientsDuringTraining) {
  Reply t = Post("/v1/models/requests/train", Json{{"tsv", DemoTsv()}}, Scope::kWrite);
  ASSERT_EQ(t.status, 202);
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Reply r = Call(port_, "POST", "/v1/langid", Json{{"text", "maji"}}.dump(), Key(Scope::kRead));
        if (r.status != 200 || r.json["language"] != "swh") failures++;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(WaitForJob(t.json["id"])["state"], "done");
}

class NoLangidTest : public NodeTest {};

TEST_F(NoLangidTest, LangidWithoutAModelIs503) {
  Reply r = Post("/v1/langid", Json{{"text", "hello"}}, Scope::kRead);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error_code(), "unavailable");
  EXPECT_EQ(Call(port_, "GET", "/healthz").json["langid"], false);
}

TEST_F(NoLangidTest, ModelsSurviveARestart) {
  Reply t = Post("/v1/models/requests/train", Json{{"tsv", DemoTsv()}}, Scope::kWrite);
  ASSERT_EQ(t.status, 202);
  ASSERT_EQ(WaitForJob(t.json["id"])["state"], "done");
  Stop();
  Start();
  Reply p = Post("/v1/models/requests/predict", Json{{"text", "no water in the taps"}}, Scope::kRead);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["label"], "water");
}

TEST(NodeCreateTest, BadDatabaseIsAnError) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir.File("junk.db"), std::string(4096, 'j')).ok());
  NodeOptions o;
  o.db_path = dir.File("junk.db");
  Result<std::unique_ptr<Node>> n = Node::Create(o);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kCorrupt);
}

TEST(NodeCreateTest, PortInUseIsAnError) {
  TempDir dir;
  NodeOptions o;
  o.db_path = dir.File("a.db");
  o.port = 0;
  Result<std::unique_ptr<Node>> a = Node::Create(o);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*a)->Listen().ok());
  o.port = (*a)->port();
  o.db_path = dir.File("b.db");
  Result<std::unique_ptr<Node>> b = Node::Create(o);
  ASSERT_TRUE(b.ok());
  Status s = (*b)->Listen();
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_THAT(s.message(), HasSubstr(std::to_string(o.port)));
}

}  // namespace
}  // namespace loka::node
