// `loka fed ...` and `loka hub`: federation from the command line (docs/fed.md).
//   loka fed simulate --data TSV [--test TSV] --nodes N --rounds R [--dropout F]
//                     [--partition label-skew|iid] [--seed S] --json
//   loka fed keygen --out FILE          a node's or hub's Ed25519 key; prints its public key
//   loka fed pubkey KEYFILE             prints a key file's public key again
//   loka fed node ...                   one node's agent on its own labelled data
//   loka fed export-version | import-version | export-update | import-update
//                                       an air-gapped site's files (docs/formats/transfer.md)
//   loka hub ...                        the hub of a fleet (or one of its workers: --worker-id)
// Each verb parses, calls fed/ and prints; the rules of a round live in fed/.
#include <CLI/CLI.hpp>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "fed/hub_service.h"
#include "fed/hub_worker.h"
#include "fed/keys.h"
#include "fed/node_agent.h"
#include "fed/simulate.h"
#include "fed/transfer.h"
#include "learn/dataset.h"
#include "nlohmann/json.hpp"
#include "store/fed.h"

namespace loka::cli {
namespace {

struct SimArgs {
  std::string data, test, partition = "label-skew";
  fed::SimulateOptions o;
  bool json = false;
  bool dense = false;
};

std::string CurveJson(const fed::SimulateReport& r) {
  nlohmann::json c = nlohmann::json::array();
  for (const auto& p : r.curve) {
    c.push_back({{"round", p.round}, {"version", p.version}, {"accuracy", p.accuracy},
                 {"updates", p.updates}, {"node_bytes", p.node_bytes}, {"seconds", p.seconds}});
  }
  return c.dump();
}

// A node's differential-privacy budget (fed/privacy.h).
nlohmann::json PrivacyJson(const fed::PrivacyBudget& b) {
  return {{"noise_multiplier", b.noise_multiplier}, {"clip_norm", b.clip_norm},
          {"delta", b.delta},  {"rounds", b.rounds},
          {"rho_per_round", b.rho_per_round}, {"epsilon_per_round", b.epsilon_per_round},
          {"rho", b.rho}, {"epsilon", b.epsilon}, {"accounting", "zCDP, Bun & Steinke 2016"}};
}

// --dp-noise, --dp-clip, --dp-delta on a verb whose nodes train.
void AddDpOptions(CLI::App* c, fed::DpOptions* dp) {
  c->add_option("--dp-noise", dp->noise_multiplier,
                "differential privacy: Gaussian noise of this many times the clip norm on every update (0: off)")
      ->capture_default_str();
  c->add_option("--dp-clip", dp->clip_norm, "differential privacy: L2 clip norm of an update")->capture_default_str();
  c->add_option("--dp-delta", dp->delta, "differential privacy: the delta of the (epsilon, delta) reported")
      ->capture_default_str();
}

// The hub's aggregation and the nodes' local training: the same flags and defaults on
// `loka fed simulate` and `loka hub` (fed::AggregateOptions).
void AddAggregateOptions(CLI::App* c, fed::AggregateOptions* g, fed::LocalTrainOptions* t) {
  c->add_option("--epochs", t->epochs, "local epochs per round")->capture_default_str();
  c->add_option("--lr", t->lr, "local SGD step")->capture_default_str();
  c->add_option("--l2", t->l2, "local weight decay per step")->capture_default_str();
  c->add_option("--prox-mu", t->prox_mu, "FedProx strength (0: FedAvg)")->capture_default_str();
  c->add_option("--restricted-softmax", t->restricted_softmax,
                "local softmax over the labels a node holds only (false: over all labels)")
      ->capture_default_str();
  c->add_option("--logit-adjust", t->logit_adjust,
                "local logits of the feature rows plus this x log(local label prior) (0: off)")
      ->capture_default_str();
  c->add_option("--remember-updates", g->remember_updates,
                "a node's latest update stands in for it in the rounds it misses (not with workers)")
      ->capture_default_str();
  c->add_option("--row-average", g->row_average,
                "average each row over the updates that carry it (false: over all; not with workers)")
      ->capture_default_str();
  c->add_option("--label-average", g->label_average,
                "average each label's column over the updates that moved it (not with workers)")
      ->capture_default_str();
  c->add_option("--server-lr", g->server_lr, "step of the averaged delta")->capture_default_str();
  c->add_option("--server-momentum", g->server_momentum, "FedAvgM momentum (0: none)")->capture_default_str();
  using Opt = fed::AggregateOptions::ServerOptimizer;
  const std::map<std::string, Opt> optimizers = {
      {"momentum", Opt::kMomentum}, {"adam", Opt::kAdam}, {"yogi", Opt::kYogi}, {"adagrad", Opt::kAdagrad}};
  c->add_option("--server-optimizer", g->server_optimizer,
                "momentum (FedAvgM), adam, yogi or adagrad (per-weight adaptive steps)")
      ->transform(CLI::CheckedTransformer(optimizers))
      ->default_str("momentum");
  c->add_option("--server-beta1", g->server_beta1, "adaptive optimizers: first moment decay")
      ->capture_default_str();
  c->add_option("--server-beta2", g->server_beta2, "adam, yogi: second moment decay")->capture_default_str();
  c->add_option("--server-tau", g->server_tau, "adaptive optimizers: added to sqrt(v)")->capture_default_str();
  c->add_option("--scaffold", g->scaffold,
                "SCAFFOLD drift correction: nodes correct their steps by c - c_i, the hub publishes c "
                "(needs --remember-updates false --row-average false; a hub with workers turns it off "
                "and steps at server lr 1)")
      ->capture_default_str();
  c->add_option("--average-last", g->average_last,
                "the last round publishes the mean of the last K rounds' versions (0: off)")
      ->capture_default_str();
  c->add_flag("--decay-lr,!--no-decay-lr", g->decay_lr,
              WithSwitchDefault(
                  "decay the local step over --rounds (the hub's --max-rounds), to 10%",
                  g->decay_lr));
  c->add_flag("--decay-server-lr,!--no-decay-server-lr", g->decay_server_lr,
              WithSwitchDefault("decay the server step with the rounds, as the local one",
                                g->decay_server_lr));
}

// The value width of the nodes' updates. A uint8_t would print as a character and take any
// byte, so the default is spelled out and the value checked here: a hub announcing another
// width has every node refuse its rounds.
void AddValueBits(CLI::App* c, uint8_t* bits) {
  c->add_option("--value-bits", *bits,
                "bits per value of an update: 8 or 16 (quantized per row) or 32 (float32)")
      ->check(CLI::IsMember({8, 16, 32}))
      ->default_str(std::to_string(*bits));
}

// Reads a labelled file as `loka train` does: each bad line and the counts on stderr (stdout
// holds the JSON).
Result<std::vector<learn::LabelledText>> ReadLabelledData(const std::string& path) {
  learn::ReadOptions ro;
  ro.on_bad_line = [](const std::string& m) { std::fprintf(stderr, "loka: skipped %s\n", m.c_str()); };
  learn::ReadStats st;
  LOKA_ASSIGN_OR_RETURN(std::vector<learn::LabelledText> data, learn::ReadLabelledFile(path, ro, &st));
  std::fprintf(stderr, "read %zu examples from %s, %zu bad lines skipped\n", st.kept, path.c_str(),
               st.skipped);
  return data;
}

Status RunSimulate(SimArgs a) {
  LOKA_ASSIGN_OR_RETURN(a.o.train, ReadLabelledData(a.data));
  if (!a.test.empty()) {
    LOKA_ASSIGN_OR_RETURN(a.o.test, ReadLabelledData(a.test));
  }
  LOKA_ASSIGN_OR_RETURN(a.o.partition, fed::ParsePartition(a.partition));
  if (a.dense) {
    a.o.compress.top_k_rows = 0;
    a.o.compress.value_bits = 32;
  }
  if (!a.json) a.o.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  LOKA_ASSIGN_OR_RETURN(fed::SimulateReport r, fed::Simulate(std::move(a.o)));
  nlohmann::json j = {{"central_accuracy", r.central_accuracy},
                      {"federated_accuracy", r.federated_accuracy},
                      {"rounds", r.rounds},
                      {"versions", r.versions},
                      {"rounds_to_within_1pt", r.rounds_to_within_1pt},
                      {"bytes_per_node_round", r.bytes_per_node_round},
                      {"bytes_per_update", r.bytes_per_update},
                      {"dense_float32_bytes", r.dense_float32_bytes},
                      {"compression_ratio", r.bytes_per_node_round > 0
                                                ? double(r.dense_float32_bytes) / r.bytes_per_node_round
                                                : 0.0},
                      {"updates", r.updates},
                      {"updates_dropped", r.updates_dropped},
                      {"rejected", r.rejected},
                      {"versions_refused_by_nodes", r.versions_refused_by_nodes},
                      {"train_examples", r.train_examples},
                      {"test_examples", r.test_examples},
                      {"labels", r.labels},
                      {"seconds", r.seconds},
                      {"central_seconds", r.central_seconds},
                      {"curve", nlohmann::json::parse(CurveJson(r))}};
  for (const auto& [reason, n] : r.rejected_by_reason) j["rejected_by_reason"][reason] = n;
  if (r.privacy.enabled) j["privacy"] = PrivacyJson(r.privacy);
  std::printf("%s\n", a.json ? j.dump().c_str() : j.dump(2).c_str());
  return Status::Ok();
}

void AddSimulate(CLI::App& fed, int* exit_code) {
  auto a = std::make_shared<SimArgs>();
  CLI::App* c = fed.add_subcommand("simulate", "a fleet of N nodes and a hub on one machine, over a real broker");
  c->add_option("--data", a->data, "labelled TSV (label<TAB>text)")->required();
  c->add_option("--test", a->test, "labelled TSV to score on (default: a seeded 20% of --data)");
  c->add_option("--nodes", a->o.nodes, "nodes in the fleet")->capture_default_str();
  c->add_option("--rounds", a->o.rounds, "rounds to run")->capture_default_str();
  c->add_option("--dropout", a->o.dropout, "share of chosen nodes that drop out mid-round")->capture_default_str();
  c->add_option("--partition", a->partition, "label-skew or iid")->capture_default_str();
  c->add_option("--alpha", a->o.alpha, "Dirichlet concentration of label-skew")->capture_default_str();
  c->add_option("--seed", a->o.seed, "split, drop-outs, node choice")->capture_default_str();
  c->add_option("--buckets", a->o.buckets, "hashed feature rows")->capture_default_str();
  AddAggregateOptions(c, &a->o.aggregate, &a->o.train_options);
  c->add_option("--central-epochs", a->o.central_epochs, "epochs of the central baseline")->capture_default_str();
  c->add_option("--top-k", a->o.compress.top_k_rows, "rows per update (0: every changed row)")->capture_default_str();
  AddValueBits(c, &a->o.compress.value_bits);
  c->add_option("--clip", a->o.compress.clip_norm, "L2 clip of a delta (0: none)")->capture_default_str();
  c->add_flag("--dense", a->dense, "send every changed row as float32 (no top-k, no quantization)");
  c->add_option("--quorum", a->o.quorum_fraction, "share of chosen nodes that closes a round early")->capture_default_str();
  c->add_option("--round-timeout-ms", a->o.round_timeout_ms, "round deadline")->capture_default_str();
  c->add_option("--restart-broker-after", a->o.restart_broker_after,
                "kill and restart the broker after this many rounds (0: never)")
      ->capture_default_str();
  c->add_option("--mosquitto", a->o.mosquitto, "the broker binary")->capture_default_str();
  AddDpOptions(c, &a->o.dp);
  c->add_option("--heldout-max", a->o.heldout_max,
                "most lines a node holds out to judge new versions (0: 10% of any size)")
      ->capture_default_str();
  c->add_flag("--json", a->json, "one JSON object on stdout");
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunSimulate(*a); }); });
}

