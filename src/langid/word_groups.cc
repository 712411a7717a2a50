// Word groups for the trainer (word_groups.h): the groups from the held-out confusions, their
// words and log-odds, and each group's fitted weight.
#include "langid/word_groups.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "langid/classifier.h"
#include "langid/cleanup.h"
#include "langid/ngrams.h"
#include "text/tokenize.h"

namespace loka::langid {
namespace {

// A word's probability in a language is the mean of its relative frequencies in the
// language's profiles (each profile weighs the same, as each has a table of its own: a large
// software-string or word-list profile does not drown the everyday phrases), plus
// kWordSmoothing, renormalized. 5e-6 is about 0.1 occurrence in 20,000 words. Against counts
// pooled over the profiles, in a prototype over the default model's two best candidates (Malay /
// Indonesian and the Nguni languages, 1,000 words a group): 37 -> 34 errors on the clean lines
// of everyday dev8-dev11, 21 -> 29 lines gained over all lines of dev to dev11; in the trainer,
// with weights then fitted on the held-out log-likelihood, 44 errors either way
// (docs/langid.md, "A fourteenth run").
constexpr double kWordSmoothing = 5e-6;

// The weights a word group's log-odds may get (nats of score per nat of log-odds); 0 drops the
// group. The score's n-gram evidence counts every character about five times over (hence
// temperatures of 9 to 66), so a word's log-odds weigh several times a nat of score.
constexpr double kWordWeightGrid[] = {0, 1, 2, 5, 10, 20, 40, 80};

// A language joins a group (ChooseWordGroups, join_share) only when its held-out confusions
// with the group's members are also at least this share of the group's most confused pair:
// each language more costs a byte a word, and a variety the held-out lines seldom confuse
// gains little from it. In the default model's data this keeps out Montenegrin (145 confusions
// with Bosnian / Croatian against their 1,700; 60 % of its own) and Papuan Malay (70 with Malay
// / Indonesian against 1,553; 68 % of its own), and lets in Ndebele (697 against Xhosa /
// Zulu's 873), Swati (667) and Bulgarian (721 against Macedonian / Serbian's 1,154).
constexpr double kJoinMinPairShare = 0.25;

size_t Confused(const PairConfusions& confusions, uint16_t a, uint16_t b) {
  const auto it = confusions.find(LanguagePair(a, b));
  return it == confusions.end() ? 0 : it->second;
}

}  // namespace

std::vector<std::vector<uint16_t>> ChooseWordGroups(
    const PairConfusions& confusions, uint32_t pairs,
    double join_share) {
  std::vector<std::pair<size_t, std::pair<uint16_t, uint16_t>>> ranked;
  for (const auto& [pair, n] : confusions) ranked.push_back({n, pair});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::vector<uint16_t>> groups;
  std::map<uint16_t, size_t> group_of;
  for (size_t i = 0; i < ranked.size() && i < pairs; ++i) {
    const auto [a, b] = ranked[i].second;
    const auto ia = group_of.find(a), ib = group_of.find(b);
    if (ia == group_of.end() && ib == group_of.end()) {
      group_of[a] = group_of[b] = groups.size();
      groups.push_back({a, b});
    } else if (ia != group_of.end() && ib != group_of.end()) {
      const size_t ga = ia->second, gb = ib->second;
      if (ga == gb || groups[ga].size() + groups[gb].size() > kMaxGroupLanguages) continue;
      for (const uint16_t l : groups[gb]) group_of[l] = ga;
      groups[ga].insert(groups[ga].end(), groups[gb].begin(), groups[gb].end());
      groups[gb].clear();
    } else {
      const uint16_t fresh = ia == group_of.end() ? a : b;
      const size_t g = ia == group_of.end() ? ib->second : ia->second;
      if (groups[g].size() + 1 > kMaxGroupLanguages) continue;
      group_of[fresh] = g;
      groups[g].push_back(fresh);
    }
  }
  if (join_share > 0) {
    // Every language's held-out confusions, with any other.
    std::map<uint16_t, size_t> total;
    for (const auto& [pair, n] : confusions) {
      total[pair.first] += n;
      total[pair.second] += n;
    }
    // Joins one language at a time, ascending ids, until none joins: a language that joined
    // counts for the next (Swati is confused with Ndebele as well as with Xhosa and Zulu).
    for (bool joined = true; joined;) {
      joined = false;
      for (const auto& [l, all] : total) {
        if (group_of.count(l)) continue;
        size_t best_group = SIZE_MAX, best = 0;
        for (size_t g = 0; g < groups.size(); ++g) {
          if (groups[g].empty() || groups[g].size() >= kMaxGroupLanguages) continue;
          size_t with = 0, strongest = 0;
          for (size_t i = 0; i < groups[g].size(); ++i) {
            with += Confused(confusions, l, groups[g][i]);
            for (size_t j = i + 1; j < groups[g].size(); ++j) {
              strongest = std::max(strongest, Confused(confusions, groups[g][i], groups[g][j]));
            }
          }
          if (static_cast<double>(with) < join_share * static_cast<double>(all) ||
              static_cast<double>(with) < kJoinMinPairShare * static_cast<double>(strongest)) {
            continue;
          }
          if (with > best) {
            best = with;
            best_group = g;
          }
        }
        if (best_group == SIZE_MAX) continue;
        group_of[l] = best_group;
        groups[best_group].push_back(l);
        joined = true;
        break;
      }
    }
  }
  std::vector<std::vector<uint16_t>> out;
  for (std::vector<uint16_t>& g : groups) {
    if (g.empty()) continue;
    std::sort(g.begin(), g.end());
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<uint32_t> WordGroupWords(
    const std::vector<std::vector<uint16_t>>& groups,
    const PairConfusions& confusions, uint32_t words,
    uint64_t bytes) {
  std::vector<uint32_t> out(groups.size(), words);
  if (bytes == 0) return out;
  std::vector<double> within(groups.size(), 0.0);
  double all = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    for (size_t i = 0; i < groups[g].size(); ++i) {
      for (size_t j = i + 1; j < groups[g].size(); ++j) {
        within[g] += static_cast<double>(Confused(confusions, groups[g][i], groups[g][j]));
      }
    }
    all += within[g];
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    // A word costs its 16-bit hash and an int8 for every language but the last.
    const double share = all > 0 ? within[g] / all : 1.0 / static_cast<double>(groups.size());
    const double per_word = 2.0 + static_cast<double>(groups[g].size() - 1);
    out[g] = std::max<uint32_t>(
        1, static_cast<uint32_t>(std::floor(static_cast<double>(bytes) * share / per_word)));
  }
  return out;
}

Result<WordGroup> CountWordGroup(const std::vector<uint16_t>& languages,
                                 const std::vector<WordLine>& lines, bool heldout_too,
                                 uint32_t max_words, const PairConfusions* confusions) {
  const size_t n = languages.size();
  // Each pair of the group's languages weighs its held-out confusions in a word's evidence
  // (all alike without them, or when the group's languages were never confused).
  std::vector<double> pair_weight(n * n, 0.0);
  double pair_total = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const double c =
          confusions ? static_cast<double>(Confused(*confusions, languages[i], languages[j])) : 1;
      pair_weight[i * n + j] = c;
      pair_total += c;
    }
  }
  if (pair_total == 0) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) pair_weight[i * n + j] = 1;
    }
    pair_total = static_cast<double>(n * (n - 1) / 2);
  }
  // Slots: the profiles of the group's languages, ascending, each with its language's index.
  std::map<uint32_t, size_t> profile_language;
  for (const WordLine& line : lines) {
    const auto it = std::lower_bound(languages.begin(), languages.end(), line.language);
    if (it != languages.end() && *it == line.language) {
      profile_language[line.profile] = static_cast<size_t>(it - languages.begin());
    }
  }
  std::map<uint32_t, size_t> slot_of;
  std::vector<size_t> slot_language;
  for (const auto& [profile, k] : profile_language) {
    slot_of[profile] = slot_language.size();
    slot_language.push_back(k);
  }
  const size_t slots = slot_language.size();
  std::map<std::string, std::vector<double>> counts;  // word -> count per slot
  std::vector<double> totals(slots, 0.0);
  std::vector<std::string_view> tokens;
  for (const WordLine& line : lines) {
    if (line.heldout && !heldout_too) continue;
    const auto it = slot_of.find(line.profile);
    if (it == slot_of.end()) continue;
    const size_t slot = it->second;
    LOKA_ASSIGN_OR_RETURN(const std::string norm, NormalizeForNgrams(line.text));
    tokens.clear();
    text::Tokenize(norm, &tokens);
    for (const std::string_view t : tokens) {
      std::vector<double>& v = counts[std::string(t)];
      if (v.empty()) v.assign(slots, 0.0);
      v[slot] += 1;
      totals[slot] += 1;
    }
  }
  std::vector<double> profiles(n, 0.0);
  for (size_t s = 0; s < slots; ++s) profiles[slot_language[s]] += totals[s] > 0 ? 1 : 0;
  const double vocab = static_cast<double>(counts.size());
  struct Ranked {
    double evidence;
    uint16_t hash;
    std::vector<double> weights;
  };
  std::vector<Ranked> ranked;
  double largest = 0;
  for (const auto& [word, v] : counts) {
    Ranked r;
    r.weights.resize(n);
    std::vector<double> mixed(n, 0.0);
    double mean = 0, total = 0;
    for (size_t s = 0; s < slots; ++s) {
      if (totals[s] == 0) continue;
      mixed[slot_language[s]] += v[s] / totals[s] / profiles[slot_language[s]];
      total += v[s];
    }
    for (size_t k = 0; k < n; ++k) {
      r.weights[k] = std::log((mixed[k] + kWordSmoothing) / (1 + kWordSmoothing * vocab));
      mean += r.weights[k] / static_cast<double>(n);
    }
    for (double& w : r.weights) w -= mean;
    double separation = 0;  // the mean |log-odds| between two of the group's languages
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        separation += pair_weight[i * n + j] * std::fabs(r.weights[i] - r.weights[j]);
      }
    }
    r.evidence = total * separation / pair_total;
    std::vector<uint16_t> h;
    WordHashes(word, &h);
    r.hash = h.empty() ? 0 : h[0];
    if (h.size() != 1) continue;
    ranked.push_back(std::move(r));
  }
  // Ties by hash, so the order never depends on the map's.
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.evidence > b.evidence || (a.evidence == b.evidence && a.hash < b.hash);
  });
  std::set<uint16_t> seen;
  std::vector<const Ranked*> kept;
  for (const Ranked& r : ranked) {
    if (kept.size() >= max_words) break;
    if (!seen.insert(r.hash).second) continue;
    kept.push_back(&r);
    for (const double w : r.weights) largest = std::max(largest, std::fabs(w));
  }
  std::sort(kept.begin(), kept.end(),
            [](const Ranked* a, const Ranked* b) { return a->hash < b->hash; });
  WordGroup g;
  g.languages = languages;
  const double unit = largest > 0 ? largest / 127 : 1;  // nats of log-odds per int8 step
  g.step = static_cast<float>(unit);  // FitWordWeights scales it
  for (const Ranked* r : kept) {
    g.words.push_back(r->hash);
    for (size_t k = 0; k + 1 < n; ++k) {  // the last is minus their sum (centred weights)
      g.weights.push_back(
          static_cast<int8_t>(std::lround(std::clamp(r->weights[k] / unit, -127.0, 127.0))));
    }
  }
  return g;
}

