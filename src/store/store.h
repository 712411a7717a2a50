// The node's only store: one SQLite file in WAL mode holding API keys (hashed), model versions
// (whole model files as blobs, with metrics), labelled datasets, training jobs and sensor
// readings (stations, sensors, raw rows, daily aggregates, rejection counters). The schema is
// versioned (PRAGMA user_version) and migrated forward on Open (store/migrations.h).
//
// Durability contract: every write is one transaction that is committed (and, with the default
// synchronous_full, fsynced) before the method returns OK. A process killed at any instant
// leaves either the whole write or none of it; in particular a model version is visible only
// once its blob, digest and active flag are committed together.
#ifndef LOKA_STORE_STORE_H_
#define LOKA_STORE_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "store/internal/sqlite.h"

namespace loka::store {

// What an API key may do. Each scope includes the ones below it.
enum class Scope { kRead = 1, kWrite = 2, kAdmin = 3 };
std::string_view ScopeName(Scope scope);  // "read", "write", "admin"
// Errors: invalid_argument naming the accepted values.
Result<Scope> ParseScope(std::string_view name);

struct KeyInfo {
  std::string id;  // public part of the key, shown by `loka keys list`
  Scope scope = Scope::kRead;
  std::string note;
  int64_t created_at_ms = 0;  // Unix time
  int64_t revoked_at_ms = 0;  // 0 while the key is valid
};

struct ModelVersion {
  std::string name;
  int64_t version = 0;  // 1, 2, ... per name, never reused while the name has versions
  int64_t created_at_ms = 0;
  int64_t size_bytes = 0;
  std::string metrics_json = "{}";
  bool active = false;  // at most one version per name is active (a partial unique index)
};

struct ModelBlob {
  ModelVersion info;
  std::string bytes;  // the model file, checked against its stored BLAKE2b digest
};

struct Row {
  std::string label;
  std::string text;
};

// Limits on what ReadRows loads; 0: none.
struct RowLimits {
  size_t max_rows = 0;
  size_t max_labels = 0;  // distinct labels
};

struct DatasetInfo {
  std::string name;
  int64_t rows = 0;
  int64_t created_at_ms = 0;
};

// ---- Sensor readings (store/readings.cc). The store knows readings as validated rows in
// canonical units; the checks and the units themselves live in agri/readings.h.
struct StationInfo {
  std::string id;
  std::string site;  // MQTT site the station publishes under ("" when unknown)
  std::string name;
  std::optional<double> lat_deg, lon_deg, elevation_m;
  // Minutes east of UTC of the station's standard time; its days (daily aggregates) run from
  // local midnight to midnight. Fixed once the station has readings.
  int utc_offset_min = 0;
  int64_t created_at_ms = 0;
};

struct SensorInfo {
  std::string station;
  std::string name;  // "soil_moisture.30cm"
  std::string kind;  // "soil_moisture"
  std::string unit;  // canonical unit of the stored values
  int64_t readings = 0;       // ever accepted (pruned raw rows included: from the aggregates)
  int64_t last_time_ms = 0;   // latest raw reading kept, 0 when none
  int64_t pruned_before_ms = 0;  // raw rows before this were deleted; older input is refused
};

// One validated reading to store. The views must stay valid for the call.
struct ReadingRow {
  std::string_view station, sensor, kind, unit;
  int64_t time_ms = 0;
  double value = 0;
};

enum class InsertOutcome : uint8_t {
  kInserted,
  kDuplicate,  // (station, sensor, time) already stored: the first value stays
  kExpired,    // before the sensor's pruned_before_ms: its day is already downsampled
  // A new station or sensor beyond StoreOptions::max_stations or max_sensors: not created,
  // the row not stored.
  kStreamLimit,
};

struct InsertReport {
  int64_t inserted = 0, duplicates = 0, expired = 0, stream_limited = 0;
  std::vector<InsertOutcome> outcomes;  // one per input row, in order
};

struct RejectionCount {
  std::string station;  // "" when the reading named no valid station
  std::string reason;   // agri::RejectReasonName
  int64_t count = 0;
  int64_t last_at_ms = 0;  // when one was last counted
};

struct StoredReading {
  std::string sensor;
  int64_t time_ms = 0;
  double value = 0;
};

struct DailyAggregate {
  std::string sensor, kind, unit;
  int64_t day = 0;  // local day of the station, days since 1970-01-01
  double min = 0, max = 0, sum = 0;
  int64_t count = 0;  // mean = sum / count
};

struct ReadingsState;  // prepared statements and the sensor-id cache (readings.cc)
struct ReadingsStateDeleter {
  void operator()(ReadingsState* s) const;
};

// ---- Fields and alerts (store/fields.cc). Values are validated by the caller (node/);
// the store keeps them as given.
struct FieldRecord {
  int64_t id = 0;  // assigned by CreateField
  std::string station;
  std::string name;
  std::string crop;          // agri::FindCrop id
  int64_t planting_day = 0;  // days since 1970-01-01
  std::string soil;          // agri::FindSoilTexture id, or "custom"
  double theta_fc = 0, theta_wp = 0;  // m3/m3
  std::optional<double> root_depth_m;  // unset: the crop's default
  std::string irrigation_method;       // agri::IrrigationMethodName
  std::optional<double> efficiency, wetted_fraction, allowed_depletion, heat_threshold_c;
  double initial_depletion_mm = 0;
  int64_t created_at_ms = 0, updated_at_ms = 0;
};

struct AlertRecord {
  int64_t id = 0;         // assigned by InsertAlerts
  int64_t time_ms = 0;    // when the condition was seen (the reading's time)
  int64_t created_at_ms = 0;
  std::string station;
  std::optional<int64_t> field_id;
  std::string sensor;     // "" for field-level alerts
  std::string kind;       // "spike", "stuck", "dropout", "drift", "frost", "heat"
  std::string severity;   // "warning" or "alert"
  std::string reason;
  std::string readings_json = "[]";  // the readings that caused it
  int64_t acknowledged_at_ms = 0;    // 0 until acknowledged
};

struct AlertQuery {
  int64_t since_ms = 0;    // time_ms >= since_ms
  std::string kind;        // "" = any
  std::string station;     // "" = any
  bool unacknowledged_only = false;
  size_t limit = 100;      // most recent first
};

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
// "queued", "running", "done", "failed", "cancelled".
std::string_view JobStateName(JobState state);

struct JobRecord {
  int64_t id = 0;
  std::string model;
  std::string source;  // "body" or "dataset:NAME"
  JobState state = JobState::kQueued;
  double progress = 0;  // [0, 1]
  std::string message;  // the error of a failed job, else a short status
  int64_t model_version = 0;  // set when done
  std::string metrics_json = "{}";
  int64_t created_at_ms = 0, started_at_ms = 0, finished_at_ms = 0;
};

struct StoreOptions {
  // PRAGMA synchronous=FULL: each commit is fsynced, so acknowledged writes survive a power
  // cut, not only a killed process. NORMAL (false) is faster and still safe against SIGKILL.
  bool synchronous_full = true;
  // How long a write waits for another process holding the write lock (e.g. `loka keys add`
  // while the node runs) before failing with failed_precondition.
  int busy_timeout_ms = 5000;
  // Group commit of InsertReadings: readings of the batches waiting for the commit in
  // progress. A batch that would take the queue past this (while it is not empty) is refused
  // with resource_exhausted instead of waiting, so a slow disk cannot make memory or latency
  // grow without bound. It also bounds one merged transaction (this plus one batch).
  size_t max_queued_readings = 100000;
  // The time of created_at_ms, last_at_ms and the other stamps the store writes (tests pass a
  // ManualClock). Not owned; must outlive the store.
  const Clock* clock = &DefaultClock();
  // Stations and sensors (streams) that readings may create; a row that would create one
  // more is refused (InsertOutcome::kStreamLimit). Every stored stream costs memory in its
  // readers (the sensor-id cache here, the node's per-stream detectors), so a client that
  // invents station names cannot make them grow without bound. Stations created by
  // PutStation count but are never refused. 0: no limit.
  int64_t max_stations = 0;
  int64_t max_sensors = 0;
  // The database file grows no larger than this (PRAGMA max_page_count, rounded up to whole
  // pages; a file already larger stays at its size). A write past it fails like a full disk:
  // unavailable, the transaction rolled back, the stored data intact. 0: the disk is the limit.
  int64_t max_bytes = 0;
};

// Thread-safe: every method takes `mu_`, which guards the one connection. Move-only.
class Store {
 public:
  // Opens or creates `path`, switches to WAL, and migrates the schema to the latest version.
  // Errors: io_error (cannot open/create), corrupt (not a database), failed_precondition
  // (the file's schema is newer than this build knows).
  static Result<Store> Open(const std::string& path, const StoreOptions& options = {});