void AddKeygen(CLI::App& fed, int* exit_code) {
  auto out = std::make_shared<std::string>();
  CLI::App* c = fed.add_subcommand("keygen", "a new Ed25519 key file; prints its public key (hex)");
  c->add_option("--out", *out, "key file to create (mode 0600; an existing file is never overwritten)")->required();
  c->callback([out, exit_code] {
    RunVerb(exit_code, [out] {
      const fed::SigningKey k = fed::SigningKey::Generate();
      LOKA_RETURN_IF_ERROR(k.Save(*out));
      std::printf("%s\n", fed::ToHex(k.public_key()).c_str());
      return Status::Ok();
    });
  });
}

// The public key of a key file, as keygen printed it and an enrolment list or --hub-key takes
// it. Errors: SigningKey::Load's (a missing, malformed or group/other-accessible file).
void AddPubkey(CLI::App& fed, int* exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* c = fed.add_subcommand("pubkey", "print a key file's public key (hex), as keygen did");
  c->add_option("KEYFILE", *path, "key file (loka fed keygen)")->required();
  c->callback([path, exit_code] {
    RunVerb(exit_code, [path] {
      LOKA_ASSIGN_OR_RETURN(const fed::SigningKey k, fed::SigningKey::Load(*path));
      std::printf("%s\n", fed::ToHex(k.public_key()).c_str());
      return Status::Ok();
    });
  });
}

