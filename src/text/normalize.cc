// Normalization with ICU's Normalizer2 (NFKC_Casefold, NFKC, NFC) plus digit folding, with an
// ASCII path that gives the same bytes without touching ICU.
#include "text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utypes.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "text/utf8.h"

namespace loka::text {
namespace {

enum class Form { kNfkcCasefold, kNfkc, kNfc };

// NFKC_Casefold of an ASCII string is ASCII lower-casing; NFKC and NFC leave ASCII unchanged.
std::string NormalizeAscii(std::string_view s, bool lower, bool fold_digits) {
  std::string out(s);
  if (!lower && !fold_digits) return out;
  for (char& c : out) {
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    if (fold_digits && c >= '0' && c <= '9') c = '0';
  }
  return out;
}

// Nd (decimal digit) membership of every BMP code point, computed once from ICU so digit folding
// does a bit test instead of an ICU call per code point. Immutable after construction.
struct BmpDigits {
  BmpDigits() {
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
      if (u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER) {
        bits[cp >> 6] |= uint64_t{1} << (cp & 63);
      }
    }
  }
  std::array<uint64_t, 0x10000 / 64> bits{};
};

bool IsDecimalDigit(char32_t cp) {
  if (cp < 0x10000) {
    static const BmpDigits digits;
    return (digits.bits[cp >> 6] >> (cp & 63)) & 1;
  }
  return u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER;
}

// Rewrites every Nd code point of valid UTF-8 `s` to '0', in place (the string can only shrink).
// Bytes before the first folded digit are never rewritten.
void FoldDigits(std::string* s) {
  char* data = s->data();
  const std::string_view in(*s);
  size_t r = 0;
  size_t w = 0;
  while (r < in.size()) {
    const auto b = static_cast<unsigned char>(in[r]);
    if (b < 0x80) {
      data[w++] = (b >= '0' && b <= '9') ? '0' : static_cast<char>(b);
      ++r;
      continue;
    }
    const size_t start = r;
    const char32_t cp = DecodeUtf8(in, &r);
    if (IsDecimalDigit(cp)) {
      data[w++] = '0';
    } else if (w == start) {
      w = r;  // nothing folded yet: the bytes are already in place
    } else {
      for (size_t k = start; k < r; ++k) data[w++] = data[k];
    }
  }
  s->resize(w);
}

Result<const icu::Normalizer2*> Instance(Form form) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = nullptr;
  switch (form) {
    case Form::kNfkcCasefold: n = icu::Normalizer2::getNFKCCasefoldInstance(err); break;
    case Form::kNfkc: n = icu::Normalizer2::getNFKCInstance(err); break;
    case Form::kNfc: n = icu::Normalizer2::getNFCInstance(err); break;
  }
  if (U_FAILURE(err) || n == nullptr) {
    return Internal(std::string("ICU normalizer unavailable: ") + u_errorName(err));
  }
  return n;
}

// ICU path for valid, non-ASCII input. Normalizes UTF-8 to UTF-8 directly (normalizeUTF8, ICU
// 60+), which gives the same result as a round trip through UTF-16 without the two conversions.
Result<std::string> IcuNormalize(std::string_view utf8, Form form) {
  LOKA_ASSIGN_OR_RETURN(const icu::Normalizer2* norm, Instance(form));
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 4);
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode err = U_ZERO_ERROR;
  norm->normalizeUTF8(0, icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), sink,
                      nullptr, err);
  if (U_FAILURE(err)) return Internal(std::string("ICU normalize failed: ") + u_errorName(err));
  return out;
}

}  // namespace

Result<std::string> Normalize(std::string_view utf8, const NormalizeOptions& options) {
  if (IsAscii(utf8)) return NormalizeAscii(utf8, options.case_fold, options.fold_digits);
  LOKA_RETURN_IF_ERROR(ValidateUtf8(utf8));
  if (utf8.size() > INT32_MAX) return ResourceExhausted("text longer than 2 GiB");
  LOKA_ASSIGN_OR_RETURN(std::string out,
                        IcuNormalize(utf8, options.case_fold ? Form::kNfkcCasefold : Form::kNfkc));
  if (options.fold_digits) FoldDigits(&out);
  return out;
}

Result<std::string> ToNfc(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  LOKA_RETURN_IF_ERROR(ValidateUtf8(utf8));
  if (utf8.size() > INT32_MAX) return ResourceExhausted("text longer than 2 GiB");
  return IcuNormalize(utf8, Form::kNfc);
}

}  // namespace loka::text
