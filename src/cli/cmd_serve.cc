// `loka serve`: runs the node (HTTP JSON API, dashboard, metrics) until SIGTERM or SIGINT, then
// shuts down gracefully: no new connections, in-flight requests and the running training job
// finish, the store is closed cleanly.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/serve_fed.h"
#include "core/file.h"
#include "langid/identifier.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "node/node.h"
#include "node/train_queue.h"
#include "store/store.h"

namespace loka::cli {
namespace {

struct ServeArgs {
  node::NodeOptions options;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> seed_models;  // NAME=FILE
  std::vector<std::string> seed_evals;   // NAME=TSV
  std::string mqtt;                      // HOST:PORT of the readings broker, empty: off
  std::string mqtt_password_file;        // the broker password's file, empty: none
  std::string kannel;                    // HOST:PORT of smsbox's sendsms, empty: no gateway
  std::string kannel_password_file;      // the sendsms user's password, first line
  std::string kannel_token_file;         // the token Kannel puts in the node's URLs, first line
  // Federation (docs/fed.md): HOST:PORT of the fleet's broker, empty: off; the fleet, this
  // node's id and key file, the hub's public key (hex), the stored dataset that is the local
  // data and the model the accepted global versions become.
  std::string fed, fed_fleet = "default", fed_id, fed_key, fed_hub_key, fed_dataset, fed_model;
  // glibc malloc arenas (M_ARENA_MAX). glibc gives each thread that allocates its own arena,
  // up to 8 per core, and an arena keeps the pages a request freed for its next one: after
  // the demo season (69,000 readings posted in batches of 5,000, each batch's JSON built on
  // whichever of the 64 HTTP threads took it) the node held 70 MB more than before, 64 MB of
  // it in arenas. Two arenas (one per core of the target box) hold 16 MB; 1 held 10 MB but
  // makes every thread take the same malloc lock.
  int malloc_arenas = 2;
};

// Allocations from this size up get their own mapping, returned to the system when freed.
// Without a fixed value glibc raises the threshold to the largest block freed so far (up to
// 32 MiB), after which request bodies and their parsed JSON stay in the arenas. 128 KiB (the
// glibc default before it moves): 3 MB less resident after the demo season.
constexpr int kMallocMmapThresholdBytes = 128 << 10;

// The process's allocator, before any thread starts (docs/node.md, "Memory").
void ConfigureMalloc(int arenas) {
  mallopt(M_ARENA_MAX, arenas);
  mallopt(M_MMAP_THRESHOLD, kMallocMmapThresholdBytes);
}

// The MQTT password: the first line of `path` (without its line end), so it never appears in
// argv or the shell's history. Errors: an unreadable file, an empty password.
Status ReadMqttPassword(const std::string& path, node::NodeOptions* o) {
  if (path.empty()) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  text = text.substr(0, text.find_first_of("\r\n"));
  if (text.empty()) return InvalidArgument("--mqtt-password-file " + path + ": empty password");
  if (o->mqtt_username.empty()) {
    return InvalidArgument("--mqtt-password-file needs --mqtt-username");
  }
  o->mqtt_password = std::move(text);
  return Status::Ok();
}

// --mqtt HOST:PORT (PORT defaults to 1883).
Status ParseMqtt(const std::string& mqtt, node::NodeOptions* o) {
  if (mqtt.empty()) return Status::Ok();
  return ParseBroker("--mqtt", mqtt, &o->mqtt_host, &o->mqtt_port);
}

// --fed and its companions, parsed and checked before the node opens its database: the node's
// agent inside the serving node (cli/serve_fed.h) and its key.
struct Federation {
  ServeFedOptions options;
  fed::SigningKey key;
};

Result<Federation> ParseFederation(const ServeArgs& a) {
  ServeFedOptions o;
  LOKA_RETURN_IF_ERROR(ParseBroker("--fed", a.fed, &o.agent.link.mqtt.host, &o.agent.link.mqtt.port));
  if (a.fed_id.empty() || a.fed_key.empty() || a.fed_hub_key.empty()) {
    return InvalidArgument("--fed needs --fed-id, --fed-key and --fed-hub-key");
  }
  o.agent.link.fleet = a.fed_fleet;
  o.agent.link.mqtt.reconnect_max_delay_s = a.options.mqtt_reconnect_max_delay_s;
  o.agent.learner.node_id = a.fed_id;
  o.dataset = a.fed_dataset;
  o.model = a.fed_model;
  LOKA_ASSIGN_OR_RETURN(o.hub_public_key, fed::PublicKeyFromHex(a.fed_hub_key, "--fed-hub-key"));
  LOKA_RETURN_IF_ERROR(CheckServeFedOptions(o));
  LOKA_ASSIGN_OR_RETURN(fed::SigningKey key, fed::SigningKey::Load(a.fed_key));
  return Federation{std::move(o), std::move(key)};
}

// The helpline's Kannel gateway: --kannel HOST:PORT with the sendsms user, its password and the
// token from files (never argv).
Status ParseKannel(const ServeArgs& a, node::NodeOptions* o) {
  auto first_line = [](const std::string& flag, const std::string& path) -> Result<std::string> {
    LOKA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    text = text.substr(0, text.find_first_of("\r\n"));
    if (text.empty()) return InvalidArgument(flag + " " + path + ": the first line is empty");
    return text;
  };
  if (!a.kannel_token_file.empty()) {
    LOKA_ASSIGN_OR_RETURN(o->kannel_token, first_line("--kannel-token-file", a.kannel_token_file));
  }
  if (a.kannel.empty()) return Status::Ok();
  const size_t colon = a.kannel.rfind(':');
  const long port = colon == std::string::npos ? 0 : std::strtol(a.kannel.c_str() + colon + 1,
                                                                  nullptr, 10);
  if (colon == 0 || port < 1 || port > 65535) {
    return InvalidArgument("--kannel must be HOST:PORT of smsbox's sendsms, got \"" + a.kannel +
                           "\"");
  }
  o->kannel.host = a.kannel.substr(0, colon);
  o->kannel.port = static_cast<int>(port);
  if (o->kannel.username.empty()) return InvalidArgument("--kannel needs --kannel-username");
  if (!a.kannel_password_file.empty()) {
    LOKA_ASSIGN_OR_RETURN(o->kannel.password,
                          first_line("--kannel-password-file", a.kannel_password_file));
  }
  return Status::Ok();
}

Status ParseListen(const std::string& listen, node::NodeOptions* o) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return InvalidArgument("--listen must be HOST:PORT, got \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  for (char c : listen.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return InvalidArgument("--listen: bad port in " + listen);
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return InvalidArgument("--listen: port over 65535 in " + listen);
  o->host = host.empty() ? "127.0.0.1" : host;
  o->port = port;
  return Status::Ok();
}

// Splits "NAME=FILE" for `flag`; errors name the flag and the value.
Status SplitNameFile(const std::string& flag, const std::string& value, std::string* name,
                     std::string* file) {
  const size_t eq = value.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
    return InvalidArgument(flag + " must be NAME=FILE, got \"" + value + "\"");
  }
  *name = value.substr(0, eq);
  *file = value.substr(eq + 1);
  return Status::Ok();
}

// The metrics stored with a seeded model: where it came from, and, when `eval_path` is not
// empty, its quality on those labelled lines (the same fields a training job stores, with
// "evaluated_on" naming the file), so the dashboard and GET /v1/models show real figures.
Result<std::string> SeedMetrics(const learn::Model& model, const std::string& path,
                                size_t size_bytes, const std::string& eval_path) {
  node::Json metrics = node::Json::object();
  if (!eval_path.empty()) {
    learn::ReadOptions ro;
    ro.strict = true;
    learn::ReadStats stats;
    LOKA_ASSIGN_OR_RETURN(std::vector<learn::LabelledText> rows,
                          learn::ReadLabelledFile(eval_path, ro, &stats));
    metrics = node::Evaluate(model, rows);
    metrics["evaluated_on"] = std::filesystem::path(eval_path).filename().string();
  }
  metrics["seeded_from"] = path;
  metrics["labels"] = model.num_labels();
  metrics["dim"] = model.dim();
  metrics["size_bytes"] = size_bytes;
  return node::Dump(metrics);
}

// --seed-model NAME=FILE: stores FILE as model NAME unless the database already has that name,
// so a fresh database starts with a model and a second start changes nothing. --seed-eval
// NAME=TSV: evaluates the seeded model NAME on TSV and stores the metrics with it. Errors: a
// malformed flag, an unreadable or corrupt model file, an unreadable or malformed TSV, a
// --seed-eval naming no --seed-model.
Status SeedModels(const std::string& db, const std::vector<std::string>& seeds,
                  const std::vector<std::string>& evals) {
  std::map<std::string, std::string> eval_for;
  for (const std::string& e : evals) {
    std::string name, file;
    LOKA_RETURN_IF_ERROR(SplitNameFile("--seed-eval", e, &name, &file));
    eval_for[name] = file;
  }
  for (const auto& [name, file] : eval_for) {
    bool seeded = false;
    for (const std::string& seed : seeds) seeded = seeded || seed.rfind(name + "=", 0) == 0;
    if (!seeded) return InvalidArgument("--seed-eval " + name + ": no --seed-model " + name);
  }
  if (seeds.empty()) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(db));
  for (const std::string& seed : seeds) {
    std::string name, path;
    LOKA_RETURN_IF_ERROR(SplitNameFile("--seed-model", seed, &name, &path));
    Result<store::ModelBlob> existing = st.ActiveModel(name);
    if (existing.ok()) continue;
    if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::Load(path));  // validates the file
    LOKA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
    const auto eval = eval_for.find(name);
    LOKA_ASSIGN_OR_RETURN(
        std::string metrics,
        SeedMetrics(model, path, bytes.size(), eval == eval_for.end() ? "" : eval->second));
    LOKA_ASSIGN_OR_RETURN(store::ModelVersion v, st.PutModel(name, bytes, metrics));
    std::fprintf(stderr, "loka: seeded model %s v%lld from %s (%zu labels)\n", name.c_str(),
                 static_cast<long long>(v.version), path.c_str(), model.num_labels());
  }
  return Status::Ok();
}