  Store(Store&&) noexcept = default;
  Store& operator=(Store&&) noexcept = default;
  ~Store();

  Result<int> SchemaVersion();

  // ---- API keys. Keys look like "loka_<id>_<secret>"; only a salted BLAKE2b hash of the
  // secret is stored.
  // Creates a key and returns it in clear: the only time it is ever seen. `info` (optional)
  // receives its record.
  Result<std::string> AddKey(Scope scope, std::string_view note, KeyInfo* info = nullptr);
  // The scope of a valid key. Errors: invalid_argument (not a loka key), not_found (unknown,
  // wrong secret or revoked; the message says which, for logs only).
  Result<Scope> VerifyKey(std::string_view key);
  Result<std::vector<KeyInfo>> ListKeys();
  // Errors: not_found for an unknown id; revoking twice is OK.
  Status RevokeKey(std::string_view id);

  // ---- Models.
  // Stores `bytes` as the next version of `name` and makes it the active one, atomically.
  Result<ModelVersion> PutModel(std::string_view name, std::string_view bytes,
                                std::string_view metrics_json);
  // The active version. Errors: not_found, corrupt (digest mismatch).
  Result<ModelBlob> ActiveModel(std::string_view name);
  // Every stored version of every model (without bytes), by name then version.
  Result<std::vector<ModelVersion>> ListModelVersions();
  // Makes the highest version below the active one active (the newer one stays stored,
  // inactive). Errors: not_found (no such model), failed_precondition (no older version).
  Result<ModelVersion> RestorePreviousModel(std::string_view name);
  // Deletes every version of `name`. Errors: not_found.
  Status DeleteModel(std::string_view name);

