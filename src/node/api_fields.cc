// /v1/fields (CRUD and irrigation advice) and /v1/stations/{id}/et0: the requests parsed, the
// advice and ET0 computed by the readings pipeline (sense/field_advice.h), the answers printed.
#include <cmath>

#include "agri/advice.h"
#include "agri/crops.h"
#include "agri/timestamp.h"
#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"
#include "sense/field_advice.h"

namespace loka::node {

namespace {

Json Opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json FieldToJson(const store::FieldRecord& f) {
  return {{"id", f.id},
          {"station", f.station},
          {"name", f.name},
          {"crop", f.crop},
          {"planting_date", agri::FormatDate(f.planting_day)},
          {"soil", f.soil},
          {"theta_fc", f.theta_fc},
          {"theta_wp", f.theta_wp},
          {"root_depth_m", Opt(f.root_depth_m)},
          {"irrigation_method", f.irrigation_method},
          {"efficiency", Opt(f.efficiency)},
          {"wetted_fraction", Opt(f.wetted_fraction)},
          {"allowed_depletion", Opt(f.allowed_depletion)},
          {"heat_threshold_c", Opt(f.heat_threshold_c)},
          {"initial_depletion_mm", f.initial_depletion_mm},
          {"created_at_ms", f.created_at_ms},
          {"updated_at_ms", f.updated_at_ms}};
}

Result<std::optional<double>> OptionalRange(const Json& body, const char* name, double lo,
                                            double hi) {
  if (!body.contains(name) || body[name].is_null()) return std::optional<double>();
  LOKA_ASSIGN_OR_RETURN(double v, OptionalNumber(body, name, 0, lo, hi));
  return std::optional<double>(v);
}

// A field from a POST or PUT body; defaults and the checks against agri's tables are
// sense::CompleteField's.
Result<store::FieldRecord> FieldFromJson(const Json& body) {
  store::FieldRecord f;
  LOKA_ASSIGN_OR_RETURN(f.station, RequiredString(body, "station"));
  if (body.contains("name")) {
    LOKA_ASSIGN_OR_RETURN(f.name, RequiredString(body, "name"));
    if (f.name.size() > 200) return InvalidArgument("name: longer than 200 bytes");
  }
  LOKA_ASSIGN_OR_RETURN(f.crop, RequiredString(body, "crop"));
  LOKA_ASSIGN_OR_RETURN(std::string planting, RequiredString(body, "planting_date"));
  Result<int64_t> day = agri::ParseDate(planting);
  if (!day.ok()) return day.status().WithPrefix("planting_date");
  f.planting_day = *day;
  f.soil = sense::kDefaultSoil;
  if (body.contains("soil")) {
    LOKA_ASSIGN_OR_RETURN(f.soil, RequiredString(body, "soil"));
  }
  LOKA_ASSIGN_OR_RETURN(std::optional<double> fc, OptionalRange(body, "theta_fc", 0.01, 0.8));
  LOKA_ASSIGN_OR_RETURN(std::optional<double> wp, OptionalRange(body, "theta_wp", 0, 0.79));
  LOKA_ASSIGN_OR_RETURN(f.root_depth_m, OptionalRange(body, "root_depth_m", 0.05, 10));
  f.irrigation_method = sense::kDefaultIrrigationMethod;
  if (body.contains("irrigation_method")) {
    LOKA_ASSIGN_OR_RETURN(f.irrigation_method, RequiredString(body, "irrigation_method"));
  }
  LOKA_ASSIGN_OR_RETURN(f.efficiency, OptionalRange(body, "efficiency", 0.05, 1));
  LOKA_ASSIGN_OR_RETURN(f.wetted_fraction, OptionalRange(body, "wetted_fraction", 0.01, 1));
  LOKA_ASSIGN_OR_RETURN(f.allowed_depletion, OptionalRange(body, "allowed_depletion", 0.05, 1));
  LOKA_ASSIGN_OR_RETURN(f.heat_threshold_c, OptionalRange(body, "heat_threshold_c", 0, 60));
  LOKA_ASSIGN_OR_RETURN(f.initial_depletion_mm,
                        OptionalNumber(body, "initial_depletion_mm", 0, 0, 10000));
  LOKA_RETURN_IF_ERROR(sense::CompleteField(fc, wp, &f));
  return f;
}

Result<int64_t> FieldId(const Request& req) { return PathId(req, "field id"); }

Json WeatherInputs(const agri::DailyWeather& w) {
  auto o = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  auto n = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return {{"tmax_c", n(w.tmax_c)},           {"tmin_c", n(w.tmin_c)},
          {"rhmax_pct", o(w.rhmax_pct)},     {"rhmin_pct", o(w.rhmin_pct)},
          {"tdew_c", o(w.tdew_c)},           {"wind_m_s", o(w.wind_m_per_s)},
          {"rs_mj_m2", o(w.rs_mj_per_m2_day)}};
}

// A number, or null when it is not known (NaN).
Json NumberOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json Et0DayToJson(const agri::Et0Day& e) {
  Json j = {{"date", agri::FormatDate(e.day)},
            {"et0_mm", NumberOrNull(e.et0_mm)},
            {"method", std::string(agri::Et0MethodName(e.method))}};
  if (!e.note.empty()) j["note"] = e.note;
  if (e.pm) {
    const agri::DailyEt0& p = *e.pm;
    j["intermediates"] = {{"tmean", p.tmean_c},
                          {"pressure", p.pressure_kpa},
                          {"delta", p.delta_kpa_per_c},
                          {"gamma", p.gamma_kpa_per_c},
                          {"es", p.es_kpa},
                          {"ea", p.ea_kpa},
                          {"vpd", p.vpd_kpa},
                          {"ra", p.ra_mj_per_m2_day},
                          {"rs", p.rs_mj_per_m2_day},
                          {"rso", p.rso_mj_per_m2_day},
                          {"rns", p.rns_mj_per_m2_day},
                          {"rnl", p.rnl_mj_per_m2_day},
                          {"rn", p.rn_mj_per_m2_day},
                          {"u2", p.u2_m_per_s},
                          {"humidity_source", std::string(agri::HumiditySourceName(p.humidity_source))},
                          {"radiation_source", std::string(agri::RadiationSourceName(p.radiation_source))},
                          {"wind_source", std::string(agri::WindSourceName(p.wind_source))}};
  }
  return j;
}

Json FieldDayToJson(const agri::FieldDay& d) {
  const agri::BalanceDay& b = d.balance;
  return {{"date", agri::FormatDate(d.day)},
          {"season_day", d.season_day},
          {"et0_mm", d.et0.et0_mm},
          {"et0_method", std::string(agri::Et0MethodName(d.et0.method))},
          {"kc", d.kc.kc},
          {"stage", std::string(agri::GrowthStageName(d.kc.stage))},
          {"root_depth_m", d.root_depth_m},
          {"etc_mm", b.etc_mm},
          {"ks", b.ks},
          {"etc_adj_mm", b.etc_adj_mm},
          {"taw_mm", b.taw_mm},
          {"raw_mm", b.raw_mm},
          {"depletion_mm", b.depletion_mm},
          {"rain_mm", b.rain_mm},
          {"effective_rain_mm", b.effective_rain_mm},
          {"irrigation_mm", b.irrigation_mm},
          {"irrigation_advised_mm", d.irrigation_advised_mm},
          {"deep_percolation_mm", b.deep_percolation_mm},
          {"gdd", d.gdd},
          {"gdd_cumulative", d.gdd_cumulative},
          {"rain_missing", d.rain_missing}};
}

}  // namespace

Result<Response> HandleCreateField(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord f, FieldFromJson(body));
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord stored, ctx.store->CreateField(f));
  Response r = JsonResponse(Dump(FieldToJson(stored)), 201);
  r.headers.emplace_back("Location", "/v1/fields/" + std::to_string(stored.id));
  return r;
}

