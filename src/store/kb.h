// The knowledge base's tables (migrations 6, 8 and 11): documents (with an optional date and tags),
// their passages, and kb_terms, an FTS5 table whose three columns hold the index terms of each
// passage as space-separated ASCII tokens (search/ builds them; the store only splits them at
// spaces to count them). `words` are the passage's own terms, `latin` those of its Latin
// transliteration, `grams` its character n-grams. A passage's rowid in kb_terms is its id in
// kb_passages. kb_term_passages counts the passages holding each term (any column), kept in
// step by every write, so a term's document frequency is one lookup.
//
// Durability: the same contract as store/store.h: every write is one committed transaction.
#ifndef LOKA_STORE_KB_H_
#define LOKA_STORE_KB_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace loka::store {

struct KbDocumentRecord {
  int64_t id = 0;
  std::string path;  // the document's name as it was added; unique
  std::string format;  // "text", "markdown", "html", "pdf"
  std::string title;
  std::string content_hash;  // of the bytes as added
  int64_t size_bytes = 0;
  int64_t version = 0;  // 1 when added, +1 each time it is replaced by different content
  int64_t passages = 0;
  int64_t created_at_ms = 0, updated_at_ms = 0;
  std::string date;               // ISO YYYY-MM-DD, "" when the document has none
  std::vector<std::string> tags;  // sorted, distinct
};

struct KbPassageRecord {
  int64_t id = 0;
  int64_t document_id = 0;
  std::string document_path;
  int64_t ordinal = 0;   // position in the document, from 0
  std::string heading;   // heading path, " > "-joined ("" when none)
  std::string text;
  std::string language;  // ISO 639-3 or "und"
  std::string script;    // ISO 15924
};

// Index terms of one passage: space-separated tokens of ASCII letters and digits.
struct KbTerms {
  std::string words, latin, grams;
};

struct KbNewPassage {
  KbPassageRecord passage;  // id, document_id and document_path are assigned by the store
  KbTerms terms;
  std::string vector;  // the passage's embedding (search/ encodes it); "" for none
};

// The knowledge base's learned embeddings (search/ trains them; the bytes are learn/embed.h's
// file format) and the number of passages they were learned from.
struct KbEmbeddingRecord {
  std::string model;
  int64_t passages = 0;
  int64_t generation = 0;  // 1 for the first training, +1 for each later one
  int64_t trained_at_ms = 0;
};

struct KbNewDocument {
  std::string path, format, title, content_hash;
  int64_t size_bytes = 0;
  std::string date;               // ISO YYYY-MM-DD or "" (search/ validates it)
  std::vector<std::string> tags;  // stored as given (search/ normalizes them)
  std::vector<KbNewPassage> passages;
};

// Which passages a search may return; an empty field does not restrict.
struct KbFilter {
  std::vector<std::string> languages;  // the passage's language is one of these
  std::vector<std::string> tags;       // its document has at least one of these tags
  std::string since, until;            // its document's date is within [since, until]
                                       // (ISO dates, inclusive; undated documents excluded)
  bool empty() const {
    return languages.empty() && tags.empty() && since.empty() && until.empty();
  }
};

enum class KbPutOutcome { kAdded, kReplaced, kUnchanged };
std::string_view KbPutOutcomeName(KbPutOutcome outcome);  // "added", "replaced", "unchanged"

// Thread-safe: every method takes `mu_`, which guards the connection and the cached
// statements. Move-only. Opens its own connection to the node's SQLite file (WAL), so it works
// beside a Store on the same file.
class KbStore {
 public:
  // Opens or creates `path` like Store::Open (same pragmas, same migrations).
  static Result<KbStore> Open(const std::string& path, const StoreOptions& options = {});

  KbStore(KbStore&&) noexcept;
  KbStore& operator=(KbStore&&) noexcept;
  ~KbStore();

  // Stores every document in one transaction. A path not yet stored is added (version 1); a
  // stored path with the same content_hash, date and tags is left as it is (unchanged);
  // otherwise its passages, terms, date and tags are replaced and its version incremented.
  // Returns one outcome per document, in order. A document listed twice: the later one wins.
  Result<std::vector<KbPutOutcome>> PutDocuments(const std::vector<KbNewDocument>& documents);
  // The document stored under `path`, or nullopt when no such document.
  Result<std::optional<KbDocumentRecord>> FindDocument(std::string_view path);
  // Deletes the document, its passages and their terms. Errors: not_found.
  Status DeleteDocument(std::string_view path);
  // By path.
  Result<std::vector<KbDocumentRecord>> ListDocuments();
  // Passages in the knowledge base (one lookup: kb_term_passages' empty term).
  Result<int64_t> CountPassages();

  // For each term, the passages (ids, ascending) whose column(s) hold it: `columns` is an FTS5
  // column set ("{words latin}" or "grams") and each term one index token of [0-9a-v]
  // (REQUIRES both); only passages that pass `filter`; at most `limit` per term. One read
  // transaction.
  Result<std::vector<std::vector<int64_t>>> TermRows(std::string_view columns,
                                                     const std::vector<std::string>& terms,
                                                     const KbFilter& filter, size_t limit);
  // In how many passages each term occurs (any column), 0 for an unknown term; one B-tree
  // lookup per term.
  Result<std::vector<int64_t>> TermPassages(const std::vector<std::string>& terms);
  // The index terms of each passage id (empty when the id no longer exists). One read
  // transaction.
  Result<std::vector<KbTerms>> Terms(const std::vector<int64_t>& ids);
  // The passages with these ids, in the same order; an id that no longer exists is skipped.
  Result<std::vector<KbPassageRecord>> GetPassages(const std::vector<int64_t>& ids);

  // Embeddings (migration 11). The stored embeddings' generation, passages and time without
  // the model bytes (generation 0 when none): one lookup, so a reader can tell cheaply whether
  // its copy is current.
  Result<KbEmbeddingRecord> EmbeddingState();
  // The stored embeddings, or nullopt when none.
  Result<std::optional<KbEmbeddingRecord>> GetEmbedding();
  // Stores `model` (learned from `passages` passages) as the next generation and the vectors
  // of the given passages (id, bytes), in one transaction. Passages not listed keep their
  // vector; an id that no longer exists is skipped.
  Status PutEmbedding(std::string_view model, int64_t passages,
                      const std::vector<std::pair<int64_t, std::string>>& vectors);
  // The script (ISO 15924) and vector of each passage id ("" when it has none; both "" for an
  // id that no longer exists), in the same order. One read transaction.
  Result<std::vector<std::pair<std::string, std::string>>> Vectors(
      const std::vector<int64_t>& ids);
  // Every passage's id and text, by id (what embeddings are learned from).
  Result<std::vector<std::pair<int64_t, std::string>>> AllPassageTexts();

 private:
  struct Statements;
  struct TermCounts;
  KbStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu);
  // Deletes the document's passages and terms, subtracting their terms from `counts`.
  // REQUIRES: mu_ held, in a transaction.
  Status DeletePassagesOf(int64_t document_id, TermCounts* counts);
  Status ApplyCounts(const TermCounts& counts);  // REQUIRES: mu_ held, in a transaction
  Result<Statements*> Prepared();                // REQUIRES: mu_ held

  internal::DbHandle db_;
  std::unique_ptr<std::mutex> mu_;  // guards db_ and stmts_
  std::unique_ptr<Statements> stmts_;  // finalized before db_ closes (declared after it)
};

}  // namespace loka::store

#endif  // LOKA_STORE_KB_H_
