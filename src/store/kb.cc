// The knowledge base's documents, passages and FTS5 terms (store/kb.h).
#include "store/kb.h"

#include <algorithm>
#include <unordered_map>

#include "store/internal/open.h"

namespace loka::store {

using internal::Stmt;
using internal::Transaction;

std::string_view KbPutOutcomeName(KbPutOutcome outcome) {
  switch (outcome) {
    case KbPutOutcome::kAdded: return "added";
    case KbPutOutcome::kReplaced: return "replaced";
    case KbPutOutcome::kUnchanged: return "unchanged";
  }
  return "unchanged";
}

// Statements prepared once per connection: searching runs them on every query.
struct KbStore::Statements {
  Stmt rows_all, rows_filtered, term_passages, terms, passage, vector;
};

// Passages gained (+) or lost (-) per term in one transaction; "" counts passages.
struct KbStore::TermCounts {
  std::unordered_map<std::string, int64_t> delta;

  // Counts each distinct space-separated term of the passage's columns once.
  void Add(const std::string& words, const std::string& latin, const std::string& grams,
           int64_t sign) {
    terms.clear();
    for (const std::string* column : {&words, &latin, &grams}) {
      std::string_view all = *column;
      for (size_t pos = 0; pos < all.size();) {
        size_t sp = all.find(' ', pos);
        if (sp == std::string_view::npos) sp = all.size();
        if (sp > pos) terms.push_back(all.substr(pos, sp - pos));
        pos = sp + 1;
      }
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (std::string_view t : terms) delta[std::string(t)] += sign;
    delta[std::string()] += sign;
  }

 private:
  std::vector<std::string_view> terms;  // scratch, reused across passages
};

KbStore::KbStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu)
    : db_(std::move(db)), mu_(std::move(mu)) {}
KbStore::KbStore(KbStore&&) noexcept = default;
KbStore& KbStore::operator=(KbStore&&) noexcept = default;
KbStore::~KbStore() = default;

Result<KbStore> KbStore::Open(const std::string& path, const StoreOptions& options) {
  LOKA_ASSIGN_OR_RETURN(internal::DbHandle db, internal::OpenDatabase(path, options));
  // Searching reads FTS5 posting lists and passages at random: through a memory map they come
  // from the page cache without a read() system call each (measured: about a fifth of a
  // query's time over 100,000 passages). Address space, not memory: pages are shared with the
  // OS cache. SQLite reads past the first kKbMmapBytes as usual.
  constexpr int64_t kKbMmapBytes = int64_t{1} << 30;
  LOKA_RETURN_IF_ERROR(internal::Exec(
      db.get(), ("PRAGMA mmap_size = " + std::to_string(kKbMmapBytes)).c_str()));
  return KbStore(std::move(db), std::make_unique<std::mutex>());
}

Result<KbStore::Statements*> KbStore::Prepared() {
  if (stmts_) return stmts_.get();
  sqlite3* db = db_.get();
  constexpr const char* kRowsAll =
      "SELECT rowid FROM kb_terms WHERE kb_terms MATCH ?1 LIMIT ?2";
  // ?3 languages, ?4 tags (JSON arrays or NULL), ?5 since, ?6 until (ISO dates or NULL).
  constexpr const char* kRowsFiltered =
      "SELECT t.rowid FROM kb_terms t JOIN kb_passages p ON p.id = t.rowid JOIN kb_documents d "
      "ON d.id = p.document_id WHERE kb_terms MATCH ?1 "
      "AND (?3 IS NULL OR p.language IN (SELECT value FROM json_each(?3))) "
      "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM kb_document_tags g WHERE g.document_id = d.id "
      "AND g.tag IN (SELECT value FROM json_each(?4)))) "
      "AND (?5 IS NULL OR d.date >= ?5) AND (?6 IS NULL OR d.date <= ?6) LIMIT ?2";
  constexpr const char* kPassage =
      "SELECT p.id, p.document_id, d.path, p.ordinal, p.heading, p.text, p.language, p.script "
      "FROM kb_passages p JOIN kb_documents d ON d.id = p.document_id WHERE p.id = ?";
  LOKA_ASSIGN_OR_RETURN(Stmt all, Stmt::Prepare(db, kRowsAll));
  LOKA_ASSIGN_OR_RETURN(Stmt filtered, Stmt::Prepare(db, kRowsFiltered));
  LOKA_ASSIGN_OR_RETURN(Stmt term_passages,
                        Stmt::Prepare(db, "SELECT passages FROM kb_term_passages WHERE term = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt terms, Stmt::Prepare(db, "SELECT words, latin, grams FROM kb_terms "
                                                      "WHERE rowid = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt passage, Stmt::Prepare(db, kPassage));
  LOKA_ASSIGN_OR_RETURN(Stmt vector, Stmt::Prepare(db, "SELECT p.script, v.vector FROM "
                                                       "kb_passages p LEFT JOIN kb_vectors v ON "
                                                       "v.passage_id = p.id WHERE p.id = ?"));
  stmts_ = std::make_unique<Statements>(Statements{std::move(all), std::move(filtered),
                                                   std::move(term_passages), std::move(terms),
                                                   std::move(passage), std::move(vector)});
  return stmts_.get();
}

Status KbStore::DeletePassagesOf(int64_t document_id, TermCounts* counts) {
  LOKA_ASSIGN_OR_RETURN(Stmt old, Stmt::Prepare(db_.get(),
                                                "SELECT words, latin, grams FROM kb_terms WHERE "
                                                "rowid IN (SELECT id FROM kb_passages WHERE "
                                                "document_id = ?)"));
  old.Bind(1, document_id);
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(bool row, old.Step());
    if (!row) break;
    counts->Add(old.Text(0), old.Text(1), old.Text(2), -1);
  }
  LOKA_ASSIGN_OR_RETURN(Stmt terms, Stmt::Prepare(db_.get(),
                                                  "DELETE FROM kb_terms WHERE rowid IN (SELECT id "
                                                  "FROM kb_passages WHERE document_id = ?)"));
  terms.Bind(1, document_id);
  LOKA_RETURN_IF_ERROR(terms.Run());
  LOKA_ASSIGN_OR_RETURN(Stmt vectors, Stmt::Prepare(db_.get(), "DELETE FROM kb_vectors WHERE "
                                                                "passage_id IN (SELECT id FROM "
                                                                "kb_passages WHERE document_id "
                                                                "= ?)"));
  vectors.Bind(1, document_id);
  LOKA_RETURN_IF_ERROR(vectors.Run());
  LOKA_ASSIGN_OR_RETURN(Stmt passages,
                        Stmt::Prepare(db_.get(), "DELETE FROM kb_passages WHERE document_id = ?"));
  passages.Bind(1, document_id);
  return passages.Run();
}

Status KbStore::ApplyCounts(const TermCounts& counts) {
  LOKA_ASSIGN_OR_RETURN(
      Stmt upsert, Stmt::Prepare(db_.get(), "INSERT INTO kb_term_passages (term, passages) "
                                            "VALUES (?1, ?2) ON CONFLICT (term) DO UPDATE SET "
                                            "passages = passages + ?2"));
  LOKA_ASSIGN_OR_RETURN(Stmt drop, Stmt::Prepare(db_.get(), "DELETE FROM kb_term_passages WHERE "
                                                            "term = ? AND passages <= 0 AND "
                                                            "term <> ''"));
  for (const auto& [term, delta] : counts.delta) {
    if (delta == 0) continue;
    upsert.Bind(1, term).Bind(2, delta);
    LOKA_RETURN_IF_ERROR(upsert.Run());
    LOKA_RETURN_IF_ERROR(upsert.Reset());
    if (delta < 0) {
      drop.Bind(1, term);
      LOKA_RETURN_IF_ERROR(drop.Run());
      LOKA_RETURN_IF_ERROR(drop.Reset());
    }
  }
  return Status::Ok();
}

namespace {

// The columns of a KbDocumentRecord, for "SELECT kDocumentColumns FROM kb_documents d ...";
// tags come newline-joined in name order.
constexpr const char* kDocumentColumns =
    "d.id, d.path, d.format, d.title, d.content_hash, d.size_bytes, d.version, (SELECT COUNT(*) "
    "FROM kb_passages p WHERE p.document_id = d.id), d.created_at_ms, d.updated_at_ms, "
    "COALESCE(d.date, ''), (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM "
    "kb_document_tags g WHERE g.document_id = d.id ORDER BY tag))";

KbDocumentRecord ReadDocument(const Stmt& r) {
  KbDocumentRecord d{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5),
                     r.Int(6), r.Int(7), r.Int(8), r.Int(9), r.Text(10), {}};
  const std::string tags = r.Text(11);
  for (size_t pos = 0; pos < tags.size();) {
    size_t nl = tags.find('\n', pos);
    if (nl == std::string::npos) nl = tags.size();
    d.tags.push_back(tags.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return d;
}

std::vector<std::string> SortedTags(std::vector<std::string> tags) {
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

}  // namespace

Result<std::vector<KbPutOutcome>> KbStore::PutDocuments(
    const std::vector<KbNewDocument>& documents) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(Stmt find, Stmt::Prepare(db, std::string("SELECT ") + kDocumentColumns +
                                                         " FROM kb_documents d WHERE path = ?"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add, Stmt::Prepare(db, "INSERT INTO kb_documents (path, format, title, content_hash, "
                                  "size_bytes, version, created_at_ms, updated_at_ms, date) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, NULLIF(?7, ''))"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt update, Stmt::Prepare(db, "UPDATE kb_documents SET format = ?2, title = ?3, "
                                     "content_hash = ?4, size_bytes = ?5, version = version + 1, "
                                     "updated_at_ms = ?6, date = NULLIF(?7, '') WHERE id = ?1"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt passage, Stmt::Prepare(db, "INSERT INTO kb_passages (document_id, ordinal, heading, "
                                      "text, language, script) VALUES (?, ?, ?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(Stmt terms, Stmt::Prepare(db, "INSERT INTO kb_terms (rowid, words, "
                                                      "latin, grams) VALUES (?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(Stmt vector, Stmt::Prepare(db, "INSERT INTO kb_vectors (passage_id, "
                                                       "vector) VALUES (?, ?)"));
  LOKA_ASSIGN_OR_RETURN(Stmt untag, Stmt::Prepare(db, "DELETE FROM kb_document_tags WHERE "
                                                      "document_id = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt tag, Stmt::Prepare(db, "INSERT OR IGNORE INTO kb_document_tags "
                                                    "(tag, document_id) VALUES (?, ?)"));
  TermCounts counts;
  std::vector<KbPutOutcome> outcomes;
  outcomes.reserve(documents.size());
  const int64_t now = NowMs();
  for (const KbNewDocument& doc : documents) {
    const std::string where = "document " + doc.path;
    const std::vector<std::string> tags = SortedTags(doc.tags);
    find.Bind(1, doc.path);
    LOKA_ASSIGN_OR_RETURN(bool found, find.Step());
    int64_t id = 0;
    bool same = false;
    if (found) {
      const KbDocumentRecord old = ReadDocument(find);
      id = old.id;
      same = old.content_hash == doc.content_hash && old.date == doc.date && old.tags == tags;
    }
    LOKA_RETURN_IF_ERROR(find.Reset());
    if (same) {
      outcomes.push_back(KbPutOutcome::kUnchanged);
      continue;
    }
    Stmt& write = found ? update : add;
    if (found) {
      write.Bind(1, id);
    } else {
      write.Bind(1, doc.path);
    }
    write.Bind(2, doc.format).Bind(3, doc.title).Bind(4, doc.content_hash)
        .Bind(5, doc.size_bytes).Bind(6, now).Bind(7, doc.date);
    LOKA_RETURN_IF_ERROR(write.Run().WithPrefix(where));
    LOKA_RETURN_IF_ERROR(write.Reset());
    if (found) {
      LOKA_RETURN_IF_ERROR(DeletePassagesOf(id, &counts).WithPrefix(where));
      untag.Bind(1, id);
      LOKA_RETURN_IF_ERROR(untag.Run().WithPrefix(where));
      LOKA_RETURN_IF_ERROR(untag.Reset());
    } else {
      id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
    }
    for (const std::string& t : tags) {
      tag.Bind(1, t).Bind(2, id);
      LOKA_RETURN_IF_ERROR(tag.Run().WithPrefix(where));
      LOKA_RETURN_IF_ERROR(tag.Reset());
    }
    for (const KbNewPassage& p : doc.passages) {
      passage.Bind(1, id).Bind(2, p.passage.ordinal).Bind(3, p.passage.heading)
          .Bind(4, p.passage.text).Bind(5, p.passage.language).Bind(6, p.passage.script);
      LOKA_RETURN_IF_ERROR(passage.Run().WithPrefix(where));
      LOKA_RETURN_IF_ERROR(passage.Reset());
      const auto passage_id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
      terms.Bind(1, passage_id).Bind(2, p.terms.words).Bind(3, p.terms.latin)
          .Bind(4, p.terms.grams);
      LOKA_RETURN_IF_ERROR(terms.Run().WithPrefix(where));
      LOKA_RETURN_IF_ERROR(terms.Reset());
      counts.Add(p.terms.words, p.terms.latin, p.terms.grams, +1);
      if (!p.vector.empty()) {
        vector.Bind(1, passage_id).BindBlob(2, p.vector);
        LOKA_RETURN_IF_ERROR(vector.Run().WithPrefix(where));
        LOKA_RETURN_IF_ERROR(vector.Reset());
      }
    }
    outcomes.push_back(found ? KbPutOutcome::kReplaced : KbPutOutcome::kAdded);
  }
  LOKA_RETURN_IF_ERROR(ApplyCounts(counts));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return outcomes;
}

Result<std::optional<KbDocumentRecord>> KbStore::FindDocument(std::string_view path) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                              kDocumentColumns +
                                                              " FROM kb_documents d WHERE "
                                                              "path = ?"));
  st.Bind(1, path);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<KbDocumentRecord>();
  return std::optional<KbDocumentRecord>(ReadDocument(st));
}

Status KbStore::DeleteDocument(std::string_view path) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  int64_t id = 0;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT id FROM kb_documents WHERE "
                                                            "path = ?"));
    st.Bind(1, path);
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no document \"" + std::string(path) + "\" in the knowledge base");
    id = st.Int(0);
  }
  TermCounts counts;
  LOKA_RETURN_IF_ERROR(DeletePassagesOf(id, &counts));
  LOKA_RETURN_IF_ERROR(ApplyCounts(counts));
  LOKA_ASSIGN_OR_RETURN(Stmt del, Stmt::Prepare(db_.get(), "DELETE FROM kb_documents WHERE id = ?"));
  del.Bind(1, id);
  LOKA_RETURN_IF_ERROR(del.Run());
  return tx.Commit();
}

