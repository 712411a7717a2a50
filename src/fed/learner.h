// A node's side of federation, without any transport: it takes the hub's payloads (global
// versions, round announcements) through every check, keeps the latest global version, and
// when a round chooses it and it holds the round's base version, trains from that version on its
// own data for the round's epochs, compresses the delta (fed/compress.h, with the residual kept
// here) and signs the update. Each new version is measured on a held-out share of the local data
// against the version the node serves; it is deployed only when it is not worse by more than a
// margin, and the outcome is reported to the hub as a metric. Only updates and metric reports
// leave a Learner (the SignedMessage it returns), never an example.
//
// Thread contract: not thread-safe; one thread (fed/node_agent.h's worker) calls everything.
#ifndef LOKA_FED_LEARNER_H_
#define LOKA_FED_LEARNER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "fed/compress.h"
#include "fed/keys.h"
#include "fed/message.h"
#include "fed/privacy.h"
#include "fed/receiver.h"
#include "fed/round.h"
#include "fed/text_model.h"
#include "learn/dataset.h"

namespace loka::fed {

struct LearnerOptions {
  std::string node_id;         // this node's sender id, enrolled at the hub
  std::string hub_id = "hub";  // the only sender this node believes
  // Share of the local data held out to judge each new version (never trained on). 10%: a few
  // dozen examples on a small site, enough to catch a clearly worse model.
  double heldout_fraction = 0.1;
  // At most this many examples are held out, however large the local data (0: no cap): what
  // is held out is never trained on, and a fleet's model then learns from less than a central
  // one. On debsec (10 label-skewed nodes of 1,500 to 7,300 lines, seed 2) 10% held out 4,781
  // of 47,837 lines, and central trained on the nodes' training shares alone scored 0.766
  // against 0.774 on all: 0.7 of the 2.4 points between federated and central. The judge needs
  // a fixed number of lines, not a share: both versions are scored on the same lines, so the
  // standard error of their difference is sqrt(d / n) for a share d of lines on which exactly
  // one of them is right; at d = 10% and n = 250 it is 0.02, so a version 6 points worse is
  // refused with z = (0.06 - deploy_margin) / 0.02 = 2 (98%), and more lines buy little (500:
  // 0.014). Nodes under 2,500 lines keep their 10%. Measured (loka fed simulate, seed 2):
  // debsec's fleet holds out 2,373 lines instead of 4,781 and ends at 0.751 against 0.749.
  // A cap of 100 (refusing that 6-point-worse version with z 1.3, 90%) was measured and not
  // kept: bench/micro/fed_offline on debsec, seeds 1 to 5 and 8 at the defaults, 0.7729 /
  // 0.7677 / 0.7645 / 0.7689 / 0.7686 / 0.7630 against 0.7731 / 0.7656 / 0.7628 / 0.7672 /
  // 0.7674 / 0.7633 at 250 (central 0.7737): 0.10 point on average, none on the seed that
  // ends furthest under central, for a judge that misses more of the versions it is for.
  size_t heldout_max = 250;
  // A new version is deployed when its held-out accuracy is at least the served version's
  // minus this margin; otherwise the node keeps serving the old one (and says so).
  double deploy_margin = 0.02;
  uint64_t seed = 1;  // the held-out split
  // Differential privacy of this node's updates (fed/privacy.h); off by default. It is the
  // node's own setting: the hub neither sees nor overrides it.
  DpOptions dp;
  uint64_t max_cells = uint64_t{1} << 26;  // largest matrix a hub message may declare
  AssemblerOptions assembler;
  const Clock* clock = &DefaultClock();
};

struct LearnerStats {
  uint32_t version = 0;           // latest global version held (0: none yet or the initial)
  uint32_t version_round = 0;     // the round that closed with that version (0: the initial)
  bool have_version = false;
  uint32_t served_version = 0;    // the version deployed locally
  uint32_t last_trained_round = 0;
  // The deadline of the announcement that round was trained for: a hub that restarted
  // (Hub::Resume) announces the round again with a later deadline, and its update, if the hub
  // that stopped had taken it, is gone. The same announcement republished is not answered twice.
  int64_t last_trained_deadline_ms = 0;
  int64_t updates_made = 0;
  int64_t versions_refused = 0;   // new versions not deployed (worse locally)
  uint64_t last_update_bytes = 0;
  uint32_t last_update_rows = 0;
  double last_heldout_accuracy = 0;   // of the latest version judged
  double last_previous_accuracy = 0;  // of the version served when it was judged
  uint64_t heldout_examples = 0;      // in the held-out share of the local data
  std::array<int64_t, kReasonCount> rejected{};
  PrivacyBudget privacy;  // spent so far (enabled false: no differential privacy)
};

// Shuffles `local_data` by `options.seed` and splits it into the held-out share (the first
// min(heldout_fraction x size, heldout_max) examples, heldout_max 0: no cap) and the training
// share (the rest), as Learner::Create does.
struct HeldoutSplit {
  std::vector<learn::LabelledText> heldout, train;
};
HeldoutSplit SplitHeldout(std::vector<learn::LabelledText> local_data, const LearnerOptions& options);

class Learner {
 public:
  // Errors: invalid_argument (bad node id, a hub key that is not 32 bytes, no local data).
  static Result<std::unique_ptr<Learner>> Create(LearnerOptions options, SigningKey key,
                                                 std::string hub_public_key,
                                                 std::vector<learn::LabelledText> local_data);

