// Crash consistency: a child process writes row batches and whole model versions as fast as it
// can, telling the parent (through a pipe) after each write is acknowledged; the parent kills it
// with SIGKILL at a random moment, reopens the file and checks that every acknowledged write is
// there, no batch is half there, and every stored model matches its digest.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>

#include "store/store.h"
#include "../numbered.h"
#include "temp_dir.h"

namespace loka::store {
namespace {

constexpr int kRowsPerBatch = 20;

std::string ModelBytes(int64_t version) {
  // 256 KB, so a write spans many pages and the kill often lands mid-write.
  std::string b(256 * 1024, '\0');
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<char>((i * 31 + version * 7) & 0xff);
  return b;
}

// Child: writes forever; reports "B <batch>" and "M <version>" lines once each write returned OK.
[[noreturn]] void Writer(const std::string& path, int fd, int first_batch) {
  Result<Store> s = Store::Open(path);
  if (!s.ok()) _exit(3);
  for (int batch = first_batch;; ++batch) {
    std::vector<Row> rows;
    for (int i = 0; i < kRowsPerBatch; ++i) {
      rows.push_back({testing::Numbered("b", batch), testing::Numbered("row ", i)});
    }
    if (!s->AppendRows("crash", rows).ok()) _exit(4);
    std::string ack = testing::Numbered("B ", batch) + "\n";
    if (write(fd, ack.data(), ack.size()) < 0) _exit(5);
    if (batch % 3 == 0) {
      Result<std::vector<ModelVersion>> all = s->ListModelVersions();
      const int64_t next = all.ok() ? static_cast<int64_t>(all->size()) + 1 : 0;
      Result<ModelVersion> v = s->PutModel("crash", ModelBytes(next), "{\"batch\":" +
                                                                          std::to_string(batch) + "}");
      if (!v.ok()) _exit(6);
      ack = testing::Numbered("M ", v->version) + "\n";
      if (write(fd, ack.data(), ack.size()) < 0) _exit(5);
    }
  }
}

TEST(CrashTest, SigkillMidWriteKeepsEveryAcknowledgedWrite) {
  testing::TempDir dir;
  const std::string path = dir.File("crash.db");
  std::mt19937 rng(12345);
  std::set<int> acked_batches;
  std::set<int64_t> acked_models;
  int next_batch = 0;
  for (int round = 0; round < 6; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      Writer(path, fds[1], next_batch);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    const int kill_after = 5 + static_cast<int>(rng() % 40);
    int seen = 0;
    char kind = 0;
    long long n = 0;
    while (seen < kill_after && std::fscanf(in, " %c %lld", &kind, &n) == 2) {
      if (kind == 'B') acked_batches.insert(static_cast<int>(n));
      if (kind == 'M') acked_models.insert(n);
      ++seen;
    }
    // Let it get into the next write, then kill it without warning.
    usleep(static_cast<useconds_t>(rng() % 3000));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with " << WEXITSTATUS(status);
    // Acks written before the kill but not read yet are acknowledged writes too.
    while (std::fscanf(in, " %c %lld", &kind, &n) == 2) {
      if (kind == 'B') acked_batches.insert(static_cast<int>(n));
      if (kind == 'M') acked_models.insert(n);
    }
    std::fclose(in);
    ASSERT_EQ(seen, kill_after) << "writer stopped early";

    Result<Store> s = Store::Open(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(s->CheckIntegrity().ok());
    Result<std::vector<Row>> rows = s->ReadRows("crash");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    std::map<int, int> per_batch;
    for (const Row& r : *rows) per_batch[std::stoi(r.label.substr(1))]++;
    for (const auto& [batch, count] : per_batch) {
      EXPECT_EQ(count, kRowsPerBatch) << "batch " << batch << " is half there";
    }
    for (int b : acked_batches) EXPECT_EQ(per_batch.count(b), 1u) << "acked batch " << b << " lost";
    Result<std::vector<ModelVersion>> models = s->ListModelVersions();
    ASSERT_TRUE(models.ok());
    std::set<int64_t> stored;
    for (const ModelVersion& m : *models) stored.insert(m.version);
    for (int64_t v : acked_models) EXPECT_EQ(stored.count(v), 1u) << "acked model " << v << " lost";
    if (!models->empty()) {
      Result<ModelBlob> active = s->ActiveModel("crash");
      ASSERT_TRUE(active.ok()) << active.status().ToString();
      EXPECT_EQ(active->info.version, *stored.rbegin());
      EXPECT_EQ(active->bytes, ModelBytes(active->info.version));
    }
    next_batch = per_batch.empty() ? 0 : per_batch.rbegin()->first + 1;
  }
  EXPECT_GT(acked_batches.size(), 30u);
  EXPECT_GT(acked_models.size(), 5u);
}

}  // namespace
}  // namespace loka::store
