// Language-ID scoring: script narrowing, Naive Bayes over hashed n-grams, calibration.
//
// Hot path per text: one ICU normalization, one script scan, the n-gram stream, then for each
// distinct bucket one flat loop over its entries (language id, quantized value) adding
// count x value into an int32 accumulator per language. Buckets are de-duplicated first through
// a per-thread counting table, so a frequent n-gram ("e", "a ") costs its entry list once.
#include "langid/classifier.h"

#include <algorithm>
#include <cmath>

#include "langid/cleanup.h"
#include "langid/spans.h"
#include "text/utf8.h"

namespace loka::langid {
namespace {

constexpr int kMaxScriptCode = 512;  // above every ICU UScriptCode value

struct Scratch {
  std::string cleaned;
  std::string loan_free;
  std::vector<uint32_t> ids;
  std::vector<uint8_t> orders;    // parallel to ids
  std::vector<uint32_t> counts;   // per bucket, zero between calls
  std::vector<std::pair<uint32_t, uint32_t>> touched;  // (bucket, count) of the last text
  std::vector<std::pair<uint32_t, uint32_t>> ranges;   // entries [begin, end) per touched
  std::vector<int32_t> acc;       // per profile (padded to the dense row stride)
  std::vector<uint16_t> words;    // word hashes of the text (word groups)
  std::vector<double> logits;     // per candidate language (CalibratedLogits)
};

// Early stop (see ScoreIds): n-grams are added in chunks of kChunkNgrams (about 50 code points
// of text); after each chunk the scorer stops when the best language's calibrated probability
// is at least kEarlyStopProbability. Texts under 2 chunks are always read whole. 0.99 gives the
// same answers as 0.999 on all 5,660 UDHR test paragraphs, 7 % faster; 0.98 changed 3.
constexpr size_t kChunkNgrams = 256;
constexpr double kEarlyStopProbability = 0.99;

// Buckets ahead whose entries are prefetched while one is added.
constexpr size_t kPrefetchDistance = 6;

// exp(-40) ~ 4e-18: candidates further below the best add nothing a float can show.
constexpr double kNegligibleLogProbability = -40;

// Texts are scored on their first kMaxScoredBytes bytes: plenty for language ID, and it bounds
// the int32 accumulators (at most 5 n-grams per byte x 63 per n-gram).
constexpr size_t kMaxScoredBytes = 1u << 20;

// A sentence is not "unknown" for want of confidence alone: a text of at least
// kSentenceTokens words and kSentenceStreamLength code points of n-gram stream (" tok tok ... ",
// after blanking) answers its top candidate from kSentenceUndFactor x the model's und_threshold
// (0.1 with the default 0.2). Such a text's probability is spread over the hundreds of Latin
// candidates when a name or a borrowed word holds many of its n-grams ("Mikor indul a busz
// Debrecenbe?": hun 0.13, deu 0.09). Measured on the default model (docs/langid.md, "A ninth
// set"): everyday dev8 and dev6 +1 line each, the other sets, UDHR full / 20 characters
// unchanged, Qt dev macro-F1 -0.0003; half the threshold for every text instead cost UDHR
// 20-character 0.13 points and OOjs 0.005, and 3 words instead of 4 the same lines for Qt -0.0005.
constexpr uint32_t kSentenceTokens = 4;
constexpr uint32_t kSentenceStreamLength = 25;
constexpr double kSentenceUndFactor = 0.5;

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

Classifier::Classifier(ModelView view) : view_(std::move(view)), script_by_code_(kMaxScriptCode, -1) {
  for (int code = 0; code < kMaxScriptCode; ++code) {
    const std::string name = text::ScriptName(code);
    if (name.size() != 4) continue;
    const auto it = std::lower_bound(
        view_.scripts.begin(), view_.scripts.end(), name,
        [](const ScriptCandidates& s, const std::string& n) { return s.script < n; });
    if (it != view_.scripts.end() && it->script == name && script_by_code_[code] < 0) {
      script_by_code_[code] = static_cast<int>(it - view_.scripts.begin());
    }
  }
}

int Classifier::ScriptRecord(text::ScriptCode script) const {
  return script >= 0 && script < kMaxScriptCode ? script_by_code_[script] : -1;
}

float Classifier::Temperature(uint32_t stream_length) const {
  for (const CalibrationBucket& b : view_.calibration) {
    if (stream_length <= b.max_length) return b.temperature;
  }
  return view_.calibration.back().temperature;  // unreachable: the last bucket is unbounded
}

void Classifier::BeginAccumulate() const {
  Scratch& sc = ThreadScratch();
  if (sc.counts.size() < view_.num_buckets) sc.counts.assign(view_.num_buckets, 0);
  sc.acc.assign(std::max<size_t>(view_.profiles.size(), view_.row_stride), 0);
}

void Classifier::Accumulate(const uint32_t* ids, size_t n) const {
  Scratch& sc = ThreadScratch();
  sc.touched.clear();
  for (size_t i = 0; i < n; ++i) {
    if (sc.counts[ids[i]]++ == 0) sc.touched.emplace_back(ids[i], 0);
  }
  // Pass 1: counts and entry ranges of the distinct buckets. The index loads are independent,
  // so their cache misses overlap.
  sc.ranges.resize(sc.touched.size());
  for (size_t i = 0; i < sc.touched.size(); ++i) {
    auto& [b, count] = sc.touched[i];
    count = sc.counts[b];
    sc.counts[b] = 0;
    sc.ranges[i] = {view_.Start(b), view_.Start(b + 1)};
  }
  // Pass 2: add the values, prefetching the entries (or dense row) a few buckets ahead: the
  // entry lists sit at random places in a 1-2 MB array, and waiting for them dominated.
  int32_t* acc = sc.acc.data();
  const uint16_t* entries = view_.entries;
  const size_t stride = view_.row_stride;
  const size_t m = sc.touched.size();
  for (size_t i = 0; i < m; ++i) {
    if (i + kPrefetchDistance < m) {
      const uint32_t ahead = sc.ranges[i + kPrefetchDistance].first;
      __builtin_prefetch(entries + ahead);
      if (view_.IsDense(sc.touched[i + kPrefetchDistance].first)) {
        const uint8_t* row = view_.dense_rows + size_t{entries[ahead]} * stride;
        for (size_t off = 0; off < stride; off += 64) __builtin_prefetch(row + off);
      }
    }
    const int32_t c = static_cast<int32_t>(sc.touched[i].second);
    const auto [begin, end] = sc.ranges[i];
    if (view_.IsDense(sc.touched[i].first)) {
      const uint8_t* row = view_.dense_rows + size_t{entries[begin]} * stride;
      if (c == 1) {
        for (size_t l = 0; l < stride; ++l) acc[l] += row[l];
      } else {
        for (size_t l = 0; l < stride; ++l) acc[l] += c * row[l];
      }
      continue;
    }
    if (c == 1) {
      for (uint32_t e = begin; e < end; ++e) acc[entries[e] >> kValueBits] += entries[e] & kValueMask;
    } else {
      for (uint32_t e = begin; e < end; ++e) {
        acc[entries[e] >> kValueBits] += c * (entries[e] & kValueMask);
      }
    }
  }
}

// A language's score is the largest of its profiles' log-likelihoods. The mixture of its
// profiles with equal weights, log(mean exp), differs from it by at most log(profiles) nats,
// less than what calibration resolves; the maximum keeps every later step (softmax over
// languages, temperatures, early stop) per language and independent of the temperature.
void Classifier::Scores(const NgramStats& stats, int script, std::vector<double>* scores,
                        std::vector<uint16_t>* best_profiles, bool with_priors) const {
  const int32_t* acc = ThreadScratch().acc.data();
  const std::vector<uint16_t>& profiles = view_.scripts[script].profiles;
  const uint16_t* slot = view_.script_languages[script].slot.data();
  const size_t m = view_.script_languages[script].languages.size();
  scores->assign(m, -HUGE_VAL);
  if (best_profiles != nullptr) best_profiles->assign(m, 0);
  double* out = scores->data();
  const double scale = view_.config.value_scale;
  const uint32_t orders = view_.num_orders;
  double counts[kMaxOrder];
  for (uint32_t k = 0; k < orders; ++k) {
    counts[k] = static_cast<double>(stats.per_order[view_.config.min_order + k]);
  }
  for (size_t i = 0; i < profiles.size(); ++i) {
    const uint16_t p = profiles[i];
    const float* floor = view_.floors + size_t{p} * orders;
    double s = scale * static_cast<double>(acc[p]);
    if (with_priors) s += static_cast<double>(view_.priors[p]);
    for (uint32_t k = 0; k < orders; ++k) s += counts[k] * static_cast<double>(floor[k]);
    if (s > out[slot[i]]) {  // ties keep the first profile
      out[slot[i]] = s;
      if (best_profiles != nullptr) (*best_profiles)[slot[i]] = p;
    }
  }
}

const std::vector<double>& Classifier::CalibratedLogits(const std::vector<double>& scores,
                                                      int script, double t) const {
  std::vector<double>& x = ThreadScratch().logits;
  const std::vector<uint16_t>& langs = view_.script_languages[script].languages;
  x.resize(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    x[i] = scores[i] / t + static_cast<double>(view_.language_odds[langs[i]]);
  }
  return x;
}

void Classifier::ScoreIds(const std::vector<uint32_t>& ids, const std::vector<uint8_t>& orders,
                          RawScores* out) const {
  BeginAccumulate();
  const int script = out->script_record;
  const bool early = view_.config.min_coverage <= 0 && ids.size() >= 2 * kChunkNgrams;
  if (!early) {
    Accumulate(ids.data(), ids.size());
    Scores(out->stats, script, &out->scores, &out->best_profiles, true);
    return;
  }
  // Stop once the calibrated posterior of the best language over the prefix read so far is at
  // least kEarlyStopProbability. Its log-odds against the runner-up must then be at least
  // `need`, a cheap test that rules out most chunks before the exact sum.
  const double need = std::log(kEarlyStopProbability / (1 - kEarlyStopProbability));
  const uint32_t length_order =
      std::min(std::max<uint32_t>(view_.config.min_order, 2), view_.config.max_order);
  NgramStats prefix;
  prefix.tokens = out->stats.tokens;
  size_t done = 0;
  while (done < ids.size()) {
    const size_t next =
        ids.size() - done < 2 * kChunkNgrams ? ids.size() : done + kChunkNgrams;
    Accumulate(ids.data() + done, next - done);
    for (size_t i = done; i < next; ++i) ++prefix.per_order[orders[i]];
    done = next;
    if (done == ids.size()) break;
    prefix.stream_length = prefix.per_order[length_order] + length_order - 1;
    Scores(prefix, script, &out->scores, &out->best_profiles, true);
    double s1 = -HUGE_VAL, s2 = -HUGE_VAL;
    for (const double v : out->scores) {
      if (v > s1) {
        s2 = s1;
        s1 = v;
      } else if (v > s2) {
        s2 = v;
      }
    }
    const double t = Temperature(prefix.stream_length);
    // The answer odds move each log-odds by at most their spread.
    if ((s1 - s2) / t + view_.odds_spread < need) continue;
    const std::vector<double>& x = CalibratedLogits(out->scores, script, t);
    const double top = *std::max_element(x.begin(), x.end());
    double z = 0;
    for (const double v : x) {
      if (v - top > kNegligibleLogProbability) z += std::exp(v - top);
    }
    if (1 / z >= kEarlyStopProbability) {
      out->stats = prefix;
      return;
    }
  }
  Scores(out->stats, script, &out->scores, &out->best_profiles, true);
}

void Classifier::AddWordEvidence(std::string_view normalized, RawScores* out) const {
  if (view_.word_groups.empty() || out->scores.size() < 2) return;
  const std::vector<uint16_t>& langs = view_.script_languages[out->script_record].languages;
  size_t first = 0, second = 1;
  if (out->scores[second] > out->scores[first]) std::swap(first, second);
  for (size_t i = 2; i < out->scores.size(); ++i) {
    if (out->scores[i] > out->scores[first]) {
      second = first;
      first = i;
    } else if (out->scores[i] > out->scores[second]) {
      second = i;
    }
  }
  const int group = view_.language_group[langs[first]];
  if (group < 0 || view_.language_group[langs[second]] != group) return;
  const WordGroup& g = view_.word_groups[static_cast<size_t>(group)];
  const size_t n = g.languages.size();
  std::vector<uint16_t>& words = ThreadScratch().words;
  words.clear();
  WordHashes(normalized, &words);
  int32_t sum[kMaxGroupLanguages] = {};
  for (const uint16_t w : words) {
    const auto it = std::lower_bound(g.words.begin(), g.words.end(), w);
    if (it == g.words.end() || *it != w) continue;
    const int8_t* row = g.weights.data() + static_cast<size_t>(it - g.words.begin()) * (n - 1);
    for (size_t k = 0; k + 1 < n; ++k) {
      sum[k] += row[k];
      sum[n - 1] -= row[k];
    }
  }
  for (size_t i = 0; i < langs.size(); ++i) {
    if (view_.language_group[langs[i]] != group) continue;
    const size_t k = static_cast<size_t>(
        std::lower_bound(g.languages.begin(), g.languages.end(), langs[i]) - g.languages.begin());
    out->scores[i] += static_cast<double>(g.step) * sum[k];
  }
}

uint32_t Classifier::Hits(uint16_t profile) const {
  const Scratch& sc = ThreadScratch();
  uint32_t hits = 0;
  for (const auto& [b, count] : sc.touched) {
    const uint32_t begin = view_.Start(b);
    if (view_.IsDense(b)) {
      hits +=
          view_.dense_rows[size_t{view_.entries[begin]} * view_.row_stride + profile] ? count : 0;
      continue;
    }
    const uint16_t* first = view_.entries + begin;
    const uint16_t* last = view_.entries + view_.Start(b + 1);
    const uint16_t key = static_cast<uint16_t>(profile << kValueBits);
    const uint16_t* it = std::lower_bound(first, last, key);
    if (it != last && (*it >> kValueBits) == profile) hits += count;
  }
  return hits;
}

void Classifier::ScoreStream(std::string_view stream, uint32_t tokens, int script_record,
                             std::vector<double>* scores, NgramStats* stats) const {
  std::vector<uint32_t>& ids = ThreadScratch().ids;
  ids.clear();
  HashedStreamNgrams(stream, tokens, view_.config.min_order, view_.config.max_order,
                     view_.config.bucket_bits, &ids, stats);
  BeginAccumulate();
  Accumulate(ids.data(), ids.size());
  Scores(*stats, script_record, scores, nullptr, /*with_priors=*/false);
}

Status Classifier::Score(std::string_view text, RawScores* out) const {
  LOKA_RETURN_IF_ERROR(text::ValidateUtf8(text));
  text = text::Utf8PrefixBytes(text, kMaxScoredBytes);
  Scratch& sc = ThreadScratch();
  if (BlankNonLanguage(text, &sc.cleaned)) text = sc.cleaned;
  if (BlankLoanwords(text, &sc.loan_free)) text = sc.loan_free;
  *out = RawScores();
  size_t letters = 0;
  {
    // The dominant script: the one with the most letters over all its runs.
    std::vector<std::pair<text::ScriptCode, size_t>> per_script;
    for (const text::ScriptRun& r : text::ScriptRuns(text)) {
      if (r.letters == 0) continue;
      letters += r.letters;
      auto it = std::find_if(per_script.begin(), per_script.end(),
                             [&](const auto& p) { return p.first == r.script; });
      if (it == per_script.end()) {
        per_script.emplace_back(r.script, r.letters);
      } else {
        it->second += r.letters;
      }
    }
    size_t best = 0;
    for (const auto& [script, n] : per_script) {
      if (n > best) {
        best = n;
        out->script = script;
      }
    }
  }
  if (letters < view_.config.min_letters) return Status::Ok();  // kNoLetters
  out->script_record = ScriptRecord(out->script);
  if (out->script_record < 0) {
    out->evidence = Evidence::kUnknownScript;
    return Status::Ok();
  }
  if (view_.script_languages[out->script_record].languages.size() == 1) {
    out->evidence = Evidence::kScriptOnly;
    return Status::Ok();
  }
  LOKA_ASSIGN_OR_RETURN(const std::string normalized, NormalizeForNgrams(text));
  sc.ids.clear();
  sc.orders.clear();
  HashedNgrams(normalized, view_.config.min_order, view_.config.max_order,
               view_.config.bucket_bits, &sc.ids, &out->stats, &sc.orders);
  if (out->stats.stream_length == 0) return Status::Ok();  // kNoLetters: no token survived
  out->evidence = Evidence::kModel;
  ScoreIds(sc.ids, sc.orders, out);
  AddWordEvidence(normalized, out);
  if (view_.config.min_coverage > 0) {
    const size_t best = static_cast<size_t>(
        std::max_element(out->scores.begin(), out->scores.end()) - out->scores.begin());
    out->top_hits = Hits(out->best_profiles[best]);
  }
  return Status::Ok();
}

void Classifier::Decide(const RawScores& raw, int k, LangResult* out) const {
  *out = LangResult();
  out->script = text::ScriptName(raw.script);
  if (k < 1) k = 1;
  switch (raw.evidence) {
    case Evidence::kNoLetters:
    case Evidence::kUnknownScript:
      return;  // und, probability 0, no candidates
    case Evidence::kScriptOnly: {
      const uint16_t l = view_.script_languages[raw.script_record].languages[0];
      out->language = view_.languages[l];
      out->probability = view_.config.script_only_probability;
      out->candidates.push_back({out->language, out->probability});
      return;
    }
    case Evidence::kModel:
      break;
  }
  const std::vector<uint16_t>& langs = view_.script_languages[raw.script_record].languages;
  const std::vector<double>& logits =
      CalibratedLogits(raw.scores, raw.script_record, Temperature(raw.stats.stream_length));
  const double top = *std::max_element(logits.begin(), logits.end());
  std::vector<std::pair<double, size_t>> p(logits.size());
  double z = 0;
  for (size_t i = 0; i < logits.size(); ++i) {
    const double x = logits[i] - top;
    p[i] = {x > kNegligibleLogProbability ? std::exp(x) : 0.0, i};
    z += p[i].first;
  }
  const size_t kk = std::min<size_t>(static_cast<size_t>(k), p.size());
  // Ties go to the lower language id, so answers do not depend on the sort's stability.
  std::partial_sort(p.begin(), p.begin() + static_cast<ptrdiff_t>(kk), p.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  for (size_t i = 0; i < kk; ++i) {
    out->candidates.push_back(
        {view_.languages[langs[p[i].second]], static_cast<float>(p[i].first / z)});
  }
  out->probability = out->candidates[0].probability;
  uint32_t ngrams = 0;
  for (const uint32_t c : raw.stats.per_order) ngrams += c;
  const double coverage = ngrams ? double(raw.top_hits) / ngrams : 0.0;
  const bool sentence = raw.stats.tokens >= kSentenceTokens &&
                        raw.stats.stream_length >= kSentenceStreamLength;
  const double threshold = view_.config.und_threshold * (sentence ? kSentenceUndFactor : 1.0);
  if (out->probability >= threshold && coverage >= view_.config.min_coverage) {
    out->language = out->candidates[0].language;
  }
}

Status Classifier::Identify(std::string_view text, const IdentifyOptions& options,
                            LangResult* out) const {
  RawScores raw;
  LOKA_RETURN_IF_ERROR(Score(text, &raw));
  Decide(raw, options.k, out);
  if (options.spans) Segment(*this, text, out);
  return Status::Ok();
}

}  // namespace loka::langid
