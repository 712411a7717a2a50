#include "learn/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "core/bytes.h"
#include "core/model_container.h"
#include "text/utf8.h"

namespace loka::learn {
namespace {

// Written; still read: 1 (no calibration block), 2 (no flag bit 3) and 3 (no confidence map).
constexpr uint32_t kFormatVersion = 4;
constexpr uint32_t kOldestVersion = 1;
constexpr ContainerFormat kFormat{"LOKAMODL", "loka model", kOldestVersion, kFormatVersion};
constexpr size_t kAlign = 64;
constexpr uint32_t kPqCentroids = 256;
constexpr uint32_t kMaxDim = 1024;
constexpr uint32_t kMaxLabels = 1000000;
constexpr uint32_t kMaxRows = 1u << 28;
constexpr uint32_t kMaxLabelBytes = 1024;
constexpr uint32_t kMaxMetadataBytes = 1u << 20;
constexpr float kMaxWordBlockWeight = 16.f;
constexpr uint32_t kFlagPunctuation = 1;  // config flags bit 0
constexpr uint32_t kFlagRowTags = 2;      // config flags bit 1: rows keyed by 16-bit tags
constexpr uint32_t kFlagTfidf = 4;        // config flags bit 2: TF-IDF pooling
constexpr uint32_t kFlagBlocks = 8;       // bit 3, with bit 2: Pooling::kTfidfBlocks

struct Config {
  uint32_t dim, num_labels, num_rows, loss, buckets, words, word_ngrams, char_min, char_max,
      case_fold, fold_digits, index_bits, pq_dsub, pq_centroids, flags;
  uint32_t reserved;  // with flag bit 3: the word block weight's f32 bits, else 0
};
static_assert(sizeof(Config) == 64, "config block is 16 u32");
static_assert(sizeof(float) == sizeof(uint32_t), "the word block weight fits the last field");

}  // namespace

uint32_t IndexBitsFor(size_t rows) {
  uint32_t bits = 0;
  while (bits < 24 && (size_t{1} << bits) * 8 < rows) ++bits;
  return bits;
}

uint32_t TagIndexBitsFor(size_t rows) { return std::min<uint32_t>(IndexBitsFor(rows), 16); }

uint32_t IdShiftFor(uint32_t buckets) {
  uint32_t width = 0;
  while (width < 32 && (uint64_t{1} << width) < buckets) ++width;
  return 32 - width;
}

uint32_t RowKey(uint32_t id, uint32_t index_bits, uint32_t shift) {
  return (id << shift) >> (16 - index_bits);
}

Result<std::string> SerializeModel(const ModelData& d) {
  const size_t rows = d.ids.size();
  const size_t L = d.labels.size();
  if (d.dim == 0 || d.dim > kMaxDim) return InvalidArgument("model dim out of range");
  if (L == 0 || L > kMaxLabels) return InvalidArgument("model needs 1 to 1,000,000 labels");
  if (rows > kMaxRows) return InvalidArgument("too many feature rows");
  if (d.label_counts.size() != L) return Internal("label_counts size mismatch");
  if (!std::is_sorted(d.ids.begin(), d.ids.end()) ||
      std::adjacent_find(d.ids.begin(), d.ids.end()) != d.ids.end()) {
    return Internal("feature ids must be strictly ascending");
  }
  if (d.kind == ModelKind::kFloat) {
    if (d.embeddings.size() != rows * d.dim || d.output.size() != L * d.dim) {
      return Internal("float model array sizes do not match dim/rows/labels");
    }
  } else {
    if (d.pq_dsub == 0 || d.dim % d.pq_dsub != 0) return Internal("bad pq_dsub");
    const size_t nsub = d.dim / d.pq_dsub;
    if (d.codebooks.size() != nsub * kPqCentroids * d.pq_dsub || d.codes.size() != rows * nsub ||
        d.norm_table.size() != kPqCentroids || d.norm_codes.size() != rows ||
        d.output_scales.size() != L || d.output_q.size() != L * d.dim) {
      return Internal("quantized model array sizes do not match dim/rows/labels");
    }
  }
  for (const auto& l : d.labels) {
    if (l.size() > kMaxLabelBytes) return InvalidArgument("label longer than 1024 bytes");
  }
  if (d.metadata_json.size() > kMaxMetadataBytes) return InvalidArgument("metadata too large");
  if (d.pooling == Pooling::kTfidfBlocks &&
      !(d.word_block_weight > 0.f && d.word_block_weight <= kMaxWordBlockWeight)) {
    return InvalidArgument("word block weight must be in (0, 16]");
  }
  if (!d.calibration.bias.empty() && d.calibration.bias.size() != L) {
    return Internal("calibration bias size does not match the labels");
  }

  // A quantized model keys its rows by the index slot (the id's top index_bits) and a 16-bit
  // tag (the next 16 bits), 2 bytes a row instead of 4; ids must differ in those bits.
  const bool tagged = d.kind == ModelKind::kQuantized;
  const uint32_t index_bits = tagged ? TagIndexBitsFor(rows) : IndexBitsFor(rows);
  const uint32_t shift = tagged ? IdShiftFor(d.features.buckets) : 0;
  std::vector<uint16_t> tags;
  if (tagged) {
    if (!d.ids.empty() && d.ids.back() >= d.features.buckets) {
      return Internal("feature id outside the bucket space");
    }
    tags.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      const uint32_t key = RowKey(d.ids[r], index_bits, shift);
      if (r > 0 && key == RowKey(d.ids[r - 1], index_bits, shift)) {
        return Internal("feature ids share a row key; a quantized model keeps one of them");
      }
      tags[r] = static_cast<uint16_t>(key);
    }
  }
  std::string out = StartContainer();
  ByteWriter w(&out);
  Config c{};
  c.dim = d.dim;
  c.num_labels = static_cast<uint32_t>(L);
  c.num_rows = static_cast<uint32_t>(rows);
  c.loss = 0;
  c.buckets = d.features.buckets;
  c.words = d.features.words ? 1 : 0;
  c.word_ngrams = d.features.word_ngrams;
  c.char_min = d.features.char_ngram_min;
  c.char_max = d.features.char_ngram_max;
  c.case_fold = d.normalize.case_fold ? 1 : 0;
  c.fold_digits = d.normalize.fold_digits ? 1 : 0;
  c.index_bits = index_bits;
  c.pq_dsub = d.kind == ModelKind::kQuantized ? d.pq_dsub : 0;
  c.pq_centroids = d.kind == ModelKind::kQuantized ? kPqCentroids : 0;
  c.flags = (d.features.punctuation ? kFlagPunctuation : 0) | (tagged ? kFlagRowTags : 0) |
            (d.pooling == Pooling::kTfidf ? kFlagTfidf : 0) |
            (d.pooling == Pooling::kTfidfBlocks ? kFlagTfidf | kFlagBlocks : 0);
  if (d.pooling == Pooling::kTfidfBlocks) std::memcpy(&c.reserved, &d.word_block_weight, sizeof c.reserved);
  w.Put(c);
  for (const auto& l : d.labels) w.PutString(l);
  w.PutArray(d.label_counts);
  w.PutString(d.metadata_json);
  PutCalibration(d.calibration, L, &w);
  w.Align(kAlign);
  if (tagged) {
    w.PutArray(tags);
  } else {
    w.PutArray(d.ids);
  }
  w.Align(kAlign);
  std::vector<uint32_t> index((size_t{1} << index_bits) + 1, 0);
  {
    size_t r = 0;
    for (size_t b = 0; b < index.size(); ++b) {
      // First row whose top bits are >= b.
      while (r < rows && (index_bits == 0 ? 0 : ((d.ids[r] << shift) >> (32 - index_bits))) < b) {
        ++r;
      }
      index[b] = static_cast<uint32_t>(b + 1 == index.size() ? rows : r);
    }
  }
  w.PutArray(index);
  w.Align(kAlign);
  if (d.kind == ModelKind::kFloat) {
    w.PutArray(d.embeddings);
    w.Align(kAlign);
    w.PutArray(d.output);
  } else {
    w.PutArray(d.codebooks);
    w.PutArray(d.codes);
    w.Align(kAlign);
    w.PutArray(d.norm_table);
    w.PutArray(d.norm_codes);
    w.Align(kAlign);
    w.PutArray(d.output_scales);
    w.PutArray(d.output_q);
  }

