#include "fed/transfer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/bytes.h"
#include "fed/chunks.h"
#include "fed/receiver.h"
#include "fed/topics.h"

namespace loka::fed {
namespace {

constexpr char kMagic[8] = {'L', 'O', 'K', 'A', 'F', 'E', 'D', 'F'};
constexpr uint16_t kVersion = 1;
constexpr size_t kBodyBytesOffset = 72;  // docs/formats/update.md: a message's body bytes

// The chunks an MQTT sender would publish for a whole `message`, whose header has parsed.
std::vector<std::string> ChunksOf(std::string_view message, const MessageHeader& h) {
  return SplitIntoChunks(message, h.id);
}

// A whole message through `r` (every check of update.md but the round's): the message, or why not.
Result<Message> TakeWhole(Receiver& r, std::string_view message, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(MessageHeader h, ParseMessageHeader(message, what));
  Receiver::Outcome got;
  for (const std::string& c : ChunksOf(message, h)) got = r.Take(h.sender, c, what);
  if (got.state == Receiver::Outcome::State::kRejected) {
    return Status(got.rejection.status.code(),
                  what + " (" + std::string(ReasonName(got.rejection.reason)) + "): " +
                      got.rejection.status.message());
  }
  if (got.state != Receiver::Outcome::State::kAccepted) return Internal(what + ": message incomplete");
  return std::move(got.message);
}

// The types of a transfer file's messages, read from their headers before any signature is
// checked: a file of the other kind (an update file given as a version file, say) is refused as
// `what`: `holds`, not as signed by a stranger.
Status CheckMessageTypes(const std::vector<std::string_view>& messages,
                         std::initializer_list<MessageType> types, const std::string& what,
                         const char* holds) {
  for (const std::string_view bytes : messages) {
    LOKA_ASSIGN_OR_RETURN(MessageHeader h, ParseMessageHeader(bytes, what));
    if (std::find(types.begin(), types.end(), h.type) == types.end()) {
      return Corrupt(what + ": " + holds);
    }
  }
  return Status::Ok();
}

std::string FileOf(const std::vector<std::string_view>& messages) {
  std::string out;
  ByteWriter w(&out);
  w.PutBytes(kMagic, sizeof kMagic);
  w.Put<uint16_t>(kVersion);
  w.Put<uint16_t>(static_cast<uint16_t>(messages.size()));
  w.Put<uint32_t>(0);
  for (const std::string_view m : messages) out += m;
  return out;
}

Status Stale(uint32_t version, uint32_t held, const std::string& what) {
  return FailedPrecondition(what + ": stale: it holds version " + std::to_string(version) +
                            ", this node already holds version " + std::to_string(held));
}

}  // namespace

std::string EncodeTransferFile(const std::vector<SignedMessage>& messages) {
  std::vector<std::string_view> bytes;
  for (const SignedMessage& m : messages) bytes.push_back(m.bytes());
  return FileOf(bytes);
}

Result<std::vector<std::string_view>> SplitTransferFile(std::string_view file, const std::string& what) {
  auto bad = [&](const std::string& why) { return Corrupt(what + ": truncated or malformed: " + why); };
  if (file.size() > kMaxTransferFileBytes) return bad("over 256 MiB");
  if (file.size() < kTransferHeaderBytes || std::memcmp(file.data(), kMagic, sizeof kMagic) != 0) {
    return bad("not a loka federation file (magic LOKAFEDF)");
  }
  uint16_t version = 0, count = 0;
  std::memcpy(&version, file.data() + 8, 2);
  std::memcpy(&count, file.data() + 10, 2);
  if (version != kVersion) return bad("format version " + std::to_string(version) + ", this loka reads 1");
  if (count < 1 || count > kMaxTransferMessages) return bad("message count " + std::to_string(count));
  std::vector<std::string_view> out;
  size_t pos = kTransferHeaderBytes;
  for (uint16_t i = 0; i < count; ++i) {
    const size_t left = file.size() - pos;
    if (left < kMessageMinBytes) return bad("message " + std::to_string(i) + " is cut off");
    uint32_t body = 0;
    std::memcpy(&body, file.data() + pos + kBodyBytesOffset, 4);
    const uint64_t size = uint64_t{kMessageMinBytes} + body;
    if (size > left) {
      return bad("message " + std::to_string(i) + " needs " + std::to_string(size) + " bytes, " +
                 std::to_string(left) + " are left");
    }
    out.push_back(file.substr(pos, size));
    pos += size;
  }
  if (pos != file.size()) return bad(std::to_string(file.size() - pos) + " bytes after the last message");
  return out;
}

Result<std::string> ExportVersionFile(const Hub& hub) {
  if (hub.latest_global() == nullptr || hub.latest_round() == nullptr || hub.stats().finished) {
    return FailedPrecondition("hub: no open round to export (not started, or past its last round)");
  }
  return EncodeTransferFile({*hub.latest_global(), *hub.latest_round()});
}

namespace {

// ReadVersionFile's work. `behind_ok`: an announcement of the round before the version (the
// hub published the version and stopped before announcing, or the run is past its last round)
// is taken as the next round's: plan.round one past the version's own, plan.version the file's.
Result<VersionFile> ReadVersion(std::string_view file, const std::string& hub_id,
                                const std::string& hub_public_key, bool have_version,
                                uint32_t held_version, bool behind_ok, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string_view> messages, SplitTransferFile(file, what));
  Receiver r(AssemblerOptions(), [&](std::string_view id) -> const std::string* {
    return id == hub_id ? &hub_public_key : nullptr;
  }, uint64_t{1} << 26);
  constexpr const char* kHolds = "a version file holds one global version and one round announcement";
  LOKA_RETURN_IF_ERROR(
      CheckMessageTypes(messages, {MessageType::kGlobal, MessageType::kRound}, what, kHolds));
  std::optional<Message> global, round;
  for (const std::string_view bytes : messages) {
    LOKA_ASSIGN_OR_RETURN(Message m, TakeWhole(r, bytes, what));
    std::optional<Message>& slot = m.type == MessageType::kGlobal ? global : round;
    if (slot) return Corrupt(what + ": " + kHolds);
    slot = std::move(m);
  }
  if (!global || !round) return Corrupt(what + ": " + kHolds);
  if (have_version && global->base_version <= held_version) return Stale(global->base_version, held_version, what);
  VersionFile v;
  v.version = global->base_version;
  LOKA_ASSIGN_OR_RETURN(v.plan, RoundPlanFromJson(round->json, what));
  const SparseMatrix& x = global->matrix;
  // The hub publishes a version, then announces the round that trains from it: in between, and
  // after the last round, the retained announcement is still the previous round's.
  if (behind_ok && v.plan.version < v.version) {
    v.plan.round = global->round + 1;
    v.plan.version = v.version;
  }
  if (v.plan.version != v.version) {
    return FailedPrecondition(what + ": the round announcement trains from version " +
                              std::to_string(v.plan.version) + ", not the file's version " +
                              std::to_string(v.version) +
                              ": the fleet is between rounds or past its last round (export "
                              "again once the hub has announced the next round)");
  }
  if (x.rows != v.plan.spec.rows() || x.cols != v.plan.spec.cols()) {
    return FailedPrecondition(what + ": version " + std::to_string(v.version) + " has " +
                              std::to_string(x.rows) + " x " + std::to_string(x.cols) +
                              " weights, the round announcement's model " +
                              std::to_string(v.plan.spec.rows()) + " x " +
                              std::to_string(v.plan.spec.cols()));
  }
  v.weights = Densify(x);
  // The decoder gives c the matrix's shape, or none (rows 0).
  if (global->control.rows != 0) v.control = Densify(global->control);
  return v;
}

}  // namespace

