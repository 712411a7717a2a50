// How the staff's desk corrections join a desk model's training data for its next version: the
// policy lives here, once, for the node's training route and for tests (docs/helpline.md,
// "Learning from corrections").
//
// Thread contract: pure functions.
#ifndef LOKA_HELPLINE_CORRECTIONS_H_
#define LOKA_HELPLINE_CORRECTIONS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "learn/dataset.h"
#include "store/helpline.h"

namespace loka::helpline {

struct JoinedRows {
  // The original rows whose text no correction relabels, in their order.
  std::vector<learn::LabelledText> original;
  // One row per corrected text with the desk a person gave it last, in the order of those last
  // corrections. Trained on once, like any row: on the demo data, 12 corrected held-out lines
  // the model had misrouted all went to their new desk after retraining, and the accuracy on
  // 318 other held-out lines rose from 0.758 to 0.862 (tests/helpline/corrections_test.cc);
  // with two or three copies of each it was 0.855 and 0.862, so corrections are not weighted.
  std::vector<learn::LabelledText> corrections;
  size_t corrected_texts = 0;  // distinct texts among the corrections
  size_t replaced = 0;    // original rows dropped because a correction relabels their text
  size_t superseded = 0;  // corrections a later one of the same text overrode
};

// The text as corrections and training rows are matched: NFKC with case folding and digits
// folded (text/normalize.h, as the models see it), runs of white space as one space, trimmed.
// A text that does not normalize (malformed UTF-8) is its own key.
std::string CorrectionKey(std::string_view text);

// Joins `corrections` (oldest first, as HelplineStore::ListCorrections gives them; a
// confirmation is a correction to the suggested desk) to a model's `original` rows:
// - the last correction of a text wins (a person may change their mind or a colleague's);
// - an original row with the text of a correction is dropped: the person's desk replaces the
//   label the data gave it;
// - a correction whose text was erased (blank) is left out.
JoinedRows JoinCorrections(std::vector<learn::LabelledText> original,
                           const std::vector<store::CorrectionRecord>& corrections);

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_CORRECTIONS_H_
