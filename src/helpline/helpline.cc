// The helpline pipeline (helpline/helpline.h).
#include "helpline/helpline.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/ascii.h"
#include "text/json.h"
#include "text/names.h"
#include "text/utf8.h"

namespace loka::helpline {
namespace {

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (const char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

store::OutboxDraft DraftOf(ComposedSms sms) {
  store::OutboxDraft d;
  d.text = std::move(sms.text);
  d.encoding = std::string(SmsEncodingName(sms.count.encoding));
  d.parts = sms.count.parts;
  return d;
}

// `ack` followed by the longest run of `answer`'s first words that keeps the text within the
// budget ("..." where the answer is cut; no ellipsis character, which would force UCS-2);
// nullopt when fewer than `min_words` fit. More words never take fewer parts, so the longest
// run is found by bisection.
std::optional<ComposedSms> WithAnswer(const ComposedSms& ack, std::string_view answer,
                                      std::string_view language, const SmsOptions& sms,
                                      size_t min_words) {
  std::vector<std::string_view> words;
  for (size_t pos = 0; pos < answer.size();) {
    const size_t start = answer.find_first_not_of(" \t\r\n", pos);
    if (start == std::string_view::npos) break;
    size_t end = answer.find_first_of(" \t\r\n", start);
    if (end == std::string_view::npos) end = answer.size();
    words.push_back(answer.substr(start, end - start));
    pos = end;
  }
  auto compose = [&](size_t n) -> Result<ComposedSms> {
    std::string text = ack.text;
    text += '\n';
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) text += ' ';
      text += words[i];
    }
    if (n < words.size()) text += "...";
    return ComposeSms(text, language, sms);
  };
  std::optional<ComposedSms> best;
  size_t lo = std::max<size_t>(1, min_words), hi = words.size();
  while (lo <= hi) {
    const size_t mid = lo + (hi - lo) / 2;
    Result<ComposedSms> composed = compose(mid);
    if (composed.ok()) {
      best = std::move(*composed);
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

}  // namespace

Helpline::Helpline(HelplineOptions options, store::HelplineStore* store, LanguageFn language,
                   DeskModelFn desk_model, Templates templates)
    : options_(std::move(options)),
      store_(store),
      language_(std::move(language)),
      desk_model_(std::move(desk_model)),
      templates_(std::move(templates)) {}

Result<std::unique_ptr<Helpline>> Helpline::Create(HelplineOptions options,
                                                   store::HelplineStore* store,
                                                   LanguageFn language, DeskModelFn desk_model) {
  const bool built_in = options.templates_tsv.empty();
  LOKA_ASSIGN_OR_RETURN(
      Templates templates,
      Templates::Load(built_in ? Templates::BuiltIn() : std::string_view(options.templates_tsv),
                      built_in ? std::string_view("built-in templates")
                               : std::string_view(options.templates_source),
                      options.sms, options.ticket_digits));
  return std::unique_ptr<Helpline>(new Helpline(std::move(options), store, std::move(language),
                                                std::move(desk_model), std::move(templates)));
}

double Helpline::ThresholdFor(const learn::Model& model) const {
  if (options_.confidence_threshold >= 0) return options_.confidence_threshold;
  return model.calibration().threshold;
}

Result<MessageResult> Helpline::Receive(const IncomingMessage& message) {
  LOKA_ASSIGN_OR_RETURN(std::string number, NormalizeNumber(message.from));
  DecodedText decoded = DecodeText(message.text, message.charset);
  if (text::IsBlank(decoded.text)) return InvalidArgument("text is empty");
  const size_t chars = CodePoints(decoded.text);
  if (chars > options_.max_text_chars) {
    return ResourceExhausted("text has " + std::to_string(chars) +
                             " characters; the limit is " +
                             std::to_string(options_.max_text_chars));
  }
  if (message.gateway_id.size() > options_.max_gateway_id_bytes) {
    return InvalidArgument("id: the gateway's message id has " +
                           std::to_string(message.gateway_id.size()) + " bytes; at most " +
                           std::to_string(options_.max_gateway_id_bytes) + " are accepted");
  }
  const int64_t now = options_.clock->NowMs();
  if (message.received_at_ms > now && message.received_at_ms - now > options_.max_time_ahead_ms) {
    return InvalidArgument("message time " + std::to_string(message.received_at_ms) +
                           " ms is more than " + std::to_string(options_.max_time_ahead_ms) +
                           " ms after the node's clock (" + std::to_string(now) +
                           " ms); a message's time may be at most that far ahead");
  }
  MessageResult out;
  out.encoding_error = decoded.encoding_error;

  // Routing is computed before the transaction (it is the slow part) and used only when the
  // message starts a ticket.
  langid::LangResult lang;
  if (language_ && !language_(decoded.text, &lang).ok()) lang = langid::LangResult();
  out.language = lang.language;
  store::TicketRouting routing;
  routing.language = lang.language;
  routing.status = store::TicketStatus::kNew;
  const DeskModel desk = desk_model_ ? desk_model_() : DeskModel();
  if (desk.model) {
    std::vector<learn::Prediction> top;
    LOKA_RETURN_IF_ERROR(desk.model->Predict(decoded.text, 1, 0.f, &top));
    if (!top.empty()) {
      routing.desk = desk.model->label(static_cast<size_t>(top[0].label));
      routing.probability = top[0].probability;
      routing.model = desk.name;
      routing.model_version = desk.version;
      const bool sure = top[0].probability >= ThresholdFor(*desk.model);
      routing.status = sure && decoded.encoding_error.empty() ? store::TicketStatus::kRouted
                                                              : store::TicketStatus::kNeedsReview;
    }
  }

  // An answer from the knowledge base, looked up before the transaction like the routing. A
  // failed search costs the person only the answer: the acknowledgement still goes.
  std::optional<KbPassage> answer;
  if (kb_search_) {
    Result<std::optional<KbPassage>> found =
        kb_search_(decoded.text, lang.language == "und" ? std::string_view() : lang.language);
    if (found.ok() && *found && (*found)->coverage >= options_.kb_min_coverage) {
      answer = std::move(*found);
    }
  }

  store::InboundRecord in;
  in.number = number;
  in.text = std::move(decoded.text);
  in.raw = std::move(decoded.raw);
  in.encoding_error = std::move(decoded.encoding_error);
  in.gateway = message.gateway;
  in.gateway_id = message.gateway_id;
  in.received_at_ms = message.received_at_ms != 0 ? message.received_at_ms : now;
  // The acknowledgement names the desk only when the ticket is routed to it; a ticket in review
  // gets the language's general text.
  // The answer goes with a new ticket's acknowledgement only.
  bool answered = false;
  store::ReplyFn reply = [this, &answer, &answered, &lang](const store::TicketRecord& t,
                                                          bool threaded)
      -> Result<std::optional<store::OutboxDraft>> {
    if (threaded && !options_.acknowledge_threaded) return std::optional<store::OutboxDraft>();
    const std::string_view desk_for_text =
        t.status == store::TicketStatus::kRouted ? std::string_view(t.desk) : "*";
    // The script of the message at hand: a person who typed Hindi in Latin letters is
    // answered in Latin letters.
    LOKA_ASSIGN_OR_RETURN(ComposedSms sms, templates_.Acknowledge(desk_for_text, t.language,
                                                                  t.id, lang.script));
    if (answer && !threaded) {
      std::optional<ComposedSms> with = WithAnswer(sms, answer->text, t.language, options_.sms,
                                                   options_.kb_min_answer_words);
      if (with) {
        sms = std::move(*with);
        answered = true;
      }
    }
    return std::optional<store::OutboxDraft>(DraftOf(std::move(sms)));
  };
  LOKA_ASSIGN_OR_RETURN(store::ReceiveOutcome r,
                        store_->Receive(in, options_.thread_window_ms, routing, reply));
  out.ticket = std::move(r.ticket);
  out.duplicate = r.duplicate;
  if (r.duplicate) out.language = out.ticket.language;  // the recorded message's, not recomputed
  out.threaded = r.threaded;
  out.reply = std::move(r.reply);
  if (answered && out.reply) out.answer_doc = answer->doc;
  return out;
}

Result<std::vector<std::string>> Helpline::KnownDesks() {
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string> desks, store_->CorrectedDesks());
  for (std::string& d : templates_.Desks()) desks.push_back(std::move(d));
  const DeskModel model = desk_model_ ? desk_model_() : DeskModel();
  if (model.model) {
    for (const std::string& label : model.model->labels()) desks.push_back(label);
  }
  std::sort(desks.begin(), desks.end());
  desks.erase(std::unique(desks.begin(), desks.end()), desks.end());
  return desks;
}

Result<store::CorrectionRecord> Helpline::SetDesk(int64_t ticket, std::string_view desk,
                                                  bool new_desk) {
  LOKA_RETURN_IF_ERROR(text::ValidateName(desk, "desk"));
  LOKA_ASSIGN_OR_RETURN(std::vector<std::string> known, KnownDesks());
  auto exact = std::find(known.begin(), known.end(), desk);
  if (exact != known.end()) return store_->SetDesk(ticket, *exact);
  for (const std::string& k : known) {
    if (AsciiEqualsIgnoringCase(k, desk)) return store_->SetDesk(ticket, k);  // names are ASCII
  }
  if (new_desk) return store_->SetDesk(ticket, desk);
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return InvalidArgument("desk \"" + std::string(desk) + "\" is not a desk the helpline knows (" +
                         (list.empty() ? std::string("none yet") : list) +
                         "); to open a new desk, set new_desk");
}

Result<store::TicketRecord> Helpline::SetStatus(int64_t ticket, store::TicketStatus status) {
  if (status == store::TicketStatus::kNew) {
    return InvalidArgument("status new is the pipeline's (a ticket no model has seen); set "
                           "routed, needs_review, answered or closed");
  }
  if (status == store::TicketStatus::kRouted) {
    LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, store_->GetTicket(ticket));
    if (t.desk.empty()) {
      return InvalidArgument("ticket " + std::to_string(ticket) +
                             " has no desk to be routed to; set its desk first");
    }
  }
  LOKA_RETURN_IF_ERROR(store_->SetStatus(ticket, status));
  return store_->GetTicket(ticket);
}

Result<store::OutboxRecord> Helpline::Reply(int64_t ticket, std::string_view text) {
  // Control characters become spaces as in a message coming in (DecodeText): a stray NUL
  // would otherwise go out to the phone and force UCS-2, 70 characters a part instead of 160.
  DecodedText decoded = DecodeText(text, Charset::kUtf8);
  if (!decoded.encoding_error.empty()) {
    return InvalidArgument("reply text: " + decoded.encoding_error);
  }
  if (text::IsBlank(decoded.text)) return InvalidArgument("reply text is empty");
  LOKA_ASSIGN_OR_RETURN(store::TicketRecord t, store_->GetTicket(ticket));
  LOKA_ASSIGN_OR_RETURN(ComposedSms sms, ComposeSms(decoded.text, t.language, options_.sms));
  return store_->Answer(ticket, DraftOf(std::move(sms)));
}

Result<std::vector<AccuracyDay>> Helpline::RoutingAccuracy(int64_t days) {
  const int64_t first_day = UnixDayFromMs(options_.clock->NowMs()) - days + 1;
  LOKA_ASSIGN_OR_RETURN(std::vector<store::CorrectionRecord> reviews,
                        store_->ListFirstCorrections(first_day * kMsPerDay));
  std::map<int64_t, AccuracyDay> by_day;  // a clock set back may reorder days against ids
  for (const store::CorrectionRecord& c : reviews) {
    if (c.suggested_desk.empty()) continue;  // nothing was routed: no model, or none loaded
    const int64_t day = UnixDayFromMs(c.created_at_ms);
    AccuracyDay& d = by_day[day];
    d.day = day;
    ++d.reviewed;
    d.confirmed += c.desk == c.suggested_desk ? 1 : 0;
  }
  std::vector<AccuracyDay> out;
  for (const auto& entry : by_day) out.push_back(entry.second);
  return out;
}

Result<int64_t> Helpline::ApplyRetention() {
  if (options_.text_retention_days <= 0) return int64_t{0};
  return store_->ForgetClosedTexts(options_.clock->NowMs() -
                                   options_.text_retention_days * kMsPerDay);
}

Result<int64_t> Helpline::MaybeApplyRetention() {
  const int64_t now = options_.clock->NowMs();
  int64_t due = next_retention_ms_.load();
  if (now < due || !next_retention_ms_.compare_exchange_strong(
                       due, now + options_.retention_check_interval_ms)) {
    return int64_t{0};
  }
  return ApplyRetention();
}

Result<int64_t> EraseNumber(store::HelplineStore& store, std::string_view number) {
  LOKA_ASSIGN_OR_RETURN(std::string normalized, NormalizeNumber(number));
  return store.EraseNumber(normalized);
}

Result<std::string> ExportNumber(store::HelplineStore& store, std::string_view number) {
  LOKA_ASSIGN_OR_RETURN(std::string normalized, NormalizeNumber(number));
  LOKA_ASSIGN_OR_RETURN(store::NumberRecords records, store.ExportNumber(normalized));
  text::Json tickets = text::Json::array(), messages = text::Json::array(),
             replies = text::Json::array();
  for (const store::TicketRecord& t : records.tickets) {
    tickets.push_back({{"id", t.id},
                       {"desk", t.desk},
                       {"language", t.language},
                       {"status", store::TicketStatusName(t.status)},
                       {"probability", t.probability},
                       {"created_at_ms", t.created_at_ms},
                       {"closed_at_ms", t.closed_at_ms},
                       {"messages", t.messages}});
  }
  for (const store::MessageRecord& m : records.messages) {
    messages.push_back({{"id", m.id},
                        {"ticket", m.ticket_id},
                        {"text", m.text},
                        {"gateway", m.gateway},
                        {"gateway_id", m.gateway_id},
                        {"received_at_ms", m.received_at_ms},
                        {"encoding_error", m.encoding_error}});
  }
  for (const store::OutboxRecord& o : records.replies) {
    replies.push_back({{"id", o.id},
                       {"ticket", o.ticket_id},
                       {"text", o.text},
                       {"encoding", o.encoding},
                       {"parts", o.parts},
                       {"status", store::OutboxStatusName(o.status)},
                       {"created_at_ms", o.created_at_ms},
                       {"sent_at_ms", o.sent_at_ms},
                       {"delivered_at_ms", o.delivered_at_ms}});
  }
  text::Json subscriptions = text::Json::array();
  for (const store::SubscriptionRecord& s : records.subscriptions) {
    subscriptions.push_back(
        {{"id", s.id},
         {"field_id", s.field_id != 0 ? text::Json(s.field_id) : text::Json(nullptr)},
         {"station", s.station.empty() ? text::Json(nullptr) : text::Json(s.station)},
         {"kinds", s.kinds},
         {"language", s.language},
         {"created_at_ms", s.created_at_ms}});
  }
  text::Json corrections = text::Json::array();
  for (const store::CorrectionRecord& c : records.corrections) {
    corrections.push_back({{"id", c.id},
                           {"ticket", c.ticket_id},
                           {"text", c.text},
                           {"suggested_desk", c.suggested_desk},
                           {"suggested_probability", c.suggested_probability},
                           {"desk", c.desk},
                           {"created_at_ms", c.created_at_ms}});
  }
  return text::Dump(text::Json{{"number", normalized},
                               {"tickets", std::move(tickets)},
                               {"messages", std::move(messages)},
                               {"replies", std::move(replies)},
                               {"subscriptions", std::move(subscriptions)},
                               {"corrections", std::move(corrections)}});
}

}  // namespace loka::helpline
