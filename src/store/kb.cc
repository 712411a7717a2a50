// The knowledge base's documents, passages and FTS5 terms (store/kb.h).
#include "store/kb.h"

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
  Stmt rows_all, rows_languages, vocab, grams, passage;
};

KbStore::KbStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu)
    : db_(std::move(db)), mu_(std::move(mu)) {}
KbStore::KbStore(KbStore&&) noexcept = default;
KbStore& KbStore::operator=(KbStore&&) noexcept = default;
KbStore::~KbStore() = default;

Result<KbStore> KbStore::Open(const std::string& path, const StoreOptions& options) {
  LOKA_ASSIGN_OR_RETURN(internal::DbHandle db, internal::OpenDatabase(path, options));
  return KbStore(std::move(db), std::make_unique<std::mutex>());
}

Result<KbStore::Statements*> KbStore::Prepared() {
  if (stmts_) return stmts_.get();
  sqlite3* db = db_.get();
  constexpr const char* kRowsAll =
      "SELECT rowid FROM kb_terms WHERE kb_terms MATCH ?1 LIMIT ?2";
  constexpr const char* kRowsLanguages =
      "SELECT t.rowid FROM kb_terms t JOIN kb_passages p ON p.id = t.rowid WHERE kb_terms MATCH "
      "?1 AND p.language IN (SELECT value FROM json_each(?3)) LIMIT ?2";
  constexpr const char* kPassage =
      "SELECT p.id, p.document_id, d.path, p.ordinal, p.heading, p.text, p.language, p.script "
      "FROM kb_passages p JOIN kb_documents d ON d.id = p.document_id WHERE p.id = ?";
  // Document frequencies through FTS5's own vocabulary table, per connection (temp schema).
  LOKA_RETURN_IF_ERROR(internal::Exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_vocab "
                                          "USING fts5vocab(main, kb_terms, 'row')"));
  LOKA_ASSIGN_OR_RETURN(Stmt all, Stmt::Prepare(db, kRowsAll));
  LOKA_ASSIGN_OR_RETURN(Stmt languages, Stmt::Prepare(db, kRowsLanguages));
  LOKA_ASSIGN_OR_RETURN(Stmt vocab, Stmt::Prepare(db, "SELECT doc FROM temp.kb_vocab WHERE "
                                                      "term = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt grams, Stmt::Prepare(db, "SELECT grams FROM kb_terms WHERE "
                                                      "rowid = ?"));
  LOKA_ASSIGN_OR_RETURN(Stmt passage, Stmt::Prepare(db, kPassage));
  stmts_ = std::make_unique<Statements>(Statements{std::move(all), std::move(languages),
                                                   std::move(vocab), std::move(grams),
                                                   std::move(passage)});
  return stmts_.get();
}

Status KbStore::DeletePassagesOf(int64_t document_id) {
  LOKA_ASSIGN_OR_RETURN(Stmt terms, Stmt::Prepare(db_.get(),
                                                  "DELETE FROM kb_terms WHERE rowid IN (SELECT id "
                                                  "FROM kb_passages WHERE document_id = ?)"));
  terms.Bind(1, document_id);
  LOKA_RETURN_IF_ERROR(terms.Run());
  LOKA_ASSIGN_OR_RETURN(Stmt passages,
                        Stmt::Prepare(db_.get(), "DELETE FROM kb_passages WHERE document_id = ?"));
  passages.Bind(1, document_id);
  return passages.Run();
}

