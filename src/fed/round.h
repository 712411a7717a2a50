// A round announcement's content (message type 3, docs/formats/update.md): which global version
// to train from, who is chosen, until when, how to train and how to compress, and the model's
// shape (buckets, labels, features), as JSON. Parsing checks every field's range: the
// announcement comes over the network, signed by the hub but read by code that allocates by it.
//
// Thread contract: plain values and functions.
#ifndef LOKA_FED_ROUND_H_
#define LOKA_FED_ROUND_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "fed/compress.h"
#include "fed/text_model.h"

namespace loka::fed {

struct RoundPlan {
  std::string fleet;
  uint32_t round = 0;
  uint32_t version = 0;      // the global version to train from
  int64_t deadline_ms = 0;   // wall time after which the hub may close the round
  std::vector<std::string> chosen;  // node ids asked to train
  LocalTrainOptions train;
  CompressOptions compress;
  TextModelSpec spec;
  // SCAFFOLD (AggregateOptions::scaffold): the nodes correct their local steps by c - c_i, c
  // from the global version they train from, and derive their c_i from the update they send
  // as the hub does (fed::DeriveControl). JSON "scaffold", absent: false.
  bool scaffold = false;
  // With scaffold: for each node the hub holds a c_i of, the round of the update it derived
  // it from; the node trains with its own c_i of that round (none listed: c_i = 0), so node and
  // hub use the same c_i even when the node's later update never reached the hub. JSON
  // "control_rounds": {node id: round}, absent: none.
  std::map<std::string, uint32_t> control_rounds;
};

// SCAFFOLD's control variate c_i of one node, on the rows it is non-zero: ascending `index`,
// `values` index.size() x cols.
struct ControlRows {
  std::vector<uint32_t> index;
  std::vector<float> values;
};

// With RoundPlan::scaffold a node sends, on the rows its examples touched, not its delta but
// its drift-free progress g = delta + steps x lr x (c - c_i) (the delta without the correction's
// share; on every other row the delta is exactly -steps x lr x (c - c_i), so g is 0 there and
// nothing is sent). c_i+ = c_i - c - delta / (steps x lr) (option II of Karimireddy et al.
// 2020) is then -g / (steps x lr): this is c_i+ from the update `sent` as received, the same
// numbers on the node and at the hub, and independent of c_i before, so a node and the hub
// agree again after any update the hub takes, even when an earlier one was lost. `steps`:
// the round's epochs x the update's example count; `lr` the round's.
ControlRows DeriveControl(const SparseMatrix& sent, uint64_t steps, float lr);

// A global version with the round that trains from it, decoded and checked (a version file,
// fed/transfer.h, or the fleet's retained messages).
struct VersionFile {
  uint32_t version = 0;
  RoundPlan plan;               // the announcement: round, labels, features
  std::vector<float> weights;   // rows x cols of plan.spec
  // SCAFFOLD's c published with the version, rows x cols; empty when it carries none.
  std::vector<float> control;
};

std::string RoundPlanToJson(const RoundPlan& plan);
// Whether two specs announce the same model: buckets, labels, features and normalization.
bool SameAnnouncedSpec(const TextModelSpec& a, const TextModelSpec& b);
// The ranges RoundPlanFromJson accepts for the announced training and compression options:
// epochs in [1, 100], lr in [1e-6, 100], l2 in [0, 1], prox_mu in [0, 100], logit_adjust in
// [0, 10], clip_norm in [0, 1e9] (NaN in none). The hub checks its own options against them when
// it starts, so that it never announces a round that every node refuses.
// Errors: invalid_argument naming the option.
Status CheckAnnouncedOptions(const LocalTrainOptions& train, const CompressOptions& compress);
// Errors: invalid_argument naming `what` and the field (missing, wrong type, out of range: buckets
// in [1, 2^24], 2 to 4096 labels, epochs in [1, 100], value bits 8/16/32, ...).
Result<RoundPlan> RoundPlanFromJson(std::string_view json, const std::string& what);

// A node's report on a new global version, measured on its own held-out data.
struct MetricReport {
  uint32_t round = 0;
  uint32_t version = 0;
  double local_accuracy = 0;     // the new version's
  double previous_accuracy = 0;  // the version the node serves now
  bool deployed = false;         // false: the node refused the version (worse locally)
  uint64_t heldout = 0;          // held-out examples measured on
  // With the node's differential privacy on (fed/privacy.h): its noised updates so far and the
  // epsilon they spent at its delta. 0 rounds: off (the JSON then has neither field).
  uint32_t dp_rounds = 0;
  double dp_epsilon = 0;
};
std::string MetricReportToJson(const MetricReport& report);
Result<MetricReport> MetricReportFromJson(std::string_view json, const std::string& what);

}  // namespace loka::fed

#endif  // LOKA_FED_ROUND_H_
