// The knowledge base end to end on a real SQLite file: adding, versioning, deleting,
// searching with typos, romanized queries, filters, and hostile input.
#include "search/knowledge_base.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../store/temp_dir.h"
#include "core/file.h"
#include "text/json.h"

namespace loka::search {
namespace {

const std::string kTestdata = std::string(LOKA_TESTDATA_DIR) + "/search/";

// A stand-in for language ID: Devanagari text is Hindi, the rest English. (The knowledge base
// only stores what it is told; langid has tests of its own.)
Status FakeLanguage(std::string_view text, langid::LangResult* out) {
  const bool deva = text.find("\xE0\xA4") != std::string_view::npos;
  out->language = deva ? "hin" : "eng";
  out->script = deva ? "Deva" : "Latn";
  return Status::Ok();
}

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<KnowledgeBase> kb = KnowledgeBase::Open(dir_.File("kb.db"), FakeLanguage);
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = std::make_unique<KnowledgeBase>(std::move(*kb));
  }

  void Add(const std::string& name, const std::string& text, Format format = Format::kText) {
    Result<AddReport> r = kb_->AddDocument(name, text, format);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::vector<SearchResult> Find(std::string_view q, size_t k = 10) {
    SearchOptions o;
    o.k = k;
    Result<std::vector<SearchResult>> r = kb_->Search(q, o);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? *r : std::vector<SearchResult>();
  }

  void WriteFile(const std::string& path, const std::string& bytes) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  testing::TempDir dir_;
  std::unique_ptr<KnowledgeBase> kb_;
};

constexpr const char* kAdvice =
    "# Maize\n\n"
    "Plant maize after the first good rains, when the soil is moist to a hand's depth.\n\n"
    "## Fall armyworm\n\n"
    "Scout the field every week; spray neem extract when you find young larvae.\n\n"
    "## Fertiliser\n\n"
    "Apply urea in two splits, at four weeks and at tasselling.\n";

TEST_F(KnowledgeBaseTest, FindsThePassageWithItsHeadingAndSnippet) {
  Add("maize.md", kAdvice, Format::kMarkdown);
  std::vector<SearchResult> r = Find("spray neem extract larvae");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].doc, "maize.md");
  EXPECT_EQ(r[0].heading, "Maize > Fall armyworm");
  EXPECT_EQ(r[0].language, "eng");
  EXPECT_NE(r[0].snippet.find("**neem**"), std::string::npos) << r[0].snippet;
  EXPECT_GT(r[0].score, 0);
  // Every query word is in the passage: coverage 1. A word no passage holds ("locusts")
  // leaves the share of the others' idf, each word in one passage weighing the same: 4 of 5.
  EXPECT_DOUBLE_EQ(r[0].coverage, 1.0);
  r = Find("spray neem extract larvae locusts");
  ASSERT_FALSE(r.empty());
  EXPECT_NEAR(r[0].coverage, 4.0 / 5, 1e-9);
}

TEST_F(KnowledgeBaseTest, TyposAndMissingDiacriticsStillMatch) {
  Add("maize.md", kAdvice, Format::kMarkdown);
  Add("fr.txt", "Épandre l'urée après la première pluie abondante.");
  // "fertilser" (a letter dropped), "tasseling" (one 'l'), no capitals.
  std::vector<SearchResult> r = Find("urea splits tasseling");
  ASSERT_FALSE(r.empty());
  EXPECT_NE(r[0].text.find("tasselling"), std::string::npos);
  r = Find("epandre uree apres la premiere pluie");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].doc, "fr.txt");
  r = Find("armywrm scuot field");  // two typos, one word only partly right
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].heading, "Maize > Fall armyworm");
}

