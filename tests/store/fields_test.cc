// Fields and alerts in SQLite: create, read, update, delete a field (bound to an existing
// station), alerts inserted in a batch and listed with filters, acknowledgement, and both
// surviving a reopen of the file.
#include <gtest/gtest.h>

#include "store/store.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

FieldRecord Maize(const std::string& station) {
  FieldRecord f;
  f.station = station;
  f.name = "north plot";
  f.crop = "maize";
  f.planting_day = 16191;  // 2014-05-01
  f.soil = "loam";
  f.theta_fc = 0.25;
  f.theta_wp = 0.12;
  f.irrigation_method = "drip";
  f.efficiency = 0.9;
  return f;
}

class FieldsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Open();
    StationInfo st;
    st.id = "st1";
    st.lat_deg = 47.6;
    st.elevation_m = 50;
    ASSERT_TRUE(store_->PutStation(st).ok());
  }
  void Open() {
    store_.reset();
    Result<Store> s = Store::Open(dir_.File("node.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<Store>(std::move(s).value());
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(FieldsStoreTest, FieldLifecycle) {
  Result<FieldRecord> f = store_->CreateField(Maize("st1"));
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_GT(f->id, 0);
  EXPECT_GT(f->created_at_ms, 0);
  EXPECT_EQ(f->efficiency, 0.9);
  EXPECT_FALSE(f->root_depth_m.has_value());
  EXPECT_FALSE(f->wetted_fraction.has_value());

  Result<FieldRecord> bad = store_->CreateField(Maize("nowhere"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad.status().message().find("nowhere"), std::string::npos);

  FieldRecord changed = *f;
  changed.crop = "sorghum";
  changed.root_depth_m = 1.2;
  changed.efficiency.reset();
  Result<FieldRecord> u = store_->UpdateField(changed);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->crop, "sorghum");
  EXPECT_EQ(u->root_depth_m, 1.2);
  EXPECT_FALSE(u->efficiency.has_value());
  EXPECT_EQ(u->created_at_ms, f->created_at_ms);

  Open();  // durable across a reopen
  Result<FieldRecord> g = store_->GetField(f->id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->crop, "sorghum");
  EXPECT_EQ(store_->ListFields("st1")->size(), 1u);
  EXPECT_EQ(store_->ListFields("")->size(), 1u);
  EXPECT_TRUE(store_->ListFields("st2")->empty());

  ASSERT_TRUE(store_->DeleteField(f->id).ok());
  EXPECT_EQ(store_->GetField(f->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteField(f->id).code(), StatusCode::kNotFound);
  changed.id = 999;
  EXPECT_EQ(store_->UpdateField(changed).status().code(), StatusCode::kNotFound);
}

TEST_F(FieldsStoreTest, ADeletedFieldsIdIsNeverGivenAgain) {
  Result<FieldRecord> a = store_->CreateField(Maize("st1"));
  Result<FieldRecord> b = store_->CreateField(Maize("st1"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->id, a->id + 1);
  ASSERT_TRUE(store_->DeleteField(b->id).ok());  // the newest: max(id) + 1 would reuse it
  Result<FieldRecord> c = store_->CreateField(Maize("st1"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->id, b->id + 1);
  Open();  // the counter is in the file
  ASSERT_TRUE(store_->DeleteField(c->id).ok());
  Result<FieldRecord> d = store_->CreateField(Maize("st1"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->id, c->id + 1);
}

TEST_F(FieldsStoreTest, AlertsListFilterAndAcknowledge) {
  Result<FieldRecord> f = store_->CreateField(Maize("st1"));
  ASSERT_TRUE(f.ok());
  std::vector<AlertRecord> in(3);
  in[0] = {0, 1000, 0, "st1", std::nullopt, "air_temperature", "spike", "warning",
           "jumped 12 C", R"([{"time":"x","value":30}])", 0};
  in[1] = {0, 2000, 0, "st1", f->id, "", "frost", "alert", "Tmin -1 C", "[]", 0};
  in[2] = {0, 3000, 0, "st2", std::nullopt, "rh", "stuck", "warning", "flat 14 h", "[]", 0};
  Result<std::vector<AlertRecord>> stored = store_->InsertAlerts(in);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_LT((*stored)[0].id, (*stored)[1].id);

  Open();
  AlertQuery all;
  Result<std::vector<AlertRecord>> list = store_->ListAlerts(all);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].kind, "stuck");  // most recent first
  EXPECT_EQ((*list)[2].readings_json, R"([{"time":"x","value":30}])");
  AlertQuery frost;
  frost.kind = "frost";
  list = store_->ListAlerts(frost);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].field_id, f->id);
  AlertQuery since;
  since.since_ms = 2000;
  since.station = "st1";
  EXPECT_EQ(store_->ListAlerts(since)->size(), 1u);

  Result<AlertRecord> ack = store_->AcknowledgeAlert((*stored)[0].id);
  ASSERT_TRUE(ack.ok());
  EXPECT_GT(ack->acknowledged_at_ms, 0);
  Result<AlertRecord> again = store_->AcknowledgeAlert((*stored)[0].id);
  EXPECT_EQ(again->acknowledged_at_ms, ack->acknowledged_at_ms);
  AlertQuery open;
  open.unacknowledged_only = true;
  EXPECT_EQ(store_->ListAlerts(open)->size(), 2u);
  EXPECT_EQ(store_->AcknowledgeAlert(12345).status().code(), StatusCode::kNotFound);

  // Deleting the field keeps its alert, unlinked.
  ASSERT_TRUE(store_->DeleteField(f->id).ok());
  list = store_->ListAlerts(frost);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_FALSE((*list)[0].field_id.has_value());
}

}  // namespace
}  // namespace loka::store
