// The helpline's tables (migrations 7, 10 and 12): tickets, the messages in and out of each, the
// durable SMS outbox, the staff's desk corrections and the phones subscribed to farm alerts.
// The store applies no policy: routing, threading windows, reply texts, alert kinds, rate
// limits and retry delays are the caller's (helpline/); the store makes each step one
// transaction, so a killed process loses no ticket, message or queued reply it acknowledged.
//
// Phone numbers are personal data: they live in these tables only, and EraseNumber removes every
// row that carries one.
//
// Durability: the same contract as store/store.h: every write is one committed transaction.
#ifndef LOKA_STORE_HELPLINE_H_
#define LOKA_STORE_HELPLINE_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace loka::store {

enum class TicketStatus { kNew, kRouted, kNeedsReview, kAnswered, kClosed };
// "new", "routed", "needs_review", "answered", "closed".
std::string_view TicketStatusName(TicketStatus status);
// Errors: invalid_argument naming the accepted values.
Result<TicketStatus> ParseTicketStatus(std::string_view name);

struct TicketRecord {
  int64_t id = 0;
  std::string number;  // E.164-like, as the helpline normalized it
  std::string desk;    // "" while no desk is known
  std::string language = "und";
  double probability = 0;  // of `desk`, as the model gave it (1 after a person set it)
  TicketStatus status = TicketStatus::kNew;
  std::string model;  // the desk model and version that routed it ("" / 0: none)
  int64_t model_version = 0;
  int64_t created_at_ms = 0, updated_at_ms = 0, last_message_at_ms = 0;
  int64_t closed_at_ms = 0;  // 0 while not closed
  int64_t messages = 0;      // inbound messages on the ticket
  std::string first_text;    // the text of its first inbound message ("" once erased)
};

// One message as a gateway delivered it, already normalized (helpline/inbound.h).
struct InboundRecord {
  std::string number;
  std::string text;            // valid UTF-8 (broken input: the decodable part, U+FFFD marks)
  std::string raw;             // the bytes as received when they were not valid; else ""
  std::string encoding_error;  // why `raw` is kept ("" when the text was valid)
  std::string gateway;         // "api", "kannel", ...
  std::string gateway_id;      // the gateway's message id; "" when it gives none
  int64_t received_at_ms = 0;
};

// How a new ticket was routed.
struct TicketRouting {
  std::string desk;
  std::string language = "und";
  double probability = 0;
  TicketStatus status = TicketStatus::kNew;
  std::string model;
  int64_t model_version = 0;
};

enum class OutboxStatus { kQueued, kSent, kDelivered, kFailed };
std::string_view OutboxStatusName(OutboxStatus status);  // "queued", "sent", ...

// A reply ready to send: text composed to the SMS budget (helpline/sms_budget.h).
struct OutboxDraft {
  std::string text;
  std::string encoding = "gsm7";  // "gsm7" or "ucs2"
  int parts = 1;
};

struct OutboxRecord {
  int64_t id = 0;
  int64_t ticket_id = 0;   // 0 when none
  int64_t message_id = 0;  // the inbound message it answers; 0 when none
  std::string number;
  std::string text;
  std::string encoding;
  int parts = 1;
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;
  int64_t next_attempt_at_ms = 0;
  std::string last_error;
  int64_t created_at_ms = 0, sent_at_ms = 0, delivered_at_ms = 0;
};

// What a delivery report did to its outbox row.
struct DeliveryReportOutcome {
  bool applied = false;
  std::string ignored;  // why it changed nothing ("" when applied)
};

// One message of a ticket as stored (direction "in" for now: replies are OutboxRecords).
struct MessageRecord {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::string direction;
  std::string text;            // "" once the retention period forgot it
  std::string encoding_error;
  std::string gateway, gateway_id;
  int64_t received_at_ms = 0;
};

