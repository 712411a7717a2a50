// `loka fed simulate`: a whole fleet on one machine. A real mosquitto on a loopback port, a
// hub (fed/hub_service.h) and N nodes (fed/node_agent.h, one thread each with its own MQTT
// connection and its own slice of a labelled data set, split non-IID), trained for R rounds;
// each new global version is scored on the test set by the harness (an observer: the hub
// never sees an example). The same model trained centrally on the pooled training data is the
// baseline. Drop-outs: each chosen node, each round, trains and then loses its link with
// probability `dropout`, its update unsent.
//
// Thread contract: Simulate is a plain blocking function.
#ifndef LOKA_FED_SIMULATE_H_
#define LOKA_FED_SIMULATE_H_

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/status.h"
#include "fed/compress.h"
#include "fed/hub.h"
#include "fed/learner.h"
#include "fed/privacy.h"
#include "fed/text_model.h"
#include "learn/dataset.h"

namespace loka::fed {

enum class Partition {
  kLabelSkew,  // each label's examples spread over nodes by Dirichlet(alpha) shares
  kIid,        // shuffled, dealt evenly
};
// The fleet's data: per-label Dirichlet(alpha) shares over `nodes` (label-skew), or an even
// deal (iid), after a shuffle by `rng`; a node left without data gets one example from the
// largest share, so every node can train.
// REQUIRES: alpha > 0 with kLabelSkew (std::gamma_distribution's precondition; Simulate checks
// it before calling).
std::vector<std::vector<learn::LabelledText>> SplitFleetData(std::vector<learn::LabelledText> data,
                                                             uint32_t nodes, Partition how,
                                                             double alpha, std::mt19937_64& rng);

// A simulated fleet's identities: node ids "node000", "node001", ..., a fresh Ed25519 key
// for each, and the enrolment list that holds their public keys.
struct SimulatedFleet {
  std::vector<std::string> ids;
  std::vector<SigningKey> keys;  // keys[n] signs for ids[n]
  Enrolment enrolment;
};
Result<SimulatedFleet> EnrolSimulatedFleet(uint32_t nodes);

// The baseline: the same model and local trainer (`t`, without the proximal term) for
// `epochs` passes over the pooled `train`, scored on `test`.
Result<double> CentralAccuracy(const std::vector<learn::LabelledText>& train,
                               const TextModelSpec& spec, LocalTrainOptions t, uint32_t epochs,
                               const std::vector<Example>& test);

// True when node `n` drops out of round `round`: a fixed function of the seed, so runs repeat.
bool DropsOut(uint64_t seed, uint32_t n, uint32_t round, double dropout);

// "label-skew" or "iid". Errors: invalid_argument naming the accepted values.
Result<Partition> ParsePartition(std::string_view name);

struct SimulateOptions {
  std::vector<learn::LabelledText> train;
  std::vector<learn::LabelledText> test;  // empty: a seeded 20% of `train` is held out
  uint32_t nodes = 10;
  uint32_t rounds = 30;
  double dropout = 0;  // in [0, 1)
  Partition partition = Partition::kLabelSkew;
  // Dirichlet concentration of label-skew: 0.3 leaves most labels on two or three nodes.
  double alpha = 0.3;
  uint64_t seed = 1;
  uint32_t buckets = 1u << 18;
  LocalTrainOptions train_options;  // per round, on each node
  uint32_t central_epochs = 30;     // the baseline's passes over the pooled data
  CompressOptions compress;         // clip, top-k, bits of the updates
  DpOptions dp;                     // each node's differential privacy (off by default)
  // Most lines a node holds out to judge new versions (fed/learner.h; 0: 10% of any size).
  size_t heldout_max = LearnerOptions().heldout_max;
  uint8_t global_value_bits = 16;
  // The hub's aggregation: the same defaults `loka hub` runs with (fed/hub.h).
  AggregateOptions aggregate;
  // The hub closes a round once this share of its chosen nodes sent an update (or at the
  // deadline): with drop-outs, waiting for everyone would wait for the deadline every round.
  // 0.5: at 30% drop-out of 10 nodes, fewer than 5 answer in 5% of the rounds (0.6: 15%).
  double quorum_fraction = 0.5;
  // 30 s: a node's first round featurizes its data, and 10 nodes share the machine's cores;
  // at 10 s a loaded 2-core machine closed half of debsec's rounds (5,000 examples a node)
  // empty. Only rounds short of the quorum wait this long.
  int64_t round_timeout_ms = 30000;
  // Updates from up to this many versions back are still aggregated (FedBuff-style), so the
  // nodes a quorum leaves behind still count, one round late.
  uint32_t max_staleness = 1;
  std::string mosquitto = "/usr/sbin/mosquitto";
  // Kills and restarts the broker after this many rounds (0: never), to show training resumes.
  uint32_t restart_broker_after = 0;
  double max_seconds = 1800;  // the whole run; over it: resource_exhausted
  // The memory the run may need (SimulationMemoryBytes); over it the run is refused before
  // anything trains. 0: the machine's physical memory.
  uint64_t max_memory_bytes = 0;
  std::function<void(const std::string&)> log;  // progress lines; null: silent
};

// The peak memory a simulation of `nodes` nodes over a rows x cols float matrix is expected to
// need: kSimulationFixedCopies + kSimulationCopiesPerNode x nodes copies of the matrix. Each
// node thread holds the latest version, the deployed one and the fleet's c, a local copy, the
// correction and the delta while it trains, and its recent c_i; the hub its version, momentum,
// the tail sum, the published c and every node's recent c_i; the baseline its own model.
// Measured peak RSS (`/usr/bin/time -v loka fed simulate --data data/debsec/train.tsv --test
// data/debsec/test.tsv --rounds 30 --dropout 0.3 --central-epochs 1`; 53 labels, 2^18 buckets,
// 55.6 MB a copy): 2 nodes 2.06 GB (37 copies), 20 nodes 7.97 GB (143 copies), 10 nodes on
// lines four times as long 5.4 GB (97 copies): 26 + 7 x nodes gives 40 / 166 / 96.
constexpr double kSimulationFixedCopies = 26;
constexpr double kSimulationCopiesPerNode = 7;
uint64_t SimulationMemoryBytes(uint32_t nodes, uint64_t rows, uint64_t cols);

struct RoundPoint {
  uint32_t round = 0;
  uint32_t version = 0;
  double accuracy = 0;
  uint32_t updates = 0;
  double seconds = 0;  // since the fleet started
  int64_t node_bytes = 0;  // bytes all nodes published since the previous point
};

struct SimulateReport {
  double central_accuracy = 0;
  double federated_accuracy = 0;
  uint32_t rounds = 0;             // rounds closed (with a version or empty)
  uint32_t versions = 0;           // of them, rounds that made a new version
  int64_t rounds_to_within_1pt = -1;  // first round within 1 point of central (-1: never)
  double bytes_per_node_round = 0;    // mean bytes a node published per round
  double bytes_per_update = 0;        // mean bytes of one update (all its chunks)
  int64_t dense_float32_bytes = 0;    // rows x labels x 4
  int64_t updates = 0, updates_dropped = 0;
  int64_t rejected = 0;            // payloads the hub refused (late updates: stale_round)
  std::vector<std::pair<std::string, int64_t>> rejected_by_reason;
  int64_t versions_refused_by_nodes = 0;
  // With dp: the budget of the node that spent the most (made the most noised updates).
  PrivacyBudget privacy;
  size_t train_examples = 0, test_examples = 0;
  uint32_t labels = 0;
  double seconds = 0;
  double central_seconds = 0;
  std::vector<RoundPoint> curve;
};

// Errors: invalid_argument (options out of range, fewer than 2 labels, fewer examples than
// nodes), the broker's and the fleet's start errors, resource_exhausted past max_seconds.
Result<SimulateReport> Simulate(SimulateOptions options);

}  // namespace loka::fed

#endif  // LOKA_FED_SIMULATE_H_
