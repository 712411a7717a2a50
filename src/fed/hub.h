// The hub's rounds, without any transport: it announces a round (the global version to train
// from, the chosen nodes, a deadline), takes the nodes' payloads through every check
// (fed/receiver.h plus the round's own: open round, base version, one update per node, the
// model's shape), and closes the round k-of-n: as soon as `quorum` of the chosen nodes have sent
// an update, or at the deadline with whatever arrived. A round closed with at least
// `min_updates` updates produces a new global version from them (AggregateOptions: by default
// FedAvg weighted by example count, each row over the updates that carry it, with every node's
// latest update standing in for it when it sends none, and server momentum); a round with fewer is closed empty and the next one
// starts from the same version, so a fleet of one node whose node is away never hangs: it just
// keeps announcing. A rejected payload never touches the round.
//
// Time comes from the options' Clock (deadlines are wall time, carried in the announcement);
// the owner calls Tick() when it likes (the MQTT service: after each message and on a timer;
// tests: after advancing a ManualClock).
//
// Thread contract: not thread-safe; the owner serializes calls (fed/hub_service.h holds a mutex).
#ifndef LOKA_FED_HUB_H_
#define LOKA_FED_HUB_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "fed/chunks.h"
#include "fed/keys.h"
#include "fed/message.h"
#include "fed/receiver.h"
#include "fed/round.h"
#include "fed/text_model.h"

