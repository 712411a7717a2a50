// GET /v1/alerts and POST /v1/alerts/{id}/ack: the alerts the readings pipeline raised
// (sense/alerts.h), listed and acknowledged.
#include "agri/timestamp.h"
#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"
#include "sense/alerts.h"

namespace loka::node {
namespace {

Result<int64_t> AlertId(const Request& req) { return PathId(req, "alert id"); }

}  // namespace

Result<Response> HandleListAlerts(NodeContext& ctx, const Request& req) {
  store::AlertQuery q;
  auto it = req.query.find("since");
  if (it != req.query.end() && !it->second.empty()) {
    Result<int64_t> t = agri::ParseIso8601(it->second);
    if (!t.ok()) return t.status().WithPrefix("since");
    q.since_ms = *t * 1000;
  }
  if ((it = req.query.find("kind")) != req.query.end() && !it->second.empty()) {
    LOKA_RETURN_IF_ERROR(sense::CheckAlertKind(it->second));
    q.kind = it->second;
  }
  if ((it = req.query.find("station")) != req.query.end()) q.station = it->second;
  LOKA_ASSIGN_OR_RETURN(q.unacknowledged_only, BoolQuery(req, "unacknowledged", false));
  LOKA_ASSIGN_OR_RETURN(const int64_t limit,
                        IntQuery(req, "limit", 1, 10000, static_cast<int64_t>(q.limit)));
  q.limit = static_cast<size_t>(limit);
  LOKA_ASSIGN_OR_RETURN(std::vector<store::AlertRecord> all, ctx.store->ListAlerts(q));
  Json out;
  out["alerts"] = Json::array();
  for (const store::AlertRecord& a : all) out["alerts"].push_back(sense::AlertToJson(a));
  return JsonResponse(Dump(out));
}

Result<Response> HandleAckAlert(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, AlertId(req));
  LOKA_ASSIGN_OR_RETURN(store::AlertRecord a, ctx.store->AcknowledgeAlert(id));
  return JsonResponse(Dump(sense::AlertToJson(a)));
}

}  // namespace loka::node
