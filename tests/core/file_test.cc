// Tests for core/file.h: whole-file reads, atomic writes and memory maps, including the failure
// codes a caller branches on (missing file -> NotFound).
#include "core/file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace loka {
namespace {

// A fresh directory per test, removed with its files afterwards.
class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "loka_file_test_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const std::string& name : List()) ::unlink((dir_ + "/" + name).c_str());
    ::rmdir(dir_.c_str());
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::vector<std::string> List() const {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir_.c_str());
    if (d == nullptr) return names;
    while (const dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
    return names;
  }

  std::string dir_;
};

TEST_F(FileTest, WriteThenReadRoundTripsBinaryBytes) {
  const std::string data("line one\n\0\xFF\x01 end", 16);
  ASSERT_TRUE(WriteFileAtomic(Path("a.bin"), data).ok());
  Result<std::string> r = ReadFile(Path("a.bin"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, data);
  EXPECT_EQ(List(), std::vector<std::string>{"a.bin"});  // no temporary left behind
}

TEST_F(FileTest, OverwriteReplacesContent) {
  ASSERT_TRUE(WriteFileAtomic(Path("a.txt"), "first version, longer").ok());
  ASSERT_TRUE(WriteFileAtomic(Path("a.txt"), "second").ok());
  Result<std::string> r = ReadFile(Path("a.txt"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "second");
  EXPECT_EQ(List().size(), 1u);
}

TEST_F(FileTest, ReadsFilesLargerThanTheReadBuffer) {
  std::string big(200000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(WriteFileAtomic(Path("big"), big).ok());
  Result<std::string> r = ReadFile(Path("big"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, big);
}

TEST_F(FileTest, EmptyFile) {
  ASSERT_TRUE(WriteFileAtomic(Path("empty"), "").ok());
  Result<std::string> r = ReadFile(Path("empty"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "");
  Result<MappedFile> m = MappedFile::Open(Path("empty"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->size(), 0u);
  EXPECT_EQ(m->data(), nullptr);
  EXPECT_TRUE(m->view().empty());
}

TEST_F(FileTest, MissingFileIsNotFoundNamingThePath) {
  const std::string p = Path("missing.bin");
  Result<std::string> r = ReadFile(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), p + ": open: No such file or directory");

  Result<MappedFile> m = MappedFile::Open(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(m.status().message(), p + ": open: No such file or directory");
}

TEST_F(FileTest, WriteIntoMissingDirectoryFails) {
  const Status s = WriteFileAtomic(Path("no/such/dir/x"), "data");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), Path("no/such/dir/x") + ": create: No such file or directory");
  EXPECT_TRUE(List().empty());
}

TEST_F(FileTest, DirectoriesAreRejected) {
  Result<MappedFile> m = MappedFile::Open(dir_);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().message(), dir_ + ": not a regular file");

  Result<std::string> r = ReadFile(dir_);  // open succeeds, read fails with EISDIR
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_EQ(r.status().message(), dir_ + ": read: Is a directory");
}

TEST_F(FileTest, MappedFileViewsContentAndMoves) {
  ASSERT_TRUE(WriteFileAtomic(Path("m"), "mapped bytes").ok());
  Result<MappedFile> r = MappedFile::Open(Path("m"));
  ASSERT_TRUE(r.ok());
  MappedFile a = std::move(r).value();
  EXPECT_EQ(a.size(), 12u);
  EXPECT_EQ(a.view(), "mapped bytes");

  MappedFile b(std::move(a));
  EXPECT_EQ(a.size(), 0u);  // NOLINT: moved-from state is specified as empty
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.view(), "mapped bytes");

  ASSERT_TRUE(WriteFileAtomic(Path("n"), "other").ok());
  Result<MappedFile> r2 = MappedFile::Open(Path("n"));
  ASSERT_TRUE(r2.ok());
  MappedFile c = std::move(r2).value();
  c = std::move(b);  // unmaps "n", takes over "m"
  EXPECT_EQ(c.view(), "mapped bytes");
  EXPECT_EQ(b.data(), nullptr);  // NOLINT
}

TEST_F(FileTest, MapSurvivesAtomicReplaceOfThePath) {
  ASSERT_TRUE(WriteFileAtomic(Path("model"), "version 1").ok());
  Result<MappedFile> m = MappedFile::Open(Path("model"));
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(WriteFileAtomic(Path("model"), "version 2").ok());
  EXPECT_EQ(m->view(), "version 1");  // rename swaps the name; the old inode stays mapped
  Result<std::string> now = ReadFile(Path("model"));
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(*now, "version 2");
}

}  // namespace
}  // namespace loka
