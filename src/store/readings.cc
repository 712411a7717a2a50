// Sensor readings: stations, sensors, raw rows, incrementally maintained daily aggregates,
// rejection counters and the retention policy. Ingest is the hot path (docs/sense.md aims at
// 100,000 readings/s on two cores): its statements are prepared once per connection, and
// concurrent batches are group-committed: one transaction (one fsync) for all the batches that
// waited for the previous commit, with one daily-aggregate upsert per (sensor, day) touched.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/time.h"
#include "store/store.h"

namespace loka::store {

using internal::Stmt;
using internal::Transaction;

namespace {

struct SensorEntry {
  int64_t id = 0;
  int64_t utc_offset_min = 0;
  int64_t pruned_before_ms = 0;
};

struct DayAccumulator {
  double min = 0, max = 0, sum = 0;
  int64_t count = 0;
};

std::optional<double> OptionalReal(const Stmt& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return st.Real(col);
}

}  // namespace

// Owned by the Store, used only under its mutex. The cache maps "station\0sensor" to the
// sensor's row; it is cleared whenever a transaction that may have filled it rolls back and
// whenever station metadata or cut-offs change. The stream limits need the numbers of stations
// and sensors: counted when first needed, then kept up to date as rows create them, and
// recounted (-1) whenever the cache is cleared.
struct ReadingsState {
  Stmt insert_station, insert_sensor, find_sensor, insert_reading, upsert_daily, add_rejection;
  Stmt find_station, count_streams;
  std::unordered_map<std::string, SensorEntry> sensors;
  std::string key;  // reused lookup buffer
  const Clock* clock;  // the Store's
  int64_t max_stations = 0, max_sensors = 0;  // StoreOptions; 0: no limit
  int64_t stations = -1, sensor_count = -1;

