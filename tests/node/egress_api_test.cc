// GET /v1/egress over real HTTP: what the federation agent recorded in the node's database
// (a second connection, as the agent has) is listed newest first, summed by day, in /metrics.
#include <gtest/gtest.h>

#include "node_fixture.h"
#include "store/fed.h"

namespace loka::node {
namespace {

using store::Scope;
using EgressApiTest = NodeTest;

TEST_F(EgressApiTest, ListsTheLedgerAndItsTotals) {
  Result<store::FedStore> fed = store::FedStore::Open(dir_.File("node.db"));
  ASSERT_TRUE(fed.ok()) << fed.status().ToString();
  const int64_t now = options_.clock->NowMs();
  ASSERT_TRUE(fed->RecordEgress({now - 2000, "mqtt://hub:1883/loka/v1/f/fed/update/n1", 131072, "ab", "fed_update"}).ok());
  ASSERT_TRUE(fed->RecordEgress({now - 1000, "mqtt://hub:1883/loka/v1/f/fed/update/n1", 4000, "cd", "fed_update"}).ok());
  ASSERT_TRUE(fed->RecordEgress({now, "mqtt://hub:1883/loka/v1/f/fed/metric/n1", 300, "ef", "fed_metric"}).ok());

  Reply r = Get("/v1/egress?limit=2", Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["entries"].size(), 2u);
  EXPECT_EQ(r.json["entries"][0]["kind"], "fed_metric");
  EXPECT_EQ(r.json["entries"][1]["bytes"], 4000);
  const int64_t older = r.json["entries"][1]["id"].get<int64_t>();
  r = Get("/v1/egress?before=" + std::to_string(older), Scope::kRead);
  ASSERT_EQ(r.json["entries"].size(), 1u);
  EXPECT_EQ(r.json["entries"][0]["content_hash"], "ab");
  int64_t update_bytes = 0;
  for (const auto& t : r.json["totals"]) {
    if (t["kind"] == "fed_update") update_bytes = t["bytes"].get<int64_t>();
  }
  EXPECT_EQ(update_bytes, 135072);

  r = Get("/metrics", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("loka_egress_bytes{kind=\"fed_update\"} 135072"), std::string::npos) << r.body;

  EXPECT_EQ(Get("/v1/egress?limit=0", Scope::kRead).status, 400);
  EXPECT_EQ(Call(port_, "GET", "/v1/egress", "", "").status, 401);
}

}  // namespace
}  // namespace loka::node