Result<Response> HandleListFields(NodeContext& ctx, const Request& req) {
  auto it = req.query.find("station");
  const std::string station = it == req.query.end() ? "" : it->second;
  LOKA_ASSIGN_OR_RETURN(std::vector<store::FieldRecord> all, ctx.store->ListFields(station));
  Json out;
  out["fields"] = Json::array();
  for (const store::FieldRecord& f : all) out["fields"].push_back(FieldToJson(f));
  return JsonResponse(Dump(out));
}

Result<Response> HandleGetField(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, FieldId(req));
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord f, ctx.store->GetField(id));
  return JsonResponse(Dump(FieldToJson(f)));
}

Result<Response> HandlePutField(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, FieldId(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord f, FieldFromJson(body));
  f.id = id;
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord stored, ctx.store->UpdateField(f));
  return JsonResponse(Dump(FieldToJson(stored)));
}

Result<Response> HandleDeleteField(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, FieldId(req));
  LOKA_RETURN_IF_ERROR(ctx.store->DeleteField(id));
  return JsonResponse(Dump(Json{{"deleted", id}}));
}

Result<Response> HandleFieldAdvice(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(int64_t id, FieldId(req));
  LOKA_ASSIGN_OR_RETURN(store::FieldRecord f, ctx.store->GetField(id));
  LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> as_of_day, DateQuery(req, "as_of"));
  agri::AdviceOptions options;
  LOKA_ASSIGN_OR_RETURN(options.assume_advice_followed,
                        BoolQuery(req, "assume_advice_followed", true));
  LOKA_ASSIGN_OR_RETURN(sense::StoredFieldAdvice stored,
                        sense::AdviseStoredField(*ctx.store, f, as_of_day, options));
  const agri::FieldAdvice& a = stored.advice;

  Json out;
  out["field"] = FieldToJson(f);
  out["phase"] = std::string(agri::SeasonPhaseName(a.phase));
  out["as_of"] = agri::FormatDate(stored.as_of_day);
  out["season_end"] = agri::FormatDate(stored.season_end_day);
  out["gdd_total"] = a.gdd_total;
  out["balance_start"] =
      a.balance_start_day ? Json(agri::FormatDate(*a.balance_start_day)) : Json(nullptr);
  out["notes"] = a.notes;
  out["assume_advice_followed"] = options.assume_advice_followed;
  Json advice = nullptr;
  if (a.phase == agri::SeasonPhase::kGrowing && !a.days.empty()) {
    const agri::IrrigationOutlook& o = a.irrigation;
    advice = {{"date", agri::FormatDate(o.advice_day)},
              {"irrigate", o.today.irrigate},
              {"irrigate_in_days", o.irrigate_in_days ? Json(*o.irrigate_in_days) : Json(nullptr)},
              {"depletion_mm", o.depletion_mm},
              {"threshold_mm", o.today.threshold_mm},
              {"net_mm", o.planned_net_mm},
              {"gross_mm", o.planned_gross_mm},
              {"efficiency", o.today.efficiency},
              {"wetted_fraction", o.wetted_fraction},
              {"net_on_wetted_area_mm", o.net_on_wetted_area_mm},
              {"outlook_et0_mm_per_day", o.outlook_et0_mm_per_day},
              {"reason", o.reason}};
  }
  out["advice"] = std::move(advice);
  out["days"] = Json::array();
  for (const agri::FieldDay& d : a.days) out["days"].push_back(FieldDayToJson(d));
  out["outlook"] = Json::array();
  for (const agri::FieldDay& d : a.outlook) out["outlook"].push_back(FieldDayToJson(d));
  out["alerts"] = Json::array();
  for (const agri::ThermalAlert& t : a.alerts) {
    out["alerts"].push_back({{"date", agri::FormatDate(t.day)},
                             {"kind", std::string(agri::ThermalAlertKindName(t.kind))},
                             {"severity", std::string(agri::AlertLevelName(t.level))},
                             {"value_c", t.value_c},
                             {"threshold_c", t.threshold_c},
                             {"reason", t.reason}});
  }
  return JsonResponse(Dump(out));
}

Result<Response> HandleStationEt0(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(const std::string id, PathStationId(req));
  LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> from, DateQuery(req, "from"));
  LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> to, DateQuery(req, "to"));
  LOKA_ASSIGN_OR_RETURN(sense::StationEt0 series,
                        sense::StationEt0Series(*ctx.store, id, from, to));
  const agri::Site& site = series.site;
  const std::vector<agri::Et0Day>& et0 = series.et0;
  const std::vector<agri::FieldWeatherDay>& days = series.days;
  Json out;
  out["station"] = id;
  out["lat_deg"] = site.lat_deg;
  out["elevation_m"] = site.elevation_m;
  out["from"] = agri::FormatDate(series.from_day);
  out["to"] = agri::FormatDate(series.to_day);
  out["notes"] = series.notes;
  out["days"] = Json::array();
  for (size_t i = 0; i < et0.size(); ++i) {
    Json j = Et0DayToJson(et0[i]);
    j["inputs"] = WeatherInputs(days[i].weather);
    j["rain_mm"] = days[i].rain_mm ? Json(*days[i].rain_mm) : Json(nullptr);
    out["days"].push_back(std::move(j));
  }
  return JsonResponse(Dump(out));
}

}  // namespace loka::node