  void ClearCache() {
    sensors.clear();
    stations = sensor_count = -1;
  }
};

void ReadingsStateDeleter::operator()(ReadingsState* s) const { delete s; }

Result<ReadingsState*> Store::Readings() {
  if (readings_) return readings_.get();
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(
      Stmt insert_station,
      Stmt::Prepare(db, "INSERT OR IGNORE INTO stations (id, site, created_at_ms) "
                        "VALUES (?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(Stmt insert_sensor,
                        Stmt::Prepare(db, "INSERT OR IGNORE INTO sensors (station_id, name, "
                                          "kind, unit) VALUES (?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt find_sensor,
      Stmt::Prepare(db, "SELECT s.id, t.utc_offset_min, s.pruned_before_ms FROM sensors s "
                        "JOIN stations t ON t.id = s.station_id "
                        "WHERE s.station_id = ? AND s.name = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt insert_reading,
                        Stmt::Prepare(db, "INSERT OR IGNORE INTO readings (sensor_id, time_ms, "
                                          "value) VALUES (?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt upsert_daily,
      Stmt::Prepare(db, "INSERT INTO daily_readings (sensor_id, day, min, max, sum, count) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sensor_id, day) DO UPDATE SET "
                        "min = MIN(min, excluded.min), max = MAX(max, excluded.max), "
                        "sum = sum + excluded.sum, count = count + excluded.count"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add_rejection,
      Stmt::Prepare(db, "INSERT INTO reading_rejections (station_id, reason, count, last_at_ms) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT (station_id, reason) DO UPDATE SET "
                        "count = count + excluded.count, last_at_ms = excluded.last_at_ms"));
  LOKA_ASSIGN_OR_RETURN(Stmt find_station,
                        Stmt::Prepare(db, "SELECT 1 FROM stations WHERE id = ?"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt count_streams,
      Stmt::Prepare(db, "SELECT (SELECT COUNT(*) FROM stations), (SELECT COUNT(*) FROM sensors)"));
  readings_.reset(new ReadingsState{std::move(insert_station), std::move(insert_sensor),
                                    std::move(find_sensor), std::move(insert_reading),
                                    std::move(upsert_daily), std::move(add_rejection),
                                    std::move(find_station), std::move(count_streams), {}, {},
                                    clock_});
  readings_->max_stations = max_stations_;
  readings_->max_sensors = max_sensors_;
  return readings_.get();
}

namespace {

Status AddRejectionsLocked(ReadingsState& rs, const std::vector<RejectionCount>& rejections) {
  for (const RejectionCount& r : rejections) {
    if (r.count <= 0) continue;
    LOKA_RETURN_IF_ERROR(rs.add_rejection.Reset());
    rs.add_rejection.Bind(1, std::string_view(r.station))
        .Bind(2, std::string_view(r.reason))
        .Bind(3, r.count)
        .Bind(4, r.last_at_ms > 0 ? r.last_at_ms : rs.clock->NowMs());
    LOKA_RETURN_IF_ERROR(rs.add_rejection.Run());
  }
  return Status::Ok();
}

// Whether one more station (`new_station`) and one more sensor fit the stream limits.
Result<bool> StreamFits(ReadingsState& rs, bool new_station) {
  if (rs.max_stations <= 0 && rs.max_sensors <= 0) return true;
  if (rs.sensor_count < 0) {
    LOKA_RETURN_IF_ERROR(rs.count_streams.Reset());
    LOKA_ASSIGN_OR_RETURN(bool row, rs.count_streams.Step());
    if (!row) return Internal("counting stations and sensors returned no row");
    rs.stations = rs.count_streams.Int(0);
    rs.sensor_count = rs.count_streams.Int(1);
    LOKA_RETURN_IF_ERROR(rs.count_streams.Reset());
  }
  if (rs.max_sensors > 0 && rs.sensor_count >= rs.max_sensors) return false;
  return !new_station || rs.max_stations <= 0 || rs.stations < rs.max_stations;
}

// Finds the sensor row of `r` into *e. Returns false when there is none.
Result<bool> FindSensor(ReadingsState& rs, const ReadingRow& r, SensorEntry* e) {
  LOKA_RETURN_IF_ERROR(rs.find_sensor.Reset());
  rs.find_sensor.Bind(1, r.station).Bind(2, r.sensor);
  LOKA_ASSIGN_OR_RETURN(bool row, rs.find_sensor.Step());
  if (row) *e = {rs.find_sensor.Int(0), rs.find_sensor.Int(1), rs.find_sensor.Int(2)};
  LOKA_RETURN_IF_ERROR(rs.find_sensor.Reset());
  return row;
}

// The sensor row for `r`, creating station and sensor when new; an entry with id 0 when they
// would pass the stream limits (nothing is created then).
Result<SensorEntry> ResolveSensor(ReadingsState& rs, const ReadingRow& r, std::string_view site) {
  rs.key.assign(r.station);
  rs.key.push_back('\0');
  rs.key.append(r.sensor);
  auto it = rs.sensors.find(rs.key);
  if (it != rs.sensors.end()) return it->second;
  SensorEntry e;
  LOKA_ASSIGN_OR_RETURN(bool known, FindSensor(rs, r, &e));
  if (!known) {
    LOKA_RETURN_IF_ERROR(rs.find_station.Reset());
    rs.find_station.Bind(1, r.station);
    LOKA_ASSIGN_OR_RETURN(bool station_known, rs.find_station.Step());
    LOKA_RETURN_IF_ERROR(rs.find_station.Reset());
    LOKA_ASSIGN_OR_RETURN(bool fits, StreamFits(rs, !station_known));
    if (!fits) return SensorEntry{};
    if (!station_known) {
      LOKA_RETURN_IF_ERROR(rs.insert_station.Reset());
      rs.insert_station.Bind(1, r.station).Bind(2, site).Bind(3, rs.clock->NowMs());
      LOKA_RETURN_IF_ERROR(rs.insert_station.Run());
      if (rs.stations >= 0) ++rs.stations;
    }
    LOKA_RETURN_IF_ERROR(rs.insert_sensor.Reset());
    rs.insert_sensor.Bind(1, r.station).Bind(2, r.sensor).Bind(3, r.kind).Bind(4, r.unit);
    LOKA_RETURN_IF_ERROR(rs.insert_sensor.Run());
    if (rs.sensor_count >= 0) ++rs.sensor_count;
    LOKA_ASSIGN_OR_RETURN(bool found, FindSensor(rs, r, &e));
    if (!found) return Internal("sensor row vanished");
  }
  rs.sensors.emplace(rs.key, e);
  return e;
}

}  // namespace

namespace {

// One caller's batch, viewed.
struct BatchRef {
  const std::vector<ReadingRow>& rows;
  std::string_view site;
  const std::vector<RejectionCount>& rejections;
};

using DayMap = std::map<std::pair<int64_t, int64_t>, DayAccumulator>;  // (sensor id, day)

// Inserts one batch's rows inside the open transaction, adding the inserted ones to `days`,
// and counts its rejections.
Status InsertBatchLocked(ReadingsState& rs, sqlite3* db, const std::vector<ReadingRow>& rows,
                         std::string_view site, const std::vector<RejectionCount>& rejections,
                         DayMap& days, InsertReport* report) {
  report->outcomes.reserve(rows.size());
  // Consecutive rows usually repeat a few sensors: the last lookup is kept.
  std::string_view last_station, last_sensor;
  SensorEntry sensor;
  bool have_sensor = false;
  DayMap::iterator day_it = days.end();
  for (const ReadingRow& r : rows) {
    if (!have_sensor || r.sensor != last_sensor || r.station != last_station) {
      LOKA_ASSIGN_OR_RETURN(sensor, ResolveSensor(rs, r, site));
      last_station = r.station;
      last_sensor = r.sensor;
      have_sensor = true;
      day_it = days.end();
    }
    if (sensor.id == 0) {
      report->outcomes.push_back(InsertOutcome::kStreamLimit);
      ++report->stream_limited;
      continue;
    }
    if (r.time_ms < sensor.pruned_before_ms) {
      report->outcomes.push_back(InsertOutcome::kExpired);
      ++report->expired;
      continue;
    }
    LOKA_RETURN_IF_ERROR(rs.insert_reading.Reset());
    rs.insert_reading.Bind(1, sensor.id).Bind(2, r.time_ms).Bind(3, r.value);
    LOKA_RETURN_IF_ERROR(rs.insert_reading.Run());
    if (sqlite3_changes(db) == 0) {
      report->outcomes.push_back(InsertOutcome::kDuplicate);
      ++report->duplicates;
      continue;
    }
    report->outcomes.push_back(InsertOutcome::kInserted);
    ++report->inserted;
    const std::pair<int64_t, int64_t> key{
        sensor.id, LocalDayFromMs(r.time_ms, static_cast<int>(sensor.utc_offset_min))};
    if (day_it == days.end() || day_it->first != key) {
      day_it = days.try_emplace(key).first;
    }
    DayAccumulator& d = day_it->second;
    if (d.count == 0) {
      d.min = d.max = r.value;
    } else {
      d.min = std::min(d.min, r.value);
      d.max = std::max(d.max, r.value);
    }
    d.sum += r.value;
    ++d.count;
  }
  LOKA_RETURN_IF_ERROR(AddRejectionsLocked(rs, rejections));
  if (report->expired > 0) {
    std::map<std::string_view, int64_t> per_station;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (report->outcomes[i] == InsertOutcome::kExpired) ++per_station[rows[i].station];
    }
    std::vector<RejectionCount> expired;
    for (const auto& [station, n] : per_station) {
      expired.push_back({std::string(station), "expired", n, rs.clock->NowMs()});
    }
    LOKA_RETURN_IF_ERROR(AddRejectionsLocked(rs, expired));
  }
  if (report->stream_limited > 0) {
    LOKA_RETURN_IF_ERROR(
        AddRejectionsLocked(rs, {{"", "stream_limit", report->stream_limited,
                                  rs.clock->NowMs()}}));
  }
  return Status::Ok();
}

// Stores `batches` in one transaction: their reports in order, or the first error (nothing
// stored).
Result<std::vector<InsertReport>> InsertBatchesLocked(ReadingsState& rs, sqlite3* db,
                                                      const std::vector<const BatchRef*>& batches);

}  // namespace

struct Store::PendingBatch {
  BatchRef batch;
  Result<InsertReport> result = Internal("batch not committed");
  bool done = false;  // guarded by CommitQueue::mu
};

Store::CommitQueueStats Store::ReadingsQueueStats() const {
  std::lock_guard<std::mutex> lock(queue_->mu);
  return {queue_->committing, queue_->waiting.size(), queue_->waiting_readings};
}

Result<InsertReport> Store::InsertReadings(const std::vector<ReadingRow>& rows,
                                           std::string_view site,
                                           const std::vector<RejectionCount>& rejections) {
  CommitQueue& q = *queue_;
  PendingBatch me{{rows, site, rejections}};
  std::unique_lock<std::mutex> lock(q.mu);
  if (q.waiting_readings > 0 && q.waiting_readings + rows.size() > q.max_readings) {
    return ResourceExhausted("readings: " + std::to_string(q.waiting_readings) +
                             " readings are already waiting for the next commit (limit " +
                             std::to_string(q.max_readings) + "); retry later");
  }
  q.waiting.push_back(&me);
  q.waiting_readings += rows.size();
  while (!me.done) {
    if (q.committing) {
      q.done.wait(lock);
      continue;
    }
    // Leader: store every waiting batch (this one among them) in one transaction.
    q.committing = true;
    std::vector<PendingBatch*> group;
    group.swap(q.waiting);
    q.waiting_readings = 0;
    lock.unlock();
    CommitGroup(group);
    lock.lock();
    for (PendingBatch* b : group) b->done = true;
    q.committing = false;
    q.done.notify_all();
  }
  return std::move(me.result);
}

void Store::CommitGroup(const std::vector<PendingBatch*>& group) {
  std::lock_guard<std::mutex> lock(*mu_);
  Result<ReadingsState*> state = Readings();
  if (!state.ok()) {
    for (PendingBatch* b : group) b->result = state.status();
    return;
  }
  std::vector<const BatchRef*> batches;
  batches.reserve(group.size());
  for (const PendingBatch* b : group) batches.push_back(&b->batch);
  Result<std::vector<InsertReport>> all = InsertBatchesLocked(**state, db_.get(), batches);
  if (all.ok()) {
    for (size_t i = 0; i < group.size(); ++i) group[i]->result = std::move((*all)[i]);
    return;
  }
  if (group.size() == 1) {
    group[0]->result = all.status();
    return;
  }
  // Alone, each batch gets its own outcome: the one that broke the group (if any) fails, a
  // transient error (a busy database) may pass, and no batch is reported failed for another.
  for (PendingBatch* b : group) {
    Result<std::vector<InsertReport>> one = InsertBatchesLocked(**state, db_.get(), {&b->batch});
    if (one.ok()) {
      b->result = std::move(one->front());
    } else {
      b->result = one.status();
    }
  }
}

namespace {

Result<std::vector<InsertReport>> InsertBatchesLocked(ReadingsState& rs, sqlite3* db,
                                                      const std::vector<const BatchRef*>& batches) {
  // Any failure rolls the transaction back, and with it sensors the cache may have learnt.
  struct ClearOnFailure {
    ReadingsState& rs;
    bool committed = false;
    ~ClearOnFailure() {
      if (!committed) rs.ClearCache();
    }
  } guard{rs};
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  std::vector<InsertReport> reports(batches.size());
  DayMap days;
  for (size_t i = 0; i < batches.size(); ++i) {
    const BatchRef& b = *batches[i];
    LOKA_RETURN_IF_ERROR(
        InsertBatchLocked(rs, db, b.rows, b.site, b.rejections, days, &reports[i]));
  }
  for (const auto& [key, d] : days) {
    LOKA_RETURN_IF_ERROR(rs.upsert_daily.Reset());
    rs.upsert_daily.Bind(1, key.first).Bind(2, key.second).Bind(3, d.min).Bind(4, d.max)
        .Bind(5, d.sum).Bind(6, d.count);
    LOKA_RETURN_IF_ERROR(rs.upsert_daily.Run());
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  guard.committed = true;
  return reports;
}

}  // namespace

Status Store::AddRejections(const std::vector<RejectionCount>& rejections) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(ReadingsState * state, Readings());
  ReadingsState& rs = *state;
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_RETURN_IF_ERROR(AddRejectionsLocked(rs, rejections));
  return tx.Commit();
}

Status Store::PutStation(const StationInfo& station) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(ReadingsState * state, Readings());
  ReadingsState& rs = *state;
  rs.ClearCache();  // offsets may change; the station may be new
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt old, Stmt::Prepare(db_.get(),
                                                  "SELECT utc_offset_min, EXISTS (SELECT 1 FROM "
                                                  "daily_readings d JOIN sensors s ON s.id = "
                                                  "d.sensor_id WHERE s.station_id = ?1) FROM "
                                                  "stations WHERE id = ?1"));
    old.Bind(1, std::string_view(station.id));
    LOKA_ASSIGN_OR_RETURN(bool row, old.Step());
    if (row && old.Int(0) != station.utc_offset_min && old.Int(1) != 0) {
      return FailedPrecondition("station \"" + station.id +
                                "\" already has readings: its utc_offset_min (" +
                                std::to_string(old.Int(0)) +
                                ") cannot change, or its daily aggregates would be wrong");
    }
  }
  LOKA_ASSIGN_OR_RETURN(
      Stmt put, Stmt::Prepare(db_.get(),
                              "INSERT INTO stations (id, site, name, lat_deg, lon_deg, "
                              "elevation_m, utc_offset_min, created_at_ms) VALUES "
                              "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                              "site = excluded.site, name = excluded.name, lat_deg = "
                              "excluded.lat_deg, lon_deg = excluded.lon_deg, elevation_m = "
                              "excluded.elevation_m, utc_offset_min = excluded.utc_offset_min"));
  put.Bind(1, std::string_view(station.id))
      .Bind(2, std::string_view(station.site))
      .Bind(3, std::string_view(station.name));
  const std::optional<double> reals[] = {station.lat_deg, station.lon_deg, station.elevation_m};
  for (int i = 0; i < 3; ++i) {
    if (reals[i]) {
      put.Bind(4 + i, *reals[i]);
    } else {
      put.BindNull(4 + i);
    }
  }
  put.Bind(7, static_cast<int64_t>(station.utc_offset_min)).Bind(8, clock_->NowMs());
  LOKA_RETURN_IF_ERROR(put.Run());
  return tx.Commit();
}

namespace {

constexpr const char* kStationColumns =
    "SELECT id, site, name, lat_deg, lon_deg, elevation_m, utc_offset_min, created_at_ms "
    "FROM stations";

StationInfo StationFromRow(const Stmt& st) {
  StationInfo s;
  s.id = st.Text(0);
  s.site = st.Text(1);
  s.name = st.Text(2);
  s.lat_deg = OptionalReal(st, 3);
  s.lon_deg = OptionalReal(st, 4);
  s.elevation_m = OptionalReal(st, 5);
  s.utc_offset_min = static_cast<int>(st.Int(6));
  s.created_at_ms = st.Int(7);
  return s;
}

Status UnknownStation(std::string_view id) {
  return NotFound("no station \"" + std::string(id) + "\"");
}

// The id of sensor `name` of `station`. Errors: not_found naming the station or the sensor.
Result<int64_t> SensorId(sqlite3* db, std::string_view station, std::string_view name) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, "SELECT id FROM sensors WHERE station_id = ? "
                                                   "AND name = ?"));
  st.Bind(1, station).Bind(2, name);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) {
    return NotFound("station \"" + std::string(station) + "\" has no sensor \"" +
                    std::string(name) + "\"");
  }
  return st.Int(0);
}

