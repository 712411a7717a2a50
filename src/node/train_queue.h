// Background training: a bounded queue of jobs and one worker thread that trains each, measures
// it on held-out rows, stores it as the model's next version (one transaction) and swaps it
// into the registry, so it is served as soon as it is stored. Every state change is written
// to the store's jobs table, which GET /v1/jobs/{id} reads.
#ifndef LOKA_NODE_TRAIN_QUEUE_H_
#define LOKA_NODE_TRAIN_QUEUE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "learn/dataset.h"
#include "learn/trainer.h"
#include "node/json_body.h"
#include "node/model_registry.h"
#include "node/options.h"
#include "store/store.h"

namespace loka::node {

struct TrainSpec {
  std::string model;   // name to store the result under
  std::string source;  // "body" or "dataset:NAME", recorded with the job
  std::vector<learn::LabelledText> rows;
  // Rows always trained on and never held out: the helpline's corrections (a person labelled
  // each; few, and exactly what the model got wrong), so the held-out metrics stay measured on
  // the original data.
  std::vector<learn::LabelledText> train_only;
  Json extra_metrics = Json::object();  // merged into the version's metrics
  learn::TrainOptions options;  // `progress` is set by the queue
};

// Thread-safe; `mu_` guards the queue and the flags. Store and registry must outlive it.
class TrainQueue {
 public:
  TrainQueue(store::Store* store, ModelRegistry* registry, const NodeOptions& options);
  ~TrainQueue();  // Stop()

  // Records the job as queued and enqueues it. Errors: resource_exhausted when
  // `train_queue_depth` jobs are already waiting, failed_precondition after Stop(), and the
  // store's errors.
  Result<store::JobRecord> Submit(TrainSpec spec);

  size_t queued() const;
  bool running() const;

  // Cancels job `id`. A waiting job leaves the queue and is marked cancelled before this
  // returns (true); the running one is asked to stop, which RunJob and the trainer see at their
  // next check (between phases, and every 64 to 256 examples within a run), and is then marked
  // cancelled (false: not yet). A running job whose model is already being stored completes as
  // usual. Errors: not_found (no such job),
  // failed_precondition (it has finished: done, failed or cancelled).
  Result<bool> Cancel(int64_t id);

  // Refuses new jobs, marks waiting jobs failed, and waits for the running one to finish.
  // Idempotent.
  void Stop();

 private:
  struct Job {
    int64_t id;
    TrainSpec spec;
  };
  void Work();
  Status RunJob(Job& job);
  void Log(const std::string& m) const;

  store::Store* store_;
  ModelRegistry* registry_;
  const NodeOptions& options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // guarded by mu_
  bool running_ = false;   // guarded by mu_
  int64_t running_id_ = 0;  // guarded by mu_; the job being run, 0 when none
  // Set by Cancel for the running job, read by the trainer between chunks; cleared by the
  // worker before each job (under mu_).
  std::atomic<bool> cancel_running_{false};
  bool stopping_ = false;  // guarded by mu_
  std::mutex stop_mu_;  // serializes Stop(), so only one caller joins `worker_`
  std::thread worker_;
};

// Metrics of `model` on `rows` as a JSON object: accuracy, macro precision/recall/F1 and
// per-label figures.
Json Evaluate(const learn::Model& model, const std::vector<learn::LabelledText>& rows);

}  // namespace loka::node

#endif  // LOKA_NODE_TRAIN_QUEUE_H_
