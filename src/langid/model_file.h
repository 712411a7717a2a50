// The language-ID model file (docs/formats/langid.md): ModelData, the owned arrays the trainer
// builds and SerializeModel writes; ModelView, a validated read-only view of a file's bytes used
// in place (mmap). ModelView is immutable and safe to share between threads.
//
// The n-gram tables belong to profiles: each profile is one table of one language (its code),
// and a language may have several (text of different domains, e.g. the UDHR and software
// strings, counted apart). Entries, floors, dense rows and the scripts' candidate lists are
// indexed by profile; answers are per language.
#ifndef LOKA_LANGID_MODEL_FILE_H_
#define LOKA_LANGID_MODEL_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::langid {

// Version 2 lets a language have several profiles; a model with one profile per language is
// written as version 1, byte for byte what earlier loka wrote and read. Version 3 adds a prior
// per profile; a model whose priors are all zero is written as version 1 or 2. Version 4 adds
// word groups (WordGroup) and answer odds per language (ModelData::odds); a model without
// either is written as version 1 to 3.
inline constexpr uint32_t kFormatVersion = 4;
inline constexpr float kMaxPrior = 64.f;        // |prior| in nats
inline constexpr uint32_t kMaxProfiles = 1024;  // entries hold a 10-bit profile id
inline constexpr uint32_t kValueBits = 6;
inline constexpr uint16_t kValueMask = (1u << kValueBits) - 1;
inline constexpr uint32_t kBlockBuckets = 64;    // buckets per block_base entry
inline constexpr uint32_t kMaxDense = 1u << 16;
inline constexpr uint32_t kRowAlign = 64;        // dense row stride is a multiple of this

// Bytes per dense row for `profiles` profiles.
inline uint32_t DenseRowStride(size_t profiles) {
  return static_cast<uint32_t>((profiles + kRowAlign - 1) / kRowAlign * kRowAlign);
}

struct ScriptCandidates {
  std::string script;              // ISO 15924, four letters
  std::vector<uint16_t> profiles;  // ascending profile ids
};

// The languages of one script's candidate profiles (derived at load, not stored).
struct ScriptLanguages {
  std::vector<uint16_t> languages;  // ascending ids into ModelView::languages, unique
  std::vector<uint16_t> slot;       // per candidate profile: its language's index in `languages`
};

struct CalibrationBucket {
  uint32_t max_length = 0xFFFFFFFFu;  // stream code points, inclusive
  float temperature = 1.f;
};

// Word evidence for a group of close languages (docs/langid.md, "A fourteenth run"): when the
// two best languages of a text are both in the group, each group language's score gets
// `step` x the sum of its weights over the text's words found here. Words are hashed
// (WordHash in ngrams.h); a word not listed adds nothing.
inline constexpr uint32_t kMaxWordGroups = 64;
inline constexpr uint32_t kMaxGroupLanguages = 16;
inline constexpr uint32_t kMaxGroupWords = 1u << 20;
struct WordGroup {
  std::vector<uint16_t> languages;  // ids into the model's languages (ModelView::languages),
                                    // strictly ascending, at least 2
  float step = 0.f;                 // nats per weight unit, > 0
  std::vector<uint16_t> words;      // word hashes, strictly ascending
  std::vector<int8_t> weights;      // words x (languages - 1), row per word; the last
                                    // language's weight is minus the sum of the row (the
                                    // weights are centred over the group)
};

// Scalar settings of a model (config section of the format).
struct ModelConfig {
  uint32_t bucket_bits = 16;
  uint32_t min_order = 1;
  uint32_t max_order = 5;
  float value_scale = 0.25f;            // nats per quantization step
  float und_threshold = 0.f;
  uint32_t min_letters = 2;
  float script_only_probability = 1.f;
  float min_coverage = 0.f;
  float span_switch_penalty = 6.f;
};

