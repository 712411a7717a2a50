// The helpline over HTTP: POST /v1/messages (the JSON webhook for gateways and chat bridges),
// GET /v1/tickets and /v1/tickets/{id} (with its messages), POST /v1/tickets/{id}/desk, .../status
// and .../reply (the Inbox's actions),
// GET /v1/helpline and /v1/helpline/accuracy, the phones subscribed to farm alerts
// (/v1/helpline/subscriptions), and Kannel's calls (GET /v1/kannel/incoming from
// its sms-service, GET /v1/kannel/dlr for delivery reports). Parsing and validation only;
// routing, threading and replies are helpline::Helpline's.
#include <openssl/crypto.h>

#include <optional>
#include <set>

#include "helpline/alert_sms.h"
#include "helpline/helpline.h"
#include "helpline/outbox.h"
#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"

namespace loka::node {
namespace {

Result<helpline::Helpline*> HelplineOf(NodeContext& ctx) {
  if (!ctx.helpline) return Unavailable("the helpline is not running");
  return ctx.helpline.get();
}

std::string Query(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

Json TicketToJson(const store::TicketRecord& t, bool mask) {
  return Json{{"id", t.id},
              {"number", mask ? helpline::MaskNumber(t.number) : t.number},
              {"desk", t.desk},
              {"language", t.language},
              {"probability", t.probability},
              {"status", store::TicketStatusName(t.status)},
              {"model", t.model},
              {"model_version", t.model_version},
              {"messages", t.messages},
              {"text", t.first_text},
              {"created_at_ms", t.created_at_ms},
              {"updated_at_ms", t.updated_at_ms},
              {"last_message_at_ms", t.last_message_at_ms}};
}

Json ResultToJson(const helpline::MessageResult& r) {
  Json out{{"ticket", r.ticket.id},
           {"language", r.language},
           {"desk", r.ticket.desk},
           {"probability", r.ticket.probability},
           {"status", store::TicketStatusName(r.ticket.status)},
           {"duplicate", r.duplicate},
           {"threaded", r.threaded},
           {"reply", nullptr},
           {"reply_encoding", nullptr},
           {"reply_parts", 0}};
  if (r.reply.has_value()) {
    out["reply"] = r.reply->text;
    out["reply_encoding"] = r.reply->encoding;
    out["reply_parts"] = r.reply->parts;
  }
  if (!r.encoding_error.empty()) out["encoding_error"] = r.encoding_error;
  if (!r.answer_doc.empty()) out["answer_doc"] = r.answer_doc;
  return out;
}

Result<helpline::MessageResult> ReceiveAndWake(NodeContext& ctx,
                                               const helpline::IncomingMessage& m) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(helpline::MessageResult r, h->Receive(m));
  if (ctx.outbox && r.reply.has_value() && !r.duplicate) ctx.outbox->Wake();
  // The texts retention (hourly at most; the policy is the helpline's).
  const Result<int64_t> forgotten = h->MaybeApplyRetention();
  if (!forgotten.ok() && ctx.options.log) {
    ctx.options.log("helpline retention: " + forgotten.status().ToString());
  }
  return r;
}

Result<int64_t> TicketId(const Request& req) { return PathId(req, "ticket id"); }

Json SubscriptionToJson(const store::SubscriptionRecord& s, bool mask) {
  return Json{{"id", s.id},
              {"number", mask ? helpline::MaskNumber(s.number) : s.number},
              {"field_id", s.field_id != 0 ? Json(s.field_id) : Json(nullptr)},
              {"station", s.station.empty() ? Json(nullptr) : Json(s.station)},
              {"target_name", s.target_name},
              {"kinds", s.kinds},
              {"language", s.language},
              {"created_at_ms", s.created_at_ms},
              {"updated_at_ms", s.updated_at_ms}};
}

Result<helpline::AlertSms*> AlertSmsOf(NodeContext& ctx) {
  if (!ctx.alert_sms) return Unavailable("the helpline is not running");
  return ctx.alert_sms.get();
}

// Kannel authenticates with a shared token in the URL (its sms-service cannot send headers).
// The refusal to answer, or nullopt when the token is the node's.
std::optional<Response> RefuseKannelToken(const NodeContext& ctx, const Request& req) {
  const std::string& want = ctx.options.kannel_token;
  if (want.empty()) {
    return ErrorResponse(404, "not_found", "the Kannel gateway is not configured (--kannel-token-file)");
  }
  const std::string got = Query(req, "token");
  if (got.size() != want.size() || CRYPTO_memcmp(got.data(), want.data(), want.size()) != 0) {
    return ErrorResponse(403, "permission_denied", "token: not the node's Kannel token");
  }
  return std::nullopt;
}

}  // namespace

Result<Response> HandlePostMessage(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  static const std::set<std::string> kFields = {"from", "text", "channel", "id", "time_ms"};
  for (const auto& [key, value] : body.items()) {
    if (kFields.count(key) == 0) {
      return InvalidArgument("unknown field \"" + key.substr(0, 64) +
                             "\"; expected from, text, channel, id, time_ms");
    }
  }
  helpline::IncomingMessage m;
  LOKA_ASSIGN_OR_RETURN(m.from, RequiredString(body, "from"));
  LOKA_ASSIGN_OR_RETURN(m.text, RequiredString(body, "text"));
  if (body.contains("channel")) {
    LOKA_ASSIGN_OR_RETURN(m.gateway, RequiredString(body, "channel"));
    LOKA_RETURN_IF_ERROR(ValidateName(m.gateway, "channel"));
  }
  if (body.contains("id")) {
    LOKA_ASSIGN_OR_RETURN(m.gateway_id, RequiredString(body, "id"));
    if (m.gateway_id.empty()) {
      return InvalidArgument("id: the gateway's message id is empty; leave id out when there "
                             "is none");
    }
  }
  LOKA_ASSIGN_OR_RETURN(m.received_at_ms, OptionalInt(body, "time_ms", 0, 0, int64_t{1} << 50));
  LOKA_ASSIGN_OR_RETURN(helpline::MessageResult r, ReceiveAndWake(ctx, m));
  return JsonResponse(Dump(ResultToJson(r)), r.duplicate ? 200 : 201);
}

Result<Response> HandleListTickets(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  store::TicketQuery q;
  const std::string status = Query(req, "status");
  if (!status.empty()) {
    LOKA_ASSIGN_OR_RETURN(q.status, store::ParseTicketStatus(status));
  }
  q.desk = Query(req, "desk");
  LOKA_ASSIGN_OR_RETURN(int64_t limit, IntQuery(req, "limit", 1, 1000, 100));
  q.limit = static_cast<size_t>(limit);
  LOKA_ASSIGN_OR_RETURN(q.before_id, IntQuery(req, "before", 1, int64_t{1} << 50, 0));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::TicketRecord> tickets, h->store().ListTickets(q));
  const bool mask = req.scope < store::Scope::kWrite;  // phone numbers: personal data
  Json list = Json::array();
  for (const store::TicketRecord& t : tickets) list.push_back(TicketToJson(t, mask));
  return JsonResponse(Dump(Json{{"tickets", std::move(list)}}));
}

