// Word tokenization for any script. Letters, marks and digits form words; whitespace,
// punctuation and symbols separate them (emoji and other symbols become one-code-point tokens
// when keep_symbols is set). Runs of space-less scripts go through ICU's word BreakIterator.
#ifndef LOKA_TEXT_TOKENIZE_H_
#define LOKA_TEXT_TOKENIZE_H_

#include <string_view>
#include <vector>

namespace loka::text {

struct TokenizeOptions {
  bool keep_symbols = false;      // emit symbols/emoji (So, Sk, Sm, Sc) as single tokens
  bool keep_punctuation = false;  // emit punctuation (P*) as single tokens
};

// Appends views into `utf8` (which must outlive them), in order.
// REQUIRES: `utf8` is valid UTF-8 (typically the output of Normalize). Thread-safe.
void Tokenize(std::string_view utf8, std::vector<std::string_view>* tokens,
              const TokenizeOptions& options = {});

}  // namespace loka::text

#endif  // LOKA_TEXT_TOKENIZE_H_
