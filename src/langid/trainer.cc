// Counting-trained Naive Bayes language ID (see trainer.h and docs/langid.md).
//
// Per profile l (one language's text of one domain), order n, bucket b: c = count of n-grams
// hashed to b, N_n = n-grams of order n in l's text, B = buckets. Kept buckets (at most
// max_entries_per_language, max_entries_per_domain for a domain profile, max_entries_paired for
// the plain profile of a language that has a domain profile too; count >= min_count; the most
// frequent, or with KeepPolicy::kGain the largest c x (log P - floor_n)) get
// log P = log((c + alpha) / (N_n + alpha B)) for the bucket's majority order n. Every other
// bucket shares the backoff mass of its order:
//   floor_n = log((pruned_n + alpha B) / (N_n + alpha B) / (B - kept_n)),
// pruned_n being the count that fell to pruning and kept_n the kept buckets of order n. An entry
// stores q = round((log P - floor_n) / value_scale), clamped to 0..63; q = 0 is not stored.
#include "langid/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "langid/calibration.h"
#include "langid/cleanup.h"
#include "langid/classifier.h"
#include "langid/ngrams.h"
#include "langid/word_groups.h"
#include "text/script.h"
#include "text/utf8.h"

namespace loka::langid {
namespace {

constexpr int kMaxScriptCode = 512;
constexpr size_t kMaxDomainChars = 16;
// Rounds of re-ranking by gain over the floors of the previous selection (KeepPolicy::kGain).
// 2: on the default model, 1 round gave 55 errors on the everyday sets' 1,911 clean lines and
// OOjs dev macro-F1 0.7479, 2 rounds 49 and 0.7505, 3 rounds 49 and 0.7499 (converged).
constexpr uint32_t kGainRounds = 2;

bool IsLanguageCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 7) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool IsDomain(std::string_view s) {
  if (s.empty() || s.size() > kMaxDomainChars) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// The entry limit of a profile of `domain`: its own limit when the options name one.
uint32_t DomainMaxEntries(const TrainOptions& o, const std::string& domain, uint32_t fallback) {
  for (const auto& [name, entries] : o.domain_max_entries) {
    if (name == domain) return entries;
  }
  return fallback;
}

// The language code of a training label: "hrv" for "hrv" and "hrv/ui".
std::string_view LabelLanguage(std::string_view label) {
  return label.substr(0, label.find('/'));
}

// One profile's pruned table: (bucket, q) pairs ascending by bucket, and floors per order.
struct LanguageTable {
  std::vector<std::pair<uint32_t, uint8_t>> entries;
  std::vector<float> floors;
};

// Counts of one language's n-grams: per order and bucket, plus the touched buckets.
class Counts {
 public:
  Counts(uint32_t orders, uint32_t buckets)
      : orders_(orders), buckets_(buckets), c_(size_t{orders} * buckets, 0), n_(orders, 0) {}

  void Add(uint32_t order_index, uint32_t bucket, int32_t delta) {
    uint32_t& c = c_[size_t{order_index} * buckets_ + bucket];
    if (c == 0 && delta > 0) touched_.push_back(bucket);
    c = static_cast<uint32_t>(static_cast<int64_t>(c) + delta);
    n_[order_index] = static_cast<uint64_t>(static_cast<int64_t>(n_[order_index]) + delta);
  }
  uint32_t Get(uint32_t order_index, uint32_t bucket) const {
    return c_[size_t{order_index} * buckets_ + bucket];
  }
  uint64_t Total(uint32_t order_index) const { return n_[order_index]; }
  // Touched buckets, ascending and unique (some may have dropped back to zero).
  const std::vector<uint32_t>& Touched() {
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
    return touched_;
  }
  void Clear() {
    for (const uint32_t b : touched_) {
      for (uint32_t o = 0; o < orders_; ++o) c_[size_t{o} * buckets_ + b] = 0;
    }
    touched_.clear();
    std::fill(n_.begin(), n_.end(), 0);
  }
  uint32_t orders() const { return orders_; }

 private:
  uint32_t orders_;
  uint32_t buckets_;
  std::vector<uint32_t> c_;
  std::vector<uint64_t> n_;
  std::vector<uint32_t> touched_;
};

// Backoff floors per order when the first `n_kept` of `cands` are kept and the others, with
// `pruned_below` (the counts of the buckets under min_count), fall to the floor.
template <typename Cand>
std::vector<double> Floors(const Counts& counts, const std::vector<Cand>& cands, size_t n_kept,
                           const std::vector<double>& pruned_below, const TrainOptions& o) {
  const uint32_t orders = counts.orders();
  const double B = std::ldexp(1.0, static_cast<int>(o.bucket_bits));
  std::vector<double> pruned = pruned_below, kept(orders, 0.0);
  for (size_t i = 0; i < cands.size(); ++i) {
    if (i < n_kept) {
      kept[cands[i].order_index] += 1;
    } else {
      for (uint32_t k = 0; k < orders; ++k) pruned[k] += counts.Get(k, cands[i].bucket);
    }
  }
  std::vector<double> floors(orders);
  for (uint32_t k = 0; k < orders; ++k) {
    const double n = static_cast<double>(counts.Total(k));
    floors[k] = std::log((pruned[k] + o.alpha * B) / (n + o.alpha * B) / std::max(1.0, B - kept[k]));
  }
  return floors;
}

LanguageTable BuildTable(Counts& counts, uint32_t max_entries, const TrainOptions& o) {
  const uint32_t orders = counts.orders();
  const double B = std::ldexp(1.0, static_cast<int>(o.bucket_bits));
  struct Cand {
    uint64_t count;
    uint32_t bucket;
    uint32_t order_index;
    double rank = 0;  // the keep policy's score: larger is kept first
  };
  std::vector<Cand> cands;
  std::vector<double> below(orders, 0.0);
  for (const uint32_t b : counts.Touched()) {
    uint64_t total = 0, best = 0;
    uint32_t best_o = 0;
    for (uint32_t k = 0; k < orders; ++k) {
      const uint32_t c = counts.Get(k, b);
      total += c;
      if (c > best) {
        best = c;
        best_o = k;
      }
    }
    if (total == 0) continue;
    if (total >= o.min_count) {
      cands.push_back({total, b, best_o, static_cast<double>(total)});
    } else {
      for (uint32_t k = 0; k < orders; ++k) below[k] += counts.Get(k, b);
    }
  }
  const auto by_rank = [&cands] {
    std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
      return a.rank > b.rank || (a.rank == b.rank && a.bucket < b.bucket);
    });
  };
  const auto log_p = [&](const Cand& c) {
    const double n = static_cast<double>(counts.Total(c.order_index));
    return std::log((static_cast<double>(c.count) + o.alpha) / (n + o.alpha * B));
  };
  by_rank();  // most frequent first
  if (o.keep_policy == KeepPolicy::kGain && cands.size() > max_entries) {
    // The log-likelihood the profile's own text gains when a bucket keeps its value instead of
    // the floor, count x (log P - floor), with the floors of the previous selection (first the
    // frequency cut); a fixed number of rounds keeps it deterministic.
    for (uint32_t round = 0; round < kGainRounds; ++round) {
      const std::vector<double> f = Floors(counts, cands, max_entries, below, o);
      for (Cand& c : cands) {
        c.rank = static_cast<double>(c.count) * std::max(0.0, log_p(c) - f[c.order_index]);
      }
      by_rank();
    }
  }
  const size_t n_kept = std::min<size_t>(cands.size(), max_entries);
  const std::vector<double> floors = Floors(counts, cands, n_kept, below, o);
  cands.resize(n_kept);
  LanguageTable t;
  t.floors.assign(floors.begin(), floors.end());
  for (const Cand& c : cands) {
    const double q = std::round((log_p(c) - t.floors[c.order_index]) / o.value_scale);
    if (q >= 1) t.entries.push_back({c.bucket, static_cast<uint8_t>(std::min<double>(q, kValueMask))});
  }
  std::sort(t.entries.begin(), t.entries.end());
  return t;
}

