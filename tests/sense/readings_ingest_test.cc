// The one ingest path over a real SQLite file: checks, the channel's station, duplicates,
// rejection counters, the stored hook, and the JSON batch reader's refusals.
#include "sense/readings_ingest.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../store/temp_dir.h"

namespace loka::sense {
namespace {

constexpr int64_t kNowMs = 1717243200000;  // 2024-06-01T12:00:00Z

class ReadingsIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<store::Store> st = store::Store::Open(dir_.File("r.db"));
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<store::Store>(std::move(st).value());
    options_.check.now_ms = kNowMs;
  }
  IngestItem Item(const char* station, const char* sensor, int64_t time_ms, double value,
                  const char* unit) {
    IngestItem it;
    it.raw = {station, sensor, time_ms, value, unit};
    return it;
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  IngestOptions options_;
};

TEST_F(ReadingsIngestTest, StoresGoodItemsAndCountsEachRefusalByReason) {
  std::vector<IngestItem> items = {
      Item("st1", "air_temperature", kNowMs - 60000, 68.0, "F"),  // 20 C
      Item("st1", "air_temperature", kNowMs - 120000, 1.0, "furlong"),
      Item("st1", "relative_humidity", kNowMs + 3600000, 50, "%"),  // an hour ahead
      Item("st2", "air_temperature", kNowMs - 60000, 20, "C"),     // not the channel's station
  };
  items.push_back({});
  items.back().raw.station = "st1";
  items.back().parse_error = agri::RejectReason::kMalformed;
  options_.channel_station = "st1";
  size_t hooked = 0;
  options_.on_stored = [&](const std::vector<store::ReadingRow>& rows,
                           const store::InsertReport&) { hooked += rows.size(); };
  Result<IngestReport> r = IngestItems(*store_, items, options_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->received, 5);
  EXPECT_EQ(r->accepted, 1);
  EXPECT_EQ(r->rejected, 4);
  EXPECT_EQ(r->rejected_by_reason["unknown_unit"], 1);
  EXPECT_EQ(r->rejected_by_reason["future_time"], 1);
  EXPECT_EQ(r->rejected_by_reason["station_mismatch"], 1);
  EXPECT_EQ(r->rejected_by_reason["malformed"], 1);
  ASSERT_EQ(r->rejected_items.size(), 4u);
  EXPECT_EQ(r->rejected_items[0].first, 1u);  // sorted by index
  EXPECT_EQ(hooked, 1u);
  Result<std::vector<store::StoredReading>> rows =
      store_->ReadingsInRange("st1", "", 0, kNowMs, 100);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NEAR((*rows)[0].value, 20.0, 1e-9);  // (68 - 32) x 5/9

  // The same reading again is a duplicate, not a second row.
  Result<IngestReport> again = IngestItems(*store_, {items[0]}, options_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(again->accepted, 0);
}

TEST_F(ReadingsIngestTest, JsonBatchesAreReadItemByItem) {
  Result<text::Json> body = text::ParseJsonObject(
      R"({"readings": [{"sensor": "air_temperature", "time": "2024-06-01T11:00:00Z",
                         "value": "NaN", "unit": "C"},
                        {"sensor": "air_temperature", "time": "yesterday", "value": 1,
                         "unit": "C"},
                        {"station": "st9", "sensor": "rainfall", "time_ms": 1717239600000,
                         "value": 0.2, "unit": "mm"}]})",
      32);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  std::vector<IngestItem> items;
  ASSERT_TRUE(ItemsFromJson(*body, 10, "st1", &items).ok());
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].raw.station, "st1");  // the default station
  EXPECT_TRUE(std::isnan(items[0].raw.value));
  EXPECT_EQ(items[1].parse_error, agri::RejectReason::kBadTime);
  EXPECT_EQ(items[2].raw.station, "st9");
  EXPECT_EQ(items[2].raw.time_ms, 1717239600000);

  EXPECT_EQ(ItemsFromJson(*body, 2, "st1", &items).code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ItemsFromJson(text::Json{{"readings", 3}}, 10, "", &items).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ItemsFromJson(text::Json::object(), 10, "", &items).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::sense
