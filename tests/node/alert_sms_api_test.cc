// Farm alerts to subscribed phones over real HTTP on loopback, with the node's clock set to the
// nights of the readings (a ManualClock, no sleeping): subscriptions made, validated and listed
// through /v1/helpline/subscriptions; readings posted through /v1/readings raise a frost
// warning at a field's station, and the field's subscriber gets one SMS in Swahili in the
// outbox, composed to the budget; the frost alert that follows within the rate-limit window
// queues nothing more; a phone subscribed to another station gets nothing; the next night's
// frost is sent again; and erasing the number removes its subscription and its SMS.
#include <gtest/gtest.h>

#include "core/time.h"
#include "helpline/helpline.h"
#include "node_fixture.h"
#include "store/helpline.h"

namespace loka::node {
namespace {

using store::Scope;

constexpr int64_t kMay3 = 1399075200000;  // 2014-05-03T00:00:00Z
constexpr int64_t kHourMs = 3600000;

class AlertSmsApiTest : public NodeTest {
 protected:
  void SetUp() override {
    start_in_setup_ = false;
    NodeTest::SetUp();
    options_.clock = &clock_;
    Start();
    for (const char* id : {"hill", "valley"}) {
      Reply r = Call(port_, "PUT", std::string("/v1/stations/") + id,
                     Json{{"name", std::string(id) + " station"}, {"lat_deg", -1.3}}.dump(),
                     Key(Scope::kWrite));
      ASSERT_LT(r.status, 300) << r.body;
    }
    Reply f = Post("/v1/fields",
                   Json{{"station", "hill"}, {"name", "shamba la juu"}, {"crop", "maize"},
                        {"planting_date", "2014-04-01"}, {"soil", "loam"},
                        {"irrigation_method", "drip"}},
                   Scope::kWrite);
    ASSERT_EQ(f.status, 201) << f.body;
    field_ = f.json["id"];
  }

  // Air temperatures at `station`, one an hour from `first_ms`.
  void PostTemperatures(const std::string& station, int64_t first_ms,
                        const std::vector<double>& temps) {
    Json readings = Json::array();
    for (size_t i = 0; i < temps.size(); ++i) {
      readings.push_back({{"station", station}, {"sensor", "air_temperature"},
                          {"time_ms", first_ms + static_cast<int64_t>(i) * kHourMs},
                          {"value", temps[i]}, {"unit", "C"}});
    }
    Reply r = Post("/v1/readings", Json{{"readings", readings}}, Scope::kWrite);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.json["rejected"], 0) << r.body;
  }

  // What the node stored for `number`, read on a connection of the test's own.
  Json Export(const std::string& number) {
    Result<store::HelplineStore> h = store::HelplineStore::Open(options_.db_path);
    EXPECT_TRUE(h.ok());
    Result<std::string> json = helpline::ExportNumber(*h, number);
    EXPECT_TRUE(json.ok()) << json.status().ToString();
    return Json::parse(*json);
  }

