// API keys: generation, salted hashing and verification (libsodium).
#include <sodium.h>

#include "store/store.h"

namespace loka::store {
namespace {

using internal::Stmt;
using internal::Transaction;

constexpr std::string_view kPrefix = "loka_";
constexpr size_t kIdBytes = 6;       // 12 hex characters: public, shown in listings
constexpr size_t kSecretBytes = 32;  // 256 bits of entropy: a fast hash is enough
constexpr size_t kSaltBytes = crypto_generichash_KEYBYTES_MIN;  // 16
constexpr size_t kHashBytes = crypto_generichash_BYTES;         // 32

struct ParsedKey {
  std::string id;
  std::string_view secret;
};

// "loka_" + 12 hex id + "_" + 43-character base64url secret.
Result<ParsedKey> ParseKey(std::string_view key) {
  const size_t id_len = 2 * kIdBytes;
  if (key.substr(0, kPrefix.size()) != kPrefix || key.size() < kPrefix.size() + id_len + 2 ||
      key[kPrefix.size() + id_len] != '_') {
    return InvalidArgument("not a loka API key");
  }
  ParsedKey p;
  p.id = std::string(key.substr(kPrefix.size(), id_len));
  for (char c : p.id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return InvalidArgument("not a loka API key");
    }
  }
  p.secret = key.substr(kPrefix.size() + id_len + 1);
  return p;
}

std::string HashSecret(std::string_view secret, std::string_view salt) {
  std::string out(kHashBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
  return out;
}

std::string RandomBytes(size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), n);
  return s;
}

}  // namespace

Result<std::string> Store::AddKey(Scope scope, std::string_view note, KeyInfo* info) {
  const std::string id_raw = RandomBytes(kIdBytes);
  char id_hex[2 * kIdBytes + 1];
  sodium_bin2hex(id_hex, sizeof(id_hex), reinterpret_cast<const unsigned char*>(id_raw.data()),
                 id_raw.size());
  std::string secret_raw = RandomBytes(kSecretBytes);
  char secret[sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(secret, sizeof(secret),
                    reinterpret_cast<const unsigned char*>(secret_raw.data()), secret_raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  const std::string salt = RandomBytes(kSaltBytes);
  KeyInfo k;
  k.id = id_hex;
  k.scope = scope;
  k.note = std::string(note);
  k.created_at_ms = clock_->NowMs();

  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "INSERT INTO api_keys (id, salt, hash, scope, note, "
                                        "created_at_ms) VALUES (?, ?, ?, ?, ?, ?)"));
  st.Bind(1, k.id)
      .BindBlob(2, salt)
      .BindBlob(3, HashSecret(secret, salt))
      .Bind(4, ScopeName(scope))
      .Bind(5, k.note)
      .Bind(6, k.created_at_ms);
  LOKA_RETURN_IF_ERROR(st.Run().WithPrefix("add key"));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  if (info != nullptr) *info = k;
  sodium_memzero(secret_raw.data(), secret_raw.size());
  std::string key = std::string(kPrefix) + k.id + "_" + secret;
  sodium_memzero(secret, sizeof(secret));
  return key;
}

Result<Scope> Store::VerifyKey(std::string_view key) {
  LOKA_ASSIGN_OR_RETURN(ParsedKey p, ParseKey(key));
  std::string salt, hash, scope;
  bool revoked = false;
  {
    std::lock_guard<std::mutex> lock(*mu_);
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db_.get(), "SELECT salt, hash, scope, revoked_at_ms FROM "
                                          "api_keys WHERE id = ?"));
    st.Bind(1, p.id);
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("unknown API key id " + p.id);
    salt = st.Blob(0);
    hash = st.Blob(1);
    scope = st.Text(2);
    revoked = !st.IsNull(3);
  }
  const std::string got = HashSecret(p.secret, salt);
  if (hash.size() != got.size() || sodium_memcmp(hash.data(), got.data(), got.size()) != 0) {
    return NotFound("wrong secret for API key id " + p.id);
  }
  if (revoked) return NotFound("API key id " + p.id + " is revoked");
  return ParseScope(scope);
}

Result<std::vector<KeyInfo>> Store::ListKeys() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT id, scope, note, created_at_ms, "
                                               "revoked_at_ms FROM api_keys ORDER BY "
                                               "created_at_ms, id"));
  std::vector<KeyInfo> out;
  for (;;) {
    LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    KeyInfo k;
    k.id = st.Text(0);
    LOKA_ASSIGN_OR_RETURN(k.scope, ParseScope(st.Text(1)));
    k.note = st.Text(2);
    k.created_at_ms = st.Int(3);
    k.revoked_at_ms = st.IsNull(4) ? 0 : st.Int(4);
    out.push_back(std::move(k));
  }
  return out;
}

Status Store::RevokeKey(std::string_view id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  LOKA_ASSIGN_OR_RETURN(Stmt find, Stmt::Prepare(db_.get(), "SELECT 1 FROM api_keys WHERE id = ?"));
  find.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool exists, find.Step());
  if (!exists) return NotFound("no API key with id " + std::string(id));
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "UPDATE api_keys SET revoked_at_ms = ? WHERE id "
                                               "= ? AND revoked_at_ms IS NULL"));
  st.Bind(1, clock_->NowMs()).Bind(2, id);
  LOKA_RETURN_IF_ERROR(st.Run());
  return tx.Commit();
}

}  // namespace loka::store
