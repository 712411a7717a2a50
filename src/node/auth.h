// Bearer-key authentication: parses `Authorization: Bearer KEY`, verifies the key against the
// store (salted hash) and caches the answer for a short time so the hot path does not hash and
// query on every request.
#ifndef LOKA_NODE_AUTH_H_
#define LOKA_NODE_AUTH_H_

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "store/store.h"

namespace loka::node {

// Thread-safe; `mu_` guards the cache. The store must outlive the authenticator.
class Authenticator {
 public:
  Authenticator(store::Store* store, int cache_ttl_ms, size_t cache_max_entries)
      : store_(store), ttl_(std::chrono::milliseconds(cache_ttl_ms)),
        max_entries_(cache_max_entries) {}

  // The scope of the key in `authorization` (the header's value). Errors: invalid_argument
  // (missing header or not "Bearer <key>"), not_found (unknown, wrong or revoked key).
  Result<store::Scope> Authenticate(std::string_view authorization);

 private:
  struct Entry {
    store::Scope scope;
    std::chrono::steady_clock::time_point expires;
  };
  store::Store* store_;
  const std::chrono::milliseconds ttl_;
  const size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> cache_;  // guarded by mu_; key -> verified scope
};

}  // namespace loka::node

#endif  // LOKA_NODE_AUTH_H_
