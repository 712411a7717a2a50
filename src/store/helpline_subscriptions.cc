// Phones subscribed to farm alerts, and the alert SMS queued to them (store/helpline.h,
// migration 10).
#include <sqlite3.h>

#include "store/helpline.h"

namespace loka::store {

using internal::Stmt;
using internal::Transaction;

namespace {

// Kinds are stored as one comma-separated column: a subscription's few kinds are read and
// written together, never queried one by one.
std::string JoinKinds(const std::vector<std::string>& kinds) {
  std::string out;
  for (const std::string& k : kinds) {
    if (!out.empty()) out += ',';
    out += k;
  }
  return out;
}

std::vector<std::string> SplitKinds(const std::string& text) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos < text.size();) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    if (comma > pos) out.push_back(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

constexpr const char* kSubscriptionSelect =
    "SELECT s.id, s.number, coalesce(s.field_id, 0), coalesce(s.station_id, ''), s.kinds, "
    "s.language, coalesce((SELECT f.name FROM fields f WHERE f.id = s.field_id), (SELECT "
    "st.name FROM stations st WHERE st.id = s.station_id), ''), s.created_at_ms, "
    "s.updated_at_ms FROM hl_subscriptions s WHERE ";

SubscriptionRecord ReadSubscriptionRow(const Stmt& r) {
  SubscriptionRecord s;
  s.id = r.Int(0);
  s.number = r.Text(1);
  s.field_id = r.Int(2);
  s.station = r.Text(3);
  s.kinds = SplitKinds(r.Text(4));
  s.language = r.Text(5);
  s.target_name = r.Text(6);
  s.created_at_ms = r.Int(7);
  s.updated_at_ms = r.Int(8);
  return s;
}

// True when `sql` with `bind` finds a row.
Result<bool> Exists(sqlite3* db, const char* sql, const std::function<void(Stmt&)>& bind) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, sql));
  bind(st);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  LOKA_RETURN_IF_ERROR(st.Reset());
  return row;
}

}  // namespace

Result<std::vector<SubscriptionRecord>> HelplineStore::ReadSubscriptions(
    std::string_view where, const std::function<void(Stmt&)>& bind, std::string_view order) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string(kSubscriptionSelect) +
                                                              std::string(where) + " ORDER BY " +
                                                              std::string(order)));
  bind(st);
  return st.Rows(ReadSubscriptionRow);
}

Result<SubscriptionRecord> HelplineStore::Subscribe(const SubscriptionRecord& s) {
  const bool field = s.field_id != 0;
  if (field == !s.station.empty()) {
    return InvalidArgument("a subscription needs a field or a station, not both or neither");
  }
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  // The target's column and its value as parameter 1.
  const std::string column = field ? "field_id" : "station_id";
  auto bind_target = [&](Stmt& st) {
    if (field) st.Bind(1, s.field_id); else st.Bind(1, s.station);
  };
  LOKA_ASSIGN_OR_RETURN(bool target, Exists(db, field ? "SELECT 1 FROM fields WHERE id = ?"
                                                      : "SELECT 1 FROM stations WHERE id = ?",
                                            bind_target));
  if (!target) {
    return NotFound(field ? "field " + std::to_string(s.field_id) + ": no such field"
                          : "station \"" + s.station + "\": no such station");
  }
  const int64_t now = clock_->NowMs();
  // One row per number and target: a second subscription updates the first.
  LOKA_ASSIGN_OR_RETURN(
      Stmt up, Stmt::Prepare(db, "UPDATE hl_subscriptions SET kinds = ?3, language = ?4, "
                                 "updated_at_ms = ?5 WHERE " + column + " = ?1 AND number = ?2"));
  bind_target(up);
  up.Bind(2, s.number).Bind(3, JoinKinds(s.kinds)).Bind(4, s.language).Bind(5, now);
  LOKA_RETURN_IF_ERROR(up.Run());
  if (sqlite3_changes(db) == 0) {
    LOKA_ASSIGN_OR_RETURN(
        Stmt add, Stmt::Prepare(db, "INSERT INTO hl_subscriptions (number, field_id, station_id, "
                                    "kinds, language, created_at_ms, updated_at_ms) VALUES (?, "
                                    "?, ?, ?, ?, ?6, ?6)"));
    add.Bind(1, s.number);
    if (field) add.Bind(2, s.field_id).BindNull(3); else add.BindNull(2).Bind(3, s.station);
    add.Bind(4, JoinKinds(s.kinds)).Bind(5, s.language).Bind(6, now);
    LOKA_RETURN_IF_ERROR(add.Run());
  }
  LOKA_ASSIGN_OR_RETURN(std::vector<SubscriptionRecord> rows,
                        ReadSubscriptions("s." + column + " = ?1 AND s.number = ?2",
                                          [&](Stmt& st) {
                                            bind_target(st);
                                            st.Bind(2, s.number);
                                          },
                                          "s.id"));
  if (rows.size() != 1) return Internal("subscription of " + s.number + " vanished");
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return rows[0];
}

