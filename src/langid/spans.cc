// Span segmentation: script runs, then a Viterbi pass over words (see spans.h).
#include "langid/spans.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "langid/classifier.h"
#include "langid/cleanup.h"
#include "text/script.h"
#include "text/tokenize.h"

namespace loka::langid {
namespace {

constexpr size_t kEmissionRadius = 0;  // 1 measured worse: the window blurs the switch

// Calibrated probability that `text` (one script run or part of one) is language `lang`;
// 0 when the text has no usable evidence.
float SpanProbability(const Classifier& c, std::string_view text, uint16_t lang) {
  RawScores raw;
  if (!c.Score(text, &raw).ok() || raw.evidence != Evidence::kModel) return 0.f;
  const std::vector<uint16_t>& langs = c.view().script_languages[raw.script_record].languages;
  const auto it = std::lower_bound(langs.begin(), langs.end(), lang);
  if (it == langs.end() || *it != lang) return 0.f;
  const double t = c.Temperature(raw.stats.stream_length);
  const double top = *std::max_element(raw.scores.begin(), raw.scores.end());
  double z = 0;
  for (const double s : raw.scores) z += std::exp((s - top) / t);
  return static_cast<float>(std::exp((raw.scores[it - langs.begin()] - top) / t) / z);
}

// The run's kSpanCandidates most likely languages, best first, as indices into raw.scores (the
// script's languages).
std::vector<size_t> TopLanguages(const RawScores& raw) {
  std::vector<size_t> order(raw.scores.size());
  std::iota(order.begin(), order.end(), 0);
  const size_t m = std::min(kSpanCandidates, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(m), order.end(),
                    [&](size_t a, size_t b) {
                      return raw.scores[a] > raw.scores[b] ||
                             (raw.scores[a] == raw.scores[b] && a < b);
                    });
  order.resize(m);
  return order;
}

// Per-word emissions, words x top: the calibrated Naive Bayes log-likelihood (max 0 per word)
// of the stream made of the word and its kEmissionRadius neighbours on each side, for the
// languages of script record `script` at indices `top`, clipped at -max_word_evidence. With the
// clip equal to the switch penalty one word alone never makes a span: a word two languages
// share ("religion" in German and English) cannot flip the label, and a change of language
// needs two words of evidence.
std::vector<double> Emissions(const Classifier& c, const std::vector<std::string_view>& words,
                              int script, const std::vector<size_t>& top,
                              double max_word_evidence) {
  const size_t m = top.size();
  std::vector<double> em(words.size() * m, 0.0);
  std::vector<std::string> norm(words.size());  // each word's normalized tokens, space-joined
  std::vector<uint32_t> ntok(words.size(), 0);
  std::vector<std::string_view> tokens;
  for (size_t w = 0; w < words.size(); ++w) {
    Result<std::string> n = NormalizeForNgrams(words[w]);
    if (!n.ok()) continue;
    tokens.clear();
    text::Tokenize(*n, &tokens);
    for (const std::string_view t : tokens) {
      norm[w].append(t);
      norm[w].push_back(' ');
    }
    ntok[w] = static_cast<uint32_t>(tokens.size());
  }
  std::vector<double> scores;
  std::string stream;
  for (size_t w = 0; w < words.size(); ++w) {
    if (ntok[w] == 0) continue;
    const size_t first = w >= kEmissionRadius ? w - kEmissionRadius : 0;
    const size_t last = std::min(words.size() - 1, w + kEmissionRadius);
    stream.clear();
    stream.push_back(' ');
    uint32_t count = 0;
    for (size_t k = first; k <= last; ++k) {
      stream.append(norm[k]);
      count += ntok[k];
    }
    NgramStats stats;
    c.ScoreStream(stream, count, script, &scores, &stats);
    const double t = c.Temperature(stats.stream_length);
    double best = -HUGE_VAL;
    for (const size_t j : top) best = std::max(best, scores[j]);
    for (size_t j = 0; j < m; ++j) {
      em[w * m + j] = std::max((scores[top[j]] - best) / t, -max_word_evidence);
    }
  }
  return em;
}

// Most likely language index (into the candidate list) per word.
std::vector<size_t> Viterbi(const std::vector<double>& em, size_t words, size_t m,
                            double switch_penalty) {
  std::vector<double> dp(em.begin(), em.begin() + static_cast<ptrdiff_t>(m));
  std::vector<size_t> back(words * m, 0);
  std::vector<double> next(m);
  for (size_t w = 1; w < words; ++w) {
    const size_t best = static_cast<size_t>(std::max_element(dp.begin(), dp.end()) - dp.begin());
    for (size_t j = 0; j < m; ++j) {
      const double stay = dp[j];
      const double change = dp[best] - switch_penalty;
      back[w * m + j] = stay >= change ? j : best;
      next[j] = std::max(stay, change) + em[w * m + j];
    }
    dp.swap(next);
  }
  std::vector<size_t> path(words);
  path[words - 1] = static_cast<size_t>(std::max_element(dp.begin(), dp.end()) - dp.begin());
  for (size_t w = words - 1; w > 0; --w) path[w - 1] = back[w * m + path[w]];
  return path;
}

}  // namespace

void Segment(const Classifier& c, std::string_view text, LangResult* out) {
  std::string cleaned;
  const std::string_view t = BlankNonLanguage(text, &cleaned) ? std::string_view(cleaned) : text;
  const ModelView& v = c.view();
  std::vector<std::string_view> words;
  for (const text::ScriptRun& run : text::ScriptRuns(t)) {
    if (run.letters == 0) continue;
    const std::string_view run_text = t.substr(run.begin, run.end - run.begin);
    words.clear();
    text::Tokenize(run_text, &words);
    if (words.empty()) continue;
    auto offset = [&](std::string_view w) { return static_cast<size_t>(w.data() - t.data()); };
    Span base;
    base.begin = offset(words.front());
    base.end = offset(words.back()) + words.back().size();
    base.script = text::ScriptName(run.script);
    base.language = "und";
    RawScores raw;
    if (!c.Score(run_text, &raw).ok() || raw.evidence == Evidence::kNoLetters ||
        raw.evidence == Evidence::kUnknownScript) {
      out->spans.push_back(base);  // und
      continue;
    }
    const std::vector<uint16_t>& script_langs = v.script_languages[raw.script_record].languages;
    if (raw.evidence == Evidence::kScriptOnly) {
      base.language = v.languages[script_langs[0]];
      base.probability = v.config.script_only_probability;
      out->spans.push_back(base);
      continue;
    }
    const std::vector<size_t> top = TopLanguages(raw);
    const std::vector<size_t> path =
        Viterbi(Emissions(c, words, raw.script_record, top, v.config.span_switch_penalty),
                words.size(), top.size(), v.config.span_switch_penalty);
    // Viterbi groups of words, each relabelled by identifying its own text over all of the
    // script's languages (the top candidates of the whole run may miss a short span's
    // language); neighbours that end up with the same language merge.
    std::vector<Span> groups;
    for (size_t w = 0; w < words.size();) {
      size_t e = w;
      while (e + 1 < words.size() && path[e + 1] == path[w]) ++e;
      Span s = base;
      s.begin = offset(words[w]);
      s.end = offset(words[e]) + words[e].size();
      s.language = v.languages[script_langs[top[path[w]]]];
      RawScores span_raw;
      if (c.Score(t.substr(s.begin, s.end - s.begin), &span_raw).ok() &&
          span_raw.evidence == Evidence::kModel) {
        LangResult best;
        c.Decide(span_raw, 1, &best);
        s.language = best.candidates[0].language;
        s.probability = best.candidates[0].probability;
      }
      if (!groups.empty() && groups.back().language == s.language) {
        groups.back().end = s.end;
        groups.back().probability = -1;  // recomputed below for the merged text
      } else {
        groups.push_back(std::move(s));
      }
      w = e + 1;
    }
    for (Span& s : groups) {
      if (s.probability < 0) {
        const auto it = std::lower_bound(v.languages.begin(), v.languages.end(), s.language);
        s.probability = SpanProbability(c, t.substr(s.begin, s.end - s.begin),
                                        static_cast<uint16_t>(it - v.languages.begin()));
      }
      out->spans.push_back(std::move(s));
    }
  }
}

}  // namespace loka::langid
