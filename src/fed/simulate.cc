#include "fed/simulate.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>

#include "core/hash.h"
#include "core/log.h"
#include "fed/broker.h"
#include "fed/hub_service.h"
#include "fed/node_agent.h"

namespace loka::fed {

std::vector<std::vector<learn::LabelledText>> SplitFleetData(std::vector<learn::LabelledText> data,
                                                             uint32_t nodes, Partition how,
                                                             double alpha, std::mt19937_64& rng) {
  std::vector<std::vector<learn::LabelledText>> out(nodes);
  std::shuffle(data.begin(), data.end(), rng);
  if (how == Partition::kIid) {
    for (size_t i = 0; i < data.size(); ++i) out[i % nodes].push_back(std::move(data[i]));
    return out;
  }
  std::map<std::string, std::vector<learn::LabelledText>> by_label;
  for (auto& t : data) by_label[t.label].push_back(std::move(t));
  std::gamma_distribution<double> gamma(alpha, 1.0);
  for (auto& [label, rows] : by_label) {
    std::vector<double> share(nodes);
    double sum = 0;
    for (auto& s : share) sum += (s = gamma(rng));
    size_t at = 0;
    double cum = 0;
    for (uint32_t n = 0; n < nodes; ++n) {
      cum += share[n] / sum;
      const size_t end = n + 1 == nodes ? rows.size()
                                        : std::min(rows.size(), static_cast<size_t>(cum * rows.size() + 0.5));
      for (; at < end; ++at) out[n].push_back(std::move(rows[at]));
    }
  }
  // A node left without data gets one example from the largest, so every node can train.
  for (auto& o : out) {
    if (!o.empty()) continue;
    auto& big = *std::max_element(out.begin(), out.end(),
                                  [](const auto& a, const auto& b) { return a.size() < b.size(); });
    o.push_back(std::move(big.back()));
    big.pop_back();
  }
  return out;
}

Result<SimulatedFleet> EnrolSimulatedFleet(uint32_t nodes) {
  SimulatedFleet f;
  for (uint32_t n = 0; n < nodes; ++n) {
    char id[16];
    std::snprintf(id, sizeof id, "node%03u", n);
    f.ids.push_back(id);
    f.keys.push_back(SigningKey::Generate());
    LOKA_RETURN_IF_ERROR(f.enrolment.Add(id, f.keys.back().public_key()));
  }
  return f;
}

bool DropsOut(uint64_t seed, uint32_t n, uint32_t round, double dropout) {
  if (dropout <= 0) return false;
  const uint64_t h = HashCombine(HashCombine(seed, n), round);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < dropout;
}

Result<double> CentralAccuracy(const std::vector<learn::LabelledText>& train,
                               const TextModelSpec& spec, LocalTrainOptions t, uint32_t epochs,
                               const std::vector<Example>& test) {
  LOKA_ASSIGN_OR_RETURN(std::vector<Example> all, FeaturizeExamples(train, spec, "train"));
  std::vector<float> w(size_t{spec.rows()} * spec.cols(), 0.f);
  const std::vector<float> zero = w;
  t.epochs = epochs;
  t.prox_mu = 0;
  std::vector<uint32_t> touched;
  TrainLocal(all, spec, t, zero, &w, &touched);
  return Accuracy(w, spec, test);
}

Result<Partition> ParsePartition(std::string_view name) {
  if (name == "label-skew") return Partition::kLabelSkew;
  if (name == "iid") return Partition::kIid;
  return InvalidArgument("--partition must be label-skew or iid, got '" + std::string(name) + "'");
}

uint64_t SimulationMemoryBytes(uint32_t nodes, uint64_t rows, uint64_t cols) {
  const double copies = kSimulationFixedCopies + kSimulationCopiesPerNode * nodes;
  return static_cast<uint64_t>(copies * static_cast<double>(rows * cols * sizeof(float)));
}

namespace {

uint64_t PhysicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
}

std::string Gigabytes(uint64_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return b;
}

}  // namespace