namespace loka::fed {

// How a round's updates become the next global version, and the schedule of the rounds' steps:
// one set of defaults for `loka hub` and `loka fed simulate` (which measures what a deployed
// hub runs). The defaults were chosen on label-skewed fleets with drop-outs (10 nodes,
// Dirichlet 0.3, 30% drop-out, 30 rounds; bench/results/fed_seeds.md has the numbers).
// FedAvg() is plain FedAvg: every option below off.
struct AggregateOptions {
  // Every round averages the latest update of every node that has sent one, the one it sent in
  // an earlier round when it has none in this one (MIFA, Gu et al. 2021), discounted by its
  // staleness as HubOptions::max_staleness' late updates are. Under label skew a node that
  // drops out takes its labels out of the round's average, and plain FedAvg then steps toward
  // the labels of the nodes that stayed; its remembered update keeps them in. Memory: one
  // update per node, as it came over the wire, in memory only (a restarted hub starts
  // without). Not with workers (their partial sums hold the round's updates only). Off by
  // default because SCAFFOLD (below) is on and carries the absent nodes' gradients in c; with
  // SCAFFOLD off it was the default (fortunes at momentum 0.7: 0.17 with it, 0.06 without).
  bool remember_updates = false;
  // Each row of the averaged delta is the weighted mean over only the updates that carry that
  // row, not over all of them. A row is a hashed feature: a word only two nodes' texts hold
  // moves only on those two, and averaging in the other nodes' zeros shrinks its step by their
  // share, so rare features (most of a text model) learn several times slower than centrally.
  // A row every update carries (the biases, common n-grams) is averaged as FedAvg. A late or
  // remembered update keeps its staleness discount on a row it alone carries. Measured on
  // debsec (53 labels; offline, uncompressed): 0.734 against 0.724 at round 30, central 0.774.
  // Not with workers (plain FedAvg there). Off by default: SCAFFOLD (below), on by default,
  // needs it off (the hub adds each update's correction share on every row, and c already
  // carries the absent nodes' gradients). With SCAFFOLD off it was the default.
  bool row_average = false;
  // Each label's column of the averaged delta is the weighted mean over only the updates that
  // moved that column (any non-zero value in it): pairs with restricted softmax
  // (LocalTrainOptions::restricted_softmax), whose nodes leave the columns of labels they have
  // no example of at zero. Off, as restricted softmax is (bench/results/fed_seeds.md: together
  // 0.63 against 0.74 without on the demo requests). Not with workers.
  bool label_average = false;
  // The step the averaged delta is applied with (FedAvg: 1). 2 with SCAFFOLD: its drift-free
  // updates are smaller than the plain ones (debsec seed 3, offline, mean of the last 12
  // versions: 1.5 0.7583, 2 0.7621, 2.5 0.7630 but 0.38 at round 10); without SCAFFOLD 2 fell
  // apart within four rounds, so a hub with workers (no SCAFFOLD) steps at 1.
  float server_lr = 2.f;
  // FedAvgM. 0.6, with row averages (10 label-skewed nodes, 30% drop-out, 30 rounds, seed 2):
  // debsec (53 labels, 48,000 lines) 0.749 against 0.729 at 0.3, central 0.774; fortunes (39
  // labels, 12,000 lines) 0.489 against 0.480 at 0.3, central 0.527; demo seeds 1 and 3 0.768
  // and 0.751 against 0.754 and 0.701. 0.7 diverged on fortunes before row averages (0.17).
  float server_momentum = 0.6f;
  // With HubOptions::max_rounds: each round's local learning rate decays linearly from the
  // configured one to 10% of it at the last round, so the fleet settles instead of circling
  // the optimum. Without an end (max_rounds 0) the rate stays. Under SCAFFOLD a kept step
  // gains 0.12 point on debsec (ten seeds, offline) and loses 0.8 to 2.8 points on the demo
  // requests, whose versions then swing to the end (bench/results/fed_seeds.md).
  bool decay_lr = true;
  // With max_rounds: the server step (server_lr) decays the same way, so the last rounds move
  // the global model less and their drop-outs and label skew swing it less. Off: with the
  // local step decaying already, the two decays multiply and the last third of the run barely
  // moves (debsec, 53 labels: 0.748 without against 0.734 with, central 0.774; fortunes
  // without row averages: 0.458 against 0.433).
  bool decay_server_lr = false;
  // How the averaged delta becomes the step. kMomentum: FedAvgM (server_momentum above, 0:
  // FedAvg). The adaptive ones (Reddi et al. 2021, "Adaptive Federated Optimization") step each
  // weight by server_lr x m / (sqrt(v) + server_tau), m the delta's moving average (server_beta1),
  // v its squares' (kAdam: moving average at server_beta2; kYogi: moved toward the square by
  // sign only; kAdagrad: their sum), without bias correction. Memory: two floats a weight.
  // Default kMomentum: on debsec (53 labels, 10 label-skewed nodes, 30% drop-out, seed 2, offline
  // harness bench/micro/fed_offline.cc) Adam at server lr 0.03 and 0.1 rose smoothly but
  // slowly (0.631 and 0.677 at round 10, FedAvgM 0.6 0.715), at 0.3 it ended at 0.733 against
  // FedAvgM's 0.749, at 1 it fell apart within four rounds; at 0.3 with server_tau 0.01 and
  // 0.03 it ended at 0.748 and 0.752, never 0.1 point under the round before from round 7 on
  // where FedAvgM swings by 2 to 5 points, but not yet measured through the simulation or on
  // other seeds (bench/results/fed_seeds.md).
  enum class ServerOptimizer { kMomentum, kAdam, kYogi, kAdagrad };
  ServerOptimizer server_optimizer = ServerOptimizer::kMomentum;
  float server_beta1 = 0.9f;
  float server_beta2 = 0.99f;
  float server_tau = 1e-3f;
  // With max_rounds: the last round publishes the mean of the versions of the last
  // `average_last` rounds (its own included) instead of its own: under label skew each
  // round's version leans toward the labels of the nodes that stayed in it, and the mean of
  // several rounds' leans less. 0 or 1: off. Memory: one float a weight during those rounds.
  // 12 with SCAFFOLD, whose single versions swing (debsec seed 1: 0.58 at round 22) around a
  // level near central: loka fed simulate, debsec seeds 1 / 2 / 3, the mean of the last 8
  // versions 0.7712 / 0.7635 / -, of the last 12 0.7681 / 0.7644 / 0.7621, of the last 16 (seed
  // 3, offline) 0.7622 (central 0.7737). Without SCAFFOLD (FedAvgM with row averages) the curve
  // still rose over the last rounds and the mean lagged: debsec seed 2, last version 0.749, mean
  // of the last 3, 5 and 8 versions 0.747, 0.741 and 0.743.
  uint32_t average_last = 12;
  // SCAFFOLD (Karimireddy et al. 2020) on the wire: each round's nodes correct their local
  // steps by c - c_i and send their drift-free progress g on the rows their examples touched
  // (fed::DeriveControl); the hub derives each node's c_i = -g / (steps x lr) from the update
  // it takes, adds the correction's share -steps x lr x (c - c_i) on every row to that node's
  // delta itself, and publishes c, the mean c_i over every enrolled node (a node not heard
  // from yet: 0), with each global version (docs/formats/update.md "c"). Needs
  // remember_updates, row_average and label_average off (c already carries the absent nodes'
  // gradients) and no workers. Memory: c of each version an update may still answer
  // (max_staleness + 1) and every node's last c_i on the rows it touched. On by default, with 4
  // local epochs, server lr 2 and average_last 12 (loka fed simulate, 10 label-skewed nodes,
  // 30% drop-out, 30 rounds; central 0.7737 / 0.5269): debsec seeds 1 / 2 / 3 0.7681 / 0.7644 /
  // 0.7621 and the fortunes seed 2 0.5360, against FedAvgM with remembered updates and row
  // averages (the defaults before) 0.7495 / 0.7508 / 0.7324 and 0.4889; with
  // Message::without_control, which came later, debsec 0.7731 / 0.7656 / 0.7628, seeds 4 / 5
  // 0.7672 / 0.7674 (seeds 1 / 2 / 3 with float32 updates: 0.7730 / 0.7654 / 0.7628). 811 KB a
  // node-round on debsec seed 2 (69x under the dense delta) against 768 KB, at about twice the
  // CPU (4 local epochs). Seed 3 stays 1.1 under: server lr 1.5, momentum 0.4 or a decayed
  // server step end it lower still (offline: 0.7583, 0.7572, 0.7538;
  // bench/results/fed_seeds.md). Turned off (with server_lr 1) by a hub with workers.
  bool scaffold = true;