Result<Response> HandleGetTicket(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t id, TicketId(req));
  LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, h->store().GetTicket(id));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::TicketMessage> messages,
                        h->store().ListTicketMessages(id));
  Json list = Json::array();
  for (const store::TicketMessage& m : messages) {
    Json j{{"direction", m.inbound ? "in" : "out"}, {"text", m.text}, {"at_ms", m.at_ms}};
    if (!m.inbound) j["status"] = m.status;
    if (!m.encoding_error.empty()) j["encoding_error"] = m.encoding_error;
    list.push_back(std::move(j));
  }
  const bool mask = req.scope < store::Scope::kWrite;  // phone numbers: personal data
  return JsonResponse(Dump(Json{{"ticket", TicketToJson(t, mask)}, {"messages", std::move(list)}}));
}

Result<Response> HandleSetTicketDesk(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t id, TicketId(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  for (const auto& [key, value] : body.items()) {
    if (key != "desk" && key != "new_desk") {
      return InvalidArgument("unknown field \"" + key.substr(0, 64) +
                             "\"; expected desk, new_desk");
    }
  }
  LOKA_ASSIGN_OR_RETURN(std::string desk, RequiredString(body, "desk"));
  LOKA_ASSIGN_OR_RETURN(bool new_desk, OptionalBool(body, "new_desk", false));
  LOKA_ASSIGN_OR_RETURN(store::CorrectionRecord c, h->SetDesk(id, desk, new_desk));
  LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, h->store().GetTicket(id));
  return JsonResponse(Dump(Json{{"ticket", TicketToJson(t, false)},
                                {"correction", Json{{"id", c.id},
                                                    {"suggested_desk", c.suggested_desk},
                                                    {"suggested_probability",
                                                     c.suggested_probability},
                                                    {"desk", c.desk}}}}));
}

