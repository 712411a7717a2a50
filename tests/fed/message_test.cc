// The wire format (docs/formats/update.md): quantization against hand-computed values, round
// trips at every value width, and each check of a message and of its chunks failing with its
// own reason.
#include "fed/message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <type_traits>

#include "fed/chunks.h"
#include "fed/keys.h"
#include "fed/round.h"
#include "nlohmann/json.hpp"

namespace loka::fed {
namespace {

using ::testing::HasSubstr;

SigningKey Key(char fill) { return std::move(SigningKey::FromSeed(std::string(32, fill))).value(); }

Message Update(uint8_t bits) {
  Message m;
  m.type = MessageType::kUpdate;
  m.id = 42;
  m.round = 3;
  m.base_version = 2;
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = 120;
  m.sender = "node-a";
  // Rows 2 and 300 of a 1000 x 3 matrix.
  m.matrix = QuantizeRows(1000, 3, bits, {2, 300}, {1.f, -0.5f, 0.25f, 0.f, 2.f, -4.f});
  return m;
}

TEST(MessageTest, NewMessageFillsTheHeaderWithAFreshId) {
  const Message a = NewMessage(MessageType::kMetric, "node-a", 1700000000000, 7, 6);
  const Message b = NewMessage(MessageType::kMetric, "node-a", 1700000000000, 7, 6);
  EXPECT_EQ(a.type, MessageType::kMetric);
  EXPECT_EQ(a.sender, "node-a");
  EXPECT_EQ(a.created_at_ms, 1700000000000);
  EXPECT_EQ(a.round, 7u);
  EXPECT_EQ(a.base_version, 6u);
  EXPECT_NE(a.id, b.id);  // 64 random bits: equal once in 2^64
  EXPECT_EQ(a.model_kind, ModelKind::kNone);
  EXPECT_EQ(a.example_count, 0u);
}

TEST(QuantizeTest, Int8MatchesHandComputedValues) {
  // Row max |v| = 1: scale 1/127; -0.5 x 127 = -63.5 rounds to even, -64; 0.25 x 127 = 31.75
  // rounds to 32. Second row: max 4, scale 4/127; 2 x 127/4 = 63.5 -> 64; -4 -> -127.
  const SparseMatrix m = QuantizeRows(1000, 3, 8, {2, 300}, {1.f, -0.5f, 0.25f, 0.f, 2.f, -4.f});
  EXPECT_FLOAT_EQ(m.scales[0], 1.f / 127);
  EXPECT_EQ(m.q, (std::vector<int16_t>{127, -64, 32, 0, 64, -127}));
  EXPECT_NEAR(m.Value(0, 1), -64.f / 127, 1e-7);
  EXPECT_FLOAT_EQ(m.Value(1, 2), -4.f);
}

TEST(MessageTest, RoundTripsAtEveryWidth) {
  const SigningKey key = Key(1);
  for (const uint8_t bits : {8, 16, 32}) {
    const Message in = Update(bits);
    Result<SignedMessage> enc = EncodeMessage(in, key);
    ASSERT_TRUE(enc.ok()) << enc.status().ToString();
    const std::string& b = enc->bytes();
    Result<MessageHeader> h = ParseMessageHeader(b, "t");
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    EXPECT_EQ(h->sender, "node-a");
    EXPECT_EQ(h->round, 3u);
    EXPECT_EQ(h->example_count, 120u);
    EXPECT_TRUE(MessageSignatureValid(b, key.public_key()));
    Result<Message> out = DecodeMessageBody(b, *h, 1u << 20, "t");
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out->matrix.index, (std::vector<uint32_t>{2, 300}));
    for (size_t i = 0; i < 2; ++i) {
      for (size_t c = 0; c < 3; ++c) EXPECT_EQ(out->matrix.Value(i, c), in.matrix.Value(i, c));
    }
  }
}

TEST(MessageTest, AnyChangedByteBreaksTheSignature) {
  const SigningKey key = Key(1);
  std::string b = EncodeMessage(Update(8), key)->bytes();
  b[kMessageHeaderBytes + 1] ^= 1;  // the body
  EXPECT_FALSE(MessageSignatureValid(b, key.public_key()));
  EXPECT_FALSE(MessageSignatureValid(EncodeMessage(Update(8), key)->bytes(), Key(2).public_key()));
}

TEST(MessageTest, TruncatedAndBadHeadersAreCorrupt) {
  const std::string b = EncodeMessage(Update(8), Key(1))->bytes();
  Result<MessageHeader> h = ParseMessageHeader(b.substr(0, b.size() - 1), "update from n");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kCorrupt);
  EXPECT_THAT(h.status().message(), HasSubstr("truncated"));
  EXPECT_THAT(ParseMessageHeader(b.substr(0, 100), "u").status().message(), HasSubstr("too short"));
  std::string bad = b;
  bad[0] = 'X';
  EXPECT_THAT(ParseMessageHeader(bad, "u").status().message(), HasSubstr("bad magic"));
  bad = b;
  bad[10] = 9;  // type
  EXPECT_THAT(ParseMessageHeader(bad, "u").status().message(), HasSubstr("unknown message type"));
}