Result<std::vector<KbDocumentRecord>> KbStore::ListDocuments() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), std::string("SELECT ") +
                                                              kDocumentColumns +
                                                              " FROM kb_documents d ORDER BY "
                                                              "d.path"));
  return st.Rows(ReadDocument);
}

Result<int64_t> KbStore::CountPassages() {
  LOKA_ASSIGN_OR_RETURN(std::vector<int64_t> n, TermPassages({std::string()}));
  return n[0];
}

namespace {

// One read transaction over several statements: SQLite then takes its shared lock and checks
// the WAL once, not once per statement (about a tenth of a search's time when it was per
// statement). Ends when destroyed; reads need no commit.
class ReadTransaction {
 public:
  static Result<ReadTransaction> Begin(sqlite3* db) {
    LOKA_RETURN_IF_ERROR(internal::Exec(db, "BEGIN"));
    return ReadTransaction(db);
  }
  ReadTransaction(ReadTransaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction() {
    if (db_ != nullptr) (void)internal::Exec(db_, "COMMIT");
  }

 private:
  explicit ReadTransaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// A JSON array of strings for json_each(). Control characters are escaped as \u00XX, which
// JSON requires: SQLite refuses the array otherwise ("malformed JSON"). Bytes of malformed
// UTF-8 pass through; they match no stored value.
std::string JsonList(const std::vector<std::string>& items) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string list = "[";
  for (const std::string& item : items) {
    if (list.size() > 1) list += ',';
    list += '"';
    for (char c : item) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20) {
        list += "\\u00";
        list += kHex[u >> 4];
        list += kHex[u & 15];
        continue;
      }
      if (c == '"' || c == '\\') list += '\\';
      list += c;
    }
    list += '"';
  }
  return list + "]";
}

}  // namespace