Result<Response> HandleSetTicketStatus(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t id, TicketId(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  LOKA_ASSIGN_OR_RETURN(std::string name, RequiredString(body, "status"));
  LOKA_ASSIGN_OR_RETURN(store::TicketStatus status, store::ParseTicketStatus(name));
  LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, h->SetStatus(id, status));
  return JsonResponse(Dump(Json{{"ticket", TicketToJson(t, false)}}));
}

Result<Response> HandleReplyToTicket(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t id, TicketId(req));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  LOKA_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "text"));
  LOKA_ASSIGN_OR_RETURN(store::OutboxRecord o, h->Reply(id, text));
  if (ctx.outbox) ctx.outbox->Wake();
  LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, h->store().GetTicket(id));
  return JsonResponse(Dump(Json{{"ticket", TicketToJson(t, false)},
                                {"reply", Json{{"id", o.id},
                                               {"text", o.text},
                                               {"encoding", o.encoding},
                                               {"parts", o.parts},
                                               {"status", store::OutboxStatusName(o.status)}}}}),
                      201);
}

Result<Response> HandleHelplineStatus(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  const std::string& name = h->options().desk_model;
  Json out{{"desk_model", name}, {"model_version", nullptr}, {"desks", Json::array()},
           {"threshold", nullptr}, {"tickets", Json::object()}, {"outbox", Json::object()}};
  if (std::shared_ptr<const ServedModel> m = name.empty() ? nullptr : ctx.models.Get(name)) {
    out["model_version"] = m->version;
    out["threshold"] = h->ThresholdFor(m->model);
  }
  LOKA_ASSIGN_OR_RETURN(out["desks"], h->KnownDesks());
  LOKA_ASSIGN_OR_RETURN(auto tickets, h->store().CountTickets());
  for (const auto& [status, n] : tickets) out["tickets"][status] = n;
  LOKA_ASSIGN_OR_RETURN(auto outbox, h->store().CountOutbound());
  for (const auto& [status, n] : outbox) out["outbox"][status] = n;
  return JsonResponse(Dump(out));
}

Result<Response> HandleRoutingAccuracy(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t days, IntQuery(req, "days", 1, 3660, 30));
  LOKA_ASSIGN_OR_RETURN(std::vector<helpline::AccuracyDay> by_day, h->RoutingAccuracy(days));
  Json list = Json::array();
  int64_t reviewed = 0, confirmed = 0;
  for (const helpline::AccuracyDay& d : by_day) {
    list.push_back({{"day", d.day},
                    {"reviewed", d.reviewed},
                    {"confirmed", d.confirmed},
                    {"share", static_cast<double>(d.confirmed) / d.reviewed}});
    reviewed += d.reviewed;
    confirmed += d.confirmed;
  }
  Json share = reviewed > 0 ? Json(static_cast<double>(confirmed) / reviewed) : Json(nullptr);
  return JsonResponse(Dump(Json{{"days", days},
                                {"by_day", std::move(list)},
                                {"reviewed", reviewed},
                                {"confirmed", confirmed},
                                {"share", std::move(share)}}));
}

Result<Response> HandleAddSubscription(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::AlertSms * sms, AlertSmsOf(ctx));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  static const std::set<std::string> kFields = {"number", "field_id", "station", "kinds",
                                                "language"};
  for (const auto& [key, value] : body.items()) {
    if (kFields.count(key) == 0) {
      return InvalidArgument("unknown field \"" + key.substr(0, 64) +
                             "\"; expected number, field_id, station, kinds, language");
    }
  }
  helpline::SubscribeRequest r;
  LOKA_ASSIGN_OR_RETURN(r.number, RequiredString(body, "number"));
  LOKA_ASSIGN_OR_RETURN(r.field_id, OptionalInt(body, "field_id", 0, 1, int64_t{1} << 50));
  if (body.contains("station")) {
    LOKA_ASSIGN_OR_RETURN(r.station, RequiredString(body, "station"));
    if (r.station.empty()) return InvalidArgument("station: expected a station id");
  }
  if (body.contains("kinds")) {
    const Json& kinds = body["kinds"];
    if (!kinds.is_array() || kinds.size() > helpline::kAlertKinds.size()) {
      return InvalidArgument("kinds: expected an array of up to 4 alert kinds");
    }
    for (const Json& k : kinds) {
      if (!k.is_string()) return InvalidArgument("kinds: expected strings");
      r.kinds.push_back(k.get<std::string>());
    }
  }
  if (body.contains("language")) {
    LOKA_ASSIGN_OR_RETURN(r.language, RequiredString(body, "language"));
  }
  LOKA_ASSIGN_OR_RETURN(store::SubscriptionRecord s, sms->Subscribe(r));
  return JsonResponse(Dump(Json{{"subscription", SubscriptionToJson(s, false)}}), 201);
}