// Lays the per-profile tables out as the bucket index, entries and dense rows of `m`. A bucket
// with at least `dense_min` profiles becomes a dense row.
void LayOut(const std::vector<LanguageTable>& tables, uint32_t buckets, uint32_t dense_min,
            ModelData* m) {
  std::vector<uint32_t> per_bucket(buckets, 0);
  for (const LanguageTable& t : tables) {
    for (const auto& e : t.entries) ++per_bucket[e.first];
  }
  const uint32_t stride = DenseRowStride(tables.size());
  std::vector<int32_t> row(buckets, -1);
  m->dense_bitmap.assign(buckets / 64, 0);
  m->dense_rows.clear();
  m->bucket_start.assign(size_t{buckets} + 1, 0);
  uint32_t rows = 0;
  for (uint32_t b = 0; b < buckets; ++b) {
    if (per_bucket[b] >= dense_min && rows < kMaxDense) {
      row[b] = static_cast<int32_t>(rows++);
      m->dense_bitmap[b / 64] |= uint64_t{1} << (b % 64);
    }
    m->bucket_start[b + 1] = m->bucket_start[b] + (row[b] >= 0 ? 1 : per_bucket[b]);
  }
  m->dense_rows.assign(size_t{rows} * stride, 0);
  m->entries.assign(m->bucket_start.back(), 0);
  std::vector<uint32_t> fill(m->bucket_start.begin(), m->bucket_start.end() - 1);
  for (uint32_t b = 0; b < buckets; ++b) {
    if (row[b] >= 0) m->entries[fill[b]] = static_cast<uint16_t>(row[b]);
  }
  for (size_t l = 0; l < tables.size(); ++l) {  // ascending profile id within every bucket
    for (const auto& [b, q] : tables[l].entries) {
      if (row[b] >= 0) {
        m->dense_rows[size_t(row[b]) * stride + l] = q;
      } else {
        m->entries[fill[b]++] = static_cast<uint16_t>((l << kValueBits) | q);
      }
    }
  }
}

