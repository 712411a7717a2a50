// Federation messages (docs/formats/update.md): model updates and global versions as signed
// sparse matrices, round announcements and metric reports as signed JSON. Encoding quantizes
// nothing by itself: the matrix arrives already quantized (QuantizeRows), so a node's error
// feedback sees exactly the numbers the hub will read.
//
// Thread contract: plain functions on values.
#ifndef LOKA_FED_MESSAGE_H_
#define LOKA_FED_MESSAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "fed/keys.h"

namespace loka::fed {

inline constexpr size_t kMessageHeaderBytes = 128;
inline constexpr size_t kMessageMinBytes = kMessageHeaderBytes + kSignatureBytes;

// kPartial: a hub worker's partial sum of a round's updates, to the hub's coordinator.
enum class MessageType : uint16_t { kUpdate = 1, kGlobal = 2, kRound = 3, kMetric = 4, kPartial = 5 };
// "update", "global", "round", "metric", "partial"
std::string_view MessageTypeName(MessageType type);
// Types whose body is a sparse matrix: update, global, partial.
bool IsMatrixType(MessageType type);

// Model kinds a matrix message may carry (the header's model kind).
enum class ModelKind : uint32_t {
  kNone = 0,        // types 3 and 4
  kTextLinear = 1,  // hashed linear text classifier: rows = buckets + 1 (biases), cols = labels
  kLangid = 2,      // reserved: language-ID adaptation
  kSensor = 3,      // reserved: sensor models
};

// Some rows of a rows x cols matrix, quantized per row (value_bits 8 or 16: value = q x scale)
// or plain float32 (value_bits 32).
struct SparseMatrix {
  uint32_t rows = 0, cols = 0;
  uint8_t value_bits = 32;
  std::vector<uint32_t> index;  // ascending, each < rows
  std::vector<float> scales;    // index.size() when value_bits < 32
  std::vector<int16_t> q;       // index.size() x cols when value_bits < 32
  std::vector<float> f;         // index.size() x cols when value_bits == 32
  // The value of column `c` of the i-th present row.
  float Value(size_t i, size_t c) const {
    return value_bits == 32 ? f[i * cols + c] : scales[i] * static_cast<float>(q[i * cols + c]);
  }
};

// Quantizes `values` (index.size() x cols, row after row) to `value_bits` (8, 16 or 32): each
// row scaled by its max |value| / (2^(bits-1) - 1) and rounded to nearest.
// REQUIRES: index ascending and < rows; values.size() == index.size() x cols; bits in {8,16,32}.
SparseMatrix QuantizeRows(uint32_t rows, uint32_t cols, uint8_t value_bits,
                          std::vector<uint32_t> index, const std::vector<float>& values);
// The rows of a dense rows x cols matrix that hold a nonzero value, quantized as QuantizeRows.
// REQUIRES: dense.size() == rows x cols; bits in {8,16,32}.
SparseMatrix QuantizeDense(uint32_t rows, uint32_t cols, uint8_t value_bits,
                           const std::vector<float>& dense);
// `m` as a dense rows x cols matrix, the values as decoded (Value), zero in the absent rows.
std::vector<float> Densify(const SparseMatrix& m);

struct Message {
  MessageType type = MessageType::kUpdate;
  uint64_t id = 0;  // the sender's nonce: unique per sender
  int64_t created_at_ms = 0;
  uint32_t round = 0;
  uint32_t base_version = 0;
  ModelKind model_kind = ModelKind::kNone;
  uint64_t example_count = 0;
  float clip_norm = 0;
  uint32_t updates = 0;  // kPartial: the updates summed (at least 1); 0 for the other types
  std::string sender;
  SparseMatrix matrix;  // types 1, 2 and 5
  // Type 2 only: SCAFFOLD's c that goes with the version (AggregateOptions::scaffold), the same
  // shape and value bits as `matrix`; rows 0: none (a node then takes c as zero).
  SparseMatrix control;
  // Type 1 only, under SCAFFOLD: the node trained with c_i = 0 because it does not hold the c_i
  // its round named (it restarted since: a node keeps its c_i in memory), so the hub must not
  // subtract that c_i's share for it either (docs/formats/update.md, offset 121).
  bool without_control = false;
  std::string json;     // types 3 and 4
};

// A random message id (libsodium's generator).
uint64_t NewMessageId();
// The header every sender fills the same way: `type` from `sender`, a fresh id, created at
// `now_ms`, for `round` and `base_version`. The caller adds the body (matrix or json) and the
// type's own fields (model kind, example count, clip norm).
Message NewMessage(MessageType type, std::string sender, int64_t now_ms, uint32_t round = 0,
                   uint32_t base_version = 0);

class SignedMessage;
// Signs and serializes. Errors: invalid_argument (bad sender id, matrix sizes inconsistent,
// a JSON body on a matrix type or the reverse), internal (zstd failed).
Result<SignedMessage> EncodeMessage(const Message& message, const SigningKey& key);

// The bytes of one encoded, signed message: the only thing the federation transport
// (fed/link.h) publishes. Only EncodeMessage makes one, so no other bytes (a text, a reading)
// can reach the transport.
class SignedMessage {
 public:
  MessageType type() const { return type_; }
  uint64_t id() const { return id_; }
  const std::string& bytes() const { return bytes_; }

 private:
  friend Result<SignedMessage> EncodeMessage(const Message& message, const SigningKey& key);
  SignedMessage(MessageType type, uint64_t id, std::string bytes)
      : type_(type), id_(id), bytes_(std::move(bytes)) {}
  MessageType type_;
  uint64_t id_;
  std::string bytes_;
};

// The header of a message, read before its signature or body is trusted.
struct MessageHeader {
  MessageType type = MessageType::kUpdate;
  uint64_t id = 0;
  int64_t created_at_ms = 0;
  uint32_t round = 0, base_version = 0;
  ModelKind model_kind = ModelKind::kNone;
  uint32_t rows = 0, cols = 0;
  uint8_t value_bits = 0, compression = 0;
  uint64_t example_count = 0;
  float clip_norm = 0;
  uint32_t present_rows = 0, body_bytes = 0, raw_body_bytes = 0;
  uint32_t updates = 0;
  uint32_t control_rows = 0;  // type 2: rows present in the body's second matrix, c
  bool without_control = false;  // type 1: Message::without_control
  std::string sender;
};

// Checks 6 of docs/formats/update.md: sizes, magic, version, type, sender id, lengths.
// Errors: corrupt, naming `what`.
Result<MessageHeader> ParseMessageHeader(std::string_view bytes, const std::string& what);

// Check 8: true when the message's signature is `public_key`'s. REQUIRES: the header parsed.
bool MessageSignatureValid(std::string_view bytes, std::string_view public_key);

// Check 11: decompresses and parses the body. `max_cells` bounds rows x cols before anything is
// allocated. Errors: corrupt naming `what` (sizes, order, non-finite values),
// resource_exhausted (over max_cells).
Result<Message> DecodeMessageBody(std::string_view bytes, const MessageHeader& header,
                                  uint64_t max_cells, const std::string& what);

}  // namespace loka::fed

#endif  // LOKA_FED_MESSAGE_H_
