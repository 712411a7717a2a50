// Fast non-cryptographic hashing for feature buckets. Values are part of the model file format
// (a model stores hashed buckets), so these functions must never change output for a given input.
#ifndef LOKA_CORE_HASH_H_
#define LOKA_CORE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace loka {

// 64-bit FNV-1a over bytes, then a murmur3 finalizer to spread the low bits.
inline uint64_t Mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

constexpr uint64_t kFnvOffset64 = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime64 = 0x100000001b3ULL;

inline uint64_t FnvUpdate(uint64_t h, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= kFnvPrime64;
  }
  return h;
}

inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  return Mix64(FnvUpdate(kFnvOffset64 ^ seed, reinterpret_cast<const unsigned char*>(s.data()),
                         s.size()));
}

// Combines two hashes (order matters): used for word n-grams from word hashes.
inline uint64_t HashCombine(uint64_t a, uint64_t b) {
  return Mix64(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

}  // namespace loka

#endif  // LOKA_CORE_HASH_H_
