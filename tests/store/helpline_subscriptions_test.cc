// Alert subscriptions on a real SQLite file: a target must exist, one row per number and
// target, an alert at a station reaches the station's and its fields' subscribers, an alert SMS
// is queued once per key and at most once per interval, a deleted field takes its
// subscriptions along, and erase and export cover them.
#include <gtest/gtest.h>

#include "store/helpline.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

constexpr int64_t kT0 = 1780000000000;  // 2026-05-28T20:26:40Z
constexpr int64_t kHourMs = 3600000;

class SubscriptionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    options_.clock = &clock_;
    Result<Store> s = Store::Open(dir_.File("h.db"), options_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<Store>(std::move(s).value());
    Result<HelplineStore> h = HelplineStore::Open(dir_.File("h.db"), options_);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    helpline_ = std::make_unique<HelplineStore>(std::move(h).value());
    for (const char* id : {"hill", "valley"}) {
      StationInfo st;
      st.id = id;
      st.name = std::string(id) + " station";
      ASSERT_TRUE(store_->PutStation(st).ok());
    }
    FieldRecord f;
    f.station = "hill";
    f.name = "maize north";
    f.crop = "maize";
    f.soil = "loam";
    f.theta_fc = 0.25;
    f.theta_wp = 0.12;
    f.irrigation_method = "drip";
    Result<FieldRecord> made = store_->CreateField(f);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    field_ = made->id;
  }

  SubscriptionRecord Sub(const std::string& number, int64_t field, const std::string& station) {
    SubscriptionRecord s;
    s.number = number;
    s.field_id = field;
    s.station = station;
    s.kinds = {"frost", "heat"};
    s.language = "swh";
    return s;
  }

  OutboxDraft Draft(const std::string& text) {
    OutboxDraft d;
    d.text = text;
    return d;
  }

  testing::TempDir dir_;
  ManualClock clock_{kT0};
  StoreOptions options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HelplineStore> helpline_;
  int64_t field_ = 0;
};

TEST_F(SubscriptionStoreTest, TargetMustExistAndBeOne) {
  Result<SubscriptionRecord> none = helpline_->Subscribe(Sub("+254700000001", 999, ""));
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("field 999"), std::string::npos);
  Result<SubscriptionRecord> nostation = helpline_->Subscribe(Sub("+254700000001", 0, "moon"));
  EXPECT_EQ(nostation.status().code(), StatusCode::kNotFound);
  EXPECT_NE(nostation.status().message().find("\"moon\""), std::string::npos);
  EXPECT_EQ(helpline_->Subscribe(Sub("+254700000001", field_, "hill")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(helpline_->Subscribe(Sub("+254700000001", 0, "")).status().code(),
            StatusCode::kInvalidArgument);
  Result<std::vector<SubscriptionRecord>> all = helpline_->ListSubscriptions("", 100);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

TEST_F(SubscriptionStoreTest, SecondSubscriptionToATargetUpdatesTheFirst) {
  Result<SubscriptionRecord> a = helpline_->Subscribe(Sub("+254700000001", field_, ""));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->field_id, field_);
  EXPECT_EQ(a->station, "");
  EXPECT_EQ(a->target_name, "maize north");
  EXPECT_EQ(a->kinds, (std::vector<std::string>{"frost", "heat"}));
  EXPECT_EQ(a->created_at_ms, kT0);
  clock_.AdvanceMs(1000);
  SubscriptionRecord again = Sub("+254700000001", field_, "");
  again.kinds = {"irrigation"};
  again.language = "eng";
  Result<SubscriptionRecord> b = helpline_->Subscribe(again);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->id, a->id);
  EXPECT_EQ(b->kinds, (std::vector<std::string>{"irrigation"}));
  EXPECT_EQ(b->language, "eng");
  EXPECT_EQ(b->created_at_ms, kT0);
  EXPECT_EQ(b->updated_at_ms, kT0 + 1000);
  // The same number on the station is another subscription; so is another number.
  Result<SubscriptionRecord> c = helpline_->Subscribe(Sub("+254700000001", 0, "hill"));
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->id, a->id);
  EXPECT_EQ(c->target_name, "hill station");
  ASSERT_TRUE(helpline_->Subscribe(Sub("+254700000002", field_, "")).ok());
  Result<std::vector<SubscriptionRecord>> all = helpline_->ListSubscriptions("", 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GT((*all)[0].id, (*all)[2].id);  // newest first
  Result<std::vector<SubscriptionRecord>> one = helpline_->ListSubscriptions("+254700000002", 100);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_EQ(helpline_->ListSubscriptions("", 2)->size(), 2u);
}

