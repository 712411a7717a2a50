// Subword embeddings learned without labels: skip-gram with negative sampling (Mikolov et al.
// 2013) over words represented by their character n-grams (Bojanowski et al. 2017, fastText),
// hashed into a fixed number of rows. A word's vector is the mean of its n-gram rows, so a word
// never seen in training (a misspelling, another inflection or romanization) still gets one
// close to the words it shares most n-grams with. A text's vector is the frequency-weighted
// mean of its unit word vectors (weight a / (a + p(word)), Arora et al. 2017), minus the
// corpus's mean text vector, at unit length: cosine between two texts is their dot product.
//
// Exact definitions (part of the file format, docs/formats/embeddings.md):
//   n-grams   every substring of "<" + word + ">" of n code points, n in [min_n, max_n], by
//             start then length; row Hash64(substring bytes, seed 4) % buckets. A word whose
//             padded form is shorter than min_n code points has the one row of its whole
//             padded form.
//   counts    word frequencies for the weights, hashed: Hash64(word, seed 5) % count_buckets.
// Words are given already analyzed (normalized, split): this layer sees strings only.
//
// Training is single-threaded and deterministic: the same corpus, options and seed give the
// same bytes on every machine (own pseudo-random generator, no std::shuffle).
#ifndef LOKA_LEARN_EMBED_H_
#define LOKA_LEARN_EMBED_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace loka::learn {

struct EmbedOptions {
  // Vector size. 32 keeps a passage's stored vector at 32 bytes (int8) and a query's cosine
  // against 100 candidates under 10 µs; it is enough to place a misspelt or inflected word near
  // its word, which is what search asks of it (tests/learn/embed_test.cc).
  uint32_t dim = 32;
  // Hashed n-gram rows (dim floats each): 2^17 rows of 32 are 16 MiB. Collisions between the
  // n-grams of many languages blur vectors; more rows cost memory and file size linearly.
  uint32_t buckets = 1u << 17;
  uint32_t min_n = 3, max_n = 5;  // n-gram lengths in code points (fastText's defaults)
  // Context words on each side, at most (each center draws its window from 1..window).
  uint32_t window = 4;
  uint32_t negatives = 5;  // negative samples per (center, context) pair
  uint32_t epochs = 5;     // passes over a small corpus (bounded by max_tokens below)
  // Training work bound: at most this many tokens are visited in all epochs together (a large
  // corpus is visited in a seeded shuffled order, so the tokens seen are a sample of every
  // part). About 1 µs per token with the defaults on one core of this project's 2-core test
  // box: 2,000,000 tokens are about 2-4 s whatever the corpus size.
  uint64_t max_tokens = 1'000'000;
  // Words seen fewer times are not used as context targets (still as centers: their n-grams
  // learn from their neighbours).
  uint32_t min_count = 2;
  double learning_rate = 0.05;  // linearly decayed to 0 over the planned tokens
  // Frequent-word subsampling threshold (word2vec's t): "the", "of" are dropped from most
  // windows, which sharpens the rest and saves time.
  double subsample = 1e-4;
  // Word-frequency table size for the text weights: 2^18 counts of 4 bytes (1 MiB).
  uint32_t count_buckets = 1u << 18;
  // a of the weight a / (a + p(word)): 1e-3 (Arora et al.'s range 1e-4 to 1e-3) leaves rare
  // words near 1 and makes words of 1% of the tokens weigh 0.09.
  double weight_a = 1e-3;
  uint64_t seed = 1;
  // Called now and then during training with (tokens visited, tokens planned), last with
  // (planned, planned).
  std::function<void(uint64_t, uint64_t)> progress;
};

// Texts as words, interned: what Train reads and TextVectors vectorizes in bulk.
class EmbedCorpus {
 public:
  void Add(const std::vector<std::string>& words);  // one text (sentence, passage)
  size_t texts() const { return starts_.size(); }
  uint64_t tokens() const { return tokens_.size(); }

 private:
  friend class Embeddings;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> words_;   // by id
  std::vector<uint64_t> counts_;     // by id
  std::vector<uint32_t> tokens_;     // word ids of every text, concatenated
  std::vector<uint64_t> starts_;     // where each text begins in tokens_
};

// The largest table of n-gram rows, dim x buckets floats: 2^28, 1 GiB in memory and as much in
// the saved file, which is as much as a node's machine should give it. Every dim up to 1024
// fits 2^18 buckets; the defaults (32 x 2^17) use 1/64 of it. 1024 x 2^24 asked for 64 GiB and
// ended in std::bad_alloc or the kernel's OOM killer.
inline constexpr uint64_t kMaxEmbedCells = uint64_t{1} << 28;

class Embeddings {
 public:
  // Learns vectors from `corpus`. Errors: invalid_argument for options out of range (dim 0 or
  // past 1024, buckets 0 or past 2^24, dim x buckets past kMaxEmbedCells, min_n 0 or past max_n,
  // max_n past 16, count_buckets 0 or past 2^24), failed_precondition when the corpus has no
  // token.
  static Result<Embeddings> Train(const EmbedCorpus& corpus, const EmbedOptions& options);

  // The file format (docs/formats/embeddings.md). Parse checks sizes, header fields, the
  // checksum and that every number is finite: a corrupt file is an error naming what is wrong
  // (corrupt), never a crash.
  std::string Serialize() const;
  static Result<Embeddings> Parse(std::string_view bytes);
  Status Save(const std::string& path) const;             // Errors: io_error.
  static Result<Embeddings> Load(const std::string& path);  // Errors: Parse's, not_found.

  uint32_t dim() const { return dim_; }
  uint32_t buckets() const { return buckets_; }
  uint32_t min_n() const { return min_n_; }
  uint32_t max_n() const { return max_n_; }
  uint64_t total_tokens() const { return total_tokens_; }  // words learnt from

  // The mean of `word`'s n-gram rows (dim floats) into `out`. REQUIRES: `word` valid UTF-8.
  void WordVector(std::string_view word, float* out) const;
  // A text's vector (dim floats, unit length, or all zeros for a text without words).
  std::vector<float> TextVector(const std::vector<std::string>& words) const;
  // TextVector of every text of `corpus`, concatenated (texts() * dim floats); each distinct
  // word is vectorized once.
  std::vector<float> TextVectors(const EmbedCorpus& corpus) const;

 private:
  double Weight(std::string_view word) const;
  // Adds the weighted unit vector of `word` to `sum`.
  void Accumulate(std::string_view word, std::vector<float>* sum) const;
  void Finish(std::vector<float>* v) const;  // mean removed, unit length

  uint32_t dim_ = 0, buckets_ = 0, min_n_ = 0, max_n_ = 0, count_buckets_ = 0;
  uint64_t total_tokens_ = 0;
  float weight_a_ = 0;
  std::vector<float> mean_;    // dim
  std::vector<float> rows_;    // buckets * dim
  std::vector<uint32_t> counts_;  // count_buckets
};

// The n-gram row ids of `word` (see the header comment), appended to `ids`.
void SubwordRows(std::string_view word, uint32_t min_n, uint32_t max_n, uint32_t buckets,
                 std::vector<uint32_t>* ids);

}  // namespace loka::learn

#endif  // LOKA_LEARN_EMBED_H_
