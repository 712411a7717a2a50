#include "fed/receiver.h"

namespace loka::fed {

Receiver::Outcome Receiver::Reject(Rejection r) {
  Count(r.reason);
  Outcome out;
  out.state = Outcome::State::kRejected;
  out.rejection = std::move(r);
  return out;
}

Receiver::Outcome Receiver::Take(std::string_view source, std::string_view payload,
                                 const std::string& what) {
  ChunkAssembler::Outcome joined = assembler_.Add(source, payload, what);
  if (joined.state == ChunkAssembler::State::kPending) return {};
  if (joined.state == ChunkAssembler::State::kRejected) return Reject(std::move(joined.rejection));
  const std::string& bytes = joined.message;
  Result<MessageHeader> h = ParseMessageHeader(bytes, what);
  if (!h.ok()) return Reject({Reason::kMalformed, h.status()});
  if (h->sender != source) {
    return Reject({Reason::kUnknownSender,
                   InvalidArgument(what + ": signed by '" + h->sender + "', the topic names '" +
                                   std::string(source) + "'")});
  }
  const std::string* key = keys_(h->sender);
  if (key == nullptr) {
    return Reject({Reason::kUnknownSender,
                   InvalidArgument(what + ": sender '" + h->sender + "' is not enrolled")});
  }
  if (!MessageSignatureValid(bytes, *key)) {
    return Reject({Reason::kForged, InvalidArgument(what + ": signature does not verify for '" +
                                                    h->sender + "'")});
  }
  if (seen_.count({h->sender, h->id}) != 0) {
    return Reject({Reason::kReplayed, FailedPrecondition(what + ": message " + std::to_string(h->id) +
                                                         " from '" + h->sender + "' seen before")});
  }
  Result<Message> m = DecodeMessageBody(bytes, *h, max_cells_, what);
  if (!m.ok()) return Reject({Reason::kMalformed, m.status()});
  seen_.emplace(h->sender, h->id);
  Outcome out;
  out.state = Outcome::State::kAccepted;
  out.message = std::move(m).value();
  return out;
}

std::vector<Rejection> Receiver::Expire() {
  std::vector<Rejection> out = assembler_.Expire();
  for (const auto& r : out) Count(r.reason);
  return out;
}

}  // namespace loka::fed
