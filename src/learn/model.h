// A trained linear text classifier: hashed features -> pooled rows (the mean, or TF-IDF weights
// of unit norm, see Pooling) -> linear -> calibrated softmax (a temperature, then a map of the
// top label's probability, calibration.h).
// Immutable after construction and safe to share between threads; predictions use only
// per-call scratch. Backed by a model file's bytes (an mmap or an owned buffer), used in place.
// The byte format is docs/formats/model.md.
#ifndef LOKA_LEARN_MODEL_H_
#define LOKA_LEARN_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/file.h"
#include "core/status.h"
#include "learn/calibration.h"
#include "text/features.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace loka::learn {

enum class ModelKind : uint32_t { kFloat = 1, kQuantized = 2 };

// How a text's feature rows become one vector. kMean: the mean of the rows of its features (an
// embedding bag). kTfidf: each distinct feature's row weighted by 1 + ln(its count in the
// text), the weights scaled to unit L2 norm (the features' IDF is folded into their rows at
// training), the shape of a wide linear model over sublinear TF-IDF features. kTfidfBlocks:
// kTfidf with the word features (unigrams and word n-grams) and the character n-grams weighted
// as two blocks, each scaled to its own norm (the char block to 1, the word block to
// ModelData::word_block_weight), as two TF-IDF vectorizers side by side: the few words of a
// text are not drowned by its many n-grams (what `loka train` writes).
enum class Pooling : uint32_t { kMean = 0, kTfidf = 1, kTfidfBlocks = 2 };

struct Prediction {
  int32_t label = -1;
  float probability = 0.f;
};

// Everything needed to write a model file. Produced by training and quantization.
struct ModelData {
  ModelKind kind = ModelKind::kFloat;
  uint32_t dim = 0;
  Pooling pooling = Pooling::kMean;
  // kTfidfBlocks: the L2 norm the word block is scaled to (the char n-gram block's is 1).
  float word_block_weight = 1.f;
  Calibration calibration;
  text::FeatureOptions features;
  text::NormalizeOptions normalize;
  std::vector<std::string> labels;
  std::vector<uint64_t> label_counts;  // training examples per label
  std::string metadata_json = "{}";
  std::vector<uint32_t> ids;           // ascending hashed feature ids, one per row
  // kind 1
  std::vector<float> embeddings;       // ids.size() x dim
  std::vector<float> output;           // labels.size() x dim
  // kind 2
  uint32_t pq_dsub = 0;
  std::vector<float> codebooks;        // (dim / pq_dsub) x 256 x pq_dsub
  std::vector<uint8_t> codes;          // ids.size() x (dim / pq_dsub), of unit-norm rows
  std::vector<float> norm_table;       // 256 row norms
  std::vector<uint8_t> norm_codes;     // ids.size(): row norm = norm_table[norm_codes[r]]
  std::vector<float> output_scales;    // labels.size()
  std::vector<int8_t> output_q;        // labels.size() x dim
};

// Serializes `data` to the model file format. Fails if sizes are inconsistent.
Result<std::string> SerializeModel(const ModelData& data);

// A text is classified, and trained on, by the features of its first kMaxTextBytes bytes of
// normalized text (cut at a code point boundary, text::Utf8PrefixBytes), as language ID scores
// a text's first 1 MiB. 1 MiB is some 150,000 words, far past a message or a page. Unbounded,
// memory grew by about 70 bytes per byte of text, most of it n-gram ids: a 50 MB line took
// 3.5 GB to predict and over 6 GB to train on.
inline constexpr size_t kMaxTextBytes = size_t{1} << 20;

class Model {
 public:
  // Maps `path` and validates it. Errors: not_found, io_error, corrupt (bad magic, checksum,
  // truncation, inconsistent sizes), failed_precondition (a newer format version).
  static Result<Model> Load(const std::string& path);
  // Validates and takes ownership of a serialized model.
  static Result<Model> FromBytes(std::string bytes, std::string name = "<memory>");

  Model(Model&&) noexcept = default;
  Model& operator=(Model&&) noexcept = default;

  // Top-k labels with probability >= threshold, most probable first. Fails only on malformed
  // UTF-8 (invalid_argument with the byte offset). Text with no known feature gives the
  // label prior of an empty bag: callers can spot it by `NumKnownFeatures`.
  Status Predict(std::string_view text, int k, float threshold, std::vector<Prediction>* out) const;

