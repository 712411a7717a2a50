// The HTTP glue: cpp-httplib in, the node's Request/Response and route table out. Every answer
// is JSON, including the errors cpp-httplib raises itself (malformed request, body too large).
#include "node/node.h"

#include <httplib.h>
#include <netdb.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <set>
#include <thread>

#include "channels/kannel.h"
#include "core/file.h"
#include "node/handlers.h"
#include "node/http_server.h"
#include "node/web_assets.h"
#include "search/knowledge_base.h"
#include "sense/field_advice.h"

#ifdef LOKA_HAVE_LANGID
#include "langid/identifier.h"
#endif

namespace loka::node {

struct Node::Impl {
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<Router> router;
  size_t static_slot = 0;  // metrics slot of the dashboard's files
  int port = 0;
  std::atomic<bool> shutting_down{false};
  std::atomic<bool> serving{false};
};

namespace {

void Log(const NodeOptions& o, const std::string& m) {
  if (o.log) o.log(m);
}

// Loads the active version of every stored model; one that fails to load is logged and skipped
// so a single bad row cannot keep the node from serving the rest.
void LoadModels(NodeContext& ctx) {
  Result<std::vector<store::ModelVersion>> all = ctx.store->ListModelVersions();
  if (!all.ok()) {
    Log(ctx.options, "cannot list models: " + all.status().ToString());
    return;
  }
  for (const store::ModelVersion& v : *all) {
    if (!v.active) continue;
    Result<std::shared_ptr<const ServedModel>> m = LoadActiveModel(*ctx.store, v.name);
    if (!m.ok()) {
      Log(ctx.options, "not serving model " + v.name + ": " + m.status().ToString());
      continue;
    }
    ctx.models.Put(std::move(m).value());
  }
}

Status LoadLangid(NodeContext& ctx) {
  const std::string& path = ctx.options.langid_model_path;
  if (path.empty()) return Status::Ok();
#ifdef LOKA_HAVE_LANGID
  Result<langid::Identifier> id = langid::Identifier::Load(path);
  if (!id.ok()) return id.status().WithPrefix("language-ID model");
  // Shared by every copy of the std::function below; immutable and thread-safe after Load.
  auto shared = std::make_shared<const langid::Identifier>(std::move(id).value());
  ctx.identify = [shared](std::string_view text, const langid::IdentifyOptions& o,
                          langid::LangResult* out) { return shared->Identify(text, o, out); };
#else
  Log(ctx.options, "this build of loka has no language ID; ignoring " + path +
                       " (POST /v1/langid answers 503)");
#endif
  return Status::Ok();
}

// The MQTT destination of the ledger: "mqtt://host:port/<topic>" (fed/link.h writes the same).
std::string MqttDestination(const NodeOptions& o, const std::string& topic) {
  return "mqtt://" + o.mqtt_host + ":" + std::to_string(o.mqtt_port) + "/" + topic;
}

// Alerts on the egress ledger: each webhook attempt that may have sent the document
// (alert_webhook, destination the URL) and each alert published over MQTT (alert_mqtt). Both
// only queue the record (store/egress_ledger.h): the MQTT publisher runs on the readings ingest
// thread, which must never wait on the database for the ledger.
sense::AlertOptions AlertOptionsOf(const NodeContext& ctx) {
  const NodeOptions& o = ctx.options;
  sense::AlertOptions a;
  store::EgressLedger* ledger = ctx.ledger.get();  // outlives the alert service (context.h)
  const Clock* clock = o.clock;
  a.on_webhook_sent = [ledger, clock](const std::string& url, const std::string& body) {
    ledger->Record(store::MakeEgressRow(clock->NowMs(), url, body, "alert_webhook"));
  };
  // Alerts to subscribed phones: queued in the outbox, which the worker polls (no Wake: the
  // worker may not exist yet when MQTT readings arrive).
  helpline::AlertSms* sms = ctx.alert_sms.get();
  if (sms != nullptr) {
    std::function<void(const std::string&)> log = o.log;
    a.on_alerts = [sms, log](const std::vector<store::AlertRecord>& alerts) {
      Result<helpline::AlertSmsReport> r = sms->OnAlerts(alerts);
      if (!log) return;
      if (!r.ok()) {
        log("alert SMS: " + r.status().ToString());
      } else if (r->unfit > 0) {
        log("alert SMS: " + std::to_string(r->unfit) + " text(s) did not fit the SMS budget");
      }
    };
  }
  a.webhook_url = o.alert_webhook_url;
  a.webhook_attempts = o.alert_webhook_attempts;
  a.webhook_timeout_ms = o.alert_webhook_timeout_ms;
  a.webhook_queue = o.alert_webhook_queue;
  a.log = o.log;
  return a;
}

// Irrigation advice to the phones subscribed to a field (helpline/alert_sms.h): after each
// batch, for each station that got new readings and has a field with an irrigation
// subscriber, the fields whose advice says to irrigate on the day the readings are for. One
// indexed query per station when nobody subscribed; the store keeps it to one SMS a day.
void SendIrrigationAdvice(NodeContext& ctx, const std::vector<store::ReadingRow>& rows,
                          const store::InsertReport& report) {
  if (!ctx.alert_sms) return;
  std::set<std::string> stations;
  for (size_t i = 0; i < rows.size() && i < report.outcomes.size(); ++i) {
    if (report.outcomes[i] == store::InsertOutcome::kInserted) stations.emplace(rows[i].station);
  }
  auto fail = [&ctx](const Status& s) {
    if (ctx.options.log) ctx.options.log("irrigation SMS: " + s.ToString());
  };
  for (const std::string& station : stations) {
    Result<std::vector<int64_t>> fields =
        ctx.helpline_store->SubscribedFieldsAt(station, "irrigation");
    if (!fields.ok()) {
      fail(fields.status());
      continue;
    }
    for (int64_t id : *fields) {
      Result<store::FieldRecord> field = ctx.store->GetField(id);
      if (!field.ok()) continue;  // deleted meanwhile
      Result<std::optional<sense::IrrigateToday>> today =
          sense::IrrigateOnLatestDay(*ctx.store, *field);
      if (!today.ok()) {
        fail(today.status());
      } else if (today->has_value()) {
        const Result<helpline::AlertSmsReport> r =
            ctx.alert_sms->OnIrrigateToday(id, (*today)->day, (*today)->gross_mm);
        if (!r.ok()) fail(r.status());
      }
    }
  }
}

sense::MqttIngestOptions MqttIngestOptionsOf(const NodeOptions& o) {
  sense::MqttIngestOptions m;
  m.connection.host = o.mqtt_host;
  m.connection.port = o.mqtt_port;
  m.connection.client_id = o.mqtt_client_id;
  m.connection.clean_session = false;  // a persistent session (NodeOptions::mqtt_client_id)
  m.connection.keepalive_s = o.mqtt_keepalive_s;
  m.connection.reconnect_max_delay_s = o.mqtt_reconnect_max_delay_s;
  m.connection.username = o.mqtt_username;
  m.connection.password = o.mqtt_password;
  m.connection.ca_file = o.mqtt_ca_file;
  m.connection.cert_file = o.mqtt_cert_file;
  m.connection.key_file = o.mqtt_key_file;
  m.connection.tls_insecure = o.mqtt_tls_insecure;
  m.site = o.mqtt_site;
  m.max_payload_bytes = o.max_body_bytes;
  m.max_json_depth = o.max_json_depth;
  m.max_readings_per_batch = o.max_readings_per_batch;
  m.max_future_skew_ms = o.readings_max_future_skew_ms;
  m.retention_days = o.readings_retention_days;
  m.store_attempts = o.mqtt_store_attempts;
  m.store_retry_initial_ms = o.mqtt_store_retry_initial_ms;
  m.store_retry_max_ms = o.mqtt_store_retry_max_ms;
  m.clock = o.clock;
  m.log = o.log;
  return m;
}

// The helpline pipeline: its own store connection, the desk model read from the registry on
// every message (a retrained version takes over at once), the language of the node's langid.
Status StartHelpline(NodeContext& ctx) {
  NodeOptions& o = ctx.options;
  o.helpline.clock = o.clock;
  store::StoreOptions so;
  so.clock = o.clock;
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore hs, store::HelplineStore::Open(o.db_path, so));
  ctx.helpline_store = std::make_unique<store::HelplineStore>(std::move(hs));
  NodeContext* raw = &ctx;  // owns the helpline, so outlives its functions
  helpline::LanguageFn language;
  if (ctx.identify) {
    language = [raw](std::string_view text, langid::LangResult* out) {
      return raw->identify(text, langid::IdentifyOptions{}, out);
    };
  }
  const std::string name = o.helpline.desk_model;
  helpline::DeskModelFn desk = [raw, name]() -> helpline::DeskModel {
    std::shared_ptr<const ServedModel> m = name.empty() ? nullptr : raw->models.Get(name);
    if (!m) return {};
    // Aliases the registry's shared version: the model lives while a message uses it.
    return {std::shared_ptr<const learn::Model>(m, &m->model), m->name, m->version};
  };
  LOKA_ASSIGN_OR_RETURN(ctx.helpline,
                        helpline::Helpline::Create(o.helpline, ctx.helpline_store.get(),
                                                   std::move(language), std::move(desk)));
  if (!name.empty() && !ctx.models.Get(name)) {
    Log(o, "helpline: no model named " + name + " yet; tickets wait without a desk");
  }
  if (ctx.kb) {
    std::shared_ptr<search::KnowledgeBase> kb = ctx.kb;
    // The passage count, read at most every kb_size_refresh_ms: no search while it is 0.
    struct Size {
      std::atomic<int64_t> passages{-1};  // -1: not read yet
      std::atomic<int64_t> read_at_ms{0};
    };
    auto size = std::make_shared<Size>();
    const Clock* clock = o.clock;
    const int64_t refresh_ms = o.kb_size_refresh_ms;
    ctx.helpline->SetKnowledgeBase(
        [kb, size, clock, refresh_ms](std::string_view text, std::string_view lang)
            -> Result<std::optional<helpline::KbPassage>> {
          const int64_t now = clock->NowMs();
          if (size->passages.load() < 0 || now - size->read_at_ms.load() >= refresh_ms) {
            LOKA_ASSIGN_OR_RETURN(const int64_t n, kb->Passages());
            size->passages = n;
            size->read_at_ms = now;
          }
          if (size->passages.load() == 0) return std::optional<helpline::KbPassage>();
          search::SearchOptions search;
          search.k = 1;
          if (!lang.empty()) search.languages = {std::string(lang)};
          LOKA_ASSIGN_OR_RETURN(std::vector<search::SearchResult> r, kb->Search(text, search));
          if (r.empty()) return std::optional<helpline::KbPassage>();
          return std::optional<helpline::KbPassage>(
              helpline::KbPassage{std::move(r[0].text), r[0].coverage, std::move(r[0].doc)});
        });
  }
  LOKA_ASSIGN_OR_RETURN(ctx.alert_sms,
                        helpline::AlertSms::Create(o.helpline, ctx.helpline_store.get()));
  // An alert is stored before its SMS are queued; a node stopped between the two sends them
  // now. Alerts still young enough to send are offered again, oldest first: the store queues
  // none twice (the same alert, or within the rate-limit window).
  store::AlertQuery recent;
  recent.since_ms = o.clock->NowMs() - o.helpline.alert_sms_max_age_ms;
  recent.limit = o.helpline.alert_sms_catch_up_limit;
  Result<std::vector<store::AlertRecord>> missed = ctx.store->ListAlerts(recent);
  if (missed.ok()) {
    std::reverse(missed->begin(), missed->end());
    const Result<helpline::AlertSmsReport> r = ctx.alert_sms->OnAlerts(*missed);
    if (!r.ok()) Log(o, "alert SMS at start: " + r.status().ToString());
  } else {
    Log(o, "alert SMS at start: " + missed.status().ToString());
  }
  // The texts retention runs at start, then after messages (api_helpline.cc), hourly at most.
  const Result<int64_t> forgotten = ctx.helpline->MaybeApplyRetention();
  if (!forgotten.ok()) Log(o, "helpline retention: " + forgotten.status().ToString());
  return Status::Ok();
}

// The outbox worker sending through Kannel, once the port (for delivery reports) is known.
Status StartOutbox(NodeContext& ctx, const std::string& node_url) {
  const NodeOptions& o = ctx.options;
  if (o.kannel.username.empty()) return Status::Ok();
  channels::KannelOptions k = o.kannel;
  if (k.dlr_url.empty() && !o.kannel_token.empty()) {
    // The token percent-encoded: a base64 one holds '+', '/' and '=', which a query would
    // read as a space, or as separators.
    k.dlr_url = node_url + "v1/kannel/dlr?token=" + channels::UrlEncode(o.kannel_token) +
                "&outbox={id}&type=%d";
  }
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<channels::KannelGateway> gateway,
                        channels::KannelGateway::Create(std::move(k)));
  ctx.sms_gateway = std::move(gateway);
  ctx.outbox = std::make_unique<helpline::OutboxWorker>(
      ctx.helpline_store.get(), ctx.sms_gateway.get(), o.helpline, o.log, ctx.ledger.get());
  ctx.outbox->Start();
  return Status::Ok();
}