TEST(MessageTest, BodyOverTheCellLimitIsRefusedBeforeDecoding) {
  const std::string b = EncodeMessage(Update(8), Key(1))->bytes();
  Result<MessageHeader> h = ParseMessageHeader(b, "u");
  ASSERT_TRUE(h.ok());
  Result<Message> m = DecodeMessageBody(b, *h, 2999, "u");  // 1000 x 3 = 3000 cells
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kResourceExhausted);
}

// Sizes that the body cannot back are refused before anything is allocated by them (found by
// fuzz/fed_payload_fuzzer.cc: a header of 0 columns let 1.6e9 declared rows through to a 6 GB
// allocation). The header fields are changed after signing: DecodeMessageBody is also the
// defence behind the signature check.
TEST(MessageTest, DeclaredSizesTheBodyCannotHoldAreCorrupt) {
  const std::string b = EncodeMessage(Update(8), Key(1))->bytes();
  auto put = [](std::string s, size_t offset, uint32_t v) {
    std::memcpy(s.data() + offset, &v, 4);
    return s;
  };
  // No columns (offset 48) or no rows (44).
  EXPECT_THAT(ParseMessageHeader(put(b, 48, 0), "u").status().message(),
              HasSubstr("no rows or no columns"));
  EXPECT_THAT(ParseMessageHeader(put(b, 44, 0), "u").status().message(),
              HasSubstr("no rows or no columns"));
  // Nor does the encoder write such a matrix.
  Message empty = Update(8);
  empty.matrix = QuantizeRows(1000, 0, 8, {}, {});
  EXPECT_THAT(EncodeMessage(empty, Key(1)).status().message(), HasSubstr("no rows or no columns"));
  // 1.9e9 rows present (offset 68) of a 2^31-row matrix, with no cell limit: more row indices
  // than the 20-odd body bytes can hold.
  const std::string many = put(put(b, 44, 0x7fffffffu), 68, 0x70000000u);
  Result<MessageHeader> h = ParseMessageHeader(many, "u");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  Result<Message> m = DecodeMessageBody(many, *h, ~uint64_t{0}, "u");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorrupt);
  EXPECT_THAT(m.status().message(), HasSubstr("row indices"));
  // A decompressed size (offset 76) other than the zstd frame's own.
  h = ParseMessageHeader(b, "u");
  ASSERT_TRUE(h.ok());
  const std::string longer = put(b, 76, h->raw_body_bytes + 1);
  h = ParseMessageHeader(longer, "u");
  ASSERT_TRUE(h.ok());
  m = DecodeMessageBody(longer, *h, 1u << 20, "u");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorrupt);
  EXPECT_THAT(m.status().message(), HasSubstr("zstd frame"));
}