// First `n` code points of valid UTF-8 `s`, trailing spaces removed (scripts/data/prepare.py's
// cut, which made test20/test50).
std::string_view Cut(std::string_view s, uint32_t n) {
  std::string_view c = text::Utf8Prefix(s, n);
  while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
  return c;
}

// `s` as a JSON string body: quotes, backslashes and control characters escaped.
std::string JsonEscape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The model's profiles: one per training label ("hrv", "hrv/ui"), plus one per script-only
// language without a label. Labels sort as (code, domain) because '/' sorts below letters and
// digits, so profiles of one language are neighbours and their codes ascend as the format wants.
struct Layout {
  std::vector<std::string> profiles;               // labels, ascending
  std::vector<std::string> codes;                  // language code per profile
  std::vector<std::string> languages;              // distinct codes, ascending
  std::vector<int> label_to_profile;               // label index -> profile id
  std::vector<int> label_to_language;              // label index -> index into languages
  std::vector<ScriptCandidates> scripts;
  std::vector<bool> needs_table;                   // per profile
};

Result<Layout> PlanProfiles(const std::vector<std::string>& labels,
                            const std::vector<std::map<std::string, double>>& letters,
                            const TrainOptions& o) {
  std::set<std::string> script_names;
  for (int code = 0; code < kMaxScriptCode; ++code) {
    const std::string n = text::ScriptName(code);
    if (n.size() == 4) script_names.insert(n);
  }
  std::set<std::string> profiles(labels.begin(), labels.end());
  std::set<std::string> langs;
  for (const std::string& l : labels) langs.emplace(LabelLanguage(l));
  for (const auto& [script, lang] : o.script_languages) {
    if (!script_names.count(script)) {
      return InvalidArgument("script-language " + script + "=" + lang + ": unknown script");
    }
    if (!IsLanguageCode(lang)) {
      return InvalidArgument("script-language " + script + "=" + lang + ": bad language code");
    }
    if (langs.insert(lang).second) profiles.insert(lang);
  }
  Layout lay;
  lay.profiles.assign(profiles.begin(), profiles.end());
  lay.languages.assign(langs.begin(), langs.end());
  if (lay.profiles.size() > kMaxProfiles) {
    return InvalidArgument(std::to_string(lay.profiles.size()) +
                           " profiles (labels), more than the 1024 a model holds");
  }
  for (const std::string& p : lay.profiles) lay.codes.emplace_back(LabelLanguage(p));
  auto profile_id = [&](const std::string& p) {
    return static_cast<uint16_t>(std::lower_bound(lay.profiles.begin(), lay.profiles.end(), p) -
                                 lay.profiles.begin());
  };
  auto language_id = [&](std::string_view l) {
    return static_cast<int>(std::lower_bound(lay.languages.begin(), lay.languages.end(), l) -
                            lay.languages.begin());
  };
  std::map<std::string, std::set<uint16_t>> by_script;
  for (size_t i = 0; i < labels.size(); ++i) {
    lay.label_to_profile.push_back(profile_id(labels[i]));
    lay.label_to_language.push_back(language_id(LabelLanguage(labels[i])));
    double total = 0;
    for (const auto& [s, n] : letters[i]) total += n;
    for (const auto& [s, n] : letters[i]) {
      if (n >= o.script_min_share * total) by_script[s].insert(profile_id(labels[i]));
    }
  }
  for (const auto& [script, lang] : o.script_languages) {  // every profile of the language
    for (size_t p = 0; p < lay.profiles.size(); ++p) {
      if (lay.codes[p] == lang) by_script[script].insert(static_cast<uint16_t>(p));
    }
  }
  lay.needs_table.assign(lay.profiles.size(), false);
  for (const auto& [script, ids] : by_script) {
    lay.scripts.push_back({script, std::vector<uint16_t>(ids.begin(), ids.end())});
    std::set<std::string_view> script_langs;
    for (const uint16_t p : ids) script_langs.insert(lay.codes[p]);
    if (script_langs.size() > 1) {  // else the script alone answers
      for (const uint16_t p : ids) lay.needs_table[p] = true;
    }
  }
  return lay;
}

struct Calibrated {
  // Held-out texts (lines and cuts) whose top language was another candidate, per language
  // pair (lower id first).
  PairConfusions confusions;
  std::vector<CalibrationBucket> calibration;
  std::vector<BucketReport> buckets;
  float script_only_probability = 1.f;
  size_t script_only_examples = 0;
};

