// Chunks (docs/formats/update.md "Chunk"): a message cut into MQTT payloads of at most 128 KiB,
// each with the message's id, size and BLAKE2b-256 hash, and the receiver that joins them back,
// checking every chunk before it allocates anything for its message. Also the reasons a
// federation payload is refused, which hub and node count.
//
// Thread contract: SplitIntoChunks is a plain function; a ChunkAssembler is used from one thread
// (the MQTT client's callback thread) or under its owner's lock.
#ifndef LOKA_FED_CHUNKS_H_
#define LOKA_FED_CHUNKS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace loka::fed {

inline constexpr size_t kMaxChunkBytes = 128 * 1024;
inline constexpr size_t kChunkHeaderBytes = 64;
inline constexpr size_t kChunkDataBytes = kMaxChunkBytes - kChunkHeaderBytes;

// Why a payload was refused (docs/formats/update.md "Checking").
enum class Reason {
  kOversized,      // a payload over 128 KiB
  kMalformed,      // a chunk or message that breaks the format
  kCorrupt,        // joined chunks whose hash is not the message's
  kUnknownSender,  // not enrolled, or the topic names another sender
  kForged,         // a signature that does not verify
  kReplayed,       // a message id seen before, or a second update in a round
  kStaleRound,     // an update for a round that is not open, or from another base version
  kTimedOut,       // a message whose chunks did not all arrive in time
};
inline constexpr int kReasonCount = 8;
std::string_view ReasonName(Reason reason);  // "oversized", "malformed", ...

// A refused payload: why, and the message to log.
struct Rejection {
  Reason reason = Reason::kMalformed;
  Status status;
};

// The chunks of `message`, each at most kMaxChunkBytes.
std::vector<std::string> SplitIntoChunks(std::string_view message, uint64_t message_id);

struct AssemblerOptions {
  // Largest message accepted; a chunk announcing a larger one is refused before anything is
  // allocated. 64 MiB holds a 2^20-bucket x 60-label update at 8 bits with room to spare.
  uint64_t max_message_bytes = 64ull << 20;
  // Messages being joined at once, all senders together; the oldest is dropped past it.
  size_t max_partial = 64;
  // A message whose chunks have not all arrived this long after its first is dropped
  // (Reason::kTimedOut). 10 minutes: longer than any round.
  int64_t partial_timeout_ms = 10 * kMsPerMinute;
  const Clock* clock = &DefaultClock();
};

class ChunkAssembler {
 public:
  explicit ChunkAssembler(AssemblerOptions options = {}) : options_(options) {}

  enum class State { kPending, kComplete, kRejected };
  struct Outcome {
    State state = State::kPending;
    std::string message;  // kComplete: the joined bytes, hash checked
    Rejection rejection;  // kRejected
  };
  // Takes one payload received from `source` (the sender named by the topic); `what` names it
  // in messages.
  Outcome Add(std::string_view source, std::string_view payload, const std::string& what);
  // Drops partial messages past their timeout; returns one rejection for each.
  std::vector<Rejection> Expire();
  size_t partial() const { return partial_.size(); }

 private:
  struct Partial {
    uint32_t count = 0;
    uint32_t bytes = 0;
    std::array<unsigned char, 32> hash{};
    std::vector<bool> have;
    uint32_t received = 0;
    std::string data;
    int64_t first_ms = 0;
  };
  AssemblerOptions options_;
  std::map<std::pair<std::string, uint64_t>, Partial> partial_;
};

}  // namespace loka::fed

#endif  // LOKA_FED_CHUNKS_H_
