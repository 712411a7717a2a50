// The SMS budget (helpline/sms.h). Tables: 3GPP TS 23.038 section 6.2.1 (the GSM 7-bit default
// alphabet and its extension table).
#include "helpline/sms.h"

#include <algorithm>
#include <utility>

#include "text/utf8.h"

namespace loka::helpline {
namespace {

// The basic table's characters outside printable ASCII, and the ASCII ones it lacks.
constexpr char32_t kGsmBasicNonAscii[] = {
    U'£', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'Ø', U'ø', U'Å', U'å', U'Δ', U'Φ',
    U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É', U'¤', U'¡',
    U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ', U'ü', U'à'};
constexpr char32_t kGsmExtension[] = {U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€',
                                      U'\f'};

// Latin letters outside GSM-7 and the GSM-7 letter a reader takes for them.
constexpr std::pair<char32_t, char> kFold[] = {
    {U'á', 'a'}, {U'â', 'a'}, {U'ã', 'a'}, {U'ā', 'a'}, {U'Á', 'A'}, {U'Â', 'A'}, {U'Ã', 'A'},
    {U'À', 'A'}, {U'ç', 'c'}, {U'ê', 'e'}, {U'ë', 'e'}, {U'ē', 'e'}, {U'Ê', 'E'}, {U'È', 'E'},
    {U'Ë', 'E'}, {U'í', 'i'}, {U'î', 'i'}, {U'ï', 'i'}, {U'Í', 'I'}, {U'Î', 'I'}, {U'Ì', 'I'},
    {U'ó', 'o'}, {U'ô', 'o'}, {U'õ', 'o'}, {U'Ó', 'O'}, {U'Ô', 'O'}, {U'Õ', 'O'}, {U'Ò', 'O'},
    {U'ú', 'u'}, {U'û', 'u'}, {U'Ú', 'U'}, {U'Û', 'U'}, {U'Ù', 'U'}, {U'ý', 'y'}, {U'ÿ', 'y'},
    {U'œ', 'o'}, {U'Œ', 'O'}};

// Greedy parts: units are added whole (an escape pair, a surrogate pair) until a part is full.
int Parts(const std::vector<int>& costs, int total, int single, int per_part) {
  if (total == 0) return 0;
  if (total <= single) return 1;
  int parts = 1, used = 0;
  for (const int c : costs) {
    if (used + c > per_part) {
      ++parts;
      used = 0;
    }
    used += c;
  }
  return parts;
}

}  // namespace

std::string_view SmsEncodingName(SmsEncoding encoding) {
  return encoding == SmsEncoding::kGsm7 ? "gsm7" : "ucs2";
}

int Gsm7Septets(char32_t cp) {
  if (cp == U'\n' || cp == U'\r') return 1;
  if (cp >= 0x20 && cp < 0x7F && cp != U'`' && cp != U'^' && cp != U'{' && cp != U'}' &&
      cp != U'\\' && cp != U'[' && cp != U'~' && cp != U']' && cp != U'|') {
    return 1;
  }
  if (std::find(std::begin(kGsmBasicNonAscii), std::end(kGsmBasicNonAscii), cp) !=
      std::end(kGsmBasicNonAscii)) {
    return 1;
  }
  if (std::find(std::begin(kGsmExtension), std::end(kGsmExtension), cp) !=
      std::end(kGsmExtension)) {
    return 2;
  }
  return 0;
}

SmsCount CountSms(std::string_view utf8) {
  std::vector<int> gsm, ucs;
  bool all_gsm = true;
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t cp = text::DecodeUtf8(utf8, &pos);
    const int septets = Gsm7Septets(cp);
    all_gsm = all_gsm && septets > 0;
    gsm.push_back(septets);
    ucs.push_back(cp > 0xFFFF ? 2 : 1);
  }
  SmsCount c;
  const std::vector<int>& costs = all_gsm ? gsm : ucs;
  for (const int u : costs) c.units += u;
  if (all_gsm) {
    c.encoding = SmsEncoding::kGsm7;
    c.parts = Parts(costs, c.units, kGsm7SingleSeptets, kGsm7PartSeptets);
  } else {
    c.encoding = SmsEncoding::kUcs2;
    c.parts = Parts(costs, c.units, kUcs2SingleUnits, kUcs2PartUnits);
  }
  return c;
}

Result<ComposedSms> ComposeSms(std::string_view utf8, std::string_view language,
                               const SmsOptions& options) {
  LOKA_RETURN_IF_ERROR(text::ValidateUtf8(utf8).WithPrefix("SMS text"));
  if (utf8.empty()) return InvalidArgument("SMS text is empty");
  ComposedSms out;
  out.text = std::string(utf8);
  out.count = CountSms(out.text);
  const auto& allowed = options.transliterate_languages;
  if (options.transliterate && out.count.encoding == SmsEncoding::kUcs2 &&
      std::find(allowed.begin(), allowed.end(), language) != allowed.end()) {
    std::string folded;
    bool all_gsm = true;
    for (size_t pos = 0; pos < utf8.size() && all_gsm;) {
      const char32_t cp = text::DecodeUtf8(utf8, &pos);
      if (Gsm7Septets(cp) > 0) {
        text::AppendUtf8(cp, &folded);
        continue;
      }
      const auto* it = std::find_if(std::begin(kFold), std::end(kFold),
                                    [cp](const auto& f) { return f.first == cp; });
      all_gsm = it != std::end(kFold);
      if (all_gsm) folded.push_back(it->second);
    }
    // Only when every character then fits GSM-7: a text that stays UCS-2 keeps its letters.
    if (all_gsm) {
      out.text = std::move(folded);
      out.count = CountSms(out.text);
      out.transliterated = true;
    }
  }
  if (out.count.parts > options.max_parts) {
    const bool gsm = out.count.encoding == SmsEncoding::kGsm7;
    return ResourceExhausted(
        "SMS text needs " + std::to_string(out.count.parts) + " parts (" +
        std::to_string(out.count.units) + (gsm ? " GSM-7 septets, 153" : " UCS-2 units, 67") +
        " per part); the limit is " + std::to_string(options.max_parts) + " parts");
  }
  return out;
}

}  // namespace loka::helpline
