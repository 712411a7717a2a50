// Hashed features for linear models: word unigrams, word n-grams, and character n-grams of
// each word with boundary markers ("<word>"), all hashed into one fixed bucket space. The hash
// values are part of the model file format: changing them breaks saved models.
//
// Exact definitions (core/hash.h; "% buckets" is h % buckets, computed with a mask when buckets is
// a power of two, which gives the same value):
//   tokens      Tokenize(normalized) with default options (no symbol tokens).
//   unigram     Hash64(token, seed 1) % buckets.
//   char n-gram every substring of "<" + token + ">" of n code points, n in [min, max], by start
//               position then length; id Hash64(substring bytes, seed 2) % buckets. Skipped: a lone
//               "<" or ">" (when min is 1), and, when words is on, the substring that is the whole
//               "<token>" (it duplicates the unigram, as in fastText).
//   word n-gram for n in [2, word_ngrams] and each start i: h = hash(t_i), then
//               h = HashCombine(h, hash(t_j)) for j = i+1 .. i+n-1, with hash(t) the unigram's
//               Hash64(t, seed 1) before reduction; id h % buckets. Emitted by start position,
//               shortest first.
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
  // Punctuation and symbols (emoji, currency) become one-code-point tokens, as fastText keeps
  // them: they carry style and intent ("?", "!!", "$") that words alone miss.
  bool punctuation = false;
};

// Appends the bucket ids of every feature of `normalized` (output of Normalize) to `ids`.
// Order: for each token, its unigram then its char n-grams; then word n-grams. Duplicates are
// kept (counts matter). Allocation-free after `ids` and the internal per-thread scratch grow.
// buckets == 0 adds nothing; char_ngram_max < char_ngram_min disables char n-grams.
// REQUIRES: `normalized` is valid UTF-8. Thread-safe.
void Featurize(std::string_view normalized, const FeatureOptions& options,
               std::vector<uint32_t>* ids);

// The same features split by kind, for models that weigh the two kinds as separate blocks:
// appends to `word_ids` the word unigrams then the word n-grams, and to `char_ids` the char
// n-grams, each kind in Featurize's relative order (so the two lists together hold exactly
// Featurize's ids). `word_ids` and `char_ids` must differ. Same contract as Featurize.
void Featurize(std::string_view normalized, const FeatureOptions& options,
               std::vector<uint32_t>* word_ids, std::vector<uint32_t>* char_ids);

// Char n-grams only, over the whole text as one stream, so n-grams may span a word boundary: the
// feature set used by language ID, where short text may be a word fragment. The stream is
// " " + tokens joined by " " + " " (Tokenize with default options; one ASCII space is the
// boundary marker, whatever separated the words in `normalized`). Appends, by start position
// then length, Hash64(bytes, seed 3) % buckets for every substring of min_n..max_n code points
// except a lone " ". Text without tokens adds nothing; buckets == 0 or min_n == 0 or
// max_n < min_n add nothing. Example: "ab, cd" gives the stream " ab cd ".
// REQUIRES: `normalized` is valid UTF-8. Thread-safe; allocation-free once warm, like Featurize.
void CharNgramFeatures(std::string_view normalized, uint32_t min_n, uint32_t max_n,
                       uint32_t buckets, std::vector<uint32_t>* ids);

}  // namespace loka::text

#endif  // LOKA_TEXT_FEATURES_H_
