// Hashed features for linear models: word unigrams, word n-grams, and character n-grams of
// each word with boundary markers ("<word>"), all hashed into one fixed bucket space. The hash
// values are part of the model file format: changing them breaks saved models.
#ifndef LOKA_TEXT_FEATURES_H_
#define LOKA_TEXT_FEATURES_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace loka::text {

struct FeatureOptions {
  uint32_t buckets = 1u << 21;  // size of the hashed feature space; ids are in [0, buckets)
  bool words = true;            // word unigrams
  uint32_t word_ngrams = 2;     // longest word n-gram (1 = unigrams only); ignored without words
  uint32_t char_ngram_min = 2;  // code points; 0 disables character n-grams
  uint32_t char_ngram_max = 4;
};

// Appends the bucket ids of every feature of `normalized` (output of Normalize) to `ids`.
// Order: for each token, its unigram then its char n-grams; then word n-grams. Duplicates are
// kept (counts matter). Allocation-free after `ids` and the internal per-thread scratch grow.
// REQUIRES: `normalized` is valid UTF-8. Thread-safe.
void Featurize(std::string_view normalized, const FeatureOptions& options,
               std::vector<uint32_t>* ids);

// Char n-grams only, over the whole text as one string with '<' '>' markers at word
// boundaries: the feature set used by language ID, where short text may be a word fragment.
void CharNgramFeatures(std::string_view normalized, uint32_t min_n, uint32_t max_n,
                       uint32_t buckets, std::vector<uint32_t>* ids);

}  // namespace loka::text

#endif  // LOKA_TEXT_FEATURES_H_
