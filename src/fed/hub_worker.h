// One of several workers sharing a hub's load (docs/formats/update.md "Partial sums"). The
// broker hands each update chunk to one worker (a shared subscription); a worker passes the
// chunks of nodes it does not own to their owner, checks the updates of its own nodes as the
// hub would (fed/receiver.h, then CheckRoundUpdate against the round announcement it reads like
// a node), sums them weighted by example count and, after each update it accepts, publishes
// its partial sum of the round so far for the coordinator (a Hub with HubOptions::workers).
//
// HubWorker is the transport-free part; HubWorkerService puts it behind a FedLink.
// Thread contract: HubWorker is not thread-safe (HubWorkerService holds a mutex); the service's
// Start and destructor from one thread, stats() from any thread.
#ifndef LOKA_FED_HUB_WORKER_H_
#define LOKA_FED_HUB_WORKER_H_

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "fed/keys.h"
#include "fed/link.h"
#include "fed/message.h"
#include "fed/receiver.h"
#include "fed/round.h"

namespace loka::fed {

struct HubWorkerOptions {
  std::string worker_id;          // this worker's sender id; one of `workers`
  std::vector<std::string> workers;  // every worker of the hub (the coordinator's list)
  std::string hub_id = "hub";     // sender id of the round announcements
  uint64_t max_cells = uint64_t{1} << 26;  // as HubOptions'
  AssemblerOptions assembler;
  const Clock* clock = &DefaultClock();
  std::function<void(const std::string&)> log;  // refusals, as lines; null: silent
};

struct HubWorkerStats {
  uint32_t round = 0;             // the round announcement held
  int64_t chunks_shared = 0;   // update chunks the broker handed this worker (shared subscription)
  int64_t chunks_relayed = 0;  // of them, passed to their owner
  int64_t updates_accepted = 0;   // all rounds
  int64_t partials_made = 0;
  std::array<int64_t, kReasonCount> rejected{};
};

// The worker that owns `node`: workers[FNV-1a-32(node) mod workers.size()], `workers` sorted.
// REQUIRES: workers non-empty and sorted.
const std::string& OwnerOf(const std::vector<std::string>& workers, std::string_view node);

class HubWorker {
 public:
  // `key`: the hub's signing key (a worker signs partial sums with it and believes the round
  // announcements it signed). Errors: invalid_argument (bad ids, worker_id not in `workers`).
  static Result<std::unique_ptr<HubWorker>> Create(HubWorkerOptions options, Enrolment enrolment,
                                                   SigningKey key);

  // A payload of the round topic. OK when taken (a newer round resets the sum) or old news.
  Status ReceiveRound(std::string_view payload);
  // An update chunk from `node`, which this worker owns. Returns the partial sum to publish when
  // it completed an update that was accepted; nothing while pending; the refusal's status.
  Result<std::optional<SignedMessage>> ReceiveUpdate(const std::string& node, std::string_view payload);
  // Expires partial messages past the assembler's timeout.
  void Tick();

  bool Owns(std::string_view node) const { return OwnerOf(options_.workers, node) == options_.worker_id; }
  const std::string& Owner(std::string_view node) const { return OwnerOf(options_.workers, node); }
  HubWorkerStats& stats() { return stats_; }

 private:
  HubWorker(HubWorkerOptions options, Enrolment enrolment, SigningKey key);
  Status Refuse(Reason reason, Status status, bool count);

  HubWorkerOptions options_;
  Enrolment enrolment_;
  SigningKey key_;
  Receiver rounds_;   // announcements, from the hub
  Receiver updates_;  // updates, from enrolled nodes
  std::optional<RoundPlan> plan_;
  std::map<uint32_t, std::vector<float>> sum_;  // row -> sum of examples x delta, this round
  std::vector<std::string> summed_;             // nodes whose update is in sum_, sorted
  uint64_t examples_ = 0;
  HubWorkerStats stats_;
};

struct HubWorkerServiceOptions {
  HubWorkerOptions worker;
  LinkOptions link;  // role kHubWorker; self_id = worker.worker_id
  int tick_ms = 200;  // how often partial messages are expired
};

class HubWorkerService {
 public:
  // Errors: HubWorker::Create's and FedLink::Start's.
  static Result<std::unique_ptr<HubWorkerService>> Start(HubWorkerServiceOptions options,
                                                         Enrolment enrolment, SigningKey key);
  ~HubWorkerService();
  HubWorkerService(const HubWorkerService&) = delete;
  HubWorkerService& operator=(const HubWorkerService&) = delete;

  HubWorkerStats stats() const;
  channels::MqttClientStats mqtt_stats() const { return link_->mqtt_stats(); }

 private:
  explicit HubWorkerService(HubWorkerServiceOptions options) : options_(std::move(options)) {}
  void OnPayload(const FedPayload& p);    // the link's callback: takes mu_
  void TakePayload(const FedPayload& p);  // REQUIRES: mu_ held, ready_
  void Log(const std::string& line) const;

  HubWorkerServiceOptions options_;
  mutable std::mutex mu_;  // guards worker_, stop_, ready_, early_, link_ (set once, under it)
  std::condition_variable wake_;
  bool stop_ = false;
  bool ready_ = false;   // the link is set
  EarlyPayloads early_;  // payloads that came before ready_
  std::unique_ptr<HubWorker> worker_;
  std::unique_ptr<FedLink> link_;
  std::thread ticker_;
};

}  // namespace loka::fed

#endif  // LOKA_FED_HUB_WORKER_H_
