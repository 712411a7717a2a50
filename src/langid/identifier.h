// Language identification: which language (ISO 639-3) and script (ISO 15924) a text is in,
// with a calibrated probability, "und" when the evidence is too weak, top-k candidates and
// optional spans for mixed-language text. Immutable after Load; safe to share between threads.
#ifndef LOKA_LANGID_IDENTIFIER_H_
#define LOKA_LANGID_IDENTIFIER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::langid {

struct Candidate {
  std::string language;  // ISO 639-3 code, or "und"
  float probability = 0.f;
};

struct Span {
  size_t begin = 0;  // byte offsets into the input text, [begin, end)
  size_t end = 0;
  std::string language;
  std::string script;
  float probability = 0.f;
};

struct IdentifyOptions {
  int k = 1;                  // candidates returned, most probable first
  bool spans = false;         // fill LangResult::spans
};

struct LangResult {
  std::string language = "und";  // best candidate, "und" when unsure
  float probability = 0.f;       // calibrated probability of `language`
  std::string script = "Zyyy";   // dominant script of the text
  std::vector<Candidate> candidates;  // k entries at most
  std::vector<Span> spans;            // when requested
};

class Identifier {
 public:
  // Loads (mmaps) a language-ID model file. Errors: not_found, corrupt, failed_precondition.
  static Result<Identifier> Load(const std::string& path);

  Identifier(Identifier&&) noexcept;
  Identifier& operator=(Identifier&&) noexcept;
  ~Identifier();

  // Identifies `text`. Fails only on malformed UTF-8 (invalid_argument naming the byte offset).
  // Empty text, digits, URLs, emoji or a single character give "und" or a low probability.
  Status Identify(std::string_view text, const IdentifyOptions& options, LangResult* out) const;

  // Languages the model knows (ISO 639-3), sorted.
  std::vector<std::string> Languages() const;

 private:
  struct Impl;
  explicit Identifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the language-ID model is when the caller names none: $LOKA_LANGID_MODEL when set and
// not empty, else models/langid.bin in the directory of the running executable (`make
// langid-model` writes build/models/langid.bin beside build/loka), or relative to the working
// directory when the executable's path cannot be read. The file may not exist: one named by the
// environment is the caller's choice and should load, the one beside the executable is optional.
struct DefaultModel {
  std::string path;
  bool from_environment = false;
};
DefaultModel FindDefaultModel();

}  // namespace loka::langid

#endif  // LOKA_LANGID_IDENTIFIER_H_