// 127.0.0.0/8, ::1 and "localhost": addresses no other machine can reach.
bool IsLoopback(const std::string& host) {
  return host.rfind("127.", 0) == 0 || host == "::1" || host == "localhost";
}

std::string_view HttpErrorCode(int status) {
  switch (status) {
    case 400: return "invalid_argument";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "resource_exhausted";
    case 414: return "resource_exhausted";
    case 416: return "invalid_argument";
    default: return status >= 500 ? "internal" : "http_error";
  }
}

}  // namespace

Node::Node(std::unique_ptr<NodeContext> ctx) : ctx_(std::move(ctx)), impl_(std::make_unique<Impl>()) {}

Node::~Node() {
  Shutdown();
  if (ctx_->train) ctx_->train->Stop();
  // The MQTT connection goes first (context.h); stop the alerts publishing through it.
  if (ctx_->alerts) ctx_->alerts->SetMqttPublisher(nullptr);
  ctx_->mqtt.reset();
  ctx_->outbox.reset();  // stops sending before the store closes
}

Result<std::unique_ptr<Node>> Node::Create(NodeOptions options, IdentifyFn identify) {
  auto ctx = std::make_unique<NodeContext>();
  ctx->options = std::move(options);
  const NodeOptions& o = ctx->options;
  store::StoreOptions store_options;
  store_options.max_queued_readings = o.readings_max_queued;
  store_options.max_stations = o.readings_max_stations;
  store_options.max_sensors = o.readings_max_sensors;
  store_options.clock = o.clock;
  store_options.max_bytes = o.max_db_bytes;
  Result<store::Store> st = store::Store::Open(o.db_path, store_options);
  if (!st.ok()) return st.status();
  ctx->store = std::make_unique<store::Store>(std::move(st).value());
  Result<int> interrupted =
      ctx->store->FailUnfinishedJobs("interrupted: the node stopped before the job finished");
  if (interrupted.ok() && *interrupted > 0) {
    Log(o, std::to_string(*interrupted) + " unfinished training job(s) marked failed");
  }
  LoadModels(*ctx);
  if (identify) {
    ctx->identify = std::move(identify);
  } else {
    LOKA_RETURN_IF_ERROR(LoadLangid(*ctx));
  }
  {
    search::LanguageFn language;
    if (ctx->identify) {
      NodeContext* raw = ctx.get();  // owns the knowledge base, so outlives this function
      language = [raw](std::string_view text, langid::LangResult* out) {
        return raw->identify(text, langid::IdentifyOptions{}, out);
      };
    }
    search::KbOptions kb_options;
    kb_options.max_document_bytes = o.max_upload_bytes;
    LOKA_ASSIGN_OR_RETURN(search::KnowledgeBase kb,
                          search::KnowledgeBase::Open(o.db_path, std::move(language), kb_options));
    ctx->kb = std::make_shared<search::KnowledgeBase>(std::move(kb));
  }
  LOKA_RETURN_IF_ERROR(StartHelpline(*ctx));
  {
    LOKA_ASSIGN_OR_RETURN(store::FedStore fed, store::FedStore::Open(o.db_path, store_options));
    ctx->fed = std::make_unique<store::FedStore>(std::move(fed));
  }
  ctx->auth = std::make_unique<Authenticator>(ctx->store.get(), o.key_cache_ttl_ms,
                                              o.key_cache_max_entries, *o.clock);
  ctx->train = std::make_unique<TrainQueue>(ctx->store.get(), &ctx->models, ctx->options);
  ctx->retention = std::make_unique<sense::Retention>(o.readings_retention_days, o.log);
  {
    store::EgressLedgerOptions lo;
    lo.log = o.log;
    ctx->ledger = std::make_unique<store::EgressLedger>(ctx->fed.get(), std::move(lo));
    LOKA_ASSIGN_OR_RETURN(ctx->alerts,
                          sense::AlertService::Create(ctx->store.get(), AlertOptionsOf(*ctx)));
    sense::AlertService* a = ctx->alerts.get();  // owned by the context, as is the hook
    NodeContext* raw = ctx.get();  // owns the hook
    ctx->on_readings_stored = [a, raw](const std::vector<store::ReadingRow>& rows,
                                       const store::InsertReport& report) {
      a->OnReadingsStored(rows, report);
      SendIrrigationAdvice(*raw, rows, report);
    };
  }
  if (!o.mqtt_host.empty()) {
    NodeContext* raw = ctx.get();  // owns the MqttIngest, so outlives its callback
    LOKA_ASSIGN_OR_RETURN(
        ctx->mqtt, sense::MqttIngest::Start(
                       MqttIngestOptionsOf(o), ctx->store.get(),
                       [raw] { raw->retention->MaybePrune(*raw->store, raw->options.clock->NowMs()); },
                       ctx->on_readings_stored));
    sense::MqttIngest* mqtt = ctx->mqtt.get();  // destroyed before the alert service (context.h)
    store::EgressLedger* ledger = ctx->ledger.get();  // outlives the MQTT ingest (context.h)
    ctx->alerts->SetMqttPublisher(
        [mqtt, ledger, raw](const std::string& topic, const std::string& payload) {
          ledger->Record(store::MakeEgressRow(raw->options.clock->NowMs(),
                                              MqttDestination(raw->options, topic), payload,
                                              "alert_mqtt"));
          mqtt->Publish(topic, payload);
        });
  }

  std::unique_ptr<Node> node(new Node(std::move(ctx)));  // private constructor
  Impl& impl = *node->impl_;
  LOKA_ASSIGN_OR_RETURN(impl.http, HttpServer::Create(node->ctx_->options));
  impl.router = std::make_unique<Router>(ApiRoutes(node->ctx_.get()));
  std::vector<NodeMetrics::RouteLabel> labels;
  for (const Route& r : impl.router->routes()) labels.push_back({r.method, r.pattern});
  impl.static_slot = labels.size();
  labels.push_back({"GET", "/ (dashboard files)"});
  node->ctx_->metrics = std::make_unique<NodeMetrics>(std::move(labels));
  return node;
}

