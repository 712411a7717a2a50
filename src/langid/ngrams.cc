// Hashed n-gram stream for language ID. Hash64(bytes, seed 3) is FNV-1a from (offset ^ seed)
// then Mix64 (core/hash.h); each start position extends one FNV state code point by code point,
// so an n-gram costs one step, as in text/features.cc.
#include "langid/ngrams.h"

#include <algorithm>
#include <string>

#include "core/hash.h"
#include "text/tokenize.h"

namespace loka::langid {
namespace {

constexpr uint64_t kStreamNgramSeed = 3;  // text::CharNgramFeatures' seed
constexpr uint64_t kWordSeed = 5;         // word-group hashes, apart from the n-gram ids

struct Scratch {
  std::vector<std::string_view> tokens;
  std::vector<uint32_t> offsets;
  std::string stream;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

template <typename Offset>
void Emit(std::string_view s, size_t ncp, Offset off, uint32_t min_order, uint32_t max_order,
          uint64_t mask, std::vector<uint32_t>* ids, std::vector<uint8_t>* orders) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const size_t base = ids->size();
  ids->resize(base + ncp * (max_order - min_order + 1));  // an upper bound
  uint32_t* out = ids->data() + base;
  for (size_t i = 0; i < ncp; ++i) {
    uint64_t h = kFnvOffset64 ^ kStreamNgramSeed;
    const size_t last = std::min<size_t>(ncp, i + max_order);
    for (size_t j = i + 1; j <= last; ++j) {
      const size_t b = off(j - 1);
      h = FnvUpdate(h, bytes + b, off(j) - b);
      const size_t n = j - i;
      if (n < min_order || (n == 1 && bytes[b] == ' ')) continue;
      *out++ = static_cast<uint32_t>(Mix64(h) & mask);
      if (orders != nullptr) orders->push_back(static_cast<uint8_t>(n));
    }
  }
  ids->resize(static_cast<size_t>(out - ids->data()));
}

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void HashedStreamNgrams(std::string_view stream, uint32_t tokens, uint32_t min_order,
                        uint32_t max_order, uint32_t bucket_bits, std::vector<uint32_t>* ids,
                        NgramStats* stats, std::vector<uint8_t>* orders) {
  *stats = NgramStats();
  const uint64_t mask = (uint64_t{1} << bucket_bits) - 1;
  size_t ncp = 0;
  if (IsAscii(stream)) {
    ncp = stream.size();
    Emit(
        stream, ncp, [](size_t k) { return k; }, min_order, max_order, mask, ids, orders);
  } else {
    std::vector<uint32_t>& o = ThreadScratch().offsets;
    o.resize(stream.size() + 1);
    for (size_t i = 0; i < stream.size(); ++i) {
      o[ncp] = static_cast<uint32_t>(i);
      ncp += (static_cast<unsigned char>(stream[i]) & 0xC0) != 0x80;
    }
    o[ncp] = static_cast<uint32_t>(stream.size());
    const uint32_t* op = o.data();
    Emit(
        stream, ncp, [op](size_t k) { return size_t{op[k]}; }, min_order, max_order, mask, ids, orders);
  }
  stats->stream_length = static_cast<uint32_t>(ncp);
  stats->tokens = tokens;
  for (uint32_t n = min_order; n <= max_order; ++n) {
    const int64_t count = static_cast<int64_t>(ncp) - n + 1 - (n == 1 ? tokens + 1 : 0);
    stats->per_order[n] = count > 0 ? static_cast<uint32_t>(count) : 0;
  }
}

void HashedNgrams(std::string_view normalized, uint32_t min_order, uint32_t max_order,
                  uint32_t bucket_bits, std::vector<uint32_t>* ids, NgramStats* stats,
                  std::vector<uint8_t>* orders) {
  Scratch& sc = ThreadScratch();
  sc.tokens.clear();
  text::Tokenize(normalized, &sc.tokens);
  if (sc.tokens.empty()) {
    *stats = NgramStats();
    return;
  }
  sc.stream.clear();
  sc.stream.push_back(' ');
  for (const std::string_view token : sc.tokens) {
    sc.stream.append(token);
    sc.stream.push_back(' ');
  }
  // HashedStreamNgrams uses sc.offsets, not sc.stream: no aliasing.
  HashedStreamNgrams(sc.stream, static_cast<uint32_t>(sc.tokens.size()), min_order, max_order,
                     bucket_bits, ids, stats, orders);
}

void WordHashes(std::string_view normalized, std::vector<uint16_t>* out) {
  std::vector<std::string_view>& tokens = ThreadScratch().tokens;
  tokens.clear();
  text::Tokenize(normalized, &tokens);
  for (const std::string_view t : tokens) {
    out->push_back(static_cast<uint16_t>(Hash64(t, kWordSeed) & 0xFFFF));
  }
}

}  // namespace loka::langid
