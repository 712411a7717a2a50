// docs/api.yaml against the node's route table: every route in the table is documented with
// the same method, path and scope, and every documented operation is in the table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <sstream>

#include "core/file.h"
#include "node/handlers.h"

namespace loka::node {
namespace {

struct Operation {
  std::string method;  // upper case
  std::string path;
  std::string summary;
  bool is_public = false;  // `security: []`
  bool operator<(const Operation& o) const {
    return std::tie(method, path) < std::tie(o.method, o.path);
  }
};

size_t Indent(const std::string& line) { return line.find_first_not_of(' '); }

// Reads the operations under `paths:` of an OpenAPI YAML file written in the project's style:
// paths at two spaces, methods at four, their fields at six.
std::vector<Operation> ReadOperations(const std::string& yaml) {
  std::vector<Operation> ops;
  std::istringstream in(yaml);
  std::string line, path;
  bool in_paths = false;
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
    if (indent == 6 && !ops.empty() && ops.back().path == path) {
      if (line.rfind("      summary: ", 0) == 0) ops.back().summary = line.substr(15);
      if (line == "      security: []") ops.back().is_public = true;
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

TEST(ApiSpecTest, ReaderSeesMethodsPathsAndSecurity) {
  const std::string yaml =
      "openapi: 3.0.3\npaths:\n  /a/{x}:\n    parameters: []\n    get:\n      summary: A; scope read\n"
      "    delete:\n      security: []\n  /b:\n    post:\n      summary: B\ncomponents:\n"
      "  /not/a/path:\n    get:\n";
  std::vector<Operation> ops = ReadOperations(yaml);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].method, "GET");
  EXPECT_EQ(ops[0].path, "/a/{x}");
  EXPECT_EQ(ops[0].summary, "A; scope read");
  EXPECT_TRUE(ops[1].is_public);
  EXPECT_EQ(ops[2].path, "/b");
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