// Scores the held-out lines (and their cuts) with `model` and fits a temperature per bucket.
Result<Calibrated> Calibrate(const ModelData& model, const std::vector<learn::LabelledText>& rows,
                             const std::vector<size_t>& heldout, const std::vector<int>& gold_lang,
                             const TrainOptions& o) {
  Calibrated out;
  LOKA_ASSIGN_OR_RETURN(const std::string bytes, SerializeModel(model));
  LOKA_ASSIGN_OR_RETURN(ModelView view, ParseModel(bytes, "held-out model"));
  const Classifier classifier(std::move(view));
  const size_t nb = o.length_buckets.size() + 1;
  std::vector<std::vector<ScoredExample>> examples(nb);
  size_t script_only = 0, script_only_right = 0;
  RawScores raw;
  for (const size_t r : heldout) {
    const std::string_view full = rows[r].text;
    std::vector<std::string_view> texts;
    for (const uint32_t n : o.calibration_cuts) {
      const std::string_view c = Cut(full, n);
      if (c.size() < full.size()) texts.push_back(c);
    }
    texts.push_back(full);
    const uint16_t gold = static_cast<uint16_t>(gold_lang[r]);
    for (const std::string_view t : texts) {
      LOKA_RETURN_IF_ERROR(classifier.Score(t, &raw));
      const std::vector<uint16_t>& langs =
          classifier.view().script_languages[raw.script_record].languages;
      if (raw.evidence == Evidence::kScriptOnly) {
        ++script_only;
        script_only_right += langs[0] == gold;
        continue;
      }
      if (raw.evidence != Evidence::kModel) continue;
      const size_t b = static_cast<size_t>(
          std::lower_bound(o.length_buckets.begin(), o.length_buckets.end(),
                           raw.stats.stream_length) -
          o.length_buckets.begin());
      const auto it = std::lower_bound(langs.begin(), langs.end(), gold);
      // A gold language that is not a candidate (its text is in an unexpected script) keeps
      // gold == langs.size(): never right, left out of the fit, counted in the report.
      const bool found = it != langs.end() && *it == gold;
      ScoredExample e;
      e.gold = found ? static_cast<size_t>(it - langs.begin()) : langs.size();
      const auto best = std::max_element(raw.scores.begin(), raw.scores.end());
      const double top = *best;
      for (const double s : raw.scores) e.scores.push_back(static_cast<float>(s - top));
      const uint16_t answer = langs[static_cast<size_t>(best - raw.scores.begin())];
      if (found && answer != gold) {
        ++out.confusions[LanguagePair(answer, gold)];
      }
      if (classifier.view().odds_spread > 0) {
        for (const uint16_t l : langs) e.offsets.push_back(classifier.view().language_odds[l]);
      }
      examples[b].push_back(std::move(e));
    }
  }
  std::vector<double> temps(nb, 0.0);
  for (size_t b = 0; b < nb; ++b) {
    std::vector<const ScoredExample*> fit;
    for (const ScoredExample& e : examples[b]) {
      if (e.gold < e.scores.size()) fit.push_back(&e);
    }
    if (fit.size() >= o.min_examples_per_bucket) temps[b] = FitTemperature(fit);
  }
  // Buckets with too few examples borrow the nearest fitted neighbour's temperature.
  for (size_t b = 0; b < nb; ++b) {
    if (temps[b] > 0) continue;
    for (size_t d = 1; d < nb && temps[b] == 0; ++d) {
      if (b >= d && temps[b - d] > 0) temps[b] = temps[b - d];
      else if (b + d < nb && temps[b + d] > 0) temps[b] = temps[b + d];
    }
    if (temps[b] == 0) temps[b] = 1;
  }
  for (size_t b = 0; b < nb; ++b) {
    BucketReport rep;
    rep.max_length = b < o.length_buckets.size() ? o.length_buckets[b] : 0xFFFFFFFFu;
    rep.temperature = temps[b];
    std::vector<ConfidenceSample> samples;
    for (const ScoredExample& e : examples[b]) {
      const ConfidenceSample s = TopConfidence(e, temps[b]);
      samples.push_back(s);
      rep.accuracy += s.correct;
    }
    rep.examples = samples.size();
    if (!samples.empty()) rep.accuracy /= static_cast<double>(samples.size());
    rep.ece = ExpectedCalibrationError(samples);
    out.buckets.push_back(rep);
    out.calibration.push_back({rep.max_length, static_cast<float>(temps[b])});
  }
  out.script_only_examples = script_only;
  // Laplace's rule of succession: never exactly 1 from a finite sample.
  out.script_only_probability =
      static_cast<float>((script_only_right + 1.0) / (script_only + 2.0));
  return out;
}

Status CheckOptions(const TrainOptions& o) {
  if (o.bucket_bits < 8 || o.bucket_bits > 24) return InvalidArgument("bucket_bits outside 8..24");
  if (o.min_order < 1 || o.min_order > o.max_order || o.max_order > kMaxOrder) {
    return InvalidArgument("n-gram orders outside 1..8");
  }
  if (!(o.alpha > 0) || !(o.value_scale > 0) || o.heldout_every < 2) {
    return InvalidArgument("alpha and value_scale must be > 0, heldout_every >= 2");
  }
  if (!std::is_sorted(o.length_buckets.begin(), o.length_buckets.end()) ||
      std::adjacent_find(o.length_buckets.begin(), o.length_buckets.end()) !=
          o.length_buckets.end() ||
      o.length_buckets.size() >= 64) {
    return InvalidArgument("length_buckets must be strictly ascending, fewer than 64");
  }
  for (const auto& [domain, entries] : o.domain_max_entries) {
    if (!IsDomain(domain) || entries == 0) {
      return InvalidArgument("domain entry limit " + domain + "=" + std::to_string(entries) +
                             ": expected a domain of 1-16 lower-case letters or digits and a "
                             "limit >= 1");
    }
  }
  return Status::Ok();
}