// Someone half remembers a line of a long notice and types it with a typo. A short note that
// holds the same words in another order wins the fused ranking (its length counts in BM25);
// the phrase re-ranking puts the notice that holds the words as one run first.
TEST_F(KnowledgeBaseTest, APassageHoldingTheQueryAsOnePhraseComesFirst) {
  const std::string notice =
      "Notice to all households of the ward. The committee met on Monday and agreed the "
      "following works for the dry season, paid from the ward fund and done by local "
      "workers. The old water pump near the school will be repaired first, then the drain "
      "along the market road, then the roof of the clinic store. Households are asked to "
      "keep children away from the works and to report any new leak to the ward office.";
  const std::string note = "Water the school garden; the pump near the old gate works.";
  const std::string query = "old water pump near the scool";  // "school" with a letter dropped
  for (size_t depth : {size_t{0}, KbOptions().phrase_depth}) {
    SCOPED_TRACE("phrase_depth " + std::to_string(depth));
    KbOptions o;
    o.phrase_depth = depth;
    Result<KnowledgeBase> kb =
        KnowledgeBase::Open(dir_.File("phrase" + std::to_string(depth) + ".db"), FakeLanguage, o);
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    ASSERT_TRUE(kb->AddDocument("notice.txt", notice, Format::kText).ok());
    ASSERT_TRUE(kb->AddDocument("note.txt", note, Format::kText).ok());
    Result<std::vector<SearchResult>> r = kb->Search(query);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->size(), 2u);
    if (depth == 0) {
      EXPECT_EQ((*r)[0].doc, "note.txt") << "the fused order this test relies on changed";
      EXPECT_LT((*r)[0].score, 1);
    } else {
      EXPECT_EQ((*r)[0].doc, "notice.txt");
      // 1 + share: the query's 31 code points (29 and a space at each end) all align but the
      // dropped "h" (30/31).
      EXPECT_NEAR((*r)[0].score, 1 + 30.0 / 31, 1e-9);
      EXPECT_GT((*r)[0].score, (*r)[1].score);
    }
  }
}

// A query word found whole outranks the same letters inside a longer word, in the fused
// ranking and after the phrase re-ranking; a word typed twice counts once; a passage holding
// none of the query's words is not moved to the front for a few aligned letters.
TEST_F(KnowledgeBaseTest, WholeWordsOutrankLettersInsideLongerWords) {
  for (size_t depth : {size_t{0}, KbOptions().phrase_depth}) {
    SCOPED_TRACE("phrase_depth " + std::to_string(depth));
    KbOptions o;
    o.phrase_depth = depth;
    o.semantic_weight = 0;
    Result<KnowledgeBase> kb =
        KnowledgeBase::Open(dir_.File("words" + std::to_string(depth) + ".db"), FakeLanguage, o);
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    ASSERT_TRUE(kb->AddDocument("sw.txt",
                                "Mwagilia maji kila wiki asubuhi na jioni shambani kwa "
                                "uangalifu.\n\nMajibu mafupi.\n",
                                Format::kText)
                    .ok());
    ASSERT_TRUE(kb->AddDocument("tea.txt",
                                "Instead of urea use manure.\n\n"
                                "Farmers drink tea after weeding the field in the afternoon.\n",
                                Format::kText)
                    .ok());
    ASSERT_TRUE(kb->AddDocument("pani.txt",
                                "Paniya is grown near the river.\n\nWe carry pani from the well "
                                "every morning before school and again in the evening.\n",
                                Format::kText)
                    .ok());
    for (const auto& [query, first] :
         {std::pair<std::string, std::string>{"maji", "Mwagilia maji"},
          {"tea", "Farmers drink tea"},
          {"pani pani pani", "We carry pani"}}) {
      Result<std::vector<SearchResult>> r = kb->Search(query);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_GE(r->size(), 2u) << query;
      EXPECT_EQ((*r)[0].text.rfind(first, 0), 0u) << query << " -> " << (*r)[0].text;
      EXPECT_DOUBLE_EQ((*r)[0].coverage, 1.0) << query;
      EXPECT_GT((*r)[0].score, (*r)[1].score) << query;
    }
    // A typo is still forgiven.
    Result<std::vector<SearchResult>> typo = kb->Search("mwagiliaa maaji");
    ASSERT_TRUE(typo.ok()) << typo.status().ToString();
    ASSERT_FALSE(typo->empty());
    EXPECT_EQ((*typo)[0].text.rfind("Mwagilia maji", 0), 0u) << (*typo)[0].text;
    // "teapot" holds "tea" but no passage holds the word (coverage 0): found by its 3-grams,
    // but not promoted as a phrase match.
    Result<std::vector<SearchResult>> r = kb->Search("teapot");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const SearchResult& x : *r) {
      EXPECT_EQ(x.coverage, 0) << x.text;
      EXPECT_LT(x.score, 1) << x.text;
    }
  }
}

