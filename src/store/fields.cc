// Fields (a crop on a soil beside a station) and alerts (sensor faults, frost, heat): durable
// records for the node's advice and alert routes.
#include <string>

#include "store/store.h"

namespace loka::store {
namespace {

using internal::Stmt;
using internal::Transaction;

constexpr const char* kFieldColumns =
    "id, station_id, name, crop, planting_day, soil, theta_fc, theta_wp, root_depth_m, "
    "irrigation_method, efficiency, wetted_fraction, allowed_depletion, heat_threshold_c, "
    "initial_depletion_mm, created_at_ms, updated_at_ms";

constexpr const char* kAlertColumns =
    "id, time_ms, created_at_ms, station_id, field_id, sensor, kind, severity, reason, "
    "readings_json, acknowledged_at_ms";

std::optional<double> OptReal(const Stmt& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return st.Real(col);
}

void BindOpt(Stmt& st, int i, const std::optional<double>& v) {
  if (v) {
    st.Bind(i, *v);
  } else {
    st.BindNull(i);
  }
}

FieldRecord ReadField(const Stmt& st) {
  FieldRecord f;
  f.id = st.Int(0);
  f.station = st.Text(1);
  f.name = st.Text(2);
  f.crop = st.Text(3);
  f.planting_day = st.Int(4);
  f.soil = st.Text(5);
  f.theta_fc = st.Real(6);
  f.theta_wp = st.Real(7);
  f.root_depth_m = OptReal(st, 8);
  f.irrigation_method = st.Text(9);
  f.efficiency = OptReal(st, 10);
  f.wetted_fraction = OptReal(st, 11);
  f.allowed_depletion = OptReal(st, 12);
  f.heat_threshold_c = OptReal(st, 13);
  f.initial_depletion_mm = st.Real(14);
  f.created_at_ms = st.Int(15);
  f.updated_at_ms = st.Int(16);
  return f;
}

// Binds the field's columns from station_id on, as ?1..?14 (the order of kFieldColumns).
void BindField(Stmt& st, const FieldRecord& f) {
  st.Bind(1, f.station).Bind(2, f.name).Bind(3, f.crop).Bind(4, f.planting_day).Bind(5, f.soil);
  st.Bind(6, f.theta_fc).Bind(7, f.theta_wp);
  BindOpt(st, 8, f.root_depth_m);
  st.Bind(9, f.irrigation_method);
  BindOpt(st, 10, f.efficiency);
  BindOpt(st, 11, f.wetted_fraction);
  BindOpt(st, 12, f.allowed_depletion);
  BindOpt(st, 13, f.heat_threshold_c);
  st.Bind(14, f.initial_depletion_mm);
}

AlertRecord ReadAlert(const Stmt& st) {
  AlertRecord a;
  a.id = st.Int(0);
  a.time_ms = st.Int(1);
  a.created_at_ms = st.Int(2);
  a.station = st.Text(3);
  if (!st.IsNull(4)) a.field_id = st.Int(4);
  a.sensor = st.Text(5);
  a.kind = st.Text(6);
  a.severity = st.Text(7);
  a.reason = st.Text(8);
  a.readings_json = st.Text(9);
  a.acknowledged_at_ms = st.IsNull(10) ? 0 : st.Int(10);
  return a;
}

Status StationExists(sqlite3* db, const std::string& station) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, "SELECT 1 FROM stations WHERE id = ?"));
  st.Bind(1, station);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("no station \"" + station + "\"");
  return Status::Ok();
}

Result<FieldRecord> SelectField(sqlite3* db, int64_t id) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, std::string("SELECT ") + kFieldColumns +
                                                       " FROM fields WHERE id = ?"));
  st.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("no field " + std::to_string(id));
  return ReadField(st);
}

}  // namespace

Result<FieldRecord> Store::CreateField(const FieldRecord& field) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_RETURN_IF_ERROR(StationExists(db_.get(), field.station));
  const int64_t now = clock_->NowMs();
  // The next id after every id ever given (migration 12): a deleted field's id is not reused.
  {
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db_.get(),
                               "UPDATE field_id_counter SET last_id = MAX(last_id, "
                               "(SELECT COALESCE(MAX(id), 0) FROM fields)) + 1 WHERE id = 1"));
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  int64_t id = 0;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st,
                          Stmt::Prepare(db_.get(), "SELECT last_id FROM field_id_counter"));
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("field_id_counter has no row");
    id = st.Int(0);
  }
  {
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db_.get(),
                               "INSERT INTO fields (station_id, name, crop, planting_day, soil, "
                               "theta_fc, theta_wp, root_depth_m, irrigation_method, efficiency, "
                               "wetted_fraction, allowed_depletion, heat_threshold_c, "
                               "initial_depletion_mm, created_at_ms, updated_at_ms, id) VALUES "
                               "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                               "?15, ?15, ?16)"));
    BindField(st, field);
    st.Bind(15, now);
    st.Bind(16, id);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  LOKA_ASSIGN_OR_RETURN(FieldRecord out, SelectField(db_.get(), id));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<FieldRecord> Store::GetField(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  return SelectField(db_.get(), id);
}