// The log-prior added to each profile's score and the answer odds added to each language's
// log-odds after the temperature (each empty when all zero).
struct ProfilePriorSet {
  std::vector<float> priors;  // per profile
  std::vector<float> odds;    // per language (Layout::languages)
};

// Every prior names a training label once, with a finite count >= 0; every speaker count names
// a language code once, with a finite count >= 0. Returns each profile's log-prior: its label's
// prior plus its language's speaker prior, and its language's answer odds, within the format's
// bound.
Result<ProfilePriorSet> ProfilePriors(const TrainOptions& o, const Layout& lay) {
  if (!(o.prior_strength >= 0) || !std::isfinite(o.prior_strength)) {
    return InvalidArgument("prior strength must be finite and >= 0");
  }
  if (!(o.speaker_prior_strength >= 0) || !std::isfinite(o.speaker_prior_strength)) {
    return InvalidArgument("speaker prior strength must be finite and >= 0");
  }
  if (!(o.default_speakers >= 0) || !std::isfinite(o.default_speakers)) {
    return InvalidArgument("default speakers must be finite and >= 0");
  }
  if (!(o.speaker_odds_weight >= 0) || !std::isfinite(o.speaker_odds_weight)) {
    return InvalidArgument("speaker odds weight must be finite and >= 0");
  }
  if (!(o.speaker_odds_cap >= 0) || !std::isfinite(o.speaker_odds_cap)) {
    return InvalidArgument("speaker odds cap must be finite and >= 0");
  }
  if (o.prior_counts.empty() && o.language_speakers.empty()) return ProfilePriorSet();
  LOKA_RETURN_IF_ERROR(CheckPriorCounts(o.prior_counts));
  LOKA_RETURN_IF_ERROR(CheckLanguageSpeakers(o.language_speakers));
  std::vector<double> priors(lay.profiles.size(), 0.0), odds(lay.languages.size(), 0.0);
  for (const auto& [label, count] : o.prior_counts) {
    const auto it = std::lower_bound(lay.profiles.begin(), lay.profiles.end(), label);
    if (it == lay.profiles.end() || *it != label) {
      return InvalidArgument("prior for '" + label + "', which has no training lines");
    }
    priors[static_cast<size_t>(it - lay.profiles.begin())] = o.prior_strength * std::log1p(count);
  }
  if (!o.language_speakers.empty()) {
    const std::map<std::string, double> speakers(o.language_speakers.begin(),
                                                 o.language_speakers.end());
    const auto speakers_of = [&](const std::string& code) {
      const auto it = speakers.find(code);
      return it == speakers.end() ? o.default_speakers : it->second;
    };
    for (size_t p = 0; p < lay.profiles.size(); ++p) {
      priors[p] += o.speaker_prior_strength * std::log1p(speakers_of(lay.codes[p]));
    }
    for (size_t l = 0; l < lay.languages.size(); ++l) {
      const double n = speakers_of(lay.languages[l]);
      odds[l] = o.speaker_odds_weight * std::log1p(std::min(n, o.speaker_odds_cap));
      if (odds[l] > kMaxPrior) {
        return InvalidArgument("answer odds of '" + lay.languages[l] + "' are above " +
                               std::to_string(static_cast<int>(kMaxPrior)) + " nats");
      }
    }
  }
  ProfilePriorSet out;
  out.priors.resize(priors.size());
  for (size_t p = 0; p < priors.size(); ++p) {
    if (priors[p] > kMaxPrior) {
      return InvalidArgument("prior of '" + lay.profiles[p] + "' is above " +
                             std::to_string(static_cast<int>(kMaxPrior)) + " nats");
    }
    out.priors[p] = static_cast<float>(priors[p]);
  }
  if (std::any_of(odds.begin(), odds.end(), [](double x) { return x != 0; })) {
    out.odds.assign(odds.begin(), odds.end());
  }
  return out;
}

// The training lines grouped by label, with the held-out ones marked and each label's letters
// counted per script.
struct Corpus {
  std::vector<std::string> labels;                   // ascending; one profile each
  std::vector<size_t> row_label;                     // per row
  std::vector<bool> heldout;                         // per row
  std::vector<std::vector<size_t>> label_rows;       // per label, in file order
  std::vector<std::map<std::string, double>> letters;  // per label: script -> letters
};