  ManualClock clock_{kMay3 + 3 * kHourMs + 30 * 60000};  // 03:30 on the first night
  int64_t field_ = 0;
};

TEST_F(AlertSmsApiTest, SubscriptionsAreValidatedAndNumbersMaskedForReadKeys) {
  const std::string path = "/v1/helpline/subscriptions";
  struct Case {
    Json body;
    std::string message;
  };
  const Case bad[] = {
      {{{"number", "+2547OOOOOOO1"}, {"field_id", field_}}, "number"},
      {{{"number", "+254700000001"}, {"field_id", field_ + 7}}, "no such field"},
      {{{"number", "+254700000001"}, {"station", "moon"}}, "no such station"},
      {{{"number", "+254700000001"}, {"field_id", field_}, {"kinds", {"hail"}}}, "kinds"},
      {{{"number", "+254700000001"}, {"field_id", field_}, {"language", "Swahili"}},
       "language \"Swahili\""},
      {{{"number", "+254700000001"}}, "field_id or station"},
      {{{"number", "+254700000001"}, {"field_id", field_}, {"phone", "x"}}, "unknown field"},
      {{{"number", "+254700000001"}, {"field_id", "one"}}, "field_id"},
  };
  for (const Case& c : bad) {
    Reply r = Post(path, c.body, Scope::kWrite);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " " << r.body;
    EXPECT_NE(r.error_message().find(c.message), std::string::npos) << r.body;
  }
  EXPECT_EQ(Post(path, Json{{"number", "+254700000001"}, {"field_id", field_}}, Scope::kRead).status,
            403);

  Reply ok = Post(path, Json{{"number", "+254 700 000 001"}, {"field_id", field_},
                             {"language", "swh"}}, Scope::kWrite);
  ASSERT_EQ(ok.status, 201) << ok.body;
  const Json& s = ok.json["subscription"];
  EXPECT_EQ(s["number"], "+254700000001");
  EXPECT_EQ(s["field_id"], field_);
  EXPECT_EQ(s["station"], nullptr);
  EXPECT_EQ(s["target_name"], "shamba la juu");
  EXPECT_EQ(s["kinds"], Json({"frost", "heat", "irrigation"}));
  EXPECT_EQ(s["language"], "swh");

  Reply read = Get(path, Scope::kRead);
  ASSERT_EQ(read.status, 200) << read.body;
  ASSERT_EQ(read.json["subscriptions"].size(), 1u);
  EXPECT_EQ(read.json["subscriptions"][0]["number"], "+*********001");
  EXPECT_EQ(Get(path, Scope::kWrite).json["subscriptions"][0]["number"], "+254700000001");

  const std::string one = path + "/" + std::to_string(s["id"].get<int64_t>());
  EXPECT_EQ(Call(port_, "DELETE", one, "", Key(Scope::kRead)).status, 403);
  EXPECT_EQ(Call(port_, "DELETE", one, "", Key(Scope::kWrite)).status, 200);
  EXPECT_EQ(Call(port_, "DELETE", one, "", Key(Scope::kWrite)).status, 404);
  EXPECT_EQ(Call(port_, "DELETE", path + "/x", "", Key(Scope::kWrite)).status, 400);
  EXPECT_TRUE(Get(path).json["subscriptions"].empty());
}

TEST_F(AlertSmsApiTest, FrostAtAFieldsStationSendsItsSubscriberOneSms) {
  const std::string path = "/v1/helpline/subscriptions";
  ASSERT_EQ(Post(path, Json{{"number", "+254700000001"}, {"field_id", field_}, {"language", "swh"}},
                 Scope::kWrite).status, 201);
  ASSERT_EQ(Post(path, Json{{"number", "+254700000002"}, {"station", "valley"}}, Scope::kWrite)
                .status, 201);

  // 02:00 and 03:00: 1.5 and 1.2 °C, a frost warning (at or below 2 °C, twice).
  PostTemperatures("hill", kMay3 + 2 * kHourMs, {1.5, 1.2});
  ASSERT_EQ(Get("/v1/alerts?kind=frost").json["alerts"].size(), 1u);
  Json mine = Export("+254700000001");
  ASSERT_EQ(mine["replies"].size(), 1u) << mine.dump();
  const Json& sms = mine["replies"][0];
  EXPECT_EQ(sms["ticket"], 0);
  EXPECT_EQ(sms["status"], "queued");
  EXPECT_EQ(sms["text"], "Tahadhari ya baridi kali shamba la juu: joto liko chini ya kuganda. "
                         "Linda mimea michanga usiku huu.");
  EXPECT_EQ(sms["encoding"], "gsm7");
  EXPECT_EQ(sms["parts"], 1);  // 99 characters: one GSM-7 SMS
  EXPECT_EQ(Get("/v1/helpline").json["outbox"]["queued"], 1);

  // 04:00 and 05:00: -1 and -2 °C, the frost alert proper, within the 12 h window: no SMS.
  clock_.AdvanceMs(2 * kHourMs);
  PostTemperatures("hill", kMay3 + 4 * kHourMs, {-1, -2});
  ASSERT_EQ(Get("/v1/alerts?kind=frost").json["alerts"].size(), 2u);
  EXPECT_EQ(Export("+254700000001")["replies"].size(), 1u);
  // The phone subscribed to the other station heard nothing.
  EXPECT_TRUE(Export("+254700000002")["replies"].empty());

  // The next night's frost, 24 h later: a second SMS.
  clock_.AdvanceMs(24 * kHourMs);
  PostTemperatures("hill", kMay3 + 28 * kHourMs, {-1, -2});
  EXPECT_EQ(Export("+254700000001")["replies"].size(), 2u);

  // Erased on request: the subscription and the SMS go; the third night sends nothing.
  {
    Result<store::HelplineStore> h = store::HelplineStore::Open(options_.db_path);
    ASSERT_TRUE(h.ok());
    ASSERT_TRUE(helpline::EraseNumber(*h, "+254700000001").ok());
  }
  Json erased = Export("+254700000001");
  EXPECT_TRUE(erased["subscriptions"].empty());
  EXPECT_TRUE(erased["replies"].empty());
  clock_.AdvanceMs(24 * kHourMs);
  PostTemperatures("hill", kMay3 + 52 * kHourMs, {-1, -2});
  EXPECT_EQ(Get("/v1/alerts?kind=frost").json["alerts"].size(), 4u);
  EXPECT_TRUE(Export("+254700000001")["replies"].empty());
  EXPECT_EQ(Get("/v1/helpline/subscriptions").json["subscriptions"].size(), 1u);  // the valley's
}

// A node stopped after storing an alert and before queuing its SMS: the alert is in the store
// (written here directly, as the stopped node left it) and the subscriber's outbox is empty.
// The next start offers the alert again and the SMS is queued; a second restart queues none.
TEST_F(AlertSmsApiTest, AnAlertStoredBeforeACrashIsSentAtTheNextStart) {
  ASSERT_EQ(Post("/v1/helpline/subscriptions",
                 Json{{"number", "+254700000004"}, {"field_id", field_}}, Scope::kWrite)
                .status,
            201);
  Stop();
  {
    Result<store::Store> st = store::Store::Open(options_.db_path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store::AlertRecord frost;
    frost.time_ms = clock_.NowMs() - kHourMs;  // 02:30, within the 3 h an alert is sent for
    frost.created_at_ms = frost.time_ms;
    frost.station = "hill";
    frost.kind = "frost";
    frost.severity = "alert";
    frost.reason = "air temperature -1.0 C";
    ASSERT_TRUE(st->InsertAlerts({frost}).ok());
  }
  EXPECT_TRUE(Export("+254700000004")["replies"].empty());
  Start();
  Json mine = Export("+254700000004");
  ASSERT_EQ(mine["replies"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["replies"][0]["status"], "queued");
  EXPECT_NE(mine["replies"][0]["text"].get<std::string>().find("shamba la juu"),
            std::string::npos);
  Stop();
  Start();
  EXPECT_EQ(Export("+254700000004")["replies"].size(), 1u);
}

// A field planted on May 1 with 15.8 mm of its root zone already depleted, and hot dry days
// (10 °C at night, 38 °C by day: 2.2 mm of crop water use a day, no rain): the morning
// depletion stays below the readily available water on May 1 and 2 (15.8 < 17.2 and 18.0 <
// 18.5 mm as the roots grow) and passes it on May 3 (20.2 >= 19.7 mm), so the advice from May
// 1 and 2 says to irrigate on May 3, the day readings are coming in for: 20.2 mm / 0.9 (drip)
// = 22.4 mm gross. The field's irrigation subscriber hears it once that day.
TEST_F(AlertSmsApiTest, IrrigateTodayGoesToTheFieldsSubscriberOnceADay) {
  Reply f = Post("/v1/fields",
                 Json{{"station", "hill"}, {"name", "dry plot"}, {"crop", "maize"},
                      {"planting_date", "2014-05-01"}, {"soil", "loam"},
                      {"irrigation_method", "drip"}, {"initial_depletion_mm", 15.8}},
                 Scope::kWrite);
  ASSERT_EQ(f.status, 201) << f.body;
  ASSERT_EQ(Post("/v1/helpline/subscriptions",
                 Json{{"number", "+254700000003"}, {"field_id", f.json["id"]},
                      {"kinds", {"irrigation"}}},
                 Scope::kWrite).status, 201);
  clock_.AdvanceMs(8 * kHourMs);  // 11:30 on May 3
  std::vector<double> temps;  // May 1 00:00 to May 3 07:00
  for (int h = 0; h < 56; ++h) temps.push_back(h % 24 < 6 ? 10 : 38);
  PostTemperatures("hill", kMay3 - 48 * kHourMs, temps);
  Json mine = Export("+254700000003");
  ASSERT_EQ(mine["replies"].size(), 1u)
      << mine.dump()
      << Get("/v1/fields/" + std::to_string(f.json["id"].get<int64_t>()) + "/advice?as_of=2014-05-02")
             .body;
  EXPECT_EQ(mine["replies"][0]["text"], "Irrigation advice for dry plot: irrigate today, about 22 mm.");
  PostTemperatures("hill", kMay3 + 8 * kHourMs, {24, 25});
  EXPECT_EQ(Export("+254700000003")["replies"].size(), 1u);
}

}  // namespace
}  // namespace loka::node
