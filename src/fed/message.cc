#include "fed/message.h"

#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/bytes.h"

namespace loka::fed {
namespace {

constexpr char kMagic[8] = {'L', 'O', 'K', 'A', 'F', 'E', 'D', 'M'};
constexpr uint16_t kVersion = 1;
constexpr int kZstdLevel = 3;  // docs/formats/update.md: fast, and within 10% of level 9 here

void PutVarint(uint32_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view b, size_t* pos, uint32_t* v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (*pos >= b.size()) return false;
    const auto c = static_cast<unsigned char>(b[(*pos)++]);
    x |= uint64_t{c & 0x7fu} << shift;
    if ((c & 0x80) == 0) {
      if (x > UINT32_MAX) return false;
      *v = static_cast<uint32_t>(x);
      return true;
    }
  }
  return false;
}

std::string MatrixBody(const SparseMatrix& m) {
  std::string body;
  uint32_t prev = 0;
  for (size_t i = 0; i < m.index.size(); ++i) {
    PutVarint(i == 0 ? m.index[0] : m.index[i] - prev - 1, &body);
    prev = m.index[i];
  }
  ByteWriter w(&body);
  if (m.value_bits == 32) {
    w.PutArray(m.f);
    return body;
  }
  w.PutArray(m.scales);
  if (m.value_bits == 8) {
    for (const int16_t v : m.q) w.Put<int8_t>(static_cast<int8_t>(v));
  } else {
    w.PutArray(m.q);
  }
  return body;
}

Status CheckMatrix(const SparseMatrix& m) {
  if (m.value_bits != 8 && m.value_bits != 16 && m.value_bits != 32) {
    return InvalidArgument("value bits must be 8, 16 or 32");
  }
  // What ParseMessageHeader refuses, the encoder does not write.
  if (m.rows == 0 || m.cols == 0) return InvalidArgument("a matrix with no rows or no columns");
  const size_t n = m.index.size();
  for (size_t i = 0; i < n; ++i) {
    if (m.index[i] >= m.rows || (i > 0 && m.index[i] <= m.index[i - 1])) {
      return InvalidArgument("matrix row indices must ascend below the row count");
    }
  }
  const size_t cells = n * m.cols;
  if (m.value_bits == 32 ? m.f.size() != cells : (m.q.size() != cells || m.scales.size() != n)) {
    return InvalidArgument("matrix values do not match its rows and columns");
  }
  return Status::Ok();
}

// One sparse matrix of `present` rows from raw[*pos...], as the header declares its shape;
// *pos moves past it.
Status ReadMatrix(const std::string& raw, const MessageHeader& h, uint32_t present,
                  const std::string& what, size_t* at, SparseMatrix* out) {
  SparseMatrix& x = *out;
  x.rows = h.rows;
  x.cols = h.cols;
  x.value_bits = h.value_bits;
  size_t pos = *at;
  // Each row index takes at least one byte: a count the body cannot hold is refused before
  // anything is allocated for it.
  if (present > raw.size() - pos) {
    return Corrupt(what + ": body holds " + std::to_string(raw.size() - pos) + " bytes for " +
                   std::to_string(present) + " row indices");
  }
  x.index.resize(present);
  uint64_t row = 0;
  for (uint32_t i = 0; i < present; ++i) {
    uint32_t gap = 0;
    if (!GetVarint(raw, &pos, &gap)) return Corrupt(what + ": bad row index " + std::to_string(i));
    row = i == 0 ? gap : row + 1 + gap;
    if (row >= h.rows) return Corrupt(what + ": row index past the matrix");
    x.index[i] = static_cast<uint32_t>(row);
  }
  const uint64_t n = present, vcells = n * h.cols;
  const uint64_t need = h.value_bits == 32 ? vcells * 4 : n * 4 + vcells * (h.value_bits / 8);
  if (raw.size() - pos < need) {
    return Corrupt(what + ": body holds " + std::to_string(raw.size() - pos) +
                   " value bytes, its sizes need " + std::to_string(need));
  }
  const char* p = raw.data() + pos;
  *at = pos + need;
  if (h.value_bits == 32) {
    x.f.resize(vcells);
    if (vcells > 0) std::memcpy(x.f.data(), p, vcells * 4);  // data() may be null when empty
    for (const float v : x.f) {
      if (!std::isfinite(v)) return Corrupt(what + ": non-finite value");
    }
    return Status::Ok();
  }
  x.scales.resize(n);
  if (n > 0) std::memcpy(x.scales.data(), p, n * 4);
  p += n * 4;
  for (const float s : x.scales) {
    if (!std::isfinite(s) || s < 0) return Corrupt(what + ": non-finite or negative scale");
  }
  x.q.resize(vcells);
  if (h.value_bits == 8) {
    for (uint64_t i = 0; i < vcells; ++i) x.q[i] = static_cast<int8_t>(p[i]);
  } else {
    if (vcells > 0) std::memcpy(x.q.data(), p, vcells * 2);
  }
  return Status::Ok();
}

}  // namespace