// Two passages align the same stretch of a query with a typo ("neem extr(a)ct"); the one that
// also holds the query's other word ("larvae") comes first, though it is the longer.
TEST_F(KnowledgeBaseTest, EqualPhraseMatchesAreOrderedByTheQueryWordsTheyHold) {
  Add("advisory.txt", "Fall armyworm control with neem extract");
  Add("maize.md", "Spray neem extract when you find young larvae.");
  std::vector<SearchResult> r = Find("neem extrct larvae");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].doc, "maize.md");
  EXPECT_DOUBLE_EQ(r[0].score, r[1].score);  // the same share of the query aligned
  // Without the third word both hold the same words, and the shorter passage comes first.
  r = Find("neem extrct");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].doc, "advisory.txt");
}

TEST_F(KnowledgeBaseTest, MarksTellTheMatchedWordsFromAsterisksOfTheTextItself) {
  Add("dose.txt", "Use 2**3 kg of urea per plot. Never mix ** with neem oil.");
  std::vector<SearchResult> r = Find("neem");
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].marks.size(), 1u) << r[0].snippet;
  const auto [begin, end] = r[0].marks[0];
  EXPECT_EQ(r[0].snippet.substr(begin, end - begin), "neem");
  EXPECT_EQ(r[0].snippet.substr(begin - 2, 2), "**");
  EXPECT_EQ(r[0].snippet.substr(end, 2), "**");
  EXPECT_EQ(ResultsToJson(r)["results"][0]["marks"], text::Json::parse("[[" + std::to_string(begin) +
                                                                       "," + std::to_string(end) + "]]"));
}

TEST_F(KnowledgeBaseTest, RomanizedQueriesFindNativeScriptAndNativeQueriesRankItFirst) {
  Add("hi.txt", "मेरे खेत में पानी नहीं है\n\nबीज बोने से पहले खेत की जुताई करें");
  Add("en.txt", "Water the seedlings in the morning.");
  std::vector<SearchResult> r = Find("mere khet mem pani nahim hai");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].doc, "hi.txt");
  EXPECT_EQ(r[0].ordinal, 0);
  EXPECT_NE(r[0].snippet.find("**"), std::string::npos) << r[0].snippet;
  r = Find("खेत में पानी");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].text, "मेरे खेत में पानी नहीं है");
}

TEST(SnippetTest, TransliteratedHighlightsOnlyWhenAsked) {
  const std::string text = "मेरे खेत में पानी नहीं है";
  // A romanized query's keys, sorted. ICU's Devanagari-Latin keeps the inherent vowel of a
  // final consonant (खेत -> "kheta"), so "khet" is not a transliteration match; पानी -> "pani" is.
  std::vector<std::string> keys = {"khet", "pani"};
  EXPECT_EQ(Snippet(text, keys, 240, true), "मेरे खेत में **पानी** नहीं है");
  EXPECT_EQ(Snippet(text, keys, 240, false), text);  // no ICU transliteration at all
}

TEST(SnippetTest, AShortPassageIsWholeAndAHugeWordIsCut) {
  EXPECT_EQ(Snippet("Page two talks about sorghum storage.", {"sorghum"}, 240),
            "Page two talks about **sorghum** storage.");
  EXPECT_EQ(Snippet("(Page two) talks about sorghum.", {"sorghum"}, 240),
            "(Page two) talks about **sorghum**.");
  // A long passage is still cut around its match, with ellipses where text was left out.
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "filler words here ";
  long_text += "sorghum storage";
  for (int i = 0; i < 100; ++i) long_text += " more filler words";
  const std::string cut = Snippet(long_text, {"sorghum"}, 240);
  EXPECT_EQ(cut.rfind("… ", 0), 0u) << cut;
  EXPECT_NE(cut.find("**sorghum**"), std::string::npos);
  EXPECT_EQ(cut.substr(cut.size() - 4), " …");
  EXPECT_LE(cut.size(), 240u + 20);
  // One word longer than the snippet: its first 240 bytes, then "…".
  EXPECT_EQ(Snippet(std::string(200000, 'x'), {"xxxxxxxx"}, 240), std::string(240, 'x') + "…");
  // Cut between code points: 120 two-byte letters in 241 bytes.
  std::string accents;
  for (int i = 0; i < 1000; ++i) accents += "é";
  std::string expected;
  for (int i = 0; i < 120; ++i) expected += "é";
  EXPECT_EQ(Snippet(accents, {"e"}, 241), expected + "…");
}