std::atomic<bool> g_stop{false};

// Runs until SIGINT or SIGTERM, or `seconds` (0: forever).
void WaitForSignal(double seconds) {
  g_stop = false;
  signal(SIGINT, [](int) { g_stop = true; });
  signal(SIGTERM, [](int) { g_stop = true; });
  const auto start = std::chrono::steady_clock::now();
  while (!g_stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (seconds > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds) break;
  }
}

// --broker HOST:PORT into `m` (cli/common.h ParseBroker). Also sends the MQTT client's
// connection messages to stderr, as `loka serve --mqtt` does: a broker that cannot be reached
// is said once, not waited on in silence.
Status SetBroker(const std::string& broker, channels::MqttOptions* m) {
  m->log = [](const std::string& line) { std::fprintf(stderr, "loka: %s\n", line.c_str()); };
  return ParseBroker("--broker", broker, &m->host, &m->port);
}

struct NodeArgs {
  std::string broker = "127.0.0.1:1883", fleet = "default", id, key, hub_key, data, db;
  fed::DpOptions dp;
  size_t heldout_max = fed::LearnerOptions().heldout_max;
  double seconds = 0;
};

Status RunNode(const NodeArgs& a) {
  fed::NodeAgentOptions o;
  LOKA_RETURN_IF_ERROR(SetBroker(a.broker, &o.link.mqtt));
  o.link.fleet = a.fleet;
  o.learner.node_id = a.id;
  o.learner.dp = a.dp;
  o.learner.heldout_max = a.heldout_max;
  o.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  LOKA_ASSIGN_OR_RETURN(fed::SigningKey key, fed::SigningKey::Load(a.key));
  LOKA_ASSIGN_OR_RETURN(std::string hub_key, fed::PublicKeyFromHex(a.hub_key, "--hub-key"));
  LOKA_ASSIGN_OR_RETURN(std::vector<learn::LabelledText> data, ReadLabelledData(a.data));
  std::unique_ptr<store::FedStore> st;
  if (!a.db.empty()) {
    LOKA_ASSIGN_OR_RETURN(store::FedStore s, store::FedStore::Open(a.db));
    st = std::make_unique<store::FedStore>(std::move(s));
    o.store = st.get();
  }
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<fed::NodeAgent> agent,
                        fed::NodeAgent::Start(o, std::move(key), hub_key, std::move(data)));
  WaitForSignal(a.seconds);
  const fed::NodeAgentStats s = agent->stats();
  nlohmann::json j = {{"version", s.learner.version},
                      {"served_version", s.learner.served_version},
                      {"updates", s.learner.updates_made},
                      {"published_bytes", s.published_bytes}};
  if (s.learner.privacy.enabled) j["privacy"] = PrivacyJson(s.learner.privacy);
  std::printf("%s\n", j.dump().c_str());
  return Status::Ok();
}

