// Blocks -> passages of bounded size (search/passages.h).
#include "search/passages.h"

#include <array>
#include <string_view>

namespace loka::search {
namespace {

// Sentence ends followed by a space, and CJK full stops that need none.
constexpr std::array<std::string_view, 8> kSentenceEnds = {". ", "? ", "! ", "\xE0\xA5\xA4 ",
                                                           "\xE1\x8D\xA2 ", "\xE3\x80\x82",
                                                           "\xEF\xBC\x81", "\xEF\xBC\x9F"};

// Bytes of `s` (longer than `max`) to put in the next passage: > 0 and <= max.
size_t CutAt(std::string_view s, size_t max) {
  const std::string_view head = s.substr(0, max);
  size_t best = 0;
  for (std::string_view end : kSentenceEnds) {
    const size_t at = head.rfind(end);
    if (at != std::string_view::npos && at + end.size() > best) best = at + end.size();
  }
  if (best >= max / 3) return best;
  const size_t space = head.rfind(' ');
  if (space != std::string_view::npos && space >= max / 3) return space + 1;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut > 0 ? cut : max;
}

}  // namespace

std::vector<Passage> SplitPassages(const std::vector<Block>& blocks,
                                   const PassageOptions& options) {
  std::vector<Passage> out;
  const size_t max = options.max_bytes < 16 ? 16 : options.max_bytes;
  for (const Block& b : blocks) {
    std::string_view rest = b.text;
    while (!rest.empty()) {
      const size_t n = rest.size() <= max ? rest.size() : CutAt(rest, max);
      std::string_view piece = rest.substr(0, n);
      while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
      if (!piece.empty()) out.push_back(Passage{b.heading, std::string(piece)});
      rest.remove_prefix(n);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
  }
  return out;
}

}  // namespace loka::search
