// Skip-gram subword embeddings (learn/embed.h).
#include "learn/embed.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/file.h"
#include "core/hash.h"

namespace loka::learn {
namespace {

constexpr char kMagic[8] = {'L', 'O', 'K', 'A', 'E', 'M', 'B', '1'};
constexpr uint32_t kVersion = 1;
constexpr uint64_t kNgramSeed = 4, kCountSeed = 5, kChecksumSeed = 0x656d62656464696eULL;

// splitmix64: a small, fast generator whose sequence is the same everywhere.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  uint64_t Below(uint64_t n) { return Next() % n; }
};

// 1 / (1 + e^-x), tabulated over [-8, 8] (outside, 0 or 1: the gradient is negligible).
class Sigmoid {
 public:
  Sigmoid() {
    for (int i = 0; i <= kSize; ++i) {
      const double x = (static_cast<double>(i) / kSize * 2 - 1) * kMax;
      table_[i] = static_cast<float>(1 / (1 + std::exp(-x)));
    }
  }
  float operator()(float x) const {
    if (x <= -kMax) return 0;
    if (x >= kMax) return 1;
    return table_[static_cast<int>((x + kMax) * (kSize / kMax / 2))];
  }

 private:
  static constexpr int kSize = 1024;
  static constexpr float kMax = 8;
  float table_[kSize + 1];
};

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutF32(std::string* out, float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  PutU32(out, v);
}

// Little-endian reader over a byte string; every read checked against the end.
struct Reader {
  std::string_view b;
  size_t at = 0;
  bool U32(uint32_t* v) {
    if (b.size() - at < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) {
      *v |= static_cast<uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
    }
    at += 4;
    return true;
  }
  bool U64(uint64_t* v) {
    uint32_t lo, hi;
    if (!U32(&lo) || !U32(&hi)) return false;
    *v = lo | (static_cast<uint64_t>(hi) << 32);
    return true;
  }
  bool F32(float* f) {
    uint32_t v;
    if (!U32(&v)) return false;
    std::memcpy(f, &v, 4);
    return true;
  }
};

Status CheckOptions(const EmbedOptions& o) {
  if (o.dim == 0 || o.dim > 1024) return InvalidArgument("dim must be 1 to 1024");
  if (o.buckets == 0 || o.buckets > (1u << 24)) return InvalidArgument("buckets must be 1 to 2^24");
  if (const uint64_t cells = uint64_t{o.dim} * o.buckets; cells > kMaxEmbedCells) {
    return InvalidArgument("dim x buckets is " + std::to_string(cells) + " floats, over the limit of " +
                           std::to_string(kMaxEmbedCells) + " (1 GiB): a smaller --dim or fewer --buckets");
  }
  if (o.min_n == 0 || o.min_n > o.max_n || o.max_n > 16) {
    return InvalidArgument("n-gram lengths must satisfy 1 <= min_n <= max_n <= 16");
  }
  if (o.count_buckets == 0 || o.count_buckets > (1u << 24)) {
    return InvalidArgument("count_buckets must be 1 to 2^24");
  }
  if (!(o.learning_rate > 0) || !(o.weight_a > 0) || o.epochs == 0 || o.window == 0 ||
      o.max_tokens == 0) {
    return InvalidArgument(
        "learning_rate, weight_a, epochs, window and max_tokens must be positive");
  }
  return Status::Ok();
}

}  // namespace