  // ---- Datasets: named lists of labelled rows, appended to in batches.
  // Appends `rows` (creating the dataset) and returns its new row count.
  // `max_total_rows` (0: none) caps the dataset: an append that would take it past the cap
  // is refused whole with resource_exhausted, before anything is written.
  Result<int64_t> AppendRows(std::string_view name, const std::vector<Row>& rows,
                             size_t max_total_rows = 0);
  // The rows of dataset `name` in order. Rows and distinct labels are counted first, in the
  // same read transaction, so a dataset over `limits` is refused (resource_exhausted naming
  // the count and the limit) before any row is read into memory. Errors: not_found.
  Result<std::vector<Row>> ReadRows(std::string_view name, const RowLimits& limits = {});
  Result<std::vector<DatasetInfo>> ListDatasets();

  // ---- Training jobs.
  Result<JobRecord> CreateJob(std::string_view model, std::string_view source);
  Status StartJob(int64_t id);
  Status SetJobProgress(int64_t id, double progress);
  Status FinishJob(int64_t id, int64_t model_version, std::string_view metrics_json);
  Status FailJob(int64_t id, std::string_view message);
  Status CancelJob(int64_t id, std::string_view message);
  // Errors: not_found.
  Result<JobRecord> GetJob(int64_t id);
  // Most recent first.
  Result<std::vector<JobRecord>> ListJobs(int limit);
  // The dataset (its name) of `model`'s most recent finished training from a stored dataset;
  // "" when none was (trained from a request's rows, seeded, or federated).
  Result<std::string> LastTrainingDataset(std::string_view model);
  // Marks every queued or running job failed with `message` (a node restarting after a crash
  // cannot resume them) and returns how many there were.
  Result<int> FailUnfinishedJobs(std::string_view message);

