// docs/api.yaml against the node's route table: every route in the table is documented with
// the same method, path and scope, and every documented operation is in the table; every
// operation lists the auth answers its scope allows; and every status a real node answers to
// a battery of requests (no key, a low key, a malformed path segment, an unknown id, a
// malformed or empty body, bad query values) is listed for its operation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <sstream>

#include "core/file.h"
#include "node/handlers.h"
#include "node_fixture.h"

namespace loka::node {
namespace {

struct Operation {
  std::string method;  // upper case
  std::string path;
  std::string summary;
  bool is_public = false;  // `security: []`
  std::set<int> statuses;  // the keys of `responses:`
  bool operator<(const Operation& o) const {
    return std::tie(method, path) < std::tie(o.method, o.path);
  }
};

size_t Indent(const std::string& line) { return line.find_first_not_of(' '); }

// Reads the operations under `paths:` of an OpenAPI YAML file written in the project's style:
// paths at two spaces, methods at four, their fields at six, the statuses of `responses:` at
// eight ("404": ...).
std::vector<Operation> ReadOperations(const std::string& yaml) {
  std::vector<Operation> ops;
  std::istringstream in(yaml);
  std::string line, path;
  bool in_paths = false, in_responses = false;
  while (std::getline(in, line)) {
    if (line.empty() || line.find_first_not_of(' ') == std::string::npos) continue;
    const size_t indent = Indent(line);
    if (line[indent] == '#') continue;
    if (indent == 0) {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (indent == 2 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      continue;
    }
    if (indent == 4) {
      static const std::set<std::string> kMethods = {"get", "post", "put", "patch", "delete"};
      const std::string key = line.substr(4, line.find(':') - 4);
      if (kMethods.count(key) != 0) {
        std::string upper;
        for (char c : key) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ops.push_back({upper, path, "", false});
      }
      continue;
    }
    if (indent < 6) in_responses = false;
    if (indent == 6 && !ops.empty() && ops.back().path == path) {
      if (line.rfind("      summary: ", 0) == 0) ops.back().summary = line.substr(15);
      if (line == "      security: []") ops.back().is_public = true;
      in_responses = line == "      responses:";
    }
    if (indent == 8 && in_responses && line.size() > 13 && line[8] == '"' && line[12] == '"') {
      ops.back().statuses.insert(std::stoi(line.substr(9, 3)));
    }
  }
  return ops;
}

TEST(ApiSpecTest, YamlAndRouteTableAgree) {
  Result<std::string> yaml = ReadFile(std::string(LOKA_DOCS_DIR) + "/api.yaml");
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  EXPECT_THAT(*yaml, ::testing::StartsWith("openapi: 3."));
  const std::vector<Operation> documented = ReadOperations(*yaml);
  ASSERT_GE(documented.size(), 10u);

  std::set<Operation> in_yaml(documented.begin(), documented.end());
  EXPECT_EQ(in_yaml.size(), documented.size()) << "an operation is documented twice";
  const std::vector<Route> routes = ApiRoutes(nullptr);
  std::set<Operation> in_table;
  for (const Route& r : routes) in_table.insert({r.method, r.pattern, r.summary, !r.scope});

  for (const Operation& r : in_table) {
    EXPECT_EQ(in_yaml.count(r), 1u) << r.method << " " << r.path << " is not in docs/api.yaml";
  }
  for (const Operation& d : in_yaml) {
    EXPECT_EQ(in_table.count(d), 1u) << d.method << " " << d.path
                                     << " is documented but not a route";
  }
  // Same auth: public routes say `security: []`; the others name their scope in the summary.
  for (const Route& r : routes) {
    auto it = in_yaml.find({r.method, r.pattern, "", false});
    if (it == in_yaml.end()) continue;
    EXPECT_EQ(it->is_public, !r.scope) << r.method << " " << r.pattern;
    if (r.scope) {
      EXPECT_THAT(it->summary,
                  ::testing::EndsWith("scope " + std::string(store::ScopeName(*r.scope))))
          << r.method << " " << r.pattern;
    }
  }
}

TEST(ApiSpecTest, ReaderSeesMethodsPathsSecurityAndStatuses) {
  const std::string yaml =
      "openapi: 3.0.3\npaths:\n  /a/{x}:\n    parameters: []\n    get:\n"
      "      summary: A; scope read\n"
      "      responses:\n        \"200\":\n          description: ok\n"
      "          content: {\"400\": x}\n        \"404\": {$ref: y}\n"
      "    delete:\n      security: []\n      parameters:\n        \"500\": no\n"
      "  /b:\n    post:\n      summary: B\ncomponents:\n"
      "  /not/a/path:\n    get:\n";
  std::vector<Operation> ops = ReadOperations(yaml);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].method, "GET");
  EXPECT_EQ(ops[0].path, "/a/{x}");
  EXPECT_EQ(ops[0].summary, "A; scope read");
  EXPECT_EQ(ops[0].statuses, (std::set<int>{200, 404}));
  EXPECT_TRUE(ops[1].is_public);
  EXPECT_TRUE(ops[1].statuses.empty());
  EXPECT_EQ(ops[2].path, "/b");
}

std::vector<Operation> SpecOperations() {
  Result<std::string> yaml = ReadFile(std::string(LOKA_DOCS_DIR) + "/api.yaml");
  EXPECT_TRUE(yaml.ok()) << yaml.status().ToString();
  return yaml.ok() ? ReadOperations(*yaml) : std::vector<Operation>();
}

// A route with a key lists 401; one that needs more than read lists 403 (a read key is
// refused); one with a path parameter lists 400 (a malformed id or name is refused); one that
// takes a body lists 413 (every body has a limit).
TEST(ApiSpecTest, EveryOperationListsTheAnswersItsRouteAllows) {
  const std::vector<Operation> ops = SpecOperations();
  ASSERT_GE(ops.size(), 10u);
  std::set<Operation> in_yaml(ops.begin(), ops.end());
  for (const Route& r : ApiRoutes(nullptr)) {
    auto it = in_yaml.find({r.method, r.pattern});
    if (it == in_yaml.end()) continue;  // YamlAndRouteTableAgree names it
    const std::string op = r.method + " " + r.pattern;
    EXPECT_TRUE(it->statuses.count(200) + it->statuses.count(201) + it->statuses.count(202) > 0)
        << op << " lists no success";
    if (r.scope) {
      EXPECT_EQ(it->statuses.count(401), 1u) << op << " does not list 401";
    }
    if (r.scope && *r.scope > store::Scope::kRead) {
      EXPECT_EQ(it->statuses.count(403), 1u) << op << " does not list 403";
    }
    if (r.pattern.find('{') != std::string::npos) {
      EXPECT_EQ(it->statuses.count(400), 1u) << op << " does not list 400";
    }
    if (r.method == "POST" || r.method == "PUT") {
      EXPECT_EQ(it->statuses.count(413), 1u) << op << " does not list 413";
    }
  }
}

// `pattern` with each {param} replaced by `value`.
std::string Fill(const std::string& pattern, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    out += value;
    i = pattern.find('}', i);
  }
  return out;
}