namespace {

// Reads a request's body on demand, so the route, the key and the size limit are checked
// before any byte is buffered. A body is never read past its limit, nor at all for a refused
// request: the connection is closed after the answer instead (left_unread()).
class BodyReader {
 public:
  enum class Outcome { kOk, kTooLarge, kUnsupported, kFailed };

  // `reader` null: the request has no body.
  BodyReader(const httplib::Request& req, const httplib::ContentReader* reader)
      : req_(req), reader_(reader) {}

  // Reads the whole body into `body` if it has at most `limit` bytes, sized or chunked.
  Outcome Read(size_t limit, std::string* body) {
    body->clear();
    if (reader_ == nullptr || consumed_) return Outcome::kOk;
    consumed_ = true;
    if (req_.is_multipart_form_data()) return Outcome::kUnsupported;
    // A declared length over the limit is refused without reading anything.
    const std::string declared = req_.get_header_value("Content-Length");
    if (!declared.empty() && std::strtoull(declared.c_str(), nullptr, 10) > limit) {
      return Outcome::kTooLarge;
    }
    bool too_large = false;
    const bool ok = (*reader_)([&](const char* data, size_t n) {
      if (body->size() + n > limit) {
        too_large = true;
        body->clear();
        return false;  // stop reading
      }
      body->append(data, n);
      return true;
    });
    if (too_large) return Outcome::kTooLarge;
    if (!ok) return Outcome::kFailed;
    complete_ = true;
    return Outcome::kOk;
  }