void AddNode(CLI::App& fed, int* exit_code) {
  auto a = std::make_shared<NodeArgs>();
  CLI::App* c = fed.add_subcommand("node", "one node of a fleet, training on its own labelled data");
  c->add_option("--broker", a->broker, "HOST:PORT")->capture_default_str();
  c->add_option("--fleet", a->fleet, "topic level loka/v1/<fleet>/")->capture_default_str();
  c->add_option("--id", a->id, "this node's id on the hub's enrolment list")->required();
  c->add_option("--key", a->key, "this node's key file (loka fed keygen)")->required();
  c->add_option("--hub-key", a->hub_key, "the hub's public key, hex")->required();
  c->add_option("--data", a->data, "labelled TSV that never leaves the node")->required();
  c->add_option("--db", a->db,
                "the node's SQLite file: outbox and egress ledger (none: updates are sent from "
                "memory and egress is not recorded)");
  c->add_option("--seconds", a->seconds, "seconds to run (0: until SIGINT/SIGTERM)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  AddDpOptions(c, &a->dp);
  c->add_option("--heldout-max", a->heldout_max,
                "most lines held out to judge new versions (0: 10% of any size)")
      ->capture_default_str();
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunNode(*a); }); });
}

// Air-gapped sites (docs/fed.md "Air-gapped sites", docs/formats/transfer.md).
struct FileArgs {
  std::string broker = "127.0.0.1:1883", fleet = "default", hub_id = "hub", hub_key, file, out;
  std::string id, key, data, enrolment, model_out;
  uint32_t since = 0;
  bool have_since = false;
  double timeout_s = 30;
};