Result<SimulateReport> Simulate(SimulateOptions o) {
  Stopwatch clock;
  auto log = [&](const std::string& line) {
    if (o.log) o.log("[" + std::to_string(clock.Seconds()).substr(0, 6) + " s] " + line);
  };
  if (o.nodes == 0 || o.nodes > 1000) return InvalidArgument("--nodes must be in [1, 1000]");
  if (o.rounds == 0 || o.rounds > 10000) return InvalidArgument("--rounds must be in [1, 10000]");
  if (!(o.dropout >= 0 && o.dropout < 1)) return InvalidArgument("--dropout must be in [0, 1)");
  // std::gamma_distribution requires alpha > 0; NaN fails these tests too.
  if (!(o.alpha > 0 && o.alpha <= 1e6)) return InvalidArgument("--alpha must be in (0, 1e6]");
  if (o.central_epochs == 0 || o.central_epochs > 1000) {
    return InvalidArgument("--central-epochs must be in [1, 1000]");
  }
  // Checked before the central baseline trains; the hub and the nodes check the rest.
  LOKA_RETURN_IF_ERROR(CheckAnnouncedOptions(o.train_options, o.compress));
  HubOptions hub_options;
  hub_options.fleet = "sim";
  hub_options.quorum_fraction = o.quorum_fraction;
  hub_options.round_timeout_ms = o.round_timeout_ms;
  hub_options.max_staleness = o.max_staleness;
  hub_options.max_rounds = o.rounds;
  hub_options.aggregate = o.aggregate;
  hub_options.global_value_bits = o.global_value_bits;
  hub_options.seed = o.seed;
  hub_options.log = log;
  LOKA_RETURN_IF_ERROR(CheckHubOptions(hub_options));
  std::mt19937_64 rng(o.seed);
  const bool held_out = o.test.empty();
  if (o.test.empty()) {
    std::shuffle(o.train.begin(), o.train.end(), rng);
    const size_t n_test = o.train.size() / 5;
    o.test.assign(o.train.end() - static_cast<long>(n_test), o.train.end());
    o.train.resize(o.train.size() - n_test);
  }
  if (o.train.size() < o.nodes) {
    return InvalidArgument("--nodes " + std::to_string(o.nodes) +
                           " needs a training example a node, the data has " +
                           std::to_string(o.train.size()) +
                           (held_out ? " (after a fifth is held out to test on)" : "") +
                           ": fewer --nodes or more lines");
  }
  std::vector<std::string> labels;
  for (const auto& t : o.train) labels.push_back(t.label);
  const TextModelSpec spec = MakeTextModelSpec(o.buckets, labels);
  if (spec.cols() < 2) return InvalidArgument("the training data has fewer than 2 labels");
  LOKA_RETURN_IF_ERROR(CheckTextModelSpec(spec, HubOptions().max_cells));
  {
    const uint64_t limit = o.max_memory_bytes > 0 ? o.max_memory_bytes : PhysicalMemoryBytes();
    const uint64_t need = SimulationMemoryBytes(o.nodes, spec.rows(), spec.cols());
    if (limit > 0 && need > limit) {
      return ResourceExhausted(
          std::to_string(o.nodes) + " nodes over a " + std::to_string(spec.cols()) +
          "-label model of " + std::to_string(spec.buckets) + " buckets need about " +
          Gigabytes(need) +
          " of memory, over the " + Gigabytes(limit) +
          (o.max_memory_bytes > 0 ? " allowed" : " this machine has") +
          ": fewer --nodes or --buckets fit");
    }
  }
  std::vector<learn::LabelledText> test;
  for (auto& t : o.test) {
    if (std::binary_search(spec.labels.begin(), spec.labels.end(), t.label)) test.push_back(t);
  }
  if (test.empty()) {
    return InvalidArgument(
        o.test.empty() ? "no test examples: a fifth of " + std::to_string(o.train.size()) +
                             " lines is none; give --test or more lines"
                       : "no test example has a label of the training data");
  }
  SimulateReport rep;
  rep.train_examples = o.train.size();
  rep.test_examples = test.size();
  rep.labels = spec.cols();
  rep.dense_float32_bytes = int64_t{spec.rows()} * spec.cols() * 4;
  LOKA_ASSIGN_OR_RETURN(std::vector<Example> test_x, FeaturizeExamples(test, spec, "test"));

  {
    Stopwatch central;
    LOKA_ASSIGN_OR_RETURN(rep.central_accuracy, CentralAccuracy(o.train, spec, o.train_options, o.central_epochs, test_x));
    rep.central_seconds = central.Seconds();
    log("central: accuracy " + std::to_string(rep.central_accuracy) + " in " +
        std::to_string(rep.central_seconds) + " s");
  }

  char tmpl[] = "/tmp/loka-fed-sim-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return IoError("cannot make a directory for the broker");
  const std::string dir = tmpl;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<LocalBroker> broker, LocalBroker::Start(o.mosquitto, dir));
  log("broker on 127.0.0.1:" + std::to_string(broker->port()));

  const SigningKey hub_key = SigningKey::Generate();
  LOKA_ASSIGN_OR_RETURN(SimulatedFleet fleet, EnrolSimulatedFleet(o.nodes));
  const std::vector<std::string>& ids = fleet.ids;
  const std::vector<SigningKey>& node_keys = fleet.keys;
  Enrolment& enrolment = fleet.enrolment;
  std::vector<std::vector<learn::LabelledText>> parts = SplitFleetData(o.train, o.nodes, o.partition, o.alpha, rng);

  channels::MqttOptions mqtt;
  mqtt.host = "127.0.0.1";
  mqtt.port = broker->port();
  mqtt.reconnect_max_delay_s = 2;

  std::mutex mu;  // guards rep.curve, closed, node_bytes_seen
  std::condition_variable done_cv;
  std::vector<std::unique_ptr<NodeAgent>> agents;
  int64_t node_bytes_seen = 0;
  auto node_bytes = [&agents]() {
    int64_t b = 0;
    for (const auto& a : agents) b += a->stats().published_bytes;
    return b;
  };

  HubServiceOptions hs;
  hs.hub = hub_options;
  hs.link.mqtt = mqtt;
  hs.link.fleet = "sim";
  hs.on_version = [&](const Hub& hub) {
    RoundPoint p;
    // The round that just closed: the next one is open, unless it was the last.
    p.round = hub.stats().finished ? hub.stats().round : hub.stats().round - 1;
    p.version = hub.stats().version;
    p.updates = hub.stats().last_round_updates;
    p.accuracy = Accuracy(hub.weights(), spec, test_x);
    p.seconds = clock.Seconds();
    std::lock_guard<std::mutex> lock(mu);
    rep.curve.push_back(p);
    done_cv.notify_all();
  };
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<HubService> hub,
                        HubService::Start(hs, spec, o.train_options, o.compress, enrolment, hub_key));
  for (uint32_t n = 0; n < o.nodes; ++n) {
    NodeAgentOptions na;
    na.link.mqtt = mqtt;
    na.link.mqtt.client_id = "loka-sim-" + ids[n];
    na.link.fleet = "sim";
    na.learner.node_id = ids[n];
    na.learner.seed = o.seed + n;
    na.learner.dp = o.dp;
    na.learner.heldout_max = o.heldout_max;
    na.log = log;
    na.drop_update = [seed = o.seed, n, d = o.dropout](uint32_t round) { return DropsOut(seed, n, round, d); };
    LOKA_ASSIGN_OR_RETURN(std::unique_ptr<NodeAgent> a,
                          NodeAgent::Start(na, node_keys[n], hub_key.public_key(), std::move(parts[n])));
    agents.push_back(std::move(a));
  }

  // Waits for R rounds to close, fixing each point's byte count as it goes.
  bool restarted = false;
  size_t logged = 0;
  for (;;) {
    const HubStats st = hub->stats();
    const uint32_t closed = static_cast<uint32_t>(st.rounds_closed + st.rounds_empty);
    if (closed >= o.rounds) break;
    if (o.restart_broker_after > 0 && !restarted && closed >= o.restart_broker_after) {
      restarted = true;
      log("restarting the broker after round " + std::to_string(closed));
      LOKA_RETURN_IF_ERROR(broker->Restart());
    }
    if (clock.Seconds() > o.max_seconds) {
      return ResourceExhausted("simulation over its limit of " + std::to_string(o.max_seconds) +
                               " s after " + std::to_string(closed) + " rounds");
    }
    std::unique_lock<std::mutex> lock(mu);
    const size_t have = rep.curve.size();
    done_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return rep.curve.size() != have; });
    lock.unlock();
    const int64_t b = node_bytes();
    lock.lock();
    for (size_t i = logged; i < rep.curve.size(); ++i) {
      RoundPoint& p = rep.curve[i];
      if (i + 1 == rep.curve.size()) {
        p.node_bytes = b - node_bytes_seen;
        node_bytes_seen = b;
      }
      log("round " + std::to_string(p.round) + ": version " + std::to_string(p.version) +
          " accuracy " + std::to_string(p.accuracy) + " (" + std::to_string(p.updates) +
          " updates, " + std::to_string(p.node_bytes) + " bytes)");
    }
    logged = rep.curve.size();
  }
  {
    // The last round's bytes, when the loop ended before its point was fixed.
    const int64_t b = node_bytes();
    std::lock_guard<std::mutex> lock(mu);
    if (logged < rep.curve.size()) rep.curve.back().node_bytes = b - node_bytes_seen;
  }
  const HubStats st = hub->stats();
  int64_t published = 0, update_bytes = 0, updates_published = 0;
  for (const auto& a : agents) {
    const NodeAgentStats s = a->stats();
    published += s.published_bytes;
    update_bytes += s.update_bytes;
    updates_published += s.updates_published;
    rep.updates += s.learner.updates_made;
    rep.versions_refused_by_nodes += s.learner.versions_refused;
    if (s.learner.privacy.enabled && s.learner.privacy.rounds >= rep.privacy.rounds) rep.privacy = s.learner.privacy;
  }
  for (uint32_t n = 0; n < o.nodes; ++n) {
    for (uint32_t r = 1; r <= st.round; ++r) rep.updates_dropped += DropsOut(o.seed, n, r, o.dropout) ? 1 : 0;
  }
  agents.clear();
  hub.reset();
  rep.rounds = static_cast<uint32_t>(st.rounds_closed + st.rounds_empty);
  rep.versions = static_cast<uint32_t>(st.rounds_closed);
  std::lock_guard<std::mutex> lock(mu);
  rep.federated_accuracy = rep.curve.empty() ? 0 : rep.curve.back().accuracy;
  for (const RoundPoint& p : rep.curve) {
    if (p.accuracy >= rep.central_accuracy - 0.01) {
      rep.rounds_to_within_1pt = p.round;
      break;
    }
  }
  rep.bytes_per_node_round = static_cast<double>(published) / (double(o.nodes) * std::max(1u, rep.rounds));
  rep.bytes_per_update = updates_published > 0 ? double(update_bytes) / double(updates_published) : 0;
  for (int r = 0; r < kReasonCount; ++r) {
    rep.rejected += st.rejected[r];
    if (st.rejected[r] > 0) rep.rejected_by_reason.emplace_back(std::string(ReasonName(static_cast<Reason>(r))), st.rejected[r]);
  }
  rep.seconds = clock.Seconds();
  return rep;
}

}  // namespace loka::fed