bool IsMatrixType(MessageType t) {
  return t == MessageType::kUpdate || t == MessageType::kGlobal || t == MessageType::kPartial;
}

std::string_view MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kUpdate: return "update";
    case MessageType::kGlobal: return "global";
    case MessageType::kRound: return "round";
    case MessageType::kMetric: return "metric";
    case MessageType::kPartial: return "partial";
  }
  return "unknown";
}

SparseMatrix QuantizeRows(uint32_t rows, uint32_t cols, uint8_t value_bits,
                          std::vector<uint32_t> index, const std::vector<float>& values) {
  SparseMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.value_bits = value_bits;
  m.index = std::move(index);
  if (value_bits == 32) {
    m.f = values;
    return m;
  }
  const float qmax = value_bits == 8 ? 127.f : 32767.f;
  const size_t n = m.index.size();
  m.scales.resize(n);
  m.q.resize(n * cols);
  for (size_t i = 0; i < n; ++i) {
    const float* v = values.data() + i * cols;
    float amax = 0;
    for (uint32_t c = 0; c < cols; ++c) amax = std::max(amax, std::fabs(v[c]));
    const float scale = amax > 0 ? amax / qmax : 0.f;
    m.scales[i] = scale;
    for (uint32_t c = 0; c < cols; ++c) {
      m.q[i * cols + c] =
          scale > 0 ? static_cast<int16_t>(std::clamp(std::nearbyint(v[c] / scale), -qmax, qmax))
                    : int16_t{0};
    }
  }
  return m;
}

SparseMatrix QuantizeDense(uint32_t rows, uint32_t cols, uint8_t value_bits,
                           const std::vector<float>& dense) {
  std::vector<uint32_t> index;
  std::vector<float> values;
  for (uint32_t r = 0; r < rows; ++r) {
    const float* v = dense.data() + size_t{r} * cols;
    if (std::any_of(v, v + cols, [](float x) { return x != 0.f; })) {
      index.push_back(r);
      values.insert(values.end(), v, v + cols);
    }
  }
  return QuantizeRows(rows, cols, value_bits, std::move(index), values);
}

std::vector<float> Densify(const SparseMatrix& m) {
  std::vector<float> out(size_t{m.rows} * m.cols, 0.f);
  for (size_t i = 0; i < m.index.size(); ++i) {
    float* row = out.data() + size_t{m.index[i]} * m.cols;
    for (uint32_t c = 0; c < m.cols; ++c) row[c] = m.Value(i, c);
  }
  return out;
}

uint64_t NewMessageId() {
  static const int kInit = sodium_init();
  (void)kInit;
  uint64_t id = 0;
  randombytes_buf(&id, sizeof id);
  return id;
}

Message NewMessage(MessageType type, std::string sender, int64_t now_ms, uint32_t round,
                   uint32_t base_version) {
  Message m;
  m.type = type;
  m.id = NewMessageId();
  m.created_at_ms = now_ms;
  m.round = round;
  m.base_version = base_version;
  m.sender = std::move(sender);
  return m;
}