Result<std::vector<SubscriptionRecord>> HelplineStore::ListSubscriptions(std::string_view number,
                                                                         size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadSubscriptions("(?1 = '' OR s.number = ?1)",
                           [&](Stmt& st) { st.Bind(1, number); },
                           "s.id DESC LIMIT " + std::to_string(limit));
}

Status HelplineStore::DeleteSubscription(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, "DELETE FROM hl_subscriptions WHERE id = ?"));
  st.Bind(1, id);
  LOKA_RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(db) == 0) {
    return NotFound("subscription " + std::to_string(id) + ": no such subscription");
  }
  return Status::Ok();
}

Result<std::vector<SubscriptionRecord>> HelplineStore::SubscriptionsForStation(
    std::string_view station, std::optional<int64_t> field_id) {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadSubscriptions(
      "s.station_id = ?1 OR s.field_id IN (SELECT f.id FROM fields f WHERE f.station_id = ?1 "
      "AND (?2 IS NULL OR f.id = ?2))",
      [&](Stmt& st) {
        st.Bind(1, station);
        if (field_id) st.Bind(2, *field_id); else st.BindNull(2);
      },
      "s.id");
}

Result<std::vector<int64_t>> HelplineStore::SubscribedFieldsAt(std::string_view station,
                                                                std::string_view kind) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "SELECT DISTINCT s.field_id FROM hl_subscriptions s JOIN "
                                        "fields f ON f.id = s.field_id WHERE f.station_id = ?1 "
                                        "AND instr(',' || s.kinds || ',', ',' || ?2 || ',') > 0 "
                                        "ORDER BY s.field_id"));
  st.Bind(1, station).Bind(2, kind);
  return st.Rows([](const Stmt& r) { return r.Int(0); });
}

Result<std::vector<SubscriptionRecord>> HelplineStore::SubscriptionsForField(int64_t field_id) {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadSubscriptions(
      "s.field_id = ?1",
      [&](Stmt& st) { st.Bind(1, field_id); }, "s.id");
}

Result<std::optional<OutboxRecord>> HelplineStore::QueueAlertSms(int64_t subscription_id,
                                                                 std::string_view kind,
                                                                 std::string_view key,
                                                                 int64_t min_interval_ms,
                                                                 const OutboxDraft& draft) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(Stmt number,
                        Stmt::Prepare(db, "SELECT number FROM hl_subscriptions WHERE id = ?"));
  number.Bind(1, subscription_id);
  LOKA_ASSIGN_OR_RETURN(bool found, number.Step());
  if (!found) {
    return NotFound("subscription " + std::to_string(subscription_id) + ": no such subscription");
  }
  const std::string to = number.Text(0);
  LOKA_RETURN_IF_ERROR(number.Reset());
  const int64_t now = clock_->NowMs();
  LOKA_ASSIGN_OR_RETURN(
      bool hold, Exists(db,
                        "SELECT 1 FROM hl_alert_sms WHERE subscription_id = ?1 AND kind = ?2 AND "
                        "(last_key = ?3 OR last_queued_at_ms > ?4 - ?5)",
                        [&](Stmt& st) {
                          st.Bind(1, subscription_id).Bind(2, kind).Bind(3, key).Bind(4, now)
                              .Bind(5, min_interval_ms);
                        }));
  if (hold) return std::optional<OutboxRecord>();
  LOKA_ASSIGN_OR_RETURN(
      Stmt add, Stmt::Prepare(db, "INSERT INTO hl_outbox (number, text, encoding, parts, status, "
                                  "next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, ?, "
                                  "'queued', ?5, ?5)"));
  add.Bind(1, to).Bind(2, draft.text).Bind(3, draft.encoding)
      .Bind(4, static_cast<int64_t>(draft.parts)).Bind(5, now);
  LOKA_RETURN_IF_ERROR(add.Run().WithPrefix("outbox"));
  const auto id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
  LOKA_ASSIGN_OR_RETURN(
      Stmt mark, Stmt::Prepare(db, "INSERT INTO hl_alert_sms (subscription_id, kind, last_key, "
                                   "last_queued_at_ms) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
                                   "(subscription_id, kind) DO UPDATE SET last_key = ?3, "
                                   "last_queued_at_ms = ?4"));
  mark.Bind(1, subscription_id).Bind(2, kind).Bind(3, key).Bind(4, now);
  LOKA_RETURN_IF_ERROR(mark.Run());
  LOKA_ASSIGN_OR_RETURN(OutboxRecord o, ReadOutbound(id));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return std::optional<OutboxRecord>(std::move(o));
}

}  // namespace loka::store
