// Normalization before featurization: NFKC with Unicode case folding (ICU's NFKC_Casefold,
// which also drops default-ignorable code points such as ZWJ-less joiners and soft hyphens),
// and every decimal digit of any script mapped to ASCII '0' so numbers do not spread features.
#ifndef LOKA_TEXT_NORMALIZE_H_
#define LOKA_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace loka::text {

struct NormalizeOptions {
  bool case_fold = true;      // NFKC_Casefold when true, plain NFKC when false
  bool fold_digits = true;    // every Nd code point -> '0'
};

// Validates `utf8` (InvalidArgument with the byte offset when malformed), then normalizes.
// Thread-safe.
Result<std::string> Normalize(std::string_view utf8, const NormalizeOptions& options = {});

// NFC only (for corpus preparation and storage). Validates like Normalize.
Result<std::string> ToNfc(std::string_view utf8);

}  // namespace loka::text

#endif  // LOKA_TEXT_NORMALIZE_H_
