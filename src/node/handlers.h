// The API's request handlers and the route table that binds them (routes.cc). Each handler
// parses and validates its request, calls the store or a capability, and answers JSON.
#ifndef LOKA_NODE_HANDLERS_H_
#define LOKA_NODE_HANDLERS_H_

#include <vector>

#include "core/status.h"
#include "node/context.h"
#include "node/http.h"
#include "node/json_body.h"
#include "node/router.h"

namespace loka::node {

// The API route table. `ctx` may be null when only the table's shape is needed (the OpenAPI
// check); the handlers then must not be called.
std::vector<Route> ApiRoutes(NodeContext* ctx);

// The gauges /metrics reports besides requests: model versions, queue depth, memory.
std::vector<Gauge> NodeGauges(NodeContext& ctx);

Result<Response> HandleHealthz(NodeContext& ctx, const Request& req);
Result<Response> HandleMetrics(NodeContext& ctx, const Request& req);
Result<Response> HandleLangid(NodeContext& ctx, const Request& req);
Result<Response> HandleListModels(NodeContext& ctx, const Request& req);
Result<Response> HandleGetModel(NodeContext& ctx, const Request& req);
Result<Response> HandlePredict(NodeContext& ctx, const Request& req);
Result<Response> HandleTrain(NodeContext& ctx, const Request& req);
Result<Response> HandleRestoreModel(NodeContext& ctx, const Request& req);
Result<Response> HandleDeleteModel(NodeContext& ctx, const Request& req);
Result<Response> HandleListDatasets(NodeContext& ctx, const Request& req);
Result<Response> HandleAppendRows(NodeContext& ctx, const Request& req);
Result<Response> HandleListJobs(NodeContext& ctx, const Request& req);
Result<Response> HandleGetJob(NodeContext& ctx, const Request& req);
Result<Response> HandleCancelJob(NodeContext& ctx, const Request& req);
// Sensor readings and stations (api_readings.cc).
Result<Response> HandlePostReadings(NodeContext& ctx, const Request& req);
Result<Response> HandleReadingRejections(NodeContext& ctx, const Request& req);
Result<Response> HandleListStations(NodeContext& ctx, const Request& req);
Result<Response> HandleGetStation(NodeContext& ctx, const Request& req);
Result<Response> HandlePutStation(NodeContext& ctx, const Request& req);
Result<Response> HandleStationReadings(NodeContext& ctx, const Request& req);
Result<Response> HandleStationDaily(NodeContext& ctx, const Request& req);
// Fields, advice and ET0 (api_fields.cc).
Result<Response> HandleCreateField(NodeContext& ctx, const Request& req);
Result<Response> HandleListFields(NodeContext& ctx, const Request& req);
Result<Response> HandleGetField(NodeContext& ctx, const Request& req);
Result<Response> HandlePutField(NodeContext& ctx, const Request& req);
Result<Response> HandleDeleteField(NodeContext& ctx, const Request& req);
Result<Response> HandleFieldAdvice(NodeContext& ctx, const Request& req);
Result<Response> HandleStationEt0(NodeContext& ctx, const Request& req);
// Alerts (api_alerts.cc).
Result<Response> HandleListAlerts(NodeContext& ctx, const Request& req);
Result<Response> HandleAckAlert(NodeContext& ctx, const Request& req);
// The knowledge base (api_kb.cc).
Result<Response> HandleKbSearch(NodeContext& ctx, const Request& req);
Result<Response> HandleKbListDocuments(NodeContext& ctx, const Request& req);
Result<Response> HandleKbAddDocument(NodeContext& ctx, const Request& req);
Result<Response> HandleKbDeleteDocument(NodeContext& ctx, const Request& req);
// The helpline (api_helpline.cc).
Result<Response> HandlePostMessage(NodeContext& ctx, const Request& req);
Result<Response> HandleListTickets(NodeContext& ctx, const Request& req);
Result<Response> HandleSetTicketDesk(NodeContext& ctx, const Request& req);
Result<Response> HandleGetTicket(NodeContext& ctx, const Request& req);
Result<Response> HandleSetTicketStatus(NodeContext& ctx, const Request& req);
Result<Response> HandleReplyToTicket(NodeContext& ctx, const Request& req);
Result<Response> HandleHelplineStatus(NodeContext& ctx, const Request& req);
Result<Response> HandleRoutingAccuracy(NodeContext& ctx, const Request& req);
Result<Response> HandleAddSubscription(NodeContext& ctx, const Request& req);
Result<Response> HandleListSubscriptions(NodeContext& ctx, const Request& req);
Result<Response> HandleDeleteSubscription(NodeContext& ctx, const Request& req);
Result<Response> HandleKannelIncoming(NodeContext& ctx, const Request& req);
Result<Response> HandleKannelDlr(NodeContext& ctx, const Request& req);
// The egress ledger (api_fed.cc): GET /v1/egress, and its totals for /metrics.
Result<Response> HandleListEgress(NodeContext& ctx, const Request& req);
void AppendEgressGauges(NodeContext& ctx, std::vector<Gauge>* gauges);

// A job as the API shows it (GET /v1/jobs/{id}, the 202 of a train request).
Json JobToJson(const store::JobRecord& job);

// Labelled rows from a body holding {"rows": [{"label": ..., "text": ...}, ...]} or
// {"tsv": "label<TAB>text\n..."}. `found` is false (and OK) when neither field is present.
// Errors: invalid_argument naming the row or line; resource_exhausted past `max_rows`.
Status ReadLabelledRows(const Json& body, size_t max_rows, std::vector<learn::LabelledText>* rows,
                        bool* found);

// Counts the rows and distinct labels of such a body in one pass over its text, without
// building it (a JSON document costs several times its size in memory), and stops as soon as
// either count passes its limit (0: none): resource_exhausted naming the limit. A body that is
// not valid JSON passes, for ParseJsonObject to explain.
Status CheckLabelledRowCounts(std::string_view body, size_t max_rows, size_t max_labels);

}  // namespace loka::node

#endif  // LOKA_NODE_HANDLERS_H_
