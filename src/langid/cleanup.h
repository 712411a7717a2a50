// Removes what is not language before identification: URLs, e-mail addresses, @handles, bare
// domain names, command-line options, file paths, numbers, and the placeholders of software
// strings (printf's %s, Qt's %1, {0}, $1); and borrowed English words when other words are left.
// They are replaced by spaces of the same byte length, so byte offsets into the cleaned text are
// offsets into the original (spans depend on it). Access-key markers (_Open, &Open, ~Open) are
// dropped from the normalized text instead, since they sit inside words.
#ifndef LOKA_LANGID_CLEANUP_H_
#define LOKA_LANGID_CLEANUP_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace loka::langid {

// Returns true and writes the cleaned copy of `text` to `out` when anything was blanked; returns
// false (leaving `out` untouched) when `text` holds nothing to blank. A chunk is a maximal run
// of bytes other than ASCII space, tab, CR and LF; a chunk is blanked when it contains "://",
// starts with "www." (any case), starts with '@' followed by something, contains '@' with a '.'
// after it, is ASCII ending in ".<tld>" for a common top-level domain with letters before
// the dot, is a command-line option ("-a", "-a,", "--all", "--width=COLS"; trailing ",.;)"
// ignored) or an ASCII file path ("/etc/passwd", "~/x", "./configure": from '/' with a second
// '/', or from "~/" or "./") or a number (ASCII digits and any of "+-.,:/()%?!'\"", no other
// byte: "500", "10:30", "+254-712", "3.14"; "18h" and "rs500" are kept). Placeholders are
// blanked wherever they occur: a printf conversion (`%s`, `%5.2f`, `%1$s`, `%lu`, `%%`) or Qt
// argument (`%1`) not followed by an ASCII letter or digit, Python's `%(name)s`, a brace field
// without spaces (`{0}`, `{name}`, at most 40 bytes) and `$` followed by digits. Thread-safe.
bool BlankNonLanguage(std::string_view text, std::string* out);

// Blanks (as BlankNonLanguage, keeping byte offsets) the chunks that are, case aside and
// trailing ".,;:!?)" ignored, one of a short list of English words that everyday messages in any
// language borrow ("ok", "bus", "phone", "school", "password", ...). Returns true and writes
// `out` only when something was blanked and a chunk of at least 2 bytes that is not such a word
// is left; otherwise false (`out` untouched). Thread-safe.
bool BlankLoanwords(std::string_view text, std::string* out);

// Drops access-key markers from `*text`: '_', '&' or '~' followed by a letter ("_Open",
// "Ö_ffnen", "&File" -> "Open", "Öffnen", "File"; any byte of a non-ASCII character counts as a
// letter). Meant for normalized text (offsets change). Thread-safe.
void DropAccessKeyMarkers(std::string* text);

// The text as language ID counts its n-grams, in training and at inference (whole texts and the
// words of --spans): text::Normalize (NFKC + case fold, digits to 0), then access-key markers
// dropped. Errors: those of text::Normalize (malformed UTF-8).
Result<std::string> NormalizeForNgrams(std::string_view text);

}  // namespace loka::langid

#endif  // LOKA_LANGID_CLEANUP_H_
