// /v1/models: list, get, predict, train (background job; the helpline's corrections join its
// desk model's data), restore, delete.
#include <map>

#include "helpline/corrections.h"
#include "learn/trainer.h"
#include "node/handlers.h"
#include "node/json_body.h"

namespace loka::node {
namespace {

Json VersionToJson(const store::ModelVersion& v) {
  Json metrics = Json::parse(v.metrics_json, nullptr, /*allow_exceptions=*/false);
  return {{"version", v.version},
          {"created_at_ms", v.created_at_ms},
          {"size_bytes", v.size_bytes},
          {"active", v.active},
          {"metrics", metrics.is_discarded() ? Json::object() : metrics}};
}

// {"name", "version" (active), "labels", "metrics" (active), "versions": [...]}, by name.
Result<std::map<std::string, Json>> ModelsJson(NodeContext& ctx) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::ModelVersion> all, ctx.store->ListModelVersions());
  std::map<std::string, Json> out;
  for (const store::ModelVersion& v : all) {
    Json& m = out[v.name];
    if (m.is_null()) {
      m["name"] = v.name;
      m["version"] = nullptr;
      m["labels"] = Json::array();
      m["metrics"] = Json::object();
      m["versions"] = Json::array();
    }
    Json vj = VersionToJson(v);
    if (v.active) {
      m["version"] = v.version;
      m["metrics"] = vj["metrics"];
      m["created_at_ms"] = v.created_at_ms;
      m["size_bytes"] = v.size_bytes;
    }
    m["versions"].push_back(std::move(vj));
  }
  for (auto& [name, m] : out) {
    if (auto served = ctx.models.Get(name)) m["labels"] = served->model.labels();
  }
  return out;
}

Result<std::string> ModelName(const Request& req) {
  const std::string& name = req.path_params.at("name");
  LOKA_RETURN_IF_ERROR(ValidateName(name, "model"));
  return name;
}

Status UnknownModel(const std::string& name) {
  return NotFound("no model named \"" + name + "\"");
}

// The helpline's corrections joined to `spec`'s rows (helpline/corrections.h holds the
// policy): the original rows they relabel dropped, the corrected texts kept apart so training
// never holds them out.
Status JoinHelplineCorrections(NodeContext& ctx, TrainSpec* spec) {
  if (!ctx.helpline) return FailedPrecondition("include_corrections: the helpline is not running");
  LOKA_ASSIGN_OR_RETURN(std::vector<store::CorrectionRecord> corrections,
                        ctx.helpline->store().ListCorrections());
  helpline::JoinedRows joined = helpline::JoinCorrections(std::move(spec->rows), corrections);
  spec->rows = std::move(joined.original);
  spec->train_only = std::move(joined.corrections);
  spec->extra_metrics["corrections"] = {{"texts", joined.corrected_texts},
                                        {"rows", spec->train_only.size()},
                                        {"replaced", joined.replaced},
                                        {"superseded", joined.superseded}};
  return Status::Ok();
}

}  // namespace

Result<Response> HandleListModels(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(auto models, ModelsJson(ctx));
  Json out;
  out["models"] = Json::array();
  for (auto& [name, m] : models) out["models"].push_back(std::move(m));
  return JsonResponse(Dump(out));
}

Result<Response> HandleGetModel(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string name, ModelName(req));
  LOKA_ASSIGN_OR_RETURN(auto models, ModelsJson(ctx));
  auto it = models.find(name);
  if (it == models.end()) return UnknownModel(name);
  return JsonResponse(Dump(it->second));
}