Status RunExportVersion(const FileArgs& a) {
  fed::LinkOptions l;
  LOKA_RETURN_IF_ERROR(SetBroker(a.broker, &l.mqtt));
  l.fleet = a.fleet;
  l.mqtt.clean_session = true;
  LOKA_ASSIGN_OR_RETURN(std::string hub_key, fed::PublicKeyFromHex(a.hub_key, "--hub-key"));
  LOKA_ASSIGN_OR_RETURN(std::string file, fed::FetchVersionFile(l, a.hub_id, hub_key,
                                                                static_cast<int64_t>(a.timeout_s * 1000)));
  LOKA_ASSIGN_OR_RETURN(fed::VersionFile v, fed::ReadVersionFile(file, a.hub_id, hub_key, false, 0, a.out));
  LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.out, file));
  std::printf("%s\n", nlohmann::json{{"file", a.out}, {"version", v.version}, {"round", v.plan.round},
                                     {"bytes", file.size()}}.dump().c_str());
  return Status::Ok();
}

Status RunImportVersion(const FileArgs& a) {
  if (!a.model_out.empty()) {
    LOKA_RETURN_IF_ERROR(RefuseOutputOverInput(a.model_out, {a.file}, "--model-out"));
  }
  LOKA_ASSIGN_OR_RETURN(std::string hub_key, fed::PublicKeyFromHex(a.hub_key, "--hub-key"));
  LOKA_ASSIGN_OR_RETURN(std::string file, ReadFile(a.file));
  LOKA_ASSIGN_OR_RETURN(fed::VersionFile v,
                        fed::ReadVersionFile(file, a.hub_id, hub_key, a.have_since, a.since, a.file));
  if (!a.model_out.empty()) {
    LOKA_ASSIGN_OR_RETURN(std::string model, learn::SerializeModel(fed::ToModelData(v.weights, v.plan.spec)));
    LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.model_out, model));
  }
  std::printf("%s\n", nlohmann::json{{"version", v.version}, {"round", v.plan.round},
                                     {"fleet", v.plan.fleet}, {"labels", v.plan.spec.labels},
                                     {"model_out", a.model_out}}.dump().c_str());
  return Status::Ok();
}