  // True when the request had a body and some of it was not read.
  bool left_unread() const { return HasBody(req_) && reader_ != nullptr && !complete_; }

  static bool HasBody(const httplib::Request& req) {
    if (req.has_header("Transfer-Encoding")) return true;
    const std::string length = req.get_header_value("Content-Length");
    return !length.empty() && std::strtoull(length.c_str(), nullptr, 10) > 0;
  }

 private:
  const httplib::Request& req_;
  const httplib::ContentReader* reader_;
  bool consumed_ = false;
  bool complete_ = false;
};

// Why the body's framing is ambiguous, or empty when it is not: Content-Length with
// Transfer-Encoding, Content-Lengths that disagree or are not digits, a transfer coding other
// than chunked. cpp-httplib would pick one reading (chunked over a length, the first of two
// lengths) and a proxy in front may pick another, so the two would split the bytes into
// requests differently (request smuggling; RFC 9112 6.1 and 6.3 say to refuse and close).
// `*status` is 400, or 501 for a coding the node does not implement.
std::string FramingError(const httplib::Request& req, int* status) {
  *status = 400;
  const bool chunked = req.has_header("Transfer-Encoding");
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (chunked && lengths > 0) return "Content-Length and Transfer-Encoding together";
  if (chunked) {
    if (req.get_header_value_count("Transfer-Encoding") > 1 ||
        strcasecmp(req.get_header_value("Transfer-Encoding").c_str(), "chunked") != 0) {
      *status = 501;
      return "Transfer-Encoding \"" + req.get_header_value("Transfer-Encoding").substr(0, 64) +
             "\" is not implemented; send chunked or a Content-Length";
    }
    return "";
  }
  if (lengths == 0) return "";
  const std::string first = req.get_header_value("Content-Length");
  for (size_t i = 0; i < lengths; ++i) {
    const std::string v = req.get_header_value("Content-Length", i);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) {
      return "Content-Length \"" + v.substr(0, 64) + "\" is not a number of bytes";
    }
    if (v != first) return "Content-Length given twice with different values";
  }
  return "";
}

