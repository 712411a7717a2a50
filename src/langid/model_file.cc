// Language-ID model file: writer and validating reader (docs/formats/langid.md).
#include "langid/model_file.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/bytes.h"
#include "core/model_container.h"

namespace loka::langid {
namespace {

constexpr size_t kAlign = 64;
constexpr uint32_t kMinBucketBits = 8;
constexpr uint32_t kMaxBucketBits = 24;
constexpr uint32_t kMaxEntries = 1u << 26;
constexpr uint32_t kMaxScripts = 256;
constexpr uint32_t kMaxCandidates = 1u << 20;
constexpr uint32_t kMaxCalibration = 64;
constexpr uint32_t kMaxMetadataBytes = 1u << 16;
constexpr size_t kCodeBytes = 8;
constexpr uint32_t kMinFormatVersion = 1;
constexpr ContainerFormat kFormat{"LOKALANG", "language-ID model", kMinFormatVersion,
                                  kFormatVersion};

struct RawConfig {
  uint32_t num_profiles, bucket_bits, min_order, max_order, num_entries, num_scripts,
      num_candidates, num_calibration;
  float value_scale, und_threshold;
  uint32_t min_letters;
  float script_only_probability, min_coverage, span_switch_penalty;
  uint32_t num_dense, reserved;
};
static_assert(sizeof(RawConfig) == 64, "config is 16 four-byte values");

struct RawScript {
  char name[4];
  uint32_t first, count;
};
static_assert(sizeof(RawScript) == 12, "script record is 12 bytes");

struct RawCalibration {
  uint32_t max_length;
  float temperature;
};
static_assert(sizeof(RawCalibration) == 8, "calibration record is 8 bytes");

struct RawWordGroup {
  uint32_t num_languages, num_words;
  float step;
  uint32_t reserved;
};
static_assert(sizeof(RawWordGroup) == 16, "word group record is 16 bytes");

bool IsLanguageCode(std::string_view s) {
  if (s.size() < 2 || s.size() > kCodeBytes - 1) return false;
  for (const char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

bool IsScriptName(std::string_view s) {
  if (s.size() != 4) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

bool Finite(float f) { return std::isfinite(f); }

// Every section starts on a 64-byte boundary.
template <typename T>
Status ViewSection(ByteReader* r, size_t count, const T** out) {
  LOKA_RETURN_IF_ERROR(r->Align(kAlign));
  return r->ViewArray(count, out);
}

Status CheckConfig(const ModelConfig& c, size_t num_profiles, size_t num_entries,
                   size_t num_scripts, size_t num_candidates, size_t num_calibration,
                   size_t num_dense) {
  if (num_profiles < 1 || num_profiles > kMaxProfiles) {
    return InvalidArgument("num_profiles " + std::to_string(num_profiles) + " outside 1..1024");
  }
  if (c.bucket_bits < kMinBucketBits || c.bucket_bits > kMaxBucketBits) {
    return InvalidArgument("bucket_bits " + std::to_string(c.bucket_bits) + " outside 8..24");
  }
  if (c.min_order < 1 || c.min_order > c.max_order || c.max_order > 8) {
    return InvalidArgument("n-gram orders " + std::to_string(c.min_order) + ".." +
                           std::to_string(c.max_order) + " outside 1..8");
  }
  if (num_entries > kMaxEntries) return InvalidArgument("too many entries");
  if (num_dense > kMaxDense) return InvalidArgument("too many dense rows");
  if (num_scripts > kMaxScripts) return InvalidArgument("too many scripts");
  if (num_candidates > kMaxCandidates) return InvalidArgument("too many candidates");
  if (num_calibration < 1 || num_calibration > kMaxCalibration) {
    return InvalidArgument("calibration buckets outside 1..64");
  }
  if (!Finite(c.value_scale) || c.value_scale <= 0.f) return InvalidArgument("bad value_scale");
  if (!(c.und_threshold >= 0.f && c.und_threshold <= 1.f)) {
    return InvalidArgument("und_threshold outside [0, 1]");
  }
  if (c.min_letters < 1) return InvalidArgument("min_letters must be >= 1");
  if (!(c.script_only_probability > 0.f && c.script_only_probability <= 1.f)) {
    return InvalidArgument("script_only_probability outside (0, 1]");
  }
  if (!(c.min_coverage >= 0.f && c.min_coverage <= 1.f)) {
    return InvalidArgument("min_coverage outside [0, 1]");
  }
  if (!Finite(c.span_switch_penalty) || c.span_switch_penalty < 0.f) {
    return InvalidArgument("bad span_switch_penalty");
  }
  return Status::Ok();
}

// The number of distinct codes of ascending `profiles`: the model's languages.
size_t CountLanguages(const std::vector<std::string>& profiles) {
  size_t n = 0;
  for (size_t i = 0; i < profiles.size(); ++i) n += i == 0 || profiles[i] != profiles[i - 1];
  return n;
}

// Answer odds (both reader and writer): none or one per language, finite, within +-64 nats.
Status CheckOdds(const std::vector<float>& odds, size_t num_languages) {
  if (!odds.empty() && odds.size() != num_languages) return InvalidArgument("odds size mismatch");
  for (size_t l = 0; l < odds.size(); ++l) {
    if (!Finite(odds[l]) || std::fabs(odds[l]) > kMaxPrior) {
      return InvalidArgument("answer odds of language " + std::to_string(l) +
                             " are not within +-64 nats");
    }
  }
  return Status::Ok();
}

// Version 4 with word groups or answer odds, else 3 when a prior is not zero, else 2 when some
// language has two profiles (equal neighbouring codes), else 1.
uint32_t VersionFor(const std::vector<std::string>& profiles, const std::vector<float>& priors,
                    const std::vector<float>& odds, const std::vector<WordGroup>& groups) {
  if (!groups.empty()) return 4;
  for (const float p : odds) {
    if (p != 0.f) return 4;
  }
  for (const float p : priors) {
    if (p != 0.f) return 3;
  }
  for (size_t i = 1; i < profiles.size(); ++i) {
    if (profiles[i - 1] == profiles[i]) return 2;
  }
  return 1;
}

// Checks the tables that the reader and the writer both validate; `floors` has
// profiles.size() * orders values, `priors` none or one per profile. Profile codes ascend,
// strictly in version 1.
Status CheckTables(uint32_t version, const std::vector<std::string>& profiles, const float* floors,
                   size_t orders, const std::vector<float>& priors,
                   const std::vector<ScriptCandidates>& scripts,
                   size_t num_candidates, const std::vector<CalibrationBucket>& calibration) {
  for (size_t i = 0; i < profiles.size(); ++i) {
    if (!IsLanguageCode(profiles[i])) {
      return InvalidArgument("language of profile " + std::to_string(i) +
                             " is not a 2-7 letter code");
    }
    if (i > 0 && profiles[i] < profiles[i - 1]) {
      return InvalidArgument("languages not ascending at " + profiles[i]);
    }
    if (i > 0 && version < 2 && profiles[i] == profiles[i - 1]) {
      return InvalidArgument("language " + profiles[i] +
                             " has two profiles, which format version 1 does not allow");
    }
  }
  for (size_t i = 0; i < profiles.size() * orders; ++i) {
    if (!Finite(floors[i]) || floors[i] > 0.f) {
      return InvalidArgument("floor " + std::to_string(i) + " is not a finite log-probability");
    }
  }
  for (size_t i = 0; i < priors.size(); ++i) {
    if (!Finite(priors[i]) || std::fabs(priors[i]) > kMaxPrior) {
      return InvalidArgument("prior of profile " + std::to_string(i) + " is not within +-64 nats");
    }
  }
  size_t total = 0;
  for (size_t i = 0; i < scripts.size(); ++i) {
    const ScriptCandidates& s = scripts[i];
    if (!IsScriptName(s.script)) return InvalidArgument("script " + std::to_string(i) + " name");
    if (i > 0 && !(scripts[i - 1].script < s.script)) {
      return InvalidArgument("scripts not strictly ascending at " + s.script);
    }
    if (s.profiles.empty()) return InvalidArgument("script " + s.script + " has no language");
    for (size_t k = 0; k < s.profiles.size(); ++k) {
      if (s.profiles[k] >= profiles.size() || (k > 0 && s.profiles[k - 1] >= s.profiles[k])) {
        return InvalidArgument("script " + s.script + ": bad candidate list");
      }
    }
    total += s.profiles.size();
  }
  if (total != num_candidates) return InvalidArgument("candidate count mismatch");
  for (size_t i = 0; i < calibration.size(); ++i) {
    if (!Finite(calibration[i].temperature) || calibration[i].temperature <= 0.f) {
      return InvalidArgument("calibration temperature " + std::to_string(i));
    }
    if (i > 0 && calibration[i - 1].max_length >= calibration[i].max_length) {
      return InvalidArgument("calibration lengths not ascending");
    }
  }
  if (calibration.empty() || calibration.back().max_length != 0xFFFFFFFFu) {
    return InvalidArgument("last calibration bucket must end at 0xFFFFFFFF");
  }
  return Status::Ok();
}

// Checks the bucket index and the entries (`start` computed through the view's arrays).
Status CheckIndex(const ModelView& v) {
  const uint32_t B = v.num_buckets;
  if (v.offset[0] != 0 || v.block_base[0] != 0) return InvalidArgument("index does not start at 0");
  uint32_t prev = 0;
  for (uint32_t b = 1; b <= B; ++b) {
    if (b % kBlockBuckets == 0 && v.offset[b] != 0) {
      return InvalidArgument("index offset at block start " + std::to_string(b) + " not 0");
    }
    const uint64_t s = uint64_t{v.block_base[b / kBlockBuckets]} + v.offset[b];
    if (s < prev || s > v.num_entries) {
      return InvalidArgument("bucket index not ascending at bucket " + std::to_string(b));
    }
    prev = static_cast<uint32_t>(s);
  }
  if (prev != v.num_entries) return InvalidArgument("bucket index does not end at num_entries");
  const size_t L = v.profiles.size();
  for (uint32_t b = 0; b < B; ++b) {
    if (v.IsDense(b)) {
      if (v.Start(b + 1) - v.Start(b) != 1 || v.entries[v.Start(b)] >= v.num_dense) {
        return InvalidArgument("dense bucket " + std::to_string(b) + ": bad row entry");
      }
      continue;
    }
    int last = -1;
    for (uint32_t e = v.Start(b); e < v.Start(b + 1); ++e) {
      const int profile = v.entries[e] >> kValueBits;
      if (static_cast<size_t>(profile) >= L || profile <= last ||
          (v.entries[e] & kValueMask) == 0) {
        return InvalidArgument("bucket " + std::to_string(b) + ": bad entry " +
                               std::to_string(e));
      }
      last = profile;
    }
  }
  for (size_t r = 0; r < v.num_dense; ++r) {
    const uint8_t* row = v.dense_rows + r * v.row_stride;
    for (size_t l = 0; l < v.row_stride; ++l) {
      if (row[l] > kValueMask || (l >= L && row[l] != 0)) {
        return InvalidArgument("dense row " + std::to_string(r) + ": bad value");
      }
    }
  }
  return Status::Ok();
}

// Word groups (both reader and writer): languages strictly ascending, below `num_languages`,
// each in at most one group; a positive finite step; words strictly ascending.
Status CheckWordGroups(const std::vector<WordGroup>& groups, size_t num_languages) {
  if (groups.size() > kMaxWordGroups) return InvalidArgument("more than 64 word groups");
  std::vector<bool> used(num_languages, false);
  for (size_t g = 0; g < groups.size(); ++g) {
    const WordGroup& wg = groups[g];
    const std::string name = "word group " + std::to_string(g);
    if (wg.languages.size() < 2 || wg.languages.size() > kMaxGroupLanguages) {
      return InvalidArgument(name + " does not have 2 to 16 languages");
    }
    for (size_t i = 0; i < wg.languages.size(); ++i) {
      const uint16_t l = wg.languages[i];
      if (l >= num_languages || (i > 0 && l <= wg.languages[i - 1]) || used[l]) {
        return InvalidArgument(name + ": language " + std::to_string(l) +
                               " out of range, not ascending or in two groups");
      }
      used[l] = true;
    }
    if (!Finite(wg.step) || !(wg.step > 0.f)) return InvalidArgument(name + ": bad step");
    if (wg.words.size() > kMaxGroupWords) return InvalidArgument(name + ": too many words");
    if (wg.weights.size() != wg.words.size() * (wg.languages.size() - 1)) {
      return InvalidArgument(name + ": weights size mismatch");
    }
    for (size_t i = 1; i < wg.words.size(); ++i) {
      if (wg.words[i] <= wg.words[i - 1]) {
        return InvalidArgument(name + ": words not strictly ascending");
      }
    }
  }
  return Status::Ok();
}

// The languages of `v.profiles` and, per script, of its candidate profiles; each language's
// answer odds (zeros when the file has none) and word group. REQUIRES: the profiles and scripts
// passed CheckTables.
void DeriveLanguages(ModelView* v) {
  for (const std::string& code : v->profiles) {
    if (v->languages.empty() || v->languages.back() != code) v->languages.push_back(code);
    v->profile_language.push_back(static_cast<uint16_t>(v->languages.size() - 1));
  }
  if (v->language_odds.empty()) v->language_odds.assign(v->languages.size(), 0.f);
  if (!v->language_odds.empty()) {
    const auto [lo, hi] = std::minmax_element(v->language_odds.begin(), v->language_odds.end());
    v->odds_spread = static_cast<double>(*hi) - static_cast<double>(*lo);
  }
  for (const ScriptCandidates& s : v->scripts) {
    ScriptLanguages sl;
    for (const uint16_t p : s.profiles) {
      const uint16_t lang = v->profile_language[p];
      if (sl.languages.empty() || sl.languages.back() != lang) sl.languages.push_back(lang);
      sl.slot.push_back(static_cast<uint16_t>(sl.languages.size() - 1));
    }
    v->script_languages.push_back(std::move(sl));
  }
  v->language_group.assign(v->languages.size(), -1);
  for (size_t g = 0; g < v->word_groups.size(); ++g) {
    for (const uint16_t l : v->word_groups[g].languages) {
      if (l < v->language_group.size()) v->language_group[l] = static_cast<int16_t>(g);
    }
  }
}

}  // namespace

Result<std::string> SerializeModel(const ModelData& d) {
  const ModelConfig& c = d.config;
  const size_t L = d.profiles.size();
  size_t num_candidates = 0;
  for (const ScriptCandidates& s : d.scripts) num_candidates += s.profiles.size();
  const uint32_t stride = DenseRowStride(L);
  const size_t num_dense = d.dense_rows.size() / stride;
  LOKA_RETURN_IF_ERROR(CheckConfig(c, L, d.entries.size(), d.scripts.size(), num_candidates,
                                   d.calibration.size(), num_dense));
  if (d.dense_rows.size() != num_dense * stride) {
    return InvalidArgument("dense_rows is not a whole number of rows");
  }
  const size_t orders = c.max_order - c.min_order + 1;
  if (d.floors.size() != L * orders) return InvalidArgument("floors size mismatch");
  if (!d.priors.empty() && d.priors.size() != L) return InvalidArgument("priors size mismatch");
  const uint32_t version = VersionFor(d.profiles, d.priors, d.odds, d.word_groups);
  LOKA_RETURN_IF_ERROR(CheckTables(version, d.profiles, d.floors.data(), orders, d.priors,
                                   d.scripts, num_candidates, d.calibration));
  const size_t num_languages = CountLanguages(d.profiles);
  LOKA_RETURN_IF_ERROR(CheckOdds(d.odds, num_languages));
  LOKA_RETURN_IF_ERROR(CheckWordGroups(d.word_groups, num_languages));
  if (d.metadata_json.size() > kMaxMetadataBytes) return InvalidArgument("metadata too large");
  const uint32_t B = 1u << c.bucket_bits;
  if (d.bucket_start.size() != size_t{B} + 1 || d.bucket_start.front() != 0 ||
      d.bucket_start.back() != d.entries.size()) {
    return InvalidArgument("bucket_start must have 2^bucket_bits + 1 values from 0 to entries");
  }
  if (d.dense_bitmap.size() != B / 64) return InvalidArgument("dense_bitmap size mismatch");
  std::vector<uint32_t> block_base(B / kBlockBuckets + 1);
  std::vector<uint16_t> offset(size_t{B} + 1);
  for (uint32_t b = 0; b <= B; ++b) {
    if (b > 0 && d.bucket_start[b] < d.bucket_start[b - 1]) {
      return InvalidArgument("bucket_start not ascending");
    }
    if (b % kBlockBuckets == 0) block_base[b / kBlockBuckets] = d.bucket_start[b];
    const uint32_t rel = d.bucket_start[b] - block_base[b / kBlockBuckets];
    if (rel > 0xFFFF) return InvalidArgument("more than 65535 entries in 64 buckets");
    offset[b] = static_cast<uint16_t>(rel);
  }

  std::string out = StartContainer();
  ByteWriter w(&out);
  RawConfig rc{};
  rc.num_profiles = static_cast<uint32_t>(L);
  rc.bucket_bits = c.bucket_bits;
  rc.min_order = c.min_order;
  rc.max_order = c.max_order;
  rc.num_entries = static_cast<uint32_t>(d.entries.size());
  rc.num_scripts = static_cast<uint32_t>(d.scripts.size());
  rc.num_candidates = static_cast<uint32_t>(num_candidates);
  rc.num_calibration = static_cast<uint32_t>(d.calibration.size());
  rc.value_scale = c.value_scale;
  rc.und_threshold = c.und_threshold;
  rc.min_letters = c.min_letters;
  rc.script_only_probability = c.script_only_probability;
  rc.min_coverage = c.min_coverage;
  rc.span_switch_penalty = c.span_switch_penalty;
  rc.num_dense = static_cast<uint32_t>(num_dense);
  w.Put(rc);
  w.Align(kAlign);
  for (const std::string& code : d.profiles) {
    char buf[kCodeBytes] = {};
    std::memcpy(buf, code.data(), code.size());
    w.PutBytes(buf, kCodeBytes);
  }
  w.Align(kAlign);
  w.PutArray(d.floors);
  if (version >= 3) {
    w.Align(kAlign);
    w.PutArray(d.priors.empty() ? std::vector<float>(L, 0.f) : d.priors);
  }
  if (version >= 4) {
    w.Align(kAlign);
    w.PutArray(d.odds.empty() ? std::vector<float>(num_languages, 0.f) : d.odds);
  }
  w.Align(kAlign);
  uint32_t first = 0;
  for (const ScriptCandidates& s : d.scripts) {
    RawScript r{};
    std::memcpy(r.name, s.script.data(), 4);
    r.first = first;
    r.count = static_cast<uint32_t>(s.profiles.size());
    first += r.count;
    w.Put(r);
  }
  w.Align(kAlign);
  for (const ScriptCandidates& s : d.scripts) w.PutArray(s.profiles);
  w.Align(kAlign);
  for (const CalibrationBucket& cb : d.calibration) w.Put(RawCalibration{cb.max_length, cb.temperature});
  w.Align(kAlign);
  w.PutString(d.metadata_json);
  w.Align(kAlign);
  w.PutArray(block_base);
  w.Align(kAlign);
  w.PutArray(offset);
  w.Align(kAlign);
  w.PutArray(d.entries);
  w.Align(kAlign);
  w.PutArray(d.dense_bitmap);
  w.Align(kAlign);
  w.PutArray(d.dense_rows);
  if (version >= 4) {
    w.Align(kAlign);
    w.Put(static_cast<uint32_t>(d.word_groups.size()));
    for (const WordGroup& g : d.word_groups) {
      w.Align(kAlign);
      w.Put(RawWordGroup{static_cast<uint32_t>(g.languages.size()),
                         static_cast<uint32_t>(g.words.size()), g.step, 0});
      w.PutArray(g.languages);
      w.Align(kAlign);
      w.PutArray(g.words);
      w.Align(kAlign);
      w.PutArray(g.weights);
    }
  }

  SealContainer(kFormat, version, /*kind=*/0, &out);
  const Result<ModelView> check = ParseModel(out, "serialized model");
  if (!check.ok()) return InvalidArgument(check.status().message());
  return out;
}

Result<ModelView> ParseModel(std::string_view bytes, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(const ContainerHeader header, CheckContainer(bytes, kFormat, what));
  const uint32_t version = header.version;

  ByteReader r(bytes, what);
  std::string_view skip;
  LOKA_RETURN_IF_ERROR(r.View(kContainerHeaderBytes, &skip));
  RawConfig rc;
  LOKA_RETURN_IF_ERROR(r.Get(&rc));
  ModelView v;
  v.version = version;
  ModelConfig& c = v.config;
  c.bucket_bits = rc.bucket_bits;
  c.min_order = rc.min_order;
  c.max_order = rc.max_order;
  c.value_scale = rc.value_scale;
  c.und_threshold = rc.und_threshold;
  c.min_letters = rc.min_letters;
  c.script_only_probability = rc.script_only_probability;
  c.min_coverage = rc.min_coverage;
  c.span_switch_penalty = rc.span_switch_penalty;
  Status s = CheckConfig(c, rc.num_profiles, rc.num_entries, rc.num_scripts, rc.num_candidates,
                         rc.num_calibration, rc.num_dense);
  if (!s.ok()) return Corrupt(what + ": " + s.message());
  v.num_buckets = 1u << c.bucket_bits;
  v.num_orders = c.max_order - c.min_order + 1;
  v.num_entries = rc.num_entries;
  v.num_dense = rc.num_dense;
  v.row_stride = DenseRowStride(rc.num_profiles);

  const char* codes = nullptr;
  LOKA_RETURN_IF_ERROR(ViewSection(&r, size_t{rc.num_profiles} * kCodeBytes, &codes));
  v.profiles.reserve(rc.num_profiles);
  for (uint32_t i = 0; i < rc.num_profiles; ++i) {
    const char* p = codes + i * kCodeBytes;
    v.profiles.emplace_back(p, strnlen(p, kCodeBytes));
  }
  LOKA_RETURN_IF_ERROR(ViewSection(&r, size_t{rc.num_profiles} * v.num_orders, &v.floors));
  if (version >= 3) {
    const float* priors = nullptr;
    LOKA_RETURN_IF_ERROR(ViewSection(&r, rc.num_profiles, &priors));
    v.priors.assign(priors, priors + rc.num_profiles);
  } else {
    v.priors.assign(rc.num_profiles, 0.f);
  }
  if (version >= 4) {
    const size_t num_languages = CountLanguages(v.profiles);
    const float* odds = nullptr;
    LOKA_RETURN_IF_ERROR(ViewSection(&r, num_languages, &odds));
    v.language_odds.assign(odds, odds + num_languages);
  }
  const RawScript* scripts = nullptr;
  LOKA_RETURN_IF_ERROR(ViewSection(&r, rc.num_scripts, &scripts));
  const uint16_t* candidates = nullptr;
  LOKA_RETURN_IF_ERROR(ViewSection(&r, rc.num_candidates, &candidates));
  v.scripts.resize(rc.num_scripts);
  for (uint32_t i = 0; i < rc.num_scripts; ++i) {
    RawScript rs;
    std::memcpy(&rs, &scripts[i], sizeof rs);
    if (rs.first > rc.num_candidates || rs.count > rc.num_candidates - rs.first) {
      return Corrupt(what + ": script " + std::to_string(i) + " candidates out of range");
    }
    v.scripts[i].script.assign(rs.name, 4);
    v.scripts[i].profiles.assign(candidates + rs.first, candidates + rs.first + rs.count);
  }
  const RawCalibration* cal = nullptr;
  LOKA_RETURN_IF_ERROR(ViewSection(&r, rc.num_calibration, &cal));
  for (uint32_t i = 0; i < rc.num_calibration; ++i) {
    v.calibration.push_back({cal[i].max_length, cal[i].temperature});
  }
  LOKA_RETURN_IF_ERROR(r.Align(kAlign));
  uint32_t meta_len = 0;
  LOKA_RETURN_IF_ERROR(r.Get(&meta_len));
  if (meta_len > kMaxMetadataBytes) return Corrupt(what + ": metadata longer than 64 KiB");
  LOKA_RETURN_IF_ERROR(r.View(meta_len, &v.metadata_json));
  LOKA_RETURN_IF_ERROR(ViewSection(&r, v.num_buckets / kBlockBuckets + 1, &v.block_base));
  LOKA_RETURN_IF_ERROR(ViewSection(&r, size_t{v.num_buckets} + 1, &v.offset));
  LOKA_RETURN_IF_ERROR(ViewSection(&r, rc.num_entries, &v.entries));
  LOKA_RETURN_IF_ERROR(ViewSection(&r, v.num_buckets / 64, &v.dense_bitmap));
  LOKA_RETURN_IF_ERROR(ViewSection(&r, size_t{v.num_dense} * v.row_stride, &v.dense_rows));
  if (version >= 4) {
    LOKA_RETURN_IF_ERROR(r.Align(kAlign));
    uint32_t num_groups = 0;
    LOKA_RETURN_IF_ERROR(r.Get(&num_groups));
    if (num_groups > kMaxWordGroups) return Corrupt(what + ": more than 64 word groups");
    for (uint32_t g = 0; g < num_groups; ++g) {
      LOKA_RETURN_IF_ERROR(r.Align(kAlign));
      RawWordGroup rg;
      LOKA_RETURN_IF_ERROR(r.Get(&rg));
      if (rg.num_languages < 2 || rg.num_languages > kMaxGroupLanguages ||
          rg.num_words > kMaxGroupWords) {
        return Corrupt(what + ": word group " + std::to_string(g) + " sizes out of range");
      }
      WordGroup wg;
      wg.step = rg.step;
      const uint16_t* langs = nullptr;
      LOKA_RETURN_IF_ERROR(r.ViewArray(rg.num_languages, &langs));
      wg.languages.assign(langs, langs + rg.num_languages);
      const uint16_t* words = nullptr;
      LOKA_RETURN_IF_ERROR(ViewSection(&r, rg.num_words, &words));
      wg.words.assign(words, words + rg.num_words);
      const int8_t* weights = nullptr;
      const size_t num_weights = size_t{rg.num_words} * (rg.num_languages - 1);
      LOKA_RETURN_IF_ERROR(ViewSection(&r, num_weights, &weights));
      wg.weights.assign(weights, weights + num_weights);
      v.word_groups.push_back(std::move(wg));
    }
  }
  if (r.left() != 0) {
    return Corrupt(what + ": " + std::to_string(r.left()) + " bytes after the last section");
  }
  s = CheckTables(version, v.profiles, v.floors, v.num_orders, v.priors, v.scripts,
                  rc.num_candidates, v.calibration);
  if (s.ok()) s = CheckIndex(v);
  if (s.ok()) {
    const size_t num_languages = CountLanguages(v.profiles);
    s = CheckOdds(v.language_odds, num_languages);
    if (s.ok()) s = CheckWordGroups(v.word_groups, num_languages);
  }
  if (!s.ok()) return Corrupt(what + ": " + s.message());
  DeriveLanguages(&v);
  return v;
}

}  // namespace loka::langid
