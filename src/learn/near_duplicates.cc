#include "learn/near_duplicates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/hash.h"
#include "learn/model.h"
#include "text/features.h"
#include "text/utf8.h"

namespace loka::learn {
namespace {

// 24 bands of 2 min-hashes: see the header for the resulting chance of finding a pair.
constexpr int kBands = 24;
constexpr int kRowsPerBand = 2;
constexpr int kHashes = kBands * kRowsPerBand;
constexpr uint32_t kGramLength = 4;  // code points

// Sorted, distinct hashed 4-grams of a normalized text; a text too short for one 4-gram is
// represented by the hash of the whole text, so identical short texts still match.
std::vector<uint32_t> Grams(std::string_view normalized) {
  std::vector<uint32_t> ids;
  text::CharNgramFeatures(normalized, kGramLength, kGramLength, 1u << 31, &ids);
  if (ids.empty()) ids.push_back(static_cast<uint32_t>(Hash64(normalized, 4)));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

double Jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++both;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

// Union-find with path halving.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), uint32_t{0});
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Join(uint32_t a, uint32_t b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace

Result<std::vector<uint32_t>> NearDuplicateGroups(const std::vector<LabelledText>& data,
                                                  const NearDuplicateOptions& options) {
  const size_t n = data.size();
  std::vector<std::vector<uint32_t>> grams(n);
  std::vector<uint32_t> label(n);
  std::unordered_map<std::string, uint32_t> label_ids;
  std::vector<uint32_t> signature(n * kHashes);
  for (size_t i = 0; i < n; ++i) {
    Result<std::string> norm = text::Normalize(data[i].text, options.normalize);
    if (!norm.ok()) {
      return InvalidArgument("example " + std::to_string(i + 1) + ": " +
                             norm.status().message());
    }
    grams[i] = Grams(text::Utf8PrefixBytes(*norm, kMaxTextBytes));  // as the model sees it
    label[i] = label_ids.emplace(data[i].label, static_cast<uint32_t>(label_ids.size()))
                   .first->second;
    for (int k = 0; k < kHashes; ++k) {
      const uint64_t seed = Mix64(static_cast<uint64_t>(k) + 1);
      uint32_t lowest = UINT32_MAX;
      for (const uint32_t g : grams[i]) {
        lowest = std::min(lowest, static_cast<uint32_t>(Mix64(g ^ seed)));
      }
      signature[i * kHashes + k] = lowest;
    }
  }
  // Band by band: examples whose band (and label) hash alike are sorted next to each other;
  // each is checked against the first `bucket_members` of its run.
  DisjointSets sets(n);
  std::vector<std::pair<uint64_t, uint32_t>> keyed(n);
  for (int b = 0; b < kBands; ++b) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t key = HashCombine(label[i], static_cast<uint64_t>(b));
      for (int r = 0; r < kRowsPerBand; ++r) {
        key = HashCombine(key, signature[i * kHashes + b * kRowsPerBand + r]);
      }
      keyed[i] = {key, static_cast<uint32_t>(i)};
    }
    std::sort(keyed.begin(), keyed.end());
    for (size_t start = 0; start < n;) {
      size_t end = start + 1;
      while (end < n && keyed[end].first == keyed[start].first) ++end;
      const size_t heads = std::min<size_t>(end - start, options.bucket_members);
      for (size_t j = start + 1; j < end; ++j) {
        const uint32_t x = keyed[j].second;
        for (size_t h = start; h < start + heads && h < j; ++h) {
          const uint32_t y = keyed[h].second;
          if (label[x] != label[y] || sets.Find(x) == sets.Find(y)) continue;
          if (Jaccard(grams[x], grams[y]) >= options.min_jaccard) sets.Join(x, y);
        }
      }
      start = end;
    }
  }
  std::vector<uint32_t> group(n);
  std::unordered_map<uint32_t, uint32_t> numbered;
  for (size_t i = 0; i < n; ++i) {
    group[i] = numbered.emplace(sets.Find(static_cast<uint32_t>(i)),
                                static_cast<uint32_t>(numbered.size()))
                   .first->second;
  }
  return group;
}

Result<std::vector<bool>> HoldOutGroups(const std::vector<LabelledText>& data, double fraction,
                                        uint64_t seed, const NearDuplicateOptions& options) {
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    return InvalidArgument("hold-out fraction must be in [0, 1]");
  }
  LOKA_ASSIGN_OR_RETURN(const std::vector<uint32_t> group, NearDuplicateGroups(data, options));
  size_t groups = 0;
  for (const uint32_t g : group) groups = std::max<size_t>(groups, g + 1);
  std::vector<std::vector<size_t>> members(groups);
  for (size_t i = 0; i < data.size(); ++i) members[group[i]].push_back(i);
  std::vector<size_t> order(groups);
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const size_t target = static_cast<size_t>(std::llround(fraction * static_cast<double>(data.size())));
  // Groups never mix labels: a label's last group in training stays there.
  std::map<std::string_view, size_t> training_groups;
  for (size_t g = 0; g < groups; ++g) ++training_groups[data[members[g][0]].label];
  std::vector<bool> held(data.size(), false);
  size_t n_held = 0;
  for (size_t k = 0; k < order.size() && n_held < target; ++k) {
    size_t& left = training_groups[data[members[order[k]][0]].label];
    if (left <= 1) continue;
    --left;
    for (const size_t i : members[order[k]]) held[i] = true;
    n_held += members[order[k]].size();
  }
  return held;
}

}  // namespace loka::learn