Result<Corpus> ScanRows(const std::vector<learn::LabelledText>& rows, const TrainOptions& o) {
  if (rows.empty()) return InvalidArgument("no training lines");
  Corpus c;
  for (const learn::LabelledText& r : rows) c.labels.push_back(r.label);
  std::sort(c.labels.begin(), c.labels.end());
  c.labels.erase(std::unique(c.labels.begin(), c.labels.end()), c.labels.end());
  for (const std::string& l : c.labels) {
    const std::string_view code = LabelLanguage(l);
    if (!IsLanguageCode(code) || (code.size() < l.size() && !IsDomain(l.substr(code.size() + 1)))) {
      return InvalidArgument("label '" + l +
                             "' is not an ISO 639-3 code (2-7 lower-case letters), optionally "
                             "followed by /DOMAIN (1-16 lower-case letters or digits)");
    }
    if (code == "und") return InvalidArgument("label '" + l + "': 'und' is the unknown answer");
  }
  c.row_label.resize(rows.size());
  c.heldout.resize(rows.size());
  c.label_rows.resize(c.labels.size());
  c.letters.resize(c.labels.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    LOKA_RETURN_IF_ERROR(text::ValidateUtf8(rows[i].text).WithPrefix("line of " + rows[i].label));
    const size_t l = static_cast<size_t>(
        std::lower_bound(c.labels.begin(), c.labels.end(), rows[i].label) - c.labels.begin());
    c.row_label[i] = l;
    c.heldout[i] = c.label_rows[l].size() % o.heldout_every == o.heldout_every - 1;
    c.label_rows[l].push_back(i);
    for (const text::ScriptRun& run : text::ScriptRuns(rows[i].text)) {
      if (run.letters > 0) c.letters[l][text::ScriptName(run.script)] += run.letters;
    }
  }
  return c;
}

// Counts each profile that needs a table once and builds two tables from the counts: `full`
// from all its lines, `heldout_model` from all but the held-out ones (full minus held-out).
Status CountTables(const std::vector<learn::LabelledText>& rows, const Corpus& c,
                   const Layout& lay, const TrainOptions& o, std::vector<LanguageTable>* full,
                   std::vector<LanguageTable>* heldout_model) {
  const uint32_t orders = o.max_order - o.min_order + 1;
  full->assign(lay.profiles.size(), LanguageTable{{}, std::vector<float>(orders, 0.f)});
  *heldout_model = *full;
  Counts all(orders, 1u << o.bucket_bits), held(orders, 1u << o.bucket_bits);
  std::vector<uint32_t> ids;
  std::vector<uint8_t> ords;
  NgramStats stats;
  for (size_t li = 0; li < c.labels.size(); ++li) {
    const size_t profile = static_cast<size_t>(lay.label_to_profile[li]);
    if (!lay.needs_table[profile]) continue;
    const size_t slash = c.labels[li].find('/');
    const bool domain = slash != std::string::npos;
    const bool paired = !domain && li + 1 < c.labels.size() &&
                        c.labels[li + 1].rfind(c.labels[li] + "/", 0) == 0;
    uint32_t max_entries = domain && o.max_entries_per_domain > 0 ? o.max_entries_per_domain
                           : paired && o.max_entries_paired > 0   ? o.max_entries_paired
                                                                  : o.max_entries_per_language;
    if (domain) max_entries = DomainMaxEntries(o, c.labels[li].substr(slash + 1), max_entries);
    for (const size_t r : c.label_rows[li]) {
      LOKA_ASSIGN_OR_RETURN(const std::string norm, NormalizeForNgrams(rows[r].text));
      ids.clear();
      ords.clear();
      HashedNgrams(norm, o.min_order, o.max_order, o.bucket_bits, &ids, &stats, &ords);
      for (size_t k = 0; k < ids.size(); ++k) {
        all.Add(ords[k] - o.min_order, ids[k], 1);
        if (c.heldout[r]) held.Add(ords[k] - o.min_order, ids[k], 1);
      }
    }
    (*full)[profile] = BuildTable(all, max_entries, o);
    for (const uint32_t b : held.Touched()) {
      for (uint32_t k = 0; k < orders; ++k) {
        const uint32_t n = held.Get(k, b);
        if (n > 0) all.Add(k, b, -static_cast<int32_t>(n));
      }
    }
    (*heldout_model)[profile] = BuildTable(all, max_entries, o);
    all.Clear();
    held.Clear();
  }
  return Status::Ok();
}

