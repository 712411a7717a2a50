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
      {"POST", "/v1/readings", Scope::kWrite, BodyLimit::kDefault,
       "Ingest a batch of sensor readings", bind(HandlePostReadings)},
      {"GET", "/v1/readings/rejections", Scope::kRead, BodyLimit::kDefault,
       "Rejected-reading counters", bind(HandleReadingRejections)},
      {"GET", "/v1/stations", Scope::kRead, BodyLimit::kDefault, "Stations and their sensors",
       bind(HandleListStations)},
      {"GET", "/v1/stations/{id}", Scope::kRead, BodyLimit::kDefault, "One station",
       bind(HandleGetStation)},
      {"PUT", "/v1/stations/{id}", Scope::kWrite, BodyLimit::kDefault,
       "Create a station or set its metadata", bind(HandlePutStation)},
      {"GET", "/v1/stations/{id}/readings", Scope::kRead, BodyLimit::kDefault,
       "Raw readings of a station", bind(HandleStationReadings)},
      {"GET", "/v1/stations/{id}/daily", Scope::kRead, BodyLimit::kDefault,
       "Daily aggregates of a station", bind(HandleStationDaily)},
      {"GET", "/v1/stations/{id}/et0", Scope::kRead, BodyLimit::kDefault,
       "Daily ET0 of a station with its intermediates", bind(HandleStationEt0)},
      {"POST", "/v1/fields", Scope::kWrite, BodyLimit::kDefault, "Create a field",
       bind(HandleCreateField)},
      {"GET", "/v1/fields", Scope::kRead, BodyLimit::kDefault, "List fields",
       bind(HandleListFields)},
      {"GET", "/v1/fields/{id}", Scope::kRead, BodyLimit::kDefault, "One field",
       bind(HandleGetField)},
      {"PUT", "/v1/fields/{id}", Scope::kWrite, BodyLimit::kDefault, "Replace a field",
       bind(HandlePutField)},
      {"DELETE", "/v1/fields/{id}", Scope::kWrite, BodyLimit::kDefault, "Delete a field",
       bind(HandleDeleteField)},
      {"GET", "/v1/fields/{id}/advice", Scope::kRead, BodyLimit::kDefault,
       "Irrigation advice, water balance and frost/heat alerts of a field",
       bind(HandleFieldAdvice)},
      {"GET", "/v1/alerts", Scope::kRead, BodyLimit::kDefault, "Sensor-fault, frost and heat alerts",
       bind(HandleListAlerts)},
      {"POST", "/v1/alerts/{id}/ack", Scope::kWrite, BodyLimit::kDefault, "Acknowledge an alert",
       bind(HandleAckAlert)},
      {"GET", "/v1/kb/search", Scope::kRead, BodyLimit::kDefault,
       "Search the knowledge base", bind(HandleKbSearch)},
      {"GET", "/v1/kb/documents", Scope::kRead, BodyLimit::kDefault,
       "Documents in the knowledge base", bind(HandleKbListDocuments)},
      {"POST", "/v1/kb/documents", Scope::kWrite, BodyLimit::kUpload,
       "Add or replace a document", bind(HandleKbAddDocument)},
      {"DELETE", "/v1/kb/documents", Scope::kWrite, BodyLimit::kDefault,
       "Delete a document", bind(HandleKbDeleteDocument)},
  };
}

}  // namespace loka::node
