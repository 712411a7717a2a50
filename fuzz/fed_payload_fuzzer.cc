// libFuzzer target: the federation's wire formats (docs/formats/update.md), everything a node
// or the hub reads from a broker or a USB stick before it trusts the sender. Arbitrary bytes
// must give an accepted message or a counted refusal, never a crash, an allocation beyond the
// declared limits, or an accepted message that breaks its own invariants.
//
// The first byte picks what the rest is:
//   0: one message: header, signature check, body (DecodeMessageBody past the signature, as a
//      defence in depth), and a round or metric JSON body through its parser;
//   1: MQTT payloads from one topic, each prefixed by a 2-byte little-endian length (capped at
//      the bytes left), through a Receiver that trusts one fixed key: chunk joining, hash,
//      header, signature, replay, body;
//   2: a transfer file (the USB stick's), split and read as a version file signed by that key;
//   3: a message built from the rest (a small update, global or metric), signed with that key,
//      then one byte of it changed (at an offset and to a value the input picks) and all of it
//      given to a Receiver in chunks: the intact message must be accepted with the body it was
//      built with, and a changed one refused (the signature covers every other byte, and a
//      changed signature does not verify);
//   4: an enrolment list (`<id> <public key hex>` lines), which must write out as text that
//      parses to the same list.
// The committed corpus (testdata/fuzz/fed_payload/) holds valid messages, chunk sequences and
// files of each kind, made with the same key (seed: 32 bytes of 0x2a).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fed/chunks.h"
#include "fed/keys.h"
#include "fed/message.h"
#include "fed/receiver.h"
#include "fed/round.h"
#include "fed/transfer.h"