TEST_F(KnowledgeBaseTest, LanguageFilter) {
  Add("hi.txt", "खेत में पानी");
  Add("en.txt", "khet pani field water");
  SearchOptions o;
  o.languages = {"hin"};
  Result<std::vector<SearchResult>> r = kb_->Search("khet pani", o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].doc, "hi.txt");
  o.languages = {"eng"};
  r = kb_->Search("khet pani", o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].doc, "en.txt");
}

TEST_F(KnowledgeBaseTest, TagAndDateFilters) {
  DocumentMeta old_circular{"2023-11-05", {" Fertiliser ", "MAIZE"}};
  DocumentMeta new_circular{"2024-06-01", {"maize"}};
  ASSERT_TRUE(kb_->AddDocument("old.txt", "urea subsidy for maize growers", Format::kText,
                               old_circular).ok());
  ASSERT_TRUE(kb_->AddDocument("new.txt", "urea subsidy doubled this season", Format::kText,
                               new_circular).ok());
  ASSERT_TRUE(kb_->AddDocument("plain.txt", "urea subsidy rules", Format::kText).ok());
  Result<std::vector<store::KbDocumentRecord>> docs = kb_->List();
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ((*docs)[1].tags, (std::vector<std::string>{"fertiliser", "maize"}));  // folded

  auto docs_for = [&](SearchOptions o) {
    Result<std::vector<SearchResult>> r = kb_->Search("urea subsidy", o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> names;
    for (const SearchResult& x : r.ok() ? *r : std::vector<SearchResult>()) names.push_back(x.doc);
    std::sort(names.begin(), names.end());
    return names;
  };
  SearchOptions o;
  EXPECT_EQ(docs_for(o).size(), 3u);
  o.tags = {"Fertiliser"};
  EXPECT_EQ(docs_for(o), (std::vector<std::string>{"old.txt"}));
  o.tags = {"maize"};
  EXPECT_EQ(docs_for(o), (std::vector<std::string>{"new.txt", "old.txt"}));
  o.tags.clear();
  o.since = "2024-01-01";
  EXPECT_EQ(docs_for(o), (std::vector<std::string>{"new.txt"}));
  o.since.clear();
  o.until = "2023-12-31";
  EXPECT_EQ(docs_for(o), (std::vector<std::string>{"old.txt"}));

  o.until = "2023-02-30";
  Result<std::vector<SearchResult>> bad = kb_->Search("urea", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("until"), std::string::npos) << bad.status().message();
  for (const DocumentMeta& m : {DocumentMeta{"5 June", {}}, DocumentMeta{"", {"  "}},
                                DocumentMeta{"", {std::string(65, 'x')}}}) {
    Result<AddReport> r = kb_->AddDocument("bad.txt", "text", Format::kText, m);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  }
}

TEST_F(KnowledgeBaseTest, DocumentNamesAndTagsAreChecked) {
  for (const std::string& name :
       {std::string("a\tb.txt"), std::string("line\nbreak.txt"), std::string("nul\0.txt", 7),
        std::string("c1\xC2\x85.txt"), std::string("   "), std::string(),
        std::string(1025, 'n')}) {
    Result<AddReport> r = kb_->AddDocument(name, "text", Format::kText);
    ASSERT_FALSE(r.ok()) << name.substr(0, 20);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  }
  Result<AddReport> too_long = kb_->AddDocument(std::string(1025, 'n'), "text", Format::kText);
  EXPECT_NE(too_long.status().message().find("max_name_bytes"), std::string::npos);
  Result<AddReport> control = kb_->AddDocument("a\tb.txt", "text", Format::kText);
  EXPECT_NE(control.status().message().find("control character at byte 1"), std::string::npos)
      << control.status().message();
  EXPECT_TRUE(kb_->AddDocument(std::string(1024, 'n'), "text", Format::kText).ok());
  EXPECT_TRUE(kb_->AddDocument("2024/Circular n° 5 – खेत.txt", "text", Format::kText).ok());

  // A comma in a tag is refused where tags are checked: for adding and for filtering.
  Result<AddReport> comma =
      kb_->AddDocument("c.txt", "text", Format::kText, DocumentMeta{"", {"maize,rice"}});
  ASSERT_FALSE(comma.ok());
  EXPECT_EQ(comma.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(comma.status().message().find("comma"), std::string::npos);
  SearchOptions o;
  o.tags = {"maize,rice"};
  EXPECT_EQ(kb_->Search("text", o).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(KnowledgeBaseTest, DocumentsAreVersionedReplacedAndDeleted) {
  Add("a.txt", "old advice about sorghum");
  Result<AddReport> same = kb_->AddDocument("a.txt", "old advice about sorghum", Format::kText);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->outcome, store::KbPutOutcome::kUnchanged);
  Result<AddReport> changed = kb_->AddDocument("a.txt", "new advice about millet", Format::kText);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->outcome, store::KbPutOutcome::kReplaced);
  EXPECT_TRUE(Find("sorghum").empty());  // the old passages are gone
  ASSERT_EQ(Find("millet").size(), 1u);
  Result<std::vector<store::KbDocumentRecord>> docs = kb_->List();
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].version, 2);
  EXPECT_EQ((*docs)[0].passages, 1);
  ASSERT_TRUE(kb_->Remove("a.txt").ok());
  EXPECT_TRUE(Find("millet").empty());
  Status again = kb_->Remove("a.txt");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
}