Result<std::vector<double>> FitWordWeights(
    ModelData held, const std::vector<WordGroup>& groups,
    const std::vector<std::pair<std::string_view, uint16_t>>& texts) {
  LOKA_ASSIGN_OR_RETURN(const std::string plain_bytes, SerializeModel(held));
  LOKA_ASSIGN_OR_RETURN(ModelView plain_view, ParseModel(plain_bytes, "held-out model"));
  const Classifier plain(std::move(plain_view));
  held.word_groups = groups;
  for (WordGroup& g : held.word_groups) g.step = 1.f;  // exact integer sums in the scores
  LOKA_ASSIGN_OR_RETURN(const std::string word_bytes, SerializeModel(held));
  LOKA_ASSIGN_OR_RETURN(ModelView word_view, ParseModel(word_bytes, "held-out word model"));
  const Classifier words(std::move(word_view));
  const std::vector<int16_t>& group_of = words.view().language_group;
  struct Example {
    std::vector<float> scores;  // minus the best
    std::vector<float> sums;    // the group's word sum per candidate, 0 outside it
    size_t gold;
  };
  std::vector<std::vector<Example>> examples(groups.size());
  RawScores a, b;
  for (const auto& [t, gold] : texts) {
    if (gold >= group_of.size() || group_of[gold] < 0) continue;
    LOKA_RETURN_IF_ERROR(plain.Score(t, &a));
    if (a.evidence != Evidence::kModel) continue;
    LOKA_RETURN_IF_ERROR(words.Score(t, &b));
    const std::vector<uint16_t>& langs = plain.view().script_languages[a.script_record].languages;
    const auto it = std::lower_bound(langs.begin(), langs.end(), gold);
    if (it == langs.end() || *it != gold) continue;
    Example e;
    e.gold = static_cast<size_t>(it - langs.begin());
    const double top = *std::max_element(a.scores.begin(), a.scores.end());
    int group = -1;
    for (size_t i = 0; i < langs.size(); ++i) {
      e.scores.push_back(static_cast<float>(a.scores[i] - top));
      e.sums.push_back(static_cast<float>(b.scores[i] - a.scores[i]));
      if (e.sums.back() != 0.f) group = group_of[langs[i]];
    }
    if (group < 0) continue;  // no word of the group, or not its two best languages
    examples[static_cast<size_t>(group)].push_back(std::move(e));
  }
  std::vector<double> weights(groups.size(), 0.0);
  for (size_t g = 0; g < groups.size(); ++g) {
    size_t best = SIZE_MAX;
    for (const double w : kWordWeightGrid) {
      const double x = w * static_cast<double>(groups[g].step);
      size_t wrong = 0;
      for (const Example& e : examples[g]) {
        const double gold = e.scores[e.gold] + x * e.sums[e.gold];
        for (size_t i = 0; i < e.scores.size(); ++i) {
          if (e.scores[i] + x * e.sums[i] > gold) {
            ++wrong;
            break;
          }
        }
      }
      if (wrong < best) {
        best = wrong;
        weights[g] = w;
      }
    }
  }
  return weights;
}


}  // namespace loka::langid