namespace {

using loka::fed::Receiver;

const loka::fed::SigningKey& Key() {
  static const loka::fed::SigningKey key =
      *loka::fed::SigningKey::FromSeed(std::string(32, '\x2a'));
  return key;
}

// Bounds what a fuzzed matrix may declare: 2^20 cells (4 MiB as float32).
constexpr uint64_t kMaxCells = uint64_t{1} << 20;

Receiver NewReceiver() {
  loka::fed::AssemblerOptions a;
  a.max_message_bytes = 8u << 20;
  a.max_partial = 4;
  return Receiver(
      a,
      [](std::string_view sender) -> const std::string* {
        return sender == "hub" || sender == "n1" ? &Key().public_key() : nullptr;
      },
      kMaxCells);
}

void Check(bool ok) {
  if (!ok) std::abort();
}

// A message the decoder accepts is within the declared cell limit and is one the encoder
// would write: its matrices pass the encoder's own checks (fed/message.cc, CheckMatrix).
void CheckDecoded(const loka::fed::Message& m) {
  Check(uint64_t{m.matrix.rows} * m.matrix.cols <= kMaxCells);
  Check(loka::fed::EncodeMessage(m, Key()).ok());
}

void OneMessage(std::string_view bytes) {
  auto header = loka::fed::ParseMessageHeader(bytes, "fuzz");
  if (!header.ok()) return;
  (void)loka::fed::MessageSignatureValid(bytes, Key().public_key());
  auto message = loka::fed::DecodeMessageBody(bytes, *header, kMaxCells, "fuzz");
  if (!message.ok()) return;
  CheckDecoded(*message);
  if (message->type == loka::fed::MessageType::kRound) {
    (void)loka::fed::RoundPlanFromJson(message->json, "fuzz");
  } else if (message->type == loka::fed::MessageType::kMetric) {
    (void)loka::fed::MetricReportFromJson(message->json, "fuzz");
  }
}

void Payloads(std::string_view rest) {
  Receiver r = NewReceiver();
  while (rest.size() >= 2) {
    size_t n = static_cast<unsigned char>(rest[0]) | (static_cast<unsigned char>(rest[1]) << 8);
    rest.remove_prefix(2);
    if (n > rest.size()) n = rest.size();
    const std::string_view payload = rest.substr(0, n);
    rest.remove_prefix(n);
    // The first byte of a payload also picks its topic: the hub's, a node's, a stranger's.
    const char* source = payload.empty() ? "n1" : (payload[0] & 3) == 0 ? "x9" : "n1";
    Receiver::Outcome o = r.Take(source, payload, "fuzz");
    if (o.state == Receiver::Outcome::State::kAccepted) CheckDecoded(o.message);
  }
  (void)r.Expire();
}

void TransferFile(std::string_view file) {
  (void)loka::fed::SplitTransferFile(file, "fuzz");
  auto v = loka::fed::ReadVersionFile(file, "hub", Key().public_key(), false, 0, "fuzz");
  if (v.ok()) Check(v->weights.size() == uint64_t{v->plan.spec.rows()} * v->plan.spec.cols());
}

// Reads little-endian integers from the input, 0 past its end.
struct Reader {
  std::string_view s;
  uint32_t U8() {
    if (s.empty()) return 0;
    const uint32_t v = static_cast<unsigned char>(s[0]);
    s.remove_prefix(1);
    return v;
  }
  uint32_t U16() { return U8() | (U8() << 8); }
};

void BuiltThenChanged(std::string_view rest) {
  Reader in{rest};
  const uint32_t kind = in.U8() % 3;
  const bool change = in.U8() & 1;
  const uint32_t offset = in.U16() | (in.U16() << 16);
  const char value = static_cast<char>(in.U8());
  loka::fed::Message m;
  if (kind == 2) {
    m = loka::fed::NewMessage(loka::fed::MessageType::kMetric, "n1", 1000, 3, 2);
    m.json = std::string(in.s.substr(0, 256));
  } else {
    const auto type = kind == 0 ? loka::fed::MessageType::kUpdate : loka::fed::MessageType::kGlobal;
    m = loka::fed::NewMessage(type, kind == 0 ? "n1" : "hub", 1000, 3, 2);
    m.model_kind = loka::fed::ModelKind::kTextLinear;
    m.example_count = 10;
    const uint32_t rows = 1 + in.U8() % 64, cols = 1 + in.U8() % 8;
    static constexpr uint8_t kBits[] = {8, 16, 32};
    const uint8_t bits = kBits[in.U8() % 3];
    std::vector<uint32_t> index;
    for (uint32_t r = 0; r < rows; ++r)
      if (in.U8() & 1) index.push_back(r);
    std::vector<float> values(index.size() * cols);
    for (float& v : values) v = static_cast<float>(static_cast<int>(in.U16()) - 32768) / 256.f;
    m.matrix = loka::fed::QuantizeRows(rows, cols, bits, index, values);
  }
  auto signed_message = loka::fed::EncodeMessage(m, Key());
  if (!signed_message.ok()) return;  // e.g. a metric body that is not a JSON object
  std::string bytes = signed_message->bytes();
  bool changed = false;
  if (change && !bytes.empty()) {
    char& b = bytes[offset % bytes.size()];
    changed = b != value;
    b = value;
  }
  Receiver r = NewReceiver();
  Receiver::Outcome o;
  for (const std::string& chunk : loka::fed::SplitIntoChunks(bytes, signed_message->id()))
    o = r.Take(m.sender, chunk, "fuzz");
  if (!changed) {
    Check(o.state == Receiver::Outcome::State::kAccepted);
    Check(o.message.id == m.id && o.message.type == m.type && o.message.sender == m.sender);
    if (IsMatrixType(m.type)) {
      Check(o.message.matrix.index == m.matrix.index);
      Check(o.message.matrix.q == m.matrix.q && o.message.matrix.f == m.matrix.f);
    } else {
      Check(o.message.json == m.json);
    }
  } else {
    Check(o.state == Receiver::Outcome::State::kRejected);  // the signature covers every byte
  }
}

// An enrolment list that parses writes out as text that parses to the same list.
void EnrolmentText(std::string_view text) {
  auto e = loka::fed::Enrolment::Parse(text, "fuzz");
  if (!e.ok()) return;
  auto again = loka::fed::Enrolment::Parse(e->ToText(), "fuzz");
  Check(again.ok() && again->ids() == e->ids());
  for (const std::string& id : e->ids()) Check(*again->Find(id) == *e->Find(id));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1u << 20)) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: OneMessage(rest); break;
    case 1: Payloads(rest); break;
    case 2: TransferFile(rest); break;
    case 3: BuiltThenChanged(rest); break;
    default: EnrolmentText(rest); break;
  }
  return 0;
}
