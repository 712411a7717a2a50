// The helpline pipeline: a message in (from a gateway or the API) -> decoded and checked ->
// language (langid) -> desk (the named classifier, abstaining below the confidence threshold)
// -> a ticket in the store, threaded with the number's open ticket -> an acknowledgement
// composed to the SMS budget and queued in the outbox, all in one transaction. The node, the
// CLI and tests call these functions; no HTTP here.
//
// Thread contract: Helpline is thread-safe (the store serializes writes; the language and
// model functions must be thread-safe).
#ifndef LOKA_HELPLINE_HELPLINE_H_
#define LOKA_HELPLINE_HELPLINE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "helpline/inbound.h"
#include "helpline/options.h"
#include "helpline/templates.h"
#include "langid/identifier.h"
#include "learn/model.h"
#include "store/helpline.h"

namespace loka::helpline {

// Language of a text; thread-safe. Null: every message is "und".
using LanguageFn = std::function<Status(std::string_view text, langid::LangResult* out)>;

// The desk model being served, as the node's model registry holds it.
struct DeskModel {
  std::shared_ptr<const learn::Model> model;  // shared with the registry and other requests
  std::string name;
  int64_t version = 0;
};
// The current version of the desk model; null model when it is not (yet) there.
using DeskModelFn = std::function<DeskModel()>;

// The knowledge base's best passage for a message, with the share of the message it covers
// (search::SearchResult::coverage).
struct KbPassage {
  std::string text;
  double coverage = 0;
  std::string doc;
};
// The best passage for `text` among those in `language` (every language when empty); nullopt
// when none matches. Thread-safe.
using KbSearchFn =
    std::function<Result<std::optional<KbPassage>>(std::string_view text, std::string_view language)>;

// One message as a gateway or the API hands it over.
struct IncomingMessage {
  std::string from;        // the sender's number, as given
  std::string text;        // bytes in `charset`
  Charset charset = Charset::kUtf8;
  std::string gateway = "api";  // "api", "kannel", another gateway's name
  std::string gateway_id;  // the gateway's message id; "" when none
  int64_t received_at_ms = 0;  // 0: now
};

struct MessageResult {
  store::TicketRecord ticket;
  std::string language;      // of this message (the ticket keeps its first message's)
  bool duplicate = false;    // the gateway id was seen before; nothing new was stored
  bool threaded = false;     // joined the number's open ticket
  std::string encoding_error;  // "" when the text was valid in its charset
  std::optional<store::OutboxRecord> reply;
  std::string answer_doc;  // the document the reply's answer came from; "" when none
};

// Reviews of the model's routing on one UTC day.
struct AccuracyDay {
  int64_t day = 0;        // Unix day (core/time.h UnixDayFromMs)
  int64_t reviewed = 0;   // tickets whose first review was that day
  int64_t confirmed = 0;  // of which the person kept the suggested desk
};

class Helpline {
 public:
  // Errors: the templates' (invalid_argument, resource_exhausted) when they do not load.
  static Result<std::unique_ptr<Helpline>> Create(HelplineOptions options,
                                                  store::HelplineStore* store,
                                                  LanguageFn language, DeskModelFn desk_model);

  // Records and routes one message. Errors: invalid_argument (a number that is not one, an
  // empty text), resource_exhausted (over max_text_chars); the store's. A text whose bytes
  // were broken is stored and flagged, never refused, and its ticket goes to review.
  Result<MessageResult> Receive(const IncomingMessage& message);

  // A person sets a ticket's desk (a confirmation or a correction): stored as a labelled row.
  // The desk must be one the helpline knows (KnownDesks); a known desk in another case is
  // taken as that desk. A desk it does not know yet is opened only with `new_desk` (a typo
  // would otherwise become a desk, and the next model version would route to it). Errors:
  // invalid_argument (not a desk name: letters, digits, '_', '-', '.', 1-64 bytes; an unknown
  // desk without `new_desk`, naming the known ones), not_found.
  Result<store::CorrectionRecord> SetDesk(int64_t ticket, std::string_view desk,
                                          bool new_desk = false);
  // The desks a correction may name without opening a new one: the desk model's labels, the
  // desks with templates of their own, and those given in earlier corrections; sorted.
  Result<std::vector<std::string>> KnownDesks();

