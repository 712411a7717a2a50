// The fleet of `loka fed simulate` without a broker: the same data split, learners (local
// training, compression, signatures) and hub (checks, aggregation), the same seeded drop-outs,
// driven round by round on one thread with a manual clock. Every update that is not dropped
// arrives in its round (no late ones), so a run repeats exactly and takes the CPU time of the
// training alone: a fast way to compare aggregation and local training options before a
// real simulation confirms them.
//
//   loka_fed_offline --data data/debsec/train.tsv --test data/debsec/test.tsv --seed 2
//     [--nodes 10] [--rounds 30] [--dropout 0.3] [--epochs 2] [--lr 0.5] [--momentum 0.6]
//     [--optimizer momentum|adam|yogi|adagrad] [--server-lr 1] [--beta1 0.9] [--beta2 0.99]
//     [--tau 1e-3] [--average-last K] [--no-remember] [--no-row-average] [--central]
//     [--central-shares] [--heldout 0.1] [--heldout-max 250] [--scaffold] [--decay-server-lr]
//     [--decay-lr | --no-decay-lr] [--by-fleet] [--l2 X] [--prox-mu X] [--logit-adjust X]
//     [--restricted-softmax]
//
// --l2, --prox-mu, --logit-adjust and --restricted-softmax set the local training options
// (fed::LocalTrainOptions) the hub announces; the central baseline (--central) trains with them
// too.
//
// --scaffold: SCAFFOLD (Karimireddy et al. 2020) as the hub runs it (AggregateOptions::scaffold:
// c_i derived at the hub from each update taken, c published with each version). It turns
// remembered updates and row averages off, which it needs.
//
// Prints the accuracy of each round's version on the test set, the means of the last 3 to 20
// versions, the last one, and the mean size of the signed updates that reached the hub.
//
// --by-fleet (run with --average-last 0, so each round's version is its own) keeps the last 20
// versions (one float a weight each: 1.1 GB on debsec) and the nodes' metric reports on them
// (their held-out accuracy, weighted by held-out examples), and prints, for tails of 8, 12 and
// 16 versions, the test accuracy of means chosen by those reports: only versions within d of
// the best report, the best half, versions within d of the best so far (a rule the hub could
// apply round by round), and weights exp((report - best) / tau).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/time.h"
#include "fed/chunks.h"
#include "fed/hub.h"
#include "fed/learner.h"
#include "fed/simulate.h"
#include "fed/text_model.h"
#include "learn/dataset.h"