  static AggregateOptions FedAvg() {
    AggregateOptions a;
    a.remember_updates = a.row_average = a.label_average = false;
    a.server_momentum = 0.f;
    a.decay_lr = a.decay_server_lr = false;
    a.server_optimizer = ServerOptimizer::kMomentum;
    a.average_last = 0;
    a.scaffold = false;
    a.server_lr = 1.f;
    return a;
  }
};

struct HubOptions {
  std::string fleet = "default";  // the topic level loka/v1/<fleet>/
  std::string hub_id = "hub";     // sender id of the hub's messages
  // Nodes asked per round, drawn at random from the enrolment list; 0: every enrolled node.
  uint32_t nodes_per_round = 0;
  // The round closes early once this share of the chosen nodes (rounded up, at least 1) have
  // sent an update. 1: wait for all of them or the deadline.
  double quorum_fraction = 1.0;
  // Once the quorum is reached, the round still waits this many times as long as reaching it
  // took (never past the deadline) for the rest of the chosen nodes: nodes with more data train
  // longer, and closing at the quorum alone would leave out the same slow nodes every round.
  // 0: close at the quorum.
  double straggler_wait = 1.0;
  // Rounds to run; after the last one closes no new round is announced. 0: no end.
  uint32_t max_rounds = 0;
  // Asynchronous mode (FedBuff-style): an update trained from up to this many versions before
  // the open round's is still aggregated, its weight divided by sqrt(1 + staleness). 0: only
  // updates for the open round count; one for a closed round is refused as stale_round.
  uint32_t max_staleness = 0;
  AggregateOptions aggregate;
  // Updates a round needs at its deadline to produce a version; fewer: closed empty.
  uint32_t min_updates = 1;
  // How long nodes have to answer. 5 minutes: local training is seconds, uploads over a thin
  // link of a few hundred KB are a minute at 64 kbit/s.
  int64_t round_timeout_ms = 5 * kMsPerMinute;
  // Bits of a global version's values: 16 keeps the hub's rounding far below the updates'; 8
  // halves the download.
  uint8_t global_value_bits = 16;
  // The largest rows x columns a message may declare: 2^26 cells (256 MB of float32).
  uint64_t max_cells = uint64_t{1} << 26;
  uint64_t seed = 1;  // the choice of nodes and each round's training seed
  // Coordinator of several hub workers (docs/formats/update.md "Partial sums"): their ids. The
  // hub then takes partial sums from these workers (signed with its own key) instead of the
  // nodes' updates, and counts the updates each sums towards the quorum. Empty: one hub takes
  // every update itself.
  std::vector<std::string> workers;
  AssemblerOptions assembler;
  const Clock* clock = &DefaultClock();
  // Every refusal and every closed round, as a line for the log. Null: silent.
  std::function<void(const std::string&)> log;
};

struct HubStats {
  uint32_t round = 0;      // the open round
  uint32_t version = 0;    // the latest global version
  int64_t updates_accepted = 0;
  int64_t metrics_accepted = 0;
  int64_t rounds_closed = 0;  // with a new version
  int64_t rounds_empty = 0;   // closed without enough updates
  std::array<int64_t, kReasonCount> rejected{};  // by Reason
  uint64_t last_round_examples = 0;
  uint32_t last_round_updates = 0;
  bool finished = false;  // max_rounds reached: no round open
};

// Check 10 of docs/formats/update.md and the model's shape for an update `m` from `node` while
// `plan` is the open round (`open` false: none is open): nullopt when it may be aggregated, else
// why not. `already`: the node already has an update for m's round. `max_staleness` as
// HubOptions'. Shared by the hub and its workers (fed/hub_worker.h).
std::optional<Rejection> CheckRoundUpdate(const RoundPlan& plan, bool open, uint32_t max_staleness,
                                          const TextModelSpec& spec, const std::string& node,
                                          const Message& m, bool already, const std::string& what);

// The adaptive server step of `a.server_optimizer` (not kMomentum) on the averaged delta
// `step` (rows x cols), in place: m and v are the moments it keeps, updated here (all three
// the same size). Exposed for its tests.
void ServerStep(const AggregateOptions& a, std::vector<float>* step, std::vector<float>* m,
                std::vector<float>* v);

// The options Hub::Create takes from `options` alone (quorum, deadline, the server's step),
// for a caller that checks them before costly work (`loka fed simulate` trains its central
// baseline first). Errors: invalid_argument naming the flag, its range and the value given.
Status CheckHubOptions(const HubOptions& options);

class Hub {
 public:
  // Errors: invalid_argument (no enrolled node, a spec with fewer than 2 labels, options out
  // of range).
  static Result<std::unique_ptr<Hub>> Create(HubOptions options, TextModelSpec spec,
                                             LocalTrainOptions train, CompressOptions compress,
                                             Enrolment enrolment, SigningKey key);