void SubwordRows(std::string_view word, uint32_t min_n, uint32_t max_n, uint32_t buckets,
                 std::vector<uint32_t>* ids) {
  std::string padded;
  padded.reserve(word.size() + 2);
  padded += '<';
  padded += word;
  padded += '>';
  std::vector<size_t> starts;  // byte offset of each code point, then the end
  for (size_t i = 0; i < padded.size(); ++i) {
    if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t n_cp = starts.size();
  starts.push_back(padded.size());
  if (n_cp < min_n) {
    ids->push_back(static_cast<uint32_t>(Hash64(padded, kNgramSeed) % buckets));
    return;
  }
  for (size_t s = 0; s < n_cp; ++s) {
    for (size_t n = min_n; n <= max_n && s + n <= n_cp; ++n) {
      const std::string_view g(padded.data() + starts[s], starts[s + n] - starts[s]);
      ids->push_back(static_cast<uint32_t>(Hash64(g, kNgramSeed) % buckets));
    }
  }
}

void EmbedCorpus::Add(const std::vector<std::string>& words) {
  starts_.push_back(tokens_.size());
  for (const std::string& w : words) {
    auto [it, added] = ids_.emplace(w, static_cast<uint32_t>(words_.size()));
    if (added) {
      words_.push_back(w);
      counts_.push_back(0);
    }
    ++counts_[it->second];
    tokens_.push_back(it->second);
  }
}

Result<Embeddings> Embeddings::Train(const EmbedCorpus& corpus, const EmbedOptions& o) {
  LOKA_RETURN_IF_ERROR(CheckOptions(o));
  if (corpus.tokens() == 0) return FailedPrecondition("no words to learn embeddings from");
  const size_t dim = o.dim;
  const size_t vocab = corpus.words_.size();
  Embeddings e;
  e.dim_ = o.dim;
  e.buckets_ = o.buckets;
  e.min_n_ = o.min_n;
  e.max_n_ = o.max_n;
  e.count_buckets_ = o.count_buckets;
  e.total_tokens_ = corpus.tokens();
  e.weight_a_ = static_cast<float>(o.weight_a);
  e.counts_.assign(o.count_buckets, 0);
  for (size_t w = 0; w < vocab; ++w) {
    uint32_t& c = e.counts_[Hash64(corpus.words_[w], kCountSeed) % o.count_buckets];
    c = static_cast<uint32_t>(std::min<uint64_t>(0xffffffffu, c + corpus.counts_[w]));
  }
  Rng rng{o.seed};
  e.rows_.resize(static_cast<size_t>(o.buckets) * dim);
  const float scale = 1.0f / static_cast<float>(dim);
  for (float& x : e.rows_) x = static_cast<float>(rng.Uniform() * 2 - 1) * scale;

  // Each word's n-gram rows, flat; output rows for the words seen min_count times.
  std::vector<uint32_t> grams;
  std::vector<uint32_t> gram_start(vocab + 1, 0);
  for (size_t w = 0; w < vocab; ++w) {
    SubwordRows(corpus.words_[w], o.min_n, o.max_n, o.buckets, &grams);
    gram_start[w + 1] = static_cast<uint32_t>(grams.size());
  }
  std::vector<int32_t> out_id(vocab, -1);
  std::vector<uint32_t> targets;  // word of each output row
  for (size_t w = 0; w < vocab; ++w) {
    if (corpus.counts_[w] >= o.min_count) {
      out_id[w] = static_cast<int32_t>(targets.size());
      targets.push_back(static_cast<uint32_t>(w));
    }
  }
  std::vector<float> out(targets.size() * dim, 0.0f);
  // Negatives drawn in proportion to count^0.5 (fastText's choice), from a table.
  std::vector<uint32_t> negative_table;
  if (!targets.empty()) {
    double total = 0;
    for (uint32_t w : targets) total += std::sqrt(static_cast<double>(corpus.counts_[w]));
    const size_t table_size = 1u << 20;
    for (size_t r = 0; r < targets.size(); ++r) {
      const double share = std::sqrt(static_cast<double>(corpus.counts_[targets[r]])) / total;
      const size_t n = std::max<size_t>(1, static_cast<size_t>(share * table_size));
      negative_table.insert(negative_table.end(), n, static_cast<uint32_t>(r));
    }
  }
  std::vector<float> keep(vocab);  // probability of keeping each word (subsampling)
  const double n_tokens = static_cast<double>(corpus.tokens());
  for (size_t w = 0; w < vocab; ++w) {
    const double f = static_cast<double>(corpus.counts_[w]) / n_tokens;
    const double r = o.subsample / f;
    keep[w] = static_cast<float>(std::min(1.0, std::sqrt(r) + r));
  }
  // Texts in a seeded order (Fisher-Yates with our generator).
  std::vector<uint32_t> order(corpus.texts());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);

  const uint64_t planned = std::min<uint64_t>(o.max_tokens, corpus.tokens() * o.epochs);
  Sigmoid sigmoid;
  std::vector<float> hidden(dim), grad(dim);
  std::vector<uint32_t> line;
  uint64_t visited = 0, next_report = 0;
  for (size_t pass = 0; visited < planned; pass = (pass + 1) % order.size()) {
    const uint32_t text = order[pass];
    const uint64_t begin = corpus.starts_[text];
    const uint64_t end = text + 1 < corpus.texts() ? corpus.starts_[text + 1] : corpus.tokens();
    visited += end - begin;
    line.clear();
    for (uint64_t t = begin; t < end; ++t) {
      const uint32_t w = corpus.tokens_[t];
      if (keep[w] >= 1 || rng.Uniform() < keep[w]) line.push_back(w);
    }
    const float lr = static_cast<float>(
        o.learning_rate * std::max(0.0001, 1.0 - static_cast<double>(visited) / planned));
    for (size_t i = 0; i < line.size() && !targets.empty(); ++i) {
      const uint32_t* g = grams.data() + gram_start[line[i]];
      const size_t ng = gram_start[line[i] + 1] - gram_start[line[i]];
      std::fill(hidden.begin(), hidden.end(), 0.0f);
      for (size_t j = 0; j < ng; ++j) {
        const float* row = e.rows_.data() + static_cast<size_t>(g[j]) * dim;
        for (size_t d = 0; d < dim; ++d) hidden[d] += row[d];
      }
      const float inv = 1.0f / static_cast<float>(ng);
      for (float& h : hidden) h *= inv;
      std::fill(grad.begin(), grad.end(), 0.0f);
      const size_t reach = 1 + rng.Below(o.window);
      const size_t lo = i >= reach ? i - reach : 0, hi = std::min(line.size(), i + reach + 1);
      bool any = false;
      for (size_t c = lo; c < hi; ++c) {
        if (c == i || out_id[line[c]] < 0) continue;
        any = true;
        for (uint32_t s = 0; s <= o.negatives; ++s) {
          uint32_t target;
          float label;
          if (s == 0) {
            target = static_cast<uint32_t>(out_id[line[c]]);
            label = 1;
          } else {
            target = negative_table[rng.Below(negative_table.size())];
            if (target == static_cast<uint32_t>(out_id[line[c]])) continue;
            label = 0;
          }
          float* orow = out.data() + static_cast<size_t>(target) * dim;
          float dot = 0;
          for (size_t d = 0; d < dim; ++d) dot += orow[d] * hidden[d];
          const float alpha = lr * (label - sigmoid(dot));
          for (size_t d = 0; d < dim; ++d) {
            grad[d] += alpha * orow[d];
            orow[d] += alpha * hidden[d];
          }
        }
      }
      if (!any) continue;
      for (size_t j = 0; j < ng; ++j) {
        float* row = e.rows_.data() + static_cast<size_t>(g[j]) * dim;
        for (size_t d = 0; d < dim; ++d) row[d] += grad[d] * inv;
      }
    }
    if (o.progress && visited >= next_report) {
      o.progress(std::min(visited, planned), planned);
      next_report = visited + planned / 100 + 1;
    }
  }
  if (o.progress) o.progress(planned, planned);
  // The mean text vector of the corpus (before removal), removed from every text's.
  e.mean_.assign(dim, 0.0f);
  const std::vector<float> all = e.TextVectors(corpus);
  std::vector<double> mean(dim, 0);
  size_t texts = 0;
  for (size_t t = 0; t < corpus.texts(); ++t) {
    const float* v = all.data() + t * dim;
    bool zero = true;
    for (size_t d = 0; d < dim; ++d) zero = zero && v[d] == 0;
    if (zero) continue;
    ++texts;
    for (size_t d = 0; d < dim; ++d) mean[d] += v[d];
  }
  for (size_t d = 0; d < dim; ++d) {
    e.mean_[d] = static_cast<float>(mean[d] / static_cast<double>(std::max<size_t>(1, texts)));
  }
  return e;
}