namespace loka::fed {
namespace {

struct Args {
  std::string data, test;
  uint32_t nodes = 10, rounds = 30;
  double dropout = 0.3;
  uint64_t seed = 1;
  bool central = false;
  bool central_shares = false;  // central also on the union of the nodes' training shares
  bool by_fleet = false;        // --by-fleet: tail means chosen by the nodes' metric reports
  double heldout_fraction = LearnerOptions().heldout_fraction;
  size_t heldout_max = LearnerOptions().heldout_max;
  LocalTrainOptions train;
  AggregateOptions aggregate;
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "fed_offline: %s\n", what.c_str());
  return 2;
}

int Run(const Args& a) {
  learn::ReadStats stats;
  Result<std::vector<learn::LabelledText>> train = learn::ReadLabelledFile(a.data, {}, &stats);
  if (!train.ok()) return Fail(train.status().ToString());
  Result<std::vector<learn::LabelledText>> test = learn::ReadLabelledFile(a.test, {}, &stats);
  if (!test.ok()) return Fail(test.status().ToString());
  std::mt19937_64 rng(a.seed);
  std::vector<std::string> labels;
  for (const auto& t : *train) labels.push_back(t.label);
  const TextModelSpec spec = MakeTextModelSpec(1u << 18, labels);
  std::vector<learn::LabelledText> kept;
  for (const auto& t : *test) {
    if (std::binary_search(spec.labels.begin(), spec.labels.end(), t.label)) kept.push_back(t);
  }
  Result<std::vector<Example>> test_x = FeaturizeExamples(kept, spec, "test");
  if (!test_x.ok()) return Fail(test_x.status().ToString());
  // As loka fed simulate's baseline (SimulateOptions::central_epochs).
  auto central = [&](const std::vector<learn::LabelledText>& data, const char* what) -> bool {
    Result<double> acc =
        CentralAccuracy(data, spec, a.train, SimulateOptions().central_epochs, *test_x);
    if (!acc.ok()) return false;
    std::printf("central on %s (%zu examples) %.4f\n", what, data.size(), *acc);
    std::fflush(stdout);
    return true;
  };
  if (a.central && !central(*train, "all")) return Fail("central");

  ManualClock clock(1'700'000'000'000);
  const SigningKey hub_key = SigningKey::Generate();
  Result<SimulatedFleet> fleet = EnrolSimulatedFleet(a.nodes);
  if (!fleet.ok()) return Fail("enrolment");
  const std::vector<std::string>& ids = fleet->ids;
  const std::vector<SigningKey>& keys = fleet->keys;
  Enrolment& enrolment = fleet->enrolment;
  std::vector<std::vector<learn::LabelledText>> parts =
      SplitFleetData(*train, a.nodes, Partition::kLabelSkew, 0.3, rng);
  HubOptions h;
  h.fleet = "sim";
  h.quorum_fraction = 0.5;
  h.round_timeout_ms = 30000;
  h.max_staleness = 1;
  h.max_rounds = a.rounds;
  h.aggregate = a.aggregate;
  h.seed = a.seed;
  h.clock = &clock;
  Result<std::unique_ptr<Hub>> hub = Hub::Create(h, spec, a.train, {}, enrolment, hub_key);
  if (!hub.ok()) return Fail(hub.status().ToString());
  std::vector<std::unique_ptr<Learner>> nodes;
  std::vector<learn::LabelledText> shares;  // the union of the nodes' training shares
  size_t heldout = 0;
  for (uint32_t n = 0; n < a.nodes; ++n) {
    LearnerOptions lo;
    lo.node_id = ids[n];
    lo.seed = a.seed + n;
    lo.clock = &clock;
    lo.heldout_fraction = a.heldout_fraction;
    lo.heldout_max = a.heldout_max;
    HeldoutSplit split = SplitHeldout(parts[n], lo);
    std::printf("node %u: %zu examples, %zu held out\n", n, parts[n].size(), split.heldout.size());
    heldout += split.heldout.size();
    if (a.central_shares) shares.insert(shares.end(), split.train.begin(), split.train.end());
    Result<std::unique_ptr<Learner>> l =
        Learner::Create(lo, keys[n], hub_key.public_key(), std::move(parts[n]));
    if (!l.ok()) return Fail(l.status().ToString());
    nodes.push_back(std::move(*l));
  }
  std::printf("held out %zu of %zu examples\n", heldout, train->size());
  if (a.central_shares && !central(shares, "the training shares")) return Fail("central");
  auto deliver = [&](const std::vector<SignedMessage>& out) {
    for (const SignedMessage& m : out) {
      for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
        for (auto& l : nodes) (void)l->Receive(c, m.type() == MessageType::kRound);
      }
    }
  };
  Result<std::vector<SignedMessage>> start = (*hub)->Start();
  if (!start.ok()) return Fail(start.status().ToString());
  deliver(*start);
  double last = 0;
  // The mean of the last K versions, for K in `tails`, measured beside the run itself.
  const uint32_t tails[] = {3, 5, 8, 12, 16, 20};
  std::vector<std::vector<float>> tail_sum(std::size(tails));
  uint64_t update_bytes = 0, updates = 0;  // the signed updates that reached the hub
  std::map<uint32_t, std::pair<uint32_t, std::vector<float>>> vers;  // version -> (round, weights)
  std::map<uint32_t, uint32_t> vupd;  // version -> updates its round held
  while (!(*hub)->stats().finished) {
    const uint32_t round = (*hub)->open_round().round;
    for (uint32_t n = 0; n < a.nodes; ++n) {
      Result<std::vector<SignedMessage>> out = nodes[n]->Work();
      if (!out.ok()) return Fail(out.status().ToString());
      for (const SignedMessage& m : *out) {
        if (m.type() == MessageType::kUpdate && DropsOut(a.seed, n, round, a.dropout)) continue;
        if (m.type() == MessageType::kUpdate) {
          update_bytes += m.bytes().size();
          ++updates;
        }
        for (const auto& c : SplitIntoChunks(m.bytes(), m.id())) {
          (void)(*hub)->Receive(ids[n], c, m.type() == MessageType::kMetric);
        }
      }
    }
    Result<std::vector<SignedMessage>> next = (*hub)->Tick();
    if (next.ok() && next->empty()) {
      clock.AdvanceMs(h.round_timeout_ms);  // short of the quorum: the deadline
      next = (*hub)->Tick();
    }
    if (!next.ok()) return Fail(next.status().ToString());
    deliver(*next);
    last = Accuracy((*hub)->weights(), spec, *test_x);
    for (size_t t = 0; t < tail_sum.size(); ++t) {
      if (round + tails[t] <= a.rounds) continue;
      const std::vector<float>& w = (*hub)->weights();
      tail_sum[t].resize(w.size(), 0.f);
      for (size_t i = 0; i < w.size(); ++i) tail_sum[t][i] += w[i];
    }
    if (a.by_fleet && round + 20 > a.rounds) {
      vers[(*hub)->stats().version] = {round, (*hub)->weights()};
      vupd[(*hub)->stats().version] = (*hub)->stats().last_round_updates;
    }
    std::printf("round %u: %.4f (%u updates)\n", round, last, (*hub)->stats().last_round_updates);
    std::fflush(stdout);
  }
  for (size_t t = 0; t < tail_sum.size(); ++t) {
    if (tail_sum[t].empty()) continue;
    std::printf("mean of the last %u versions %.4f\n", tails[t],
                Accuracy(tail_sum[t], spec, *test_x));
  }
  for (uint32_t n = 0; a.by_fleet && n < a.nodes; ++n) {  // the last version's judgements
    Result<std::vector<SignedMessage>> out = nodes[n]->Work();
    if (!out.ok()) continue;
    for (const SignedMessage& m : *out) {
      if (m.type() != MessageType::kMetric) continue;
      for (const auto& c : SplitIntoChunks(m.bytes(), m.id()))
        (void)(*hub)->Receive(ids[n], c, true);
    }
  }
  std::map<uint32_t, std::pair<double, double>> fmet;  // version -> (sum acc x n, n)
  for (const MetricReport& r : (*hub)->metrics()) {
    fmet[r.version].first += r.local_accuracy * static_cast<double>(r.heldout);
    fmet[r.version].second += static_cast<double>(r.heldout);
  }
  std::vector<uint32_t> vs;
  std::map<uint32_t, double> metric, testacc;
  for (const auto& [v, rw] : vers) {
    vs.push_back(v);
    const auto it = fmet.find(v);
    metric[v] =
        it == fmet.end() || it->second.second == 0 ? -1 : it->second.first / it->second.second;
    testacc[v] = Accuracy(rw.second, spec, *test_x);
    std::printf("version %u round %u test %.4f fleet %.4f (%.0f held out)\n", v, rw.first,
                testacc[v], metric[v], it == fmet.end() ? 0.0 : it->second.second);
  }
  if (!vers.empty()) {
    auto mean_of = [&](const std::vector<std::pair<uint32_t, double>>& pick) {
      std::vector<float> sum(vers.begin()->second.second.size(), 0.f);
      double wsum = 0;
      for (const auto& [v, w] : pick) {
        const std::vector<float>& x = vers[v].second;
        for (size_t i = 0; i < x.size(); ++i) sum[i] += static_cast<float>(w) * x[i];
        wsum += w;
      }
      for (float& x : sum) x /= static_cast<float>(wsum);
      return Accuracy(sum, spec, *test_x);
    };
    for (uint32_t K : {8u, 12u, 16u}) {
      if (vs.size() < K) continue;
      std::vector<uint32_t> tail(vs.end() - K, vs.end());
      std::vector<std::pair<uint32_t, double>> all;
      for (uint32_t v : tail) all.emplace_back(v, 1.0);
      std::printf("K %u uniform %.4f\n", K, mean_of(all));
      for (double pw : {1.0, 2.0, 4.0}) {
        std::vector<std::pair<uint32_t, double>> pick;
        for (uint32_t v : tail) pick.emplace_back(v, std::pow(static_cast<double>(vupd[v]), pw));
        std::printf("K %u weighted by updates^%.0f %.4f\n", K, pw, mean_of(pick));
      }
      for (uint32_t q : {5u, 6u, 7u}) {
        std::vector<std::pair<uint32_t, double>> pick;
        for (uint32_t v : tail)
          if (vupd[v] >= q || v == tail.back()) pick.emplace_back(v, 1.0);
        std::printf("K %u rounds of >= %u updates + the last (%zu versions) %.4f\n", K, q,
                    pick.size(), mean_of(pick));
      }
      double best = -1;
      uint32_t bestv = tail.back();
      for (uint32_t v : tail)
        if (metric[v] > best) {
          best = metric[v];
          bestv = v;
        }
      std::printf("K %u best single by fleet (v %u) %.4f\n", K, bestv, testacc[bestv]);
      for (double d : {0.01, 0.02, 0.03, 0.05}) {
        std::vector<std::pair<uint32_t, double>> pick;
        for (uint32_t v : tail)
          if (metric[v] < 0 || metric[v] >= best - d) pick.emplace_back(v, 1.0);
        std::printf("K %u within %.2f of best fleet (%zu versions) %.4f\n", K, d, pick.size(),
                    mean_of(pick));
      }
      std::vector<uint32_t> sorted = tail;
      std::sort(sorted.begin(), sorted.end(),
                [&](uint32_t x, uint32_t y) { return metric[x] > metric[y]; });
      for (size_t top : {K / 2, 3 * K / 4}) {
        std::vector<std::pair<uint32_t, double>> pick;
        for (size_t i = 0; i < top; ++i) pick.emplace_back(sorted[i], 1.0);
        std::printf("K %u top %zu by fleet %.4f\n", K, top, mean_of(pick));
      }
      {
        std::vector<uint32_t> older(tail.begin(), tail.end() - 1);
        std::sort(older.begin(), older.end(),
                  [&](uint32_t x, uint32_t y) { return metric[x] > metric[y]; });
        for (size_t top : {K / 2 - 1, K / 2, 2 * K / 3}) {
          std::vector<std::pair<uint32_t, double>> pick{{tail.back(), 1.0}};
          for (size_t i = 0; i < top && i < older.size(); ++i) pick.emplace_back(older[i], 1.0);
          std::printf("K %u top %zu of the older by fleet + the last %.4f\n", K, top,
                      mean_of(pick));
        }
      }
      for (double d :
           {0.01, 0.02, 0.03}) {  // online: within d of the tail's best so far; the last always
        std::vector<std::pair<uint32_t, double>> pick;
        double run = -1;
        for (size_t i = 0; i < tail.size(); ++i) {
          const uint32_t v = tail[i];
          if (i + 1 == tail.size()) {
            pick.emplace_back(v, 1.0);
            break;
          }
          run = std::max(run, metric[v]);
          if (metric[v] >= run - d) pick.emplace_back(v, 1.0);
        }
        std::printf("K %u online within %.2f of the best so far + the last (%zu versions) %.4f\n",
                    K, d, pick.size(), mean_of(pick));
      }
      for (double tau : {0.005, 0.01, 0.02}) {
        std::vector<std::pair<uint32_t, double>> pick;
        for (uint32_t v : tail)
          pick.emplace_back(v, metric[v] < 0 ? 1.0 : std::exp((metric[v] - best) / tau));
        std::printf("K %u softmax tau %.3f %.4f\n", K, tau, mean_of(pick));
      }
    }
  }
  int64_t refused = 0;
  for (const auto& l : nodes) refused += l->stats().versions_refused;
  std::printf("versions refused by the nodes %lld\n", static_cast<long long>(refused));
  std::printf("mean bytes of an update %.0f (%llu updates; dense float32 delta %zu)\n",
              updates > 0 ? static_cast<double>(update_bytes) / static_cast<double>(updates) : 0.0,
              static_cast<unsigned long long>(updates), (*hub)->weights().size() * sizeof(float));
  std::printf("federated %.4f\n", last);
  return 0;
}

}  // namespace
}  // namespace loka::fed

