// The staff's corrections joined to a desk model's training data (helpline/corrections.h).
#include "helpline/corrections.h"

#include <algorithm>
#include <unordered_map>

#include "text/normalize.h"

namespace loka::helpline {

std::string CorrectionKey(std::string_view text) {
  Result<std::string> normalized = text::Normalize(text);
  const std::string& s = normalized.ok() ? *normalized : std::string(text);
  std::string key;
  key.reserve(s.size());
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !key.empty();
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    key.push_back(c);
  }
  return key;
}

JoinedRows JoinCorrections(std::vector<learn::LabelledText> original,
                           const std::vector<store::CorrectionRecord>& corrections) {
  JoinedRows out;
  // The last correction of each text: its index in `corrections`.
  std::unordered_map<std::string, size_t> last;
  size_t counted = 0;
  for (size_t i = 0; i < corrections.size(); ++i) {
    std::string key = CorrectionKey(corrections[i].text);
    if (key.empty()) continue;
    ++counted;
    last[std::move(key)] = i;
  }
  out.corrected_texts = last.size();
  out.superseded = counted - last.size();
  for (learn::LabelledText& row : original) {
    if (last.count(CorrectionKey(row.text)) != 0) {
      ++out.replaced;
      continue;
    }
    out.original.push_back(std::move(row));
  }
  std::vector<size_t> order;
  order.reserve(last.size());
  for (const auto& entry : last) order.push_back(entry.second);
  std::sort(order.begin(), order.end());
  for (const size_t i : order) out.corrections.push_back({corrections[i].desk, corrections[i].text});
  return out;
}

}  // namespace loka::helpline