// The dashboard's file at `path`: embedded, or from NodeOptions::web_dir when set.
bool ServeStatic(const NodeOptions& o, const std::string& path, Response* r) {
  if (path.rfind("/v1/", 0) == 0) return false;
  if (!o.web_dir.empty()) {
    const std::string rel = path == "/" ? "/index.html" : path;
    if (rel.find("..") != std::string::npos) return false;
    Result<std::string> bytes = ReadFile(o.web_dir + rel);
    if (!bytes.ok()) return false;
    r->body = std::move(bytes).value();
    r->content_type = std::string(ContentTypeFor(rel));
    return true;
  }
  const WebAsset* a = FindWebAsset(path);
  if (a == nullptr) return false;
  r->body = std::string(a->bytes);
  r->content_type = std::string(a->content_type);
  r->headers.emplace_back("Cache-Control", "no-cache");
  return true;
}

// Answers one request through the route table. Runs on cpp-httplib's worker threads.
Response Dispatch(NodeContext& ctx, const Router& router, const httplib::Request& hreq,
                  BodyReader& body, int* metrics_slot, size_t static_slot) {
  Request req;
  req.method = hreq.method == "HEAD" ? "GET" : hreq.method;
  req.path = hreq.path;
  RouteMatch m = router.Match(req.method, req.path, &req.path_params);
  *metrics_slot = m.index;
  if (m.route == nullptr) {
    Response file;
    if (!m.path_known && ServeStatic(ctx.options, req.path, &file)) {
      if (req.method == "GET") {
        *metrics_slot = static_cast<int>(static_slot);
        return file;
      }
      // A dashboard file is a known path like a route's: another method is a 405, not a 404.
      m.path_known = true;
      m.allow = "GET, HEAD";
    }
    if (m.path_known) {
      Response r = ErrorResponse(405, "method_not_allowed",
                                 "method " + hreq.method + " is not allowed on " + req.path +
                                     "; allowed: " + m.allow);
      r.headers.emplace_back("Allow", m.allow);  // RFC 9110 15.5.6: a 405 carries Allow
      return r;
    }
    return ErrorResponse(404, "not_found", "no route for " + hreq.method + " " + req.path);
  }
  const Route& route = *m.route;
  if (hreq.method == "HEAD" && !route.answers_head) {
    Response r = ErrorResponse(405, "method_not_allowed",
                               "method HEAD is not allowed on " + req.path +
                                   ": its GET changes state; allowed: GET");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  if (route.scope.has_value()) {
    Result<store::Scope> scope = ctx.auth->Authenticate(hreq.get_header_value("Authorization"));
    if (!scope.ok()) {
      if (scope.status().code() == StatusCode::kInvalidArgument ||
          scope.status().code() == StatusCode::kNotFound) {
        Response r = ErrorResponse(401, "unauthenticated", scope.status().message());
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
      }
      return ErrorResponseFor(scope.status());
    }
    if (*scope < *route.scope) {
      return ErrorResponse(403, "permission_denied",
                           std::string(route.method) + " " + route.pattern + " needs a key with scope " +
                               std::string(store::ScopeName(*route.scope)) + "; this key has " +
                               std::string(store::ScopeName(*scope)));
    }
    req.scope = *scope;
  }
  const size_t limit = route.body_limit == BodyLimit::kUpload ? ctx.options.max_upload_bytes
                                                              : ctx.options.max_body_bytes;
  switch (body.Read(limit, &req.body)) {
    case BodyReader::Outcome::kOk:
      break;
    case BodyReader::Outcome::kTooLarge:
      return ErrorResponse(413, "resource_exhausted",
                           "request body is over the limit of " + std::to_string(limit) +
                               " bytes for " + route.pattern);
    case BodyReader::Outcome::kUnsupported:
      return ErrorResponse(415, "unsupported_media_type",
                           "multipart bodies are not accepted; send JSON");
    case BodyReader::Outcome::kFailed:
      return ErrorResponse(400, "invalid_argument",
                           "could not read the request body (malformed, or not sent in time)");
  }
  for (const auto& [k, v] : hreq.params) req.query.emplace(k, v);
  Result<Response> res = route.handler(req);
  if (!res.ok()) {
    if (HttpStatusFor(res.status().code()) >= 500) {
      Log(ctx.options, route.method + " " + req.path + ": " + res.status().ToString());
    }
    return ErrorResponseFor(res.status());
  }
  return std::move(res).value();
}

}  // namespace