void Embeddings::WordVector(std::string_view word, float* out) const {
  thread_local std::vector<uint32_t> ids;
  ids.clear();
  SubwordRows(word, min_n_, max_n_, buckets_, &ids);
  std::fill(out, out + dim_, 0.0f);
  for (uint32_t id : ids) {
    const float* row = rows_.data() + static_cast<size_t>(id) * dim_;
    for (size_t d = 0; d < dim_; ++d) out[d] += row[d];
  }
  const float inv = 1.0f / static_cast<float>(ids.size());
  for (size_t d = 0; d < dim_; ++d) out[d] *= inv;
}

double Embeddings::Weight(std::string_view word) const {
  const double c = counts_[Hash64(word, kCountSeed) % count_buckets_];
  const double p = c / static_cast<double>(std::max<uint64_t>(1, total_tokens_));
  return weight_a_ / (weight_a_ + p);
}

void Embeddings::Accumulate(std::string_view word, std::vector<float>* sum) const {
  std::vector<float> v(dim_);
  WordVector(word, v.data());
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  if (norm <= 0) return;
  const float w = static_cast<float>(Weight(word) / std::sqrt(norm));
  for (size_t d = 0; d < dim_; ++d) (*sum)[d] += w * v[d];
}

void Embeddings::Finish(std::vector<float>* v) const {
  bool zero = true;
  for (float x : *v) zero = zero && x == 0;
  if (zero) return;
  double norm = 0;
  for (size_t d = 0; d < dim_; ++d) {
    (*v)[d] -= mean_[d];
    norm += static_cast<double>((*v)[d]) * (*v)[d];
  }
  if (norm <= 0) {
    std::fill(v->begin(), v->end(), 0.0f);
    return;
  }
  const float inv = static_cast<float>(1 / std::sqrt(norm));
  for (float& x : *v) x *= inv;
}

std::vector<float> Embeddings::TextVector(const std::vector<std::string>& words) const {
  std::vector<float> sum(dim_, 0.0f);
  for (const std::string& w : words) Accumulate(w, &sum);
  // Scale does not matter before Finish: a sum, not a mean.
  Finish(&sum);
  return sum;
}