  // The initial global version 0 (all zeros) and round 1's announcement. Call once.
  Result<std::vector<SignedMessage>> Start();
  // Start's alternative for a hub restarted mid-run: carries on from `from`, the latest version
  // this hub published and the round that trains from it, as the fleet's broker retains them
  // (FetchVersionFile, ReadVersionFile in fed/transfer.h). Announces that round again (updates
  // the nodes sent for it while the hub was away still count) and returns the announcement;
  // the version stays as retained. A hub started afresh would announce version 0, which every
  // node holding a later version ignores: the fleet would stall. Past max_rounds it announces
  // nothing (the run is over; stats().finished) and returns no message. Server momentum, the
  // nodes' c_i and the tail mean start afresh. Call once, instead of Start. Errors:
  // invalid_argument when `from` is of another model (buckets, labels, features) or round.
  Result<std::vector<SignedMessage>> Resume(const VersionFile& from);
  // One MQTT payload from node `node` (the topic's last level) on the update (`metric` false) or
  // metric topic; with workers, from worker `node` on the partial topic instead of an update. OK when taken or pending more chunks; the rejection's status otherwise.
  Status Receive(const std::string& node, std::string_view payload, bool metric);
  // Closes the round when its quorum or deadline is reached, expires partial messages; returns
  // what to publish (a new global version and/or the next announcement), empty when nothing
  // changed. Errors: internal (encoding failed).
  Result<std::vector<SignedMessage>> Tick();