  // One payload from the hub on the round topic (`round` true) or a model chunk topic. OK when
  // taken or pending; the rejection's status otherwise (the node keeps what it had).
  Status Receive(std::string_view payload, bool round);
  // The messages to publish now: an update when a round chooses this node and it holds the base
  // version; a metric report after a new version was judged. Errors: invalid_argument when
  // the local data does not fit the round's labels at all.
  Result<std::vector<SignedMessage>> Work();

  const LearnerStats& stats() const { return stats_; }
  const std::vector<float>& served_weights() const { return served_; }
  // SCAFFOLD's control variates (RoundPlan::scaffold): this node's c_i as the hub derives it
  // from the node's latest update (fed::DeriveControl; empty before its first), and the fleet's
  // c that came with the latest global version (rows x cols; empty: none, taken as zero).
  const ControlRows& control() const;
  const std::vector<float>& fleet_control() const { return fleet_control_; }
  const std::optional<RoundPlan>& plan() const { return plan_; }
  const LearnerOptions& options() const { return options_; }

 private:
  Learner(LearnerOptions options, SigningKey key, std::string hub_public_key);
  Status Prepare(const TextModelSpec& spec);  // featurizes the local data for `spec`
  Result<SignedMessage> TrainUpdate();

  LearnerOptions options_;
  SigningKey key_;
  std::string hub_key_;
  Receiver receiver_;
  std::vector<learn::LabelledText> train_text_, heldout_text_;
  std::optional<TextModelSpec> spec_;  // the spec train_/heldout_ were featurized for
  std::vector<Example> train_, heldout_;
  std::optional<RoundPlan> plan_;
  std::vector<float> global_;  // the latest global version
  std::vector<float> served_;  // the deployed version
  // c_i (SCAFFOLD) by the round of the update it was derived from, the last few: a round
  // names the one the hub holds (RoundPlan::control_rounds).
  std::map<uint32_t, ControlRows> controls_;
  std::vector<float> fleet_control_;   // c of the latest global version, rows x cols
  bool judge_pending_ = false;
  DeltaCompressor compressor_;
  PrivacyAccountant accountant_;
  // The noise's source, seeded from libsodium's generator: a seed anyone could know (the
  // options' seed) would let the hub subtract the noise.
  std::mt19937_64 noise_rng_;
  LearnerStats stats_;
};

}  // namespace loka::fed

#endif  // LOKA_FED_LEARNER_H_