// Everything a model file holds, as owned arrays. Produced by the trainer.
struct ModelData {
  ModelConfig config;
  std::vector<std::string> profiles;            // ISO 639-3 code of each profile, ascending;
                                                // equal codes are profiles of one language
  std::vector<float> floors;                    // profiles x orders
  std::vector<float> priors;                    // per profile, nats added to its score;
                                                // empty: all zero
  std::vector<float> odds;                      // per language (the distinct profile codes,
                                                // in order), nats added to its log-odds after
                                                // the temperature; empty: all zero
  std::vector<ScriptCandidates> scripts;        // ascending by script name
  std::vector<CalibrationBucket> calibration;   // ascending max_length, last 0xFFFFFFFF
  std::string metadata_json = "{}";
  std::vector<uint32_t> bucket_start;           // 2^bucket_bits + 1, start of each bucket
  std::vector<uint16_t> entries;                // profile_id << 6 | q, grouped by bucket;
                                                // a dense bucket's one entry is its row
  std::vector<uint64_t> dense_bitmap;           // 2^bucket_bits / 64 words
  std::vector<uint8_t> dense_rows;              // rows x DenseRowStride(profiles)
  std::vector<WordGroup> word_groups;           // empty: none (format version 4 otherwise)
};

// Serializes `data`: format version 4 when it has word groups or an answer odd is not zero, else
// 3 when a prior is not zero, else version 1 when no language has two profiles, else version 2.
// Fails with invalid_argument naming the first inconsistency (sizes, order, limits) so a trainer
// bug never writes a file the reader would reject.
Result<std::string> SerializeModel(const ModelData& data);

// A validated view of model bytes. Small tables are copied; the large arrays point into the
// bytes, which must outlive the view.
struct ModelView {
  ModelConfig config;
  uint32_t num_buckets = 0;
  uint32_t num_orders = 0;                  // max_order - min_order + 1
  uint32_t version = 0;                     // of the file read
  std::vector<std::string> profiles;        // code per profile, as stored
  std::vector<std::string> languages;       // the distinct codes, ascending
  std::vector<uint16_t> profile_language;   // profile id -> index into languages
  std::vector<ScriptCandidates> scripts;
  std::vector<ScriptLanguages> script_languages;  // parallel to scripts
  std::vector<CalibrationBucket> calibration;
  std::string_view metadata_json;
  const float* floors = nullptr;            // profiles x num_orders
  std::vector<float> priors;                // per profile (zeros before version 3)
  std::vector<float> language_odds;         // per language (zeros before version 4)
  double odds_spread = 0;                   // largest minus smallest of language_odds
  const uint32_t* block_base = nullptr;     // num_buckets / 64 + 1
  const uint16_t* offset = nullptr;         // num_buckets + 1
  const uint16_t* entries = nullptr;
  uint32_t num_entries = 0;
  const uint64_t* dense_bitmap = nullptr;   // num_buckets / 64
  const uint8_t* dense_rows = nullptr;      // num_dense x row_stride
  uint32_t num_dense = 0;
  uint32_t row_stride = 0;
  std::vector<WordGroup> word_groups;       // copied (small); empty before version 4
  std::vector<int16_t> language_group;      // per language: its word group, or -1

  bool IsDense(uint32_t bucket) const { return (dense_bitmap[bucket / 64] >> (bucket % 64)) & 1; }

  uint32_t Start(uint32_t bucket) const {
    return block_base[bucket / kBlockBuckets] + offset[bucket];
  }
  float Floor(uint32_t profile, uint32_t order) const {
    return floors[profile * num_orders + (order - config.min_order)];
  }
};

// Validates `bytes` (see the format's reader checks) and returns a view into them. `what` names
// the input in messages. Reads versions 1 to 4. Errors: corrupt, failed_precondition (unknown
// version).
Result<ModelView> ParseModel(std::string_view bytes, const std::string& what);

}  // namespace loka::langid

#endif  // LOKA_LANGID_MODEL_FILE_H_