  const HubStats& stats() const { return stats_; }
  const std::vector<float>& weights() const { return weights_; }
  const TextModelSpec& spec() const { return spec_; }
  const std::vector<MetricReport>& metrics() const { return metrics_; }
  // The latest global version's message (republished for nodes that return).
  const SignedMessage* latest_global() const { return latest_.get(); }
  // The open round's announcement (republished likewise); null before Start.
  const SignedMessage* latest_round() const { return round_msg_.get(); }
  const RoundPlan& open_round() const { return plan_; }

 private:
  Hub(HubOptions options, TextModelSpec spec, LocalTrainOptions train, CompressOptions compress,
      Enrolment enrolment, SigningKey key);
  Result<SignedMessage> Announce();
  // Server momentum (and the adaptive optimizers' second moment) at zero, sized as weights_.
  void ZeroServerMoments();
  Result<SignedMessage> AggregateAndPublish();
  // With scaffold: the round's averaged delta with each update's correction share added, and
  // every node's c_i derived from its update. Returns the step (rows x cols).
  std::vector<float> ScaffoldStep(uint64_t* total);
  // With scaffold: c, the mean of every node's c_i, quantized as the version is (and kept).
  SparseMatrix PublishControl(uint32_t version);
  // A worker's partial sum: nullopt when taken (or overtaken by the worker's later one).
  std::optional<Rejection> TakePartial(const std::string& worker, Message m, const std::string& what);
  size_t RoundUpdates() const;  // accepted this round: direct updates + those partial sums hold
  void Log(const std::string& line) const;

  HubOptions options_;
  TextModelSpec spec_;
  LocalTrainOptions train_;
  CompressOptions compress_;
  Enrolment enrolment_;
  SigningKey key_;
  Receiver receiver_;
  std::mt19937_64 rng_;
  std::vector<float> weights_;   // rows x cols: the latest version, as nodes decode it
  std::vector<float> momentum_;  // rows x cols when server_momentum > 0 or adaptive: m
  std::vector<float> second_;    // rows x cols with an adaptive server optimizer: v
  std::vector<float> tail_sum_;  // with average_last: the sum of the last rounds' versions
  uint32_t tail_count_ = 0;      // versions in tail_sum_
  // With scaffold: every node's c_i by the round of the update it was derived from (the last
  // kControlsKept), the c published with each version an update may still answer (as nodes
  // decode it; absent: zero), and what each recent round announced: its local learning rate
  // and which c_i each node was to train with.
  static constexpr size_t kControlsKept = 4;
  struct AnnouncedRound {
    float lr = 0;
    std::map<std::string, uint32_t> control_rounds;
  };
  std::map<std::string, std::map<uint32_t, ControlRows>> control_;
  std::map<uint32_t, std::vector<float>> published_control_;
  std::map<uint32_t, AnnouncedRound> announced_;
  RoundPlan plan_;
  bool open_ = false;
  int64_t opened_ms_ = 0;   // steady time the open round was announced
  int64_t quorum_ms_ = -1;  // steady time its quorum was reached (-1: not yet)
  // This round's accepted updates by (node, the round each answers).
  std::map<std::pair<std::string, uint32_t>, Message> updates_;
  std::map<std::string, Message> partials_;  // the latest partial sum of each worker
  std::map<std::string, Message> latest_update_;  // with remember_updates: by node
  std::vector<MetricReport> metrics_;
  std::unique_ptr<SignedMessage> latest_;
  std::unique_ptr<SignedMessage> round_msg_;
  HubStats stats_;
};

}  // namespace loka::fed

#endif  // LOKA_FED_HUB_H_
