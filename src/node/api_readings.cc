// /v1/readings and /v1/stations: ingest batches of sensor readings, list stations and their
// sensors, set station metadata, query raw readings, daily aggregates and rejection counters.
#include "agri/readings.h"
#include "agri/timestamp.h"
#include "core/time.h"
#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"
#include "sense/readings_ingest.h"

namespace loka::node {
namespace {

// Query parameter `name` as ISO-8601 milliseconds; `fallback` when absent.
Result<int64_t> TimeParam(const Request& req, const char* name, int64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  std::optional<int64_t> ms = agri::ParseReadingTime(it->second);
  if (!ms) {
    return InvalidArgument(std::string(name) + ": \"" + it->second.substr(0, 64) +
                           "\" is not an ISO-8601 time (2024-06-01T12:00:00Z)");
  }
  return *ms;
}

Result<int64_t> DateParam(const Request& req, const char* name, int64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  Result<int64_t> day = agri::ParseDate(it->second);
  if (!day.ok()) return day.status().WithPrefix(name);
  return *day;
}

Json StationToJson(const store::StationInfo& s) {
  auto opt = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"id", s.id},
          {"site", s.site},
          {"name", s.name},
          {"lat_deg", opt(s.lat_deg)},
          {"lon_deg", opt(s.lon_deg)},
          {"elevation_m", opt(s.elevation_m)},
          {"utc_offset_min", s.utc_offset_min},
          {"created_at_ms", s.created_at_ms}};
}

Result<Json> StationWithSensors(NodeContext& ctx, const store::StationInfo& s) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::SensorInfo> sensors, ctx.store->ListSensors(s.id));
  Json j = StationToJson(s);
  j["sensors"] = Json::array();
  for (const store::SensorInfo& x : sensors) {
    Json sj = {{"name", x.name},         {"kind", x.kind}, {"unit", x.unit},
               {"readings", x.readings}, {"last_time", nullptr}};
    if (x.last_time_ms > 0) sj["last_time"] = agri::FormatIso8601(x.last_time_ms / 1000);
    if (x.pruned_before_ms > 0) {
      sj["raw_kept_from"] = agri::FormatIso8601(x.pruned_before_ms / 1000);
    }
    j["sensors"].push_back(std::move(sj));
  }
  return j;
}

Result<std::optional<double>> OptionalCoordinate(const Json& body, const char* field, double min,
                                                 double max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  LOKA_ASSIGN_OR_RETURN(double v, OptionalNumber(body, field, 0, min, max));
  return std::optional<double>(v);
}

}  // namespace

Result<Response> HandlePostReadings(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  std::vector<sense::IngestItem> items;
  LOKA_RETURN_IF_ERROR(
      sense::ItemsFromJson(body, ctx.options.max_readings_per_batch, "", &items));
  sense::IngestOptions o;
  o.check.now_ms = ctx.options.clock->NowMs();
  o.check.max_future_skew_ms = ctx.options.readings_max_future_skew_ms;
  o.retention_days = ctx.options.readings_retention_days;
  o.on_stored = ctx.on_readings_stored;  // the alert detectors (sense/alerts.h)
  // Committed (and fsynced, per StoreOptions) before the answer, possibly in one group commit
  // with batches of other requests: acknowledged readings survive a crash.
  Result<sense::IngestReport> report = sense::IngestItems(*ctx.store, items, o);
  if (!report.ok() && report.status().code() == StatusCode::kResourceExhausted) {
    // The commit queue is full (StoreOptions::max_queued_readings): nothing was stored.
    Response busy = ErrorResponse(429, "queue_full", report.status().message());
    busy.headers.emplace_back("Retry-After", "1");
    return busy;
  }
  if (!report.ok()) return report.status();
  ctx.retention->MaybePrune(*ctx.store, ctx.options.clock->NowMs());
  return JsonResponse(Dump(sense::IngestReportToJson(*report)));
}

Result<Response> HandleListStations(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::StationInfo> all, ctx.store->ListStations());
  Json out;
  out["stations"] = Json::array();
  for (const store::StationInfo& s : all) {
    LOKA_ASSIGN_OR_RETURN(Json j, StationWithSensors(ctx, s));
    out["stations"].push_back(std::move(j));
  }
  return JsonResponse(Dump(out));
}

Result<Response> HandleGetStation(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string id, PathStationId(req));
  LOKA_ASSIGN_OR_RETURN(store::StationInfo s, ctx.store->GetStation(id));
  LOKA_ASSIGN_OR_RETURN(Json j, StationWithSensors(ctx, s));
  return JsonResponse(Dump(j));
}

