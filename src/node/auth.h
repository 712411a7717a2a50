// Bearer-key authentication: parses `Authorization: Bearer KEY`, verifies the key against the
// store (salted hash) and caches the answer for a short time so the hot path does not hash and
// query on every request.
#ifndef LOKA_NODE_AUTH_H_
#define LOKA_NODE_AUTH_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "core/time.h"
#include "store/store.h"

namespace loka::node {

// Thread-safe; `mu_` guards the cache. The store and the clock must outlive the authenticator.
class Authenticator {
 public:
  // A verified key is trusted for `cache_ttl_ms` of `clock`'s steady time (0: never cached), so
  // a revoked key stops working at most that long after RevokeKey.
  Authenticator(store::Store* store, int cache_ttl_ms, size_t cache_max_entries,
                const Clock& clock = DefaultClock())
      : store_(store), ttl_ms_(cache_ttl_ms), max_entries_(cache_max_entries), clock_(clock) {}

  // The scope of the key in `authorization` (the header's value). Errors: invalid_argument
  // (missing header or not "Bearer <key>"; the scheme in any case), not_found (unknown, wrong
  // or revoked key).
  Result<store::Scope> Authenticate(std::string_view authorization);

 private:
  struct Entry {
    store::Scope scope;
    int64_t expires_steady_ms;
  };
  store::Store* store_;
  const int64_t ttl_ms_;
  const size_t max_entries_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> cache_;  // guarded by mu_; key -> verified scope
};

}  // namespace loka::node

#endif  // LOKA_NODE_AUTH_H_
