#include "fed/chunks.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/bytes.h"

namespace loka::fed {
namespace {

constexpr char kMagic[8] = {'L', 'O', 'K', 'A', 'F', 'E', 'D', 'C'};

std::array<unsigned char, 32> Blake2b(std::string_view bytes) {
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return h;
}

Rejection Reject(Reason reason, std::string message) {
  return {reason, Corrupt(std::move(message))};
}

}  // namespace

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kOversized: return "oversized";
    case Reason::kMalformed: return "malformed";
    case Reason::kCorrupt: return "corrupt";
    case Reason::kUnknownSender: return "unknown_sender";
    case Reason::kForged: return "forged";
    case Reason::kReplayed: return "replayed";
    case Reason::kStaleRound: return "stale_round";
    case Reason::kTimedOut: return "timed_out";
  }
  return "unknown";
}

std::vector<std::string> SplitIntoChunks(std::string_view message, uint64_t message_id) {
  const auto hash = Blake2b(message);
  const uint32_t count =
      static_cast<uint32_t>(std::max<size_t>(1, (message.size() + kChunkDataBytes - 1) / kChunkDataBytes));
  std::vector<std::string> chunks;
  chunks.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string c;
    ByteWriter w(&c);
    w.PutBytes(kMagic, sizeof kMagic);
    w.Put<uint16_t>(1);
    w.Put<uint16_t>(0);
    w.Put<uint32_t>(i);
    w.Put<uint32_t>(count);
    w.Put<uint32_t>(static_cast<uint32_t>(message.size()));
    w.Put<uint64_t>(message_id);
    w.PutBytes(hash.data(), hash.size());
    const size_t begin = size_t{i} * kChunkDataBytes;
    c.append(message.substr(begin, std::min(kChunkDataBytes, message.size() - begin)));
    chunks.push_back(std::move(c));
  }
  return chunks;
}

ChunkAssembler::Outcome ChunkAssembler::Add(std::string_view source, std::string_view payload,
                                            const std::string& what) {
  Outcome out;
  out.state = State::kRejected;
  if (payload.size() > kMaxChunkBytes) {
    out.rejection = {Reason::kOversized,
                     ResourceExhausted(what + ": payload of " + std::to_string(payload.size()) +
                                       " bytes is over the 131072-byte chunk limit")};
    return out;
  }
  if (payload.size() < kChunkHeaderBytes || std::memcmp(payload.data(), kMagic, 8) != 0) {
    out.rejection = Reject(Reason::kMalformed, what + ": not a federation chunk");
    return out;
  }
  ByteReader r(payload.substr(8, kChunkHeaderBytes - 8), what);
  uint16_t version = 0, zero = 0;
  uint32_t index = 0, count = 0, bytes = 0;
  uint64_t id = 0;
  std::string_view hash_view;
  if (!r.Get(&version).ok() || !r.Get(&zero).ok() || !r.Get(&index).ok() || !r.Get(&count).ok() ||
      !r.Get(&bytes).ok() || !r.Get(&id).ok() || !r.View(32, &hash_view).ok()) {
    out.rejection = Reject(Reason::kMalformed, what + ": short chunk header");
    return out;
  }
  if (version != 1) {
    out.rejection = Reject(Reason::kMalformed, what + ": chunk version " + std::to_string(version));
    return out;
  }
  if (bytes > options_.max_message_bytes) {
    out.rejection = {Reason::kOversized,
                     ResourceExhausted(what + ": a message of " + std::to_string(bytes) +
                                       " bytes is over the limit of " +
                                       std::to_string(options_.max_message_bytes))};
    return out;
  }
  const uint64_t want_count = std::max<uint64_t>(1, (uint64_t{bytes} + kChunkDataBytes - 1) / kChunkDataBytes);
  if (count != want_count || index >= count) {
    out.rejection = Reject(Reason::kMalformed, what + ": chunk " + std::to_string(index) + " of " +
                                                   std::to_string(count) + " for a message of " +
                                                   std::to_string(bytes) + " bytes");
    return out;
  }
  const size_t begin = size_t{index} * kChunkDataBytes;
  const size_t len = std::min<size_t>(kChunkDataBytes, bytes - begin);
  const std::string_view data = payload.substr(kChunkHeaderBytes);
  if (data.size() != len) {
    out.rejection = Reject(Reason::kMalformed, what + ": chunk " + std::to_string(index) + " holds " +
                                                   std::to_string(data.size()) + " bytes, its share is " +
                                                   std::to_string(len));
    return out;
  }
  std::array<unsigned char, 32> hash{};
  std::memcpy(hash.data(), hash_view.data(), 32);

  auto finish = [&](std::string joined) {
    if (Blake2b(joined) != hash) {
      out.rejection = Reject(Reason::kCorrupt, what + ": joined chunks do not match the message hash");
      return;
    }
    out.state = State::kComplete;
    out.message = std::move(joined);
  };
  if (count == 1) {
    finish(std::string(data));
    return out;
  }
  const auto key = std::make_pair(std::string(source), id);
  auto it = partial_.find(key);
  if (it == partial_.end()) {
    if (partial_.size() >= options_.max_partial) {
      auto oldest = std::min_element(partial_.begin(), partial_.end(), [](const auto& a, const auto& b) {
        return a.second.first_ms < b.second.first_ms;
      });
      partial_.erase(oldest);
    }
    Partial p;
    p.count = count;
    p.bytes = bytes;
    p.hash = hash;
    p.have.assign(count, false);
    p.data.assign(bytes, '\0');
    p.first_ms = options_.clock->SteadyMs();
    it = partial_.emplace(key, std::move(p)).first;
  }
  Partial& p = it->second;
  if (p.count != count || p.bytes != bytes || p.hash != hash) {
    out.rejection = Reject(Reason::kMalformed, what + ": chunk " + std::to_string(index) +
                                                   " disagrees with the other chunks of its message");
    return out;
  }
  out.state = State::kPending;
  if (p.have[index]) return out;  // a QoS 1 duplicate
  p.have[index] = true;
  ++p.received;
  if (len > 0) std::memcpy(p.data.data() + begin, data.data(), len);
  if (p.received < p.count) return out;
  std::string joined = std::move(p.data);
  partial_.erase(it);
  out.state = State::kRejected;
  finish(std::move(joined));
  return out;
}

std::vector<Rejection> ChunkAssembler::Expire() {
  std::vector<Rejection> out;
  const int64_t now = options_.clock->SteadyMs();
  for (auto it = partial_.begin(); it != partial_.end();) {
    if (now - it->second.first_ms >= options_.partial_timeout_ms) {
      out.push_back(Reject(Reason::kTimedOut,
                           it->first.first + ": message " + std::to_string(it->first.second) +
                               " incomplete after " + std::to_string(it->second.received) + " of " +
                               std::to_string(it->second.count) + " chunks"));
      it = partial_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

}  // namespace loka::fed