TEST_F(KnowledgeBaseTest, AddPathsNamesFilesFromFoldersByTheirRelativePath) {
  WriteFile(dir_.File("docs/maize.md"), kAdvice);
  WriteFile(dir_.File("docs/2024/circular.html"), "<h1>Circular</h1><p>Subsidy for drip kits</p>");
  WriteFile(dir_.File("docs/.hidden/x.txt"), "secret");
  WriteFile(dir_.File("docs/photo.jpg"), "\xff\xd8");
  std::filesystem::copy_file(kTestdata + "advisory.pdf", dir_.File("docs/advisory.pdf"));
  WriteFile(dir_.File("single.txt"), "one file added by its path");
  Result<std::vector<AddReport>> r = kb_->AddPaths({dir_.File("docs"), dir_.File("single.txt")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].doc, "2024/circular.html");
  EXPECT_EQ((*r)[1].doc, "advisory.pdf");
  EXPECT_EQ((*r)[2].doc, "maize.md");
  EXPECT_EQ((*r)[3].doc, dir_.File("single.txt"));
  for (const AddReport& a : *r) EXPECT_TRUE(a.status.ok()) << a.doc << a.status.ToString();
  std::vector<SearchResult> found = Find("drip subsidy");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].doc, "2024/circular.html");
  found = Find("irrigate maize seven days");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].doc, "advisory.pdf");
  EXPECT_EQ(found[0].heading, "page 2");
  // Added again unchanged: nothing is rewritten.
  r = kb_->AddPaths({dir_.File("docs")});
  ASSERT_TRUE(r.ok());
  for (const AddReport& a : *r) EXPECT_EQ(a.outcome, store::KbPutOutcome::kUnchanged);
}

