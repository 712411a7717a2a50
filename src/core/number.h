// Decimal numbers from text: the one parser for numbers read from outside (CSV cells, a
// detector's input rows), so every reader agrees on what a number is.
//
// Thread contract: pure functions.
#ifndef LOKA_CORE_NUMBER_H_
#define LOKA_CORE_NUMBER_H_

#include <string_view>

#include "core/status.h"

namespace loka {

enum class NonFinite {
  kRefuse,  // "nan", "inf" and values beyond the double range are invalid_argument
  // "nan", "inf" and "infinity" (any case, with a sign) and values beyond the double range
  // read as NaN or ±infinity, for callers that count such values under their own reason.
  kAccept,
};

// `text`, all of it, as a decimal number: an optional sign, digits with at most one decimal
// point (at least one digit), an optional exponent ("-12.5", "+3", ".5", "1e-3", "2.5E+2").
// Refused, as invalid_argument naming the text: empty text, spaces, hexadecimal ("0x10", which
// strtod would read as 16), a decimal comma ("12,5"), anything after the number, and, with
// NonFinite::kRefuse, the spellings of non-finite values and numbers beyond the double range.
Result<double> ParseDecimal(std::string_view text, NonFinite non_finite = NonFinite::kRefuse);

}  // namespace loka

#endif  // LOKA_CORE_NUMBER_H_
