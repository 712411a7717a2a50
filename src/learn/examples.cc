#include "learn/examples.h"

#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include "text/utf8.h"

namespace loka::learn::internal {
namespace {

// Open-addressing map from hashed feature id to a count, then to a row. Keys are hashes, so
// the low bits are already uniform.
class IdTable {
 public:
  explicit IdTable(size_t expected) {
    size_t cap = 1024;
    while (cap < expected * 2) cap <<= 1;
    keys_.assign(cap, kEmpty);
    vals_.assign(cap, 0);
  }
  void Add(uint32_t id) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    size_t i = Slot(id);
    if (keys_[i] == kEmpty) {
      keys_[i] = id;
      ++size_;
    }
    ++vals_[i];
  }
  // Value of `id`, or `missing`.
  uint32_t Get(uint32_t id, uint32_t missing) const {
    const size_t i = Slot(id);
    return keys_[i] == id ? vals_[i] : missing;
  }
  void Set(uint32_t id, uint32_t v) { vals_[Slot(id)] = v; }
  template <typename F>
  void ForEach(F f) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty) f(keys_[i], vals_[i]);
    }
  }
  size_t size() const { return size_; }

 private:
  // kEmpty is never a real id: ids are < buckets <= 2^31.
  static constexpr uint32_t kEmpty = 0xffffffffu;
  size_t Slot(uint32_t id) const {
    const size_t mask = keys_.size() - 1;
    size_t i = (id * 0x9e3779b1u) & mask;
    while (keys_[i] != kEmpty && keys_[i] != id) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    std::vector<uint32_t> k = std::move(keys_), v = std::move(vals_);
    keys_.assign(k.size() * 2, kEmpty);
    vals_.assign(k.size() * 2, 0);
    size_ = 0;
    for (size_t i = 0; i < k.size(); ++i) {
      if (k[i] == kEmpty) continue;
      const size_t s = Slot(k[i]);
      keys_[s] = k[i];
      vals_[s] = v[i];
      ++size_;
    }
  }
  std::vector<uint32_t> keys_, vals_;
  size_t size_ = 0;
};

}  // namespace

Status IndexLabels(const std::vector<LabelledText>& data, ModelData* m, std::vector<int32_t>* labels) {
  if (data.empty()) return InvalidArgument("no training examples");
  // Labels in sorted order, so ids do not depend on the order of the input.
  std::map<std::string, int32_t> label_ids;
  for (size_t i = 0; i < data.size(); ++i) {
    const std::string& label = data[i].label;
    if (label.empty() || label.size() > 1024) {
      return InvalidArgument("example " + std::to_string(i + 1) + ": label must be 1 to 1024 bytes");
    }
    LOKA_RETURN_IF_ERROR(text::ValidateUtf8(label).WithPrefix("example " + std::to_string(i + 1) + " label"));
    label_ids.emplace(label, 0);
  }
  for (auto& [name, id] : label_ids) {
    id = static_cast<int32_t>(m->labels.size());
    m->labels.push_back(name);
  }
  m->label_counts.assign(m->labels.size(), 0);
  labels->assign(data.size(), 0);
  for (size_t i = 0; i < data.size(); ++i) {
    (*labels)[i] = label_ids[data[i].label];
    ++m->label_counts[(*labels)[i]];
  }

  return Status::Ok();
}

Status FeaturizeAll(const std::vector<LabelledText>& data, const std::vector<int32_t>& labels,
                    const text::NormalizeOptions& normalize, const text::FeatureOptions& features,
                    int threads, Featurized* out) {
  const size_t n = data.size();
  std::vector<std::vector<uint32_t>> part_ids(threads);
  // Per example: the number of word features, then of all features.
  std::vector<std::vector<std::pair<size_t, size_t>>> part_len(threads);
  std::vector<Status> part_status(threads);
  auto work = [&](int t) {
    const size_t lo = n * t / threads, hi = n * (t + 1) / threads;
    std::vector<uint32_t> chars;
    for (size_t i = lo; i < hi; ++i) {
      auto norm = text::Normalize(data[i].text, normalize);
      if (!norm.ok()) {
        part_status[t] = norm.status().WithPrefix("example " + std::to_string(i + 1));
        return;
      }
      const size_t before = part_ids[t].size();
      chars.clear();
      text::Featurize(text::Utf8PrefixBytes(*norm, kMaxTextBytes), features, &part_ids[t], &chars);
      const size_t words = part_ids[t].size() - before;
      part_ids[t].insert(part_ids[t].end(), chars.begin(), chars.end());
      part_len[t].emplace_back(words, words + chars.size());
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& s : part_status) LOKA_RETURN_IF_ERROR(s);
  size_t total = 0;
  for (auto& p : part_ids) total += p.size();
  out->ids.reserve(total);
  out->begin.reserve(n + 1);
  out->char_begin.reserve(n);
  out->begin.push_back(0);
  for (int t = 0; t < threads; ++t) {
    out->ids.insert(out->ids.end(), part_ids[t].begin(), part_ids[t].end());
    for (const auto& [words, all] : part_len[t]) {
      out->char_begin.push_back(out->begin.back() + words);
      out->begin.push_back(out->begin.back() + all);
    }
    std::vector<uint32_t>().swap(part_ids[t]);
  }
  out->label = labels;
  return Status::Ok();
}


Status KeepRows(uint32_t min_count, uint32_t max_rows, Featurized* f, ModelData* m) {
  // Keep features seen at least min_count times (the max_rows most frequent), in id order.
  IdTable table(std::min<size_t>(f->ids.size(), size_t{1} << 22));
  for (uint32_t id : f->ids) table.Add(id);
  std::vector<std::pair<uint32_t, uint32_t>> kept;  // (count, id)
  kept.reserve(table.size());
  uint32_t most = 0;
  table.ForEach([&](uint32_t id, uint32_t count) {
    most = std::max(most, count);
    if (count >= min_count) kept.emplace_back(count, id);
  });
  if (kept.empty()) {
    if (most == 0) return InvalidArgument("the training texts give no features");
    return InvalidArgument("no feature is seen --min-count (" + std::to_string(min_count) +
                           ") times; the most frequent is seen " + std::to_string(most) +
                           " times");
  }
  if (kept.size() > max_rows) {
    std::nth_element(kept.begin(), kept.begin() + max_rows, kept.end(),
                     [](auto a, auto b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    kept.resize(max_rows);
  }
  m->ids.reserve(kept.size());
  for (auto& k : kept) m->ids.push_back(k.second);
  std::sort(m->ids.begin(), m->ids.end());
  constexpr uint32_t kDrop = 0xffffffffu;
  table.ForEach([&](uint32_t id, uint32_t) { table.Set(id, kDrop); });
  for (size_t r = 0; r < m->ids.size(); ++r) table.Set(m->ids[r], static_cast<uint32_t>(r));
  // Rewrite feature ids as rows, dropping the ones without a row.
  {
    size_t w = 0, start = 0;
    for (size_t ex = 0; ex + 1 < f->begin.size(); ++ex) {
      const size_t b = start, e = f->begin[ex + 1], c = f->char_begin[ex];
      start = e;
      f->begin[ex] = w;
      for (size_t i = b; i < e; ++i) {
        if (i == c) f->char_begin[ex] = w;
        const uint32_t row = table.Get(f->ids[i], kDrop);
        if (row != kDrop) f->ids[w++] = row;
      }
      if (c == e) f->char_begin[ex] = w;
    }
    f->begin.back() = w;
    f->ids.resize(w);
  }
  return Status::Ok();
}

}  // namespace loka::learn::internal