  // A person sets a ticket's status: answered or closed, or reopens it (routed, needs_review).
  // Returns the ticket as stored. Errors: invalid_argument ("new" is only the pipeline's: a
  // ticket no model has seen; routed without a desk), not_found.
  Result<store::TicketRecord> SetStatus(int64_t ticket, store::TicketStatus status);

  // A person's reply to a ticket: composed to the SMS budget in the ticket's language (the
  // same options as the acknowledgements) and queued in the outbox; the ticket becomes
  // answered, in one transaction. C0 controls but tab, LF and CR, and DEL, become spaces, as in
  // a message coming in (DecodeText). Errors: invalid_argument (an empty or malformed text),
  // resource_exhausted (more parts than options.sms.max_parts, naming both), not_found,
  // failed_precondition (the ticket is closed).
  Result<store::OutboxRecord> Reply(int64_t ticket, std::string_view text);

  // Routing accuracy on reviewed tickets for the `days` UTC days up to today: each ticket
  // counts once, on the day of its first review (a confirmation or a correction of the desk
  // the model suggested; a ticket no model suggested a desk for is not counted). Days without
  // a review are left out; oldest first. REQUIRES: days >= 1.
  Result<std::vector<AccuracyDay>> RoutingAccuracy(int64_t days);

  // Forgets the texts of tickets closed more than text_retention_days ago (options.clock's
  // now); returns the texts forgotten (store::HelplineStore::ForgetClosedTexts). 0 days: none.
  Result<int64_t> ApplyRetention();
  // ApplyRetention when retention_check_interval_ms has passed since the last run (or none
  // ran yet); otherwise returns 0 at once. One caller runs it; concurrent callers skip it.
  Result<int64_t> MaybeApplyRetention();

  // New tickets' acknowledgements carry an answer from `search` when a passage covers the
  // message well enough (options.kb_min_coverage). Call before the helpline takes messages.
  void SetKnowledgeBase(KbSearchFn search) { kb_search_ = std::move(search); }

  // The confidence threshold in force for `model` (options or calibration).
  double ThresholdFor(const learn::Model& model) const;

  const HelplineOptions& options() const { return options_; }
  store::HelplineStore& store() { return *store_; }

 private:
  Helpline(HelplineOptions options, store::HelplineStore* store, LanguageFn language,
           DeskModelFn desk_model, Templates templates);

  HelplineOptions options_;
  store::HelplineStore* store_;  // not owned
  LanguageFn language_;
  DeskModelFn desk_model_;
  Templates templates_;
  std::atomic<int64_t> next_retention_ms_{0};  // when MaybeApplyRetention runs next
  KbSearchFn kb_search_;                         // null: no knowledge base
};

// Erases every ticket, message, queued reply (alert SMS included), correction and alert
// subscription of `number` (normalized like an incoming sender's) on request of its owner;
// returns the tickets deleted. Errors: the
// number's (invalid_argument), the store's.
Result<int64_t> EraseNumber(store::HelplineStore& store, std::string_view number);

// Everything stored about `number` (normalized like an incoming sender's) for its owner, as
// JSON: {"number", "tickets": [{id, desk, language, status, probability, created_at_ms,
// closed_at_ms, messages}], "messages": [{id, ticket, text, gateway, gateway_id,
// received_at_ms, encoding_error}], "replies": [{id, ticket, text, encoding, parts, status,
// created_at_ms, sent_at_ms, delivered_at_ms}] (alert SMS with ticket 0), "subscriptions":
// [{id, field_id, station, kinds, language, created_at_ms}], "corrections": [{id, ticket,
// text, suggested_desk, suggested_probability, desk, created_at_ms}]}, oldest first. Errors: the number's, the
// store's.
Result<std::string> ExportNumber(store::HelplineStore& store, std::string_view number);

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_HELPLINE_H_