// The language-ID model when --langid-model is not given: langid::FindDefaultModel's, when
// named by the environment or present beside the loka binary; else none.
std::string DefaultLangidModel() {
  const langid::DefaultModel d = langid::FindDefaultModel();
  std::error_code ec;
  return d.from_environment || std::filesystem::exists(d.path, ec) ? d.path : "";
}

// Removes the database a failed start created: declared before the store and the node open
// it, so they are closed when its destructor runs. A database that existed before the start
// is never touched, nor one that a start which listened has served from.
class NewDatabaseGuard {
 public:
  explicit NewDatabaseGuard(std::string path) : path_(std::move(path)) {
    std::error_code ec;
    created_ = !std::filesystem::exists(path_, ec) && !ec;
  }
  NewDatabaseGuard(const NewDatabaseGuard&) = delete;
  NewDatabaseGuard& operator=(const NewDatabaseGuard&) = delete;
  ~NewDatabaseGuard() {
    if (!created_) return;
    const Status s = store::RemoveDatabaseFiles(path_);
    if (!s.ok()) std::fprintf(stderr, "loka: %s\n", s.message().c_str());
  }
  void Keep() { created_ = false; }

 private:
  std::string path_;
  bool created_ = false;
};

Status RunServe(ServeArgs& a) {
  ConfigureMalloc(a.malloc_arenas);
  LOKA_RETURN_IF_ERROR(ParseListen(a.listen, &a.options));
  LOKA_RETURN_IF_ERROR(ParseMqtt(a.mqtt, &a.options));
  LOKA_RETURN_IF_ERROR(ReadMqttPassword(a.mqtt_password_file, &a.options));
  LOKA_RETURN_IF_ERROR(ParseKannel(a, &a.options));
  if (a.options.langid_model_path.empty()) a.options.langid_model_path = DefaultLangidModel();
  if (a.options.langid_model_path.empty()) {
    std::fprintf(stderr, "loka: no language-ID model (--langid-model, $LOKA_LANGID_MODEL or "
                         "models/langid.bin beside loka); POST /v1/langid answers 503\n");
  }
  std::optional<Federation> fed_start;
  if (!a.fed.empty()) {
    LOKA_ASSIGN_OR_RETURN(Federation f, ParseFederation(a));
    fed_start.emplace(std::move(f));
  }
  // Before anything opens (and so creates) the database: a start that cannot listen leaves
  // no file behind.
  LOKA_RETURN_IF_ERROR(node::Node::CheckListenAddress(a.options));
  // Whatever else fails before the node listens (a seed model, the TLS files, the language-ID
  // model, the broker, the address taken meanwhile) leaves no new database behind either.
  NewDatabaseGuard new_database(a.options.db_path);
  LOKA_RETURN_IF_ERROR(SeedModels(a.options.db_path, a.seed_models, a.seed_evals));
  a.options.log = [](const std::string& m) { std::fprintf(stderr, "loka: %s\n", m.c_str()); };

  // Signals are taken by one thread with sigwait, never by an async handler: block them here,
  // before any thread starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // wakes the watcher when the node stops by itself
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the node

  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<node::Node> n, node::Node::Create(a.options));
  std::unique_ptr<ServeFed> federation;  // destroyed before the node, whose context it uses
  if (fed_start) {
    LOKA_ASSIGN_OR_RETURN(federation, ServeFed::Start(&n->context(), std::move(fed_start->options),
                                                      std::move(fed_start->key)));
  }
  LOKA_RETURN_IF_ERROR(n->Listen());
  new_database.Keep();
  std::thread watcher([&n, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig != SIGUSR1) {
      std::fprintf(stderr, "loka: %s received, shutting down (in-flight requests finish)\n",
                   sig == SIGTERM ? "SIGTERM" : "SIGINT");
      n->Shutdown();
    }
  });
  std::printf("loka node ready: dashboard %s (db %s, language ID %s)\n", n->Url().c_str(),
              a.options.db_path.c_str(),
              n->context().identify ? a.options.langid_model_path.c_str() : "off");
  std::fflush(stdout);
  Status s = n->Serve();
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  federation.reset();
  n.reset();  // joins the training worker and closes the store
  std::fprintf(stderr, "loka: stopped\n");
  return s;
}

