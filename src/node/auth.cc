#include "node/auth.h"

#include "core/ascii.h"

namespace loka::node {

Result<store::Scope> Authenticator::Authenticate(std::string_view authorization) {
  if (authorization.empty()) {
    return InvalidArgument("missing API key: send \"Authorization: Bearer KEY\"");
  }
  // The scheme is case-insensitive and one or more spaces follow it (RFC 9110 11.1, 11.4).
  constexpr std::string_view kBearer = "bearer";
  const bool bearer = authorization.size() > kBearer.size() &&
                     authorization[kBearer.size()] == ' ' &&
                     AsciiEqualsIgnoringCase(authorization.substr(0, kBearer.size()), kBearer);
  if (!bearer) return InvalidArgument("Authorization header must be \"Bearer KEY\"");
  std::string_view key = authorization.substr(kBearer.size());
  while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  if (key.empty()) return InvalidArgument("Authorization header must be \"Bearer KEY\"");
  const int64_t now_ms = clock_.SteadyMs();
  if (ttl_ms_ > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(std::string(key));
    if (it != cache_.end()) {
      if (it->second.expires_steady_ms > now_ms) return it->second.scope;
      cache_.erase(it);
    }
  }
  Result<store::Scope> scope = store_->VerifyKey(key);
  if (!scope.ok()) {
    if (scope.status().code() == StatusCode::kInvalidArgument ||
        scope.status().code() == StatusCode::kNotFound) {
      return NotFound("invalid API key");  // the store's detail stays out of the answer
    }
    return scope.status();
  }
  if (ttl_ms_ > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    if (cache_.size() >= max_entries_) cache_.clear();
    cache_[std::string(key)] = {*scope, now_ms + ttl_ms_};
  }
  return scope;
}

}  // namespace loka::node
