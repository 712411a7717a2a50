// Mixed-language spans (code-switching): the text is cut into script runs; a run whose script
// has several languages is cut further by a Viterbi pass over its words, where each word's
// emission is its calibrated Naive Bayes log-likelihood for each of the run's most likely
// languages (clipped at -span_switch_penalty, so one word alone never makes a span) and every
// change of language between neighbouring words costs ModelConfig::span_switch_penalty nats.
// Each resulting group of words is then relabelled by identifying its own text.
#ifndef LOKA_LANGID_SPANS_H_
#define LOKA_LANGID_SPANS_H_

#include <string_view>

#include "langid/identifier.h"

namespace loka::langid {

class Classifier;

// Fills out->spans for valid UTF-8 `text`: spans in text order, not overlapping, each from the
// first byte of its first word to the last byte of its last word, with language ("und" when the
// run's script is unknown or has too few letters), script and probability (calibrated, of the
// span's own text being that language). Text without letters gives no spans. Thread-safe.
void Segment(const Classifier& classifier, std::string_view text, LangResult* out);

// Languages considered per script run (the run's most likely ones).
inline constexpr size_t kSpanCandidates = 16;

}  // namespace loka::langid

#endif  // LOKA_LANGID_SPANS_H_
