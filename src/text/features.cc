// Hashed features. Every id is Hash64(bytes, seed) or a HashCombine chain reduced modulo the
// bucket count; the seeds and byte layouts below are part of the model file format.
//
// Speed: Hash64 is FNV-1a followed by Mix64. Per line, the FNV states of all unigrams and char
// n-grams are gathered first (each start position extends one FNV state code point by code
// point, so an n-gram of length n costs one step, not n), then one flat loop mixes and reduces
// them. The flat loop has no dependency between iterations, so the multiplies overlap.
#include "text/features.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/hash.h"
#include "text/tokenize.h"
#include "text/utf8.h"

namespace loka::text {
namespace {

constexpr uint64_t kWordSeed = 1;
constexpr uint64_t kCharNgramSeed = 2;
constexpr uint64_t kStreamNgramSeed = 3;

// h % buckets, with a mask when buckets is a power of two (same result, no division).
// REQUIRES: buckets > 0.
class Bucketer {
 public:
  explicit Bucketer(uint32_t buckets)
      : buckets_(buckets), mask_(buckets - 1), pow2_((buckets & (buckets - 1)) == 0) {}
  uint32_t operator()(uint64_t h) const {
    return static_cast<uint32_t>(pow2_ ? (h & mask_) : (h % buckets_));
  }

 private:
  uint64_t buckets_;
  uint64_t mask_;
  bool pow2_;
};

// Per-thread scratch, reused across calls so the hot loop does not allocate once warm.
struct Scratch {
  std::vector<std::string_view> tokens;
  std::vector<uint64_t> word_hashes;  // Hash64(token, kWordSeed) per token
  std::vector<uint64_t> states;       // FNV states awaiting Mix64, in output order
  std::vector<uint64_t> char_states;  // the char n-grams' states when split from the words'
  std::vector<uint32_t> offsets;      // byte offset of each code point of `buf`, then buf.size()
  std::string buf;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Fills `offsets` with the byte offset of every code point of valid UTF-8 `s`, plus s.size().
void CodePointOffsets(std::string_view s, std::vector<uint32_t>* offsets) {
  offsets->resize(s.size() + 1);
  uint32_t* out = offsets->data();
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    out[n] = static_cast<uint32_t>(i);
    n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  }
  out[n] = static_cast<uint32_t>(s.size());
  offsets->resize(n + 1);
}

struct NgramSpec {
  uint32_t min_n;
  uint32_t max_n;
  uint64_t seed;
  std::string_view markers;  // a 1-gram that is one of these bytes is skipped
  bool skip_whole;           // skip the n-gram that covers all of `s`
};

// Appends to `states` the FNV-1a state (before Mix64) of every n-gram of `s` of min_n..max_n
// code points, by start position, shortest first; Mix64 of a state is Hash64(ngram, seed).
// `off(k)` is the byte offset of code point k, off(ncp) == s.size().
template <typename Offset>
void AppendNgramStates(std::string_view s, size_t ncp, Offset off, const NgramSpec& spec,
                       std::vector<uint64_t>* states) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const size_t span = spec.max_n - spec.min_n + 1;
  const size_t base = states->size();
  states->resize(base + ncp * std::min<size_t>(span, ncp));  // an upper bound
  uint64_t* out = states->data() + base;
  for (size_t i = 0; i < ncp; ++i) {
    uint64_t h = kFnvOffset64 ^ spec.seed;
    const size_t last = std::min<size_t>(ncp, i + spec.max_n);
    for (size_t j = i + 1; j <= last; ++j) {
      const size_t b = off(j - 1);
      h = FnvUpdate(h, bytes + b, off(j) - b);
      const size_t n = j - i;
      if (n < spec.min_n) continue;
      if (n == 1 && spec.markers.find(static_cast<char>(bytes[b])) != std::string_view::npos) {
        continue;
      }
      if (spec.skip_whole && n == ncp) continue;
      *out++ = h;
    }
  }
  states->resize(static_cast<size_t>(out - states->data()));
}

void AppendNgramStates(std::string_view s, std::vector<uint32_t>* offsets, const NgramSpec& spec,
                       std::vector<uint64_t>* states) {
  if (IsAscii(s)) {  // one byte per code point: no offset table
    AppendNgramStates(
        s, s.size(), [](size_t k) { return k; }, spec, states);
  } else {
    CodePointOffsets(s, offsets);
    const uint32_t* o = offsets->data();
    AppendNgramStates(
        s, offsets->size() - 1, [o](size_t k) { return size_t{o[k]}; }, spec, states);
  }
}

// Appends bucket(Mix64(state)) for every state.
void MixInto(const std::vector<uint64_t>& states, const Bucketer& bucket,
             std::vector<uint32_t>* ids) {
  const size_t base = ids->size();
  ids->resize(base + states.size());
  uint32_t* out = ids->data() + base;
  const uint64_t* in = states.data();
  for (size_t k = 0; k < states.size(); ++k) out[k] = bucket(Mix64(in[k]));
}

// Tokenizes `normalized` into sc.tokens and appends, for each token, the FNV state of its
// unigram to `word_states` (and its Hash64 to sc.word_hashes) and those of its char n-grams to
// `char_states`; the two may be the same vector, which then holds Featurize's order.
void GatherStates(std::string_view normalized, const FeatureOptions& options, Scratch& sc,
                  std::vector<uint64_t>* word_states, std::vector<uint64_t>* char_states) {
  sc.tokens.clear();
  sc.word_hashes.clear();
  TokenizeOptions topt;
  topt.keep_symbols = topt.keep_punctuation = options.punctuation;
  Tokenize(normalized, &sc.tokens, topt);
  const bool chars = options.char_ngram_min > 0 && options.char_ngram_max >= options.char_ngram_min;
  const NgramSpec spec{options.char_ngram_min, options.char_ngram_max, kCharNgramSeed, "<>",
                       /*skip_whole=*/options.words};
  for (const std::string_view token : sc.tokens) {
    if (options.words) {
      const uint64_t state =
          FnvUpdate(kFnvOffset64 ^ kWordSeed, reinterpret_cast<const unsigned char*>(token.data()),
                    token.size());
      word_states->push_back(state);
      sc.word_hashes.push_back(Mix64(state));  // == Hash64(token, kWordSeed)
    }
    if (chars) {
      sc.buf.clear();
      sc.buf.push_back('<');
      sc.buf.append(token);
      sc.buf.push_back('>');
      AppendNgramStates(sc.buf, &sc.offsets, spec, char_states);
    }
  }
}

// Appends the word n-grams (2..word_ngrams) of sc.word_hashes.
void AppendWordNgrams(const Scratch& sc, const FeatureOptions& options, const Bucketer& bucket,
                      std::vector<uint32_t>* ids) {
  if (!options.words || options.word_ngrams < 2) return;
  const std::vector<uint64_t>& wh = sc.word_hashes;
  for (size_t i = 0; i < wh.size(); ++i) {
    uint64_t h = wh[i];
    for (size_t j = i + 1; j < wh.size() && j - i < options.word_ngrams; ++j) {
      h = HashCombine(h, wh[j]);
      ids->push_back(bucket(h));
    }
  }
}

}  // namespace

