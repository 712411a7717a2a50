// Tests for core/bytes.h: exact little-endian layouts and truncation errors that name the input
// and the offset.
#include "core/bytes.h"

#include <gtest/gtest.h>

#include <string>

namespace loka {
namespace {

TEST(ByteWriterTest, WritesLittleEndian) {
  std::string out;
  ByteWriter w(&out);
  w.Put<uint8_t>(0xAB);
  w.Put<uint16_t>(0x0102);
  w.Put<uint32_t>(0x01020304);
  w.Put<uint64_t>(0x0102030405060708ULL);
  w.Put<float>(1.0f);  // IEEE 754: 0x3F800000
  EXPECT_EQ(out, std::string("\xAB"
                             "\x02\x01"
                             "\x04\x03\x02\x01"
                             "\x08\x07\x06\x05\x04\x03\x02\x01"
                             "\x00\x00\x80\x3F",
                             1 + 2 + 4 + 8 + 4));
  EXPECT_EQ(w.size(), 19u);
}

TEST(ByteWriterTest, StringsAndAlignment) {
  std::string out;
  ByteWriter w(&out);
  w.PutString("abc");
  EXPECT_EQ(out, std::string("\x03\x00\x00\x00"
                             "abc",
                             7));
  w.Align(8);
  EXPECT_EQ(out.size(), 8u);
  EXPECT_EQ(out[7], '\0');
  w.Align(8);
  EXPECT_EQ(out.size(), 8u);  // already aligned
  w.PutBytes("xy", 2);
  EXPECT_EQ(out.substr(8), "xy");
}

TEST(ByteReaderTest, ReadsBackWhatWasWritten) {
  std::string buf;
  ByteWriter w(&buf);
  w.Put<uint32_t>(0xDEADBEEF);
  w.Put<int16_t>(-2);
  w.Put<double>(0.25);
  w.PutString("héllo");
  w.Align(4);
  w.Put<uint8_t>(9);

  ByteReader r(buf, "model.bin");
  uint32_t a = 0;
  int16_t b = 0;
  double c = 0;
  std::string s;
  uint8_t d = 0;
  ASSERT_TRUE(r.Get(&a).ok());
  ASSERT_TRUE(r.Get(&b).ok());
  ASSERT_TRUE(r.Get(&c).ok());
  ASSERT_TRUE(r.GetString(&s).ok());
  ASSERT_TRUE(r.Align(4).ok());
  ASSERT_TRUE(r.Get(&d).ok());
  EXPECT_EQ(a, 0xDEADBEEFu);
  EXPECT_EQ(b, -2);
  EXPECT_EQ(c, 0.25);
  EXPECT_EQ(s, "héllo");
  EXPECT_EQ(d, 9);
  EXPECT_EQ(r.left(), 0u);
  EXPECT_EQ(r.pos(), buf.size());
}

TEST(ByteReaderTest, TruncationIsCorruptWithPlaceAndDoesNotAdvance) {
  const std::string three("\x01\x02\x03", 3);
  ByteReader r(three, "model.bin");
  uint32_t v = 0;
  Status s = r.Get(&v);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_EQ(s.message(), "model.bin: truncated at byte 0 (need 4 more bytes, 3 left)");
  EXPECT_EQ(r.pos(), 0u);

  uint16_t u = 0;
  ASSERT_TRUE(r.Get(&u).ok());
  EXPECT_EQ(u, 0x0201);
  std::string_view view;
  s = r.View(2, &view);
  EXPECT_EQ(s.message(), "model.bin: truncated at byte 2 (need 2 more bytes, 1 left)");
  ASSERT_TRUE(r.View(1, &view).ok());
  EXPECT_EQ(view, "\x03");
  uint8_t byte = 0;
  EXPECT_EQ(r.Get(&byte).message(), "model.bin: truncated at byte 3 (need 1 more bytes, 0 left)");
}

TEST(ByteReaderTest, StringErrors) {
  // Length 10 but only 3 bytes follow.
  const std::string short_body(
      "\x0A\x00\x00\x00"
      "abc",
      7);
  ByteReader r1(short_body, "payload");
  std::string s;
  Status st = r1.GetString(&s);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_EQ(st.message(), "payload: truncated at byte 4 (need 10 more bytes, 3 left)");

  // Length prefix itself cut short.
  ByteReader r2(std::string_view("\x01\x00", 2), "payload");
  EXPECT_EQ(r2.GetString(&s).message(), "payload: truncated at byte 0 (need 4 more bytes, 2 left)");

  // A length over the cap is rejected before any allocation.
  const std::string huge("\x00\x00\x00\x01", 4);  // 16777216
  ByteReader r3(huge, "payload");
  st = r3.GetString(&s, 1u << 20);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_EQ(st.message(), "payload: string length 16777216 too large");
}

TEST(ByteReaderTest, AlignPastEndIsTruncation) {
  const std::string two("\x01\x02", 2);
  ByteReader r(two, "f");
  uint8_t b = 0;
  ASSERT_TRUE(r.Get(&b).ok());
  EXPECT_EQ(r.Align(8).message(), "f: truncated at byte 1 (need 7 more bytes, 1 left)");
  ASSERT_TRUE(r.Align(2).ok());
  EXPECT_EQ(r.pos(), 2u);
  ASSERT_TRUE(r.Align(2).ok());  // no padding needed at the end
}

TEST(ByteReaderTest, EmptyInput) {
  ByteReader r(std::string_view(), "empty.bin");
  EXPECT_EQ(r.left(), 0u);
  uint8_t b = 0;
  EXPECT_EQ(r.Get(&b).message(), "empty.bin: truncated at byte 0 (need 1 more bytes, 0 left)");
  std::string_view v;
  EXPECT_TRUE(r.View(0, &v).ok());
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace loka