// Small body limits, so a body over them is cheap to send to every route.
class ApiSpecNodeTest : public NodeTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    NodeTest::SetUp();
    options_.max_body_bytes = 4096;
    options_.max_upload_bytes = 8192;
    options_.kannel_token = "kannel-token";
    Start();
  }
};

// Every status the node answers to the battery is one the spec lists for the operation.
TEST_F(ApiSpecNodeTest, SpecListsEveryStatusTheNodeAnswers) {
  const std::vector<Operation> ops = SpecOperations();
  ASSERT_GE(ops.size(), 10u);
  std::set<Operation> in_yaml(ops.begin(), ops.end());
  const Router router(ApiRoutes(nullptr));
  using store::Scope;
  int probes = 0;
  auto probe = [&](const std::string& method, const std::string& target, const std::string& body,
                   const std::string& key) {
    const std::string path = target.substr(0, target.find('?'));
    RouteMatch m = router.Match(method, path, nullptr);
    auto op = m.route == nullptr ? in_yaml.end() : in_yaml.find({method, m.route->pattern});
    if (op == in_yaml.end()) {
      ADD_FAILURE() << method << " " << path << " is no documented route";
      return Reply();
    }
    const Reply r = Call(port_, method, target, body, key);
    ++probes;
    EXPECT_EQ(op->statuses.count(r.status), 1u)
        << method << " " << target << " answered " << r.status << " (" << r.body
        << "), which docs/api.yaml does not list for " << method << " " << m.route->pattern;
    return r;
  };
  for (const Route& route : ApiRoutes(nullptr)) {
    const bool has_param = route.pattern.find('{') != std::string::npos;
    const bool has_body = route.method == "POST" || route.method == "PUT";
    const std::string known = Fill(route.pattern, "999999");
    const std::string empty = has_body ? "{}" : "";
    if (route.scope) {
      probe(route.method, known, empty, "");
      probe(route.method, known, empty, "loka_000000000000_wrong");
      probe(route.method, known, empty, Key(Scope::kRead));
    }
    if (has_param) {
      // '~' is in no id, name or station id: every route refuses the segment alike.
      Reply r = probe(route.method, Fill(route.pattern, "a~b"), empty, Key(Scope::kAdmin));
      EXPECT_EQ(r.status, 400) << route.method << " " << route.pattern << ": " << r.body;
    }
    const std::string over_limit = "{\"x\": \"" + std::string(10000, 'a') + "\"}";
    std::vector<std::string> bodies = {""};
    if (has_body) bodies = {"{", "{}", "[]", over_limit};
    for (const std::string& body : bodies) {
      probe(route.method, known, body, Key(Scope::kAdmin));
    }
  }
  // Query values out of range or of the wrong type.
  const std::string admin = Key(Scope::kAdmin);
  for (const char* target :
       {"/v1/jobs?limit=0", "/v1/alerts?limit=x", "/v1/alerts?unacknowledged=maybe",
        "/v1/alerts?since=x", "/v1/alerts?kind=x", "/v1/egress?days=0", "/v1/egress?before=-1",
        "/v1/kb/search", "/v1/kb/search?q=a&k=0", "/v1/kb/search?q=a&since=x",
        "/v1/tickets?status=x", "/v1/tickets?before=0", "/v1/helpline/accuracy?days=0",
        "/v1/helpline/subscriptions?limit=0", "/v1/fields/999999/advice?as_of=x",
        "/v1/stations/s1/readings?from=x", "/v1/stations/s1/readings?limit=0",
        "/v1/stations/s1/daily?from=x", "/v1/stations/s1/et0?from=x",
        "/v1/kannel/incoming?token=x", "/v1/kannel/dlr?token=x",
        "/v1/kannel/incoming?token=kannel-token", "/v1/kannel/dlr?token=kannel-token&type=1",
        "/v1/kannel/dlr?token=kannel-token&outbox=999999&type=1",
        "/v1/kannel/dlr?token=kannel-token&outbox=1&type=3"}) {
    probe("GET", target, "", admin);
  }
  probe("DELETE", "/v1/kb/documents", "", admin);
  probe("DELETE", "/v1/kb/documents?name=none", "", admin);
  EXPECT_GE(probes, 200);
}

TEST(RouterTest, PatternsMatchWholeSegments) {
  std::map<std::string, std::string> p;
  EXPECT_TRUE(MatchPattern("/v1/models/{name}/train", "/v1/models/abc/train", &p));
  EXPECT_EQ(p["name"], "abc");
  EXPECT_FALSE(MatchPattern("/v1/models/{name}/train", "/v1/models//train", nullptr));
  EXPECT_FALSE(MatchPattern("/v1/models/{name}", "/v1/models/a/b", nullptr));
  EXPECT_FALSE(MatchPattern("/v1/models", "/v1/models/", nullptr));
  EXPECT_TRUE(MatchPattern("/healthz", "/healthz", nullptr));
  Router router(ApiRoutes(nullptr));
  RouteMatch m = router.Match("PUT", "/v1/models/x", &p);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  m = router.Match("DELETE", "/v1/models/x", &p);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->scope, store::Scope::kAdmin);
}

}  // namespace
}  // namespace loka::node
