// The knowledge base: documents in (text, Markdown, HTML, PDF), passages with heading path,
// language and script, ranked passages out. A search reads FTS5 posting lists, within a
// budget, for candidates (the passages holding the query's rarer word terms, and its rarest
// code-point 3-grams), then scores each candidate from its stored terms and fuses three lists by
// reciprocal rank fusion:
//   lexical  BM25 (tf saturated at one, length-normalized) over the word terms (each match key
//            and each pair of consecutive keys, search/analyzer.h) a passage or its Latin
//            transliteration holds, a missing query word counting by the share of its 3-grams
//            the passage holds; a native-script query can only match native words, a romanized
//            one matches the transliteration;
//   n-gram   the idf-weighted share of the query's 3-grams a candidate holds: a misspelt,
//            inflected or differently romanized word keeps most of its 3-grams.
//   semantic the cosine between the query's and the candidate's vectors from subword
//            embeddings learned on the knowledge base's own passages (learn/embed.h): words
//            that keep company with the query's count, misspelt or inflected ones too.
// The head of the fused list is then re-ranked by phrase evidence (search/phrase.h): a passage
// that holds most of the query as one run of text, in order, comes first.
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
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "langid/identifier.h"
#include "learn/embed.h"
#include "search/extract.h"
#include "search/passages.h"
#include "store/kb.h"
#include "text/json.h"

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
  // Candidates each ranker contributes to the fusion (and each candidate search to the
  // rescoring).
  size_t candidates = 50;
  // BM25's term-frequency saturation and length normalization (Robertson and Zaragoza 2009:
  // k1 in [1.2, 2], b = 0.75); with tf saturated at one, k1 only scales how much b matters.
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  // A query word a passage lacks still counts (for the lexical ranker) by the share of its
  // 3-grams the passage holds, when that share is at least this: one typo in a word of n
  // letters leaves about (n - 2) / (n + 2) of its n + 2 padded 3-grams, half for 6 letters.
  double fuzzy_min_share = 0.5;
  // ... and, for the lexical score, at this fraction of that when other passages hold the
  // word exactly: such a passage more likely holds a longer or another word ("majibu" for
  // "maji", "instead" for "tea") than a typo of it, and must not outrank a passage holding the
  // word because it is shorter (BM25's length normalization can lift a short passage's score
  // 1.7 times over an average one's). A typo no passage holds keeps its full share.
  double fuzzy_known_weight = 0.5;
  // Postings (passage ids) each candidate search reads for one query at most, rarest first: a
  // term that would take the count past it is skipped, unless it is the rarest. Bounds a
  // search's time on a large knowledge base (reading ids costs about 0.1 µs each, scoring
  // them more); common words ("the", "of") separate little and have the longest lists.
  size_t max_query_rows = 4000;
  // Passages read per term at most (the lowest ids): bounds the rarest term's list too.
  size_t max_term_rows = 20000;
  // Candidates also come from the passages holding the query's `rare_grams` rarest 3-grams.
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
  // Semantic ranker: the candidates ordered by the cosine between the query's vector and the
  // passage's, both from subword embeddings learned on the knowledge base's own passages
  // (learn/embed.h), fused with `semantic_weight` (0: off; SearchOptions::semantic turns it
  // off per search). Only candidates with a cosine of at least `semantic_min_cosine` are
  // listed. The weight was chosen on the UDHR bench (bench/search_bench.py, phone-typed
  // known-item queries): recall@1 0.950 at 0 and 0.1, 0.949 at 0.2 and 0.3, 0.936 at 0.6
  // (exact words gain nothing from a softer match); the second corpus kept 0.969 at 0.1.
  double semantic_weight = 0.1;
  double semantic_min_cosine = 0.2;
  // Embeddings are learned (at the end of an add) once the knowledge base holds
  // `embed_min_passages` passages, and learned again when the count has changed by
  // `embed_relearn_share` of the count they were learned from: a knowledge base that grows
  // one document at a time relearns O(log n) times. Between learnings, a new passage gets its
  // vector from the current embeddings (its words' n-grams, seen or not). 100 passages hold a
  // few thousand words, about the least from which co-occurrence says anything.
  size_t embed_min_passages = 100;
  double embed_relearn_share = 0.25;
  learn::EmbedOptions embed;  // how they are learned (learn/embed.h has each default's reason)
  // Phrase re-ranking (search/phrase.h): among the best `phrase_depth` fused results, the
  // passages holding at least `phrase_min_share` of the query as one run of text (local
  // alignment over the match keys, typos forgiven) and some of its words (coverage above 0;
  // any passage in a script written without spaces) come first, by that share, then the
  // shorter passage; the others follow in fused order. Known-item search over the UDHR
  // paragraphs of 442 languages (bench/search_bench.py, phone-typed queries): recall@1 0.904
  // -> 0.950 with depth 20, 0.947 with 10; romanized queries 0.870 -> 0.909. A share of 0.3 to
  // 0.6 gave the same results there; 0.5 keeps the fused order for questions that share only
  // scattered words with their answer. The cost is the alignments (about 25 µs per passage)
  // and, for a romanized query, the transliteration of non-Latin candidates (ICU's Han-Latin
  // costs about 3 ms per 1,200-byte passage), of at most `phrase_max_transliterated` of them:
  // the rest keep their fused order. 0: off.
  size_t phrase_depth = 20;
  double phrase_min_share = 0.5;
  size_t phrase_max_transliterated = 8;
  size_t max_k = 100;  // largest k a search may ask for
  // Tags of one document, and the bytes of one tag: labels ("fertiliser", "kharif-2024"),
  // not text; the bounds keep a document's row and a filter small.
  size_t max_tags = 32;
  size_t max_tag_bytes = 64;
  // The bytes of a document's name (a path as given, or relative to an added folder): 1,024
  // holds a path many folders deep (file systems allow 255 bytes per folder or file name); a
  // name is a label shown in every result, not text.
  size_t max_name_bytes = 1024;
  size_t snippet_bytes = 240;  // about the snippet's length
  // Results whose snippet may highlight words through their transliteration (a romanized
  // query), best first; the others start at the passage's beginning. ICU's Han-Latin costs
  // about 3 ms per 1,200-byte passage: ten such snippets were most of a romanized search's
  // time.
  size_t max_transliterated_snippets = 3;
};

