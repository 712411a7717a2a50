// Training a language-ID model by counting: character n-gram Naive Bayes tables per language,
// pruned and quantized, a script table learned from the training text, and a softmax
// temperature per length bucket fitted on a held-out part of the training lines (never on test
// data). Deterministic and single-threaded: the same input gives the same bytes. Each language's
// table depends only on its own lines and the options, so a language can be added or retrained
// without touching the others (only the calibration is shared).
#ifndef LOKA_LANGID_TRAINER_H_
#define LOKA_LANGID_TRAINER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "langid/model_file.h"
#include "learn/dataset.h"

namespace loka::langid {

struct TrainOptions {
  uint32_t bucket_bits = 16;   // 2^16 hashed n-gram buckets: collisions cost < 0.1 point here
  uint32_t min_order = 1;      // n-grams of 1..5 code points (5 beat 4 and 6 on held-out text)
  uint32_t max_order = 5;
  double alpha = 0.01;         // additive smoothing per bucket
  // Pruning: a language keeps at most this many buckets, most frequent first, each seen at
  // least min_count times. The model size is about 2 bytes x languages x this.
  uint32_t max_entries_per_language = 1800;
  uint32_t min_count = 2;
  double value_scale = 0.25;   // nats per quantization step (6-bit values cover 0..15.75)
  // A bucket shared by at least this share of the languages is stored as a dense row: a little
  // larger on disk than its entries, several times faster to add (common n-grams: "e", "a ").
  double dense_share = 0.25;
  // A language is a candidate for a script when at least this share of its letters are in it.
  double script_min_share = 0.05;
  // Extra (script, language) pairs, e.g. {"Olck", "sat"}: a script absent from the training
  // text that one language owns; it is answered from the script alone.
  std::vector<std::pair<std::string, std::string>> script_languages;
  // Calibration: line i (0-based, per label, in file order) is held out when
  // i % heldout_every == heldout_every - 1; its text and its first `calibration_cuts` code
  // points are scored by a model trained on the other lines.
  uint32_t heldout_every = 5;
  std::vector<uint32_t> calibration_cuts = {6, 10, 15, 20, 25, 30, 40, 50, 70, 100, 150};
  // Upper bounds (stream code points) of the length buckets; one more bucket is unbounded.
  std::vector<uint32_t> length_buckets = {8, 12, 16, 20, 24, 30, 40, 56, 80, 120, 180, 300};
  uint32_t min_examples_per_bucket = 50;  // fewer: the bucket borrows its neighbour's temperature
  // Decision rules written into the model (ModelConfig).
  float und_threshold = 0.2f;
  uint32_t min_letters = 2;
  float min_coverage = 0.f;
  float span_switch_penalty = 6.f;
  std::string source;  // recorded in the metadata, e.g. the training file's name
};

struct BucketReport {
  uint32_t max_length = 0;
  size_t examples = 0;
  double temperature = 1;
  double accuracy = 0;  // of the top candidate
  double ece = 0;       // with the fitted temperature
};

struct TrainReport {
  size_t lines = 0;
  size_t heldout_lines = 0;
  size_t labels = 0;
  size_t languages = 0;           // labels plus script-only languages
  size_t table_languages = 0;     // languages with n-gram entries
  size_t entries = 0;
  double script_only_accuracy = 0;  // held-out answers given by the script alone
  size_t script_only_examples = 0;
  std::vector<BucketReport> buckets;
};

// Trains on `rows` (label = ISO 639-3 code, 2 to 7 lower-case letters, not "und"; text = valid
// UTF-8, as learn::ReadLabelledFile returns). Errors: invalid_argument for a bad label, a bad
// option or no usable line.
Result<ModelData> Train(const std::vector<learn::LabelledText>& rows, const TrainOptions& options,
                        TrainReport* report);

}  // namespace loka::langid

#endif  // LOKA_LANGID_TRAINER_H_