Status CheckStation(sqlite3* db, std::string_view station) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, "SELECT 1 FROM stations WHERE id = ?"));
  st.Bind(1, station);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? Status::Ok() : UnknownStation(station);
}

// Reads under one read transaction so several statements see one snapshot.
struct ReadTx {
  explicit ReadTx(sqlite3* d) : db(d), ok(internal::Exec(d, "BEGIN").ok()) {}
  ~ReadTx() {
    if (ok) (void)internal::Exec(db, "COMMIT");
  }
  sqlite3* db;
  bool ok;
};

}  // namespace

Result<StationInfo> Store::GetStation(std::string_view id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st,
                        Stmt::Prepare(db_.get(), std::string(kStationColumns) + " WHERE id = ?"));
  st.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return UnknownStation(id);
  return StationFromRow(st);
}

Result<std::vector<StationInfo>> Store::ListStations() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st,
                        Stmt::Prepare(db_.get(), std::string(kStationColumns) + " ORDER BY id"));
  return st.Rows([](const Stmt& r) { return StationFromRow(r); });
}

Result<std::vector<SensorInfo>> Store::ListSensors(std::string_view station) {
  std::lock_guard<std::mutex> lock(*mu_);
  ReadTx read(db_.get());
  LOKA_RETURN_IF_ERROR(CheckStation(db_.get(), station));
  // The latest raw time per sensor is one step down the primary key; the counts come from the
  // aggregates, which also cover pruned rows.
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(),
                             "SELECT s.name, s.kind, s.unit, s.pruned_before_ms, "
                             "(SELECT COALESCE(SUM(count), 0) FROM daily_readings d "
                             " WHERE d.sensor_id = s.id), "
                             "(SELECT COALESCE(MAX(time_ms), 0) FROM readings r "
                             " WHERE r.sensor_id = s.id) "
                             "FROM sensors s WHERE s.station_id = ? ORDER BY s.name"));
  st.Bind(1, station);
  std::vector<SensorInfo> out;
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    SensorInfo s;
    s.station = std::string(station);
    s.name = st.Text(0);
    s.kind = st.Text(1);
    s.unit = st.Text(2);
    s.pruned_before_ms = st.Int(3);
    s.readings = st.Int(4);
    s.last_time_ms = st.Int(5);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<StoredReading>> Store::ReadingsInRange(std::string_view station,
                                                          std::string_view sensor,
                                                          int64_t from_ms, int64_t to_ms,
                                                          size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  ReadTx read(db_.get());
  LOKA_RETURN_IF_ERROR(CheckStation(db_.get(), station));
  std::string sql =
      "SELECT s.name, r.time_ms, r.value FROM sensors s JOIN readings r ON r.sensor_id = s.id "
      "WHERE s.station_id = ?1 AND r.time_ms >= ?2 AND r.time_ms < ?3";
  if (!sensor.empty()) {
    LOKA_RETURN_IF_ERROR(SensorId(db_.get(), station, sensor).status());
    sql += " AND s.name = ?5";
  }
  sql += " ORDER BY s.name, r.time_ms LIMIT ?4";
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), sql));
  st.Bind(1, station).Bind(2, from_ms).Bind(3, to_ms).Bind(
      4, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
  if (!sensor.empty()) st.Bind(5, sensor);
  return st.Rows(
      [](const Stmt& r) { return StoredReading{r.Text(0), r.Int(1), r.Real(2)}; });
}

