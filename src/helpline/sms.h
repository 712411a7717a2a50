// The SMS budget (3GPP TS 23.038 and 23.040): which encoding a text needs, how many parts it
// takes, and a text composed to fit. GSM-7 carries 160 septets in one SMS and 153 per part when
// concatenated (the user-data header takes 7); its extension-table characters (^ { } \ [ ~ ] |
// € and form feed) cost two septets, an escape and the character, and a part never splits
// them. A single character outside GSM-7 switches the whole text to UCS-2: 70 UTF-16 code units
// in one SMS, 67 per part; a character outside the BMP (an emoji) takes two units, never split.
//
// Thread contract: pure functions.
#ifndef LOKA_HELPLINE_SMS_H_
#define LOKA_HELPLINE_SMS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::helpline {

enum class SmsEncoding { kGsm7, kUcs2 };
std::string_view SmsEncodingName(SmsEncoding encoding);  // "gsm7", "ucs2"

inline constexpr int kGsm7SingleSeptets = 160;
inline constexpr int kGsm7PartSeptets = 153;
inline constexpr int kUcs2SingleUnits = 70;
inline constexpr int kUcs2PartUnits = 67;

// What a text costs as an SMS.
struct SmsCount {
  SmsEncoding encoding = SmsEncoding::kGsm7;
  int units = 0;  // septets (GSM-7) or UTF-16 code units (UCS-2)
  int parts = 0;  // 0 for the empty text
};

// The cost of `utf8`. REQUIRES: valid UTF-8.
SmsCount CountSms(std::string_view utf8);

// Septets of one code point in GSM-7: 1 (basic table), 2 (extension table), 0 (not in GSM-7).
int Gsm7Septets(char32_t cp);

struct SmsOptions {
  // Most parts a composed text may take. 3 parts is 459 GSM-7 or 201 UCS-2 characters: room for
  // an answer, and at most three times the price of one SMS per reply.
  int max_parts = 3;
  // Replace Latin letters with diacritics outside GSM-7 (ã õ ç â ê í ó ú ...) by their base
  // letter when that makes the whole text GSM-7, so a Portuguese reply costs one part instead
  // of three. Applied only for the languages listed in `transliterate_languages`.
  bool transliterate = false;
  // ISO 639-3 codes of the languages whose readers accept letters without their diacritics.
  std::vector<std::string> transliterate_languages = {"por", "spa", "fra", "ita", "cat", "swh",
                                                      "eng"};
};

struct ComposedSms {
  std::string text;  // what goes out (transliterated when `transliterated`)
  SmsCount count;
  bool transliterated = false;
};

// `utf8` composed to the budget for `language` (ISO 639-3). Errors: invalid_argument for
// malformed UTF-8 or an empty text; resource_exhausted naming the parts needed and the limit
// when it does not fit in options.max_parts.
Result<ComposedSms> ComposeSms(std::string_view utf8, std::string_view language,
                               const SmsOptions& options);

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_SMS_H_
