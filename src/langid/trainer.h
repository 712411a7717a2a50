// Training a language-ID model by counting: character n-gram Naive Bayes tables per profile,
// pruned and quantized, a script table learned from the training text, and a softmax
// temperature per length bucket fitted on a held-out part of the training lines (never on test
// data). Deterministic and single-threaded: the same input gives the same bytes. Each profile's
// table depends only on its own lines and the options, so a language can be added or retrained
// without touching the others (only the calibration is shared).
//
// Profiles: a training label is a language code ("hrv") or a code with a domain ("hrv/ui").
// Each distinct label is counted as its own table (a profile); the model answers with the code,
// scoring a language by its best profile. Text of a different register (software strings beside
// the UDHR) thus gets a table of its own instead of diluting the language's other one.
#ifndef LOKA_LANGID_TRAINER_H_
#define LOKA_LANGID_TRAINER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "langid/model_file.h"
#include "learn/dataset.h"

namespace loka::langid {

// Which buckets a profile keeps when it has more than its entry limit (TrainOptions).
enum class KeepPolicy {
  kCount,  // the most frequent: the bucket's count over all orders
  kGain,   // the largest count x (log P - floor of its order): the log-likelihood its own text
           // loses when the bucket falls to the floor
};

struct TrainOptions {
  uint32_t bucket_bits = 16;   // 2^16 hashed n-gram buckets: collisions cost < 0.1 point here
  uint32_t min_order = 1;      // n-grams of 1..5 code points (5 beat 4 and 6 on held-out text)
  uint32_t max_order = 5;
  double alpha = 0.01;         // additive smoothing per bucket
  // Pruning: a profile keeps at most this many buckets, most frequent first, each seen at
  // least min_count times. The model size is about 2 bytes x profiles x this.
  uint32_t max_entries_per_language = 1150;
  // The same limit for a domain profile (label "code/domain"); 0: max_entries_per_language.
  uint32_t max_entries_per_domain = 2050;
  // The limit for a language's plain profile when it also has a domain profile, whose table
  // then covers much of the same ground; 0: max_entries_per_language. The defaults split the
  // default model's 2 MB between its 444 UDHR profiles (1,150 entries for the 173 languages
  // with UDHR text only, 1,000 for the others) and its 276 software-string ones (2,050); see
  // docs/langid.md ("Table sizes") for the measurements behind them.
  uint32_t max_entries_paired = 1000;
  // Per-domain limits that replace max_entries_per_domain for the profiles of that domain
  // (domain, entries; e.g. {"chat", 500}): a small domain, such as the everyday phrases of the
  // default model, needs a fraction of a software-string table, and its profiles stay this
  // size when a size budget trims the others (train_to_size.h).
  std::vector<std::pair<std::string, uint32_t>> domain_max_entries;
  uint32_t min_count = 2;
  // Which buckets fill the entry limit. Both policies rank a profile's buckets by its own
  // counts, so a table still depends only on its own language's text. kGain spends the entries
  // where they raise the likelihood of the profile's text most; with it the software-string
  // tables need fewer entries and the default model gives the bytes to the phrase tables
  // (docs/langid.md, "A thirteenth run").
  KeepPolicy keep_policy = KeepPolicy::kCount;
  double value_scale = 0.25;   // nats per quantization step (6-bit values cover 0..15.75)
  // A bucket shared by at least this share of the profiles is stored as a dense row: one byte
  // per profile instead of two per entry, several times faster to add (common n-grams: "e",
  // "a "). 0.5, where a row is no larger than its entries: 0.25 made the default model 80 KB
  // larger for under 3% of the speed.
  double dense_share = 0.50;
  // A profile is a candidate for a script when at least this share of its letters are in it.
  double script_min_share = 0.05;
  // Extra (script, language) pairs, e.g. {"Olck", "sat"}: a script absent from the training
  // text that one language owns; it is answered from the script alone.
  std::vector<std::pair<std::string, std::string>> script_languages;
  // Calibration: line i (0-based, per label (profile), in file order) is held out when
  // i % heldout_every == heldout_every - 1; its text and its first `calibration_cuts` code
  // points are scored by a model trained on the other lines.
  uint32_t heldout_every = 5;
  std::vector<uint32_t> calibration_cuts = {6, 10, 15, 20, 25, 30, 40, 50, 70, 100, 150};
  // Upper bounds (stream code points) of the length buckets; one more bucket is unbounded.
  std::vector<uint32_t> length_buckets = {8, 12, 16, 20, 24, 30, 40, 56, 80, 120, 180, 300};
  uint32_t min_examples_per_bucket = 50;  // fewer: the bucket borrows its neighbour's temperature
  // Decision rules written into the model (ModelConfig).
  float und_threshold = 0.2f;
  uint32_t min_letters = 2;
  float min_coverage = 0.f;
  float span_switch_penalty = 6.f;
  // Priors: a profile's log-prior, added to its score, is prior_strength x ln(1 + count) for
  // the labels listed here (label, count), 0 for the others. The count is how common the
  // profile's text is in its domain: for the software-string profiles, how many distinct
  // translated strings the sources hold for the language, so that a short string is given to
  // a language that software is translated into rather than to a rare neighbour.
  std::vector<std::pair<std::string, double>> prior_counts;
  double prior_strength = 0.45;
  // Speaker priors: every profile of a language (the UDHR one and its domain profiles alike)
  // also gets speaker_prior_strength x ln(1 + speakers), speakers being the language's count
  // here (code, people who use it; scripts/data/speakers.py derives them from CLDR's territory
  // data) or default_speakers for a trained language not listed; codes without training lines
  // are ignored. Empty: no speaker prior. On short text two neighbours often score alike, and
  // then the language far more people write should win: Portuguese over Kabuverdianu, Mandarin
  // over Wu, Turkish over Gagauz; the neighbour still wins where its n-grams say so. The prior
  // is added before the calibration is fitted, so the temperatures are fitted with it.
  std::vector<std::pair<std::string, double>> language_speakers;
  // 1.5: with the everyday phrase profiles and the two-script tables, 1.0 / 1.5 / 2.0 gave
  // everyday dev2 95.8 / 96.2 / 96.2 %, Qt dev macro-F1 0.881 / 0.883 / 0.883 and UDHR
  // 20-character macro-F1 92.54 / 92.49 / 92.37 (everyday dev 98.9 % at all three): beyond 1.5
  // the uniform UDHR test pays more than the rest gains. Before the phrases, 0.3 / 0.6 / 1.0 /
  // 2.0 / 3.0 gave 76.6 / 77.4 / 78.5 / 78.8 / 79.6 % on the everyday dev set (docs/langid.md,
  // "Speaker priors").
  double speaker_prior_strength = 1.5;
  // A language without a count is taken as one of this many people, a small language: the 159
  // UDHR labels CLDR lacks are mostly Amazonian, Mayan, Quechuan and other small varieties,
  // and 20,000 is above only the smallest 6 % of the counts it has (docs/langid.md).
  double default_speakers = 20000;
  // Word groups (model_file.h, WordGroup): the word_group_pairs language pairs that the
  // held-out lines confuse most (either way, the lines and their cuts) are merged, pairs sharing
  // a language, into groups of at most kMaxGroupLanguages; each group keeps the
  // word_group_words words of its languages' training lines (all their profiles) with the most
  // evidence (count x mean |log-odds| between two of its languages, each pair weighed by its
  // held-out confusions), weighted by smoothed log-odds against the group's mean,
  // times a weight fitted per group on the held-out lines (a group fitted to 0 is left out).
  // 0 pairs: no groups (the model is then format version 3 or lower). The temperatures are
  // fitted with the groups in place. docs/langid.md ("A fourteenth run") has the measurements
  // behind the Makefile's values.
  uint32_t word_group_pairs = 0;
  uint32_t word_group_words = 600;
  // A language in no group joins the group its held-out confusions are most with when those
  // are at least this share of all its confusions (and a quarter of the group's most confused
  // pair; word_groups.h, ChooseWordGroups). 0: no language joins. The Makefile passes 0.4:
  // Ndebele and Swati join Xhosa / Zulu and Bulgarian joins Macedonian / Serbian, the same for
  // any value from 0.34 to 0.46 (docs/langid.md, "A fifteenth run").
  double word_group_join = 0;
  // When above 0, the groups' words share this many bytes in proportion to the held-out
  // confusions within each group (word_groups.h, WordGroupWords) instead of word_group_words
  // each.
  uint64_t word_group_bytes = 0;
  // Speaker odds: with language_speakers, each language's calibrated log-odds also get
  // speaker_odds_weight x ln(1 + min(speakers, speaker_odds_cap)), added after the temperature
  // (ModelData::odds), so that on short text a small neighbour needs evidence and not only a
  // near tie to beat a language many people write. The speaker prior above is added to the
  // Naive Bayes score and so divided by the temperature (7.5 to 70): 1.5 x ln(70 million /
  // 1.4 million), Italian's over Venetian's, is 5.9 nats of score but 0.2 to 0.4 of log-odds
  // on a line of 20 to 40 code points. Above the cap every language counts alike, so two
  // languages that millions write (Malay and Indonesian, Zulu and Xhosa, Dutch and Afrikaans)
  // still turn on their n-grams alone; the temperatures are fitted with the odds in place.
  // Measured on the everyday sets (docs/langid.md, "Speaker odds").
  double speaker_odds_weight = 0.1;
  double speaker_odds_cap = 1e7;
  std::string source;  // recorded in the metadata, e.g. the training file's name
};

struct BucketReport {
  uint32_t max_length = 0;
  size_t examples = 0;
  double temperature = 1;
  double accuracy = 0;  // of the top candidate
  double ece = 0;       // with the fitted temperature
};

struct TrainReport {
  size_t lines = 0;
  size_t heldout_lines = 0;
  size_t labels = 0;              // distinct training labels ("hrv", "hrv/ui")
  size_t languages = 0;           // their language codes plus script-only languages
  size_t profiles = 0;            // labels plus script-only languages without a label
  size_t table_profiles = 0;      // profiles with n-gram entries
  size_t entries = 0;
  double script_only_accuracy = 0;  // held-out answers given by the script alone
  size_t script_only_examples = 0;
  std::vector<BucketReport> buckets;
  // The word groups kept, as language codes and fitted weight ("ind zlm x20"), in the order
  // they were formed (most confused pair first).
  std::vector<std::string> word_groups;
};

// The checks of TrainOptions::prior_counts and language_speakers that need no training lines,
// for callers that read them from files of their own (loka langid train --priors, --speakers)
// to name the file before training: each count finite and >= 0, no label listed twice, and
// for speakers each label a language code. Train applies them too. Errors: invalid_argument
// naming the label ("prior count of 'fra' must be finite and >= 0").
Status CheckPriorCounts(const std::vector<std::pair<std::string, double>>& prior_counts);
Status CheckLanguageSpeakers(const std::vector<std::pair<std::string, double>>& speakers);

// Trains on `rows` (label = ISO 639-3 code, 2 to 7 lower-case letters, not "und", optionally
// followed by "/" and a domain of 1 to 16 lower-case letters or digits; text = valid UTF-8, as
// learn::ReadLabelledFile returns). Errors: invalid_argument for a bad label, a bad option, more
// than 1024 profiles or no usable line.
Result<ModelData> Train(const std::vector<learn::LabelledText>& rows, const TrainOptions& options,
                        TrainReport* report);

}  // namespace loka::langid

#endif  // LOKA_LANGID_TRAINER_H_
