// The knowledge base: documents in (text, Markdown, HTML, PDF), passages with heading path,
// language and script, ranked passages out. Ranking fuses two lists by reciprocal rank fusion:
//   lexical  the idf of the word terms (each match key and each pair of consecutive keys,
//            search/analyzer.h) a passage or its Latin transliteration holds, postings read
//            from FTS5; a native-script query can only match native words, a romanized one
//            matches the transliteration;
//   n-gram   the idf-weighted share of the query's code-point 3-grams a candidate holds: a
//            misspelt, inflected or differently romanized word keeps most of its 3-grams.
// FTS5's own bm25() is not used: it costs about 0.1 ms per matching row, seconds for a query
// whose 3-grams match most passages.
// The tables live in the node's SQLite file (store/kb.h). See docs/search.md.
//
// Thread-safe: KbStore serializes access to its connection; LanguageFn must be thread-safe.
#ifndef LOKA_SEARCH_KNOWLEDGE_BASE_H_
#define LOKA_SEARCH_KNOWLEDGE_BASE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "langid/identifier.h"
#include "search/extract.h"
#include "search/passages.h"
#include "store/kb.h"

namespace loka::search {

// Language and script of a passage (langid::Identifier::Identify, or a stand-in in tests). Must
// be safe to call from several threads at once.
using LanguageFn = std::function<Status(std::string_view text, langid::LangResult* out)>;

struct KbOptions {
  // Largest document accepted, in bytes. A file is checked by its size before it is read, so
  // a huge file costs no memory. 64 MiB holds any advisory or circular with its images; text
  // beyond that is better split into several documents.
  size_t max_document_bytes = 64u << 20;
  PassageOptions passages;
  // Passages per transaction when adding many documents: larger batches amortize the commit
  // (fsync) but hold the write lock longer.
  size_t batch_passages = 20000;
  // A query longer than this (bytes) is refused: a search box, not a document.
  size_t max_query_bytes = 2048;
  // Terms taken from a query (the first ones): bounds the work of one search.
  size_t max_query_keys = 32;
  // Candidates each ranker contributes to the fusion.
  size_t candidates = 50;
  // A term in more than this fraction of passages is skipped by the lexical ranker when the
  // query has a rarer one ("the", "of"): it separates little and has the longest postings.
  double max_term_fraction = 0.05;
  // Passages read per term at most: bounds a search's work on a huge knowledge base.
  size_t max_term_rows = 20000;
  // The n-gram ranker also takes the passages holding the query's `rare_grams` rarest 3-grams.
  size_t rare_grams = 8;
  // An n-gram candidate needs at least this idf-weighted share of the query's 3-grams: one
  // shared 3-gram ("em>" in "neem" and "mem") is noise, not evidence.
  double ngram_min_share = 0.3;
  // Reciprocal rank fusion: score = sum over rankers of weight / (rrf_k + rank), rank from 1.
  // 60 is the constant of Cormack et al. (SIGIR 2009); the lexical list weighs more because an
  // exact word pair is stronger evidence than shared 3-grams.
  double rrf_k = 60;
  double lexical_weight = 1.0;
  double ngram_weight = 0.6;
  size_t max_k = 100;  // largest k a search may ask for
  size_t snippet_bytes = 240;  // about the snippet's length
};

struct SearchOptions {
  size_t k = 10;
  std::vector<std::string> languages;  // ISO 639-3; empty = every language
};

struct SearchResult {
  std::string doc;  // the document's path as added
  int64_t passage_id = 0;
  int64_t ordinal = 0;  // the passage's position in its document
  std::string heading, text, language, script;
  std::string snippet;  // text around the matches, matched words between "**"
  double score = 0;     // fused score: higher is better
};

struct AddReport {
  std::string doc;
  store::KbPutOutcome outcome = store::KbPutOutcome::kAdded;
  size_t passages = 0;
  Status status;  // a document that failed (the others are still added)
};

class KnowledgeBase {
 public:
  // Opens (creating when needed) the knowledge base in the SQLite file `db_path`. `language`
  // may be null (passages are then "und", script from the text).
  // Errors: those of store::KbStore::Open.
  static Result<KnowledgeBase> Open(const std::string& db_path, LanguageFn language,
                                    const KbOptions& options = {});

  KnowledgeBase(KnowledgeBase&&) noexcept;
  KnowledgeBase& operator=(KnowledgeBase&&) noexcept;
  ~KnowledgeBase();

  // Adds files and folders: a file is stored under its path as given; a folder is walked
  // (recursively, in name order, hidden entries and unknown extensions skipped) and each file is
  // stored under its path relative to the folder ("advisory.md", "2024/circular.pdf"). A file
  // that fails (too large, corrupt, not text) gets its status in its report and the others are
  // still added. Errors: not_found when a path does not exist (nothing is added).
  Result<std::vector<AddReport>> AddPaths(const std::vector<std::string>& paths);
  // Adds or replaces one document from its bytes, stored under `name`. Unchanged content
  // (same hash) is left as it is. Errors: invalid_argument (empty name, not text),
  // resource_exhausted (past max_document_bytes), corrupt (PDF), and the store's.
  Result<AddReport> AddDocument(std::string_view name, std::string_view bytes, Format format);
  // Errors: not_found.
  Status Remove(std::string_view name);
  Result<std::vector<store::KbDocumentRecord>> List();

  // The best passages for `query`, best first, at most options.k. A query without any word
  // (punctuation, FTS5 operators alone) gives no results. Errors: invalid_argument for an
  // empty or malformed (UTF-8) query, a query past max_query_bytes, k = 0 or past max_k.
  Result<std::vector<SearchResult>> Search(std::string_view query,
                                           const SearchOptions& options = {});

 private:
  struct Pending;
  KnowledgeBase(store::KbStore kb, LanguageFn language, const KbOptions& options);
  // Extracts and analyzes one document into `out`. Errors as AddDocument.
  Status Prepare(std::string_view name, std::string_view bytes, Format format,
                 store::KbNewDocument* out) const;
  Status AddFile(const std::string& file, const std::string& name, Pending* pending);
  Status Commit(Pending* pending);

  std::unique_ptr<store::KbStore> kb_;
  LanguageFn language_;
  KbOptions options_;
};

// "**"-highlighted snippet of `text` around the words whose match keys are in `keys` (sorted),
// about `max_bytes` long, cut at word boundaries with "…" where text was left out.
// REQUIRES: `text` is valid UTF-8.
std::string Snippet(std::string_view text, const std::vector<std::string>& keys,
                    size_t max_bytes);

}  // namespace loka::search

#endif  // LOKA_SEARCH_KNOWLEDGE_BASE_H_
