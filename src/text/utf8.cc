// Strict UTF-8 validation and decoding (RFC 3629, Table 3-7 of the Unicode Standard).
#include "text/utf8.h"

#include <unicode/uchar.h>

#include <array>
#include <cstring>
#include <string>

namespace loka::text {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// For each lead byte: the sequence length (0 if the byte cannot start a sequence) and the allowed
// range of the second byte. From Unicode Table 3-7: E0 and F0 narrow the second byte to exclude
// overlongs, ED to exclude surrogates, F4 to stop at U+10FFFF; 80..C1 and F5..FF never lead.
struct LeadInfo {
  uint8_t len;
  uint8_t lo;
  uint8_t hi;
};

constexpr std::array<LeadInfo, 256> MakeLeadTable() {
  std::array<LeadInfo, 256> t{};
  for (int b = 0; b < 0x80; ++b) t[b] = {1, 0, 0};
  for (int b = 0xC2; b <= 0xDF; ++b) t[b] = {2, 0x80, 0xBF};
  for (int b = 0xE0; b <= 0xEF; ++b) t[b] = {3, 0x80, 0xBF};
  for (int b = 0xF0; b <= 0xF4; ++b) t[b] = {4, 0x80, 0xBF};
  t[0xE0].lo = 0xA0;
  t[0xED].hi = 0x9F;
  t[0xF0].lo = 0x90;
  t[0xF4].hi = 0x8F;
  return t;
}
constexpr std::array<LeadInfo, 256> kLead = MakeLeadTable();

inline bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

}  // namespace

bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    acc |= w;
  }
  for (; n > 0; ++p, --n) acc |= static_cast<unsigned char>(*p);
  return (acc & kHighBits) == 0;
}

std::string_view SkipByteOrderMark(std::string_view s) {
  constexpr std::string_view kMark = "\xEF\xBB\xBF";
  if (s.substr(0, kMark.size()) == kMark) s.remove_prefix(kMark.size());
  return s;
}

size_t FindControlByte(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return i;
  }
  return s.size();
}

size_t FindInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      // ASCII runs eight bytes at a time.
      while (i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, p + i, sizeof w);
        if (w & kHighBits) break;
        i += 8;
      }
      continue;
    }
    const LeadInfo& lead = kLead[p[i]];
    if (lead.len == 0 || n - i < lead.len) return i;
    if (p[i + 1] < lead.lo || p[i + 1] > lead.hi) return i;
    if (lead.len >= 3 && !IsContinuation(p[i + 2])) return i;
    if (lead.len == 4 && !IsContinuation(p[i + 3])) return i;
    i += lead.len;
  }
  return n;
}

Status ValidateUtf8(std::string_view s) {
  const size_t bad = FindInvalidUtf8(s);
  if (bad == s.size()) return Status::Ok();
  return InvalidArgument("malformed UTF-8 at byte " + std::to_string(bad));
}

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + *pos;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *pos += 1;
    return b0;
  }
  if (b0 < 0xE0) {
    *pos += 2;
    return (char32_t{b0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
  }
  if (b0 < 0xF0) {
    *pos += 3;
    return (char32_t{b0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
  }
  *pos += 4;
  return (char32_t{b0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
         (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    const char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 2);
  } else if (cp < 0x10000) {
    const char b[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                       static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 3);
  } else {
    const char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 4);
  }
}

std::string_view Utf8PrefixBytes(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string_view Utf8Prefix(std::string_view s, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n && pos < s.size(); ++i) DecodeUtf8(s, &pos);
  return s.substr(0, pos);
}

bool IsBlank(std::string_view s) {
  if (FindInvalidUtf8(s) != s.size()) return false;
  for (size_t pos = 0; pos < s.size();) {
    const auto c = static_cast<UChar32>(DecodeUtf8(s, &pos));
    if (!u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) &&
        !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      return false;
    }
  }
  return true;
}

}  // namespace loka::text
