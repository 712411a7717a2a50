// Script runs from ICU's per-code-point Script property (uscript_getScript).
#include "text/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <utility>

#include "text/utf8.h"

namespace loka::text {
namespace {

bool IsNeutral(ScriptCode s) { return s == USCRIPT_COMMON || s == USCRIPT_INHERITED; }

ScriptCode ScriptOf(char32_t cp) {
  if (cp < 0x80) {  // ASCII: letters are Latin, everything else is Common
    const bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return letter ? USCRIPT_LATIN : USCRIPT_COMMON;
  }
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(static_cast<UChar32>(cp), &err);
  return U_FAILURE(err) ? USCRIPT_UNKNOWN : s;
}

}  // namespace

std::vector<ScriptRun> ScriptRuns(std::string_view utf8) {
  std::vector<ScriptRun> runs;
  if (utf8.empty()) return runs;
  ScriptRun cur;  // cur.script stays Common until the first non-neutral code point
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const ScriptCode s = ScriptOf(DecodeUtf8(utf8, &pos));
    if (IsNeutral(s)) continue;  // joins whatever run surrounds it
    if (IsNeutral(cur.script)) {
      cur.script = s;  // leading neutrals belong to the first real run
    } else if (s != cur.script) {
      cur.end = start;
      runs.push_back(cur);
      cur = ScriptRun{s, start, 0, 0};
    }
    ++cur.letters;
  }
  cur.end = utf8.size();
  runs.push_back(cur);
  return runs;
}

ScriptCode DominantScript(std::string_view utf8) {
  // Few scripts per text: a flat list beats a map. Ties go to the script seen first.
  std::vector<std::pair<ScriptCode, size_t>> counts;
  for (const ScriptRun& r : ScriptRuns(utf8)) {
    if (r.letters == 0) continue;
    bool found = false;
    for (auto& [script, n] : counts) {
      if (script == r.script) {
        n += r.letters;
        found = true;
        break;
      }
    }
    if (!found) counts.emplace_back(r.script, r.letters);
  }
  ScriptCode best = USCRIPT_COMMON;
  size_t best_n = 0;
  for (const auto& [script, n] : counts) {
    if (n > best_n) {
      best = script;
      best_n = n;
    }
  }
  return best;
}

std::string ScriptName(ScriptCode script) {
  const char* name = uscript_getShortName(static_cast<UScriptCode>(script));
  return name != nullptr ? std::string(name) : std::string("Zzzz");
}

bool IsSpacelessScript(ScriptCode script) {
  switch (script) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
    case USCRIPT_YI:
    case USCRIPT_JAVANESE:
    case USCRIPT_BALINESE:
    case USCRIPT_NEW_TAI_LUE:
    case USCRIPT_LANNA:  // Tai Tham
      return true;
    default: return false;
  }
}

}  // namespace loka::text