std::vector<float> Embeddings::TextVectors(const EmbedCorpus& corpus) const {
  const size_t dim = dim_;
  std::vector<float> word_vectors(corpus.words_.size() * dim, 0.0f);
  std::vector<float> one(dim);
  for (size_t w = 0; w < corpus.words_.size(); ++w) {
    std::fill(one.begin(), one.end(), 0.0f);
    Accumulate(corpus.words_[w], &one);
    std::copy(one.begin(), one.end(), word_vectors.begin() + static_cast<std::ptrdiff_t>(w * dim));
  }
  std::vector<float> out(corpus.texts() * dim, 0.0f);
  for (size_t t = 0; t < corpus.texts(); ++t) {
    const uint64_t begin = corpus.starts_[t];
    const uint64_t end = t + 1 < corpus.texts() ? corpus.starts_[t + 1] : corpus.tokens();
    std::fill(one.begin(), one.end(), 0.0f);
    for (uint64_t i = begin; i < end; ++i) {
      const float* v = word_vectors.data() + static_cast<size_t>(corpus.tokens_[i]) * dim;
      for (size_t d = 0; d < dim; ++d) one[d] += v[d];
    }
    Finish(&one);
    std::copy(one.begin(), one.end(), out.begin() + static_cast<std::ptrdiff_t>(t * dim));
  }
  return out;
}

std::string Embeddings::Serialize() const {
  std::string out(kMagic, sizeof kMagic);
  out.reserve(64 + 4 * (mean_.size() + rows_.size() + counts_.size()));
  PutU32(&out, kVersion);
  for (uint32_t v : {dim_, buckets_, min_n_, max_n_, count_buckets_}) PutU32(&out, v);
  PutU64(&out, total_tokens_);
  PutF32(&out, weight_a_);
  for (float f : mean_) PutF32(&out, f);
  for (float f : rows_) PutF32(&out, f);
  for (uint32_t c : counts_) PutU32(&out, c);
  PutU64(&out, Hash64(out, kChecksumSeed));
  return out;
}

Result<Embeddings> Embeddings::Parse(std::string_view bytes) {
  auto bad = [](const std::string& what) { return Corrupt("embeddings: " + what); };
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return bad("not an embeddings file (bad magic)");
  }
  Reader r{bytes.substr(0, bytes.size() - 8), sizeof kMagic};
  Reader tail{bytes.substr(bytes.size() - 8), 0};
  uint64_t checksum = 0;
  tail.U64(&checksum);
  Embeddings e;
  uint32_t version = 0;
  if (!r.U32(&version) || !r.U32(&e.dim_) || !r.U32(&e.buckets_) || !r.U32(&e.min_n_) ||
      !r.U32(&e.max_n_) || !r.U32(&e.count_buckets_) || !r.U64(&e.total_tokens_) ||
      !r.F32(&e.weight_a_)) {
    return bad("truncated header");
  }
  if (version != kVersion) return bad("version " + std::to_string(version) + ", expected 1");
  EmbedOptions o;
  o.dim = e.dim_;
  o.buckets = e.buckets_;
  o.min_n = e.min_n_;
  o.max_n = e.max_n_;
  o.count_buckets = e.count_buckets_;
  o.weight_a = e.weight_a_;
  if (Status s = CheckOptions(o); !s.ok()) return bad("header out of range: " + s.message());
  const uint64_t floats = e.dim_ + static_cast<uint64_t>(e.buckets_) * e.dim_;
  const uint64_t want = r.at + 4 * (floats + e.count_buckets_);
  if (want != r.b.size()) {
    return bad(std::to_string(bytes.size()) + " bytes, the header implies " +
               std::to_string(want + 8));
  }
  if (Hash64(r.b, kChecksumSeed) != checksum) return bad("checksum mismatch");
  e.mean_.resize(e.dim_);
  e.rows_.resize(static_cast<size_t>(e.buckets_) * e.dim_);
  e.counts_.resize(e.count_buckets_);
  for (float& f : e.mean_) r.F32(&f);
  for (float& f : e.rows_) r.F32(&f);
  for (uint32_t& c : e.counts_) r.U32(&c);
  for (float f : e.rows_) {
    if (!std::isfinite(f)) return bad("a vector holds a non-finite number");
  }
  for (float f : e.mean_) {
    if (!std::isfinite(f)) return bad("the mean vector holds a non-finite number");
  }
  return e;
}

Status Embeddings::Save(const std::string& path) const {
  return WriteFileAtomic(path, Serialize());
}

Result<Embeddings> Embeddings::Load(const std::string& path) {
  LOKA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  Result<Embeddings> e = Parse(bytes);
  if (!e.ok()) return e.status().WithPrefix(path);
  return e;
}

}  // namespace loka::learn