Status RunExportUpdate(const FileArgs& a) {
  // The node's data, its key and the version file are each a file an operator cannot remake.
  LOKA_RETURN_IF_ERROR(RefuseOutputOverInput(a.out, {a.file, a.data, a.key}, "--out"));
  LOKA_ASSIGN_OR_RETURN(std::string hub_key, fed::PublicKeyFromHex(a.hub_key, "--hub-key"));
  LOKA_ASSIGN_OR_RETURN(std::string file, ReadFile(a.file));
  LOKA_ASSIGN_OR_RETURN(fed::SigningKey key, fed::SigningKey::Load(a.key));
  LOKA_ASSIGN_OR_RETURN(std::vector<learn::LabelledText> data, ReadLabelledData(a.data));
  fed::LearnerOptions lo;
  lo.node_id = a.id;
  lo.hub_id = a.hub_id;
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<fed::Learner> learner,
                        fed::Learner::Create(lo, std::move(key), hub_key, std::move(data)));
  LOKA_RETURN_IF_ERROR(fed::ImportVersionFile(*learner, file, a.file));
  LOKA_ASSIGN_OR_RETURN(const std::string bytes, fed::MakeUpdateFile(*learner, a.file));
  LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.out, bytes));
  std::printf("%s\n", nlohmann::json{{"file", a.out}, {"round", learner->plan()->round},
                                     {"version", learner->stats().version}, {"bytes", bytes.size()}}
                          .dump()
                          .c_str());
  return Status::Ok();
}

Status RunImportUpdate(const FileArgs& a) {
  LOKA_ASSIGN_OR_RETURN(std::string file, ReadFile(a.file));
  LOKA_ASSIGN_OR_RETURN(fed::Enrolment enrolment, fed::Enrolment::Load(a.enrolment));
  fed::LinkOptions l;
  LOKA_RETURN_IF_ERROR(SetBroker(a.broker, &l.mqtt));
  l.fleet = a.fleet;
  LOKA_ASSIGN_OR_RETURN(size_t chunks, fed::PublishUpdateFile(l, file, enrolment,
                                                              static_cast<int64_t>(a.timeout_s * 1000), a.file));
  std::printf("%s\n", nlohmann::json{{"file", a.file}, {"chunks_published", chunks}}.dump().c_str());
  return Status::Ok();
}

void AddFileVerbs(CLI::App& fed, int* exit_code) {
  auto a = std::make_shared<FileArgs>();
  auto common = [&](CLI::App* c) {
    c->add_option("--hub-id", a->hub_id, "the hub's sender id")->capture_default_str();
  };
  CLI::App* c = fed.add_subcommand("export-version", "write the fleet's latest version and round, from its broker, to a file");
  common(c);
  c->add_option("--broker", a->broker, "HOST:PORT")->capture_default_str();
  c->add_option("--fleet", a->fleet, "topic level loka/v1/<fleet>/")->capture_default_str();
  c->add_option("--hub-key", a->hub_key, "the hub's public key, hex")->required();
  c->add_option("--out", a->out, "the version file to write")->required();
  c->add_option("--timeout-s", a->timeout_s, "wait this long for the retained messages")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunExportVersion(*a); }); });

  c = fed.add_subcommand("import-version", "check a version file against the hub's key; write it as a model file");
  common(c);
  c->add_option("--file", a->file, "the version file")->required();
  c->add_option("--hub-key", a->hub_key, "the hub's public key, hex")->required();
  c->add_option("--since", a->since, "the version this node holds: an older or equal file is stale")
      ->each([a](const std::string&) { a->have_since = true; });
  c->add_option("--model-out", a->model_out, "write the version as a classifier model file");
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunImportVersion(*a); }); });

  c = fed.add_subcommand("export-update", "train on local data from a version file; write the update to a file");
  common(c);
  c->add_option("--file", a->file, "the version file")->required();
  c->add_option("--hub-key", a->hub_key, "the hub's public key, hex")->required();
  c->add_option("--id", a->id, "this node's id on the hub's enrolment list")->required();
  c->add_option("--key", a->key, "this node's key file")->required();
  c->add_option("--data", a->data, "labelled TSV that never leaves the node")->required();
  c->add_option("--out", a->out, "the update file to write")->required();
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunExportUpdate(*a); }); });

  c = fed.add_subcommand("import-update", "check an update file against the enrolment list; publish it to the hub's broker");
  c->add_option("--file", a->file, "the update file")->required();
  c->add_option("--enrolment", a->enrolment, "file of '<node id> <public key hex>' lines")->required();
  c->add_option("--broker", a->broker, "HOST:PORT")->capture_default_str();
  c->add_option("--fleet", a->fleet, "topic level loka/v1/<fleet>/")->capture_default_str();
  c->add_option("--timeout-s", a->timeout_s, "wait this long for the broker")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunImportUpdate(*a); }); });
}

