// Phrase evidence for re-ranking: how much of a query a passage holds as one run of text, in
// order, forgiving typos. People who search for a passage they half remember type a stretch of
// it; a passage that holds the stretch beats one that merely holds its words.
//   phrase text  the match keys (search/analyzer.h) as code points, one U+0020 between two
//                keys unless both are in a script written without spaces (there the word break
//                of a query with a typo differs from the passage's, and a space would cost),
//                and one before the first key and after the last unless that key is in such a
//                script: a word's edges are part of the text, so a query word found inside a
//                longer word ("maji" in "majibu") aligns less than the word itself;
//   alignment    the best local alignment of the query's phrase text against a passage's
//                (Smith and Waterman 1981) with unit costs: +1 per equal code point, -1 per
//                substitution, insertion or deletion, never below 0. A query found verbatim
//                scores its length; one typo inside it costs 2 (a substituted letter: one match
//                lost, one mismatch; a doubled one: an extra letter counted and skipped) or 1
//                (a dropped letter);
//   share        alignment / the query's phrase length, in [0, 1].
// Cost: O(query length x passage length) time, O(passage length) memory; about 25 µs for a
// 30-letter query against a 1,000-letter passage on this machine.
#ifndef LOKA_SEARCH_PHRASE_H_
#define LOKA_SEARCH_PHRASE_H_

#include <string>
#include <string_view>
#include <vector>

namespace loka::search {

// The phrase text of `keys` (as MatchKeys or LatinKeys returns them).
std::u32string PhraseText(const std::vector<std::string>& keys);

// The local alignment score of `query` against `passage` (see above); 0 when either is empty.
int PhraseAlignment(std::u32string_view query, std::u32string_view passage);

// PhraseAlignment(query, passage) / query.size(); 0 for an empty query.
double PhraseShare(std::u32string_view query, std::u32string_view passage);

}  // namespace loka::search

#endif  // LOKA_SEARCH_PHRASE_H_