// One add of several paths: a missing path, a folder without documents and a second file
// stored under a name already taken are each reported, and everything else is still added.
TEST_F(KnowledgeBaseTest, AddPathsReportsEachBadPathAndAddsTheRest) {
  WriteFile(dir_.File("a/faq.md"), "Apple advisory");
  WriteFile(dir_.File("b/faq.md"), "Banana advisory");
  WriteFile(dir_.File("b/other.md"), "Cherry advisory");
  std::filesystem::create_directories(dir_.File("emptydir/sub"));
  WriteFile(dir_.File("emptydir/photo.jpg"), "\xff\xd8");
  WriteFile(dir_.File("some.txt"), "Some advisory");
  Result<std::vector<AddReport>> r =
      kb_->AddPaths({dir_.File("a"), dir_.File("missing.txt"), dir_.File("b"),
                     dir_.File("emptydir"), dir_.File("some.txt"), dir_.File("some.txt")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 6u);
  EXPECT_EQ((*r)[0].doc, "faq.md");
  EXPECT_TRUE((*r)[0].status.ok());
  EXPECT_EQ((*r)[1].doc, dir_.File("missing.txt"));
  EXPECT_EQ((*r)[1].status.code(), StatusCode::kNotFound);
  EXPECT_NE((*r)[1].status.message().find("missing.txt: open: No such file"), std::string::npos)
      << (*r)[1].status.message();
  EXPECT_EQ((*r)[2].doc, "faq.md");
  EXPECT_EQ((*r)[2].status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE((*r)[2].status.message().find(dir_.File("a/faq.md")), std::string::npos)
      << (*r)[2].status.message();
  EXPECT_NE((*r)[2].status.message().find(dir_.File("b/faq.md")), std::string::npos);
  EXPECT_EQ((*r)[3].doc, "other.md");
  EXPECT_TRUE((*r)[3].status.ok());
  EXPECT_EQ((*r)[4].doc, dir_.File("emptydir"));
  EXPECT_EQ((*r)[4].status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE((*r)[4].status.message().find("holds no document"), std::string::npos);
  EXPECT_EQ((*r)[5].doc, dir_.File("some.txt"));  // given twice, added once
  EXPECT_TRUE((*r)[5].status.ok());
  ASSERT_EQ(Find("apple").size(), 1u);  // the first faq.md is kept
  EXPECT_TRUE(Find("banana").empty());
  EXPECT_EQ(Find("cherry").size(), 1u);
  EXPECT_EQ(Find("some").size(), 1u);

  // Added again unchanged: the report still says how many passages the document has.
  r = kb_->AddPaths({dir_.File("some.txt")});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].outcome, store::KbPutOutcome::kUnchanged);
  EXPECT_EQ((*r)[0].passages, 1u);
}

TEST_F(KnowledgeBaseTest, BadFilesFailAloneWithClearErrors) {
  // 200 MB, sparse: refused by its size before a byte is read.
  {
    std::ofstream big(dir_.File("bad/huge.txt"), std::ios::binary);
  }
  WriteFile(dir_.File("bad/huge.txt"), "");
  std::filesystem::resize_file(dir_.File("bad/huge.txt"), 200u << 20);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  WriteFile(dir_.File("bad/garbage.txt"), garbage);
  std::filesystem::copy_file(kTestdata + "corrupt.pdf", dir_.File("bad/corrupt.pdf"));
  WriteFile(dir_.File("bad/good.txt"), "this one is fine");
  Result<std::vector<AddReport>> r = kb_->AddPaths({dir_.File("bad")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].doc, "corrupt.pdf");
  EXPECT_EQ((*r)[0].status.code(), StatusCode::kCorrupt);
  EXPECT_EQ((*r)[1].doc, "garbage.txt");
  EXPECT_EQ((*r)[1].status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE((*r)[1].status.message().find("malformed UTF-8"), std::string::npos);
  EXPECT_TRUE((*r)[2].status.ok());
  EXPECT_EQ((*r)[3].doc, "huge.txt");
  EXPECT_EQ((*r)[3].status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE((*r)[3].status.message().find("max_document_bytes"), std::string::npos);
  Result<std::vector<store::KbDocumentRecord>> docs = kb_->List();
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].path, "good.txt");
}

TEST_F(KnowledgeBaseTest, EmptyAndOversizedQueriesAreErrors) {
  Add("a.txt", "some text");
  for (std::string_view q : {"", "   ", "\t\n"}) {
    Result<std::vector<SearchResult>> r = kb_->Search(q);
    ASSERT_FALSE(r.ok()) << "[" << q << "]";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  Result<std::vector<SearchResult>> r = kb_->Search(std::string(5000, 'a'));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = kb_->Search("bad \xff utf8");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  SearchOptions o;
  o.k = 0;
  EXPECT_EQ(kb_->Search("text", o).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(KnowledgeBaseTest, Fts5SyntaxInQueriesIsJustText) {
  Add("a.txt", "NEAR the river, farmers AND herders share water OR grazing.");
  Add("b.txt", "Nothing about that here.");
  // Each query holds "river" (a.txt only) amid FTS5 syntax: it finds a.txt first, no error.
  for (std::string_view q :
       {"\"unbalanced river", "NEAR(river farmers, 2)", "words: river", "{words latin}: river",
        "river AND NOT herders", "river OR", "riv*er", "^river", "(river", "-river +farmers",
        "river \"\"\"", "river * ^ : ( ) { }", "rowid:1 river", "kb_terms MATCH 'river'"}) {
    Result<std::vector<SearchResult>> r = kb_->Search(q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    ASSERT_FALSE(r->empty()) << q;
    EXPECT_EQ((*r)[0].doc, "a.txt") << q;
  }
  for (std::string_view q : {"\"", "NOT", "NEAR(", "{", "*", "^", "OR AND"}) {
    EXPECT_TRUE(kb_->Search(q).ok()) << q;
  }
  // Operator words are ordinary words: "near" and "and" are in a.txt only.
  EXPECT_EQ(Find("NEAR AND").at(0).doc, "a.txt");
  EXPECT_TRUE(Find("* ^ : ( ) { }").empty());  // no words at all: no results, no error
}

}  // namespace
}  // namespace loka::search