Result<SignedMessage> EncodeMessage(const Message& msg, const SigningKey& key) {
  if (!ValidSenderId(msg.sender)) {
    return InvalidArgument("sender id '" + msg.sender + "' is not 1-32 of [A-Za-z0-9_.-]");
  }
  const bool matrix = IsMatrixType(msg.type);
  if (!matrix && msg.matrix.rows != 0) return InvalidArgument("a JSON message has no matrix");
  if (matrix && !msg.json.empty()) return InvalidArgument("a matrix message has no JSON body");
  if (matrix) LOKA_RETURN_IF_ERROR(CheckMatrix(msg.matrix));
  const bool control = msg.control.rows != 0;
  if (control) {
    if (msg.type != MessageType::kGlobal) return InvalidArgument("only a global version carries c");
    if (msg.control.rows != msg.matrix.rows || msg.control.cols != msg.matrix.cols ||
        msg.control.value_bits != msg.matrix.value_bits) {
      return InvalidArgument("c must have its version's shape and value bits");
    }
    LOKA_RETURN_IF_ERROR(CheckMatrix(msg.control));
  }
  const bool partial = msg.type == MessageType::kPartial;
  if (partial != (msg.updates > 0)) {
    return InvalidArgument("a partial sum, and only it, counts at least one update");
  }
  if (partial && msg.matrix.value_bits != 32) return InvalidArgument("a partial sum is float32");
  const std::string raw =
      matrix ? MatrixBody(msg.matrix) + (control ? MatrixBody(msg.control) : std::string()) : msg.json;
  std::string body(ZSTD_compressBound(raw.size()), '\0');
  const size_t z = ZSTD_compress(body.data(), body.size(), raw.data(), raw.size(), kZstdLevel);
  if (ZSTD_isError(z)) return Internal(std::string("zstd: ") + ZSTD_getErrorName(z));
  body.resize(z);
  if (raw.size() > UINT32_MAX || body.size() > UINT32_MAX) {
    return InvalidArgument("message body over 4 GiB");
  }

  std::string out;
  out.reserve(kMessageMinBytes + body.size());
  ByteWriter w(&out);
  w.PutBytes(kMagic, sizeof kMagic);
  w.Put<uint16_t>(kVersion);
  w.Put<uint16_t>(static_cast<uint16_t>(msg.type));
  w.Put<uint32_t>(kMessageHeaderBytes);
  w.Put<uint64_t>(msg.id);
  w.Put<int64_t>(msg.created_at_ms);
  w.Put<uint32_t>(msg.round);
  w.Put<uint32_t>(msg.base_version);
  w.Put<uint32_t>(static_cast<uint32_t>(msg.model_kind));
  w.Put<uint32_t>(msg.matrix.rows);
  w.Put<uint32_t>(msg.matrix.cols);
  w.Put<uint8_t>(matrix ? msg.matrix.value_bits : 0);
  w.Put<uint8_t>(1);  // zstd
  w.Put<uint16_t>(0);
  w.Put<uint64_t>(msg.example_count);
  w.Put<float>(msg.clip_norm);
  w.Put<uint32_t>(static_cast<uint32_t>(msg.matrix.index.size()));
  w.Put<uint32_t>(static_cast<uint32_t>(body.size()));
  w.Put<uint32_t>(static_cast<uint32_t>(raw.size()));
  w.Put<uint8_t>(static_cast<uint8_t>(msg.sender.size()));
  char id[kMaxSenderIdBytes] = {};
  std::memcpy(id, msg.sender.data(), msg.sender.size());
  w.PutBytes(id, sizeof id);
  w.Put<uint32_t>(msg.updates);
  w.Put<uint32_t>(control ? static_cast<uint32_t>(msg.control.index.size()) : 0);
  w.Put<uint8_t>(msg.type == MessageType::kUpdate && msg.without_control ? 1 : 0);
  out.append(kMessageHeaderBytes - out.size(), '\0');
  out += body;
  out += key.Sign(out);
  return SignedMessage(msg.type, msg.id, std::move(out));
}