struct HubArgs {
  std::string broker = "127.0.0.1:1883", fleet = "default", enrolment, key, labels, db;
  std::string workers, worker_id;
  fed::HubOptions hub;
  fed::LocalTrainOptions train;
  fed::CompressOptions compress;
  uint32_t buckets = 1u << 18;
  double seconds = 0;
  int64_t resume_timeout_ms = 3000;  // fed::HubServiceOptions::resume_timeout_ms
};

// "a, b,,c" -> a, b, c: items trimmed of spaces and tabs (as the TSV reader trims labels),
// empty ones dropped.
std::vector<std::string> SplitCommas(const std::string& list) {
  std::vector<std::string> out;
  for (size_t at = 0; at <= list.size();) {
    const size_t comma = std::min(list.find(',', at), list.size());
    const size_t first = list.find_first_not_of(" \t", at);
    if (first < comma) {
      const size_t last = list.find_last_not_of(" \t", comma - 1);
      out.push_back(list.substr(first, last + 1 - first));
    }
    at = comma + 1;
  }
  return out;
}

// `loka hub --worker-id ID --workers LIST`: one worker of a hub (fed/hub_worker.h).
Status RunHubWorker(const HubArgs& a, fed::Enrolment enrolment, fed::SigningKey key) {
  fed::HubWorkerServiceOptions o;
  o.worker.worker_id = a.worker_id;
  o.worker.workers = SplitCommas(a.workers);
  o.worker.hub_id = a.hub.hub_id;
  o.worker.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  o.link.fleet = a.fleet;
  LOKA_RETURN_IF_ERROR(SetBroker(a.broker, &o.link.mqtt));
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<fed::HubWorkerService> worker,
                        fed::HubWorkerService::Start(o, std::move(enrolment), std::move(key)));
  WaitForSignal(a.seconds);
  const fed::HubWorkerStats s = worker->stats();
  std::printf("%s\n", nlohmann::json{{"round", s.round},
                                     {"chunks_shared", s.chunks_shared},
                                     {"chunks_relayed", s.chunks_relayed},
                                     {"updates_accepted", s.updates_accepted},
                                     {"partials", s.partials_made}}
                          .dump()
                          .c_str());
  return Status::Ok();
}

Status RunHub(const HubArgs& a) {
  LOKA_ASSIGN_OR_RETURN(fed::Enrolment enrolment, fed::Enrolment::Load(a.enrolment));
  LOKA_ASSIGN_OR_RETURN(fed::SigningKey key, fed::SigningKey::Load(a.key));
  if (!a.worker_id.empty()) return RunHubWorker(a, std::move(enrolment), std::move(key));
  fed::HubServiceOptions o;
  o.hub = a.hub;
  o.hub.fleet = a.fleet;
  o.hub.workers = SplitCommas(a.workers);
  o.hub.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  o.link.fleet = a.fleet;
  o.resume_timeout_ms = a.resume_timeout_ms;
  LOKA_RETURN_IF_ERROR(SetBroker(a.broker, &o.link.mqtt));
  const std::vector<std::string> labels = SplitCommas(a.labels);
  if (labels.empty()) return InvalidArgument("hub: --labels is required (except for a worker)");
  std::unique_ptr<store::FedStore> st;
  if (!a.db.empty()) {
    LOKA_ASSIGN_OR_RETURN(store::FedStore s, store::FedStore::Open(a.db));
    st = std::make_unique<store::FedStore>(std::move(s));
    o.store = st.get();
  }
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<fed::HubService> hub,
                        fed::HubService::Start(o, fed::MakeTextModelSpec(a.buckets, labels), a.train,
                                               a.compress, std::move(enrolment), std::move(key)));
  WaitForSignal(a.seconds);
  const fed::HubStats s = hub->stats();
  std::printf("%s\n", nlohmann::json{{"round", s.round},
                                     {"version", s.version},
                                     {"updates_accepted", s.updates_accepted},
                                     {"rounds_closed", s.rounds_closed},
                                     {"rounds_empty", s.rounds_empty}}
                          .dump()
                          .c_str());
  return Status::Ok();
}

}  // namespace

