// What one training job may cost, over real HTTP: rows and labels counted before a body or a
// stored dataset is loaded, epochs x rows bounded, and DELETE /v1/jobs/{id} cancelling a
// waiting and a running job.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "core/file.h"
#include "node_fixture.h"
#include "../numbered.h"

namespace loka::node {
namespace {

using testing::Numbered;

using ::testing::HasSubstr;
using store::Scope;

std::string DemoTsv() {
  Result<std::string> tsv = ReadFile(std::string(LOKA_TESTDATA_DIR) + "/demo/requests.tsv");
  EXPECT_TRUE(tsv.ok()) << tsv.status().ToString();
  return tsv.ok() ? *tsv : "";
}

// `n` rows, each with its own label.
Json RowsWithLabels(int n) {
  Json rows = Json::array();
  for (int i = 0; i < n; ++i) rows.push_back({{"label", Numbered("l", i)}, {"text", "t"}});
  return rows;
}

class TrainLimitsApiTest : public NodeTest {
 protected:
  Reply Delete(const std::string& path, Scope s = Scope::kWrite) {
    return Call(port_, "DELETE", path, "", Key(s));
  }
};

TEST_F(TrainLimitsApiTest, RowsLabelsAndPassesAreCountedBeforeLoading) {
  Stop();
  options_.max_train_labels = 10;
  options_.max_train_rows = 20;
  options_.max_rows_per_append = 8;
  options_.max_train_example_passes = 1000;
  Start();
  Reply r = Post("/v1/models/m/train", Json{{"rows", RowsWithLabels(11)}}, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("more than 10 different labels; the limit is 10"));
  std::string tsv;
  for (int i = 0; i < 21; ++i) tsv += (i % 2 ? "a\tsome text\n" : "b\tother text\n");
  r = Post("/v1/models/m/train", Json{{"tsv", tsv}}, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("more than 20 rows in one request"));
  // 20 rows x 51 epochs = 1,020 passes: the job fails before computing a feature.
  tsv = tsv.substr(tsv.find('\n') + 1);
  r = Post("/v1/models/m/train", Json{{"tsv", tsv}, {"epochs", 51}}, Scope::kWrite);
  ASSERT_EQ(r.status, 202) << r.body;
  const Json failed = WaitForJob(r.json["id"]);
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_THAT(failed["message"].get<std::string>(),
              HasSubstr("51 epochs x 20 examples is over the limit of 1000 example passes"));
  r = Post("/v1/models/m/train", Json{{"tsv", tsv}, {"epochs", 50}}, Scope::kWrite);
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(WaitForJob(r.json["id"])["state"], "done");

  // Appends: per request, then the dataset as a whole (never more than one job may load).
  r = Post("/v1/datasets/d/rows", Json{{"rows", RowsWithLabels(9)}}, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("more than 8 rows"));
  std::string eight_rows;
  for (int i = 0; i < 8; ++i) eight_rows += (i % 2 ? "a\tsome text\n" : "b\tother text\n");
  const Json eight = {{"tsv", eight_rows}};
  for (int i = 0; i < 2; ++i) {
    r = Post("/v1/datasets/d/rows", eight, Scope::kWrite);
    EXPECT_EQ(r.status, 200) << r.body;
  }
  r = Post("/v1/datasets/d/rows", eight, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("dataset d has 16 rows; 8 more would pass its limit of 20"));

  // A stored dataset over a (lowered) limit is refused before its rows are read.
  Stop();
  options_.max_train_rows = 15;
  Start();
  r = Post("/v1/models/m/train", Json{{"dataset", "d"}}, Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("dataset d has 16 rows; the limit is 15"));
}

// Labels are counted as the rows will hold them: trimmed, and a fastText line's label without
// its text, so spellings of one label are never refused as several.
TEST_F(TrainLimitsApiTest, LabelsAreCountedAfterTrimming) {
  Stop();
  options_.max_train_labels = 3;
  Start();
  const Json rows = Json::array({{{"label", "water"}, {"text", "the pump is dry"}},
                                 {{"label", " water "}, {"text", "no water at the tap"}},
                                 {{"label", "seeds\t"}, {"text", "where to buy maize seed"}},
                                 {{"label", "seeds"}, {"text", "bean seed prices"}},
                                 {{"label", "\r\nprices"}, {"text", "the price of maize"}}});
  Reply r = Post("/v1/datasets/d/rows", Json{{"rows", rows}}, Scope::kWrite);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["added"], 5);
  const std::string tsv = "water\tthe pump is dry\n water \tno water at the tap\n"
                          "seeds\twhere to buy maize seed\nseeds \tbean seed prices\n"
                          "prices\tthe price of maize\n";
  r = Post("/v1/datasets/d/rows", Json{{"tsv", tsv}}, Scope::kWrite);
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string fasttext = "__label__water\tthe pump is dry\n__label__water\tno water\n"
                               "__label__seeds\tmaize seed\n__label__seeds bean seed\n";
  r = Post("/v1/datasets/d/rows", Json{{"tsv", fasttext}}, Scope::kWrite);
  EXPECT_EQ(r.status, 200) << r.body;
  r = Post("/v1/models/m/train", Json{{"tsv", tsv}}, Scope::kWrite);
  ASSERT_EQ(r.status, 202) << r.body;
  WaitForJob(r.json["id"]);
  // A fourth label, however it is spelt, is still one too many.
  r = Post("/v1/datasets/d/rows", Json{{"tsv", tsv + " weather \train tomorrow\n"}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("more than 3 different labels; the limit is 3"));
}

TEST_F(TrainLimitsApiTest, DeleteCancelsWaitingAndRunningJobs) {
  // A job long enough to be cancelled while it runs: 10 copies of the demo data, 500 epochs
  // (about 10 million example passes, under the default limit of 20 million).
  std::string tsv;
  for (int copy = 0; copy < 10; ++copy) tsv += DemoTsv();
  const Json body = {{"tsv", tsv}, {"epochs", 500}};
  Reply running = Post("/v1/models/long/train", body, Scope::kWrite);
  ASSERT_EQ(running.status, 202) << running.body;
  Reply waiting = Post("/v1/models/long/train", body, Scope::kWrite);
  ASSERT_EQ(waiting.status, 202) << waiting.body;
  const std::string first = "/v1/jobs/" + std::to_string(running.json["id"].get<int64_t>());
  const std::string second = "/v1/jobs/" + std::to_string(waiting.json["id"].get<int64_t>());

  Reply r = Delete(second, Scope::kRead);
  EXPECT_EQ(r.status, 403) << r.body;
  r = Delete(second);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["state"], "cancelled");
  EXPECT_EQ(Get(second).json["state"], "cancelled");

  // Wait until the first job is training (the worker may not have picked it up yet).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Get(first).json["state"] == "queued" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(Get(first).json["state"], "running");
  r = Delete(first);
  EXPECT_EQ(r.status, 202) << r.body;
  const Json done = WaitForJob(running.json["id"]);
  EXPECT_EQ(done["state"], "cancelled") << done.dump();
  EXPECT_EQ(done["message"], "cancelled while training");
  EXPECT_TRUE(done["model_version"].is_null());
  EXPECT_EQ(Get("/v1/models/long").status, 404);  // nothing was stored

  r = Delete(first);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(r.error_message(), HasSubstr("has already finished (cancelled)"));
  EXPECT_EQ(Delete("/v1/jobs/999").status, 404);
  EXPECT_EQ(Delete("/v1/jobs/x").status, 400);
  // The worker is free again.
  r = Post("/v1/models/short/train", Json{{"tsv", DemoTsv()}}, Scope::kWrite);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(WaitForJob(r.json["id"])["state"], "done");
}

}  // namespace
}  // namespace loka::node