// A phone subscribed to the farm alerts of one field or one station (migration 10). Which
// kinds exist, their defaults and the texts are the helpline's (helpline/alert_sms.h).
struct SubscriptionRecord {
  int64_t id = 0;
  std::string number;            // normalized like a sender's (helpline/inbound.h)
  int64_t field_id = 0;          // the target when a field; 0 for a station
  std::string station;           // the target when a station; "" for a field
  std::vector<std::string> kinds;  // alert kinds wanted, e.g. "frost", "irrigation"
  std::string language;          // ISO 639-3 of the texts
  std::string target_name;       // read only: the field's or station's name ("" when none)
  int64_t created_at_ms = 0, updated_at_ms = 0;
};

struct CorrectionRecord {
  int64_t id = 0;
  int64_t ticket_id = 0;  // 0 once the ticket was erased
  std::string text, language, suggested_desk, desk;
  double suggested_probability = 0;
  int64_t created_at_ms = 0;
};

// Everything stored about one number (ExportNumber), oldest first.
struct NumberRecords {
  std::vector<TicketRecord> tickets;
  std::vector<MessageRecord> messages;
  std::vector<OutboxRecord> replies;  // alert SMS included (ticket_id 0)
  std::vector<SubscriptionRecord> subscriptions;
  std::vector<CorrectionRecord> corrections;  // of its tickets' desks
};

struct ReceiveOutcome {
  TicketRecord ticket;     // as stored after the message
  int64_t message_id = 0;
  bool duplicate = false;  // the gateway id was seen before: nothing was written
  bool threaded = false;   // joined an open ticket of the same number
  std::optional<OutboxRecord> reply;  // the reply queued for this message (also for duplicates)
};

// Builds the reply to a message once its ticket exists (the ticket number goes into the text);
// nullopt: no reply. Runs inside the write transaction, so it must be quick and must not call
// the store; an error rolls the whole message back.
using ReplyFn = std::function<Result<std::optional<OutboxDraft>>(const TicketRecord& ticket,
                                                                 bool threaded)>;


// One message of a ticket's conversation, either way.
struct TicketMessage {
  bool inbound = true;       // from the citizen; else a reply in the outbox
  std::string text;
  int64_t at_ms = 0;         // received (inbound) or queued (outbound)
  std::string status;        // an outbound message's outbox status; "" for inbound
  std::string encoding_error;  // an inbound message's, "" when its bytes were valid
};

struct TicketQuery {
  std::optional<TicketStatus> status;
  std::string desk;          // "" for every desk
  int64_t before_id = 0;     // > 0: only tickets with a smaller id (paging, newest first)
  size_t limit = 100;
};

// Thread-safe: every method takes `mu_`, which guards the connection and the cached statements;
// Receive queues under group_->mu first.
// Move-only. Opens its own connection to the node's SQLite file (WAL), beside a Store.
class HelplineStore {
 public:
  // Opens or creates `path` like Store::Open (same pragmas, same migrations). Stamps come from
  // options.clock.
  static Result<HelplineStore> Open(const std::string& path, const StoreOptions& options = {});

  HelplineStore(HelplineStore&&) noexcept;
  HelplineStore& operator=(HelplineStore&&) noexcept;
  ~HelplineStore();

  // Records one inbound message in one transaction. If `in.gateway_id` was already recorded for
  // `in.gateway` from the same number with the same text (a replay), nothing is written and the
  // earlier message's ticket and reply come back with duplicate = true; from another number or
  // with another text, failed_precondition and nothing is written. Otherwise, when the number has a ticket that is not closed whose last
  // message is at most `thread_window_ms` old, the message joins it (threaded = true; the
  // ticket's desk is kept, and its status becomes needs_review when the message's bytes were
  // broken, or routed (new without a desk) when it was answered: the citizen wrote again, and
  // a person must see it); else a ticket is created with `routing`. Then `reply` (may be
  // null) decides the reply, which is queued in the outbox, due at once.
  // Group commit: messages arriving while a transaction commits are written together in the
  // next one, each in its own savepoint (a failing one leaves the others); every call returns
  // only once its message is committed.
  Result<ReceiveOutcome> Receive(const InboundRecord& in, int64_t thread_window_ms,
                                 const TicketRouting& routing, const ReplyFn& reply);

