// Every limit and knob of the helpline, with its default and the reason for it (STYLE.md 4).
// The node fills these from its own options (node/options.h); tests set them directly.
#ifndef LOKA_HELPLINE_OPTIONS_H_
#define LOKA_HELPLINE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/time.h"
#include "helpline/sms.h"

namespace loka::helpline {

struct HelplineOptions {
  // ---- Routing.
  // The desk classifier: a model name in the node's model store. Empty: tickets are made
  // without a desk (status new) and wait for a person.
  std::string desk_model;
  // Auto-route a message when the desk's probability is at least this; below it the ticket goes
  // to human review (needs_review). Negative: the threshold the model's calibration chose on
  // held-out predictions for its target error (learn::Calibration::threshold; training's
  // default target is at most 5% of answered messages wrong, with 95% confidence). A model
  // without calibration has threshold 0 and routes everything.
  double confidence_threshold = -1;
  // Later messages from the same number join its open (not closed) ticket when they come
  // within this long of the ticket's last message. 24 h: one conversation about one problem
  // usually spans a day on SMS; a new problem the next week is a new ticket.
  int64_t thread_window_ms = 24 * kMsPerHour;
  // Longest text accepted, in characters (code points). 1,600 is a little over ten
  // concatenated GSM-7 parts (1,530); anything longer did not come from a phone, and the
  // classifier has long made up its mind by then. Longer texts are refused, never cut.
  size_t max_text_chars = 1600;
  // A message's own time (IncomingMessage::received_at_ms, the API's time_ms) may be at most
  // this far after the node's clock; later times are refused. A day covers a phone or gateway
  // clock set wrong by a time zone or drifting for months; a time years ahead would keep the
  // number's ticket open (threading counts from its last message) for as long.
  int64_t max_time_ahead_ms = kMsPerDay;
  // Longest gateway message id, in bytes. Kannel's ids are 36-byte UUIDs; a longer id is
  // refused, never cut (two long ids cut alike would be taken for one message).
  size_t max_gateway_id_bytes = 128;

  // ---- Replies.
  SmsOptions sms;  // max parts and transliteration (helpline/sms.h)
  // Acknowledgement templates (helpline/templates.h), as TSV text. Empty: the built-in set.
  std::string templates_tsv;
  std::string templates_source = "built-in templates";  // names the TSV in errors
  // Ticket numbers templates are checked with at load: 9 digits cover a billion tickets.
  int ticket_digits = 9;
  // Acknowledge a message that joins an open ticket too. Off: one acknowledgement per ticket,
  // so a citizen writing five times gets one reply, not five SMS to pay for.
  bool acknowledge_threaded = false;
  // A new ticket's acknowledgement is followed by an answer from the node's knowledge base
  // when the best passage in the message's language holds at least this share of the
  // message's words, weighted by how rare each word is (search::SearchResult::coverage): most
  // of what was asked, the telling words counting most. Below it the acknowledgement goes
  // alone and the desk answers. A question and its answer share the content words but rarely
  // the little ones ("how", "my"), which weigh little; above 1: never.
  double kb_min_coverage = 0.6;
  // Fewest words of the passage worth sending after the acknowledgement: with less room left
  // in the budget (sms.max_parts), the acknowledgement goes alone.
  size_t kb_min_answer_words = 4;

  // ---- Retention (phone numbers and what they wrote are personal data).
  // The texts of a ticket closed this many days ago are forgotten (its messages' and replies'
  // texts; the ticket row stays, with desk, language and status, for statistics). A year:
  // a desk's yearly report and a farmer writing again about last season's problem still find
  // the texts; after that they serve no one. 0: texts are kept until erased by number.
  int text_retention_days = 365;
  // How often the retention runs (Helpline::MaybeApplyRetention, after messages): hourly is
  // ample for a limit counted in days, and each run is one indexed UPDATE.
  int64_t retention_check_interval_ms = kMsPerHour;

  // ---- Farm alerts to subscribed phones (helpline/alert_sms.h).
  // At most one SMS per subscription and alert kind within this long. 12 h: a frost or a heat
  // episode is one night or one afternoon, so a sensor flapping around the threshold all night
  // costs each subscriber one SMS, and the next night's frost is still told.
  int64_t alert_sms_min_interval_ms = 12 * kMsPerHour;
  // An alert about a condition seen longer ago than this (readings uploaded late, a backlog
  // replayed) is stored and published as always but sent to no phone: a frost warning hours
  // after the frost helps no one, and a year of replayed readings must not send a year of SMS.
  int64_t alert_sms_max_age_ms = 3 * kMsPerHour;
  // At start the node offers the alerts of the last alert_sms_max_age_ms again, so that an
  // alert stored just before a crash still reaches its subscribers (the store never queues one
  // twice). At most this many, the newest: a station raises a few alerts an hour, so 10,000
  // covers every sensor of a large site for 3 h, and reading them takes milliseconds.
  size_t alert_sms_catch_up_limit = 10000;
  // Longest field or station name put into an alert text, in characters (code points); longer
  // names are cut. 32 keeps every built-in text within 2 parts, in UCS-2 too.
  size_t alert_place_max_chars = 32;

  // ---- Outbox (helpline/outbox.h).
  // Attempts per reply before it is marked failed: with the delays below, about 16 hours of a
  // gateway being down before a reply is given up.
  int outbox_max_attempts = 200;
  // Wait before the 2nd attempt, doubling after each failure, up to outbox_retry_max_ms.
  int64_t outbox_retry_initial_ms = 1000;
  int64_t outbox_retry_max_ms = 5 * kMsPerMinute;
  // Replies handed to the gateway per pass of the worker; bounds one pass's time.
  size_t outbox_batch = 50;
  // The worker looks at the outbox at least this often even when nothing woke it (a reply
  // queued by another process on the same database file).
  int64_t outbox_poll_ms = 1000;

  // Where "now" comes from (tests pass a ManualClock). Not owned; must outlive the helpline.
  const Clock* clock = &DefaultClock();
};

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_OPTIONS_H_