// A global version carrying c (SCAFFOLD): it travels with the version, is signed with it, and
// a header claiming more rows of c than the matrix has, c on another type, or bytes past the
// matrices are refused as corrupt, as such a version would be.
TEST(MessageTest, AGlobalVersionCarriesCAndForgedOrOversizedCIsRefused) {
  Message g = Update(16);
  g.type = MessageType::kGlobal;
  g.control = QuantizeRows(1000, 3, 16, {5}, {0.5f, -0.25f, 1.f});
  const SigningKey key = Key(1);
  const std::string b = EncodeMessage(g, key)->bytes();
  Result<MessageHeader> h = ParseMessageHeader(b, "g");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->control_rows, 1u);
  Result<Message> out = DecodeMessageBody(b, *h, 1u << 20, "g");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->matrix.index, (std::vector<uint32_t>{2, 300}));
  ASSERT_EQ(out->control.index, (std::vector<uint32_t>{5}));
  EXPECT_EQ(out->control.Value(0, 2), g.control.Value(0, 2));
  // A changed byte of c breaks the signature.
  std::string forged = b;
  forged[b.size() - kSignatureBytes - 1] ^= 1;
  EXPECT_FALSE(MessageSignatureValid(forged, key.public_key()));
  // More rows of c than the matrix has.
  std::string bad = b;
  const uint32_t huge = 5000;
  std::memcpy(bad.data() + 117, &huge, 4);
  Result<MessageHeader> hb = ParseMessageHeader(bad, "g");
  ASSERT_TRUE(hb.ok());
  Result<Message> m = DecodeMessageBody(bad, *hb, 1u << 20, "g");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorrupt);
  // Fewer rows of c than the body holds: bytes past the matrices.
  const uint32_t zero = 0;
  bad = b;
  std::memcpy(bad.data() + 117, &zero, 4);
  hb = ParseMessageHeader(bad, "g");
  ASSERT_TRUE(hb.ok());
  EXPECT_THAT(DecodeMessageBody(bad, *hb, 1u << 20, "g").status().message(), HasSubstr("past its matrices"));
  // c on an update.
  const uint32_t one = 1;
  bad = EncodeMessage(Update(16), key)->bytes();
  std::memcpy(bad.data() + 117, &one, 4);
  EXPECT_THAT(ParseMessageHeader(bad, "u").status().message(), HasSubstr("only a global version carries c"));
  Message u = Update(16);
  u.control = g.control;
  EXPECT_FALSE(EncodeMessage(u, key).ok());
  g.control = QuantizeRows(1000, 3, 8, {5}, {0.5f, -0.25f, 1.f});  // value bits not the version's
  EXPECT_FALSE(EncodeMessage(g, key).ok());
}

// Offset 121: an update may say it trained without the c_i its round named; no other type, and
// no other bit.
TEST(MessageTest, OnlyAnUpdateSaysItTrainedWithoutItsControl) {
  const SigningKey key = Key(1);
  Message u = Update(16);
  EXPECT_EQ(static_cast<uint8_t>(EncodeMessage(u, key)->bytes()[121]), 0);
  u.without_control = true;
  const std::string b = EncodeMessage(u, key)->bytes();
  EXPECT_EQ(static_cast<uint8_t>(b[121]), 1);
  Result<MessageHeader> h = ParseMessageHeader(b, "u");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  Result<Message> out = DecodeMessageBody(b, *h, 1u << 20, "u");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->without_control);
  std::string bad = b;
  bad[121] = 2;
  EXPECT_THAT(ParseMessageHeader(bad, "u").status().message(), HasSubstr("unknown flags 2"));
  Message g = NewMessage(MessageType::kGlobal, "hub", 0, 1, 1);
  g.model_kind = ModelKind::kTextLinear;
  g.matrix = QuantizeRows(1000, 3, 16, {2}, {1.f, 2.f, 3.f});
  g.without_control = true;  // not written on a global version
  bad = EncodeMessage(g, key)->bytes();
  EXPECT_EQ(static_cast<uint8_t>(bad[121]), 0);
  bad[121] = 1;
  EXPECT_THAT(ParseMessageHeader(bad, "g").status().message(), HasSubstr("unknown flags 1"));
}

