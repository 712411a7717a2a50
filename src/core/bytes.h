// Little-endian encoding helpers for byte formats (model files, payloads). Readers check lengths
// against the bytes left before touching them.
#ifndef LOKA_CORE_BYTES_H_
#define LOKA_CORE_BYTES_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/status.h"

namespace loka {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "loka formats assume a little-endian host");

// Appends plain values in little-endian order.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  template <typename T>
  void Put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_->append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void PutBytes(const void* p, size_t n) { out_->append(static_cast<const char*>(p), n); }
  // The values of `v`, back to back.
  template <typename T>
  void PutArray(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    PutBytes(v.data(), v.size() * sizeof(T));
  }
  // u32 length then bytes.
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    PutBytes(s.data(), s.size());
  }
  // Pads with zeros to a multiple of `align` bytes from the start of the buffer.
  void Align(size_t align) {
    while (out_->size() % align != 0) out_->push_back('\0');
  }
  size_t size() const { return out_->size(); }

 private:
  std::string* out_;
};

// Reads values from a bounded span; every read checks the bytes left. `what` names the input in
// error messages ("model.bin").
class ByteReader {
 public:
  ByteReader(std::string_view bytes, std::string what) : b_(bytes), what_(std::move(what)) {}

  template <typename T>
  Status Get(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (b_.size() - pos_ < sizeof(T)) return Truncated(sizeof(T));
    std::memcpy(v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::Ok();
  }
  // A view of the next `n` bytes, without copying.
  Status View(size_t n, std::string_view* out) {
    if (b_.size() - pos_ < n) return Truncated(n);
    *out = b_.substr(pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  // A view of the next `count` values of T in place, without copying. The caller has aligned
  // the position for T (the formats pad sections to 64 bytes).
  template <typename T>
  Status ViewArray(size_t count, const T** out) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (count > left() / sizeof(T)) {
      return Truncated(count > SIZE_MAX / sizeof(T) ? SIZE_MAX : count * sizeof(T));
    }
    *out = reinterpret_cast<const T*>(b_.data() + pos_);
    pos_ += count * sizeof(T);
    return Status::Ok();
  }
  Status GetString(std::string* s, uint32_t max_len = 1u << 20) {
    uint32_t n = 0;
    LOKA_RETURN_IF_ERROR(Get(&n));
    if (n > max_len) return Corrupt(what_ + ": string length " + std::to_string(n) + " too large");
    std::string_view v;
    LOKA_RETURN_IF_ERROR(View(n, &v));
    s->assign(v);
    return Status::Ok();
  }
  Status Align(size_t align) {
    const size_t pad = (align - pos_ % align) % align;
    if (b_.size() - pos_ < pad) return Truncated(pad);
    pos_ += pad;
    return Status::Ok();
  }
  size_t pos() const { return pos_; }
  size_t left() const { return b_.size() - pos_; }

 private:
  Status Truncated(size_t want) const {
    return Corrupt(what_ + ": truncated at byte " + std::to_string(pos_) + " (need " +
                   std::to_string(want) + " more bytes, " + std::to_string(b_.size() - pos_) +
                   " left)");
  }
  std::string_view b_;
  size_t pos_ = 0;
  std::string what_;
};

}  // namespace loka

#endif  // LOKA_CORE_BYTES_H_