  // Errors: not_found.
  Result<TicketRecord> GetTicket(int64_t id);
  // Newest first.
  Result<std::vector<TicketRecord>> ListTickets(const TicketQuery& query);
  // The ticket's messages in and its replies out, oldest first (an inbound message before the
  // reply queued at the same millisecond). Errors: not_found.
  Result<std::vector<TicketMessage>> ListTicketMessages(int64_t ticket_id);
  // Tickets per status name.
  Result<std::vector<std::pair<std::string, int64_t>>> CountTickets();

  // A person sets the ticket's desk: a correction row is stored (the first inbound text, the
  // model's suggestion and its probability, and the desk given; a confirmation is a row whose
  // desk equals the suggestion), the ticket takes `desk` with probability 1, and a ticket in
  // new or needs_review becomes routed. Every row of a ticket carries the model's suggestion
  // as its first row recorded it, never an earlier person's desk. Errors: not_found.
  Result<CorrectionRecord> SetDesk(int64_t ticket_id, std::string_view desk);
  // Errors: not_found.
  Status SetStatus(int64_t ticket_id, TicketStatus status);
  // The desks people have given in corrections, sorted.
  Result<std::vector<std::string>> CorrectedDesks();
  // Every correction, oldest first (labelled rows for the desk model).
  Result<std::vector<CorrectionRecord>> ListCorrections();
  // Each ticket's first correction (the one that judged the model's suggestion; later ones
  // judge a person's) when it was made at or after `since_ms`, oldest first. A correction
  // whose ticket was deleted counts as the first of its own.
  Result<std::vector<CorrectionRecord>> ListFirstCorrections(int64_t since_ms);

  // Queues a reply to a ticket outside Receive (a reply by hand, an alert). Errors: not_found.
  Result<OutboxRecord> Enqueue(int64_t ticket_id, std::string_view number,
                               const OutboxDraft& draft);
  // A person's reply: queues `draft` to the ticket's number and marks the ticket answered, in
  // one transaction. Errors: not_found, failed_precondition (the ticket is closed).
  Result<OutboxRecord> Answer(int64_t ticket_id, const OutboxDraft& draft);
  // Queued rows due at `now_ms`, by due time, at most `limit`.
  Result<std::vector<OutboxRecord>> DueOutbound(int64_t now_ms, size_t limit);
  // The earliest due time of a queued row, or nullopt when none is queued.
  Result<std::optional<int64_t>> NextDueMs();
  Result<OutboxRecord> GetOutbound(int64_t id);
  // The row is about to be handed to the gateway: its sent_at_ms is set (the last hand-over),
  // from when on a delivery report for it is taken (one can come back before the gateway's
  // answer to the send). A row no longer queued is left as it is.
  Status MarkHandingOver(int64_t id);
  // The gateway took the message: sent (unless a delivery report already came), one more
  // attempt.
  Status MarkSent(int64_t id);
  // An attempt failed with `error`: one more attempt; queued again at `next_attempt_at_ms`, or
  // failed when `give_up`.
  Status MarkAttemptFailed(int64_t id, std::string_view error, int64_t next_attempt_at_ms,
                           bool give_up);
  // A delivery report: delivered, or failed with `error`. Only a row handed to the gateway
  // (MarkHandingOver) takes one, and delivered is final: a report for a row never handed over
  // (a reply still waiting for its first attempt) or already delivered changes nothing and is
  // ignored, with the reason. Errors: not_found.
  Result<DeliveryReportOutcome> MarkDelivery(int64_t id, bool delivered, std::string_view error);
  // Rows per outbox status name.
  Result<std::vector<std::pair<std::string, int64_t>>> CountOutbound();