  // Predict for a text as a person gives it (a line of `loka predict`, a text of the HTTP
  // predict): a blank text (text::IsBlank: empty, or only white space and invisible characters)
  // gets no prediction, an empty `out`, where Predict would give the label prior. Errors as
  // Predict's.
  Status PredictUnlessBlank(std::string_view text, int k, float threshold,
                            std::vector<Prediction>* out) const;

  // The full probability vector over labels for already-normalized text, calibrated
  // (CalibratedProbabilities: the top label is the top score's).
  // `known` (optional) receives the number of features found in the model.
  void Probabilities(std::string_view normalized, std::vector<float>* probs,
                     size_t* known = nullptr) const;
  // The label scores before the temperature: output · pooled rows + calibration bias, from the
  // features of the text's first kMaxTextBytes bytes.
  void Scores(std::string_view normalized, std::vector<float>* scores,
              size_t* known = nullptr) const;

  ModelKind kind() const { return kind_; }
  uint32_t dim() const { return dim_; }
  uint32_t format_version() const { return version_; }
  Pooling pooling() const { return pooling_; }
  float word_block_weight() const { return word_block_weight_; }  // kTfidfBlocks only
  const Calibration& calibration() const { return calibration_; }
  size_t num_labels() const { return labels_.size(); }
  size_t num_rows() const { return num_rows_; }
  const std::string& label(size_t i) const { return labels_[i]; }
  const std::vector<std::string>& labels() const { return labels_; }
  const std::vector<uint64_t>& label_counts() const { return label_counts_; }
  const text::FeatureOptions& feature_options() const { return features_; }
  const text::NormalizeOptions& normalize_options() const { return normalize_; }
  const std::string& metadata_json() const { return metadata_; }
  size_t file_size() const { return bytes_.size(); }
  std::string_view bytes() const { return bytes_; }

  // Row of hashed feature `id`, or -1.
  uint32_t SlotOf(uint32_t id) const;  // the index slot an id's row is in
  int64_t FindRow(uint32_t id) const;

  // Decodes the model back to editable arrays (for quantization of a float model).
  ModelData ToData() const;

 private:
  Model() = default;
  Status Parse(const std::string& name);

  std::unique_ptr<std::string> owned_;   // set when built from bytes
  std::unique_ptr<MappedFile> mapped_;   // set when loaded from a file
  std::string_view bytes_;

  ModelKind kind_ = ModelKind::kFloat;
  uint32_t version_ = 0;
  Pooling pooling_ = Pooling::kMean;
  float word_block_weight_ = 1.f;
  Calibration calibration_;
  uint32_t dim_ = 0;
  size_t num_rows_ = 0;
  uint32_t index_bits_ = 0;
  uint32_t id_shift_ = 0;  // tagged files: ids are keyed as id << id_shift_ (see RowKey)
  uint32_t pq_dsub_ = 0;
  text::FeatureOptions features_;
  text::NormalizeOptions normalize_;
  std::vector<std::string> labels_;
  std::vector<uint64_t> label_counts_;
  std::string metadata_;
  const uint32_t* ids_ = nullptr;   // float models: the feature id of each row
  const uint16_t* tags_ = nullptr;  // quantized models: each row's 16-bit tag (see RowKey)
  const uint32_t* index_ = nullptr;
  const float* embeddings_ = nullptr;
  const float* codebooks_ = nullptr;
  const uint8_t* codes_ = nullptr;
  const float* norm_table_ = nullptr;
  const uint8_t* norm_codes_ = nullptr;
  const float* output_ = nullptr;
  const float* output_scales_ = nullptr;
  const int8_t* output_q_ = nullptr;
};

// Index bits for `rows` rows: about 8 rows per index slot, at most 24 bits.
uint32_t IndexBitsFor(size_t rows);
// Index bits of a quantized model with `rows` rows: IndexBitsFor, at most 16.
uint32_t TagIndexBitsFor(size_t rows);
// How far ids below `buckets` are shifted left so their top bit is bit 31.
uint32_t IdShiftFor(uint32_t buckets);
// The part of a feature id a quantized model keys its rows by: the top index_bits + 16 bits of
// id << shift (shift = IdShiftFor(buckets)): index slot (key >> 16) and 16-bit tag (the low 16
// bits of the key). index_bits <= 16.
uint32_t RowKey(uint32_t id, uint32_t index_bits, uint32_t shift);

}  // namespace loka::learn

#endif  // LOKA_LEARN_MODEL_H_