Result<std::vector<DailyAggregate>> Store::DailyInRange(std::string_view station,
                                                        std::string_view sensor, int64_t from_day,
                                                        int64_t to_day) {
  std::lock_guard<std::mutex> lock(*mu_);
  ReadTx read(db_.get());
  LOKA_RETURN_IF_ERROR(CheckStation(db_.get(), station));
  std::string sql =
      "SELECT s.name, s.kind, s.unit, d.day, d.min, d.max, d.sum, d.count FROM sensors s "
      "JOIN daily_readings d ON d.sensor_id = s.id "
      "WHERE s.station_id = ?1 AND d.day >= ?2 AND d.day <= ?3";
  if (!sensor.empty()) {
    LOKA_RETURN_IF_ERROR(SensorId(db_.get(), station, sensor).status());
    sql += " AND s.name = ?4";
  }
  sql += " ORDER BY s.name, d.day";
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), sql));
  st.Bind(1, station).Bind(2, from_day).Bind(3, to_day);
  if (!sensor.empty()) st.Bind(4, sensor);
  return st.Rows([](const Stmt& r) {
    return DailyAggregate{r.Text(0), r.Text(1), r.Text(2), r.Int(3),
                          r.Real(4), r.Real(5), r.Real(6), r.Int(7)};
  });
}

