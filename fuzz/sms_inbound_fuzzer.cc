// libFuzzer target: what an SMS gateway hands the helpline (helpline/inbound.h, sms.h). The
// first byte picks the charset the gateway names (UTF-8, UCS-2, ISO-8859-1) and whether the rest
// is the text or the sender's number. Whatever the bytes:
//   - the decoded text is valid UTF-8 without C0 controls other than tab, LF and CR, or DEL; `raw`
//     holds the input exactly when `encoding_error` says what was wrong; valid UTF-8 in UTF-8
//     is kept as it came but for those controls;
//   - the text's SMS count and composition hold to their contracts (parts within the budget,
//     units that fit the parts);
//   - a number that normalizes is "+"? then 3 to 20 digits, and its mask keeps its length and
//     shows its last min(3, digits / 3) digits, every other digit a '*'.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "helpline/inbound.h"
#include "helpline/sms.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void Text(std::string_view bytes, loka::helpline::Charset charset) {
  using loka::helpline::DecodeText;
  const loka::helpline::DecodedText d = DecodeText(bytes, charset);
  Check(loka::text::FindInvalidUtf8(d.text) == d.text.size());
  for (const char c : d.text) {
    const auto u = static_cast<unsigned char>(c);
    Check((u >= 0x20 && u != 0x7f) || c == '\t' || c == '\n' || c == '\r');
  }
  Check(d.encoding_error.empty() == d.raw.empty());
  if (!d.raw.empty()) Check(d.raw == bytes);
  if (charset == loka::helpline::Charset::kUtf8 && d.encoding_error.empty()) {
    Check(d.text.size() == bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
      const auto u = static_cast<unsigned char>(bytes[i]);
      const bool control =
          (u < 0x20 && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r') || u == 0x7f;
      Check(d.text[i] == (control ? ' ' : bytes[i]));
    }
  }
  const loka::helpline::SmsCount n = loka::helpline::CountSms(d.text);
  Check(d.text.empty() == (n.parts == 0));
  Check(n.units >= 0 && n.parts >= 0);
  {
    using namespace loka::helpline;
    const bool gsm = n.encoding == SmsEncoding::kGsm7;
    const int single = gsm ? kGsm7SingleSeptets : kUcs2SingleUnits;
    const int part = gsm ? kGsm7PartSeptets : kUcs2PartUnits;
    // One part up to `single` units; past it, the fewest parts of `part` units (a part may end
    // short of `part` when a character would straddle two).
    if (n.parts == 1) Check(n.units >= 1 && n.units <= single);
    if (n.parts > 1) Check(n.units > single && n.units <= n.parts * part);
  }
  loka::helpline::SmsOptions o;
  o.transliterate = true;
  auto composed = loka::helpline::ComposeSms(d.text, "por", o);
  if (composed.ok()) {
    Check(composed->count.parts >= 1 && composed->count.parts <= o.max_parts);
    Check(loka::text::FindInvalidUtf8(composed->text) == composed->text.size());
    if (!composed->transliterated) Check(composed->text == d.text);
  }
}

void Number(std::string_view bytes) {
  auto n = loka::helpline::NormalizeNumber(bytes);
  if (!n.ok()) return;
  const std::string& s = *n;
  const size_t digits = s.size() - (!s.empty() && s[0] == '+' ? 1 : 0);
  Check(digits >= 3 && digits <= 20);
  for (size_t i = s.size() - digits; i < s.size(); ++i) Check(IsDigit(s[i]));
  const std::string masked = loka::helpline::MaskNumber(s);
  Check(masked.size() == s.size());
  // The last min(3, digits / 3) digits shown as they are, every other digit a '*'.
  const size_t shown = std::min<size_t>(3, digits / 3);
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsDigit(s[i])) Check(masked[i] == s[i]);
    else Check(masked[i] == (i >= s.size() - shown ? s[i] : '*'));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1u << 16)) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  static constexpr loka::helpline::Charset kCharsets[] = {
      loka::helpline::Charset::kUtf8, loka::helpline::Charset::kUcs2,
      loka::helpline::Charset::kLatin1};
  if (data[0] & 4) {
    Number(rest);
  } else {
    Text(rest, kCharsets[(data[0] & 3) % 3]);
  }
  return 0;
}
