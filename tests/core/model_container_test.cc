// The model-file container: the header's bytes at the offsets docs/formats/container.md gives,
// and each check of the reader, in the spec's order.
#include "core/model_container.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <string>

namespace loka {
namespace {

constexpr ContainerFormat kTest{"LOKATEST", "test model", 2, 4};

template <typename T>
T At(const std::string& b, size_t offset) {
  T v;
  std::memcpy(&v, b.data() + offset, sizeof v);
  return v;
}

template <typename T>
void Poke(std::string* b, size_t offset, T v) {
  std::memcpy(b->data() + offset, &v, sizeof v);
}

// zlib's own CRC-32, independent of core/checksum.
uint32_t ZlibCrc(const char* p, size_t n) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n)));
}

// A sealed file of version 3, kind 7, with a 70-byte payload.
std::string Sealed() {
  std::string f = StartContainer();
  for (int i = 0; i < 70; ++i) f.push_back(static_cast<char>('a' + i % 26));
  SealContainer(kTest, 3, 7, &f);
  return f;
}

// Rewrites the header CRC after an edit of bytes [0, 28), so a later check is reached.
std::string Reseal(std::string b) {
  Poke<uint32_t>(&b, 28, ZlibCrc(b.data(), 28));
  return b;
}

TEST(ModelContainerTest, HeaderFieldsAtTheirOffsets) {
  EXPECT_EQ(StartContainer(), std::string(64, '\0'));
  const std::string f = Sealed();
  ASSERT_EQ(f.size(), 134u);
  EXPECT_EQ(f.substr(0, 8), "LOKATEST");
  EXPECT_EQ(At<uint32_t>(f, 8), 3u);
  EXPECT_EQ(At<uint32_t>(f, 12), 7u);
  EXPECT_EQ(At<uint64_t>(f, 16), 134u);
  EXPECT_EQ(At<uint32_t>(f, 24), ZlibCrc(f.data() + 64, 70));
  EXPECT_EQ(At<uint32_t>(f, 28), ZlibCrc(f.data(), 28));
  EXPECT_EQ(f.substr(32, 32), std::string(32, '\0'));
  EXPECT_EQ(f.substr(64, 3), "abc");
}

TEST(ModelContainerTest, SealedFileChecksAndGivesVersionAndKind) {
  Result<ContainerHeader> h = CheckContainer(Sealed(), kTest, "m.bin");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->version, 3u);
  EXPECT_EQ(h->kind, 7u);
  // An empty payload is a valid container (the format decides whether it is a valid model).
  std::string empty = StartContainer();
  SealContainer(kTest, 2, 0, &empty);
  EXPECT_TRUE(CheckContainer(empty, kTest, "e").ok());
}

TEST(ModelContainerTest, EachCheckInOrder) {
  const std::string good = Sealed();
  struct Case {
    const char* name;
    std::string bytes;
    StatusCode code;
    std::string message;
  };
  std::string bad_magic = good;
  bad_magic[4] = 'X';
  std::string header_flip = good;
  header_flip[17] ^= 1;  // inside the size field: the header CRC catches it first
  std::string v1 = good, v5 = good;
  Poke<uint32_t>(&v1, 8, 1);
  Poke<uint32_t>(&v5, 8, 5);
  std::string payload_flip = good;
  payload_flip[100] ^= 4;
  const Case cases[] = {
      {"empty", "", StatusCode::kCorrupt,
       "f: 0 bytes is too short for a test model (header is 64 bytes)"},
      {"63 bytes", good.substr(0, 63), StatusCode::kCorrupt,
       "f: 63 bytes is too short for a test model (header is 64 bytes)"},
      {"magic", bad_magic, StatusCode::kCorrupt, "f: not a test model (bad magic)"},
      {"header crc", header_flip, StatusCode::kCorrupt, "f: header checksum mismatch"},
      {"older version", Reseal(v1), StatusCode::kFailedPrecondition,
       "f: model format version 1, this loka reads versions 2 to 4"},
      {"newer version", Reseal(v5), StatusCode::kFailedPrecondition,
       "f: model format version 5, this loka reads versions 2 to 4"},
      {"truncated", good.substr(0, 133), StatusCode::kCorrupt,
       "f: truncated or extended: header says 134 bytes, file has 133"},
      {"extended", good + "z", StatusCode::kCorrupt,
       "f: truncated or extended: header says 134 bytes, file has 135"},
      {"payload crc", payload_flip, StatusCode::kCorrupt, "f: payload checksum mismatch"},
  };
  for (const Case& c : cases) {
    Result<ContainerHeader> h = CheckContainer(c.bytes, kTest, "f");
    ASSERT_FALSE(h.ok()) << c.name;
    EXPECT_EQ(h.status().code(), c.code) << c.name;
    EXPECT_EQ(h.status().message(), c.message) << c.name;
  }
}

TEST(ModelContainerTest, OneVersionFormatSaysWhichItReads) {
  constexpr ContainerFormat kOne{"LOKATEST", "test model", 1, 1};
  std::string f = StartContainer();
  SealContainer(kOne, 2, 0, &f);
  Result<ContainerHeader> h = CheckContainer(f, kOne, "f");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().message(), "f: model format version 2, this loka reads 1");
}

}  // namespace
}  // namespace loka