Result<std::vector<std::vector<int64_t>>> KbStore::TermRows(
    std::string_view columns, const std::vector<std::string>& terms, const KbFilter& filter,
    size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(ReadTransaction tx, ReadTransaction::Begin(db_.get()));
  Stmt& st = filter.empty() ? s->rows_all : s->rows_filtered;
  if (!filter.empty()) {
    auto text_or_null = [&st](int i, const std::string& v) {
      if (v.empty()) {
        st.BindNull(i);
      } else {
        st.Bind(i, v);
      }
    };
    text_or_null(3, filter.languages.empty() ? "" : JsonList(filter.languages));
    text_or_null(4, filter.tags.empty() ? "" : JsonList(filter.tags));
    text_or_null(5, filter.since);
    text_or_null(6, filter.until);
  }
  std::vector<std::vector<int64_t>> out;
  out.reserve(terms.size());
  for (const std::string& term : terms) {
    const std::string expression = std::string(columns) + " : \"" + term + "\"";
    st.Bind(1, expression).Bind(2, static_cast<int64_t>(limit));
    Result<std::vector<int64_t>> rows = st.Rows([](const Stmt& r) { return r.Int(0); });
    LOKA_RETURN_IF_ERROR(st.Reset());
    if (!rows.ok()) return rows.status();
    out.push_back(std::move(*rows));
  }
  return out;
}

