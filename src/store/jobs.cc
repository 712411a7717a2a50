// Training jobs: a durable record of each job's state, progress and outcome.
#include "store/store.h"

namespace loka::store {
namespace {

using internal::Stmt;
using internal::Transaction;

constexpr const char* kJobColumns =
    "id, model, source, state, progress, message, model_version, metrics_json, created_at_ms, "
    "started_at_ms, finished_at_ms, cancelled_at_ms";

JobState ParseState(const std::string& s) {
  if (s == "queued") return JobState::kQueued;
  if (s == "running") return JobState::kRunning;
  if (s == "done") return JobState::kDone;
  return JobState::kFailed;
}

JobRecord ReadJob(const Stmt& st) {
  JobRecord j;
  j.id = st.Int(0);
  j.model = st.Text(1);
  j.source = st.Text(2);
  j.state = ParseState(st.Text(3));
  j.progress = st.Real(4);
  j.message = st.Text(5);
  j.model_version = st.IsNull(6) ? 0 : st.Int(6);
  j.metrics_json = st.Text(7);
  j.created_at_ms = st.Int(8);
  j.started_at_ms = st.IsNull(9) ? 0 : st.Int(9);
  j.finished_at_ms = st.IsNull(10) ? 0 : st.Int(10);
  // A cancelled job is stored as a failed one with the time it was cancelled (migration 5).
  if (j.state == JobState::kFailed && !st.IsNull(11)) j.state = JobState::kCancelled;
  return j;
}

}  // namespace

Result<JobRecord> Store::CreateJob(std::string_view model, std::string_view source) {
  JobRecord j;
  j.model = std::string(model);
  j.source = std::string(source);
  j.created_at_ms = clock_->NowMs();
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "INSERT INTO jobs (model, source, "
                                                            "state, created_at_ms) VALUES (?, ?, "
                                                            "'queued', ?)"));
    st.Bind(1, model).Bind(2, source).Bind(3, j.created_at_ms);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  j.id = sqlite3_last_insert_rowid(db_.get());
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return j;
}

Status Store::SetJobState(int64_t id, std::string_view sql_set, std::string_view text,
                          int64_t number) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "UPDATE jobs SET " +
                                                                std::string(sql_set) +
                                                                " WHERE id = ?4"));
    st.Bind(1, clock_->NowMs()).Bind(2, text).Bind(3, number).Bind(4, id);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  if (sqlite3_changes(db_.get()) == 0) return NotFound("no job " + std::to_string(id));
  return tx.Commit();
}

Status Store::StartJob(int64_t id) {
  return SetJobState(id, "state = 'running', started_at_ms = ?1, message = ?2, progress = ?3",
                     "running", 0);
}

Status Store::SetJobProgress(int64_t id, double progress) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "UPDATE jobs SET progress = ? WHERE "
                                                          "id = ? AND state = 'running'"));
  st.Bind(1, progress).Bind(2, id);
  return st.Run();  // a single statement is its own transaction
}

Status Store::FinishJob(int64_t id, int64_t model_version, std::string_view metrics_json) {
  return SetJobState(id,
                     "state = 'done', finished_at_ms = ?1, metrics_json = ?2, model_version = ?3, "
                     "progress = 1, message = 'done'",
                     metrics_json, model_version);
}

Status Store::FailJob(int64_t id, std::string_view message) {
  return SetJobState(id, "state = 'failed', finished_at_ms = ?1, message = ?2, progress = MIN(progress, ?3)",
                     message, 1);
}

Status Store::CancelJob(int64_t id, std::string_view message) {
  return SetJobState(
      id,
      "state = 'failed', cancelled_at_ms = ?1, finished_at_ms = ?1, message = ?2, "
      "progress = MIN(progress, ?3)",
      message, 1);
}

Result<JobRecord> Store::GetJob(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") + kJobColumns +
                                                              " FROM jobs WHERE id = ?"));
  st.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("no job " + std::to_string(id));
  return ReadJob(st);
}

Result<std::string> Store::LastTrainingDataset(std::string_view model) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT substr(source, 9) FROM jobs WHERE model = ? "
                                               "AND state = 'done' AND substr(source, 1, 8) = "
                                               "'dataset:' ORDER BY id DESC LIMIT 1"));
  st.Bind(1, model);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Text(0) : std::string();
}

Result<std::vector<JobRecord>> Store::ListJobs(int limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") + kJobColumns +
                                                              " FROM jobs ORDER BY id DESC LIMIT ?"));
  st.Bind(1, static_cast<int64_t>(limit));
  return st.Rows([](const Stmt& r) { return ReadJob(r); });
}

Result<int> Store::FailUnfinishedJobs(std::string_view message) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "UPDATE jobs SET state = 'failed', "
                                                            "message = ?, finished_at_ms = ? "
                                                            "WHERE state IN ('queued', "
                                                            "'running')"));
    st.Bind(1, message).Bind(2, clock_->NowMs());
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  const int n = sqlite3_changes(db_.get());
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return n;
}

}  // namespace loka::store