// What a document is about and when it was issued, for filtering searches.
struct DocumentMeta {
  std::string date;               // "YYYY-MM-DD", or "" for none
  std::vector<std::string> tags;  // trimmed and case-folded (NFKC_Casefold) when stored
};

struct SearchOptions {
  size_t k = 10;
  std::vector<std::string> languages;  // ISO 639-3; empty = every language
  std::vector<std::string> tags;       // documents with any of these tags; empty = every one
  std::string since, until;            // "YYYY-MM-DD", inclusive; "" = open. With either,
                                       // documents without a date are left out.
  bool semantic = true;  // false: no semantic ranker in this search (KbOptions::semantic_weight)
};

struct SearchResult {
  std::string doc;  // the document's path as added
  int64_t passage_id = 0;
  int64_t ordinal = 0;  // the passage's position in its document
  std::string heading, text, language, script;
  std::string snippet;  // text around the matches, matched words between "**"
  // Where the matched words are in `snippet`: [begin, end) byte ranges, each between its "**".
  // A "**" of the text itself ("2**3") is not one of them.
  std::vector<std::pair<size_t, size_t>> marks;
  double score = 0;     // higher is better (Search says how it is made)
  // How much of the query the passage holds, in [0, 1]: the idf-weighted share of the query's
  // words it holds, a misspelt one by the share of its 3-grams (when at least fuzzy_min_share).
  // Unlike the score, comparable across queries: a threshold on it says "the passage answers
  // most of what was asked" (the helpline's knowledge-base answers use one).
  double coverage = 0;
};

struct AddReport {
  std::string doc;
  store::KbPutOutcome outcome = store::KbPutOutcome::kAdded;
  size_t passages = 0;
  // A document that failed (the others are still added); its message starts with the file's
  // path (with the document's name when the store failed to commit it).
  Status status;
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
  // still added; so does a path that does not exist (not_found, io_error when it cannot be
  // looked at, as core/file.h's FileError words them) or a folder holding no document
  // (invalid_argument), in a report of that path. A file whose name was already taken in this
  // call by another file (faq.md in two folders) fails with invalid_argument naming both, and the
  // first is kept; the same file given twice is added once. Every document gets `meta`.
  // Errors: invalid_argument for bad meta (nothing is added); the store's.
  Result<std::vector<AddReport>> AddPaths(const std::vector<std::string>& paths,
                                          const DocumentMeta& meta = {});
  // Adds or replaces one document from its bytes, stored under `name`. Unchanged content
  // (same hash, date and tags) is left as it is. Errors: invalid_argument (a name that is
  // empty or only spaces, not UTF-8, holds a control character or is past max_name_bytes; not
  // text; a date that is not YYYY-MM-DD; an empty or too long tag, a tag holding a comma, too
  // many tags),
  // resource_exhausted (past max_document_bytes), corrupt (PDF), and the store's.
  Result<AddReport> AddDocument(std::string_view name, std::string_view bytes, Format format,
                                const DocumentMeta& meta = {});
  // Errors: not_found.
  Status Remove(std::string_view name);
  Result<std::vector<store::KbDocumentRecord>> List();
  // Passages in the knowledge base (one SQL count).
  Result<int64_t> Passages();
  // Learns the embeddings of the semantic ranker from every passage now and stores them with
  // each passage's vector (AddPaths and AddDocument call it when the count of passages has
  // changed enough, KbOptions::embed_relearn_share). Errors: the store's; a knowledge base
  // without words is failed_precondition.
  Status LearnEmbeddings();