Result<VersionFile> ReadVersionFile(std::string_view file, const std::string& hub_id,
                                    const std::string& hub_public_key, bool have_version,
                                    uint32_t held_version, const std::string& what) {
  return ReadVersion(file, hub_id, hub_public_key, have_version, held_version, false, what);
}

Result<VersionFile> ReadRetainedVersion(std::string_view file, const std::string& hub_id,
                                        const std::string& hub_public_key,
                                        const std::string& what) {
  return ReadVersion(file, hub_id, hub_public_key, false, 0, true, what);
}

Status ImportVersionFile(Learner& learner, std::string_view file, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string_view> messages, SplitTransferFile(file, what));
  // The global version first: a round from a version the learner does not hold is not answered.
  std::vector<std::pair<std::string_view, MessageHeader>> ordered;
  for (const std::string_view bytes : messages) {
    LOKA_ASSIGN_OR_RETURN(MessageHeader h, ParseMessageHeader(bytes, what));
    if (h.type != MessageType::kGlobal && h.type != MessageType::kRound) {
      return Corrupt(what + ": a version file holds global versions and round announcements only");
    }
    if (h.type == MessageType::kGlobal && learner.stats().have_version &&
        h.base_version <= learner.stats().version) {
      return Stale(h.base_version, learner.stats().version, what);
    }
    ordered.insert(h.type == MessageType::kGlobal ? ordered.begin() : ordered.end(), {bytes, h});
  }
  for (const auto& [bytes, h] : ordered) {
    for (const std::string& c : ChunksOf(bytes, h)) {
      const Status s = learner.Receive(c, h.type == MessageType::kRound);
      if (!s.ok()) return Status(s.code(), what + ": " + s.message());
    }
  }
  return Status::Ok();
}