TEST(MessageTest, OnlyEncodeMessageMakesASignedMessage) {
  // The transport takes SignedMessage only (fed/link.h); no string or text becomes one.
  static_assert(!std::is_constructible_v<SignedMessage, std::string>);
  static_assert(!std::is_constructible_v<SignedMessage, MessageType, uint64_t, std::string>);
  static_assert(!std::is_default_constructible_v<SignedMessage>);
  SUCCEED();
}

TEST(ChunksTest, SplitsAtTheLimitAndJoins) {
  std::string msg(kChunkDataBytes * 2 + 5, '\0');
  for (size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<char>(i * 7);
  const std::vector<std::string> chunks = SplitIntoChunks(msg, 9);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].size(), kMaxChunkBytes);
  EXPECT_EQ(chunks[2].size(), kChunkHeaderBytes + 5);
  ChunkAssembler a;
  // Out of order, with a QoS 1 duplicate.
  EXPECT_EQ(a.Add("n", chunks[2], "t").state, ChunkAssembler::State::kPending);
  EXPECT_EQ(a.Add("n", chunks[0], "t").state, ChunkAssembler::State::kPending);
  EXPECT_EQ(a.Add("n", chunks[0], "t").state, ChunkAssembler::State::kPending);
  ChunkAssembler::Outcome done = a.Add("n", chunks[1], "t");
  ASSERT_EQ(done.state, ChunkAssembler::State::kComplete);
  EXPECT_EQ(done.message, msg);
  EXPECT_EQ(a.partial(), 0u);
}

TEST(ChunksTest, EachBadChunkHasItsReason) {
  const std::string msg(1000, 'x');
  const std::string chunk = SplitIntoChunks(msg, 1)[0];
  ChunkAssembler a;
  // 100 MB in one payload: refused by its size, before anything is read.
  ChunkAssembler::Outcome big = a.Add("n", std::string(100u << 20, 'z'), "update from n");
  EXPECT_EQ(big.rejection.reason, Reason::kOversized);
  EXPECT_THAT(big.rejection.status.message(), HasSubstr("over the 131072-byte chunk limit"));
  EXPECT_EQ(a.Add("n", chunk.substr(0, chunk.size() - 1), "t").rejection.reason, Reason::kMalformed);
  EXPECT_EQ(a.Add("n", chunk.substr(0, 20), "t").rejection.reason, Reason::kMalformed);
  std::string flipped = chunk;
  flipped.back() ^= 1;
  EXPECT_EQ(a.Add("n", flipped, "t").rejection.reason, Reason::kCorrupt);
  // A chunk announcing a message over the receiver's limit.
  AssemblerOptions small;
  small.max_message_bytes = 999;
  ChunkAssembler b(small);
  EXPECT_EQ(b.Add("n", chunk, "t").rejection.reason, Reason::kOversized);
}

TEST(ChunksTest, AnIncompleteMessageTimesOut) {
  ManualClock clock;
  AssemblerOptions o;
  o.clock = &clock;
  o.partial_timeout_ms = 1000;
  ChunkAssembler a(o);
  const std::vector<std::string> chunks = SplitIntoChunks(std::string(kChunkDataBytes + 1, 'y'), 5);
  EXPECT_EQ(a.Add("n", chunks[0], "t").state, ChunkAssembler::State::kPending);
  EXPECT_TRUE(a.Expire().empty());
  clock.AdvanceMs(1000);
  const std::vector<Rejection> gone = a.Expire();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].reason, Reason::kTimedOut);
  EXPECT_EQ(a.partial(), 0u);
}

TEST(KeysTest, EnrolmentParsesAndRefusesDuplicates) {
  const std::string pk = ToHex(Key(3).public_key());
  Result<Enrolment> e = Enrolment::Parse("# fleet\nnode-a " + pk + "\n\n", "enrol.txt");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NE(e->Find("node-a"), nullptr);
  EXPECT_EQ(e->Find("node-b"), nullptr);
  Result<Enrolment> dup = Enrolment::Parse("a " + pk + "\na " + pk + "\n", "enrol.txt");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.status().message(), HasSubstr("enrol.txt line 2"));
  EXPECT_FALSE(Enrolment::Parse("a/b " + pk + "\n", "e").ok());
  EXPECT_FALSE(Enrolment::Parse("a 12zz\n", "e").ok());
}

