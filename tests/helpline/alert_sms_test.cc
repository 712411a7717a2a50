// Farm alerts as SMS to subscribed phones, on a real SQLite file with a ManualClock: the texts
// are checked against the budget when loaded, subscriptions are validated field by field, an
// alert reaches the subscribers who asked for its kind in their language, and the rate limit,
// the age limit and the one-SMS-per-advice-day rule hold.
#include "helpline/alert_sms.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace loka::helpline {
namespace {

constexpr int64_t kT0 = 1780000000000;  // 2026-05-28T20:26:40Z
constexpr int64_t kHourMs = 3600000;

TEST(AlertTextsTest, BuiltInTextsLoadAndFallBackToEnglish) {
  Result<AlertTexts> t = AlertTexts::Load(AlertTexts::BuiltIn(), "built-in", SmsOptions{}, 32);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Languages(), (std::vector<std::string>{"eng", "fra", "por", "spa", "swh"}));
  Result<ComposedSms> en = t->Compose("irrigation", "eng", "maize north", 24.6);
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->text, "Irrigation advice for maize north: irrigate today, about 25 mm.");
  EXPECT_EQ(en->count.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(en->count.parts, 1);
  // No Hindi text: English.
  EXPECT_EQ(t->Compose("irrigation", "hin", "maize north", 24.6)->text, en->text);
  // A place longer than 32 characters is cut there.
  Result<ComposedSms> cut = t->Compose("frost", "eng", std::string(40, 'a'), 0);
  ASSERT_TRUE(cut.ok());
  EXPECT_NE(cut->text.find(std::string(32, 'a') + ":"), std::string::npos);
}

TEST(AlertTextsTest, BadTablesAreRefusedWithTheLine) {
  const SmsOptions sms;
  struct Case {
    std::string tsv, message;
  };
  const std::string eng =
      "frost\teng\tFrost at {place}\nheat\teng\tHeat at {place}\nirrigation\teng\tWater "
      "{place} {mm} mm\nsensor_fault\teng\tFault at {place}\n";
  const Case cases[] = {
      {eng + "hail\teng\tHail at {place}\n", "t line 5: kind \"hail\""},
      {eng + "frost\tEN\tFrost at {place}\n", "t line 5: language \"EN\""},
      {eng + "frost\tswh\tBaridi\n", "t line 5: the text has no {place}"},
      {eng + "irrigation\tswh\tMwagilia {place}\n", "t line 5: the irrigation text has no {mm}"},
      {eng + "frost\teng\tAgain {place}\n", "t line 5: a second text for (frost, eng)"},
      {"frost\teng\tFrost at {place}\n", "t: no English (eng) text for heat"},
      {eng + "frost\tswh\t" + std::string(500, 'x') + "{place}\n", "t line 5 (frost, swh"},
  };
  for (const Case& c : cases) {
    Result<AlertTexts> t = AlertTexts::Load(c.tsv, "t", sms, 32);
    ASSERT_FALSE(t.ok()) << c.message;
    EXPECT_NE(t.status().ToString().find(c.message), std::string::npos) << t.status().ToString();
  }
}

class AlertSmsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("loka_alert_sms_" + std::to_string(::getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    store::StoreOptions so;
    so.clock = &clock_;
    Result<store::Store> st = store::Store::Open(path_.string(), so);
    ASSERT_TRUE(st.ok());
    store_ = std::make_unique<store::Store>(std::move(st).value());
    Result<store::HelplineStore> h = store::HelplineStore::Open(path_.string(), so);
    ASSERT_TRUE(h.ok());
    helpline_ = std::make_unique<store::HelplineStore>(std::move(h).value());
    store::StationInfo hill;
    hill.id = "hill";
    ASSERT_TRUE(store_->PutStation(hill).ok());
    store::FieldRecord f;
    f.station = "hill";
    f.name = "maize north";
    f.crop = "maize";
    f.soil = "loam";
    f.theta_fc = 0.25;
    f.theta_wp = 0.12;
    f.irrigation_method = "drip";
    field_ = store_->CreateField(f)->id;
    options_.clock = &clock_;
    Result<std::unique_ptr<AlertSms>> sms = AlertSms::Create(options_, helpline_.get());
    ASSERT_TRUE(sms.ok()) << sms.status().ToString();
    sms_ = std::move(sms).value();
  }
  void TearDown() override {
    sms_.reset();
    helpline_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  store::AlertRecord Alert(int64_t id, const std::string& kind, int64_t time_ms) {
    store::AlertRecord a;
    a.id = id;
    a.station = "hill";
    a.kind = kind;
    a.time_ms = time_ms;
    return a;
  }
  std::vector<store::OutboxRecord> Queued() {
    return helpline_->DueOutbound(clock_.NowMs() + 1, 100).value();
  }

  std::filesystem::path path_;
  ManualClock clock_{kT0};
  HelplineOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::HelplineStore> helpline_;
  std::unique_ptr<AlertSms> sms_;
  int64_t field_ = 0;
};

TEST_F(AlertSmsTest, SubscriptionsAreValidatedFieldByField) {
  struct Case {
    SubscribeRequest r;
    std::string message;
  };
  auto req = [&](std::string number, int64_t field, std::string station,
                 std::vector<std::string> kinds, std::string language) {
    SubscribeRequest r;
    r.number = std::move(number);
    r.field_id = field;
    r.station = std::move(station);
    r.kinds = std::move(kinds);
    r.language = std::move(language);
    return r;
  };
  const Case cases[] = {
      {req("+2547000O0001", field_, "", {}, "eng"), "number"},
      {req("+254700000001", 0, "", {}, "eng"), "field_id or station"},
      {req("+254700000001", field_, "hill", {}, "eng"), "field_id or station"},
      {req("+254700000001", field_, "", {"hail"}, "eng"), "kinds: \"hail\""},
      {req("+254700000001", 0, "hill", {"irrigation"}, "eng"), "irrigation advice is a field's"},
      {req("+254700000001", field_, "", {}, "english"), "language \"english\""},
      {req("+254700000001", field_, "", {}, "zul"), "expected one of eng, fra, por, spa, swh"},
      {req("+254700000001", field_ + 5, "", {}, "eng"), "no such field"},
      {req("+254700000001", 0, "moon", {}, "eng"), "no such station"},
  };
  for (const Case& c : cases) {
    Result<store::SubscriptionRecord> s = sms_->Subscribe(c.r);
    ASSERT_FALSE(s.ok()) << c.message;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << s.status().ToString();
    EXPECT_NE(s.status().message().find(c.message), std::string::npos) << s.status().ToString();
  }
  Result<store::SubscriptionRecord> field = sms_->Subscribe(req("+254 700-000 001", field_, "", {}, "swh"));
  ASSERT_TRUE(field.ok()) << field.status().ToString();
  EXPECT_EQ(field->number, "+254700000001");
  EXPECT_EQ(field->kinds, (std::vector<std::string>{"frost", "heat", "irrigation"}));
  Result<store::SubscriptionRecord> station = sms_->Subscribe(req("+254700000002", 0, "hill", {}, "eng"));
  ASSERT_TRUE(station.ok());
  EXPECT_EQ(station->kinds, (std::vector<std::string>{"frost", "heat"}));
}

TEST_F(AlertSmsTest, AlertsReachSubscribersOfTheirKindOnceWithinTheInterval) {
  SubscribeRequest swh;
  swh.number = "+254700000001";
  swh.field_id = field_;
  swh.language = "swh";
  ASSERT_TRUE(sms_->Subscribe(swh).ok());
  SubscribeRequest faults;
  faults.number = "+254700000002";
  faults.station = "hill";
  faults.kinds = {"sensor_fault"};
  ASSERT_TRUE(sms_->Subscribe(faults).ok());

  Result<AlertSmsReport> r = sms_->OnAlerts({Alert(1, "frost", kT0 - kHourMs)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->queued, 1);
  std::vector<store::OutboxRecord> q = Queued();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].number, "+254700000001");
  EXPECT_EQ(q[0].text, "Tahadhari ya baridi kali maize north: joto liko chini ya kuganda. Linda "
                       "mimea michanga usiku huu.");
  EXPECT_EQ(q[0].encoding, "gsm7");
  EXPECT_EQ(q[0].parts, 1);

  // A second frost alert an hour later: held; a stuck sensor reaches the fault subscriber only.
  clock_.AdvanceMs(kHourMs);
  r = sms_->OnAlerts({Alert(2, "frost", clock_.NowMs()), Alert(3, "stuck", clock_.NowMs())});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->queued, 1);
  EXPECT_EQ(r->held, 1);
  q = Queued();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].number, "+254700000002");
  EXPECT_EQ(q[1].text, "Sensor fault at hill: a sensor gives readings that look wrong. Please "
                       "check the station.");

  // After the interval the next frost goes out; an alert older than the age limit does not.
  clock_.AdvanceMs(options_.alert_sms_min_interval_ms);
  r = sms_->OnAlerts({Alert(4, "frost", clock_.NowMs() - options_.alert_sms_max_age_ms - 1)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stale, 1);
  EXPECT_EQ(r->queued, 0);
  r = sms_->OnAlerts({Alert(5, "frost", clock_.NowMs())});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->queued, 1);
  EXPECT_EQ(Queued().size(), 3u);
}

TEST_F(AlertSmsTest, IrrigationAdviceGoesOutOncePerAdviceDay) {
  SubscribeRequest r;
  r.number = "+254700000001";
  r.field_id = field_;
  ASSERT_TRUE(sms_->Subscribe(r).ok());
  const int64_t today = UnixDayFromMs(kT0);
  EXPECT_EQ(sms_->OnIrrigateToday(field_, today, 18.2)->queued, 1);
  // The same day again, even after the interval: nothing.
  clock_.AdvanceMs(options_.alert_sms_min_interval_ms);
  EXPECT_EQ(sms_->OnIrrigateToday(field_, today, 18.2)->held, 1);
  EXPECT_EQ(sms_->OnIrrigateToday(field_, today + 1, 12)->queued, 1);
  // A day long past (a replayed season): nothing.
  EXPECT_EQ(sms_->OnIrrigateToday(field_, today - 30, 12)->stale, 1);
  std::vector<store::OutboxRecord> q = Queued();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].text, "Irrigation advice for maize north: irrigate today, about 18 mm.");
  EXPECT_EQ(q[1].text, "Irrigation advice for maize north: irrigate today, about 12 mm.");
}

}  // namespace
}  // namespace loka::helpline
