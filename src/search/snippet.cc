// Highlighted snippets (search/knowledge_base.h Snippet): the window of the passage with the
// most matched words, matched words between "**".
#include <algorithm>

#include "search/analyzer.h"
#include "search/knowledge_base.h"
#include "text/tokenize.h"
#include "text/utf8.h"

namespace loka::search {
namespace {

bool Matches(std::string_view word, const std::vector<std::string>& keys) {
  Result<std::vector<std::string>> own = MatchKeys(word);
  if (!own.ok()) return false;
  for (const std::string& k : *own) {
    if (std::binary_search(keys.begin(), keys.end(), k)) return true;
  }
  return false;
}

}  // namespace

std::string Snippet(std::string_view text, const std::vector<std::string>& keys,
                    size_t max_bytes, bool transliterate,
                    std::vector<std::pair<size_t, size_t>>* marks) {
  std::vector<std::string_view> words;
  text::Tokenize(text, &words);
  std::vector<bool> hit(words.size());
  bool any = false;
  for (size_t i = 0; i < words.size(); ++i) {
    hit[i] = Matches(words[i], keys);
    any = any || hit[i];
  }
  // A romanized query matches the transliteration: highlight the words whose own
  // transliteration matches.
  if (!any && transliterate) {
    Result<std::vector<std::vector<std::string>>> latin = LatinKeysOfWords(words);
    for (size_t i = 0; latin.ok() && i < words.size(); ++i) {
      for (const std::string& k : (*latin)[i]) {
        if (std::binary_search(keys.begin(), keys.end(), k)) hit[i] = true;
      }
    }
  }
  auto offset = [&](size_t i) { return static_cast<size_t>(words[i].data() - text.data()); };
  // The window start (a word) that covers the most hits within max_bytes.
  size_t best_start = 0, best_hits = 0;
  for (size_t s = 0; s < words.size(); ++s) {
    if (!hit[s]) continue;
    size_t n = 0;
    for (size_t j = s; j < words.size() && offset(j) + words[j].size() - offset(s) <= max_bytes;
         ++j) {
      n += hit[j] ? 1 : 0;
    }
    if (n > best_hits) {
      best_hits = n;
      best_start = s;
    }
  }
  size_t first = best_start >= 3 ? best_start - 3 : 0;  // a little context before
  // A window that reaches the passage's end starts as early as max_bytes allows: a passage
  // that fits is shown whole.
  while (first > 0 && text.size() - offset(first - 1) <= max_bytes) --first;
  const size_t begin = first == 0 ? 0 : offset(first);
  std::string out;
  if (begin > 0) out += "… ";
  size_t pos = begin;
  size_t end = text.size();
  for (size_t i = first; i < words.size(); ++i) {
    const size_t w_begin = offset(i), w_end = w_begin + words[i].size();
    if (w_end - begin > max_bytes) {
      if (i == first) {
        // A single word longer than the snippet: its beginning, cut between code points.
        out.append(text.substr(pos, w_begin - pos));
        out.append(text::Utf8PrefixBytes(words[i], max_bytes));
        out += "…";
        return out;
      }
      end = pos;
      break;
    }
    out.append(text.substr(pos, w_begin - pos));
    if (hit[i]) {
      out += "**";
      if (marks != nullptr) marks->emplace_back(out.size(), out.size() + words[i].size());
      out.append(words[i]);
      out += "**";
    } else {
      out.append(words[i]);
    }
    pos = w_end;
  }
  if (end == text.size()) {
    out.append(text.substr(pos));
  } else {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += " …";
  }
  return out;
}

}  // namespace loka::search