  // ---- Sensor readings (store/readings.cc).
  // Stores a batch: new stations and sensors are created (a new station gets `site`), each
  // row is inserted unless its (station, sensor, time) exists (a duplicate) or it is older
  // than the sensor's retention cut-off (expired), the daily aggregates of the inserted rows
  // are updated, and `rejections` (readings the caller refused, counted per station and
  // reason) are added to the counters, expired rows counted among them under "expired" and
  // rows refused by the stream limits (StoreOptions::max_stations, max_sensors) under
  // "stream_limit" with no station (the station is not stored, so neither are its counters). All
  // or nothing, committed (fsynced under synchronous_full) before it returns OK.
  //
  // Group commit: batches that arrive from other threads while a commit is in progress wait
  // and are then stored together in the next transaction, by one of their callers (one fsync
  // for all). Each batch is still reported on its own, as if it had been committed alone in
  // the order the group was formed (a row of a later batch that an earlier batch of the same
  // group inserted is that later batch's duplicate). Should the merged transaction fail, each
  // of its batches is retried in a transaction of its own, so an error is reported only to
  // the batches that fail alone. Errors: resource_exhausted when the queue is full
  // (StoreOptions::max_queued_readings); the store's own (the batch is then not stored).
  // REQUIRES: rows validated (agri::CheckReading); kind and unit canonical for the sensor.
  Result<InsertReport> InsertReadings(const std::vector<ReadingRow>& rows, std::string_view site,
                                      const std::vector<RejectionCount>& rejections);
  // The group commit's queue at this moment: whether a commit is in progress, and the
  // batches and readings waiting for the next one (tests wait on it instead of sleeping).
  struct CommitQueueStats {
    bool committing = false;
    size_t batches = 0;
    size_t readings = 0;
  };
  CommitQueueStats ReadingsQueueStats() const;
  // Adds to the rejection counters only.
  Status AddRejections(const std::vector<RejectionCount>& rejections);
  // Creates the station or updates its metadata. Errors: failed_precondition when
  // utc_offset_min would change for a station that already has readings.
  Status PutStation(const StationInfo& station);
  // Errors: not_found.
  Result<StationInfo> GetStation(std::string_view id);
  Result<std::vector<StationInfo>> ListStations();  // by id
  // Sensors of `station` by name. Errors: not_found for an unknown station.
  Result<std::vector<SensorInfo>> ListSensors(std::string_view station);
  // Raw readings with from_ms <= time < to_ms, by sensor then time, at most `limit`; `sensor`
  // empty means every sensor. Errors: not_found for an unknown station or sensor.
  Result<std::vector<StoredReading>> ReadingsInRange(std::string_view station,
                                                     std::string_view sensor, int64_t from_ms,
                                                     int64_t to_ms, size_t limit);
  // Daily aggregates with from_day <= day <= to_day, by sensor then day. Errors as above.
  Result<std::vector<DailyAggregate>> DailyInRange(std::string_view station,
                                                   std::string_view sensor, int64_t from_day,
                                                   int64_t to_day);
  // Rejection counters, by station then reason.
  Result<std::vector<RejectionCount>> ListRejections();
  // The counters summed over stations: (reason, count) by reason.
  Result<std::vector<std::pair<std::string, int64_t>>> RejectionsByReason();
  // Retention: deletes raw readings with time < before_ms (their daily aggregates stay) and
  // moves every sensor's cut-off up to before_ms, so a late copy of a deleted reading cannot
  // be counted twice. Returns how many rows were deleted.
  Result<int64_t> PruneReadings(int64_t before_ms);

