// `loka hub`'s engine: a Hub (fed/hub.h) behind a FedLink. Payloads from nodes are checked on
// the MQTT client's thread under the hub's lock; a ticker thread closes rounds at their
// deadline. Every new global version and announcement is published retained, so a node that
// returns after being away finds the latest of both waiting; after each (re)connection of the
// hub's own link both are published again, so a broker that restarted without its retained
// messages, or took them before the first connection, has them back.
//
// Thread contract: Start and the destructor from one thread; the accessors from any thread.
#ifndef LOKA_FED_HUB_SERVICE_H_
#define LOKA_FED_HUB_SERVICE_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "fed/hub.h"
#include "fed/link.h"
#include "store/fed.h"

namespace loka::fed {

struct HubServiceOptions {
  HubOptions hub;
  LinkOptions link;  // role kHub
  // How often the ticker checks the round's deadline. 200 ms: a round closes at most that late.
  int tick_ms = 200;
  // Round state (fed_rounds) is written here when set; null: memory only.
  store::FedStore* store = nullptr;
  // Called under the hub's lock after every new global version (for a caller that watches the
  // model, e.g. the simulation's evaluation). Null: none.
  std::function<void(const Hub&)> on_version;
  // Before its first round the hub looks this long for the fleet's latest version retained on
  // the broker, signed by its own key, and carries on from it (Hub::Resume): a restarted hub
  // that began again at version 0 would announce rounds every node ignores. None retained (a
  // new fleet): Hub::Start. 0: no look, always Start (a simulation's fresh broker). `loka hub`
  // waits 3 s: retained messages come with the subscription, within milliseconds on a LAN.
  int64_t resume_timeout_ms = 0;
};

class HubService {
 public:
  // Errors: Hub::Create's, FedLink::Start's, and the first publication's; with
  // resume_timeout_ms, unavailable when the broker cannot be reached to look, and the retained
  // version's refusal (not signed by this hub, another model, between rounds or past the last).
  static Result<std::unique_ptr<HubService>> Start(HubServiceOptions options, TextModelSpec spec,
                                                   LocalTrainOptions train,
                                                   CompressOptions compress, Enrolment enrolment,
                                                   SigningKey key);
  ~HubService();
  HubService(const HubService&) = delete;
  HubService& operator=(const HubService&) = delete;

  HubStats stats() const;
  // Runs `fn` on the hub under its lock.
  void With(const std::function<void(const Hub&)>& fn) const;

 private:
  explicit HubService(HubServiceOptions options) : options_(std::move(options)) {}
  void Publish(std::vector<SignedMessage> messages);  // REQUIRES: mu_ held
  void Tick();                                        // REQUIRES: mu_ held
  void RecordRound(const RoundPlan& plan, const char* state, int64_t closed_ms);  // mu_ held

  HubServiceOptions options_;
  mutable std::mutex mu_;  // guards hub_, stop_, ready_, early_, link_ (set once, under it)
  std::condition_variable wake_;
  bool stop_ = false;
  bool ready_ = false;   // the link is set and the hub has started or resumed
  EarlyPayloads early_;  // payloads that came before ready_
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<FedLink> link_;
  std::thread ticker_;
  int64_t connects_seen_ = 0;  // the link's connects when the latest messages were republished
};

}  // namespace loka::fed

#endif  // LOKA_FED_HUB_SERVICE_H_
