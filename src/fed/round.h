// A round announcement's content (message type 3, docs/formats/update.md): which global version
// to train from, who is chosen, until when, how to train and how to compress, and the model's
// shape (buckets, labels, features), as JSON. Parsing checks every field's range: the
// announcement comes over the network, signed by the hub but read by code that allocates by it.
//
// Thread contract: plain values and functions.
#ifndef LOKA_FED_ROUND_H_
#define LOKA_FED_ROUND_H_

#include <cstdint>
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
};

std::string RoundPlanToJson(const RoundPlan& plan);
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