// A model from per-profile tables, with a placeholder calibration (temperature 1).
ModelData Assemble(const std::vector<LanguageTable>& tables, const Layout& lay,
                   const ProfilePriorSet& priors, const TrainOptions& o) {
  ModelData m;
  m.config.bucket_bits = o.bucket_bits;
  m.config.min_order = o.min_order;
  m.config.max_order = o.max_order;
  m.config.value_scale = static_cast<float>(o.value_scale);
  m.config.und_threshold = o.und_threshold;
  m.config.min_letters = o.min_letters;
  m.config.min_coverage = o.min_coverage;
  m.config.span_switch_penalty = o.span_switch_penalty;
  m.profiles = lay.codes;
  m.scripts = lay.scripts;
  for (const LanguageTable& t : tables) {
    m.floors.insert(m.floors.end(), t.floors.begin(), t.floors.end());
  }
  m.priors = priors.priors;
  m.odds = priors.odds;
  const double dense_min = o.dense_share * static_cast<double>(lay.profiles.size());
  LayOut(tables, 1u << o.bucket_bits, std::max<uint32_t>(2, static_cast<uint32_t>(dense_min)), &m);
  m.calibration = {{0xFFFFFFFFu, 1.f}};
  return m;
}

// ",\"domain_max_entries\":{\"chat\":500}" when the options name per-domain limits, else "".
std::string DomainLimitsJson(const TrainOptions& o) {
  if (o.domain_max_entries.empty()) return "";
  std::string out = ",\"domain_max_entries\":{";
  for (size_t i = 0; i < o.domain_max_entries.size(); ++i) {
    out += (i ? ",\"" : "\"") + o.domain_max_entries[i].first +
           "\":" + std::to_string(o.domain_max_entries[i].second);
  }
  return out + "}";
}

std::string Metadata(const TrainOptions& o, const TrainReport& r) {
  std::string meta = "{\"kind\":\"char n-gram naive bayes\"";
  if (!o.source.empty()) meta += ",\"source\":\"" + JsonEscape(o.source) + "\"";
  meta += ",\"lines\":" + std::to_string(r.lines) +
          ",\"heldout_lines\":" + std::to_string(r.heldout_lines) +
          ",\"labels\":" + std::to_string(r.labels) +
          ",\"languages\":" + std::to_string(r.languages) +
          ",\"table_profiles\":" + std::to_string(r.table_profiles) +
          ",\"alpha\":" + Fmt(o.alpha) +
          ",\"max_entries_per_language\":" + std::to_string(o.max_entries_per_language) +
          ",\"max_entries_per_domain\":" + std::to_string(o.max_entries_per_domain) +
          ",\"max_entries_paired\":" + std::to_string(o.max_entries_paired) +
          DomainLimitsJson(o) +
          ",\"prior_labels\":" + std::to_string(o.prior_counts.size()) +
          ",\"prior_strength\":" + Fmt(o.prior_strength) +
          ",\"speaker_languages\":" + std::to_string(o.language_speakers.size()) +
          ",\"speaker_prior_strength\":" + Fmt(o.speaker_prior_strength) +
          ",\"default_speakers\":" + Fmt(o.default_speakers) +
          ",\"speaker_odds_weight\":" + Fmt(o.speaker_odds_weight) +
          ",\"speaker_odds_cap\":" + Fmt(o.speaker_odds_cap) +
          ",\"min_count\":" + std::to_string(o.min_count) +
          ",\"script_min_share\":" + Fmt(o.script_min_share) +
          ",\"heldout_every\":" + std::to_string(o.heldout_every);
  if (!r.word_groups.empty()) {
    meta += ",\"word_groups\":[";
    for (size_t i = 0; i < r.word_groups.size(); ++i) {
      meta += (i ? ",\"" : "\"") + r.word_groups[i] + "\"";
    }
    meta += "],\"word_group_words\":" + std::to_string(o.word_group_words);
    if (o.word_group_join > 0) meta += ",\"word_group_join\":" + Fmt(o.word_group_join);
    if (o.word_group_bytes > 0) {
      meta += ",\"word_group_bytes\":" + std::to_string(o.word_group_bytes);
    }
  }
  return meta + "}";
}

}  // namespace

Status CheckPriorCounts(const std::vector<std::pair<std::string, double>>& prior_counts) {
  std::set<std::string> seen;
  for (const auto& [label, count] : prior_counts) {
    if (!seen.insert(label).second) return InvalidArgument("two priors for '" + label + "'");
    if (!(count >= 0) || !std::isfinite(count)) {
      return InvalidArgument("prior count of '" + label + "' must be finite and >= 0");
    }
  }
  return Status::Ok();
}

Status CheckLanguageSpeakers(const std::vector<std::pair<std::string, double>>& speakers) {
  std::set<std::string> seen;
  for (const auto& [code, count] : speakers) {
    if (!IsLanguageCode(code)) {
      return InvalidArgument("speakers of '" + code + "': not a language code");
    }
    if (!(count >= 0) || !std::isfinite(count)) {
      return InvalidArgument("speakers of '" + code + "' must be finite and >= 0");
    }
    if (!seen.insert(code).second) return InvalidArgument("two speaker counts for '" + code + "'");
  }
  return Status::Ok();
}