Result<Response> HandlePredict(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string name, ModelName(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  std::vector<std::string> texts;
  bool batch = false;
  LOKA_RETURN_IF_ERROR(ReadTexts(body, ctx.options.max_batch_texts, &texts, &batch));
  LOKA_ASSIGN_OR_RETURN(int64_t k, OptionalInt(body, "k", 1, 1, 1000));
  std::shared_ptr<const ServedModel> served = ctx.models.Get(name);
  if (!served) return UnknownModel(name);
  const learn::Model& model = served->model;

  Json results = Json::array();
  std::vector<learn::Prediction> preds;
  for (size_t i = 0; i < texts.size(); ++i) {
    // An empty or blank text gets no label, as such a line of `loka predict` does, rather than
    // the label prior of a text without known features.
    Status s = model.PredictUnlessBlank(texts[i], static_cast<int>(k), 0.f, &preds);
    if (!s.ok()) return batch ? s.WithPrefix("texts[" + std::to_string(i) + "]") : s;
    Json r;
    r["label"] = preds.empty() ? Json(nullptr) : Json(model.label(preds[0].label));
    r["probability"] = preds.empty() ? 0.f : preds[0].probability;
    r["candidates"] = Json::array();
    for (const learn::Prediction& p : preds) {
      r["candidates"].push_back({{"label", model.label(p.label)}, {"probability", p.probability}});
    }
    if (!batch) {
      r["model"] = name;
      r["version"] = served->version;
      return JsonResponse(Dump(r));
    }
    results.push_back(std::move(r));
  }
  Json out;
  out["model"] = name;
  out["version"] = served->version;
  out["results"] = std::move(results);
  return JsonResponse(Dump(out));
}

Result<Response> HandleTrain(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string name, ModelName(req));
  // Rows and labels are counted before the body is built (several times its size in memory).
  LOKA_RETURN_IF_ERROR(CheckLabelledRowCounts(req.body, ctx.options.max_train_rows,
                                              ctx.options.max_train_labels));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  TrainSpec spec;
  spec.model = name;
  // The helpline's corrections join its desk model's data unless the request says otherwise.
  const bool desk_model = ctx.helpline && ctx.helpline->options().desk_model == name;
  LOKA_ASSIGN_OR_RETURN(bool corrections,
                        OptionalBool(body, "include_corrections", desk_model));
  bool found = false;
  LOKA_RETURN_IF_ERROR(ReadLabelledRows(body, ctx.options.max_train_rows, &spec.rows, &found));
  std::string dataset;
  if (body.contains("dataset")) {
    if (found) return InvalidArgument("give one of \"rows\", \"tsv\" or \"dataset\"");
    LOKA_ASSIGN_OR_RETURN(dataset, RequiredString(body, "dataset"));
    LOKA_RETURN_IF_ERROR(ValidateName(dataset, "dataset"));
  } else if (!found && corrections) {
    // The next version of a model with corrections: its original data is the dataset its
    // latest version was trained from.
    LOKA_ASSIGN_OR_RETURN(dataset, ctx.store->LastTrainingDataset(name));
    if (dataset.empty()) {
      return InvalidArgument("missing training data: give \"rows\", \"tsv\" or \"dataset\" "
                             "(no version of \"" + name + "\" was trained from a stored dataset)");
    }
  }
  if (!dataset.empty()) {
    // Counted by the store before any row is read.
    LOKA_ASSIGN_OR_RETURN(
        std::vector<store::Row> rows,
        ctx.store->ReadRows(dataset, {ctx.options.max_train_rows, ctx.options.max_train_labels}));
    spec.rows.reserve(rows.size());
    for (store::Row& r : rows) spec.rows.push_back({std::move(r.label), std::move(r.text)});
    spec.source = "dataset:" + dataset;
    found = true;
  } else {
    spec.source = "body";
  }
  if (!found) return InvalidArgument("missing training data: give \"rows\", \"tsv\" or \"dataset\"");
  if (corrections) LOKA_RETURN_IF_ERROR(JoinHelplineCorrections(ctx, &spec));
  const size_t total = spec.rows.size() + spec.train_only.size();
  if (ctx.options.max_train_rows != 0 && total > ctx.options.max_train_rows) {
    return ResourceExhausted("training data and corrections have " + std::to_string(total) +
                             " rows; the limit is " + std::to_string(ctx.options.max_train_rows));
  }
  size_t labels = 0;
  {
    std::map<std::string_view, int> seen;
    for (const auto& r : spec.rows) seen[r.label]++;
    for (const auto& r : spec.train_only) seen[r.label]++;
    labels = seen.size();
  }
  LOKA_RETURN_IF_ERROR(learn::CheckLabelCount(labels, total));
  learn::TrainOptions& o = spec.options;
  LOKA_ASSIGN_OR_RETURN(int64_t epochs, OptionalInt(body, "epochs", 0, 0, 1000));
  LOKA_ASSIGN_OR_RETURN(int64_t dim, OptionalInt(body, "dim", o.dim, 1, 512));
  LOKA_ASSIGN_OR_RETURN(double lr, OptionalNumber(body, "lr", o.lr, 1e-4, 10));
  LOKA_ASSIGN_OR_RETURN(int64_t seed, OptionalInt(body, "seed", 1, 0, INT64_MAX));
  o.epochs = static_cast<uint32_t>(epochs);
  o.dim = static_cast<uint32_t>(dim);
  o.lr = static_cast<float>(lr);
  o.seed = static_cast<uint64_t>(seed);
  o.threads = ctx.options.train_threads;

  Result<store::JobRecord> job = ctx.train->Submit(std::move(spec));
  if (!job.ok() && job.status().code() == StatusCode::kResourceExhausted) {
    Response busy = ErrorResponse(429, "queue_full", job.status().message());
    busy.headers.emplace_back("Retry-After", std::to_string(kTrainQueueRetryAfterS));
    return busy;
  }
  if (!job.ok()) return job.status();
  Response r = JsonResponse(Dump(JobToJson(*job)), 202);
  r.headers.emplace_back("Location", "/v1/jobs/" + std::to_string(job->id));
  return r;
}

Result<Response> HandleRestoreModel(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string name, ModelName(req));
  LOKA_ASSIGN_OR_RETURN(store::ModelVersion v, ctx.store->RestorePreviousModel(name));
  Result<std::shared_ptr<const ServedModel>> loaded = LoadActiveModel(*ctx.store, name);
  if (!loaded.ok()) {
    // Stored but not servable: serve nothing rather than a version the store no longer marks
    // active, and say why.
    ctx.models.Erase(name);
    return loaded.status();
  }
  ctx.models.Put(std::move(loaded).value());
  Json out = VersionToJson(v);
  out["name"] = name;
  return JsonResponse(Dump(out));
}

Result<Response> HandleDeleteModel(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string name, ModelName(req));
  LOKA_RETURN_IF_ERROR(ctx.store->DeleteModel(name));
  ctx.models.Erase(name);
  return JsonResponse(Dump(Json{{"deleted", name}}));
}

}  // namespace loka::node