namespace {

// Limits and socket options from NodeOptions.
// `listen_fd` receives the listening socket when cpp-httplib creates it.
void ConfigureServer(httplib::Server& svr, const NodeOptions& o, int* listen_fd) {
  // Over this declared length cpp-httplib skips the body itself; the handler answers 413.
  svr.set_payload_max_length(std::max(o.max_body_bytes, o.max_upload_bytes));
  svr.set_keep_alive_max_count(static_cast<size_t>(std::max(1, o.keep_alive_max_requests)));
  svr.set_keep_alive_timeout(o.keep_alive_timeout_s);
  svr.set_read_timeout(o.read_timeout_s);
  svr.set_write_timeout(o.write_timeout_s);
  svr.set_tcp_nodelay(true);
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would let a second node
  // bind the same port and silently take half the traffic.
  svr.set_socket_options([listen_fd](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_fd = sock;
  });
}

// Errors cpp-httplib answers by itself (malformed request line, URI too long) get the same
// JSON shape as the API's. Bodies set by Dispatch are already JSON and pass through.
void InstallErrorHandlers(httplib::Server& svr, NodeContext& ctx) {
  httplib::Server::HandlerWithResponse on_error = [&ctx](const httplib::Request& req,
                                                         httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message = "HTTP error " + std::to_string(res.status);
    if (res.status == 400) message = "malformed HTTP request";
    if (res.status == 404) message = "not found";
    if (res.status == 414) {
      // cpp-httplib's limit, built into the library: the request line and its CRLF.
      message = "request line is over " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) +
                " bytes (the URI is too long); send long values in a request body";
    }
    if (res.status == 413) {
      message = "request body is over the node's hard limit of " +
                std::to_string(std::max(ctx.options.max_body_bytes, ctx.options.max_upload_bytes)) +
                " bytes";
    }
    Response r = ErrorResponse(res.status, HttpErrorCode(res.status), message);
    res.set_content(r.body, r.content_type);
    ctx.metrics->Record(-1, req.method, res.status, 0);
    return httplib::Server::HandlerResponse::Handled;
  };
  svr.set_error_handler(std::move(on_error));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Response r = ErrorResponse(500, "internal", "unexpected exception");
        res.status = 500;
        res.set_content(r.body, r.content_type);
      });
}

}  // namespace

