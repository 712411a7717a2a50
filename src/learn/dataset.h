// Labelled text for training and testing: TSV `label<TAB>text` or fastText `__label__x text`
// lines, the format detected once per file from its first non-empty line. Lines may end in
// CRLF; a UTF-8 byte-order mark at the start of the file is skipped, not read as part of the
// first label.
#ifndef LOKA_LEARN_DATASET_H_
#define LOKA_LEARN_DATASET_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::learn {

enum class LabelledFormat { kTsv, kFastText };

struct LabelledText {
  std::string label;
  std::string text;
};

struct ReadOptions {
  bool strict = false;           // first bad line is a fatal error instead of a skip
  size_t max_reported = 10;      // bad lines passed to `on_bad_line`, the rest only counted
  // Called for each reported bad line with a message like "train.tsv line 12: no label".
  std::function<void(const std::string&)> on_bad_line;
};

struct ReadStats {
  size_t lines = 0;
  size_t kept = 0;
  size_t skipped = 0;       // bad lines: no label, no text, malformed UTF-8
  size_t empty = 0;         // blank lines (ignored, not errors)
  size_t extra_labels = 0;  // fastText lines with more than one label: the first is kept
  LabelledFormat format = LabelledFormat::kTsv;
};

// The rule every labelled row meets, read from a file or given one by one (the node's
// {"label", "text"} rows): label and text trimmed of spaces, tabs, CRs and line feeds at both
// ends, neither empty, and the label without a tab or line break. Trims `row` in place.
// Errors: invalid_argument with the reason alone ("empty text"); callers name the row.
Status NormalizeLabelledText(LabelledText* row);

// The label as NormalizeLabelledText leaves it (trimmed), so that two spellings count as one
// label wherever labels are counted before rows are built. A view into `label`.
std::string_view NormalizedLabel(std::string_view label);

// The text of a line given to predict: without the leading fastText "__label__x" tokens (and
// the white space after them), as fastText's own predict reads a line, so that a labelled test
// file can be predicted without its labels becoming features of the text. A line that does not
// start with "__label__x" is returned whole. A view into `line`.
std::string_view WithoutFastTextLabels(std::string_view line);

// Calls `on_line` once for every non-blank line of `content` in order, with the label
// ParseLabelled would keep for it (a view into `content`), or "" when the line is bad; the text
// is not copied. Stops early when `on_line` returns false; returns false then, else true.
bool ForEachLabel(std::string_view content,
                  const std::function<bool(std::string_view label)>& on_line);

// Parses labelled lines from `content`; `name` prefixes messages. Errors: invalid_argument
// for the first bad line when strict, or when no line is usable.
Result<std::vector<LabelledText>> ParseLabelled(std::string_view content, const std::string& name,
                                                const ReadOptions& options, ReadStats* stats);

// Reads and parses a file ("-" reads stdin).
Result<std::vector<LabelledText>> ReadLabelledFile(const std::string& path,
                                                   const ReadOptions& options, ReadStats* stats);

// Reads a whole file or stdin ("-").
Result<std::string> ReadInput(const std::string& path);

}  // namespace loka::learn

#endif  // LOKA_LEARN_DATASET_H_
