// The knowledge base's semantic ranker on a real SQLite file: embeddings are learned once the
// knowledge base is large enough and again when it has grown by a share, new passages get
// vectors, another process's relearning is picked up, and the ranker orders candidates by the
// topic of their words where the word rankers tie.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../store/temp_dir.h"
#include "search/knowledge_base.h"
#include "store/kb.h"

namespace loka::search {
namespace {

const std::vector<std::string> kCrops = {"sorghum", "millet", "maize", "cassava", "groundnut",
                                         "beans"};
const std::vector<std::string> kCropVerbs = {"plant", "harvest", "sow", "weed", "thresh",
                                             "mulch"};
const std::vector<std::string> kStock = {"goats", "cattle", "sheep", "camels", "donkeys",
                                         "chickens"};
const std::vector<std::string> kStockVerbs = {"graze", "milk", "herd", "vaccinate", "shear",
                                              "brand"};

// `n` passages of 10 words, alternately about crops and livestock (deterministic).
std::string Filler(size_t n) {
  std::string text;
  uint64_t s = 11;
  auto next = [&s]() { return (s = s * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (size_t i = 0; i < n; ++i) {
    const bool crops = i % 2 == 0;
    const auto& nouns = crops ? kCrops : kStock;
    const auto& verbs = crops ? kCropVerbs : kStockVerbs;
    for (int j = 0; j < 10; ++j) {
      text += j % 2 == 0 ? verbs[next() % verbs.size()] : nouns[next() % nouns.size()];
      text += j == 9 ? ".\n\n" : " ";
    }
  }
  return text;
}

KbOptions Options() {
  KbOptions o;
  o.embed.buckets = 1u << 14;  // a small corpus: small tables, quick training
  o.embed.count_buckets = 1u << 12;
  o.embed.subsample = 1;
  o.embed.epochs = 20;
  // 12 nouns over 300 passages: each is 1-2% of the tokens, which the default a (1e-3, for
  // real vocabularies) would weigh down to a twentieth of a rare word.
  o.embed.weight_a = 0.05;
  return o;
}

class SemanticTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<KnowledgeBase> kb = KnowledgeBase::Open(dir_.File("kb.db"), nullptr, Options());
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = std::make_unique<KnowledgeBase>(std::move(*kb));
    Result<store::KbStore> store = store::KbStore::Open(dir_.File("kb.db"));
    ASSERT_TRUE(store.ok());
    store_ = std::make_unique<store::KbStore>(std::move(*store));
  }

  void Add(const std::string& name, const std::string& text) {
    Result<AddReport> r = kb_->AddDocument(name, text, Format::kText);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  int64_t Generation() {
    Result<store::KbEmbeddingRecord> s = store_->EmbeddingState();
    EXPECT_TRUE(s.ok());
    return s.ok() ? s->generation : -1;
  }

  // Rank (from 1) of the passage of `doc` for `query`, 0 when absent.
  size_t RankOf(const std::string& doc, std::string_view query, bool semantic) {
    SearchOptions o;
    o.semantic = semantic;
    o.k = 20;
    Result<std::vector<SearchResult>> r = kb_->Search(query, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return 0;
    for (size_t i = 0; i < r->size(); ++i) {
      if ((*r)[i].doc == doc) return i + 1;
    }
    return 0;
  }

  testing::TempDir dir_;
  std::unique_ptr<KnowledgeBase> kb_;
  std::unique_ptr<store::KbStore> store_;
};

TEST_F(SemanticTest, LearnedOnceLargeEnoughAndAgainAfterGrowth) {
  Add("small.txt", Filler(60));
  EXPECT_EQ(Generation(), 0);  // 60 passages: fewer than embed_min_passages (100)
  Add("more.txt", Filler(60));
  EXPECT_EQ(Generation(), 1);  // 120
  Add("few.txt", Filler(20));
  EXPECT_EQ(Generation(), 1);  // 140: grown by 17%, less than embed_relearn_share
  // Passages added between learnings get a vector from the current embeddings.
  Result<std::vector<SearchResult>> r = kb_->Search("sorghum");
  ASSERT_TRUE(r.ok());
  std::vector<int64_t> ids;
  for (const SearchResult& s : *r) ids.push_back(s.passage_id);
  Result<std::vector<std::pair<std::string, std::string>>> v = store_->Vectors(ids);
  ASSERT_TRUE(v.ok());
  for (const auto& [script, bytes] : *v) EXPECT_EQ(bytes.size(), 32u);
  Add("last.txt", Filler(30));
  EXPECT_EQ(Generation(), 2);  // 170: 42% more than 120
  // Deleting a document deletes its passages' vectors.
  const int64_t before = ids.empty() ? 0 : ids[0];
  ASSERT_TRUE(kb_->Remove("small.txt").ok());
  ASSERT_TRUE(kb_->Remove("more.txt").ok());
  ASSERT_TRUE(kb_->Remove("few.txt").ok());
  v = store_->Vectors({before});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)[0].second, "");
}

TEST_F(SemanticTest, AnotherWritersEmbeddingsArePickedUp) {
  Add("a.txt", Filler(120));
  EXPECT_EQ(Generation(), 1);
  // A second handle on the same file (another process, say the node) relearns.
  Result<KnowledgeBase> other = KnowledgeBase::Open(dir_.File("kb.db"), nullptr, Options());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->LearnEmbeddings().ok());
  EXPECT_EQ(Generation(), 2);
  EXPECT_GT(RankOf("a.txt", "sorghum millet", true), 0u);
}

// Two passages hold the query's one rare word ("drought") and nothing else of it, in texts of
// the same length: the word rankers tie them. The query's other words are about crops; the
// embeddings, learned from passages where crop words keep company, put the crop passage first.
TEST_F(SemanticTest, TheTopicOfTheQueryBreaksATieBetweenPassages) {
  Add("0-herd.txt", "drought killed camels donkeys chickens sheep");
  Add("1-crop.txt", "drought killed cassava groundnut beans millet");
  Add("filler.txt", Filler(300));
  ASSERT_EQ(Generation(), 1);
  const std::string q = "drought sorgum harvets";  // two typos: "sorghum", "harvest"
  EXPECT_LT(RankOf("1-crop.txt", q, true), RankOf("0-herd.txt", q, true));
  // Without the semantic ranker the tie goes to the lower passage id.
  EXPECT_GT(RankOf("1-crop.txt", q, false), RankOf("0-herd.txt", q, false));
}

}  // namespace
}  // namespace loka::search
