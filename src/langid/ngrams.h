// The language-ID feature stream: hashed character n-grams of one normalized text, with the
// number of n-grams of each order. The ids are exactly those of text::CharNgramFeatures (same
// stream, seed and order of emission; a test checks it); this copy also reports the order counts
// the Naive Bayes floors need and works per word for --spans.
#ifndef LOKA_LANGID_NGRAMS_H_
#define LOKA_LANGID_NGRAMS_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace loka::langid {

inline constexpr uint32_t kMaxOrder = 8;

struct NgramStats {
  uint32_t stream_length = 0;  // code points of " tok tok ... " (0 when there is no token)
  uint32_t tokens = 0;
  std::array<uint32_t, kMaxOrder + 1> per_order{};  // per_order[n]: n-grams of n code points
};

// Appends to `ids` the bucket (in [0, 2^bucket_bits)) of every n-gram of min_order..max_order
// code points of the stream built from `normalized` (see docs/formats/langid.md, Features) and
// fills `stats`. When `orders` is not null, appends the order (code points) of each n-gram to
// it, parallel to `ids` (training needs it; scoring does not). Allocation-free once the
// per-thread scratch is warm.
// REQUIRES: `normalized` is valid UTF-8 (the output of text::Normalize);
//           1 <= min_order <= max_order <= kMaxOrder; bucket_bits <= 31. Thread-safe.
void HashedNgrams(std::string_view normalized, uint32_t min_order, uint32_t max_order,
                  uint32_t bucket_bits, std::vector<uint32_t>* ids, NgramStats* stats,
                  std::vector<uint8_t>* orders = nullptr);

// Same for a stream the caller has already built (" " + words joined by " " + " "), e.g. one
// word for span scoring. `tokens` is the number of words in it.
void HashedStreamNgrams(std::string_view stream, uint32_t tokens, uint32_t min_order,
                        uint32_t max_order, uint32_t bucket_bits, std::vector<uint32_t>* ids,
                        NgramStats* stats, std::vector<uint8_t>* orders = nullptr);

// Appends the 16-bit hash of every word (token of text::Tokenize) of `normalized`, in text order,
// for the word groups of the model (model_file.h): Hash64(word, seed 5), low 16 bits.
void WordHashes(std::string_view normalized, std::vector<uint16_t>* out);

}  // namespace loka::langid

#endif  // LOKA_LANGID_NGRAMS_H_
