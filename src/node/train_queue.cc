#include "node/train_queue.h"

#include <chrono>

#include "core/log.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/near_duplicates.h"

namespace loka::node {

TrainQueue::TrainQueue(store::Store* store, ModelRegistry* registry, const NodeOptions& options)
    : store_(store), registry_(registry), options_(options), worker_([this] { Work(); }) {}

TrainQueue::~TrainQueue() { Stop(); }

void TrainQueue::Log(const std::string& m) const {
  if (options_.log) options_.log(m);
}

Result<store::JobRecord> TrainQueue::Submit(TrainSpec spec) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return FailedPrecondition("the node is shutting down");
  if (queue_.size() >= options_.train_queue_depth) {
    return ResourceExhausted("training queue is full (" + std::to_string(queue_.size()) +
                             " jobs waiting); try again later");
  }
  LOKA_ASSIGN_OR_RETURN(store::JobRecord job, store_->CreateJob(spec.model, spec.source));
  queue_.push_back(Job{job.id, std::move(spec)});
  cv_.notify_one();
  return job;
}

size_t TrainQueue::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

bool TrainQueue::running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_;
}

Result<bool> TrainQueue::Cancel(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->id != id) continue;
    queue_.erase(it);
    LOKA_RETURN_IF_ERROR(store_->CancelJob(id, "cancelled before it started"));
    return true;
  }
  if (running_ && running_id_ == id) {
    cancel_running_ = true;
    return false;
  }
  LOKA_ASSIGN_OR_RETURN(store::JobRecord job, store_->GetJob(id));
  return FailedPrecondition("job " + std::to_string(id) + " has already finished (" +
                            std::string(store::JobStateName(job.state)) + ")");
}

void TrainQueue::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mu_);
  std::deque<Job> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  cv_.notify_all();
  for (const Job& j : dropped) {
    (void)store_->FailJob(j.id, "canceled: the node shut down before the job started");
  }
  if (worker_.joinable()) worker_.join();
}

void TrainQueue::Work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
      running_id_ = job.id;
      cancel_running_ = false;
    }
    Status s = RunJob(job);
    if (!s.ok() && cancel_running_) {
      (void)store_->CancelJob(job.id, "cancelled while training");
    } else if (!s.ok()) {
      Log("training job " + std::to_string(job.id) + " (" + job.spec.model +
          ") failed: " + s.ToString());
      (void)store_->FailJob(job.id, s.ToString());
    }
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
    running_id_ = 0;
  }
}

Status TrainQueue::RunJob(Job& job) {
  LOKA_RETURN_IF_ERROR(store_->StartJob(job.id));
  std::vector<learn::LabelledText>& all = job.spec.rows;
  // The held-out rows are whole near-duplicate groups in a fixed-seed order
  // (learn::HoldOutGroups): the same for the same rows, blind to the order of the input (labels
  // often come in cycles or blocks), and no held-out row has a twin among the training rows,
  // whose score would flatter the model.
  std::vector<learn::LabelledText> train, holdout;
  const bool hold = all.size() >= options_.min_rows_for_holdout && options_.holdout_fraction > 0;
  std::vector<bool> held(all.size(), false);
  if (hold) {
    learn::NearDuplicateOptions near;
    near.normalize = job.spec.options.normalize;
    LOKA_ASSIGN_OR_RETURN(held, learn::HoldOutGroups(all, options_.holdout_fraction, 0x6c6f6b61, near));
  }
  if (cancel_running_) return FailedPrecondition("training cancelled");
  for (size_t i = 0; i < all.size(); ++i) (held[i] ? holdout : train).push_back(std::move(all[i]));
  all.clear();
  for (learn::LabelledText& r : job.spec.train_only) train.push_back(std::move(r));
  job.spec.train_only.clear();

  learn::TrainOptions opts = job.spec.options;
  opts.max_labels = options_.max_train_labels;
  opts.max_example_passes = options_.max_train_example_passes;
  opts.max_seconds = options_.max_train_seconds;
  opts.max_weights = options_.max_train_weights;
  opts.cancel = &cancel_running_;
  const int64_t id = job.id;
  auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  opts.progress = [this, id, &last](const learn::TrainProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(200) && p.fraction < 1) return;
    last = now;
    (void)store_->SetJobProgress(id, 0.95 * p.fraction);  // the last 5%: evaluate and store
  };
  learn::TrainReport report;
  Stopwatch watch;
  LOKA_ASSIGN_OR_RETURN(learn::ModelData data, learn::Train(train, opts, &report));
  LOKA_ASSIGN_OR_RETURN(std::string bytes, learn::SerializeModel(data));
  LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::FromBytes(bytes, job.spec.model));

  Json metrics = Evaluate(model, hold ? holdout : train);
  // A cancel that came while the model was evaluated still stops it; once stored it is done.
  if (cancel_running_) return FailedPrecondition("training cancelled");
  metrics["evaluated_on"] = hold ? "holdout" : "training";
  metrics["train_examples"] = train.size();
  metrics["holdout_examples"] = holdout.size();
  metrics["labels"] = model.num_labels();
  metrics["epochs"] = report.epochs;
  metrics["dim"] = model.dim();
  metrics["features"] = report.rows;
  metrics["train_seconds"] = watch.Seconds();
  metrics["size_bytes"] = bytes.size();
  for (const auto& [key, value] : job.spec.extra_metrics.items()) metrics[key] = value;
  const std::string metrics_json = Dump(metrics);

  // The model becomes visible in the one transaction that stores it whole; only then served.
  LOKA_ASSIGN_OR_RETURN(store::ModelVersion v,
                        store_->PutModel(job.spec.model, bytes, metrics_json));
  registry_->Put(std::make_shared<const ServedModel>(
      ServedModel{job.spec.model, v.version, std::move(model)}));
  return store_->FinishJob(id, v.version, metrics_json);
}

Json Evaluate(const learn::Model& model, const std::vector<learn::LabelledText>& rows) {
  learn::MetricsBuilder builder;
  std::vector<learn::Prediction> preds;
  for (const learn::LabelledText& r : rows) {
    std::string predicted;
    if (model.Predict(r.text, 1, 0.f, &preds).ok() && !preds.empty()) {
      predicted = model.label(static_cast<size_t>(preds[0].label));
    }
    builder.Add(r.label, predicted);
  }
  const learn::Metrics m = builder.Finish();
  Json j;
  j["examples"] = m.n;
  j["accuracy"] = m.accuracy;
  j["macro_precision"] = m.macro_precision;
  j["macro_recall"] = m.macro_recall;
  j["macro_f1"] = m.macro_f1;
  j["per_label"] = Json::array();
  for (const learn::LabelMetrics& l : m.per_label) {
    j["per_label"].push_back({{"label", l.label},
                              {"support", l.support},
                              {"precision", l.precision},
                              {"recall", l.recall},
                              {"f1", l.f1}});
  }
  return j;
}

}  // namespace loka::node
