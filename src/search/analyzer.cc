// Match keys and index terms (search/analyzer.h), over loka's text layer and ICU.
#include "search/analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <memory>

#include "core/hash.h"
#include "text/normalize.h"
#include "text/script.h"
#include "text/tokenize.h"
#include "text/utf8.h"

namespace loka::search {
namespace {

constexpr uint64_t kWordSeed = 0x6b62776f7264ULL;  // the seeds keep term families apart
constexpr uint64_t kPairSeed = 0x6b6270616972ULL;
constexpr uint64_t kGramSeed = 0x6b626772616dULL;
constexpr size_t kWordTermChars = 8;  // 40 bits: collisions among a site's words are negligible
constexpr size_t kGramTermChars = 6;  // 30 bits: n-grams are far fewer than words

std::string Term(uint64_t h, size_t chars) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuv";
  std::string out(chars, '0');
  for (size_t i = 0; i < chars; ++i, h >>= 5) out[i] = kDigits[h & 31];
  return out;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// `word` without nonspacing marks (NFD, Mn removed, NFC). ASCII words come back unchanged.
std::string StripMarks(std::string_view word) {
  if (IsAscii(word)) return std::string(word);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(word);
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  icu::UnicodeString decomposed = nfd->normalize(in, err);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 cp = decomposed.char32At(i);
    if (u_charType(cp) != U_NON_SPACING_MARK) kept.append(cp);
    i += U16_LENGTH(cp);
  }
  icu::UnicodeString composed = nfc->normalize(kept, err);
  if (U_FAILURE(err)) return std::string(word);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

// One transliterator per thread: ICU's are not documented as safe for concurrent use, and
// building one takes milliseconds, too slow per passage.
icu::Transliterator* ToLatin() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII", UTRANS_FORWARD, err));
    if (U_FAILURE(err)) made.reset();
    return made;
  }();
  return t.get();
}

bool HasNonLatinLetters(std::string_view utf8) {
  for (const text::ScriptRun& run : text::ScriptRuns(utf8)) {
    if (run.letters > 0 && run.script != USCRIPT_LATIN) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> MatchKeys(std::string_view utf8) {
  text::NormalizeOptions no;
  no.fold_digits = false;  // "article 25" must not match "article 13"
  LOKA_ASSIGN_OR_RETURN(std::string normalized, text::Normalize(utf8, no));
  std::vector<std::string_view> words;
  text::Tokenize(normalized, &words);
  std::vector<std::string> keys;
  keys.reserve(words.size());
  for (std::string_view w : words) {
    std::string key = StripMarks(w);
    if (!key.empty()) keys.push_back(std::move(key));
  }
  return keys;
}

Result<std::vector<std::string>> LatinKeys(std::string_view utf8) {
  LOKA_RETURN_IF_ERROR(text::ValidateUtf8(utf8));
  if (!HasNonLatinLetters(utf8)) return std::vector<std::string>();
  icu::Transliterator* t = ToLatin();
  if (t == nullptr) return Internal("ICU has no Any-Latin transliterator");
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  t->transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  return MatchKeys(latin);
}

Result<std::vector<std::vector<std::string>>> LatinKeysOfWords(
    const std::vector<std::string_view>& words) {
  std::string joined;
  for (std::string_view w : words) {
    LOKA_RETURN_IF_ERROR(text::ValidateUtf8(w));
    if (w.find('\n') != std::string_view::npos) return InvalidArgument("a word holds a newline");
    joined.append(w);
    joined += '\n';
  }
  std::vector<std::vector<std::string>> out(words.size());
  if (!HasNonLatinLetters(joined)) return out;
  icu::Transliterator* t = ToLatin();
  if (t == nullptr) return Internal("ICU has no Any-Latin transliterator");
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(joined.data(), static_cast<int32_t>(joined.size())));
  t->transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  size_t pos = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const size_t nl = latin.find('\n', pos);
    if (nl == std::string::npos) return Internal("transliteration lost a word boundary");
    if (HasNonLatinLetters(words[i])) {
      LOKA_ASSIGN_OR_RETURN(out[i], MatchKeys(std::string_view(latin).substr(pos, nl - pos)));
    }
    pos = nl + 1;
  }
  return out;
}

void AppendWordTerms(const std::vector<std::string>& keys, std::vector<std::string>* out) {
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint64_t h = Hash64(keys[i], kWordSeed);
    out->push_back(Term(h, kWordTermChars));
    if (i + 1 < keys.size()) {
      out->push_back(Term(HashCombine(h ^ kPairSeed, Hash64(keys[i + 1], kWordSeed)),
                          kWordTermChars));
    }
  }
}

bool SpacelessKey(std::string_view key) {
  for (size_t pos = 0; pos < key.size();) {
    const UChar32 cp = static_cast<UChar32>(text::DecodeUtf8(key, &pos));
    UErrorCode err = U_ZERO_ERROR;
    switch (uscript_getScript(cp, &err)) {
      case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      case USCRIPT_TIBETAN: case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA:
        return true;
      case USCRIPT_COMMON: case USCRIPT_INHERITED:
        continue;
      default:
        return false;
    }
  }
  return false;
}

namespace {

// Appends the code-point 3-grams of `s` (`s` itself when it has three or fewer).
void AppendGrams(std::string_view s, std::vector<size_t>* starts, std::vector<std::string>* out) {
  starts->clear();
  for (size_t pos = 0; pos < s.size();) {
    starts->push_back(pos);
    text::DecodeUtf8(s, &pos);
  }
  starts->push_back(s.size());
  const size_t cps = starts->size() - 1;
  if (cps <= 3) {
    out->push_back(Term(Hash64(s, kGramSeed), kGramTermChars));
    return;
  }
  for (size_t i = 0; i + 3 <= cps; ++i) {
    const std::string_view gram = s.substr((*starts)[i], (*starts)[i + 3] - (*starts)[i]);
    out->push_back(Term(Hash64(gram, kGramSeed), kGramTermChars));
  }
}

}  // namespace

void AppendGramTerms(const std::vector<std::string>& keys, std::vector<std::string>* out) {
  std::vector<size_t> starts;  // byte offset of each code point, and the end
  std::string run;
  for (size_t i = 0; i < keys.size();) {
    if (!SpacelessKey(keys[i])) {
      AppendGrams("<" + keys[i] + ">", &starts, out);
      ++i;
      continue;
    }
    run.clear();
    for (; i < keys.size() && SpacelessKey(keys[i]); ++i) run += keys[i];
    AppendGrams(run, &starts, out);
  }
}

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string out;
  out.reserve(terms.size() * (kWordTermChars + 1));
  for (const std::string& t : terms) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

}  // namespace loka::search