Result<std::vector<RejectionCount>> Store::ListRejections() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT station_id, reason, count, last_at_ms "
                                               "FROM reading_rejections ORDER BY station_id, "
                                               "reason"));
  return st.Rows(
      [](const Stmt& r) { return RejectionCount{r.Text(0), r.Text(1), r.Int(2), r.Int(3)}; });
}

Result<std::vector<std::pair<std::string, int64_t>>> Store::RejectionsByReason() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT reason, SUM(count) FROM "
                                               "reading_rejections GROUP BY reason ORDER BY "
                                               "reason"));
  return st.Rows([](const Stmt& r) { return std::make_pair(r.Text(0), r.Int(1)); });
}

Result<int64_t> Store::PruneReadings(int64_t before_ms) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(ReadingsState * state, Readings());
  ReadingsState& rs = *state;
  rs.ClearCache();  // cut-offs change
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  // Per sensor, so each delete is a range of the primary key.
  std::vector<int64_t> ids;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT id FROM sensors WHERE "
                                                            "pruned_before_ms < ?"));
    st.Bind(1, before_ms);
    for (;;) {
      LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ids.push_back(st.Int(0));
    }
  }
  LOKA_ASSIGN_OR_RETURN(Stmt del, Stmt::Prepare(db_.get(), "DELETE FROM readings WHERE "
                                                           "sensor_id = ? AND time_ms < ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt cut, Stmt::Prepare(db_.get(), "UPDATE sensors SET "
                                                           "pruned_before_ms = ? WHERE id = ?"));
  int64_t deleted = 0;
  for (int64_t id : ids) {
    LOKA_RETURN_IF_ERROR(del.Reset());
    del.Bind(1, id).Bind(2, before_ms);
    LOKA_RETURN_IF_ERROR(del.Run());
    deleted += sqlite3_changes(db_.get());
    LOKA_RETURN_IF_ERROR(cut.Reset());
    cut.Bind(1, before_ms).Bind(2, id);
    LOKA_RETURN_IF_ERROR(cut.Run());
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return deleted;
}

}  // namespace loka::store