  // Subscribes `s.number` to the alerts of field `s.field_id` or station `s.station` (exactly
  // one set) with `s.kinds` and `s.language`. A second subscription of the same number to the
  // same target replaces the first's kinds and language and keeps its id. Returns the row as
  // stored. Errors: not_found (no such field or station), invalid_argument (no target or two).
  Result<SubscriptionRecord> Subscribe(const SubscriptionRecord& s);
  // Every subscription, newest first, at most `limit`; only `number`'s when it is not empty.
  Result<std::vector<SubscriptionRecord>> ListSubscriptions(std::string_view number,
                                                            size_t limit);
  // Errors: not_found.
  Status DeleteSubscription(int64_t id);
  // The subscriptions an alert at `station` reaches: the station's own and those of its fields
  // (only field `field_id`'s when it is set), oldest first.
  Result<std::vector<SubscriptionRecord>> SubscriptionsForStation(
      std::string_view station, std::optional<int64_t> field_id);
  // The fields at `station` that have a subscription with `kind`, by id.
  Result<std::vector<int64_t>> SubscribedFieldsAt(std::string_view station, std::string_view kind);
  // The subscriptions of field `field_id`, oldest first.
  Result<std::vector<SubscriptionRecord>> SubscriptionsForField(int64_t field_id);
  // Queues `draft` to subscription `subscription_id`'s number (an outbox row without a ticket),
  // unless its last SMS of `kind` was about the same `key` (the same alert or advice day), or
  // was queued less than `min_interval_ms` ago; in one transaction with that record. Returns
  // the row queued, or nullopt when nothing was. Errors: not_found (no such subscription).
  Result<std::optional<OutboxRecord>> QueueAlertSms(int64_t subscription_id,
                                                    std::string_view kind, std::string_view key,
                                                    int64_t min_interval_ms,
                                                    const OutboxDraft& draft);

  // Deletes every ticket, message, queued reply, correction and subscription of `number`;
  // returns the number of tickets deleted.
  Result<int64_t> EraseNumber(std::string_view number);
  // Every ticket, message, reply, subscription and correction of `number`, read in one
  // transaction.
  Result<NumberRecords> ExportNumber(std::string_view number);
  // Forgets the texts of tickets closed before `closed_before_ms`: their messages' texts (and
  // kept raw bytes) and their replies' texts become "", unless a reply is still queued. The
  // ticket rows stay, with desk, language, status and times, for statistics; corrections stay
  // (labelled rows for the desk model; EraseNumber removes them). Returns the messages and
  // replies whose text was forgotten.
  Result<int64_t> ForgetClosedTexts(int64_t closed_before_ms);

 private:
  struct Statements;
  struct PendingReceive;
  // The messages waiting for the next group commit. `mu` guards `queue`, `leader_active` and
  // each queued message's `done` and `lead`. Every waiting caller sleeps on its own condition
  // and is woken once: when its message is committed, or to lead the next commit.
  struct GroupCommit {
    std::mutex mu;
    // Shared by the waiting caller and the leader that writes and then wakes it.
    std::vector<std::shared_ptr<PendingReceive>> queue;
    bool leader_active = false;
  };
  HelplineStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu, const Clock* clock);
  void RunBatch(const std::vector<std::shared_ptr<PendingReceive>>& batch);  // takes mu_
  // One message's writes. REQUIRES: mu_ held, in a transaction.
  Result<ReceiveOutcome> ReceiveOne(const InboundRecord& in, int64_t thread_window_ms,
                                    const TicketRouting& routing, const ReplyFn& reply);
  Result<Statements*> Prepared();                              // REQUIRES: mu_ held
  Result<TicketRecord> ReadTicket(int64_t id);                 // REQUIRES: mu_ held
  Result<OutboxRecord> ReadOutbound(int64_t id);               // REQUIRES: mu_ held
  Result<std::optional<OutboxRecord>> ReplyTo(int64_t message_id);  // REQUIRES: mu_ held
  // Subscriptions matching `where` (SQL over s., the hl_subscriptions row) with `bind` binding
  // its parameters, in `order`. REQUIRES: mu_ held.
  Result<std::vector<SubscriptionRecord>> ReadSubscriptions(
      std::string_view where, const std::function<void(internal::Stmt&)>& bind,
      std::string_view order);

  internal::DbHandle db_;
  std::unique_ptr<std::mutex> mu_;     // guards db_ and stmts_
  const Clock* clock_ = nullptr;       // not owned
  std::unique_ptr<Statements> stmts_;  // finalized before db_ closes (declared after it)
  std::unique_ptr<GroupCommit> group_;  // a pointer so that the store stays movable
};

}  // namespace loka::store

#endif  // LOKA_STORE_HELPLINE_H_
