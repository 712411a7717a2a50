// Gateway text decoding and number checks (helpline/inbound.h).
#include "helpline/inbound.h"

#include <algorithm>
#include <cctype>

#include "text/utf8.h"

namespace loka::helpline {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

void Append(char32_t cp, std::string* out) {
  if (cp < 0x20 && cp != U'\t' && cp != U'\n' && cp != U'\r') cp = U' ';
  if (cp == 0x7F) cp = U' ';
  text::AppendUtf8(cp, out);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// UTF-8 with each malformed sequence replaced; `error` names the first.
void DecodeUtf8Lossy(std::string_view bytes, std::string* out, std::string* error) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t bad = pos + text::FindInvalidUtf8(bytes.substr(pos));
    while (pos < bad) Append(text::DecodeUtf8(bytes, &pos), out);
    if (pos >= bytes.size()) break;
    if (error->empty()) *error = "malformed UTF-8 at byte " + std::to_string(pos);
    text::AppendUtf8(kReplacement, out);
    ++pos;  // skip one byte and look again
    while (pos < bytes.size() && (static_cast<unsigned char>(bytes[pos]) & 0xC0) == 0x80) ++pos;
  }
}

void DecodeUtf16Be(std::string_view bytes, std::string* out, std::string* error) {
  auto unit = [&](size_t i) {
    return static_cast<char32_t>((static_cast<unsigned char>(bytes[i]) << 8) |
                                 static_cast<unsigned char>(bytes[i + 1]));
  };
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    const char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        Append(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), out);
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      if (error->empty()) *error = "unpaired UTF-16 surrogate at byte " + std::to_string(i);
      text::AppendUtf8(kReplacement, out);
      continue;
    }
    Append(u, out);
  }
  if (i < bytes.size()) {
    if (error->empty()) {
      *error = "UCS-2 text has an odd number of bytes (" + std::to_string(bytes.size()) + ")";
    }
    text::AppendUtf8(kReplacement, out);
  }
}

}  // namespace

Result<Charset> ParseCharset(std::string_view name) {
  const std::string n = Lower(name);
  if (n.empty() || n == "utf-8" || n == "utf8") return Charset::kUtf8;
  if (n == "ucs-2" || n == "ucs2" || n == "utf-16be" || n == "utf-16") return Charset::kUcs2;
  if (n == "iso-8859-1" || n == "latin1" || n == "iso8859-1") return Charset::kLatin1;
  return InvalidArgument("charset \"" + std::string(name) +
                         "\": expected utf-8, ucs-2 (utf-16be) or iso-8859-1");
}

DecodedText DecodeText(std::string_view bytes, Charset charset) {
  DecodedText out;
  out.text.reserve(bytes.size());
  switch (charset) {
    case Charset::kUtf8:
      DecodeUtf8Lossy(bytes, &out.text, &out.encoding_error);
      break;
    case Charset::kUcs2:
      DecodeUtf16Be(bytes, &out.text, &out.encoding_error);
      break;
    case Charset::kLatin1:
      for (const char c : bytes) Append(static_cast<unsigned char>(c), &out.text);
      break;
  }
  if (!out.encoding_error.empty()) out.raw = std::string(bytes);
  return out;
}

Result<std::string> NormalizeNumber(std::string_view number) {
  std::string out;
  for (size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == '+' && out.empty()) {
      out.push_back(c);
    } else if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
      continue;
    } else {
      size_t position = 1;  // counted as a person counts: characters, from 1
      for (size_t j = 0; j < i; ++j) {
        position += (static_cast<unsigned char>(number[j]) & 0xC0) != 0x80 ? 1 : 0;
      }
      return InvalidArgument("number \"" + std::string(number) + "\": character " +
                             std::to_string(position) + " is not a digit (a number is an "
                             "optional + and 3 to 20 digits)");
    }
  }
  const size_t digits = out.size() - (out.rfind('+', 0) == 0 ? 1 : 0);
  if (digits < 3 || digits > 20) {
    return InvalidArgument("number \"" + std::string(number) + "\": has " +
                           std::to_string(digits) + " digits; expected 3 to 20");
  }
  return out;
}

std::string MaskNumber(std::string_view number) {
  std::string out(number);
  size_t digits = 0;
  for (const char c : out) digits += c >= '0' && c <= '9' ? 1 : 0;
  size_t keep = std::min<size_t>(3, digits / 3);
  for (size_t i = out.size(); i-- > 0;) {
    if (out[i] < '0' || out[i] > '9') continue;
    if (keep > 0) {
      --keep;
    } else {
      out[i] = '*';
    }
  }
  return out;
}

}  // namespace loka::helpline
