// Word tokenization: a flat scan that classifies code points by table (built once from ICU's
// General_Category and Script), and hands words containing a space-less script to ICU's word
// BreakIterator.
//
// Rules (see tokenize.h):
//   - letters (L*), marks (M*) and numbers (N*) form words; a mark never starts a word (a mark
//     with no base, such as U+FE0F after an emoji, is dropped);
//   - an apostrophe (U+0027, U+2019) or hyphen (U+002D, U+2010, U+2011) stays inside a word when
//     it follows a letter or mark and precedes a letter ("don't", "kwa-heri");
//   - ZWNJ/ZWJ (U+200C/U+200D) stay inside a word once it has started (Indic conjuncts, Persian);
//   - symbols (S*) end a word and, with keep_symbols, are one-code-point tokens; punctuation
//     (P*, and an apostrophe or hyphen outside a word) likewise with keep_punctuation;
//   - everything else (spaces, punctuation, controls, other format characters) separates;
//   - a word that contains a letter or number of a space-less script is split into same-kind
//     sub-spans; space-less sub-spans go through ICU's word BreakIterator (dictionary-based for
//     Thai, Lao, Khmer, Myanmar and CJK), and only segments holding a letter or number are kept.
#include "text/tokenize.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "text/script.h"

namespace loka::text {
namespace {

enum class Cls : uint8_t {
  kSep, kLetter, kMark, kNumber, kSymbol, kApostrophe, kHyphen, kJoiner, kPunct
};

// A code point's tokenizer properties in one byte: its class in the low four bits and, for
// letters and numbers, the kind of script they belong to.
using Props = uint8_t;
constexpr Props kClsMask = 0x0F;
constexpr Props kSpacelessBit = 0x10;  // letter/number of a space-less script
constexpr Props kNeutralBit = 0x20;    // letter/number of the Common or Inherited script

constexpr Cls ClsOf(Props p) { return static_cast<Cls>(p & kClsMask); }

constexpr std::array<Props, 128> MakeAsciiTable() {
  std::array<Props, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = static_cast<Props>(Cls::kSep);
  for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<Props>(Cls::kLetter);
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<Props>(Cls::kLetter);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<Props>(Cls::kNumber) | kNeutralBit;
  for (char c : {'$', '+', '<', '=', '>', '^', '`', '|', '~'}) {  // Sc, Sm, Sk
    t[c] = static_cast<Props>(Cls::kSymbol);
  }
  for (char c : {'!', '"', '#', '%', '&', '(', ')', '*', ',', '.', '/', ':', ';', '?', '@', '[',
                 '\\', ']', '_', '{', '}'}) {  // P*
    t[c] = static_cast<Props>(Cls::kPunct);
  }
  t['\''] = static_cast<Props>(Cls::kApostrophe);
  t['-'] = static_cast<Props>(Cls::kHyphen);
  return t;
}
constexpr std::array<Props, 128> kAscii = MakeAsciiTable();

Cls ClassifyNonAscii(char32_t cp) {
  switch (cp) {
    case 0x2019: return Cls::kApostrophe;
    case 0x2010:
    case 0x2011: return Cls::kHyphen;
    case 0x200C:
    case 0x200D: return Cls::kJoiner;
    default: break;
  }
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: return Cls::kLetter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: return Cls::kMark;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return Cls::kNumber;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: return Cls::kSymbol;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION: return Cls::kPunct;
    default: return Cls::kSep;
  }
}

// Properties of a non-ASCII code point from ICU (General_Category and Script).
Props ComputeProps(char32_t cp) {
  const Cls cls = ClassifyNonAscii(cp);
  Props p = static_cast<Props>(cls);
  if (cls == Cls::kLetter || cls == Cls::kNumber) {
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(static_cast<UChar32>(cp), &err);
    if (U_FAILURE(err) || s == USCRIPT_COMMON || s == USCRIPT_INHERITED) {
      p |= kNeutralBit;
    } else if (IsSpacelessScript(s)) {
      p |= kSpacelessBit;
    }
  }
  return p;
}

// Properties of every BMP code point, computed once from ICU (about a millisecond) so the scan
// does one table load instead of two ICU calls per code point. Immutable after construction.
struct BmpTable {
  BmpTable() {
    for (char32_t cp = 0; cp < 0x80; ++cp) props[cp] = kAscii[cp];
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) props[cp] = ComputeProps(cp);
  }
  std::array<Props, 0x10000> props;
};

