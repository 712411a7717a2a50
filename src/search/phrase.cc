// Phrase text and its local alignment (search/phrase.h).
#include "search/phrase.h"

#include <algorithm>

#include "search/analyzer.h"
#include "text/utf8.h"

namespace loka::search {

std::u32string PhraseText(const std::vector<std::string>& keys) {
  std::u32string out;
  bool previous_spaceless = true;  // no space before a first key in a spaceless script
  for (const std::string& key : keys) {
    const bool spaceless = SpacelessKey(key);
    if (!(spaceless && previous_spaceless)) out += U' ';
    for (size_t pos = 0; pos < key.size();) out += text::DecodeUtf8(key, &pos);
    previous_spaceless = spaceless;
  }
  if (!keys.empty() && !previous_spaceless) out += U' ';
  return out;
}

int PhraseAlignment(std::u32string_view query, std::u32string_view passage) {
  if (query.empty() || passage.empty()) return 0;
  // One row per query code point over the passage: row[j] is the best alignment ending at
  // query[i - 1] and passage[j - 1].
  std::vector<int> previous(passage.size() + 1, 0), row(passage.size() + 1, 0);
  int best = 0;
  for (size_t i = 1; i <= query.size(); ++i) {
    row[0] = 0;
    const char32_t q = query[i - 1];
    for (size_t j = 1; j <= passage.size(); ++j) {
      int s = previous[j - 1] + (q == passage[j - 1] ? 1 : -1);  // match or substitution
      s = std::max(s, previous[j] - 1);                           // query letter not in passage
      s = std::max(s, row[j - 1] - 1);                            // passage letter not in query
      s = std::max(s, 0);
      row[j] = s;
      best = std::max(best, s);
    }
    std::swap(previous, row);
  }
  return best;
}

double PhraseShare(std::u32string_view query, std::u32string_view passage) {
  if (query.empty()) return 0;
  return static_cast<double>(PhraseAlignment(query, passage)) / static_cast<double>(query.size());
}

}  // namespace loka::search
