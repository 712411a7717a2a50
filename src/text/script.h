// Script detection: the Unicode script (ISO 15924) of each code point and maximal runs of one
// script. Common and Inherited code points (punctuation, digits, combining marks) join the run
// around them, as in UAX #24's script-run resolution.
#ifndef LOKA_TEXT_SCRIPT_H_
#define LOKA_TEXT_SCRIPT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace loka::text {

// ICU's UScriptCode value. USCRIPT_COMMON (0), USCRIPT_INHERITED (1) are the neutral ones.
using ScriptCode = int;

struct ScriptRun {
  ScriptCode script = 0;
  size_t begin = 0;  // byte offsets into the input, [begin, end)
  size_t end = 0;
  size_t letters = 0;  // code points of the run's own script (not Common/Inherited)
};

// REQUIRES: `utf8` is valid UTF-8.
std::vector<ScriptRun> ScriptRuns(std::string_view utf8);

// The script with the most letters, or Common (0) if there are no letters.
// REQUIRES: `utf8` is valid UTF-8.
ScriptCode DominantScript(std::string_view utf8);

// ISO 15924 four-letter code: "Latn", "Deva", "Ethi", "Olck", "Zyyy" for Common.
std::string ScriptName(ScriptCode script);

// True for scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao,
// Khmer, Myanmar, Tibetan, ...): these are segmented with ICU's dictionary word break.
bool IsSpacelessScript(ScriptCode script);

}  // namespace loka::text

#endif  // LOKA_TEXT_SCRIPT_H_
