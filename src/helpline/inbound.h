// A message as a gateway hands it over, made ready for routing: its bytes decoded from the
// charset the gateway names (UTF-8, UCS-2/UTF-16BE as Kannel passes coding 2, ISO-8859-1) into
// UTF-8, never guessed at; bytes that are not valid in their charset are kept as they came and
// flagged, the text carrying U+FFFD where they were; and the sender's number checked.
//
// Thread contract: pure functions.
#ifndef LOKA_HELPLINE_INBOUND_H_
#define LOKA_HELPLINE_INBOUND_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace loka::helpline {

enum class Charset { kUtf8, kUcs2, kLatin1 };

// "utf-8"/"utf8", "ucs-2"/"ucs2"/"utf-16be"/"utf-16", "iso-8859-1"/"latin1" (any case); ""
// is UTF-8. Errors: invalid_argument naming the accepted names.
Result<Charset> ParseCharset(std::string_view name);

struct DecodedText {
  std::string text;            // valid UTF-8
  std::string raw;             // the input bytes when they were not valid; else ""
  std::string encoding_error;  // "" or what was wrong ("malformed UTF-8 at byte 7")
};

// Decodes `bytes` in `charset`. Malformed UTF-8 and a lone or odd UTF-16 unit are kept: each
// bad sequence becomes U+FFFD in `text`, `raw` holds the input and `encoding_error` the first
// problem. NUL and other C0 controls but tab, LF and CR, and DEL (U+007F), become spaces (a
// display concern, not an error).
DecodedText DecodeText(std::string_view bytes, Charset charset);

// A sender's number: optional "+", then 3 to 20 digits; spaces, dashes, dots and parentheses
// are dropped ("+254 700-000 001" is "+254700000001"). A gateway's short code (digits only) is
// a number too. Errors: invalid_argument naming what is wrong (a letter, with its position
// counted in characters from 1; too short; too long).
Result<std::string> NormalizeNumber(std::string_view number);

// The number as a `read` key sees it: its digits replaced by '*' but the last 3, and never
// more than a third of them ("+254700000001" is "+*********001", a short code "123" is
// "**3", "1234" is "***4"): at least two thirds of any number stay hidden.
std::string MaskNumber(std::string_view number);

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_INBOUND_H_
