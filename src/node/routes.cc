// The API route table: every route, its scope and body limit, in one place.
#include "node/handlers.h"

namespace loka::node {

std::vector<Route> ApiRoutes(NodeContext* ctx) {
  using store::Scope;
  auto bind = [ctx](Result<Response> (*fn)(NodeContext&, const Request&)) -> Handler {
    return [ctx, fn](const Request& req) { return fn(*ctx, req); };
  };
  const std::optional<Scope> kPublic;
  return {
      {"GET", "/healthz", kPublic, BodyLimit::kDefault, "Liveness and readiness",
       bind(HandleHealthz)},
      {"GET", "/metrics", Scope::kRead, BodyLimit::kDefault, "Prometheus metrics",
       bind(HandleMetrics)},
      {"POST", "/v1/langid", Scope::kRead, BodyLimit::kDefault, "Identify languages",
       bind(HandleLangid)},
      {"GET", "/v1/models", Scope::kRead, BodyLimit::kDefault, "List models and versions",
       bind(HandleListModels)},
      {"GET", "/v1/models/{name}", Scope::kRead, BodyLimit::kDefault, "One model",
       bind(HandleGetModel)},
      {"DELETE", "/v1/models/{name}", Scope::kAdmin, BodyLimit::kDefault,
       "Delete a model and all its versions", bind(HandleDeleteModel)},
      {"POST", "/v1/models/{name}/predict", Scope::kRead, BodyLimit::kDefault, "Classify texts",
       bind(HandlePredict)},
      {"POST", "/v1/models/{name}/train", Scope::kWrite, BodyLimit::kUpload,
       "Train a new version in the background", bind(HandleTrain)},
      {"POST", "/v1/models/{name}/restore", Scope::kWrite, BodyLimit::kDefault,
       "Serve the previous version again", bind(HandleRestoreModel)},
      {"GET", "/v1/datasets", Scope::kRead, BodyLimit::kDefault, "List datasets",
       bind(HandleListDatasets)},
      {"POST", "/v1/datasets/{name}/rows", Scope::kWrite, BodyLimit::kUpload,
       "Append labelled rows", bind(HandleAppendRows)},
      {"GET", "/v1/jobs", Scope::kRead, BodyLimit::kDefault, "Recent training jobs",
       bind(HandleListJobs)},
      {"GET", "/v1/jobs/{id}", Scope::kRead, BodyLimit::kDefault, "One training job",
       bind(HandleGetJob)},
  };
}

}  // namespace loka::node
