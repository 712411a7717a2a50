// Ed25519 identities of a fleet (libsodium): a sender's signing key, signature checks, and the
// hub's enrolment list (node id -> public key). A key file holds the 32-byte seed as 64
// hexadecimal digits and a newline; the public key is derived from it.
//
// Thread contract: SigningKey and Enrolment are immutable after construction and shared freely.
#ifndef LOKA_FED_KEYS_H_
#define LOKA_FED_KEYS_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::fed {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSeedBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
inline constexpr size_t kMaxSenderIdBytes = 32;

// True for 1 to 32 bytes of [A-Za-z0-9_.-]: a node or hub id, safe inside an MQTT topic level.
bool ValidSenderId(std::string_view id);

std::string ToHex(std::string_view bytes);
// Errors: invalid_argument naming `what` for odd length or a non-hex digit.
Result<std::string> FromHex(std::string_view hex, const std::string& what);
// An Ed25519 public key written as hex (`--hub-key`, an enrolment line): exactly
// 2 x kPublicKeyBytes hex digits. Errors: invalid_argument naming `what`, the digits expected
// and the digits given, or FromHex's: a key of another length is refused as such, not later by
// a signature that fails against it, as if the file or message had been forged.
Result<std::string> PublicKeyFromHex(std::string_view hex, const std::string& what);

class SigningKey {
 public:
  // A fresh random key (libsodium's generator).
  static SigningKey Generate();
  // The key of a 32-byte seed. Errors: invalid_argument for another length.
  static Result<SigningKey> FromSeed(std::string_view seed);
  // Reads a key file. Errors: not_found, io_error, invalid_argument naming the file;
  // failed_precondition for a file its group or others may read or write (as Save makes it,
  // 0600, is expected): a key others may have read can be used to sign in this node's name.
  static Result<SigningKey> Load(const std::string& path);
  // Creates the key file with mode 0600. Errors: failed_precondition when `path` exists (a key
  // is never overwritten), io_error.
  Status Save(const std::string& path) const;

  const std::string& public_key() const { return public_; }  // 32 bytes
  // The 64-byte detached signature of `message`.
  std::string Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::string seed_, secret_, public_;
};

// True when `signature` is `public_key`'s Ed25519 signature of `message`.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// The nodes a hub accepts updates from. Text form, one node a line: `<id> <public key hex>`,
// separated by spaces or tabs; blank lines and lines starting with '#' are skipped. Each node
// has a key of its own: one key under two ids would let its holder send two updates a round
// and weigh twice in the average.
class Enrolment {
 public:
  // Errors: invalid_argument naming `what` and the line (not two fields, bad id, bad key, an id
  // or a key listed twice).
  static Result<Enrolment> Parse(std::string_view text, const std::string& what);
  // Reads and parses an enrolment file. Errors: not_found, io_error naming the file, and Parse's.
  static Result<Enrolment> Load(const std::string& path);
  // Errors: invalid_argument for a bad id or key length, an id already enrolled, or a key
  // already enrolled under another id.
  Status Add(const std::string& id, std::string public_key);
  // The node's public key, or nullptr when it is not enrolled.
  const std::string* Find(std::string_view id) const;
  size_t size() const { return keys_.size(); }
  std::vector<std::string> ids() const;  // sorted
  std::string ToText() const;

 private:
  std::map<std::string, std::string, std::less<>> keys_;  // id -> public key
  std::map<std::string, std::string> ids_by_key_;          // public key -> id
};

}  // namespace loka::fed

#endif  // LOKA_FED_KEYS_H_