Result<MessageHeader> ParseMessageHeader(std::string_view bytes, const std::string& what) {
  if (bytes.size() < kMessageMinBytes) {
    return Corrupt(what + ": " + std::to_string(bytes.size()) +
                   " bytes is too short for a federation message (at least 192)");
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Corrupt(what + ": not a federation message (bad magic)");
  }
  ByteReader r(bytes.substr(8, kMessageHeaderBytes - 8), what);
  MessageHeader h;
  uint16_t version = 0, type = 0, zero16 = 0;
  uint32_t header_bytes = 0, kind = 0;
  uint8_t id_len = 0;
  LOKA_RETURN_IF_ERROR(r.Get(&version));
  LOKA_RETURN_IF_ERROR(r.Get(&type));
  LOKA_RETURN_IF_ERROR(r.Get(&header_bytes));
  LOKA_RETURN_IF_ERROR(r.Get(&h.id));
  LOKA_RETURN_IF_ERROR(r.Get(&h.created_at_ms));
  LOKA_RETURN_IF_ERROR(r.Get(&h.round));
  LOKA_RETURN_IF_ERROR(r.Get(&h.base_version));
  LOKA_RETURN_IF_ERROR(r.Get(&kind));
  LOKA_RETURN_IF_ERROR(r.Get(&h.rows));
  LOKA_RETURN_IF_ERROR(r.Get(&h.cols));
  LOKA_RETURN_IF_ERROR(r.Get(&h.value_bits));
  LOKA_RETURN_IF_ERROR(r.Get(&h.compression));
  LOKA_RETURN_IF_ERROR(r.Get(&zero16));
  LOKA_RETURN_IF_ERROR(r.Get(&h.example_count));
  LOKA_RETURN_IF_ERROR(r.Get(&h.clip_norm));
  LOKA_RETURN_IF_ERROR(r.Get(&h.present_rows));
  LOKA_RETURN_IF_ERROR(r.Get(&h.body_bytes));
  LOKA_RETURN_IF_ERROR(r.Get(&h.raw_body_bytes));
  LOKA_RETURN_IF_ERROR(r.Get(&id_len));
  if (version != kVersion) {
    return Corrupt(what + ": federation message version " + std::to_string(version) +
                   ", this loka reads 1");
  }
  if (type < 1 || type > 5) return Corrupt(what + ": unknown message type " + std::to_string(type));
  h.type = static_cast<MessageType>(type);
  if (header_bytes != kMessageHeaderBytes) return Corrupt(what + ": header bytes must be 128");
  if (kind > 3) return Corrupt(what + ": unknown model kind " + std::to_string(kind));
  h.model_kind = static_cast<ModelKind>(kind);
  if (id_len == 0 || id_len > kMaxSenderIdBytes) return Corrupt(what + ": bad sender id length");
  h.sender.assign(bytes.substr(81, id_len));
  std::memcpy(&h.updates, bytes.data() + 81 + kMaxSenderIdBytes, sizeof h.updates);
  std::memcpy(&h.control_rows, bytes.data() + 81 + kMaxSenderIdBytes + 4, sizeof h.control_rows);
  if (h.control_rows != 0 && h.type != MessageType::kGlobal) {
    return Corrupt(what + ": only a global version carries c");
  }
  const uint8_t flags = static_cast<uint8_t>(bytes[81 + kMaxSenderIdBytes + 8]);
  if (flags > 1 || (flags != 0 && h.type != MessageType::kUpdate)) {
    return Corrupt(what + ": unknown flags " + std::to_string(flags) +
                   " (only an update may say it trained without c_i)");
  }
  h.without_control = flags == 1;
  if ((h.type == MessageType::kPartial) != (h.updates > 0)) {
    return Corrupt(what + ": updates summed must be set on a partial sum and only there");
  }
  if (h.type == MessageType::kPartial && h.value_bits != 32) {
    return Corrupt(what + ": a partial sum is float32");
  }
  if (!ValidSenderId(h.sender)) return Corrupt(what + ": sender id is not [A-Za-z0-9_.-]");
  if (h.compression > 1) return Corrupt(what + ": unknown body compression");
  if (IsMatrixType(h.type)) {
    if (h.value_bits != 8 && h.value_bits != 16 && h.value_bits != 32) {
      return Corrupt(what + ": value bits must be 8, 16 or 32");
    }
    // A matrix of no rows or no columns holds nothing, and with no columns rows x columns no
    // longer bounds the rows a body may declare (DecodeMessageBody's limits rest on it).
    if (h.rows == 0 || h.cols == 0) return Corrupt(what + ": a matrix with no rows or no columns");
  } else if (h.rows != 0 || h.cols != 0 || h.present_rows != 0) {
    return Corrupt(what + ": a JSON message with a matrix size");
  }
  if (uint64_t{kMessageMinBytes} + h.body_bytes != bytes.size()) {
    return Corrupt(what + ": truncated or extended: header says " +
                   std::to_string(kMessageMinBytes + uint64_t{h.body_bytes}) + " bytes, message has " +
                   std::to_string(bytes.size()));
  }
  return h;
}