Result<std::vector<FieldRecord>> Store::ListFields(std::string_view station) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") + kFieldColumns +
                                                              " FROM fields WHERE ?1 = '' OR "
                                                              "station_id = ?1 ORDER BY id"));
  st.Bind(1, station);
  return st.Rows([](const Stmt& r) { return ReadField(r); });
}

Result<FieldRecord> Store::UpdateField(const FieldRecord& field) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_RETURN_IF_ERROR(SelectField(db_.get(), field.id).status());
  LOKA_RETURN_IF_ERROR(StationExists(db_.get(), field.station));
  {
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db_.get(),
                               "UPDATE fields SET station_id = ?1, name = ?2, crop = ?3, "
                               "planting_day = ?4, soil = ?5, theta_fc = ?6, theta_wp = ?7, "
                               "root_depth_m = ?8, irrigation_method = ?9, efficiency = ?10, "
                               "wetted_fraction = ?11, allowed_depletion = ?12, "
                               "heat_threshold_c = ?13, initial_depletion_mm = ?14, "
                               "updated_at_ms = ?15 WHERE id = ?16"));
    BindField(st, field);
    st.Bind(15, clock_->NowMs()).Bind(16, field.id);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  LOKA_ASSIGN_OR_RETURN(FieldRecord out, SelectField(db_.get(), field.id));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status Store::DeleteField(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "DELETE FROM fields WHERE id = ?"));
    st.Bind(1, id);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  if (sqlite3_changes(db_.get()) == 0) return NotFound("no field " + std::to_string(id));
  return tx.Commit();
}

Result<std::vector<AlertRecord>> Store::InsertAlerts(const std::vector<AlertRecord>& alerts) {
  std::vector<AlertRecord> out = alerts;
  if (alerts.empty()) return out;
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(),
                             "INSERT INTO alerts (time_ms, created_at_ms, station_id, field_id, "
                             "sensor, kind, severity, reason, readings_json) VALUES (?, ?, ?, ?, "
                             "?, ?, ?, ?, ?)"));
  const int64_t now = clock_->NowMs();
  for (AlertRecord& a : out) {
    a.created_at_ms = now;
    a.acknowledged_at_ms = 0;
    st.Bind(1, a.time_ms).Bind(2, now).Bind(3, a.station);
    if (a.field_id) {
      st.Bind(4, *a.field_id);
    } else {
      st.BindNull(4);
    }
    st.Bind(5, a.sensor).Bind(6, a.kind).Bind(7, a.severity).Bind(8, a.reason);
    st.Bind(9, a.readings_json);
    LOKA_RETURN_IF_ERROR(st.Run());
    LOKA_RETURN_IF_ERROR(st.Reset());
    a.id = sqlite3_last_insert_rowid(db_.get());
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<AlertRecord>> Store::ListAlerts(const AlertQuery& q) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") + kAlertColumns +
                                            " FROM alerts WHERE time_ms >= ?1 AND (?2 = '' OR "
                                            "kind = ?2) AND (?3 = '' OR station_id = ?3) AND "
                                            "(?4 = 0 OR acknowledged_at_ms IS NULL) ORDER BY "
                                            "time_ms DESC, id DESC LIMIT ?5"));
  st.Bind(1, q.since_ms).Bind(2, q.kind).Bind(3, q.station);
  st.Bind(4, static_cast<int64_t>(q.unacknowledged_only ? 1 : 0));
  st.Bind(5, static_cast<int64_t>(q.limit));
  return st.Rows([](const Stmt& r) { return ReadAlert(r); });
}

Result<AlertRecord> Store::AcknowledgeAlert(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "UPDATE alerts SET "
                                                            "acknowledged_at_ms = "
                                                            "COALESCE(acknowledged_at_ms, ?) "
                                                            "WHERE id = ?"));
    st.Bind(1, clock_->NowMs()).Bind(2, id);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  if (sqlite3_changes(db_.get()) == 0) return NotFound("no alert " + std::to_string(id));
  AlertRecord out;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                                kAlertColumns +
                                                                " FROM alerts WHERE id = ?"));
    st.Bind(1, id);
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("alert " + std::to_string(id) + " vanished");
    out = ReadAlert(st);
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace loka::store