const BmpTable& Bmp() {
  static const BmpTable table;
  return table;
}

// DecodeUtf8 for a non-ASCII lead byte, inlined into the scan loop.
inline char32_t DecodeMultiByte(const unsigned char* p, size_t* pos) {
  const unsigned char b0 = p[0];
  if (b0 < 0xE0) {
    *pos += 2;
    return (char32_t{b0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
  }
  if (b0 < 0xF0) {
    *pos += 3;
    return (char32_t{b0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
  }
  *pos += 4;
  return (char32_t{b0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
         (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
}

// DecodeUtf8, inlined.
inline char32_t Decode(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + *pos;
  if (p[0] < 0x80) {
    ++*pos;
    return p[0];
  }
  return DecodeMultiByte(p, pos);
}

// Decodes the code point at *pos, advances past it, and returns its properties.
// REQUIRES: s is valid UTF-8 and *pos < s.size() is at a code point boundary.
inline Props Next(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + *pos;
  if (p[0] < 0x80) {
    ++*pos;
    return kAscii[p[0]];
  }
  const char32_t cp = DecodeMultiByte(p, pos);
  return cp < 0x10000 ? Bmp().props[cp] : ComputeProps(cp);
}

// 1 for a letter/number of a space-less script, 0 for one of another script, -1 for anything
// that takes the kind of its neighbours (marks, joiners, Common and Inherited code points).
int SpacelessKind(Props p) {
  const Cls cls = ClsOf(p);
  if ((cls != Cls::kLetter && cls != Cls::kNumber) || (p & kNeutralBit) != 0) return -1;
  return (p & kSpacelessBit) != 0 ? 1 : 0;
}

bool HasWordChar(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    const Cls c = ClsOf(Next(s, &pos));
    if (c == Cls::kLetter || c == Cls::kNumber) return true;
  }
  return false;
}

// Drops apostrophes, hyphens and joiners at either end of a sub-span cut out of a longer word.
std::string_view TrimJoiners(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e) {
    size_t pos = b;
    const Cls c = ClsOf(Next(s, &pos));
    if (c != Cls::kApostrophe && c != Cls::kHyphen && c != Cls::kJoiner) break;
    b = pos;
  }
  while (e > b) {
    size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t pos = start;
    const Cls c = ClsOf(Next(s, &pos));
    if (c != Cls::kApostrophe && c != Cls::kHyphen && c != Cls::kJoiner) break;
    e = start;
  }
  return s.substr(b, e - b);
}

// Per-thread word breaking: ICU's iterator, created on first use (null if ICU has no break data),
// and the UTF-16 copy of the span it reads. ICU walks UTF-16 text about a third faster than
// UTF-8 text, conversion included.
struct WordBreaker {
  WordBreaker() {
    UErrorCode err = U_ZERO_ERROR;
    iter.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err)) iter.reset();
  }
  std::unique_ptr<icu::BreakIterator> iter;
  std::vector<UChar> u16;
  std::vector<uint32_t> byte_at;  // byte offset in the span of each UTF-16 unit, then span size
};

WordBreaker& ThreadWordBreaker() {
  thread_local WordBreaker breaker;
  return breaker;
}

void BreakSpaceless(std::string_view span, std::vector<std::string_view>* tokens) {
  WordBreaker& wb = ThreadWordBreaker();
  if (wb.iter == nullptr || span.size() > INT32_MAX) {  // no break data: keep the run whole
    tokens->push_back(span);
    return;
  }
  wb.u16.clear();
  wb.byte_at.clear();
  size_t pos = 0;
  while (pos < span.size()) {
    const auto start = static_cast<uint32_t>(pos);
    const char32_t cp = Decode(span, &pos);
    if (cp < 0x10000) {
      wb.u16.push_back(static_cast<UChar>(cp));
      wb.byte_at.push_back(start);
    } else {
      wb.u16.push_back(U16_LEAD(cp));
      wb.u16.push_back(U16_TRAIL(cp));
      wb.byte_at.push_back(start);
      wb.byte_at.push_back(start);
    }
  }
  wb.byte_at.push_back(static_cast<uint32_t>(span.size()));

  UErrorCode err = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, wb.u16.data(), static_cast<int64_t>(wb.u16.size()), &err);
  wb.iter->setText(&ut, err);
  if (U_FAILURE(err)) {
    utext_close(&ut);
    tokens->push_back(span);
    return;
  }
  size_t prev = 0;
  for (int32_t cur = wb.iter->next(); cur != icu::BreakIterator::DONE; cur = wb.iter->next()) {
    const size_t b = wb.byte_at[prev];
    const size_t e = wb.byte_at[static_cast<size_t>(cur)];
    const std::string_view seg = span.substr(b, e - b);
    if (HasWordChar(seg)) tokens->push_back(seg);
    prev = static_cast<size_t>(cur);
  }
  utext_close(&ut);
}

void EmitSubSpan(std::string_view span, int kind, std::vector<std::string_view>* tokens) {
  if (kind == 1) {
    BreakSpaceless(span, tokens);
    return;
  }
  span = TrimJoiners(span);
  if (!span.empty()) tokens->push_back(span);
}

// Splits a word holding space-less letters into runs of one kind (neutrals join the run they
// are in; leading neutrals join the first run).
void SplitMixedWord(std::string_view word, std::vector<std::string_view>* tokens) {
  size_t sub_begin = 0;
  int sub_kind = -1;
  size_t pos = 0;
  while (pos < word.size()) {
    const size_t start = pos;
    const int kind = SpacelessKind(Next(word, &pos));
    if (kind == -1) continue;
    if (sub_kind == -1) {
      sub_kind = kind;
    } else if (kind != sub_kind) {
      EmitSubSpan(word.substr(sub_begin, start - sub_begin), sub_kind, tokens);
      sub_begin = start;
      sub_kind = kind;
    }
  }
  EmitSubSpan(word.substr(sub_begin), sub_kind, tokens);
}

}  // namespace

void Tokenize(std::string_view utf8, std::vector<std::string_view>* tokens,
              const TokenizeOptions& options) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t word_begin = kNone;
  bool spaceless = false;     // the open word holds a letter/number of a space-less script
  bool after_letter = false;  // the open word's last code point is a letter or mark

  auto close_word = [&](size_t end) {
    if (word_begin == kNone) return;
    const std::string_view w = utf8.substr(word_begin, end - word_begin);
    if (spaceless) {
      SplitMixedWord(w, tokens);
    } else {
      tokens->push_back(w);
    }
    word_begin = kNone;
  };

  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const Props props = Next(utf8, &pos);
    const Cls cls = ClsOf(props);
    switch (cls) {
      case Cls::kLetter:
      case Cls::kNumber:
        if (word_begin == kNone) {
          word_begin = start;
          spaceless = false;
        }
        spaceless |= (props & kSpacelessBit) != 0;
        after_letter = cls == Cls::kLetter;
        break;
      case Cls::kMark:
        if (word_begin != kNone) after_letter = true;
        break;
      case Cls::kJoiner: break;  // inside a word it stays; outside one it is dropped
      case Cls::kApostrophe:
      case Cls::kHyphen: {
        if (word_begin != kNone && after_letter && pos < utf8.size()) {
          size_t peek = pos;
          if (ClsOf(Next(utf8, &peek)) == Cls::kLetter) {
            after_letter = false;
            break;
          }
        }
        close_word(start);
        if (options.keep_punctuation) tokens->push_back(utf8.substr(start, pos - start));
        break;
      }
      case Cls::kPunct:
        close_word(start);
        if (options.keep_punctuation) tokens->push_back(utf8.substr(start, pos - start));
        break;
      case Cls::kSymbol:
        close_word(start);
        if (options.keep_symbols) tokens->push_back(utf8.substr(start, pos - start));
        break;
      case Cls::kSep: close_word(start); break;
    }
  }
  close_word(utf8.size());
}

}  // namespace loka::text
