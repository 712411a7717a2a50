// The node's only store: one SQLite file in WAL mode holding API keys (hashed), model versions
// (whole model files as blobs, with metrics), labelled datasets and training jobs. The schema is
// versioned (PRAGMA user_version) and migrated forward on Open (store/migrations.h).
//
// Durability contract: every write is one transaction that is committed (and, with the default
// synchronous_full, fsynced) before the method returns OK. A process killed at any instant
// leaves either the whole write or none of it; in particular a model version is visible only
// once its blob, digest and active flag are committed together.
#ifndef LOKA_STORE_STORE_H_
#define LOKA_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
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

struct DatasetInfo {
  std::string name;
  int64_t rows = 0;
  int64_t created_at_ms = 0;
};

enum class JobState { kQueued, kRunning, kDone, kFailed };
std::string_view JobStateName(JobState state);  // "queued", "running", "done", "failed"

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
  Result<int64_t> AppendRows(std::string_view name, const std::vector<Row>& rows);
  // Errors: not_found.
  Result<std::vector<Row>> ReadRows(std::string_view name);
  Result<std::vector<DatasetInfo>> ListDatasets();

  // ---- Training jobs.
  Result<JobRecord> CreateJob(std::string_view model, std::string_view source);
  Status StartJob(int64_t id);
  Status SetJobProgress(int64_t id, double progress);
  Status FinishJob(int64_t id, int64_t model_version, std::string_view metrics_json);
  Status FailJob(int64_t id, std::string_view message);
  // Errors: not_found.
  Result<JobRecord> GetJob(int64_t id);
  // Most recent first.
  Result<std::vector<JobRecord>> ListJobs(int limit);
  // Marks every queued or running job failed with `message` (a node restarting after a crash
  // cannot resume them) and returns how many there were.
  Result<int> FailUnfinishedJobs(std::string_view message);

  // PRAGMA integrity_check: OK or corrupt with SQLite's report.
  Status CheckIntegrity();

 private:
  Store(internal::DbHandle db, std::unique_ptr<std::mutex> mu)
      : db_(std::move(db)), mu_(std::move(mu)) {}
  Status SetJobState(int64_t id, std::string_view sql_set, std::string_view text,
                     int64_t number);

  internal::DbHandle db_;
  std::unique_ptr<std::mutex> mu_;  // guards db_ (in a unique_ptr so Store can move)
};

// Milliseconds since the Unix epoch.
int64_t NowMs();

}  // namespace loka::store

#endif  // LOKA_STORE_STORE_H_
