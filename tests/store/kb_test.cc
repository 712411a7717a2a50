// The knowledge base's tables (store/kb.h): the per-term passage counts stay equal to what
// FTS5's own vocabulary counts through adds, replacements and deletions; dates, tags and the
// search filter; the upgrade from schema 6 counts what is already indexed.
#include "store/kb.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "store/migrations.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

// term -> passages, as FTS5's vocabulary table counts them (the reference the store's own
// counts must match), plus "" -> every passage.
std::map<std::string, int64_t> VocabularyCounts(const std::string& path) {
  std::map<std::string, int64_t> out;
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, kb_terms, 'row')",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT term, doc FROM temp.v UNION ALL SELECT '', COUNT(*) FROM "
                     "kb_passages", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// Every counted term with its stored count, read through KbStore::TermPassages.
void ExpectCountsMatchVocabulary(KbStore& kb, const std::string& path) {
  const std::map<std::string, int64_t> want = VocabularyCounts(path);
  std::vector<std::string> terms;
  for (const auto& [t, n] : want) terms.push_back(t);
  Result<std::vector<int64_t>> got = kb.TermPassages(terms);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ((*got)[i], want.at(terms[i])) << "term \"" << terms[i] << "\"";
  }
}

KbNewPassage P(const std::string& text, const std::string& words, const std::string& grams,
               const std::string& language = "eng") {
  KbNewPassage p;
  p.passage.text = text;
  p.passage.language = language;
  p.passage.script = "Latn";
  p.terms.words = words;
  p.terms.grams = grams;
  return p;
}

KbNewDocument Doc(const std::string& path, const std::string& hash,
                  std::vector<KbNewPassage> passages) {
  KbNewDocument d;
  d.path = path;
  d.format = "text";
  d.content_hash = hash;
  d.passages = std::move(passages);
  return d;
}

TEST(KbStoreTest, TermCountsFollowAddsReplacementsAndDeletions) {
  testing::TempDir dir;
  const std::string path = dir.File("kb.db");
  Result<KbStore> kb = KbStore::Open(path);
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  // "aa" twice in one passage counts once; "bb" in words and grams of one passage counts once.
  ASSERT_TRUE(kb->PutDocuments({Doc("a", "h1", {P("1", "aa aa bb", "bb cc"), P("2", "aa", "")}),
                                Doc("b", "h2", {P("3", "dd", "cc")})})
                  .ok());
  EXPECT_EQ(*kb->CountPassages(), 3);
  EXPECT_EQ(kb->TermPassages({"aa", "bb", "cc", "dd", "zz"})->at(0), 2);
  ExpectCountsMatchVocabulary(*kb, path);
  EXPECT_EQ(*kb->TermPassages({"bb", "cc", "zz"}), (std::vector<int64_t>{1, 2, 0}));

  ASSERT_TRUE(kb->PutDocuments({Doc("a", "h3", {P("4", "ee", "cc")})}).ok());  // replaced
  EXPECT_EQ(*kb->CountPassages(), 2);
  EXPECT_EQ(*kb->TermPassages({"aa", "bb", "cc", "ee"}), (std::vector<int64_t>{0, 0, 2, 1}));
  ExpectCountsMatchVocabulary(*kb, path);

  ASSERT_TRUE(kb->DeleteDocument("b").ok());
  EXPECT_EQ(*kb->CountPassages(), 1);
  EXPECT_EQ(*kb->TermPassages({"cc", "dd"}), (std::vector<int64_t>{1, 0}));
  ExpectCountsMatchVocabulary(*kb, path);
}

TEST(KbStoreTest, DatesTagsAndTheFilter) {
  testing::TempDir dir;
  Result<KbStore> kb = KbStore::Open(dir.File("kb.db"));
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  KbNewDocument a = Doc("a", "h1", {P("maize", "aa", "", "eng")});
  a.date = "2024-03-01";
  a.tags = {"maize", "fertiliser"};
  KbNewDocument b = Doc("b", "h2", {P("mahindi", "aa", "", "swh")});
  b.date = "2024-06-30";
  b.tags = {"maize"};
  KbNewDocument c = Doc("c", "h3", {P("undated", "aa", "", "eng")});
  ASSERT_TRUE(kb->PutDocuments({a, b, c}).ok());

  Result<std::optional<KbDocumentRecord>> found = kb->FindDocument("a");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->date, "2024-03-01");
  EXPECT_EQ((*found)->tags, (std::vector<std::string>{"fertiliser", "maize"}));
  EXPECT_EQ(kb->FindDocument("c")->value().date, "");

  auto rows = [&](const KbFilter& f) { return kb->TermRows("words", {"aa"}, f, 10)->at(0); };
  EXPECT_EQ(rows({}), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(rows({{"eng"}, {}, "", ""}), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(rows({{}, {"fertiliser"}, "", ""}), (std::vector<int64_t>{1}));
  EXPECT_EQ(rows({{}, {"maize", "none"}, "", ""}), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(rows({{}, {}, "2024-03-02", ""}), (std::vector<int64_t>{2}));  // undated left out
  EXPECT_EQ(rows({{}, {}, "", "2024-03-01"}), (std::vector<int64_t>{1}));  // inclusive
  EXPECT_EQ(rows({{"swh"}, {"fertiliser"}, "", ""}), (std::vector<int64_t>{}));

  // Same content with other tags is a new version; the same everything is unchanged.
  b.tags = {"maize", "kharif"};
  EXPECT_EQ(kb->PutDocuments({b})->at(0), KbPutOutcome::kReplaced);
  EXPECT_EQ(kb->PutDocuments({b})->at(0), KbPutOutcome::kUnchanged);
  EXPECT_EQ(rows({{}, {"kharif"}, "", ""}).size(), 1u);
  ASSERT_TRUE(kb->DeleteDocument("b").ok());
  EXPECT_EQ(rows({{}, {"kharif"}, "", ""}).size(), 0u);  // its tags went with it
}

TEST(KbStoreTest, UpgradeFromSchemaSixCountsIndexedTerms) {
  testing::TempDir dir;
  const std::string path = dir.File("kb.db");
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    ASSERT_TRUE(Migrate(db, 6).ok());
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO kb_documents (id, path, format, content_hash, size_bytes, "
                           "version, created_at_ms, updated_at_ms) VALUES (1, 'a', 'text', 'h', "
                           "1, 1, 0, 0);"
                           "INSERT INTO kb_passages (id, document_id, ordinal, text, language, "
                           "script) VALUES (1, 1, 0, 'x', 'eng', 'Latn'), (2, 1, 1, 'y', 'eng', "
                           "'Latn');"
                           "INSERT INTO kb_terms (rowid, words, latin, grams) VALUES "
                           "(1, 'aa bb', '', 'gg'), (2, 'aa', 'bb', '')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Result<KbStore> kb = KbStore::Open(path);
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  EXPECT_EQ(*kb->CountPassages(), 2);
  EXPECT_EQ(*kb->TermPassages({"aa", "bb", "gg"}), (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(kb->FindDocument("a")->value().date, "");
  ExpectCountsMatchVocabulary(*kb, path);
}

}  // namespace
}  // namespace loka::store
