#include "fed/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/file.h"

namespace loka::fed {
namespace {

// libsodium must be initialized once before its generator is used; sodium_init is idempotent
// and thread-safe.
void EnsureSodium() {
  static const int kInit = sodium_init();
  (void)kInit;
}

}  // namespace

bool ValidSenderId(std::string_view id) {
  if (id.empty() || id.size() > kMaxSenderIdBytes) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string ToHex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

Result<std::string> FromHex(std::string_view hex, const std::string& what) {
  if (hex.size() % 2 != 0) return InvalidArgument(what + ": odd number of hex digits");
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return InvalidArgument(what + ": not a hex digit at offset " + std::to_string(2 * i));
    }
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<std::string> PublicKeyFromHex(std::string_view hex, const std::string& what) {
  if (hex.size() != 2 * kPublicKeyBytes) {
    return InvalidArgument(what + ": a public key is " + std::to_string(2 * kPublicKeyBytes) +
                           " hex digits (32 bytes, as loka fed keygen prints), got " +
                           std::to_string(hex.size()));
  }
  return FromHex(hex, what);
}

SigningKey SigningKey::Generate() {
  EnsureSodium();
  std::string seed(kSeedBytes, '\0');
  randombytes_buf(seed.data(), seed.size());
  return std::move(FromSeed(seed)).value();
}

Result<SigningKey> SigningKey::FromSeed(std::string_view seed) {
  EnsureSodium();
  if (seed.size() != kSeedBytes) {
    return InvalidArgument("an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size()));
  }
  SigningKey k;
  k.seed_.assign(seed);
  k.public_.assign(crypto_sign_PUBLICKEYBYTES, '\0');
  k.secret_.assign(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(k.public_.data()),
                           reinterpret_cast<unsigned char*>(k.secret_.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return k;
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  LOKA_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return FileError(path, "stat");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return FailedPrecondition(path + ": a key file is readable by its owner only (mode 0600), this "
                              "one is " + mode + ": chmod 600 " + path +
                              " (make a new key if others may have read it)");
  }
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.size() != 2 * kSeedBytes) {
    return InvalidArgument(path + ": a key file holds 64 hex digits (a 32-byte Ed25519 seed)");
  }
  LOKA_ASSIGN_OR_RETURN(std::string seed, FromHex(line, path));
  return FromSeed(seed);
}

Status SigningKey::Save(const std::string& path) const {
  // O_EXCL: an existing key is never replaced (its public key may be on an enrolment list, and
  // a replaced secret cannot be had back); created with mode 0600, readable by its owner only.
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return FailedPrecondition(path + ": exists; a key file is never overwritten (its public "
                                       "key may be enrolled): remove it first or write another");
    }
    return FileError(path, "cannot create the key file");
  }
  const std::string text = ToHex(seed_) + "\n";
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const Status s = FileError(path, "write");
      close(fd);
      unlink(path.c_str());
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    const Status s = FileError(path, "write");
    unlink(path.c_str());
    return s;
  }
  return Status::Ok();
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  return sig;
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  EnsureSodium();
  if (public_key.size() != kPublicKeyBytes || signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) ==
         0;
}

Result<Enrolment> Enrolment::Parse(std::string_view text, const std::string& what) {
  Enrolment e;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string line(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    std::vector<std::string> fields;
    for (size_t at = line.find_first_not_of(" \t\r"); at != std::string::npos;) {
      const size_t end = line.find_first_of(" \t\r", at);
      fields.push_back(line.substr(at, end - at));
      at = end == std::string::npos ? end : line.find_first_not_of(" \t\r", end);
    }
    if (fields.empty() || fields[0][0] == '#') continue;
    const std::string where = what + " line " + std::to_string(line_no);
    if (fields.size() != 2) {
      return InvalidArgument(where + ": expected '<id> <public key hex>' (two fields), got " +
                             std::to_string(fields.size()) + " fields");
    }
    LOKA_ASSIGN_OR_RETURN(std::string key, PublicKeyFromHex(fields[1], where));
    LOKA_RETURN_IF_ERROR(e.Add(fields[0], std::move(key)).WithPrefix(where));
  }
  return e;
}

Result<Enrolment> Enrolment::Load(const std::string& path) {
  LOKA_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return Parse(text, path);
}

Status Enrolment::Add(const std::string& id, std::string public_key) {
  if (!ValidSenderId(id)) return InvalidArgument("node id '" + id + "' is not 1-32 of [A-Za-z0-9_.-]");
  if (public_key.size() != kPublicKeyBytes) {
    return InvalidArgument("node " + id + ": a public key is 32 bytes");
  }
  if (keys_.count(id) > 0) return InvalidArgument("node " + id + " is enrolled twice");
  const auto [other, added] = ids_by_key_.emplace(public_key, id);
  if (!added) {
    return InvalidArgument("node " + id + " has the public key of node " + other->second +
                           ": each node has a key of its own (loka fed keygen)");
  }
  keys_.emplace(id, std::move(public_key));
  return Status::Ok();
}

const std::string* Enrolment::Find(std::string_view id) const {
  const auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<std::string> Enrolment::ids() const {
  std::vector<std::string> out;
  for (const auto& [id, key] : keys_) out.push_back(id);
  return out;
}

std::string Enrolment::ToText() const {
  std::string out;
  for (const auto& [id, key] : keys_) out += id + " " + ToHex(key) + "\n";
  return out;
}

}  // namespace loka::fed