  // ---- Fields (store/fields.cc).
  // Stores a new field and returns it with its id and times. Errors: not_found when the
  // station does not exist.
  Result<FieldRecord> CreateField(const FieldRecord& field);
  // Errors: not_found.
  Result<FieldRecord> GetField(int64_t id);
  // Every field, or those of `station` when it is non-empty, by id.
  Result<std::vector<FieldRecord>> ListFields(std::string_view station);
  // Replaces every column but id and created_at_ms. Errors: not_found (field or station).
  Result<FieldRecord> UpdateField(const FieldRecord& field);
  // Errors: not_found. The field's alerts stay, with field_id cleared.
  Status DeleteField(int64_t id);

  // ---- Alerts (store/fields.cc).
  // Stores the alerts in one transaction and returns them with ids and created_at_ms.
  Result<std::vector<AlertRecord>> InsertAlerts(const std::vector<AlertRecord>& alerts);
  // Most recent (by time, then id) first.
  Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query);
  // Errors: not_found. Acknowledging twice keeps the first time.
  Result<AlertRecord> AcknowledgeAlert(int64_t id);

  // PRAGMA integrity_check: OK or corrupt with SQLite's report.
  Status CheckIntegrity();

 private:
  // Batches waiting for the next group commit (InsertReadings). The leader, the caller that
  // found no commit in progress, takes every waiting batch, stores them under mu_ and hands
  // each caller its report; `mu` (taken before the store's mu_, never while holding it) guards
  // the other fields.
  struct PendingBatch;  // readings.cc
  struct CommitQueue {
    std::mutex mu;
    std::condition_variable done;  // a group was committed
    std::vector<PendingBatch*> waiting;
    size_t waiting_readings = 0;
    bool committing = false;
    size_t max_readings = 0;  // StoreOptions::max_queued_readings
  };

  Store(internal::DbHandle db, std::unique_ptr<std::mutex> mu, const StoreOptions& options)
      : clock_(options.clock),
        db_(std::move(db)),
        mu_(std::move(mu)),
        queue_(std::make_unique<CommitQueue>()),
        max_stations_(options.max_stations),
        max_sensors_(options.max_sensors) {
    queue_->max_readings = options.max_queued_readings;
  }
  // Stores `group` in one transaction (or, when that fails, each batch in its own) and sets
  // each batch's result. REQUIRES: mu_ not held.
  void CommitGroup(const std::vector<PendingBatch*>& group);
  Status SetJobState(int64_t id, std::string_view sql_set, std::string_view text,
                     int64_t number);

  Result<ReadingsState*> Readings();  // created on first use; REQUIRES: mu_ held

  const Clock* clock_;  // StoreOptions::clock
  internal::DbHandle db_;
  std::unique_ptr<std::mutex> mu_;  // guards db_ and readings_ (in a unique_ptr so Store can move)
  // Statements prepared on db_ (so declared after it: finalized first) and the sensor-id cache.
  std::unique_ptr<ReadingsState, ReadingsStateDeleter> readings_;
  std::unique_ptr<CommitQueue> queue_;  // group commit of readings (in a unique_ptr: movable)
  int64_t max_stations_ = 0, max_sensors_ = 0;  // StoreOptions; 0: no limit
};

// DefaultClock().NowMs() (core/time.h), for callers that take no Clock yet.
int64_t NowMs();

// Removes the database at `path` and the files SQLite keeps beside it (`-wal`, `-shm`,
// `-journal`); a file that is not there is no error. For a caller that created the database
// moments ago and failed before storing anything in it (a node start that fails after the
// store opened), so a failed start leaves nothing behind. Every Store, KnowledgeBase,
// HelplineStore and FedStore on the path must be closed first. Errors: io_error naming a file
// that exists and could not be removed.
Status RemoveDatabaseFiles(const std::string& path);

}  // namespace loka::store

#endif  // LOKA_STORE_STORE_H_