TEST_F(SubscriptionStoreTest, AlertsReachTheStationsAndItsFieldsSubscribers) {
  const int64_t on_field = helpline_->Subscribe(Sub("+254700000001", field_, ""))->id;
  const int64_t on_hill = helpline_->Subscribe(Sub("+254700000002", 0, "hill"))->id;
  ASSERT_TRUE(helpline_->Subscribe(Sub("+254700000003", 0, "valley")).ok());
  Result<std::vector<SubscriptionRecord>> hill = helpline_->SubscriptionsForStation("hill", {});
  ASSERT_TRUE(hill.ok());
  ASSERT_EQ(hill->size(), 2u);
  EXPECT_EQ((*hill)[0].id, on_field);
  EXPECT_EQ((*hill)[1].id, on_hill);
  // An alert of another field at the station reaches only the station's subscribers.
  Result<std::vector<SubscriptionRecord>> other =
      helpline_->SubscriptionsForStation("hill", field_ + 1);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].id, on_hill);
  Result<std::vector<SubscriptionRecord>> of_field = helpline_->SubscriptionsForField(field_);
  ASSERT_TRUE(of_field.ok());
  ASSERT_EQ(of_field->size(), 1u);
  EXPECT_EQ((*of_field)[0].id, on_field);
  EXPECT_TRUE(helpline_->SubscriptionsForStation("nowhere", {})->empty());
}

TEST_F(SubscriptionStoreTest, AlertSmsQueuedOncePerKeyAndIntervalPerKind) {
  const int64_t id = helpline_->Subscribe(Sub("+254700000001", field_, ""))->id;
  const int64_t interval = 12 * kHourMs;
  Result<std::optional<OutboxRecord>> first =
      helpline_->QueueAlertSms(id, "frost", "alert:1", interval, Draft("frost tonight"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->number, "+254700000001");
  EXPECT_EQ((*first)->ticket_id, 0);
  EXPECT_EQ((*first)->status, OutboxStatus::kQueued);
  EXPECT_EQ((*first)->next_attempt_at_ms, kT0);
  // The same alert again, and another frost alert within the interval: nothing.
  EXPECT_FALSE(helpline_->QueueAlertSms(id, "frost", "alert:1", interval, Draft("x"))->has_value());
  clock_.AdvanceMs(interval - 1);
  EXPECT_FALSE(helpline_->QueueAlertSms(id, "frost", "alert:2", interval, Draft("x"))->has_value());
  // Another kind has its own interval.
  EXPECT_TRUE(helpline_->QueueAlertSms(id, "heat", "alert:3", interval, Draft("hot"))->has_value());
  // Once the interval has passed, a new frost alert goes out; the old one still does not.
  clock_.AdvanceMs(1);
  Result<std::optional<OutboxRecord>> later =
      helpline_->QueueAlertSms(id, "frost", "alert:4", interval, Draft("frost again"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->has_value());
  EXPECT_FALSE(helpline_->QueueAlertSms(id, "frost", "alert:4", 0, Draft("x"))->has_value());
  Result<std::vector<std::pair<std::string, int64_t>>> counts = helpline_->CountOutbound();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0], std::make_pair(std::string("queued"), int64_t{3}));
  EXPECT_EQ(helpline_->QueueAlertSms(id + 100, "frost", "alert:9", 0, Draft("x")).status().code(),
            StatusCode::kNotFound);
}

TEST_F(SubscriptionStoreTest, DeletingAFieldOrTheSubscriptionRemovesIt) {
  const int64_t id = helpline_->Subscribe(Sub("+254700000001", field_, ""))->id;
  ASSERT_TRUE(helpline_->QueueAlertSms(id, "frost", "alert:1", 0, Draft("frost")).ok());
  const int64_t station_sub = helpline_->Subscribe(Sub("+254700000001", 0, "hill"))->id;
  ASSERT_TRUE(store_->DeleteField(field_).ok());
  Result<std::vector<SubscriptionRecord>> left = helpline_->ListSubscriptions("", 100);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].id, station_sub);
  ASSERT_TRUE(helpline_->DeleteSubscription(station_sub).ok());
  EXPECT_EQ(helpline_->DeleteSubscription(station_sub).code(), StatusCode::kNotFound);
  EXPECT_TRUE(helpline_->ListSubscriptions("", 100)->empty());
}

TEST_F(SubscriptionStoreTest, EraseAndExportCoverSubscriptionsAndAlertSms) {
  const int64_t id = helpline_->Subscribe(Sub("+254700000001", field_, ""))->id;
  ASSERT_TRUE(helpline_->Subscribe(Sub("+254700000002", field_, "")).ok());
  ASSERT_TRUE(helpline_->QueueAlertSms(id, "frost", "alert:1", 0, Draft("frost")).ok());
  Result<NumberRecords> out = helpline_->ExportNumber("+254700000001");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->subscriptions.size(), 1u);
  EXPECT_EQ(out->subscriptions[0].id, id);
  ASSERT_EQ(out->replies.size(), 1u);
  EXPECT_EQ(out->replies[0].text, "frost");
  ASSERT_TRUE(helpline_->EraseNumber("+254700000001").ok());
  Result<NumberRecords> after = helpline_->ExportNumber("+254700000001");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->subscriptions.empty());
  EXPECT_TRUE(after->replies.empty());
  EXPECT_EQ(helpline_->ListSubscriptions("", 100)->size(), 1u);  // the other number's stays
}

}  // namespace
}  // namespace loka::store
