// The sovereignty ledger over HTTP: GET /v1/egress (every payload the node sent off the site,
// store/fed.h), and its totals in /metrics. Parsing and printing only.
#include <cstdint>

#include "node/handlers.h"
#include "node/query.h"
#include "store/fed.h"

namespace loka::node {

Result<Response> HandleListEgress(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(const int64_t limit, IntQuery(req, "limit", 1, 10000, 100));
  LOKA_ASSIGN_OR_RETURN(const int64_t before, IntQuery(req, "before", 1, INT64_MAX, 0));
  LOKA_ASSIGN_OR_RETURN(const int64_t days, IntQuery(req, "days", 1, 3660, 30));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::EgressEntry> entries,
                        ctx.fed->ListEgress(before, static_cast<size_t>(limit)));
  const int64_t today = UnixDayFromMs(ctx.options.clock->NowMs());
  LOKA_ASSIGN_OR_RETURN(std::vector<store::EgressDay> by_day, ctx.fed->EgressByDay(today - days + 1));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::EgressDay> totals, ctx.fed->EgressTotals());
  Json out{{"entries", Json::array()}, {"by_day", Json::array()}, {"totals", Json::array()}};
  for (const store::EgressEntry& e : entries) {
    out["entries"].push_back({{"id", e.id},
                              {"time_ms", e.row.time_ms},
                              {"destination", e.row.destination},
                              {"bytes", e.row.bytes},
                              {"content_hash", e.row.content_hash},
                              {"kind", e.row.kind}});
  }
  for (const store::EgressDay& d : by_day) {
    out["by_day"].push_back({{"day", d.day}, {"kind", d.kind}, {"bytes", d.bytes}, {"messages", d.messages}});
  }
  for (const store::EgressDay& d : totals) {
    out["totals"].push_back({{"kind", d.kind}, {"bytes", d.bytes}, {"messages", d.messages}});
  }
  return JsonResponse(Dump(out));
}

void AppendEgressGauges(NodeContext& ctx, std::vector<Gauge>* g) {
  Result<std::vector<store::EgressDay>> totals = ctx.fed->EgressTotals();
  if (!totals.ok()) return;
  for (const store::EgressDay& d : *totals) {
    g->push_back({"loka_egress_bytes", "Bytes the node sent off the site, by kind (GET /v1/egress).",
                  "kind=\"" + d.kind + "\"", static_cast<double>(d.bytes), /*counter=*/true});
  }
  if (ctx.ledger) {
    g->push_back({"loka_egress_unrecorded_total",
                  "Payloads sent off the site whose ledger record was lost (a full queue or a "
                  "failing store).",
                  "", static_cast<double>(ctx.ledger->unrecorded()), /*counter=*/true});
  }
}

}  // namespace loka::node