int main(int argc, char** argv) {
  using loka::fed::AggregateOptions;
  loka::fed::Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--data") a.data = next();
    else if (k == "--test") a.test = next();
    else if (k == "--nodes") a.nodes = static_cast<uint32_t>(std::stoul(next()));
    else if (k == "--rounds") a.rounds = static_cast<uint32_t>(std::stoul(next()));
    else if (k == "--dropout") a.dropout = std::stod(next());
    else if (k == "--seed") a.seed = std::stoull(next());
    else if (k == "--central") a.central = true;
    else if (k == "--central-shares") a.central_shares = true;
    else if (k == "--by-fleet") a.by_fleet = true;
    else if (k == "--scaffold") {
      a.aggregate.scaffold = true;
      a.aggregate.remember_updates = a.aggregate.row_average = false;
    }
    else if (k == "--heldout") a.heldout_fraction = std::stod(next());
    else if (k == "--heldout-max") a.heldout_max = std::stoull(next());
    else if (k == "--epochs") a.train.epochs = static_cast<uint32_t>(std::stoul(next()));
    else if (k == "--lr") a.train.lr = std::stof(next());
    else if (k == "--l2") a.train.l2 = std::stof(next());
    else if (k == "--prox-mu") a.train.prox_mu = std::stof(next());
    else if (k == "--logit-adjust") a.train.logit_adjust = std::stof(next());
    else if (k == "--restricted-softmax") a.train.restricted_softmax = true;
    else if (k == "--momentum") a.aggregate.server_momentum = std::stof(next());
    else if (k == "--server-lr") a.aggregate.server_lr = std::stof(next());
    else if (k == "--beta1") a.aggregate.server_beta1 = std::stof(next());
    else if (k == "--beta2") a.aggregate.server_beta2 = std::stof(next());
    else if (k == "--tau") a.aggregate.server_tau = std::stof(next());
    else if (k == "--average-last") a.aggregate.average_last = static_cast<uint32_t>(std::stoul(next()));
    else if (k == "--no-remember") a.aggregate.remember_updates = false;
    else if (k == "--no-row-average") a.aggregate.row_average = false;
    else if (k == "--decay-server-lr") a.aggregate.decay_server_lr = true;
    else if (k == "--decay-lr") a.aggregate.decay_lr = true;
    else if (k == "--no-decay-lr") a.aggregate.decay_lr = false;
    else if (k == "--optimizer") {
      const std::string v = next();
      using Opt = AggregateOptions::ServerOptimizer;
      a.aggregate.server_optimizer = v == "adam"      ? Opt::kAdam
                                     : v == "yogi"    ? Opt::kYogi
                                     : v == "adagrad" ? Opt::kAdagrad
                                                      : Opt::kMomentum;
    } else {
      return loka::fed::Fail("unknown flag " + k);
    }
  }
  if (a.data.empty() || a.test.empty()) return loka::fed::Fail("--data and --test are required");
  return loka::fed::Run(a);
}
