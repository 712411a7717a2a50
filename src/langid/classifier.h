// The scoring core of language ID over a validated model view: script narrowing, Naive Bayes
// scores over hashed n-grams (a language scores the best of its profiles), calibrated
// posteriors, "und" decisions. Identifier (the public
// API) wraps it with the file mapping; the trainer uses it on an in-memory model to fit the
// calibration. Immutable after Create; safe to share between threads (per-call scratch is
// thread-local).
#ifndef LOKA_LANGID_CLASSIFIER_H_
#define LOKA_LANGID_CLASSIFIER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "langid/identifier.h"
#include "langid/model_file.h"
#include "langid/ngrams.h"
#include "text/script.h"

namespace loka::langid {

// Why a text got the answer it got, before calibration.
enum class Evidence {
  kNoLetters,      // fewer than min_letters letters (empty, digits, emoji, URL only, ...)
  kUnknownScript,  // the dominant script has no language in the model
  kScriptOnly,     // the dominant script has exactly one language
  kModel,          // Naive Bayes scores over the script's candidates
};

// Uncalibrated result of Score.
struct RawScores {
  Evidence evidence = Evidence::kNoLetters;
  text::ScriptCode script = 0;  // dominant script (Common when there are no letters)
  int script_record = -1;       // index into ModelView::scripts, or -1
  NgramStats stats;
  // For kModel: one value per language of the script record (ModelView::script_languages, in
  // its order): the Naive Bayes log-likelihood in nats of the language's best profile.
  std::vector<double> scores;
  // For kModel, parallel to scores: the profile that gave each language its score.
  std::vector<uint16_t> best_profiles;
  // For kModel, when the model sets min_coverage: how many of the text's n-grams have a value
  // for the best-scoring profile.
  uint32_t top_hits = 0;
};

class Classifier {
 public:
  // Takes a view from ParseModel; the bytes it points into must outlive the Classifier.
  explicit Classifier(ModelView view);

  // Scores `text`. Fails only on malformed UTF-8 (invalid_argument "malformed UTF-8 at byte N").
  Status Score(std::string_view text, RawScores* out) const;

  // Turns raw scores into the answer: calibrated probabilities, "und" rules, top-k. Spans are
  // not filled here.
  void Decide(const RawScores& raw, int k, LangResult* out) const;

  // Score + Decide + spans when asked: the whole of Identifier::Identify.
  Status Identify(std::string_view text, const IdentifyOptions& options, LangResult* out) const;

  // Naive Bayes scores (nats, no calibration) of one pre-built stream (see HashedStreamNgrams)
  // for every language of script record `script_record`, as in RawScores::scores; used by span
  // segmentation. Thread-safe.
  void ScoreStream(std::string_view stream, uint32_t tokens, int script_record,
                   std::vector<double>* scores, NgramStats* stats) const;

  // Temperature for a stream of `stream_length` code points.
  float Temperature(uint32_t stream_length) const;

  // The script record index for an ICU script code, or -1.
  int ScriptRecord(text::ScriptCode script) const;

  const ModelView& view() const { return view_; }

 private:
  // Accumulation in three steps over per-thread scratch: clear the per-profile sums, add the
  // values of n-gram buckets `ids[0, n)` (de-duplicated, so a repeated n-gram reads its row
  // once), turn the sums into Naive Bayes scores for the languages of script record `script`
  // given the n-gram counts in `stats`: each language's score is the best of its candidate
  // profiles' (which profile, in `best_profiles` unless null). `with_priors` adds each profile's
  // prior: once per text, so not for the words `--spans` scores one by one.
  void BeginAccumulate() const;
  void Accumulate(const uint32_t* ids, size_t n) const;
  void Scores(const NgramStats& stats, int script, std::vector<double>* scores,
              std::vector<uint16_t>* best_profiles, bool with_priors) const;
  // Scores a text's n-grams (orders parallel to ids), reading a long text in chunks and stopping
  // early when the answer is settled; out->stats then describes the prefix read.
  void ScoreIds(const std::vector<uint32_t>& ids, const std::vector<uint8_t>& orders,
                RawScores* out) const;
  // When the two best languages of `out` are in one word group, adds each group language's word
  // evidence over the words of `normalized` to its score (model_file.h, WordGroup).
  void AddWordEvidence(std::string_view normalized, RawScores* out) const;
  // Each candidate language's calibrated log-odds up to a constant: its score / `t` plus its
  // answer odds (ModelView::language_odds), for the languages of script record `script`. Valid
  // until the next call on this thread.
  const std::vector<double>& CalibratedLogits(const std::vector<double>& scores, int script,
                                              double t) const;
  // N-grams of the last Accumulate on this thread with a value for `profile`.
  uint32_t Hits(uint16_t profile) const;

  ModelView view_;
  std::vector<int> script_by_code_;  // ICU script code -> script record, -1 if none
};

}  // namespace loka::langid

#endif  // LOKA_LANGID_CLASSIFIER_H_