void Featurize(std::string_view normalized, const FeatureOptions& options,
               std::vector<uint32_t>* ids) {
  if (options.buckets == 0) return;
  const Bucketer bucket(options.buckets);
  Scratch& sc = ThreadScratch();
  sc.states.clear();
  GatherStates(normalized, options, sc, &sc.states, &sc.states);
  MixInto(sc.states, bucket, ids);
  AppendWordNgrams(sc, options, bucket, ids);
}

void Featurize(std::string_view normalized, const FeatureOptions& options,
               std::vector<uint32_t>* word_ids, std::vector<uint32_t>* char_ids) {
  if (options.buckets == 0) return;
  const Bucketer bucket(options.buckets);
  Scratch& sc = ThreadScratch();
  sc.states.clear();
  sc.char_states.clear();
  GatherStates(normalized, options, sc, &sc.states, &sc.char_states);
  MixInto(sc.states, bucket, word_ids);
  AppendWordNgrams(sc, options, bucket, word_ids);
  MixInto(sc.char_states, bucket, char_ids);
}

void CharNgramFeatures(std::string_view normalized, uint32_t min_n, uint32_t max_n,
                       uint32_t buckets, std::vector<uint32_t>* ids) {
  if (buckets == 0 || min_n == 0 || max_n < min_n) return;
  Scratch& sc = ThreadScratch();
  sc.tokens.clear();
  sc.states.clear();
  Tokenize(normalized, &sc.tokens);
  if (sc.tokens.empty()) return;
  sc.buf.clear();
  sc.buf.push_back(' ');
  for (const std::string_view token : sc.tokens) {
    sc.buf.append(token);
    sc.buf.push_back(' ');
  }
  const NgramSpec spec{min_n, max_n, kStreamNgramSeed, " ", /*skip_whole=*/false};
  AppendNgramStates(sc.buf, &sc.offsets, spec, &sc.states);
  MixInto(sc.states, Bucketer(buckets), ids);
}

}  // namespace loka::text