// For limits where 0 would have the node refuse every request of a kind (every body, every
// batch, every connection): a usage error, like an unparsable number.
CLI::Validator AtLeastOne() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool zero = !text.empty() && text.find_first_not_of('0') == std::string::npos;
        if (zero || (!text.empty() && text[0] == '-')) {
          return "Value " + text + " is below 1: the node would refuse everything it limits";
        }
        return "";
      },
      "AT LEAST 1");
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Run the node: HTTP JSON API, dashboard, metrics");
  cmd->footer(
      "Every non-public route needs `Authorization: Bearer KEY` (create keys with `loka keys\n"
      "add`). GET /healthz answers 200 without a key once the node is ready. SIGTERM or\n"
      "SIGINT stop it gracefully. API: docs/api.yaml; operations: docs/node.md.");
  node::NodeOptions& o = args->options;
  cmd->add_option("--db", o.db_path, "SQLite database (created if missing)")->capture_default_str();
  cmd->add_option("--max-db-bytes", o.max_db_bytes,
                  "The database grows no larger (writes past it answer 503); 0: the disk is the limit")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--langid-model", o.langid_model_path,
                  "Language-ID model file (default: $LOKA_LANGID_MODEL, else models/langid.bin "
                  "beside loka)");
  cmd->add_option("--web-dir", o.web_dir,
                  "Serve the dashboard from this directory instead of the embedded copy");
  cmd->add_option("--seed-model", args->seed_models,
                  "NAME=FILE: store FILE as model NAME if the database has no such model");
  cmd->add_option("--seed-eval", args->seed_evals,
                  "NAME=TSV: evaluate the seeded model NAME on labelled lines and store the "
                  "metrics with it");
  cmd->add_option("--threads", o.threads,
                  "HTTP worker threads: requests served at once (a connection waiting for a "
                  "request holds none)")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--tls-cert", o.tls_cert_path,
                  "PEM certificate (chain): serve HTTPS instead of HTTP (needs --tls-key)");
  cmd->add_option("--tls-key", o.tls_key_path, "PEM private key of --tls-cert");
  cmd->add_option("--head-timeout-ms", o.head_timeout_ms,
                  "Total time for a client to send a request head (closed after)")
      ->capture_default_str()->check(CLI::Range(1, 3600000));
  cmd->add_option("--body-timeout-ms", o.body_timeout_ms,
                  "Total time for a client to send a request body (400 after)")
      ->capture_default_str()->check(CLI::Range(1, 3600000));
  cmd->add_option("--max-waiting-connections", o.max_waiting_connections,
                  "Connections waiting for a request head or idle (the oldest closes above)")
      ->check(AtLeastOne())
      ->capture_default_str();
  cmd->add_option("--max-body-bytes", o.max_body_bytes, "Largest request body (413 above)")
      ->check(AtLeastOne())
      ->capture_default_str();
  cmd->add_option("--max-upload-bytes", o.max_upload_bytes,
                  "Largest body for train and dataset uploads")
      ->check(AtLeastOne())
      ->capture_default_str();
  cmd->add_option("--max-batch", o.max_batch_texts, "Most texts in one batch (413 above)")
      ->check(AtLeastOne())
      ->capture_default_str();
  cmd->add_option("--train-queue-depth", o.train_queue_depth,
                  "Training jobs that may wait (429 above)")->capture_default_str();
  cmd->add_option("--train-threads", o.train_threads, "Threads per training job")
      ->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--malloc-arenas", args->malloc_arenas,
                  "glibc malloc arenas; more trade resident memory for less lock contention")
      ->capture_default_str()->check(CLI::Range(1, 64));
  CLI::Option* mqtt = cmd->add_option(
      "--mqtt", args->mqtt,
      "HOST:PORT of an MQTT broker: ingest readings from loka/v1/SITE/readings/STATION");
  cmd->add_option("--mqtt-site", o.mqtt_site, "Site to subscribe to (+ for every site)")
      ->capture_default_str();
  cmd->add_option("--mqtt-client-id", o.mqtt_client_id, "MQTT client id (persistent session)")
      ->capture_default_str();
  cmd->add_option("--mqtt-username", o.mqtt_username, "MQTT username (the broker's password_file)");
  cmd->add_option("--mqtt-password-file", args->mqtt_password_file,
                  "File whose first line is the MQTT password");
  cmd->add_option("--mqtt-cafile", o.mqtt_ca_file,
                  "PEM CA the broker's certificate must chain to: MQTT over TLS");
  cmd->add_option("--mqtt-certfile", o.mqtt_cert_file, "MQTT client certificate (PEM)");
  cmd->add_option("--mqtt-keyfile", o.mqtt_key_file, "MQTT client key (PEM)");
  cmd->add_flag("--mqtt-tls-insecure", o.mqtt_tls_insecure,
                "Do not check that the broker's certificate names the host");
  cmd->add_option("--max-readings-batch", o.max_readings_per_batch,
                  "Most readings in one POST /v1/readings or MQTT message")
      ->check(AtLeastOne())
      ->capture_default_str();
  cmd->add_option("--max-stations", o.readings_max_stations,
                  "Stations readings may create (stream_limit above); 0: no limit")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-sensors", o.readings_max_sensors,
                  "Sensors readings may create, about 12 KB of detector state each; 0: no limit")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--readings-retention-days", o.readings_retention_days,
                  "Days of raw readings kept (daily aggregates stay); 0 keeps all")
      ->capture_default_str()->check(CLI::Range(0, 100000));
  cmd->add_option("--alert-webhook", o.alert_webhook_url,
                  "http://HOST:PORT/PATH: POST every new alert there as JSON (bounded retries)");
  cmd->add_option("--helpline-model", o.helpline.desk_model,
                  "Model (by name, in the store) that routes helpline messages to desks");
  cmd->add_option("--helpline-threshold", o.helpline.confidence_threshold,
                  "Auto-route at this desk probability or above, else review; default: the "
                  "model's calibrated threshold")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--helpline-transliterate", o.helpline.sms.transliterate,
                "Replace diacritics outside GSM-7 in replies where the language allows it");
  cmd->add_option("--helpline-max-parts", o.helpline.sms.max_parts,
                  "Most SMS parts in one reply")->capture_default_str()->check(CLI::Range(1, 10));
  cmd->add_option("--helpline-retention-days", o.helpline.text_retention_days,
                  "Days a closed ticket keeps its texts (the ticket row stays); 0 keeps them")
      ->capture_default_str()->check(CLI::Range(0, 100000));
  cmd->add_option_function<int64_t>(
         "--helpline-alert-interval-hours",
         [&o](int64_t hours) { o.helpline.alert_sms_min_interval_ms = hours * kMsPerHour; },
         "Farm alert SMS: at most one per subscription and kind within this many hours "
         "(default 12)")
      ->check(CLI::Range(0, 24 * 365));
  CLI::Option* kannel = cmd->add_option(
      "--kannel", args->kannel, "HOST:PORT of Kannel smsbox's sendsms: replies go out through it");
  cmd->add_option("--kannel-username", o.kannel.username, "Kannel sendsms username");
  cmd->add_option("--kannel-password-file", args->kannel_password_file,
                  "File whose first line is the Kannel sendsms password");
  cmd->add_option("--kannel-from", o.kannel.from, "Sender number or short code of replies");
  cmd->add_option("--kannel-token-file", args->kannel_token_file,
                  "File whose first line is the token Kannel puts in /v1/kannel URLs");
  CLI::Option* fed = cmd->add_option(
      "--fed", args->fed,
      "HOST:PORT of the fleet's MQTT broker: take part in federated rounds (docs/fed.md)");
  cmd->add_option("--fed-fleet", args->fed_fleet, "Fleet (topic level loka/v1/FLEET/fed/)")
      ->capture_default_str();
  cmd->add_option("--fed-id", args->fed_id, "This node's id on the hub's enrolment list");
  cmd->add_option("--fed-key", args->fed_key, "This node's Ed25519 key file (loka fed keygen)");
  cmd->add_option("--fed-hub-key", args->fed_hub_key, "The hub's public key, hex");
  cmd->add_option("--fed-dataset", args->fed_dataset,
                  "Stored dataset the node trains on in each round (never leaves the node)");
  cmd->add_option("--fed-model", args->fed_model,
                  "Model (by name) that the global versions this node accepts become");
  // The companions of --mqtt, --kannel and --fed are refused without them, where they would
  // otherwise be ignored without a word. (--kannel-token-file guards the incoming callbacks,
  // which work without --kannel.)
  for (const char* name : {"--mqtt-site", "--mqtt-client-id", "--mqtt-username",
                           "--mqtt-password-file", "--mqtt-cafile", "--mqtt-certfile",
                           "--mqtt-keyfile", "--mqtt-tls-insecure"}) {
    cmd->get_option(name)->needs(mqtt);
  }
  for (const char* name : {"--kannel-username", "--kannel-password-file", "--kannel-from"}) {
    cmd->get_option(name)->needs(kannel);
  }
  for (const char* name : {"--fed-fleet", "--fed-id", "--fed-key", "--fed-hub-key",
                           "--fed-dataset", "--fed-model"}) {
    cmd->get_option(name)->needs(fed);
  }
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunServe(*args); }); });
}

}  // namespace loka::cli
