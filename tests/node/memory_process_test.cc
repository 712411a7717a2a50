// The real `loka serve` process against clients that try to grow its memory: one inventing
// 100,000 stations, one asking to train 1,000,000 labels. The node must stay under its
// resident-memory bound and keep answering.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "node_fixture.h"
#include "serve_process.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;

// The default language-ID model `make langid-model` builds beside loka (as in process_test.cc).
const std::string kDefaultLangid = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";
constexpr size_t kNodeBoundBytes = 100u << 20;  // docs/node.md: the node's resident bound

// The plain build's bound; AddressSanitizer's shadow memory and quarantine inflate the
// resident set, so sanitizer builds only check that the node still answers.
void ExpectResidentBelow(pid_t pid, size_t bound, const std::string& when) {
  const size_t rss = ResidentBytes(pid);
  EXPECT_GT(rss, 0u) << when;
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(rss, bound) << when << ": resident memory " << (rss >> 20) << " MB";
#endif
}

void ExpectServing(int port, const std::string& key) {
  Reply h = Call(port, "GET", "/healthz");
  EXPECT_EQ(h.status, 200) << h.body;
  Reply l = Call(port, "POST", "/v1/langid",
                 R"({"text": "Habari ya asubuhi, maji yamekatika tangu jana usiku"})", key);
  EXPECT_EQ(l.status, 200) << l.body;
  EXPECT_EQ(l.json.value("language", ""), "swh") << l.body;
}

// A reading of a new station per item: station "s<first + i>".
std::string NewStationsBatch(int first, int n) {
  std::string body = R"({"readings": [)";
  for (int i = 0; i < n; ++i) {
    if (i > 0) body += ',';
    body += R"({"station": "s)" + std::to_string(first + i) +
            R"(", "sensor": "air_temperature", "time": "2024-05-01T00:00:00Z", "value": 20, "unit": "C"})";
  }
  return body + "]}";
}

TEST(MemoryProcessTest, HundredThousandNewStationsAndAMillionLabels) {
  if (!std::filesystem::exists(kDefaultLangid)) {
    GTEST_SKIP() << "no default language-ID model at " << kDefaultLangid;
  }
  TempDir dir;
  const std::string db = dir.File("n.db");
  const std::string key = AddKey(db, store::Scope::kWrite);
  ServeProcess serve(db, {"--langid-model", kDefaultLangid});
  ASSERT_GT(serve.port(), 0) << serve.ready_line();
  const int port = serve.port();
  ExpectServing(port, key);

  // 100,000 new stations in batches of 5,000: the first 200 (--max-stations) are stored, every
  // later one is refused as stream_limit, per item and in the counters.
  constexpr int kStations = 100000, kBatch = 5000;
  int64_t accepted = 0, limited = 0;
  for (int first = 0; first < kStations; first += kBatch) {
    Reply r = Call(port, "POST", "/v1/readings", NewStationsBatch(first, kBatch), key);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    accepted += r.json["accepted"].get<int64_t>();
    limited += r.json["rejections"].value("stream_limit", int64_t{0});
    if (first == 0) {
      ASSERT_EQ(r.json["rejected_items"].size(), static_cast<size_t>(kBatch - 200));
      EXPECT_EQ(r.json["rejected_items"][0]["index"], 200);
      EXPECT_EQ(r.json["rejected_items"][0]["reason"], "stream_limit");
    }
  }
  EXPECT_EQ(accepted, 200);
  EXPECT_EQ(limited, kStations - 200);
  Reply stations = Call(port, "GET", "/v1/stations", "", key);
  ASSERT_EQ(stations.status, 200);
  EXPECT_EQ(stations.json["stations"].size(), 200u);
  Reply metrics = Call(port, "GET", "/metrics", "", key);
  EXPECT_THAT(metrics.body, HasSubstr("loka_readings_rejected{reason=\"stream_limit\"} " +
                                      std::to_string(kStations - 200) + "\n"));
  ExpectResidentBelow(serve.pid(), kNodeBoundBytes, "after 100,000 new stations");
  ExpectServing(port, key);

  // 1,000,000 labels, one row each, in the compact TSV form (about 11 MB, under the upload
  // limit): refused while the body is counted, before rows or a model are built.
  std::string tsv;
  tsv.reserve(12u << 20);
  for (int i = 0; i < 1000000; ++i) tsv += "l" + std::to_string(i) + "\tx\n";
  Reply train = Call(port, "POST", "/v1/models/huge/train", Json{{"tsv", tsv}}.dump(), key);
  EXPECT_EQ(train.status, 413) << train.body.substr(0, 300);
  EXPECT_THAT(train.error_message(), HasSubstr("the limit is 1000"));
  ExpectResidentBelow(serve.pid(), kNodeBoundBytes, "after asking for 1,000,000 labels");
  ExpectServing(port, key);
  EXPECT_EQ(WEXITSTATUS(serve.Signal(SIGTERM)), 0);
}

}  // namespace
}  // namespace loka::node