void Node::InstallHandlers() {
  httplib::Server& svr = impl_->http->server();
  // One function answers every request; `reader` is null for requests without a body.
  auto answer = [this](const httplib::Request& hreq, httplib::Response& hres,
                       const httplib::ContentReader* reader) {
    const auto start = std::chrono::steady_clock::now();
    int slot = -1;
    Response res;
    BodyReader body(hreq, reader);
    try {
      res = Dispatch(*ctx_, *impl_->router, hreq, body, &slot, impl_->static_slot);
    } catch (const std::exception& e) {
      res = ErrorResponse(500, "internal", std::string("unexpected exception: ") + e.what());
    }
    if (body.left_unread()) {
      // What the client still sends is never read; the connection cannot carry another request.
      CloseConnectionAfterAnswer();
    }
    hres.status = res.status;
    hres.body = std::move(res.body);
    hres.set_header("Content-Type", res.content_type);
    for (const auto& [k, v] : res.headers) hres.set_header(k, v);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ctx_->metrics->Record(slot, hreq.method, res.status, s);
  };
  httplib::Server::Handler no_body = [answer](const httplib::Request& hreq,
                                              httplib::Response& hres) {
    answer(hreq, hres, nullptr);
  };
  httplib::Server::HandlerWithContentReader with_body =
      [answer](const httplib::Request& hreq, httplib::Response& hres,
               const httplib::ContentReader& reader) { answer(hreq, hres, &reader); };
  // A POST or DELETE without Content-Length or Transfer-Encoding has no body; cpp-httplib
  // would wait for one until the client hangs up, but `curl -X DELETE` sends exactly that.
  // A GET, HEAD or OPTIONS with a body is refused unread: cpp-httplib would buffer it whole.
  // So is a body whose framing is ambiguous (FramingError), with the connection closed.
  NodeMetrics* metrics = ctx_->metrics.get();  // ctx_ outlives impl_ and its server
  svr.set_pre_routing_handler([no_body, metrics](const httplib::Request& req,
                                                 httplib::Response& res) {
    const bool bodiless_method = req.method == "GET" || req.method == "HEAD" ||
                                 req.method == "OPTIONS";
    int framing_status = 400;
    const std::string framing = FramingError(req, &framing_status);
    if (!framing.empty() || (bodiless_method && BodyReader::HasBody(req))) {
      const Response r =
          framing.empty()
              ? ErrorResponse(400, "invalid_argument", req.method + " requests carry no body")
              : ErrorResponse(framing_status,
                              framing_status == 501 ? "unimplemented" : "invalid_argument",
                              framing);
      res.status = r.status;
      res.set_content(r.body, r.content_type);
      CloseConnectionAfterAnswer();
      metrics->Record(-1, req.method, r.status, 0);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (bodiless_method || req.has_header("Content-Length") ||
        req.has_header("Transfer-Encoding")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    no_body(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Handlers with a content reader see the body before cpp-httplib buffers (or, for
  // form-encoded bodies, parses) it.
  const std::string all = ".*";
  svr.Get(all, no_body);
  svr.Options(all, no_body);
  svr.Post(all, with_body);
  svr.Put(all, with_body);
  svr.Patch(all, with_body);
  svr.Delete(all, with_body);
}

Status Node::CheckListenAddress(const NodeOptions& o) {
  const std::string where = o.host + ":" + std::to_string(o.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  // The lookup cpp-httplib makes when it binds.
  const int rc = getaddrinfo(o.host.c_str(), std::to_string(o.port).c_str(), &hints, &found);
  if (rc != 0) return IoError("cannot listen on " + where + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, &freeaddrinfo);
  int error = 0;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    int yes = 1;  // as ConfigureServer's socket: a port in TIME_WAIT is free
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    const bool bound = bind(fd, a->ai_addr, a->ai_addrlen) == 0;
    error = bound ? 0 : errno;
    close(fd);
    if (bound) return Status::Ok();
  }
  return IoError("cannot listen on " + where + ": " + std::strerror(error) +
                 " (the address must be free and belong to this machine)");
}

Status Node::Listen() {
  const NodeOptions& o = ctx_->options;
  httplib::Server& svr = impl_->http->server();
  int listen_fd = -1;
  ConfigureServer(svr, o, &listen_fd);
  InstallHandlers();
  InstallErrorHandlers(svr, *ctx_);
  if (!impl_->http->tls() && !IsLoopback(o.host)) {
    Log(o, "warning: listening on " + o.host + " without TLS: API keys and data cross the " +
               "network in clear; use --tls-cert/--tls-key or a reverse proxy (docs/node.md)");
  }
  if (o.port == 0) {
    const int port = svr.bind_to_any_port(o.host);
    if (port <= 0) return IoError("cannot listen on " + o.host + ": bind failed");
    impl_->port = port;
  } else {
    if (!svr.bind_to_port(o.host, o.port)) {
      return IoError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                     " (address in use or not local?)");
    }
    impl_->port = o.port;
  }
  // Linux lets a listening socket be listened on again to change its backlog.
  if (listen_fd >= 0 && o.listen_backlog > 5) ::listen(listen_fd, o.listen_backlog);
  return StartOutbox(*ctx_, Url());
}

Status Node::Serve() {
  impl_->serving = true;
  Status s;
  if (!impl_->shutting_down) {
    if (!impl_->http->server().listen_after_bind() && !impl_->shutting_down) {
      s = IoError("the HTTP server stopped unexpectedly");
    }
  }
  impl_->http->Stop();  // lets in-flight requests finish
  ctx_->train->Stop();
  impl_->serving = false;
  return s;
}

void Node::Shutdown() {
  impl_->shutting_down = true;
  if (!impl_->http) return;  // Create failed before the server existed
  // Serve may be between its flag check and cpp-httplib marking itself running: wait for one
  // or the other so the stop is never lost.
  for (;;) {
    if (impl_->http->server().is_running()) {
      impl_->http->server().stop();
      return;
    }
    if (!impl_->serving) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

int Node::port() const { return impl_->port; }

std::string Node::Url() const {
  std::string host = ctx_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(impl_->http->tls() ? "https" : "http") + "://" + host + ":" +
         std::to_string(impl_->port) + "/";
}

}  // namespace loka::node
