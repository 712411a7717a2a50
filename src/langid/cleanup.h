// Removes what is not language before identification: URLs, e-mail addresses, @handles and bare
// domain names. They are replaced by spaces of the same byte length, so byte offsets into the
// cleaned text are offsets into the original (spans depend on it).
#ifndef LOKA_LANGID_CLEANUP_H_
#define LOKA_LANGID_CLEANUP_H_

#include <string>
#include <string_view>

namespace loka::langid {

// Returns true and writes the cleaned copy of `text` to `out` when anything was blanked; returns
// false (leaving `out` untouched) when `text` holds nothing to blank. A chunk is a maximal run
// of bytes other than ASCII space, tab, CR and LF; a chunk is blanked when it contains "://",
// starts with "www." (any case), starts with '@' followed by something, contains '@' with a '.'
// after it, or is ASCII ending in ".<tld>" for a common top-level domain with letters before
// the dot. Thread-safe.
bool BlankNonLanguage(std::string_view text, std::string* out);

}  // namespace loka::langid

#endif  // LOKA_LANGID_CLEANUP_H_
