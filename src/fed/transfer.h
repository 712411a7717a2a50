// Federation by file for air-gapped sites (docs/formats/transfer.md): a global version with its
// round announcement (the version file) and a node's update (the update file), each a few whole
// signed messages in one file. Reading a file passes every message through the same checks as
// over MQTT (its chunks go to the same Receiver, Learner or Hub).
//
// Thread contract: plain functions; the Learner or Hub passed in is the caller's to serialize.
#ifndef LOKA_FED_TRANSFER_H_
#define LOKA_FED_TRANSFER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "fed/hub.h"
#include "fed/learner.h"
#include "fed/link.h"
#include "fed/message.h"
#include "fed/round.h"

namespace loka::fed {

inline constexpr size_t kTransferHeaderBytes = 16;
inline constexpr size_t kMaxTransferMessages = 8;
inline constexpr uint64_t kMaxTransferFileBytes = uint64_t{256} << 20;  // 2^26 cells x 4 + headers

// The file of `messages`. REQUIRES: 1 to kMaxTransferMessages messages.
std::string EncodeTransferFile(const std::vector<SignedMessage>& messages);
// The messages of a file (views into `file`), lengths checked against the bytes left.
// Errors: corrupt naming `what` ("truncated or malformed").
Result<std::vector<std::string_view>> SplitTransferFile(std::string_view file, const std::string& what);

// The hub's version file: its latest global version and the open round's announcement.
// Errors: failed_precondition before Start or after the last round (no announcement).
Result<std::string> ExportVersionFile(const Hub& hub);

// A version file checked against the hub's key without a learner (`loka fed import-version`;
// VersionFile is in fed/round.h, as Hub::Resume takes one too).
// Errors, each naming `what`: corrupt (truncated or malformed), the receiver's refusal with its
// reason (forged: not signed by `hub_public_key` as `hub_id`), failed_precondition (stale:
// version <= `held_version` when `have_version`; an announcement not training from the file's
// version).
Result<VersionFile> ReadVersionFile(std::string_view file, const std::string& hub_id,
                                    const std::string& hub_public_key, bool have_version,
                                    uint32_t held_version, const std::string& what);

// As ReadVersionFile, for a hub carrying on from the fleet's retained messages (Hub::Resume):
// an announcement one round behind the version (the hub stopped between publishing the version
// and announcing, or the run is past its last round) is taken as the next round's.
Result<VersionFile> ReadRetainedVersion(std::string_view file, const std::string& hub_id,
                                        const std::string& hub_public_key, const std::string& what);

// Gives a version file to a node's learner, which then holds that version and the round, as if
// they had come over MQTT (its next Work() judges the version and answers the round).
// Errors: as ReadVersionFile's.
Status ImportVersionFile(Learner& learner, std::string_view file, const std::string& what);

// The update file of a learner given version file `what` (ImportVersionFile): it trains for
// the announced round (Work) and the file holds its update (`loka fed export-update`). Errors:
// Work's; failed_precondition naming `what` when the round does not choose the learner's node
// (naming the nodes it does) or its deadline has passed (saying how long ago): the hub would
// not take the update.
Result<std::string> MakeUpdateFile(Learner& learner, const std::string& what);

// Gives an update file to the hub: every message goes through Hub::Receive under its sender's
// id, so it is checked and counted as over MQTT. Errors: corrupt for an unreadable file; the
// hub's refusal (forged, stale_round, replayed, ...).
Status ImportUpdateFile(Hub& hub, std::string_view file, const std::string& what);

// The update messages of an update file, each checked against `enrolment` (hash, format,
// sender, signature) and returned with its sender, for publishing to the hub's broker
// (`loka fed import-update`). Errors: corrupt; the receiver's refusal (unknown sender, forged).
struct CheckedUpdate {
  std::string sender;
  uint64_t id = 0;
  uint32_t round = 0;  // the round it answers
  std::string bytes;
};
Result<std::vector<CheckedUpdate>> CheckUpdateFile(std::string_view file, const Enrolment& enrolment,
                                                   const std::string& what);

// Publishes the checked updates of an update file to the hub's broker on their senders' update
// topics, as the nodes would (`loka fed import-update`), and waits until the broker has routed
// every chunk back to a subscriber of those topics: then the hub's persistent session holds
// them. First it reads the round announcement the broker retains for the fleet (within
// `timeout_ms`) and publishes nothing unless every update answers the round it announces and
// that round is open. Returns the chunks published. Errors: CheckUpdateFile's; not_found when
// the broker retains no announcement for the fleet (no hub runs it there); failed_precondition
// for an update of another round or a closed round; unavailable when the broker cannot be
// reached or has not routed the chunks within `timeout_ms`; the link's errors.
Result<size_t> PublishUpdateFile(LinkOptions link, std::string_view file, const Enrolment& enrolment,
                                 int64_t timeout_ms, const std::string& what);

// The latest retained version and announcement of a fleet, fetched from its broker as a node
// would (`loka fed export-version`), checked as ReadVersionFile does. Errors: when both have
// not arrived in `timeout_ms`, not_found if the broker was reached (it retains none: a new
// fleet), unavailable if not; the link's errors; ReadVersionFile's.
Result<std::string> FetchVersionFile(LinkOptions link, const std::string& hub_id,
                                     const std::string& hub_public_key, int64_t timeout_ms);
// The same messages fetched for a hub that carries on (Hub::Resume), decoded and checked by
// ReadRetainedVersion. Errors: FetchVersionFile's, with ReadRetainedVersion's for its checks.
Result<VersionFile> FetchRetainedVersion(LinkOptions link, const std::string& hub_id,
                                         const std::string& hub_public_key, int64_t timeout_ms);

}  // namespace loka::fed

#endif  // LOKA_FED_TRANSFER_H_
