// The trainer's steps for word groups (model_file.h, WordGroup; docs/langid.md, "A fourteenth
// run"): which languages form groups, each group's words and log-odds, and the weight each
// group's evidence gets. Deterministic functions without state.
#ifndef LOKA_LANGID_WORD_GROUPS_H_
#define LOKA_LANGID_WORD_GROUPS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "langid/model_file.h"

namespace loka::langid {

// Held-out texts whose top language was the other of a language pair, per pair; the key is
// LanguagePair's, lower id first, so a pair counts the same whichever way it was confused.
using PairConfusions = std::map<std::pair<uint16_t, uint16_t>, size_t>;
inline std::pair<uint16_t, uint16_t> LanguagePair(uint16_t a, uint16_t b) {
  return {std::min(a, b), std::max(a, b)};
}

// The groups: the `pairs` language pairs with the most held-out confusions (texts whose top
// language was the other of the pair, either way; key: lower id first), taken in that order
// (ties to the lower pair of ids) and merged where they share a language while a group stays
// within kMaxGroupLanguages. Then, with `join_share` > 0, a language in no group joins the
// group its held-out confusions are most with when those are at least `join_share` of all its
// confusions and at least a quarter of the group's most confused pair (kJoinMinPairShare), one
// language at a time until none joins. Each group's ids ascend; groups in the order they were
// formed.
std::vector<std::vector<uint16_t>> ChooseWordGroups(
    const PairConfusions& confusions, uint32_t pairs,
    double join_share = 0);

// The words each of `groups` keeps: `words` each when `bytes` is 0; else the groups share
// `bytes` of words (2 bytes of hash and 1 a language but the last, a word) in proportion to
// the held-out confusions between each group's own languages (at least 1 word a group).
std::vector<uint32_t> WordGroupWords(
    const std::vector<std::vector<uint16_t>>& groups,
    const PairConfusions& confusions, uint32_t words,
    uint64_t bytes);

// One training line as the word counting sees it.
struct WordLine {
  std::string_view text;
  uint16_t language = 0;  // id into the model's languages
  uint32_t profile = 0;   // the line's profile (training label); profiles are counted apart
  bool heldout = false;   // held out for the calibration
};

// The group of `languages` (ascending ids) counted from `lines` (with `heldout_too`, also the
// held-out ones): per word and language, the log of the mean of the word's relative frequencies
// in the language's profiles (smoothed), minus its mean over the group's languages; the
// `max_words` words with the largest count x separation (one word per 16-bit hash, the first in
// that order), quantized to int8 with `step` = one int8 unit in nats (the caller scales it by
// the fitted weight). A word's separation is the mean |log-odds| between two of the group's
// languages, each pair weighed by its held-out `confusions` (alike without them): for a pair,
// twice its largest |log-odds|; in a larger group, the words that tell its most confused pair
// apart come first, not those that only set the group's small members apart from the rest.
// Errors: what text normalization returns.
Result<WordGroup> CountWordGroup(
    const std::vector<uint16_t>& languages, const std::vector<WordLine>& lines, bool heldout_too,
    uint32_t max_words,
    const PairConfusions* confusions = nullptr);

// Each group's weight (nats of score per nat of log-odds), chosen from a grid that starts at 0:
// the value under which the fewest of `texts` (held-out lines and cuts with their gold
// language) have another language scored above the gold one, ties to the smaller, counting
// only the texts whose scores the group changes. `held` is the model counted without the
// held-out lines and without groups; `groups` were counted without them too, with step = one
// int8 unit. The temperatures are fitted after it, so the weight only has to rank; fitted on
// the negative log-likelihood under the first temperatures instead, the weights came out half
// as large and kept 4 of the everyday clean lines fewer (docs/langid.md, "A fourteenth run").
Result<std::vector<double>> FitWordWeights(
    ModelData held, const std::vector<WordGroup>& groups,
    const std::vector<std::pair<std::string_view, uint16_t>>& texts);

}  // namespace loka::langid

#endif  // LOKA_LANGID_WORD_GROUPS_H_
