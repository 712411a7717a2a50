// Strict UTF-8: validation that names the first bad byte, and code point decoding. Malformed
// input is an error, never guessed at or replaced.
#ifndef LOKA_TEXT_UTF8_H_
#define LOKA_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace loka::text {

// OK if `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above
// U+10FFFF). Otherwise InvalidArgument "malformed UTF-8 at byte N" with N the 0-based offset of
// the first byte of the bad sequence.
Status ValidateUtf8(std::string_view s);

// True if every byte of `s` is below 0x80 (ASCII: one byte per code point), read 8 bytes at a
// time; the fast paths of normalization and featurization branch on it.
bool IsAscii(std::string_view s);

// Returns the offset of the first malformed sequence, or s.size() if none.
size_t FindInvalidUtf8(std::string_view s);

// Returns the offset of the first ASCII control byte (below 0x20, or DEL 0x7f: tab and line
// breaks included), or s.size() if none. For one-line names and notes.
size_t FindControlByte(std::string_view s);

// Decodes the code point at s[*pos] and advances *pos past it.
// REQUIRES: s is valid UTF-8 and *pos < s.size() is at a code point boundary.
char32_t DecodeUtf8(std::string_view s, size_t* pos);

// The first `n` code points of `s` (all of it when it has fewer).
// REQUIRES: s is valid UTF-8.
std::string_view Utf8Prefix(std::string_view s, size_t n);

// The longest prefix of `s` of at most `max_bytes` bytes that ends on a code point boundary.
// REQUIRES: s is valid UTF-8.
std::string_view Utf8PrefixBytes(std::string_view s, size_t max_bytes);

// `s` without a leading UTF-8 byte-order mark (EF BB BF, U+FEFF), which editors on Windows
// write at the start of a text file; `s` itself when it has none. Only the first mark goes:
// one inside the text is a character of it.
std::string_view SkipByteOrderMark(std::string_view s);

// Appends the UTF-8 encoding of `cp` (a valid scalar value) to `out`.
void AppendUtf8(char32_t cp, std::string* out);

// True when `s` shows nothing: every code point is white space (Unicode White_Space: spaces,
// tabs, line breaks, U+00A0, U+3000 ...) or default-ignorable (Default_Ignorable_Code_Point:
// U+200B zero width space, U+200D joiner, U+FEFF, U+00AD soft hyphen, variation selectors
// ...), which a screen draws as nothing. The empty text is blank. A malformed sequence is not.
bool IsBlank(std::string_view s);

}  // namespace loka::text

#endif  // LOKA_TEXT_UTF8_H_
