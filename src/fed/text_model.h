// The first model a fleet federates: a hashed linear text classifier, a (buckets + 1) x labels
// matrix of floats (the last row holds the label biases) over sublinear-TF hashed features of
// unit L2 norm, trained locally by SGD from the current global version. Every node and the hub
// agree on the buckets, the labels and the features through the round announcement, so rows
// mean the same feature everywhere without any vocabulary leaving a node. A global version
// becomes an ordinary classifier model file (learn/model.h, Pooling::kTfidf) for serving.
//
// Thread contract: plain functions; TrainLocal writes only the weights it is given.
#ifndef LOKA_FED_TEXT_MODEL_H_
#define LOKA_FED_TEXT_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "text/features.h"
#include "text/normalize.h"

namespace loka::fed {

struct TextModelSpec {
  // Hashed feature rows. 2^18 keeps a 5-label model at 5 MB of float32 and collisions rare for
  // a few hundred thousand distinct n-grams; more buckets cost the hub memory, not the wire
  // (updates carry only rows that changed).
  uint32_t buckets = 1u << 18;
  std::vector<std::string> labels;  // sorted; columns in this order
  text::FeatureOptions features;    // features.buckets == buckets
  text::NormalizeOptions normalize;
  uint32_t rows() const { return buckets + 1; }
  uint32_t cols() const { return static_cast<uint32_t>(labels.size()); }
  uint32_t bias_row() const { return buckets; }
};

// Word uni- and bigrams and character 2..4-grams hashed into `buckets`, `labels` sorted.
TextModelSpec MakeTextModelSpec(uint32_t buckets, std::vector<std::string> labels);

// Whether a fleet can federate `spec`: at least one bucket, labels neither empty nor starting or
// ending with white space (nodes' labels come trimmed), and at most `max_cells` weights
// (rows x labels; HubOptions::max_cells, the largest matrix a message may declare). Checked
// before any work that depends on it (loka fed simulate trains its central baseline first).
// Errors: invalid_argument naming the sizes and the most buckets that fit the labels.
Status CheckTextModelSpec(const TextModelSpec& spec, uint64_t max_cells);

// One featurized example: distinct rows, their unit-norm sublinear TF values, the label column.
struct Example {
  std::vector<uint32_t> row;
  std::vector<float> value;
  int32_t label = -1;
};

// Featurizes `data`. Errors: invalid_argument naming `what` and the example for malformed UTF-8
// or a label not in spec.labels.
Result<std::vector<Example>> FeaturizeExamples(const std::vector<learn::LabelledText>& data,
                                               const TextModelSpec& spec, const std::string& what);

struct LocalTrainOptions {
  // Passes over the local data per round. 4 with SCAFFOLD (AggregateOptions::scaffold, on by
  // default): debsec seed 3, offline, mean of the last 12 versions 3 epochs 0.7623, 4 0.7621,
  // 5 0.7623 (3 at 13% less CPU, but measured on that seed only); 4 through loka fed simulate
  // on seeds 1 and 2 (0.7681, 0.7644 against central 0.7737). Without the correction 4 epochs
  // diverged under late updates at server momentum 0.6 (debsec seed 2: 0.034), and 2 were the
  // default. CPU grows in proportion.
  uint32_t epochs = 4;
  float lr = 0.5f;       // SGD step for unit-norm inputs, constant within a round
  // Weight decay per step on the rows an example touches. 1e-3 measured best of 1e-4..1e-2 on
  // the demo requests (held-out accuracy 0.77 against 0.71 and 0.70).
  float l2 = 1e-3f;
  // FedProx: pulls the rows an example touches toward the round's base weights by
  // prox_mu x (w - base) per step; 0 is plain FedAvg's local SGD.
  float prox_mu = 0.f;
  // Restricted softmax (FedRS with the absent labels' logits masked out): the softmax of an
  // example spans only the labels the local data holds, so a node never pushes down, nor decays,
  // the columns of labels it has no example of. Centrally (every label present) it is plain
  // softmax. Off: on the demo requests, 10 nodes under Dirichlet 0.3 label skew, it left labels
  // held by disjoint nodes never weighed against each other (seed 3: 0.63 against 0.74 with
  // plain softmax, central 0.77; bench/results/fed_seeds.md).
  bool restricted_softmax = false;
  // Logit adjustment for label skew (FedLC, Zhang et al. 2022; Menon et al. 2021): the feature
  // rows train on logits plus logit_adjust x log(local prior of the label), the prior smoothed
  // by one example per label so a label absent locally is pushed down less, not masked. The
  // rows then learn how a feature weighs on a label apart from how common the label is on
  // this node; the bias row trains on the plain logits and keeps the prior. 0: off: on
  // debsec (53 labels, 10 label-skewed nodes, 30% drop-out, seed 2, offline without transport)
  // 1 ended at 0.682 against 0.747 without, under the plain softmax at every round
  // (bench/results/fed_seeds.md).
  float logit_adjust = 0.f;
  uint64_t seed = 1;     // example order
};

// Trains `weights` (rows x cols, in place, starting from their values) by SGD on softmax
// cross-entropy. `base` is the round's starting weights (for prox_mu; may be `weights`' copy).
// Appends every row it changed to `touched` (ascending, bias row included).
// `correction` (rows x cols, or null: none) is SCAFFOLD's drift correction c - c_i
// (Karimireddy et al. 2020): every local step is taken on gradient + correction, on every row,
// not only the rows the example touches. It is applied lazily: a row catches up lr x
// correction x (steps since it last did) when an example reads it and at the end of the run,
// so the result is the dense steps' while the cost stays the sparse ones' (plus one pass over
// the correction at the end). With it, server lr 2 at momentum 0.6, which diverged within four
// rounds on debsec without it, stays stable (bench/results/fed_seeds.md).
// REQUIRES: weights->size() == base.size() == spec.rows() x spec.cols(), and correction's too.
void TrainLocal(const std::vector<Example>& examples, const TextModelSpec& spec,
                const LocalTrainOptions& options, const std::vector<float>& base,
                std::vector<float>* weights, std::vector<uint32_t>* touched,
                const std::vector<float>* correction = nullptr);

// Top-1 accuracy of `weights` on `examples` (0 for none).
double Accuracy(const std::vector<float>& weights, const TextModelSpec& spec,
                const std::vector<Example>& examples);

// The classifier model (float, Pooling::kTfidf) of `weights`: one row per non-zero bucket.
learn::ModelData ToModelData(const std::vector<float>& weights, const TextModelSpec& spec);

}  // namespace loka::fed

#endif  // LOKA_FED_TEXT_MODEL_H_
