// GET /healthz, GET /metrics, GET /v1/jobs, GET /v1/jobs/{id}.
#include <chrono>

#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"

namespace loka::node {
Json JobToJson(const store::JobRecord& j) {
  Json out;
  out["id"] = j.id;
  out["model"] = j.model;
  out["source"] = j.source;
  out["state"] = store::JobStateName(j.state);
  out["progress"] = j.progress;
  out["message"] = j.message;
  out["model_version"] = j.model_version > 0 ? Json(j.model_version) : Json(nullptr);
  Json metrics = Json::parse(j.metrics_json, nullptr, /*allow_exceptions=*/false);
  out["metrics"] = metrics.is_discarded() ? Json::object() : metrics;
  out["created_at_ms"] = j.created_at_ms;
  out["started_at_ms"] = j.started_at_ms > 0 ? Json(j.started_at_ms) : Json(nullptr);
  out["finished_at_ms"] = j.finished_at_ms > 0 ? Json(j.finished_at_ms) : Json(nullptr);
  return out;
}

namespace {

double UptimeSeconds(const NodeContext& ctx) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
}

}  // namespace

Result<Response> HandleHealthz(NodeContext& ctx, const Request&) {
  Json j;
  j["status"] = "ok";
  j["models"] = ctx.models.All().size();
  j["langid"] = static_cast<bool>(ctx.identify);
  j["uptime_s"] = UptimeSeconds(ctx);
  return JsonResponse(Dump(j));
}

std::vector<Gauge> NodeGauges(NodeContext& ctx) {
  std::vector<Gauge> g;
  for (const auto& m : ctx.models.All()) {
    g.push_back({"loka_model_version", "Active version of each served model.",
                 "model=\"" + m->name + "\"", static_cast<double>(m->version)});
  }
  g.push_back({"loka_models_served", "Models loaded and served.", "",
               static_cast<double>(ctx.models.All().size())});
  g.push_back({"loka_train_queue_depth", "Training jobs waiting to start.", "",
               static_cast<double>(ctx.train->queued())});
  g.push_back({"loka_train_queue_capacity", "Training jobs that may wait (train_queue_depth).",
               "", static_cast<double>(ctx.options.train_queue_depth)});
  g.push_back({"loka_train_jobs_running", "Training jobs running now.", "",
               ctx.train->running() ? 1.0 : 0.0});
  g.push_back({"loka_langid_available", "1 when a language-ID model is loaded.", "",
               ctx.identify ? 1.0 : 0.0});
  g.push_back({"loka_process_resident_memory_bytes", "Resident memory of the node.", "",
               ResidentMemoryBytes()});
  if (auto by_reason = ctx.store->RejectionsByReason(); by_reason.ok()) {
    for (const auto& [reason, n] : *by_reason) {
      g.push_back({"loka_readings_rejected",
                   "Readings refused since the database was created, by reason "
                   "(GET /v1/readings/rejections).",
                   "reason=\"" + reason + "\"", static_cast<double>(n)});
    }
  }
  AppendEgressGauges(ctx, &g);
  g.push_back({"loka_uptime_seconds", "Seconds since the node started.", "", UptimeSeconds(ctx)});
  if (ctx.mqtt) {
    const sense::MqttStats m = ctx.mqtt->stats();
    auto total = [&g](const char* name, const char* help, int64_t v) {
      g.push_back({name, help, "", static_cast<double>(v), /*counter=*/true});
    };
    g.push_back({"loka_mqtt_connected", "1 while the MQTT connection is up.", "",
                 m.connected ? 1.0 : 0.0});
    total("loka_mqtt_connects_total", "Successful MQTT (re)connections.", m.connects);
    total("loka_mqtt_connections_refused_total",
          "MQTT connections the broker refused (credentials, not authorised).", m.refused);
    total("loka_mqtt_messages_total", "Messages received on the readings topics.", m.messages);
    total("loka_mqtt_readings_accepted_total", "Readings from MQTT stored.", m.accepted);
    total("loka_mqtt_readings_rejected_total", "Readings (or unreadable messages) from MQTT refused.",
          m.rejected);
    total("loka_mqtt_store_retries_total", "Store tries repeated for MQTT batches.",
          m.store_retries);
    total("loka_mqtt_store_failures_total",
          "MQTT messages acknowledged to the broker but not stored after every retry.",
          m.store_failures);
    total("loka_mqtt_readings_lost_total", "Readings in MQTT messages not stored.",
          m.readings_lost);
  }
  return g;
}

Result<Response> HandleMetrics(NodeContext& ctx, const Request&) {
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = ctx.metrics->Render(NodeGauges(ctx));
  return r;
}

// GET /v1/jobs?limit: the most recent jobs by default, enough for the dashboard's table; at
// most 1000 per answer, as the helpline's lists, so one request stays a few hundred KB.
constexpr int64_t kJobsListDefault = 50;
constexpr int64_t kJobsListMax = 1000;

Result<Response> HandleListJobs(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(const int64_t limit,
                        IntQuery(req, "limit", 1, kJobsListMax, kJobsListDefault));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::JobRecord> jobs,
                        ctx.store->ListJobs(static_cast<int>(limit)));
  Json out;
  out["jobs"] = Json::array();
  for (const store::JobRecord& j : jobs) out["jobs"].push_back(JobToJson(j));
  return JsonResponse(Dump(out));
}

namespace {

Result<int64_t> JobId(const Request& req) { return PathId(req, "job id"); }

}  // namespace

Result<Response> HandleGetJob(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, JobId(req));
  LOKA_ASSIGN_OR_RETURN(store::JobRecord job, ctx.store->GetJob(id));
  return JsonResponse(Dump(JobToJson(job)));
}

Result<Response> HandleCancelJob(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, JobId(req));
  // Finished already: failed_precondition, a 409.
  LOKA_ASSIGN_OR_RETURN(bool cancelled, ctx.train->Cancel(id));
  LOKA_ASSIGN_OR_RETURN(store::JobRecord job, ctx.store->GetJob(id));
  // 200: cancelled now; 202: the running job stops at its next chunk.
  return JsonResponse(Dump(JobToJson(job)), cancelled ? 200 : 202);
}

}  // namespace loka::node