Result<std::string> MakeUpdateFile(Learner& learner, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<SignedMessage> out, learner.Work());
  std::vector<SignedMessage> updates;
  for (SignedMessage& m : out) {
    if (m.type() == MessageType::kUpdate) updates.push_back(std::move(m));
  }
  if (!updates.empty()) return EncodeTransferFile(updates);
  const std::string& id = learner.options().node_id;
  if (!learner.plan()) return FailedPrecondition(what + ": no round announced to answer");
  const RoundPlan& p = *learner.plan();
  const std::string round = "round " + std::to_string(p.round);
  if (std::find(p.chosen.begin(), p.chosen.end(), id) == p.chosen.end()) {
    std::string chosen;
    for (size_t i = 0; i < p.chosen.size() && i < 8; ++i) chosen += (i ? ", " : "") + p.chosen[i];
    if (p.chosen.size() > 8) chosen += ", ...";
    return FailedPrecondition(what + ": " + round + " does not choose node " + id +
                              " (it chooses " + std::to_string(p.chosen.size()) + ": " + chosen +
                              "; is the id the one on the hub's enrolment list?)");
  }
  const int64_t late_ms = learner.options().clock->NowMs() - p.deadline_ms;
  if (late_ms >= 0) {
    return FailedPrecondition(what + ": the deadline of " + round + " passed " +
                              std::to_string(late_ms / 1000) +
                              " s ago: the hub has closed it; fetch a newer version file");
  }
  return FailedPrecondition(what + ": no update for " + round + " (already answered, or a version "
                            "other than the one the round trains from)");
}

Status ImportUpdateFile(Hub& hub, std::string_view file, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string_view> messages, SplitTransferFile(file, what));
  for (const std::string_view bytes : messages) {
    LOKA_ASSIGN_OR_RETURN(MessageHeader h, ParseMessageHeader(bytes, what));
    for (const std::string& c : ChunksOf(bytes, h)) {
      const Status s = hub.Receive(h.sender, c, false);
      if (!s.ok()) return Status(s.code(), what + ": " + s.message());
    }
  }
  return Status::Ok();
}

Result<std::vector<CheckedUpdate>> CheckUpdateFile(std::string_view file, const Enrolment& enrolment,
                                                   const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string_view> messages, SplitTransferFile(file, what));
  Receiver r(AssemblerOptions(), [&](std::string_view id) { return enrolment.Find(id); }, uint64_t{1} << 26);
  std::vector<CheckedUpdate> out;
  LOKA_RETURN_IF_ERROR(CheckMessageTypes(messages, {MessageType::kUpdate}, what,
                                         "an update file holds model updates only"));
  for (const std::string_view bytes : messages) {
    LOKA_ASSIGN_OR_RETURN(Message m, TakeWhole(r, bytes, what));
    out.push_back({m.sender, m.id, m.round, std::string(bytes)});
  }
  return out;
}