  SealContainer(kFormat, kFormatVersion, static_cast<uint32_t>(d.kind), &out);
  return out;
}

Result<Model> Model::Load(const std::string& path) {
  LOKA_ASSIGN_OR_RETURN(MappedFile f, MappedFile::Open(path));
  Model m;
  m.mapped_ = std::make_unique<MappedFile>(std::move(f));
  m.bytes_ = m.mapped_->view();
  LOKA_RETURN_IF_ERROR(m.Parse(path));
  return m;
}

Result<Model> Model::FromBytes(std::string bytes, std::string name) {
  Model m;
  m.owned_ = std::make_unique<std::string>(std::move(bytes));
  m.bytes_ = *m.owned_;
  LOKA_RETURN_IF_ERROR(m.Parse(name));
  return m;
}

Status Model::Parse(const std::string& name) {
  const std::string_view b = bytes_;
  LOKA_ASSIGN_OR_RETURN(const ContainerHeader header, CheckContainer(b, kFormat, name));
  if (header.kind != 1 && header.kind != 2) {
    return Corrupt(name + ": unknown model kind " + std::to_string(header.kind));
  }
  kind_ = static_cast<ModelKind>(header.kind);
  version_ = header.version;

  ByteReader r(b, name);
  std::string_view skip;
  LOKA_RETURN_IF_ERROR(r.View(kContainerHeaderBytes, &skip));
  Config c{};
  LOKA_RETURN_IF_ERROR(r.Get(&c));
  auto bad = [&](const std::string& what) { return Corrupt(name + ": " + what); };
  if (c.dim == 0 || c.dim > kMaxDim) return bad("dim out of range");
  if (c.num_labels == 0 || c.num_labels > kMaxLabels) return bad("label count out of range");
  if (c.num_rows > kMaxRows) return bad("row count out of range");
  if (c.index_bits > 24) return bad("index bits out of range");
  if (c.char_min > c.char_max || c.char_max > 16) return bad("char n-gram range invalid");
  if (c.word_ngrams > 16 || c.buckets == 0) return bad("feature options invalid");
  if (c.loss != 0) return bad("unknown loss " + std::to_string(c.loss));
  if ((c.flags & ~(kFlagPunctuation | kFlagRowTags | kFlagTfidf | kFlagBlocks)) != 0 ||
      (version_ < 2 && (c.flags & kFlagTfidf) != 0) ||
      (version_ < 3 && (c.flags & kFlagBlocks) != 0)) {
    return bad("unknown config flags");
  }
  if ((c.flags & kFlagBlocks) != 0) {
    if ((c.flags & kFlagTfidf) == 0) {
      return bad("config flag bit 3 (TF-IDF blocks) without bit 2 (TF-IDF pooling)");
    }
    std::memcpy(&word_block_weight_, &c.reserved, sizeof word_block_weight_);
    if (!(word_block_weight_ > 0.f && word_block_weight_ <= kMaxWordBlockWeight)) {
      return bad("word block weight out of range");
    }
  } else if (c.reserved != 0) {
    return bad("reserved config field is not zero");
  }
  const bool tagged = (c.flags & kFlagRowTags) != 0;
  if (tagged && (kind_ != ModelKind::kQuantized || c.index_bits > 16)) {
    return bad("row tags need a quantized model and at most 16 index bits");
  }
  if (kind_ == ModelKind::kQuantized) {
    if (c.pq_dsub == 0 || c.dim % c.pq_dsub != 0 || c.pq_centroids != kPqCentroids) {
      return bad("product quantization parameters invalid");
    }
  } else if (c.pq_dsub != 0 || c.pq_centroids != 0) {
    return bad("float model with quantization parameters");
  }
  dim_ = c.dim;
  num_rows_ = c.num_rows;
  id_shift_ = tagged ? IdShiftFor(c.buckets) : 0;
  index_bits_ = c.index_bits;
  pq_dsub_ = c.pq_dsub;
  features_.buckets = c.buckets;
  features_.words = c.words != 0;
  features_.word_ngrams = c.word_ngrams;
  features_.char_ngram_min = c.char_min;
  features_.char_ngram_max = c.char_max;
  features_.punctuation = (c.flags & kFlagPunctuation) != 0;
  pooling_ = (c.flags & kFlagBlocks) != 0   ? Pooling::kTfidfBlocks
             : (c.flags & kFlagTfidf) != 0 ? Pooling::kTfidf
                                           : Pooling::kMean;
  normalize_.case_fold = c.case_fold != 0;
  normalize_.fold_digits = c.fold_digits != 0;

  labels_.resize(c.num_labels);
  for (auto& l : labels_) {
    LOKA_RETURN_IF_ERROR(r.GetString(&l, kMaxLabelBytes));
    if (!text::ValidateUtf8(l).ok()) return bad("label is not valid UTF-8");
  }
  const uint64_t* counts = nullptr;
  LOKA_RETURN_IF_ERROR(r.ViewArray(c.num_labels, &counts));
  label_counts_.resize(c.num_labels);
  std::memcpy(label_counts_.data(), counts, c.num_labels * sizeof(uint64_t));
  LOKA_RETURN_IF_ERROR(r.GetString(&metadata_, kMaxMetadataBytes));
  if (version_ >= 2) LOKA_RETURN_IF_ERROR(GetCalibration(&r, c.num_labels, version_, name, &calibration_));
  LOKA_RETURN_IF_ERROR(r.Align(kAlign));
  if (tagged) {
    LOKA_RETURN_IF_ERROR(r.ViewArray(num_rows_, &tags_));
  } else {
    LOKA_RETURN_IF_ERROR(r.ViewArray(num_rows_, &ids_));
    for (size_t i = 1; i < num_rows_; ++i) {
      if (ids_[i] <= ids_[i - 1]) return bad("feature ids not ascending");
    }
  }
  LOKA_RETURN_IF_ERROR(r.Align(kAlign));
  const size_t index_size = (size_t{1} << index_bits_) + 1;
  LOKA_RETURN_IF_ERROR(r.ViewArray(index_size, &index_));
  if (index_[0] != 0) return bad("index invalid");
  for (size_t i = 0; i < index_size; ++i) {
    if (index_[i] > num_rows_ || (i > 0 && index_[i] < index_[i - 1])) return bad("index invalid");
  }
  if (index_[index_size - 1] != num_rows_) return bad("index invalid");
  // Every row must sit in the slot its id names, ascending within it.
  for (size_t slot = 0; slot + 1 < index_size; ++slot) {
    for (uint32_t i = index_[slot]; i < index_[slot + 1]; ++i) {
      if (tagged) {
        if (i > index_[slot] && tags_[i] <= tags_[i - 1]) return bad("row tags not ascending");
      } else if ((index_bits_ == 0 ? 0 : ids_[i] >> (32 - index_bits_)) != slot) {
        return bad("index does not match the feature ids");
      }
    }
  }
  LOKA_RETURN_IF_ERROR(r.Align(kAlign));
  const size_t L = c.num_labels;
  if (kind_ == ModelKind::kFloat) {
    LOKA_RETURN_IF_ERROR(r.ViewArray(num_rows_ * dim_, &embeddings_));
    LOKA_RETURN_IF_ERROR(r.Align(kAlign));
    LOKA_RETURN_IF_ERROR(r.ViewArray(L * dim_, &output_));
  } else {
    const size_t nsub = dim_ / pq_dsub_;
    LOKA_RETURN_IF_ERROR(r.ViewArray(nsub * kPqCentroids * pq_dsub_, &codebooks_));
    LOKA_RETURN_IF_ERROR(r.ViewArray(num_rows_ * nsub, &codes_));
    LOKA_RETURN_IF_ERROR(r.Align(kAlign));
    LOKA_RETURN_IF_ERROR(r.ViewArray(kPqCentroids, &norm_table_));
    LOKA_RETURN_IF_ERROR(r.ViewArray(num_rows_, &norm_codes_));
    LOKA_RETURN_IF_ERROR(r.Align(kAlign));
    LOKA_RETURN_IF_ERROR(r.ViewArray(L, &output_scales_));
    LOKA_RETURN_IF_ERROR(r.ViewArray(L * dim_, &output_q_));
  }
  if (r.left() != 0) return bad(std::to_string(r.left()) + " unexpected bytes after the output layer");
  return Status::Ok();
}