// One key under two ids would let its holder send two updates a round and weigh twice.
TEST(KeysTest, EnrolmentRefusesOneKeyUnderTwoIds) {
  const std::string pk = ToHex(Key(3).public_key());
  Result<Enrolment> e = Enrolment::Parse("n1 " + pk + "\nn2 " + pk + "\n", "enrol.txt");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(e.status().message(), HasSubstr("enrol.txt line 2: node n2 has the public key of node n1"));
  Enrolment direct;
  ASSERT_TRUE(direct.Add("n1", Key(3).public_key()).ok());
  EXPECT_FALSE(direct.Add("n2", Key(3).public_key()).ok());
  EXPECT_EQ(direct.size(), 1u);
}

// Spaces and tabs separate the two fields, however many; a line of another shape, or a key of
// another length, is refused saying so (not as a bad hex digit somewhere in the line).
TEST(KeysTest, EnrolmentLinesAreTwoFieldsSeparatedBySpacesOrTabs) {
  const std::string pk = ToHex(Key(3).public_key());
  for (const std::string& line : {"n1\t" + pk, "n1   " + pk, "  n1 " + pk + " \t", "n1 " + pk + "\r"}) {
    Result<Enrolment> e = Enrolment::Parse(line + "\n", "enrol.txt");
    ASSERT_TRUE(e.ok()) << line << ": " << e.status().ToString();
    ASSERT_NE(e->Find("n1"), nullptr) << line;
    EXPECT_EQ(*e->Find("n1"), Key(3).public_key());
  }
  EXPECT_TRUE(Enrolment::Parse("  # indented comment\n", "e").ok());
  const struct {
    std::string text, message;
  } bad[] = {
      {"n1\n", "enrol.txt line 1: expected '<id> <public key hex>' (two fields), got 1 fields"},
      {"n1 " + pk + " extra\n", "enrol.txt line 1: expected '<id> <public key hex>' (two fields), got 3 fields"},
      {"n1 " + pk + "00\n", "enrol.txt line 1: a public key is 64 hex digits (32 bytes, as loka fed keygen prints), got 66"},
      {"n1 abcd\n", "enrol.txt line 1: a public key is 64 hex digits"},
  };
  for (const auto& b : bad) {
    Result<Enrolment> e = Enrolment::Parse(b.text, "enrol.txt");
    ASSERT_FALSE(e.ok()) << b.text;
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(e.status().message(), HasSubstr(b.message));
  }
}

// A --hub-key of another length is refused as such, not later as a forged signature.
TEST(KeysTest, APublicKeyInHexIs64Digits) {
  const std::string pk = ToHex(Key(3).public_key());
  Result<std::string> k = PublicKeyFromHex(pk, "--hub-key");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(*k, Key(3).public_key());
  for (const std::string& hex : {std::string("abcd"), std::string(), pk + "00", pk.substr(2)}) {
    Result<std::string> r = PublicKeyFromHex(hex, "--hub-key");
    ASSERT_FALSE(r.ok()) << hex;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("--hub-key: a public key is 64 hex digits"));
  }
  Result<std::string> r = PublicKeyFromHex(std::string(64, 'g'), "--hub-key");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("not a hex digit"));
}