void AddFedCommand(CLI::App& app, int* exit_code) {
  CLI::App* fed = app.add_subcommand(
      "fed", "Federation: simulate a fleet, keys, a node's agent, air-gapped transfer");
  fed->require_subcommand(1);
  AddSimulate(*fed, exit_code);
  AddKeygen(*fed, exit_code);
  AddPubkey(*fed, exit_code);
  AddNode(*fed, exit_code);
  AddFileVerbs(*fed, exit_code);
}

void AddHubCommand(CLI::App& app, int* exit_code) {
  auto a = std::make_shared<HubArgs>();
  CLI::App* c = app.add_subcommand(
      "hub", "The hub of a fleet: rounds, FedAvg, global versions over MQTT");
  c->add_option("--broker", a->broker, "HOST:PORT")->capture_default_str();
  c->add_option("--fleet", a->fleet, "topic level loka/v1/<fleet>/")->capture_default_str();
  c->add_option("--enrolment", a->enrolment, "file of '<node id> <public key hex>' lines")->required();
  c->add_option("--key", a->key, "the hub's key file (loka fed keygen)")->required();
  c->add_option("--labels", a->labels, "the model's labels, comma-separated (not for a worker)");
  c->add_option("--workers", a->workers,
                "ids of the hub's workers, comma-separated: this hub coordinates them (docs/fed.md)");
  c->add_option("--worker-id", a->worker_id, "run as this worker of --workers instead of the hub");
  c->add_option("--buckets", a->buckets, "hashed feature rows")->capture_default_str();
  c->add_option("--nodes-per-round", a->hub.nodes_per_round, "0: every enrolled node")->capture_default_str();
  c->add_option("--quorum", a->hub.quorum_fraction, "share of chosen nodes that closes a round early")->capture_default_str();
  c->add_option("--min-updates", a->hub.min_updates, "updates a round needs at its deadline")->capture_default_str();
  c->add_option("--round-timeout-ms", a->hub.round_timeout_ms, "round deadline")->capture_default_str();
  c->add_option("--max-rounds", a->hub.max_rounds, "rounds to run, then stop announcing (0: no end)")
      ->capture_default_str();
  AddAggregateOptions(c, &a->hub.aggregate, &a->train);
  c->add_option("--top-k", a->compress.top_k_rows, "rows per update (0: every changed row)")->capture_default_str();
  AddValueBits(c, &a->compress.value_bits);
  c->add_option("--clip", a->compress.clip_norm, "L2 clip of a delta (0: none)")->capture_default_str();
  c->add_option("--db", a->db, "SQLite file for the round state (none: memory only)");
  c->add_option("--resume-timeout-ms", a->resume_timeout_ms,
                "look this long for the fleet's latest version on the broker and carry on from "
                "it (0: start at version 0; docs/fed.md)")
      ->check(CLI::Range(int64_t{0}, int64_t{600000}))
      ->capture_default_str();
  c->add_option("--seconds", a->seconds, "seconds to run (0: until SIGINT/SIGTERM)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  c->callback([a, exit_code] { RunVerb(exit_code, [a] { return RunHub(*a); }); });
}

}  // namespace loka::cli