Result<Response> HandlePutStation(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string id, PathStationId(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  store::StationInfo s;
  s.id = id;
  // Fields not given keep their stored values.
  Result<store::StationInfo> old = ctx.store->GetStation(id);
  if (old.ok()) {
    s = *old;
  } else if (old.status().code() != StatusCode::kNotFound) {
    return old.status();
  }
  if (body.contains("site")) {
    LOKA_ASSIGN_OR_RETURN(s.site, RequiredString(body, "site"));
    if (!s.site.empty()) LOKA_RETURN_IF_ERROR(ValidateName(s.site, "site"));
  }
  if (body.contains("name")) {
    LOKA_ASSIGN_OR_RETURN(s.name, RequiredString(body, "name"));
    if (s.name.size() > 200) return InvalidArgument("name: longer than 200 bytes");
  }
  if (body.contains("lat_deg")) {
    LOKA_ASSIGN_OR_RETURN(s.lat_deg, OptionalCoordinate(body, "lat_deg", -90, 90));
  }
  if (body.contains("lon_deg")) {
    LOKA_ASSIGN_OR_RETURN(s.lon_deg, OptionalCoordinate(body, "lon_deg", -180, 180));
  }
  if (body.contains("elevation_m")) {
    LOKA_ASSIGN_OR_RETURN(s.elevation_m, OptionalCoordinate(body, "elevation_m", -500, 9000));
  }
  LOKA_ASSIGN_OR_RETURN(int64_t offset, OptionalInt(body, "utc_offset_min", s.utc_offset_min,
                                                    -12 * 60, 14 * 60));
  s.utc_offset_min = static_cast<int>(offset);
  LOKA_RETURN_IF_ERROR(ctx.store->PutStation(s));
  LOKA_ASSIGN_OR_RETURN(store::StationInfo stored, ctx.store->GetStation(id));
  LOKA_ASSIGN_OR_RETURN(Json j, StationWithSensors(ctx, stored));
  return JsonResponse(Dump(j));
}

Result<Response> HandleStationReadings(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string id, PathStationId(req));
  const auto sensor_it = req.query.find("sensor");
  const std::string sensor = sensor_it == req.query.end() ? "" : sensor_it->second;
  LOKA_ASSIGN_OR_RETURN(int64_t to, TimeParam(req, "to", ctx.options.clock->NowMs() + 1));
  LOKA_ASSIGN_OR_RETURN(int64_t from, TimeParam(req, "from", to - kMsPerDay));
  if (from > to) return InvalidArgument("from is after to");
  const int64_t max_limit = static_cast<int64_t>(ctx.options.max_readings_per_query);
  LOKA_ASSIGN_OR_RETURN(const int64_t limit, IntQuery(req, "limit", 1, max_limit, max_limit));
  // One more than asked tells whether the answer was cut.
  LOKA_ASSIGN_OR_RETURN(std::vector<store::StoredReading> rows,
                        ctx.store->ReadingsInRange(id, sensor, from, to,
                                                   static_cast<size_t>(limit) + 1));
  const bool truncated = rows.size() > static_cast<size_t>(limit);
  if (truncated) rows.pop_back();
  Json list = Json::array();
  for (const store::StoredReading& r : rows) {
    list.push_back({{"sensor", r.sensor}, {"time_ms", r.time_ms}, {"value", r.value}});
  }
  Json out = {{"station", id},
              {"from", agri::FormatIso8601(from / 1000)},
              {"to", agri::FormatIso8601(to / 1000)},
              {"readings", std::move(list)},
              {"truncated", truncated}};
  if (!sensor.empty()) out["sensor"] = sensor;
  return JsonResponse(Dump(out));
}

Result<Response> HandleStationDaily(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(std::string id, PathStationId(req));
  const auto sensor_it = req.query.find("sensor");
  const std::string sensor = sensor_it == req.query.end() ? "" : sensor_it->second;
  LOKA_ASSIGN_OR_RETURN(int64_t to, DateParam(req, "to", UnixDayFromMs(ctx.options.clock->NowMs())));
  LOKA_ASSIGN_OR_RETURN(int64_t from, DateParam(req, "from", to - 29));
  if (from > to) return InvalidArgument("from is after to");
  if (to - from > ctx.options.max_daily_query_days) {
    return InvalidArgument("from..to spans more than " +
                           std::to_string(ctx.options.max_daily_query_days) + " days");
  }
  LOKA_ASSIGN_OR_RETURN(std::vector<store::DailyAggregate> days,
                        ctx.store->DailyInRange(id, sensor, from, to));
  Json list = Json::array();
  for (const store::DailyAggregate& d : days) {
    list.push_back({{"sensor", d.sensor},
                    {"kind", d.kind},
                    {"unit", d.unit},
                    {"date", agri::FormatDate(d.day)},
                    {"min", d.min},
                    {"max", d.max},
                    {"mean", d.sum / static_cast<double>(d.count)},
                    {"sum", d.sum},
                    {"count", d.count}});
  }
  return JsonResponse(Dump(Json{{"station", id},
                                {"from", agri::FormatDate(from)},
                                {"to", agri::FormatDate(to)},
                                {"days", std::move(list)}}));
}

Result<Response> HandleReadingRejections(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::RejectionCount> all, ctx.store->ListRejections());
  Json list = Json::array();
  Json by_reason = Json::object();
  int64_t total = 0;
  for (const store::RejectionCount& r : all) {
    list.push_back({{"station", r.station},
                    {"reason", r.reason},
                    {"count", r.count},
                    {"last_time", agri::FormatIso8601(r.last_at_ms / 1000)}});
    by_reason[r.reason] = by_reason.value(r.reason, int64_t{0}) + r.count;
    total += r.count;
  }
  return JsonResponse(
      Dump(Json{{"total", total}, {"by_reason", std::move(by_reason)}, {"rejections", list}}));
}

}  // namespace loka::node