Result<ModelData> Train(const std::vector<learn::LabelledText>& rows, const TrainOptions& o,
                        TrainReport* report) {
  LOKA_RETURN_IF_ERROR(CheckOptions(o));
  LOKA_ASSIGN_OR_RETURN(const Corpus corpus, ScanRows(rows, o));
  LOKA_ASSIGN_OR_RETURN(const Layout lay, PlanProfiles(corpus.labels, corpus.letters, o));
  LOKA_ASSIGN_OR_RETURN(const ProfilePriorSet priors, ProfilePriors(o, lay));
  std::vector<LanguageTable> full, heldout_model;
  LOKA_RETURN_IF_ERROR(CountTables(rows, corpus, lay, o, &full, &heldout_model));

  std::vector<size_t> heldout_rows;
  std::vector<int> gold(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    gold[i] = lay.label_to_language[corpus.row_label[i]];
    if (corpus.heldout[i]) heldout_rows.push_back(i);
  }
  ModelData held = Assemble(heldout_model, lay, priors, o);
  LOKA_ASSIGN_OR_RETURN(Calibrated cal, Calibrate(held, rows, heldout_rows, gold, o));
  std::vector<WordGroup> word_groups;
  std::vector<std::string> group_names;
  if (o.word_group_pairs > 0) {
    // The groups come from the first calibration's confusions; the temperatures are fitted
    // again with the groups' word evidence, counted without the held-out lines.
    // Each group's weight is fitted on the held-out lines; a group fitted to 0 is left out.
    const std::vector<std::vector<uint16_t>> chosen =
        ChooseWordGroups(cal.confusions, o.word_group_pairs, o.word_group_join);
    const std::vector<uint32_t> group_words =
        WordGroupWords(chosen, cal.confusions, o.word_group_words, o.word_group_bytes);
    std::vector<WordLine> lines(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      lines[r] = {rows[r].text, static_cast<uint16_t>(gold[r]),
                  static_cast<uint32_t>(corpus.row_label[r]), corpus.heldout[r]};
    }
    std::vector<WordGroup> held_groups, full_groups;
    for (size_t i = 0; i < chosen.size(); ++i) {
      const std::vector<uint16_t>& g = chosen[i];
      LOKA_ASSIGN_OR_RETURN(WordGroup h,
                            CountWordGroup(g, lines, false, group_words[i], &cal.confusions));
      held_groups.push_back(std::move(h));
      LOKA_ASSIGN_OR_RETURN(WordGroup f,
                            CountWordGroup(g, lines, true, group_words[i], &cal.confusions));
      full_groups.push_back(std::move(f));
    }
    // The held-out lines and cuts of the groups' languages, with their gold language.
    std::vector<bool> grouped(lay.languages.size(), false);
    for (const std::vector<uint16_t>& g : chosen) {
      for (const uint16_t l : g) grouped[l] = true;
    }
    std::vector<std::pair<std::string_view, uint16_t>> texts;
    for (const size_t r : heldout_rows) {
      if (!grouped[static_cast<size_t>(gold[r])]) continue;
      const std::string_view line = rows[r].text;
      for (const uint32_t n : o.calibration_cuts) {
        const std::string_view c = Cut(line, n);
        if (c.size() < line.size()) texts.push_back({c, static_cast<uint16_t>(gold[r])});
      }
      texts.push_back({line, static_cast<uint16_t>(gold[r])});
    }
    LOKA_ASSIGN_OR_RETURN(const std::vector<double> weights,
                          FitWordWeights(held, held_groups, texts));
    for (size_t i = 0; i < chosen.size(); ++i) {
      if (weights[i] <= 0) continue;
      held_groups[i].step = static_cast<float>(held_groups[i].step * weights[i]);
      held.word_groups.push_back(std::move(held_groups[i]));
      full_groups[i].step = static_cast<float>(full_groups[i].step * weights[i]);
      word_groups.push_back(std::move(full_groups[i]));
      std::string name;
      for (const uint16_t l : chosen[i]) name += lay.languages[l] + " ";
      group_names.push_back(name + "x" + Fmt(weights[i]) +
                            (o.word_group_bytes > 0 ? " " + std::to_string(group_words[i]) + "w"
                                                    : ""));
    }
    if (!word_groups.empty()) {
      LOKA_ASSIGN_OR_RETURN(cal, Calibrate(held, rows, heldout_rows, gold, o));
    }
  }

  ModelData m = Assemble(full, lay, priors, o);
  m.word_groups = std::move(word_groups);
  m.calibration = cal.calibration;
  m.config.script_only_probability = cal.script_only_probability;
  TrainReport rep;
  rep.lines = rows.size();
  rep.heldout_lines = heldout_rows.size();
  rep.labels = corpus.labels.size();
  rep.languages = lay.languages.size();
  rep.profiles = lay.profiles.size();
  for (const bool t : lay.needs_table) rep.table_profiles += t;
  rep.entries = m.entries.size();
  rep.script_only_examples = cal.script_only_examples;
  rep.script_only_accuracy = cal.script_only_probability;
  rep.buckets = cal.buckets;
  rep.word_groups = group_names;
  m.metadata_json = Metadata(o, rep);
  if (report != nullptr) *report = rep;
  return m;
}

}  // namespace loka::langid
