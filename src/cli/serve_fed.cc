// Federation inside a serving node (cli/serve_fed.h).
#include "cli/serve_fed.h"

#include <utility>
#include <vector>

#include "fed/text_model.h"
#include "learn/model.h"
#include "node/model_registry.h"
#include "text/json.h"

namespace loka::cli {

Status CheckServeFedOptions(const ServeFedOptions& options) {
  if (options.dataset.empty()) return InvalidArgument("--fed needs --fed-dataset");
  if (options.model.empty()) return InvalidArgument("--fed needs --fed-model");
  return Status::Ok();
}

Result<std::unique_ptr<ServeFed>> ServeFed::Start(node::NodeContext* ctx, ServeFedOptions options,
                                                  fed::SigningKey key) {
  LOKA_RETURN_IF_ERROR(CheckServeFedOptions(options));
  store::RowLimits limits;
  limits.max_rows = options.max_rows;
  Result<std::vector<store::Row>> read = ctx->store->ReadRows(options.dataset, limits);
  if (read.status().code() == StatusCode::kNotFound) {
    // The node's datasets are filled over its API: a new site starts the node without --fed first.
    return NotFound("--fed-dataset " + options.dataset + ": no dataset of that name in the node's "
                    "database; add its labelled rows with POST /v1/datasets/" + options.dataset +
                    "/rows (on the node started without --fed), then start it with --fed");
  }
  LOKA_ASSIGN_OR_RETURN(std::vector<store::Row> rows, std::move(read));
  std::vector<learn::LabelledText> data;
  data.reserve(rows.size());
  for (store::Row& r : rows) data.push_back({std::move(r.label), std::move(r.text)});
  std::unique_ptr<ServeFed> self(new ServeFed(ctx, options.model));  // private constructor
  self->fleet_ = options.agent.link.fleet;
  fed::NodeAgentOptions& a = options.agent;
  a.store = ctx->fed.get();
  a.ledger = ctx->ledger.get();
  a.learner.clock = ctx->options.clock;
  a.link.clock = ctx->options.clock;
  if (!a.log) a.log = ctx->options.log;
  ServeFed* raw = self.get();  // owns the agent, so outlives its hook
  a.on_deploy = [raw](const fed::DeployedVersion& d) { raw->Deploy(d); };
  LOKA_ASSIGN_OR_RETURN(self->agent_,
                        fed::NodeAgent::Start(std::move(options.agent), std::move(key),
                                              std::move(options.hub_public_key), std::move(data)));
  return self;
}

ServeFed::~ServeFed() { agent_.reset(); }  // joins the worker before the members it uses go

void ServeFed::Deploy(const fed::DeployedVersion& d) {
  auto log = [this](const std::string& line) {
    if (ctx_->options.log) ctx_->options.log("federation: " + line);
  };
  Result<std::string> bytes = learn::SerializeModel(fed::ToModelData(*d.weights, *d.spec));
  if (!bytes.ok()) {
    log("global version " + std::to_string(d.version) + " not stored: " + bytes.status().ToString());
    return;
  }
  // The same fields a training job stores where they mean the same (accuracy, evaluated_on),
  // so GET /v1/models and the dashboard show a federated version like a local one.
  text::Json metrics = {{"source", "federation"},
                        {"fleet", fleet_},
                        {"global_version", d.version},
                        {"round", d.round},
                        {"accuracy", d.heldout_accuracy},
                        {"previous_accuracy", d.previous_accuracy},
                        {"evaluated_on", "heldout"},
                        {"holdout_examples", d.heldout},
                        {"labels", d.spec->labels.size()},
                        {"size_bytes", bytes->size()}};
  Result<store::ModelVersion> v = node::StoreAndServe(*ctx_->store, ctx_->models, model_,
                                                      std::move(bytes).value(), text::Dump(metrics));
  if (!v.ok()) {
    log("global version " + std::to_string(d.version) + " not stored: " + v.status().ToString());
    return;
  }
  ++deployed_;
  log("serving global version " + std::to_string(d.version) + " as model " + model_ + " v" +
      std::to_string(v->version));
}

}  // namespace loka::cli