uint32_t Model::SlotOf(uint32_t id) const {
  return index_bits_ == 0 ? 0 : (id << id_shift_) >> (32 - index_bits_);
}

int64_t Model::FindRow(uint32_t id) const {
  const uint32_t b = SlotOf(id);
  if (tags_ != nullptr) {
    const uint16_t tag = static_cast<uint16_t>(RowKey(id, index_bits_, id_shift_));
    for (uint32_t i = index_[b], end = index_[b + 1]; i < end; ++i) {
      if (tags_[i] >= tag) return tags_[i] == tag ? static_cast<int64_t>(i) : -1;
    }
    return -1;
  }
  const uint32_t* lo = ids_ + index_[b];
  const uint32_t* hi = ids_ + index_[b + 1];
  // Slots hold ~8 rows: a linear scan beats binary search here.
  for (; lo < hi; ++lo) {
    if (*lo >= id) return *lo == id ? lo - ids_ : -1;
  }
  return -1;
}

void Model::Scores(std::string_view normalized, std::vector<float>* scores,
                   size_t* known) const {
  normalized = text::Utf8PrefixBytes(normalized, kMaxTextBytes);
  thread_local std::vector<uint32_t> ids;
  thread_local std::vector<int64_t> rows;
  thread_local std::vector<uint32_t> char_ids;
  thread_local std::vector<float> hidden;
  ids.clear();
  // kTfidfBlocks: the word features first, then the char n-grams from ids[words] on.
  size_t words = 0;
  if (pooling_ == Pooling::kTfidfBlocks) {
    char_ids.clear();
    text::Featurize(normalized, features_, &ids, &char_ids);
    words = ids.size();
    ids.insert(ids.end(), char_ids.begin(), char_ids.end());
  } else {
    text::Featurize(normalized, features_, &ids);
    words = ids.size();
  }
  hidden.assign(dim_, 0.f);
  size_t n = 0;
  const size_t nsub = pq_dsub_ ? dim_ / pq_dsub_ : 0;
  // Rows are found and their memory requested for a whole text before any is summed: the
  // lookups are independent, so the cache misses of a large model overlap instead of queueing.
  rows.resize(ids.size());
  const size_t row_bytes = kind_ == ModelKind::kFloat ? dim_ * sizeof(float) : nsub;
  const uint8_t* row_base = kind_ == ModelKind::kFloat
                                ? reinterpret_cast<const uint8_t*>(embeddings_)
                                : codes_;
  constexpr size_t kAhead = 8;
  auto prefetch_slot = [&](uint32_t id) {
    const uint32_t first = index_[SlotOf(id)];
    if (tags_ != nullptr) {
      __builtin_prefetch(tags_ + first);
    } else {
      __builtin_prefetch(ids_ + first);
    }
  };
  for (size_t i = 0; i < std::min(kAhead, ids.size()); ++i) prefetch_slot(ids[i]);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i + kAhead < ids.size()) prefetch_slot(ids[i + kAhead]);
    const int64_t row = FindRow(ids[i]);
    rows[i] = row;
    if (row < 0) continue;
    const uint8_t* p = row_base + static_cast<size_t>(row) * row_bytes;
    for (size_t off = 0; off < row_bytes; off += 64) __builtin_prefetch(p + off);
    if (kind_ != ModelKind::kFloat) __builtin_prefetch(norm_codes_ + row);
  }
  auto add_row = [&](int64_t row, float weight) {
    if (kind_ == ModelKind::kFloat) {
      const float* e = embeddings_ + static_cast<size_t>(row) * dim_;
      for (uint32_t j = 0; j < dim_; ++j) hidden[j] += weight * e[j];
    } else {
      const uint8_t* code = codes_ + static_cast<size_t>(row) * nsub;
      const float norm = weight * norm_table_[norm_codes_[row]];
      for (size_t s = 0; s < nsub; ++s) {
        const float* cen = codebooks_ + (s * kPqCentroids + code[s]) * pq_dsub_;
        for (uint32_t j = 0; j < pq_dsub_; ++j) hidden[s * pq_dsub_ + j] += norm * cen[j];
      }
    }
  };
  if (pooling_ == Pooling::kMean) {
    for (const int64_t row : rows) {
      if (row < 0) continue;
      ++n;
      add_row(row, 1.f);
    }
    if (n > 0) {
      const float inv = 1.f / static_cast<float>(n);
      for (auto& h : hidden) h *= inv;
    }
  } else {
    // Sublinear TF of each distinct known feature, the weights of each block (all features,
    // or the words then the char n-grams) scaled to unit norm, the words' to word_block_weight_.
    for (const auto& [b, e] : {std::pair<size_t, size_t>(0, words), std::pair(words, rows.size())}) {
      const auto first = rows.begin() + static_cast<long>(b);
      const auto last = std::remove(first, rows.begin() + static_cast<long>(e), int64_t{-1});
      std::sort(first, last);
      n += static_cast<size_t>(last - first);
      // Calls f(row, 1 + ln count) for each distinct row of the sorted block.
      auto each_tf = [&](auto f) {
        for (auto it = first; it != last;) {
          const int64_t row = *it;
          const auto next = std::find_if(it, last, [row](int64_t r) { return r != row; });
          f(row, 1.f + std::log(static_cast<float>(next - it)));
          it = next;
        }
      };
      float sumsq = 0.f;
      each_tf([&](int64_t, float w) { sumsq += w * w; });
      if (sumsq == 0.f) continue;
      const float norm = pooling_ == Pooling::kTfidfBlocks && b == 0 ? word_block_weight_ : 1.f;
      const float inv = norm / std::sqrt(sumsq);
      each_tf([&](int64_t row, float w) { add_row(row, w * inv); });
    }
  }
  if (known) *known = n;
  const size_t L = labels_.size();
  scores->resize(L);
  for (size_t l = 0; l < L; ++l) {
    float s = 0.f;
    if (kind_ == ModelKind::kFloat) {
      const float* o = output_ + l * dim_;
      for (uint32_t j = 0; j < dim_; ++j) s += o[j] * hidden[j];
    } else {
      const int8_t* o = output_q_ + l * dim_;
      for (uint32_t j = 0; j < dim_; ++j) s += static_cast<float>(o[j]) * hidden[j];
      s *= output_scales_[l];
    }
    if (!calibration_.bias.empty()) s += calibration_.bias[l];
    (*scores)[l] = s;
  }
}