Result<Response> HandleListSubscriptions(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t limit, IntQuery(req, "limit", 1, 1000, 100));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::SubscriptionRecord> subs,
                        h->store().ListSubscriptions("", static_cast<size_t>(limit)));
  const bool mask = req.scope < store::Scope::kWrite;  // phone numbers: personal data
  Json list = Json::array();
  for (const store::SubscriptionRecord& s : subs) list.push_back(SubscriptionToJson(s, mask));
  return JsonResponse(Dump(Json{{"subscriptions", std::move(list)}}));
}

Result<Response> HandleDeleteSubscription(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  LOKA_ASSIGN_OR_RETURN(int64_t id, PathId(req, "subscription id"));
  LOKA_RETURN_IF_ERROR(h->store().DeleteSubscription(id));
  return JsonResponse(Dump(Json{{"deleted", id}}));
}

Result<Response> HandleKannelIncoming(NodeContext& ctx, const Request& req) {
  if (std::optional<Response> refused = RefuseKannelToken(ctx, req)) return *refused;
  for (const char* name : {"from", "text"}) {
    if (req.query.count(name) == 0) {
      return InvalidArgument(std::string("missing parameter ") + name + " (the sms-service's " +
                             (name == std::string_view("from") ? "from=%p" : "text=%b") + ")");
    }
  }
  helpline::IncomingMessage m;
  m.gateway = "kannel";
  m.from = Query(req, "from");
  m.text = Query(req, "text");
  m.gateway_id = Query(req, "id");
  if (Query(req, "coding") == "2") {
    m.charset = helpline::Charset::kUcs2;
  } else {
    LOKA_ASSIGN_OR_RETURN(m.charset, helpline::ParseCharset(Query(req, "charset")));
  }
  LOKA_ASSIGN_OR_RETURN(helpline::MessageResult r, ReceiveAndWake(ctx, m));
  // The reply goes out through the outbox (sendsms, with delivery reports); smsbox's own reply
  // is off (max-messages = 0 in its sms-service), so the body is only for logs.
  Response res;
  res.content_type = "text/plain";
  res.body = "ticket " + std::to_string(r.ticket.id);
  return res;
}

Result<Response> HandleKannelDlr(NodeContext& ctx, const Request& req) {
  if (std::optional<Response> refused = RefuseKannelToken(ctx, req)) return *refused;
  LOKA_ASSIGN_OR_RETURN(helpline::Helpline * h, HelplineOf(ctx));
  const std::string outbox = Query(req, "outbox"), type = Query(req, "type");
  LOKA_ASSIGN_OR_RETURN(const int64_t id, ParseId(outbox, "outbox"));
  // Kannel's report types: 1 delivered, 2 failed, 16 rejected by the SMSC; 4 (buffered) and 8
  // (accepted by the SMSC) change nothing.
  store::DeliveryReportOutcome outcome;
  if (type == "1") {
    LOKA_ASSIGN_OR_RETURN(outcome, h->store().MarkDelivery(id, true, ""));
  } else if (type == "2" || type == "16") {
    LOKA_ASSIGN_OR_RETURN(outcome,
                          h->store().MarkDelivery(id, false, "delivery report type " + type));
  } else if (type != "4" && type != "8") {
    return InvalidArgument("type: expected a Kannel delivery report type (1, 2, 4, 8, 16)");
  }
  Json out{{"outbox", id}, {"type", type}, {"applied", outcome.applied}};
  if (!outcome.ignored.empty()) {
    out["ignored"] = outcome.ignored;
    if (ctx.options.log) {
      ctx.options.log("kannel: delivery report type " + type + " ignored: " + outcome.ignored);
    }
  }
  return JsonResponse(Dump(out));
}

}  // namespace loka::node
