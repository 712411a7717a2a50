// The checks every federation payload passes before its sender's content is believed
// (docs/formats/update.md "Checking", 1 to 9 and 11): chunk, hash, header, sender, signature,
// replay, body. Round checks (10) are the hub's. Every refusal is counted by reason.
//
// Thread contract: one thread at a time (the owner's MQTT callback or its lock).
#ifndef LOKA_FED_RECEIVER_H_
#define LOKA_FED_RECEIVER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "fed/chunks.h"
#include "fed/message.h"

namespace loka::fed {

// The public key of `sender`, or nullptr when the sender is not trusted.
using KeyLookup = std::function<const std::string*(std::string_view sender)>;

class Receiver {
 public:
  // `max_cells`: the largest rows x columns a matrix message may declare.
  Receiver(AssemblerOptions assembler, KeyLookup keys, uint64_t max_cells)
      : assembler_(assembler), keys_(std::move(keys)), max_cells_(max_cells) {}

  struct Outcome {
    enum class State { kPending, kAccepted, kRejected } state = State::kPending;
    Message message;      // kAccepted: a message whose signature and body checked
    Rejection rejection;  // kRejected
  };
  // One MQTT payload from the topic of `source` (a node id, or the hub's id).
  Outcome Take(std::string_view source, std::string_view payload, const std::string& what);
  // Partial messages past their timeout, each counted as timed_out.
  std::vector<Rejection> Expire();

  // Counts a refusal decided by the owner (a round check).
  void Count(Reason reason) { ++rejected_[static_cast<size_t>(reason)]; }
  const std::array<int64_t, kReasonCount>& rejected() const { return rejected_; }

 private:
  Outcome Reject(Rejection r);
  ChunkAssembler assembler_;
  KeyLookup keys_;
  uint64_t max_cells_;
  std::set<std::pair<std::string, uint64_t>> seen_;  // (sender, message id) accepted so far
  std::array<int64_t, kReasonCount> rejected_{};
};

}  // namespace loka::fed

#endif  // LOKA_FED_RECEIVER_H_
