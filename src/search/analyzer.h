// Text -> index terms, the same way for passages and queries, so that matching is diacritic-,
// case- and script-aware without FTS5's own tokenizers:
//   key      text::Normalize (NFKC + case fold, digits kept) -> text::Tokenize (ICU dictionary
//            word break for Thai, Khmer, Lao, Burmese, CJK) -> per word NFD, nonspacing marks
//            removed, NFC. "Éléphant" and "elephant" have the key "elephant".
//   latin    keys of the text's Latin transliteration (ICU "Any-Latin; Latin-ASCII"), for text
//            that is not already Latin: "पानी" gives "pani".
//   term     a key or two consecutive keys, hashed (core/hash.h Hash64) and written as 8
//            characters of [0-9a-v]; n-gram terms are the code-point 3-grams of "<key>" (of
//            the run of keys, for scripts without spaces) as 6 characters. Every term is
//            plain ASCII, so a query built from terms cannot inject FTS5 syntax, and FTS5's
//            ascii tokenizer only splits them at spaces.
// The term values are part of the stored index: changing them requires re-adding documents.
#ifndef LOKA_SEARCH_ANALYZER_H_
#define LOKA_SEARCH_ANALYZER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::search {

// Match keys of `utf8`'s words, in order. Errors: invalid_argument on malformed UTF-8.
// Thread-safe.
Result<std::vector<std::string>> MatchKeys(std::string_view utf8);

// Keys of the Latin transliteration of `utf8`; empty when the text has no letters outside the
// Latin script (nothing to add). Errors as MatchKeys. Thread-safe.
Result<std::vector<std::string>> LatinKeys(std::string_view utf8);

// LatinKeys of each word, with one transliteration for all of them (ICU's costs tens of
// microseconds per call): an empty list for a word without letters outside the Latin script.
// Errors: invalid_argument on malformed UTF-8 or a word holding a newline. Thread-safe.
Result<std::vector<std::vector<std::string>>> LatinKeysOfWords(
    const std::vector<std::string_view>& words);

// True when `key`'s first letter is in a script written without spaces between words (Thai,
// Lao, Khmer, Myanmar, Tibetan, Han, Hiragana, Katakana): ICU's dictionary word break splits
// such text, but differently when vowel signs are missing or a letter is mistyped, so what is
// derived from its keys must not depend on where the breaks fell.
bool SpacelessKey(std::string_view key);

// Appends to `out` the word terms of `keys`: each key, then each pair of consecutive keys.
void AppendWordTerms(const std::vector<std::string>& keys, std::vector<std::string>* out);
// Appends to `out` the code-point 3-gram terms of each "<key>" (a one-letter key gives one);
// consecutive keys in a script written without spaces (Thai, Lao, Khmer, Myanmar, Tibetan,
// Han, Hiragana, Katakana) give the 3-grams of their concatenation instead, so the terms do
// not depend on where the word break fell.
void AppendGramTerms(const std::vector<std::string>& keys, std::vector<std::string>* out);

// `terms` joined by single spaces.
std::string JoinTerms(const std::vector<std::string>& terms);

}  // namespace loka::search

#endif  // LOKA_SEARCH_ANALYZER_H_
