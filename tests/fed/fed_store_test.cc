// The egress ledger, the update outbox and round state on a real SQLite file.
#include "store/fed.h"
#include "store/egress_ledger.h"

#include <gtest/gtest.h>

#include "../store/temp_dir.h"

namespace loka::store {
namespace {

TEST(FedStoreTest, LedgerListsNewestFirstAndSumsByDay) {
  testing::TempDir dir;
  Result<FedStore> st = FedStore::Open(dir.File("n.db"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  const int64_t day = 20000;  // 2024-10-04
  ASSERT_TRUE(st->RecordEgress({day * 86400000 + 5, "mqtt://h:1/a", 100, "aa", "fed_update"}).ok());
  ASSERT_TRUE(st->RecordEgress({day * 86400000 + 9, "mqtt://h:1/a", 50, "bb", "fed_update"}).ok());
  ASSERT_TRUE(st->RecordEgress({(day + 1) * 86400000, "mqtt://h:1/m", 7, "cc", "fed_metric"}).ok());
  EXPECT_FALSE(st->RecordEgress({0, "", 1, "x", "k"}).ok());
  Result<std::vector<EgressEntry>> all = st->ListEgress(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].row.kind, "fed_metric");
  Result<std::vector<EgressEntry>> older = st->ListEgress((*all)[0].id, 1);
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].row.content_hash, "bb");
  Result<std::vector<EgressDay>> days = st->EgressByDay(day);
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].day, day);
  EXPECT_EQ((*days)[0].bytes, 150);
  EXPECT_EQ((*days)[0].messages, 2);
  EXPECT_EQ((*days)[1].kind, "fed_metric");
}

// The ledger's writer commits what senders queue, in order; what is still queued at the end
// is written by the destructor; a record past the queue's limit is counted, never waited for.
TEST(FedStoreTest, LedgerWriterCommitsQueuedRecordsAndCountsOverflow) {
  testing::TempDir dir;
  Result<FedStore> st = FedStore::Open(dir.File("n.db"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  {
    EgressLedger ledger(&*st, {});
    for (int i = 0; i < 50; ++i) {
      ledger.Record(MakeEgressRow(1000 + i, "http://h/hook", std::string(i, 'x'), "alert_webhook"));
    }
    ASSERT_TRUE(ledger.WaitIdle(10000));
    EXPECT_EQ(ledger.recorded(), 50);
    ledger.Record(MakeEgressRow(2000, "mqtt://h:1/t", "last", "alert_mqtt"));
  }
  Result<std::vector<EgressEntry>> all = st->ListEgress(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 51u);
  EXPECT_EQ((*all)[0].row.kind, "alert_mqtt");
  EXPECT_EQ((*all)[0].row.bytes, 4);
  EXPECT_EQ((*all)[1].row.bytes, 49);
  EXPECT_EQ((*all)[1].row.content_hash, EgressContentHash(std::string(49, 'x')));
  EXPECT_EQ((*all)[50].row.time_ms, 1000);

  EgressLedgerOptions none;
  none.max_queued = 0;
  EgressLedger full(&*st, none);
  full.Record(MakeEgressRow(3000, "mqtt://h:1/t", "lost", "alert_mqtt"));
  EXPECT_EQ(full.unrecorded(), 1);
  EXPECT_TRUE(full.WaitIdle(1000));
  EXPECT_EQ(st->ListEgress(0, 100)->size(), 51u);
}

// The ledger's hash is BLAKE2b-256 (RFC 7693 Appendix A's test vector is BLAKE2b-512; this
// one is the 256-bit digest of "abc" as printed by b2sum -l 256).
TEST(FedStoreTest, ContentHashIsBlake2b256) {
  EXPECT_EQ(EgressContentHash("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(FedStoreTest, OutboxKeepsUnsentChunksAcrossReopen) {
  testing::TempDir dir;
  {
    Result<FedStore> st = FedStore::Open(dir.File("n.db"));
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(st->PutOutbox("m1", {"c0", "c1", "c2"}).ok());
    ASSERT_TRUE(st->MarkChunkSent("m1", 0).ok());
    EXPECT_EQ(st->MarkChunkSent("m9", 0).code(), StatusCode::kNotFound);
  }
  Result<FedStore> st = FedStore::Open(dir.File("n.db"));
  ASSERT_TRUE(st.ok());
  Result<std::vector<OutboxChunk>> p = st->PendingChunks();
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].chunk_index, 1);
  EXPECT_EQ((*p)[1].bytes, "c2");
  EXPECT_EQ((*p)[1].chunk_count, 3);
}

TEST(FedStoreTest, RoundsReplaceByFleetAndRound) {
  testing::TempDir dir;
  Result<FedStore> st = FedStore::Open(dir.File("h.db"));
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->PutRound({"f", 1, 0, "open", 3, 0, 0, "{}", 10, 0}).ok());
  ASSERT_TRUE(st->PutRound({"f", 1, 0, "closed", 3, 2, 40, "{}", 10, 20}).ok());
  EXPECT_FALSE(st->PutRound({"f", 2, 1, "weird", 3, 0, 0, "{}", 30, 0}).ok());
  Result<std::vector<RoundRow>> r = st->ListRounds("f", 10);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].state, "closed");
  EXPECT_EQ((*r)[0].updates, 2);
  EXPECT_EQ((*r)[0].closed_at_ms, 20);
}

}  // namespace
}  // namespace loka::store