bool MessageSignatureValid(std::string_view bytes, std::string_view public_key) {
  if (bytes.size() < kMessageMinBytes) return false;
  const size_t signed_bytes = bytes.size() - kSignatureBytes;
  return VerifySignature(public_key, bytes.substr(0, signed_bytes), bytes.substr(signed_bytes));
}

Result<Message> DecodeMessageBody(std::string_view bytes, const MessageHeader& h,
                                  uint64_t max_cells, const std::string& what) {
  Message m;
  m.type = h.type;
  m.id = h.id;
  m.created_at_ms = h.created_at_ms;
  m.round = h.round;
  m.base_version = h.base_version;
  m.model_kind = h.model_kind;
  m.example_count = h.example_count;
  m.clip_norm = h.clip_norm;
  m.updates = h.updates;
  m.without_control = h.without_control;
  m.sender = h.sender;
  const bool matrix = IsMatrixType(h.type);
  const uint64_t cells = uint64_t{h.rows} * h.cols;
  if (matrix && cells > max_cells) {
    return ResourceExhausted(what + ": a " + std::to_string(h.rows) + " x " +
                             std::to_string(h.cols) + " matrix is over the limit of " +
                             std::to_string(max_cells) + " cells");
  }
  if (matrix && (h.present_rows > h.rows || h.control_rows > h.rows)) {
    return Corrupt(what + ": more rows present than rows");
  }
  // The largest body the header's sizes allow: varints (5 bytes a row) + scales + float values.
  const uint64_t max_raw =
      matrix ? (uint64_t{h.present_rows} + h.control_rows) * (9 + uint64_t{h.cols} * 4) : max_cells;
  if (h.raw_body_bytes > max_raw) return Corrupt(what + ": body larger than its matrix allows");
  std::string_view stored = bytes.substr(kMessageHeaderBytes, h.body_bytes);
  std::string raw;
  if (h.compression == 1) {
    // The frame says its own size: one that disagrees is refused before the declared size
    // is allocated.
    const unsigned long long framed = ZSTD_getFrameContentSize(stored.data(), stored.size());
    if (framed == ZSTD_CONTENTSIZE_ERROR ||
        (framed != ZSTD_CONTENTSIZE_UNKNOWN && framed != h.raw_body_bytes)) {
      return Corrupt(what + ": body is not a zstd frame of its declared " +
                     std::to_string(h.raw_body_bytes) + " bytes");
    }
    raw.resize(h.raw_body_bytes);
    const size_t n = ZSTD_decompress(raw.data(), raw.size(), stored.data(), stored.size());
    if (ZSTD_isError(n) || n != raw.size()) {
      return Corrupt(what + ": body does not decompress to its declared " +
                     std::to_string(h.raw_body_bytes) + " bytes");
    }
  } else {
    raw.assign(stored);
    if (raw.size() != h.raw_body_bytes) return Corrupt(what + ": body size mismatch");
  }
  if (!matrix) {
    m.json = std::move(raw);
    return m;
  }
  size_t pos = 0;
  LOKA_RETURN_IF_ERROR(ReadMatrix(raw, h, h.present_rows, what, &pos, &m.matrix));
  if (h.control_rows != 0) {
    LOKA_RETURN_IF_ERROR(ReadMatrix(raw, h, h.control_rows, what + " (c)", &pos, &m.control));
  }
  if (pos != raw.size()) {
    return Corrupt(what + ": body holds " + std::to_string(raw.size() - pos) + " bytes past its matrices");
  }
  return m;
}

}  // namespace loka::fed