Result<std::vector<int64_t>> KbStore::TermPassages(const std::vector<std::string>& terms) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(ReadTransaction tx, ReadTransaction::Begin(db_.get()));
  std::vector<int64_t> out;
  out.reserve(terms.size());
  for (const std::string& term : terms) {
    s->term_passages.Bind(1, term);
    Result<bool> row = s->term_passages.Step();
    out.push_back(row.ok() && *row ? s->term_passages.Int(0) : 0);
    LOKA_RETURN_IF_ERROR(s->term_passages.Reset());
    if (!row.ok()) return row.status();
  }
  return out;
}

Result<std::vector<KbTerms>> KbStore::Terms(const std::vector<int64_t>& ids) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(ReadTransaction tx, ReadTransaction::Begin(db_.get()));
  std::vector<KbTerms> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    s->terms.Bind(1, id);
    Result<bool> row = s->terms.Step();
    if (row.ok() && *row) {
      out.push_back(KbTerms{s->terms.Text(0), s->terms.Text(1), s->terms.Text(2)});
    } else {
      out.emplace_back();
    }
    LOKA_RETURN_IF_ERROR(s->terms.Reset());
    if (!row.ok()) return row.status();
  }
  return out;
}

Result<std::vector<KbPassageRecord>> KbStore::GetPassages(const std::vector<int64_t>& ids) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(ReadTransaction tx, ReadTransaction::Begin(db_.get()));
  std::vector<KbPassageRecord> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    s->passage.Bind(1, id);
    Result<bool> row = s->passage.Step();
    if (row.ok() && *row) {
      const Stmt& r = s->passage;
      out.push_back(KbPassageRecord{r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5),
                                    r.Text(6), r.Text(7)});
    }
    LOKA_RETURN_IF_ERROR(s->passage.Reset());
    if (!row.ok()) return row.status();
  }
  return out;
}