// A key file is created readable by its owner only, loads back to the same key, and is never
// overwritten: the first key's public key may already be on a hub's enrolment list.
TEST(KeysTest, SaveCreatesAnOwnerOnlyFileAndNeverOverwritesOne) {
  char tmpl[] = "/tmp/loka-keys-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl, path = dir + "/n1.key";
  const SigningKey first = Key(4);
  ASSERT_TRUE(first.Save(path).ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<SigningKey> back = SigningKey::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->public_key(), first.public_key());
  const Status again = Key(5).Save(path);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.message(), HasSubstr("never overwritten"));
  back = SigningKey::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->public_key(), first.public_key());
  EXPECT_EQ(Key(5).Save(dir + "/missing/n2.key").code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

// A key file its group or others may read is refused, saying how to fix it: anyone who read
// it can sign updates in the node's name (or versions in the hub's).
TEST(KeysTest, LoadRefusesAKeyFileOthersMayRead) {
  char tmpl[] = "/tmp/loka-keys-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl, path = dir + "/n1.key";
  ASSERT_TRUE(Key(4).Save(path).ok());
  for (const mode_t mode : {0644, 0640, 0604, 0660}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    Result<SigningKey> k = SigningKey::Load(path);
    ASSERT_FALSE(k.ok()) << std::oct << mode;
    EXPECT_EQ(k.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(k.status().message(), HasSubstr(path + ": a key file is readable by its owner only"));
    EXPECT_THAT(k.status().message(), HasSubstr("chmod 600 " + path));
  }
  ASSERT_EQ(chmod(path.c_str(), 0400), 0);
  Result<SigningKey> k = SigningKey::Load(path);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->public_key(), Key(4).public_key());
  std::filesystem::remove_all(dir);
}

TEST(RoundPlanTest, LogitAdjustTravelsAndAnOlderAnnouncementMeansNone) {
  RoundPlan p;
  p.fleet = "t";
  p.round = 2;
  p.chosen = {"n1"};
  p.spec = MakeTextModelSpec(8, {"a", "b"});
  p.train.logit_adjust = 0.5f;
  Result<RoundPlan> back = RoundPlanFromJson(RoundPlanToJson(p), "round");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FLOAT_EQ(back->train.logit_adjust, 0.5f);
  nlohmann::json j = nlohmann::json::parse(RoundPlanToJson(p));
  j.erase("logit_adjust");  // a hub from before the field
  back = RoundPlanFromJson(j.dump(), "round");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->train.logit_adjust, 0.f);
  j["logit_adjust"] = -1;
  const Result<RoundPlan> refused = RoundPlanFromJson(j.dump(), "round");
  ASSERT_FALSE(refused.ok());
  // The range of docs/formats/update.md, named in the refusal.
  EXPECT_THAT(refused.status().message(), HasSubstr("'logit_adjust' out of range [0, 10]"));
}

TEST(RoundPlanTest, ScaffoldTravelsAndAnOlderAnnouncementMeansNone) {
  RoundPlan p;
  p.fleet = "t";
  p.round = 2;
  p.chosen = {"n1"};
  p.spec = MakeTextModelSpec(8, {"a", "b"});
  p.scaffold = true;
  p.control_rounds = {{"n1", 1}, {"n2", 3}};
  Result<RoundPlan> back = RoundPlanFromJson(RoundPlanToJson(p), "round");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->scaffold);
  EXPECT_EQ(back->control_rounds, p.control_rounds);
  nlohmann::json bad = nlohmann::json::parse(RoundPlanToJson(p));
  bad["control_rounds"]["n/3"] = 1;  // not a node id
  EXPECT_FALSE(RoundPlanFromJson(bad.dump(), "round").ok());
  nlohmann::json j = nlohmann::json::parse(RoundPlanToJson(p));
  j.erase("scaffold");
  back = RoundPlanFromJson(j.dump(), "round");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->scaffold);
}

// DeriveControl by hand: g = [2, -1] on row 3 after 4 steps at lr 0.5: c_i = -g / 2.
TEST(RoundPlanTest, DeriveControlIsMinusTheProgressOverStepsTimesLr) {
  const ControlRows c = DeriveControl(QuantizeRows(10, 2, 32, {3}, {2.f, -1.f}), 4, 0.5f);
  EXPECT_EQ(c.index, (std::vector<uint32_t>{3}));
  EXPECT_EQ(c.values, (std::vector<float>{-1.f, 0.5f}));
}

}  // namespace
}  // namespace loka::fed