namespace {

Result<std::string> FetchRetainedFile(LinkOptions link, const std::string& hub_id,
                                      int64_t timeout_ms);

// Refuses, before anything is published, updates the fleet's hub could not count: for a fleet
// whose broker retains no round announcement (no hub has run it there: a misspelt fleet, whose
// updates would reach no hub), for a round other than the one announced (closed: stale_round),
// or when the announced round is closed (its version published, no round since: past the last
// round). Read from the retained messages without the hub's key, which import-update is not
// given: a forged announcement can only make it refuse.
Status CheckRoundIsOpen(const LinkOptions& link, const std::vector<CheckedUpdate>& updates,
                        int64_t timeout_ms, const std::string& what) {
  const std::string fleet = "fleet " + link.fleet + " on broker " + link.mqtt.host + ":" +
                            std::to_string(link.mqtt.port);
  Result<std::string> retained = FetchRetainedFile(link, "hub", timeout_ms);
  if (retained.status().code() == StatusCode::kNotFound) {
    return NotFound(what + ": " + fleet + " has no round announcement: no hub runs that fleet " +
                    "there (is the fleet right?); nothing published");
  }
  LOKA_RETURN_IF_ERROR(retained.status().WithPrefix(what));
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string_view> messages,
                        SplitTransferFile(*retained, fleet));
  LOKA_ASSIGN_OR_RETURN(MessageHeader global, ParseMessageHeader(messages[0], fleet));
  LOKA_ASSIGN_OR_RETURN(MessageHeader round, ParseMessageHeader(messages[1], fleet));
  if (round.base_version != global.base_version) {
    return FailedPrecondition(what + ": the hub of " + fleet + " has no round open (round " +
                              std::to_string(round.round) + " closed with version " +
                              std::to_string(global.base_version) +
                              ", none announced since: past its last round?); nothing published");
  }
  for (const CheckedUpdate& u : updates) {
    if (u.round != round.round) {
      return FailedPrecondition(what + ": an update for round " + std::to_string(u.round) +
                                ", and the hub of " + fleet + " has round " +
                                std::to_string(round.round) +
                                " open: it would refuse it (stale_round); nothing published");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<size_t> PublishUpdateFile(LinkOptions link, std::string_view file, const Enrolment& enrolment,
                                 int64_t timeout_ms, const std::string& what) {
  LOKA_ASSIGN_OR_RETURN(std::vector<CheckedUpdate> updates, CheckUpdateFile(file, enrolment, what));
  LOKA_RETURN_IF_ERROR(CheckRoundIsOpen(link, updates, timeout_ms, what));
  std::mutex mu;  // guards waiting
  std::condition_variable done;
  std::set<std::string> waiting;  // chunks not yet seen coming back from the broker
  std::vector<channels::MqttSubscription> subs;
  for (const CheckedUpdate& u : updates) {
    subs.push_back({UpdateTopic(link.fleet, u.sender), 1});
    for (std::string& c : SplitIntoChunks(u.bytes, u.id)) waiting.insert(std::move(c));
  }
  const size_t chunks = waiting.size();
  channels::MqttOptions watch = link.mqtt;
  watch.client_id = link.mqtt.client_id.empty() ? "" : link.mqtt.client_id + "-watch";
  watch.clean_session = true;
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<channels::MqttClient> watcher,
                        channels::MqttClient::Start(watch, subs, [&](const channels::MqttMessage& m) {
                          std::lock_guard<std::mutex> lock(mu);
                          if (waiting.erase(std::string(m.payload)) > 0 && waiting.empty()) done.notify_all();
                        }));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (watcher->stats().connects == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a CLI's wait for its broker
  }
  std::vector<std::unique_ptr<FedLink>> links;
  for (const CheckedUpdate& u : updates) {
    LinkOptions l = link;
    l.role = LinkRole::kNode;
    l.self_id = u.sender;
    l.mqtt.client_id = DefaultClientId("loka-import-", u.sender, l.fleet);
    l.mqtt.clean_session = true;
    LOKA_ASSIGN_OR_RETURN(std::unique_ptr<FedLink> fl, FedLink::Start(l, [](const FedPayload&) {}));
    const std::vector<std::string> cs = SplitIntoChunks(u.bytes, u.id);
    for (size_t i = 0; i < cs.size(); ++i) LOKA_RETURN_IF_ERROR(fl->PublishChunk(MessageType::kUpdate, i, cs[i]));
    links.push_back(std::move(fl));
  }
  std::unique_lock<std::mutex> lock(mu);
  if (!done.wait_until(lock, deadline, [&] { return waiting.empty(); })) {
    return Unavailable(what + ": the broker " + link.mqtt.host + ":" + std::to_string(link.mqtt.port) +
                       " did not route " + std::to_string(waiting.size()) + " of " +
                       std::to_string(chunks) + " chunks in time");
  }
  return chunks;
}

namespace {

// The fleet's retained version and announcement as a version file, unchecked (the callers
// check it as their readers do). Errors: as FetchVersionFile's when they do not arrive.
Result<std::string> FetchRetainedFile(LinkOptions link, const std::string& hub_id,
                                      int64_t timeout_ms) {
  link.role = LinkRole::kNode;  // subscribes to the round and model topics; publishes nothing
  if (link.self_id.empty()) link.self_id = "export";
  // A one-off look: a persistent session would stay on the broker after it, queueing every
  // later version's chunks for a client that never comes back.
  link.mqtt.clean_session = true;
  std::mutex mu;  // guards the assembler and what it found
  std::condition_variable done;
  ChunkAssembler assembler;
  std::optional<std::string> global, round;
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<FedLink> l, FedLink::Start(link, [&](const FedPayload& p) {
    std::lock_guard<std::mutex> lock(mu);
    ChunkAssembler::Outcome o = assembler.Add(hub_id, p.payload, std::string(p.kind));
    if (o.state != ChunkAssembler::State::kComplete) return;
    (p.kind == "round" ? round : global) = std::move(o.message);
    if (global && round) done.notify_all();
  }));
  std::unique_lock<std::mutex> lock(mu);
  if (!done.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return global && round; })) {
    const std::string what = "broker " + link.mqtt.host + ":" + std::to_string(link.mqtt.port) +
                             ": no retained version and round announcement for fleet " +
                             link.fleet + " within " + std::to_string(timeout_ms) + " ms";
    // Retained messages come with the subscription: connected and none came, there are none.
    if (l->mqtt_stats().connects > 0) return NotFound(what);
    return Unavailable(what + " (not connected)");
  }
  const std::string file = FileOf({*global, *round});
  lock.unlock();
  l.reset();
  return file;
}

}  // namespace

Result<std::string> FetchVersionFile(LinkOptions link, const std::string& hub_id,
                                     const std::string& hub_public_key, int64_t timeout_ms) {
  // Refusals name what was fetched: no file is written yet.
  const std::string what = "the retained version of fleet " + link.fleet + " on broker " +
                           link.mqtt.host + ":" + std::to_string(link.mqtt.port);
  LOKA_ASSIGN_OR_RETURN(std::string file, FetchRetainedFile(std::move(link), hub_id, timeout_ms));
  // The same checks an importing node makes: a forged retained message is not exported.
  LOKA_RETURN_IF_ERROR(ReadVersionFile(file, hub_id, hub_public_key, false, 0, what).status());
  return file;
}

Result<VersionFile> FetchRetainedVersion(LinkOptions link, const std::string& hub_id,
                                         const std::string& hub_public_key, int64_t timeout_ms) {
  LOKA_ASSIGN_OR_RETURN(std::string file, FetchRetainedFile(std::move(link), hub_id, timeout_ms));
  return ReadRetainedVersion(file, hub_id, hub_public_key, "the fleet's retained version");
}

}  // namespace loka::fed