  // The best passages for `query`, best first, at most options.k. A query without any word
  // (punctuation, FTS5 operators alone) gives no results. Errors: invalid_argument for an
  // empty or malformed (UTF-8) query, a query past max_query_bytes, k = 0 or past max_k, a
  // since/until that is not YYYY-MM-DD.
  Result<std::vector<SearchResult>> Search(std::string_view query,
                                           const SearchOptions& options = {});

 private:
  struct Pending;
  struct QueryTerms;
  using Scored = std::vector<std::pair<int64_t, double>>;  // (passage id, score), best first
  KnowledgeBase(store::KbStore kb, LanguageFn language, const KbOptions& options);
  // `meta` validated and normalized. Errors: invalid_argument as AddDocument.
  Result<DocumentMeta> CheckMeta(const DocumentMeta& meta) const;
  // Errors: invalid_argument for a name AddDocument refuses.
  Status CheckDocumentName(std::string_view name) const;
  Result<store::KbFilter> MakeFilter(const SearchOptions& options) const;
  // Extracts and analyzes one document into `out`. REQUIRES: `meta` from CheckMeta.
  // Errors as AddDocument.
  Status Prepare(std::string_view name, std::string_view bytes, Format format,
                 const DocumentMeta& meta, store::KbNewDocument* out) const;
  Status AddFile(const std::string& file, const std::string& name, const DocumentMeta& meta,
                 Pending* pending);
  // The rankers of Search (knowledge_base.cc says how each scores).
  Result<QueryTerms> LookUp(const std::vector<std::string>& keys);
  Result<std::unordered_map<int64_t, double>> Postings(
      std::string_view columns, const std::vector<std::pair<std::string, int64_t>>& terms,
      size_t max_terms, double passages, const store::KbFilter& f);
  // Also sets each candidate's SearchResult::coverage in `coverage`.
  void Rescore(const QueryTerms& q, const std::vector<int64_t>& candidates,
               const std::vector<store::KbTerms>& terms, Scored* lexical, Scored* ngram,
               std::unordered_map<int64_t, double>* coverage) const;
  // One fused result: its passage (an index into the fetched records), score, coverage
  // (SearchResult::coverage), and phrase share and phrase length once PhraseRerank has
  // measured them.
  struct Ranked {
    size_t passage = 0;
    double score = 0;
    double coverage = 0;
    double share = 0;
    size_t words = 0;   // distinct query keys among the passage's phrase keys, whole
    size_t length = 0;
  };
  // Reorders the head of `order` (fused order) by KbOptions::phrase_depth/phrase_min_share.
  // Errors: a passage's text that cannot be analyzed (not valid UTF-8).
  Status PhraseRerank(const std::vector<std::string>& query_keys,
                      const std::vector<store::KbPassageRecord>& passages,
                      std::vector<Ranked>* order) const;
  Status Commit(Pending* pending);
  // LearnEmbeddings when KbOptions::embed_min_passages/embed_relearn_share say so.
  Status MaybeLearnEmbeddings();
  // The stored embeddings (null when none), reloaded when another writer stored new ones.
  Result<std::shared_ptr<const learn::Embeddings>> CurrentEmbeddings() const;
  struct EmbedCache;

  std::unique_ptr<store::KbStore> kb_;
  std::unique_ptr<EmbedCache> embed_;
  LanguageFn language_;
  KbOptions options_;
};

// `{"results": [{"doc", "passage", "score", "coverage", "snippet", "marks", "heading",
// "language", "script", "passage_id", "ordinal"}, ...]}`: what `loka kb search --json` prints and
// `GET /v1/kb/search` answers (docs/search.md).
text::Json ResultsToJson(const std::vector<SearchResult>& results);

// "**"-highlighted snippet of `text` around the words whose match keys are in `keys` (sorted),
// about `max_bytes` long, cut at word boundaries with "…" where text was left out (a text of at
// most `max_bytes` is shown whole; a word longer than `max_bytes` is cut between two code
// points, after at most `max_bytes` of it). When no word matches and `transliterate` is set,
// the words whose Latin transliteration matches are highlighted (a romanized query). With
// `marks`, the byte range of each highlighted word in the snippet (between its "**") is
// appended there.
// REQUIRES: `text` is valid UTF-8.
std::string Snippet(std::string_view text, const std::vector<std::string>& keys,
                    size_t max_bytes, bool transliterate = true,
                    std::vector<std::pair<size_t, size_t>>* marks = nullptr);

}  // namespace loka::search

#endif  // LOKA_SEARCH_KNOWLEDGE_BASE_H_