Result<KbEmbeddingRecord> KbStore::EmbeddingState() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT passages, generation, "
                                                          "trained_at_ms FROM kb_embedding"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  KbEmbeddingRecord r;
  if (row) {
    r.passages = st.Int(0);
    r.generation = st.Int(1);
    r.trained_at_ms = st.Int(2);
  }
  return r;
}

Result<std::optional<KbEmbeddingRecord>> KbStore::GetEmbedding() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT model, passages, generation, "
                                                          "trained_at_ms FROM kb_embedding"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<KbEmbeddingRecord>();
  return std::optional<KbEmbeddingRecord>(
      KbEmbeddingRecord{st.Blob(0), st.Int(1), st.Int(2), st.Int(3)});
}

Status KbStore::PutEmbedding(std::string_view model, int64_t passages,
                             const std::vector<std::pair<int64_t, std::string>>& vectors) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(
      Stmt put, Stmt::Prepare(db, "INSERT INTO kb_embedding (id, model, passages, generation, "
                                  "trained_at_ms) VALUES (1, ?1, ?2, 1, ?3) ON CONFLICT (id) DO "
                                  "UPDATE SET model = ?1, passages = ?2, generation = "
                                  "generation + 1, trained_at_ms = ?3"));
  put.BindBlob(1, model).Bind(2, passages).Bind(3, NowMs());
  LOKA_RETURN_IF_ERROR(put.Run().WithPrefix("kb_embedding"));
  LOKA_ASSIGN_OR_RETURN(Stmt vector, Stmt::Prepare(db, "INSERT OR REPLACE INTO kb_vectors "
                                                       "(passage_id, vector) SELECT ?1, ?2 "
                                                       "WHERE EXISTS (SELECT 1 FROM kb_passages "
                                                       "WHERE id = ?1)"));
  for (const auto& [id, bytes] : vectors) {
    vector.Bind(1, id).BindBlob(2, bytes);
    LOKA_RETURN_IF_ERROR(vector.Run().WithPrefix("kb_vectors"));
    LOKA_RETURN_IF_ERROR(vector.Reset());
  }
  return tx.Commit();
}

Result<std::vector<std::pair<std::string, std::string>>> KbStore::Vectors(
    const std::vector<int64_t>& ids) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(ReadTransaction tx, ReadTransaction::Begin(db_.get()));
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    s->vector.Bind(1, id);
    Result<bool> row = s->vector.Step();
    if (row.ok() && *row) {
      out.emplace_back(s->vector.Text(0), s->vector.Blob(1));
    } else {
      out.emplace_back();
    }
    LOKA_RETURN_IF_ERROR(s->vector.Reset());
    if (!row.ok()) return row.status();
  }
  return out;
}

Result<std::vector<std::pair<int64_t, std::string>>> KbStore::AllPassageTexts() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT id, text FROM kb_passages "
                                                          "ORDER BY id"));
  return st.Rows(
      [](const Stmt& r) { return std::pair<int64_t, std::string>(r.Int(0), r.Text(1)); });
}

}  // namespace loka::store