Result<std::vector<KbPutOutcome>> KbStore::PutDocuments(
    const std::vector<KbNewDocument>& documents) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(Stmt find, Stmt::Prepare(db, "SELECT id, content_hash, version FROM "
                                                     "kb_documents WHERE path = ?"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add, Stmt::Prepare(db, "INSERT INTO kb_documents (path, format, title, content_hash, "
                                  "size_bytes, version, created_at_ms, updated_at_ms) VALUES "
                                  "(?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt update, Stmt::Prepare(db, "UPDATE kb_documents SET format = ?2, title = ?3, "
                                     "content_hash = ?4, size_bytes = ?5, version = version + 1, "
                                     "updated_at_ms = ?6 WHERE id = ?1"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt passage, Stmt::Prepare(db, "INSERT INTO kb_passages (document_id, ordinal, heading, "
                                      "text, language, script) VALUES (?, ?, ?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(Stmt terms, Stmt::Prepare(db, "INSERT INTO kb_terms (rowid, words, "
                                                      "latin, grams) VALUES (?, ?, ?, ?)"));
  std::vector<KbPutOutcome> outcomes;
  outcomes.reserve(documents.size());
  const int64_t now = NowMs();
  for (const KbNewDocument& doc : documents) {
    const std::string where = "document " + doc.path;
    find.Bind(1, doc.path);
    LOKA_ASSIGN_OR_RETURN(bool found, find.Step());
    int64_t id = found ? find.Int(0) : 0;
    const bool same = found && find.Text(1) == doc.content_hash;
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
        .Bind(5, doc.size_bytes).Bind(6, now);
    LOKA_RETURN_IF_ERROR(write.Run().WithPrefix(where));
    LOKA_RETURN_IF_ERROR(write.Reset());
    if (found) {
      LOKA_RETURN_IF_ERROR(DeletePassagesOf(id).WithPrefix(where));
    } else {
      id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
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
    }
    outcomes.push_back(found ? KbPutOutcome::kReplaced : KbPutOutcome::kAdded);
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return outcomes;
}

Result<std::optional<std::string>> KbStore::ContentHash(std::string_view path) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT content_hash FROM kb_documents "
                                                          "WHERE path = ?"));
  st.Bind(1, path);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.Text(0));
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
  LOKA_RETURN_IF_ERROR(DeletePassagesOf(id));
  LOKA_ASSIGN_OR_RETURN(Stmt del, Stmt::Prepare(db_.get(), "DELETE FROM kb_documents WHERE id = ?"));
  del.Bind(1, id);
  LOKA_RETURN_IF_ERROR(del.Run());
  return tx.Commit();
}

Result<std::vector<KbDocumentRecord>> KbStore::ListDocuments() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "SELECT d.id, d.path, d.format, d.title, d.content_hash, "
                                        "d.size_bytes, d.version, (SELECT COUNT(*) FROM "
                                        "kb_passages p WHERE p.document_id = d.id), "
                                        "d.created_at_ms, d.updated_at_ms FROM kb_documents d "
                                        "ORDER BY d.path"));
  return st.Rows([](const Stmt& r) {
    return KbDocumentRecord{r.Int(0),  r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                            r.Int(5),  r.Int(6),  r.Int(7),  r.Int(8),  r.Int(9)};
  });
}

Result<int64_t> KbStore::CountPassages() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT COUNT(*) FROM kb_passages"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<std::vector<int64_t>> KbStore::TermRows(std::string_view columns, std::string_view term,
                                               const std::vector<std::string>& languages,
                                               size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  Stmt& st = languages.empty() ? s->rows_all : s->rows_languages;
  const std::string expression = std::string(columns) + " : \"" + std::string(term) + "\"";
  st.Bind(1, expression).Bind(2, static_cast<int64_t>(limit));
  if (!languages.empty()) {
    std::string list = "[";
    for (const std::string& l : languages) {
      if (list.size() > 1) list += ',';
      list += '"';
      for (char c : l) {
        if (c == '"' || c == '\\') list += '\\';
        list += c;
      }
      list += '"';
    }
    list += ']';
    st.Bind(3, list);
  }
  Result<std::vector<int64_t>> rows = st.Rows([](const Stmt& r) { return r.Int(0); });
  LOKA_RETURN_IF_ERROR(st.Reset());
  return rows;
}

Result<int64_t> KbStore::TermPassages(std::string_view term) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  s->vocab.Bind(1, term);
  Result<bool> row = s->vocab.Step();
  const int64_t n = row.ok() && *row ? s->vocab.Int(0) : 0;
  LOKA_RETURN_IF_ERROR(s->vocab.Reset());
  if (!row.ok()) return row.status();
  return n;
}

Result<std::vector<std::string>> KbStore::Grams(const std::vector<int64_t>& ids) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    s->grams.Bind(1, id);
    Result<bool> row = s->grams.Step();
    out.push_back(row.ok() && *row ? s->grams.Text(0) : std::string());
    LOKA_RETURN_IF_ERROR(s->grams.Reset());
    if (!row.ok()) return row.status();
  }
  return out;
}

Result<std::vector<KbPassageRecord>> KbStore::GetPassages(const std::vector<int64_t>& ids) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
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

}  // namespace loka::store