void Model::Probabilities(std::string_view normalized, std::vector<float>* probs,
                          size_t* known) const {
  Scores(normalized, probs, known);
  CalibratedProbabilities(calibration_, probs);
}

Status Model::PredictUnlessBlank(std::string_view text, int k, float threshold,
                                 std::vector<Prediction>* out) const {
  out->clear();
  if (text::IsBlank(text)) return Status::Ok();
  return Predict(text, k, threshold, out);
}

Status Model::Predict(std::string_view text, int k, float threshold,
                      std::vector<Prediction>* out) const {
  out->clear();
  LOKA_ASSIGN_OR_RETURN(std::string norm, text::Normalize(text, normalize_));
  thread_local std::vector<float> probs;
  Probabilities(norm, &probs);
  const size_t kk = std::min<size_t>(k < 1 ? 1 : static_cast<size_t>(k), probs.size());
  thread_local std::vector<int32_t> order;
  order.resize(probs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(kk), order.end(),
                    [&](int32_t a, int32_t b) {
                      return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
                    });
  for (size_t i = 0; i < kk; ++i) {
    if (probs[order[i]] < threshold) break;
    out->push_back({order[i], probs[order[i]]});
  }
  return Status::Ok();
}

ModelData Model::ToData() const {
  ModelData d;
  d.kind = kind_;
  d.dim = dim_;
  d.pooling = pooling_;
  d.word_block_weight = word_block_weight_;
  d.calibration = calibration_;
  d.features = features_;
  d.normalize = normalize_;
  d.labels = labels_;
  d.label_counts = label_counts_;
  d.metadata_json = metadata_;
  if (tags_ != nullptr) {
    // The ids' bits below the row key are not stored; any id with the same key finds the row.
    d.ids.resize(num_rows_);
    for (size_t b = 0; b < (size_t{1} << index_bits_); ++b) {
      const uint32_t slot = index_bits_ == 0 ? 0 : static_cast<uint32_t>(b) << (32 - index_bits_);
      for (uint32_t i = index_[b]; i < index_[b + 1]; ++i) {
        d.ids[i] = (slot | (static_cast<uint32_t>(tags_[i]) << (16 - index_bits_))) >> id_shift_;
      }
    }
  } else {
    d.ids.assign(ids_, ids_ + num_rows_);
  }
  const size_t L = labels_.size();
  if (kind_ == ModelKind::kFloat) {
    d.embeddings.assign(embeddings_, embeddings_ + num_rows_ * dim_);
    d.output.assign(output_, output_ + L * dim_);
  } else {
    const size_t nsub = dim_ / pq_dsub_;
    d.pq_dsub = pq_dsub_;
    d.codebooks.assign(codebooks_, codebooks_ + nsub * kPqCentroids * pq_dsub_);
    d.codes.assign(codes_, codes_ + num_rows_ * nsub);
    d.norm_table.assign(norm_table_, norm_table_ + kPqCentroids);
    d.norm_codes.assign(norm_codes_, norm_codes_ + num_rows_);
    d.output_scales.assign(output_scales_, output_scales_ + L);
    d.output_q.assign(output_q_, output_q_ + L * dim_);
  }
  return d;
}

}  // namespace loka::learn
