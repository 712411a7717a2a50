// The helpline's tickets, messages, outbox and corrections (store/helpline.h).
#include "store/helpline.h"

#include <algorithm>
#include <array>

#include "store/internal/open.h"

namespace loka::store {

using internal::Stmt;
using internal::Transaction;

namespace {

constexpr std::array<std::string_view, 5> kTicketStatusNames = {"new", "routed", "needs_review",
                                                                 "answered", "closed"};
constexpr std::array<std::string_view, 4> kOutboxStatusNames = {"queued", "sent", "delivered",
                                                                 "failed"};

constexpr const char* kTicketColumns =
    "t.id, t.number, t.desk, t.language, t.probability, t.status, t.model, t.model_version, "
    "t.created_at_ms, t.updated_at_ms, t.last_message_at_ms, coalesce(t.closed_at_ms, 0), "
    "(SELECT count(*) FROM hl_messages m WHERE m.ticket_id = t.id AND m.direction = 'in'), "
    "coalesce((SELECT m.text FROM hl_messages m WHERE m.ticket_id = t.id AND m.direction = 'in' "
    "ORDER BY m.id LIMIT 1), '')";

constexpr const char* kOutboxColumns =
    "id, coalesce(ticket_id, 0), coalesce(message_id, 0), number, text, encoding, parts, status, "
    "attempts, next_attempt_at_ms, last_error, created_at_ms, coalesce(sent_at_ms, 0), "
    "coalesce(delivered_at_ms, 0)";

TicketStatus TicketStatusFromName(const std::string& name) {
  for (size_t i = 0; i < kTicketStatusNames.size(); ++i) {
    if (kTicketStatusNames[i] == name) return static_cast<TicketStatus>(i);
  }
  return TicketStatus::kNew;  // the CHECK constraint admits nothing else
}

OutboxStatus OutboxStatusFromName(const std::string& name) {
  for (size_t i = 0; i < kOutboxStatusNames.size(); ++i) {
    if (kOutboxStatusNames[i] == name) return static_cast<OutboxStatus>(i);
  }
  return OutboxStatus::kQueued;
}

TicketRecord ReadTicketRow(const Stmt& st) {
  TicketRecord t;
  t.id = st.Int(0);
  t.number = st.Text(1);
  t.desk = st.Text(2);
  t.language = st.Text(3);
  t.probability = st.Real(4);
  t.status = TicketStatusFromName(st.Text(5));
  t.model = st.Text(6);
  t.model_version = st.Int(7);
  t.created_at_ms = st.Int(8);
  t.updated_at_ms = st.Int(9);
  t.last_message_at_ms = st.Int(10);
  t.closed_at_ms = st.Int(11);
  t.messages = st.Int(12);
  t.first_text = st.Text(13);
  return t;
}

OutboxRecord ReadOutboxRow(const Stmt& st) {
  OutboxRecord o;
  o.id = st.Int(0);
  o.ticket_id = st.Int(1);
  o.message_id = st.Int(2);
  o.number = st.Text(3);
  o.text = st.Text(4);
  o.encoding = st.Text(5);
  o.parts = static_cast<int>(st.Int(6));
  o.status = OutboxStatusFromName(st.Text(7));
  o.attempts = static_cast<int>(st.Int(8));
  o.next_attempt_at_ms = st.Int(9);
  o.last_error = st.Text(10);
  o.created_at_ms = st.Int(11);
  o.sent_at_ms = st.Int(12);
  o.delivered_at_ms = st.Int(13);
  return o;
}

CorrectionRecord ReadCorrectionRow(const Stmt& r) {
  CorrectionRecord c;
  c.id = r.Int(0);
  c.ticket_id = r.Int(1);
  c.text = r.Text(2);
  c.language = r.Text(3);
  c.suggested_desk = r.Text(4);
  c.suggested_probability = r.Real(5);
  c.desk = r.Text(6);
  c.created_at_ms = r.Int(7);
  return c;
}

std::string Sql(std::string_view head, const char* columns, std::string_view tail) {
  return std::string(head) + columns + std::string(tail);
}

// A cached statement ready for new bindings (a previous use may have stopped half-way on an
// error, leaving it mid-step).
Stmt& Fresh(Stmt& st) {
  (void)st.Reset();
  return st;
}

// A ticket's status once a follow-up message joins it: a message whose bytes were broken sends
// it to review, like a new ticket's; an answered ticket goes back to its desk's queue (routed;
// new when it has no desk), since the citizen wrote again after the answer; otherwise the
// status stays (a ticket in review or routed is already in a queue).
TicketStatus FollowUpStatus(const TicketRecord& t, bool encoding_error) {
  if (encoding_error) return TicketStatus::kNeedsReview;
  if (t.status == TicketStatus::kAnswered) {
    return t.desk.empty() ? TicketStatus::kNew : TicketStatus::kRouted;
  }
  return t.status;
}

Result<std::vector<std::pair<std::string, int64_t>>> CountBy(sqlite3* db, const char* sql) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, sql));
  return st.Rows([](const Stmt& s) { return std::make_pair(s.Text(0), s.Int(1)); });
}

}  // namespace

std::string_view TicketStatusName(TicketStatus status) {
  return kTicketStatusNames[static_cast<size_t>(status)];
}

Result<TicketStatus> ParseTicketStatus(std::string_view name) {
  for (size_t i = 0; i < kTicketStatusNames.size(); ++i) {
    if (kTicketStatusNames[i] == name) return static_cast<TicketStatus>(i);
  }
  return InvalidArgument("ticket status \"" + std::string(name) +
                         "\": expected new, routed, needs_review, answered or closed");
}

std::string_view OutboxStatusName(OutboxStatus status) {
  return kOutboxStatusNames[static_cast<size_t>(status)];
}

// Statements prepared once per connection: every inbound message runs them.
struct HelplineStore::Statements {
  Stmt find_duplicate, find_open, touch_ticket, add_ticket, add_message, add_outbox, ticket,
      reply_to, savepoint, release, rollback_to;
};

HelplineStore::HelplineStore(internal::DbHandle db, std::unique_ptr<std::mutex> mu,
                             const Clock* clock)
    : db_(std::move(db)), mu_(std::move(mu)), clock_(clock),
      group_(std::make_unique<GroupCommit>()) {}
HelplineStore::HelplineStore(HelplineStore&&) noexcept = default;
HelplineStore& HelplineStore::operator=(HelplineStore&&) noexcept = default;
HelplineStore::~HelplineStore() = default;

Result<HelplineStore> HelplineStore::Open(const std::string& path, const StoreOptions& options) {
  LOKA_ASSIGN_OR_RETURN(internal::DbHandle db, internal::OpenDatabase(path, options));
  // Each message of a group commit is a savepoint, whose statement journal (the pages as they
  // were before the message, to roll just it back) SQLite writes to a temporary file once it
  // outgrows 64 KiB: four writes in five of an inbound message went there, none of which needs
  // to outlive the transaction. In memory it costs at most the pages one batch touches.
  LOKA_RETURN_IF_ERROR(internal::Exec(db.get(), "PRAGMA temp_store = MEMORY"));
  return HelplineStore(std::move(db), std::make_unique<std::mutex>(),
                       options.clock != nullptr ? options.clock : &DefaultClock());
}

Result<HelplineStore::Statements*> HelplineStore::Prepared() {
  if (stmts_) return stmts_.get();
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Stmt dup, Stmt::Prepare(db, "SELECT id, ticket_id, number, text FROM "
                                                    "hl_messages WHERE gateway = ? AND "
                                                    "gateway_id = ?"));
  // The open ticket comes back whole: a message joining it needs the ticket for its reply,
  // and reading it here saves a second look-up after the write.
  LOKA_ASSIGN_OR_RETURN(
      Stmt open, Stmt::Prepare(db, Sql("SELECT ", kTicketColumns,
                                       " FROM hl_tickets t WHERE t.number = ?1 AND t.status <> "
                                       "'closed' AND t.last_message_at_ms >= ?2 ORDER BY "
                                       "t.last_message_at_ms DESC LIMIT 1")));
  LOKA_ASSIGN_OR_RETURN(
      Stmt touch, Stmt::Prepare(db, "UPDATE hl_tickets SET last_message_at_ms = max("
                                    "last_message_at_ms, ?2), updated_at_ms = ?3, status = ?4 "
                                    "WHERE id = ?1"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add_ticket,
      Stmt::Prepare(db, "INSERT INTO hl_tickets (number, desk, language, probability, status, "
                        "model, model_version, created_at_ms, updated_at_ms, "
                        "last_message_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add_message,
      Stmt::Prepare(db, "INSERT INTO hl_messages (ticket_id, direction, number, text, raw, "
                        "encoding_error, gateway, gateway_id, received_at_ms) VALUES (?, 'in', "
                        "?, ?, ?, ?, ?, ?, ?)"));
  LOKA_ASSIGN_OR_RETURN(
      Stmt add_outbox,
      Stmt::Prepare(db, "INSERT INTO hl_outbox (ticket_id, message_id, number, text, encoding, "
                        "parts, status, next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, ?, "
                        "?, ?, 'queued', ?8, ?8)"));
  LOKA_ASSIGN_OR_RETURN(Stmt ticket,
                        Stmt::Prepare(db, Sql("SELECT ", kTicketColumns,
                                              " FROM hl_tickets t WHERE t.id = ?")));
  LOKA_ASSIGN_OR_RETURN(Stmt reply_to,
                        Stmt::Prepare(db, Sql("SELECT ", kOutboxColumns,
                                              " FROM hl_outbox WHERE message_id = ? ORDER BY id "
                                              "LIMIT 1")));
  // Each message of a group commit is a savepoint: prepared once rather than parsed three
  // times a message.
  LOKA_ASSIGN_OR_RETURN(Stmt savepoint, Stmt::Prepare(db, "SAVEPOINT hl_message"));
  LOKA_ASSIGN_OR_RETURN(Stmt release, Stmt::Prepare(db, "RELEASE hl_message"));
  LOKA_ASSIGN_OR_RETURN(Stmt rollback_to, Stmt::Prepare(db, "ROLLBACK TO hl_message"));
  stmts_ = std::make_unique<Statements>(
      Statements{std::move(dup), std::move(open), std::move(touch), std::move(add_ticket),
                 std::move(add_message), std::move(add_outbox), std::move(ticket),
                 std::move(reply_to), std::move(savepoint), std::move(release),
                 std::move(rollback_to)});
  return stmts_.get();
}

Result<TicketRecord> HelplineStore::ReadTicket(int64_t id) {
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  Stmt& st = Fresh(s->ticket);
  st.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("ticket " + std::to_string(id) + " does not exist");
  TicketRecord t = ReadTicketRow(st);
  LOKA_RETURN_IF_ERROR(st.Reset());
  return t;
}

Result<std::optional<OutboxRecord>> HelplineStore::ReplyTo(int64_t message_id) {
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  Stmt& st = Fresh(s->reply_to);
  st.Bind(1, message_id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  std::optional<OutboxRecord> out;
  if (row) out = ReadOutboxRow(st);
  LOKA_RETURN_IF_ERROR(st.Reset());
  return out;
}

// One message of a group commit (Receive): its inputs, and its outcome once `done`.
struct HelplineStore::PendingReceive {
  const InboundRecord* in = nullptr;
  int64_t thread_window_ms = 0;
  const TicketRouting* routing = nullptr;
  const ReplyFn* reply = nullptr;
  Result<ReceiveOutcome> outcome = Internal("not run");
  std::condition_variable wake;  // signalled when `done` or `lead` is set
  bool done = false;
  bool lead = false;  // this caller writes the next batch
};

// Leader and followers: the caller that finds no commit running writes every queued message in
// one transaction; callers arriving meanwhile queue and sleep. When the commit returns, the
// leader wakes each message of its batch, and hands the lead to the first message queued since,
// so each caller wakes once (notifying all of them on one condition woke every waiting thread
// for each commit). The leader notifies after releasing `mu`, so a woken caller does not
// block on it at once; the batch's shared pointers keep each condition alive until then.
Result<ReceiveOutcome> HelplineStore::Receive(const InboundRecord& in, int64_t thread_window_ms,
                                              const TicketRouting& routing, const ReplyFn& reply) {
  auto p = std::make_shared<PendingReceive>();
  p->in = &in;
  p->thread_window_ms = thread_window_ms;
  p->routing = &routing;
  p->reply = &reply;
  std::unique_lock<std::mutex> lock(group_->mu);
  group_->queue.push_back(p);
  if (group_->leader_active) {
    p->wake.wait(lock, [&] { return p->done || p->lead; });
    if (p->done) return std::move(p->outcome);
  }
  group_->leader_active = true;
  std::vector<std::shared_ptr<PendingReceive>> batch;
  batch.swap(group_->queue);
  lock.unlock();
  RunBatch(batch);
  lock.lock();
  for (const auto& b : batch) b->done = true;
  std::shared_ptr<PendingReceive> next;
  if (group_->queue.empty()) {
    group_->leader_active = false;
  } else {
    next = group_->queue.front();
    next->lead = true;
  }
  lock.unlock();
  for (const auto& b : batch) {
    if (b != p) b->wake.notify_one();
  }
  if (next) next->wake.notify_one();
  return std::move(p->outcome);
}

void HelplineStore::RunBatch(const std::vector<std::shared_ptr<PendingReceive>>& batch) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  Result<Statements*> st = Prepared();
  Result<Transaction> tx = st.ok() ? Transaction::Begin(db) : Result<Transaction>(st.status());
  if (!tx.ok()) {
    for (const auto& p : batch) p->outcome = tx.status();
    return;
  }
  for (const auto& p : batch) {
    // A savepoint per message: one that fails (its reply, a constraint) leaves the others.
    Status s = Fresh((*st)->savepoint).Run();
    if (s.ok()) {
      p->outcome = ReceiveOne(*p->in, p->thread_window_ms, *p->routing, *p->reply);
      if (!p->outcome.ok()) s = Fresh((*st)->rollback_to).Run();
      if (s.ok()) s = Fresh((*st)->release).Run();
    }
    if (!s.ok()) p->outcome = s;
  }
  const Status committed = tx->Commit();
  if (!committed.ok()) {
    for (const auto& p : batch) p->outcome = committed;
  }
}

Result<ReceiveOutcome> HelplineStore::ReceiveOne(const InboundRecord& in,
                                                 int64_t thread_window_ms,
                                                 const TicketRouting& routing,
                                                 const ReplyFn& reply) {
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  ReceiveOutcome out;
  if (!in.gateway_id.empty()) {
    Stmt& dup = Fresh(s->find_duplicate);
    dup.Bind(1, in.gateway).Bind(2, in.gateway_id);
    LOKA_ASSIGN_OR_RETURN(bool seen, dup.Step());
    if (seen) {
      out.duplicate = true;
      out.message_id = dup.Int(0);
      const int64_t ticket_id = dup.Int(1);
      const std::string number = dup.Text(2), text = dup.Text(3);
      LOKA_RETURN_IF_ERROR(dup.Reset());
      // A replay is the same message: from the same number with the same text (unless the
      // retention forgot the recorded one's). The same id on another message is a gateway's
      // mistake or a forgery, and answering it with the first message's ticket would drop it.
      if (number != in.number || (!text.empty() && text != in.text)) {
        return FailedPrecondition(
            "id \"" + in.gateway_id + "\" of gateway " + in.gateway +
            " was recorded for another message (" +
            (number != in.number ? "another number" : "another text") +
            "); a gateway's message id names one message");
      }
      LOKA_ASSIGN_OR_RETURN(out.ticket, ReadTicket(ticket_id));
      LOKA_ASSIGN_OR_RETURN(out.reply, ReplyTo(out.message_id));
      return out;  // nothing written
    }
    LOKA_RETURN_IF_ERROR(dup.Reset());
  }
  // The ticket and the reply are returned from the values written, not read back: every
  // column is known here (the open ticket from its look-up, a new one from `routing`).
  const int64_t now = clock_->NowMs();
  {
    Stmt& open = Fresh(s->find_open);
    open.Bind(1, in.number).Bind(2, in.received_at_ms - thread_window_ms);
    LOKA_ASSIGN_OR_RETURN(bool found, open.Step());
    if (found) out.ticket = ReadTicketRow(open);
    out.threaded = found;
    LOKA_RETURN_IF_ERROR(open.Reset());
  }
  TicketRecord& t = out.ticket;
  if (out.threaded) {
    t.status = FollowUpStatus(t, !in.encoding_error.empty());
    Stmt& touch = Fresh(s->touch_ticket);
    touch.Bind(1, t.id).Bind(2, in.received_at_ms).Bind(3, now).Bind(4, TicketStatusName(t.status));
    LOKA_RETURN_IF_ERROR(touch.Run());
    t.last_message_at_ms = std::max(t.last_message_at_ms, in.received_at_ms);
    t.updated_at_ms = now;
    ++t.messages;
  } else {
    Stmt& add = Fresh(s->add_ticket);
    add.Bind(1, in.number).Bind(2, routing.desk).Bind(3, routing.language)
        .Bind(4, routing.probability).Bind(5, TicketStatusName(routing.status))
        .Bind(6, routing.model).Bind(7, routing.model_version).Bind(8, now).Bind(9, now)
        .Bind(10, std::max(in.received_at_ms, now));
    LOKA_RETURN_IF_ERROR(add.Run().WithPrefix("ticket"));
    t.id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
    t.number = in.number;
    t.desk = routing.desk;
    t.language = routing.language;
    t.probability = routing.probability;
    t.status = routing.status;
    t.model = routing.model;
    t.model_version = routing.model_version;
    t.created_at_ms = t.updated_at_ms = now;
    // Never before the ticket was made: a message from a gateway's backlog opens a ticket
    // whose thread runs from now.
    t.last_message_at_ms = std::max(in.received_at_ms, now);
    t.messages = 1;
    t.first_text = in.text;
  }
  {
    Stmt& msg = Fresh(s->add_message);
    msg.Bind(1, t.id).Bind(2, in.number).Bind(3, in.text);
    if (in.raw.empty()) {
      msg.BindNull(4);
    } else {
      msg.BindBlob(4, in.raw);
    }
    msg.Bind(5, in.encoding_error).Bind(6, in.gateway);
    if (in.gateway_id.empty()) {
      msg.BindNull(7);
    } else {
      msg.Bind(7, in.gateway_id);
    }
    msg.Bind(8, in.received_at_ms);
    LOKA_RETURN_IF_ERROR(msg.Run().WithPrefix("message"));
    out.message_id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
  }
  if (reply) {
    LOKA_ASSIGN_OR_RETURN(std::optional<OutboxDraft> draft, reply(t, out.threaded));
    if (draft.has_value()) {
      Stmt& add = Fresh(s->add_outbox);
      add.Bind(1, t.id).Bind(2, out.message_id).Bind(3, in.number).Bind(4, draft->text)
          .Bind(5, draft->encoding).Bind(6, static_cast<int64_t>(draft->parts)).Bind(8, now);
      LOKA_RETURN_IF_ERROR(add.Run().WithPrefix("outbox"));
      OutboxRecord o;
      o.id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
      o.ticket_id = t.id;
      o.message_id = out.message_id;
      o.number = in.number;
      o.text = std::move(draft->text);
      o.encoding = std::move(draft->encoding);
      o.parts = draft->parts;
      o.next_attempt_at_ms = o.created_at_ms = now;
      out.reply = std::move(o);
    }
  }
  return out;
}

Result<TicketRecord> HelplineStore::GetTicket(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadTicket(id);
}

Result<std::vector<TicketRecord>> HelplineStore::ListTickets(const TicketQuery& q) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(),
                             Sql("SELECT ", kTicketColumns,
                                 " FROM hl_tickets t WHERE (?1 = '' OR t.status = ?1) AND (?2 = "
                                 "'' OR t.desk = ?2) AND (?3 = 0 OR t.id < ?3) ORDER BY t.id "
                                 "DESC LIMIT ?4")));
  st.Bind(1, q.status.has_value() ? TicketStatusName(*q.status) : std::string_view(""))
      .Bind(2, q.desk).Bind(3, q.before_id).Bind(4, static_cast<int64_t>(q.limit));
  return st.Rows(ReadTicketRow);
}

Result<std::vector<TicketMessage>> HelplineStore::ListTicketMessages(int64_t ticket_id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_RETURN_IF_ERROR(ReadTicket(ticket_id).status());
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "SELECT 1, text, received_at_ms, '', encoding_error, id "
                                        "FROM hl_messages WHERE ticket_id = ?1 AND direction = "
                                        "'in' UNION ALL SELECT 0, text, created_at_ms, status, "
                                        "'', id FROM hl_outbox WHERE ticket_id = ?1 ORDER BY 3, "
                                        "1 DESC, 6"));
  st.Bind(1, ticket_id);
  return st.Rows([](const Stmt& r) {
    TicketMessage m;
    m.inbound = r.Int(0) != 0;
    m.text = r.Text(1);
    m.at_ms = r.Int(2);
    m.status = r.Text(3);
    m.encoding_error = r.Text(4);
    return m;
  });
}

Result<std::vector<std::pair<std::string, int64_t>>> HelplineStore::CountTickets() {
  std::lock_guard<std::mutex> lock(*mu_);
  return CountBy(db_.get(), "SELECT status, count(*) FROM hl_tickets GROUP BY status");
}

Result<CorrectionRecord> HelplineStore::SetDesk(int64_t ticket_id, std::string_view desk) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(TicketRecord t, ReadTicket(ticket_id));
  CorrectionRecord c;
  c.ticket_id = ticket_id;
  c.text = t.first_text;
  c.language = t.language;
  c.suggested_desk = t.desk;
  c.suggested_probability = t.probability;
  {
    // After a first correction the ticket holds a person's desk (probability 1): every later
    // row keeps what the model said, as the first one recorded it.
    LOKA_ASSIGN_OR_RETURN(
        Stmt first, Stmt::Prepare(db, "SELECT suggested_desk, suggested_probability FROM "
                                      "hl_corrections WHERE ticket_id = ? ORDER BY id LIMIT 1"));
    first.Bind(1, ticket_id);
    LOKA_ASSIGN_OR_RETURN(bool corrected, first.Step());
    if (corrected) {
      c.suggested_desk = first.Text(0);
      c.suggested_probability = first.Real(1);
    }
  }
  c.desk = std::string(desk);
  c.created_at_ms = clock_->NowMs();
  LOKA_ASSIGN_OR_RETURN(
      Stmt add, Stmt::Prepare(db, "INSERT INTO hl_corrections (ticket_id, text, language, "
                                  "suggested_desk, suggested_probability, desk, created_at_ms) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  add.Bind(1, ticket_id).Bind(2, c.text).Bind(3, c.language).Bind(4, c.suggested_desk)
      .Bind(5, c.suggested_probability).Bind(6, c.desk).Bind(7, c.created_at_ms);
  LOKA_RETURN_IF_ERROR(add.Run());
  c.id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
  LOKA_ASSIGN_OR_RETURN(
      Stmt set, Stmt::Prepare(db, "UPDATE hl_tickets SET desk = ?2, probability = 1, status = "
                                  "CASE WHEN status IN ('new', 'needs_review') THEN 'routed' "
                                  "ELSE status END, updated_at_ms = ?3 WHERE id = ?1"));
  set.Bind(1, ticket_id).Bind(2, desk).Bind(3, c.created_at_ms);
  LOKA_RETURN_IF_ERROR(set.Run());
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return c;
}

Status HelplineStore::SetStatus(int64_t ticket_id, TicketStatus status) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "UPDATE hl_tickets SET status = ?2, updated_at_ms = ?3, "
                                        "closed_at_ms = CASE WHEN ?2 = 'closed' THEN ?3 END "
                                        "WHERE id = ?1"));
  st.Bind(1, ticket_id).Bind(2, TicketStatusName(status)).Bind(3, clock_->NowMs());
  LOKA_RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(db_.get()) == 0) {
    return NotFound("ticket " + std::to_string(ticket_id) + " does not exist");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> HelplineStore::CorrectedDesks() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT DISTINCT desk FROM "
                                                          "hl_corrections ORDER BY desk"));
  return st.Rows([](const Stmt& r) { return r.Text(0); });
}

Result<std::vector<CorrectionRecord>> HelplineStore::ListCorrections() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "SELECT id, coalesce(ticket_id, 0), text, language, "
                                        "suggested_desk, suggested_probability, desk, "
                                        "created_at_ms FROM hl_corrections ORDER BY id"));
  return st.Rows(ReadCorrectionRow);
}

Result<std::vector<CorrectionRecord>> HelplineStore::ListFirstCorrections(int64_t since_ms) {
  std::lock_guard<std::mutex> lock(*mu_);
  // One pass grouping by ticket (no index on ticket_id: corrections are few, people make them).
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "SELECT c.id, coalesce(c.ticket_id, 0), c.text, "
                                        "c.language, c.suggested_desk, c.suggested_probability, "
                                        "c.desk, c.created_at_ms FROM hl_corrections c JOIN "
                                        "(SELECT min(id) AS id FROM hl_corrections GROUP BY "
                                        "coalesce(ticket_id, -id)) f ON f.id = c.id WHERE "
                                        "c.created_at_ms >= ? ORDER BY c.id"));
  st.Bind(1, since_ms);
  return st.Rows(ReadCorrectionRow);
}

Result<OutboxRecord> HelplineStore::Answer(int64_t ticket_id, const OutboxDraft& draft) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(TicketRecord t, ReadTicket(ticket_id));
  if (t.status == TicketStatus::kClosed) {
    return FailedPrecondition("ticket " + std::to_string(ticket_id) +
                              " is closed; reopen it before replying");
  }
  const int64_t now = clock_->NowMs();
  Stmt& add = Fresh(s->add_outbox);
  add.Bind(1, ticket_id).BindNull(2).Bind(3, t.number).Bind(4, draft.text).Bind(5, draft.encoding)
      .Bind(6, static_cast<int64_t>(draft.parts)).Bind(8, now);
  LOKA_RETURN_IF_ERROR(add.Run().WithPrefix("outbox"));
  const auto id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
  LOKA_ASSIGN_OR_RETURN(
      Stmt set, Stmt::Prepare(db, "UPDATE hl_tickets SET status = 'answered', updated_at_ms = ?2 "
                                  "WHERE id = ?1"));
  set.Bind(1, ticket_id).Bind(2, now);
  LOKA_RETURN_IF_ERROR(set.Run());
  LOKA_ASSIGN_OR_RETURN(OutboxRecord o, ReadOutbound(id));
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return o;
}

Result<OutboxRecord> HelplineStore::Enqueue(int64_t ticket_id, std::string_view number,
                                            const OutboxDraft& draft) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Statements * s, Prepared());
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_RETURN_IF_ERROR(ReadTicket(ticket_id).status());
  Stmt& add = Fresh(s->add_outbox);
  add.Bind(1, ticket_id).BindNull(2).Bind(3, number).Bind(4, draft.text).Bind(5, draft.encoding)
      .Bind(6, static_cast<int64_t>(draft.parts)).Bind(8, clock_->NowMs());
  LOKA_RETURN_IF_ERROR(add.Run());
  const auto id = static_cast<int64_t>(sqlite3_last_insert_rowid(db));
  LOKA_ASSIGN_OR_RETURN(Stmt get, Stmt::Prepare(db, Sql("SELECT ", kOutboxColumns,
                                                        " FROM hl_outbox WHERE id = ?")));
  get.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, get.Step());
  if (!row) return Internal("outbox row " + std::to_string(id) + " vanished");
  OutboxRecord o = ReadOutboxRow(get);
  LOKA_RETURN_IF_ERROR(get.Reset());
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return o;
}

Result<std::vector<OutboxRecord>> HelplineStore::DueOutbound(int64_t now_ms, size_t limit) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), Sql("SELECT ", kOutboxColumns,
                                            " FROM hl_outbox WHERE status = 'queued' AND "
                                            "next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, "
                                            "id LIMIT ?")));
  st.Bind(1, now_ms).Bind(2, static_cast<int64_t>(limit));
  return st.Rows(ReadOutboxRow);
}

Result<std::optional<int64_t>> HelplineStore::NextDueMs() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "SELECT min(next_attempt_at_ms) FROM "
                                                          "hl_outbox WHERE status = 'queued'"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row || st.IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(st.Int(0));
}

Result<OutboxRecord> HelplineStore::GetOutbound(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  return ReadOutbound(id);
}

Result<OutboxRecord> HelplineStore::ReadOutbound(int64_t id) {
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), Sql("SELECT ", kOutboxColumns,
                                                              " FROM hl_outbox WHERE id = ?")));
  st.Bind(1, id);
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("outbound message " + std::to_string(id) + " does not exist");
  return ReadOutboxRow(st);
}

Status HelplineStore::MarkHandingOver(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(), "UPDATE hl_outbox SET sent_at_ms = ?2 "
                                                          "WHERE id = ?1 AND status = 'queued'"));
  st.Bind(1, id).Bind(2, clock_->NowMs());
  return st.Run();
}

Status HelplineStore::MarkSent(int64_t id) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      // A delivery report can arrive before the gateway's answer to the send: keep its status.
      Stmt st, Stmt::Prepare(db_.get(), "UPDATE hl_outbox SET status = CASE WHEN status = "
                                        "'queued' THEN 'sent' ELSE status END, attempts = "
                                        "attempts + 1, sent_at_ms = ?2 WHERE id = ?1 AND status "
                                        "<> 'failed'"));
  st.Bind(1, id).Bind(2, clock_->NowMs());
  return st.Run();
}

Status HelplineStore::MarkAttemptFailed(int64_t id, std::string_view error,
                                        int64_t next_attempt_at_ms, bool give_up) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db_.get(), "UPDATE hl_outbox SET attempts = attempts + 1, "
                                        "last_error = ?2, next_attempt_at_ms = ?3, status = "
                                        "CASE WHEN ?4 THEN 'failed' ELSE 'queued' END WHERE id "
                                        "= ?1 AND status = 'queued'"));
  st.Bind(1, id).Bind(2, error).Bind(3, next_attempt_at_ms).Bind(4, int64_t{give_up ? 1 : 0});
  return st.Run();
}

Result<DeliveryReportOutcome> HelplineStore::MarkDelivery(int64_t id, bool delivered,
                                                          std::string_view error) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  LOKA_ASSIGN_OR_RETURN(OutboxRecord o, ReadOutbound(id));
  DeliveryReportOutcome out;
  const std::string name = "outbound message " + std::to_string(id);
  if (o.status == OutboxStatus::kDelivered) {
    out.ignored = name + " is already delivered";
  } else if (o.sent_at_ms == 0) {
    out.ignored = name + " was never handed to the gateway (" +
                  std::string(OutboxStatusName(o.status)) + ")";
  }
  if (!out.ignored.empty()) return out;  // nothing written: the guard rolls back
  LOKA_ASSIGN_OR_RETURN(
      Stmt st, Stmt::Prepare(db, "UPDATE hl_outbox SET status = ?2, delivered_at_ms = CASE WHEN "
                                 "?2 = 'delivered' THEN ?3 END, last_error = ?4 WHERE id = ?1"));
  st.Bind(1, id).Bind(2, delivered ? "delivered" : "failed").Bind(3, clock_->NowMs())
      .Bind(4, error);
  LOKA_RETURN_IF_ERROR(st.Run());
  LOKA_RETURN_IF_ERROR(tx.Commit());
  out.applied = true;
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> HelplineStore::CountOutbound() {
  std::lock_guard<std::mutex> lock(*mu_);
  return CountBy(db_.get(), "SELECT status, count(*) FROM hl_outbox GROUP BY status");
}

Result<int64_t> HelplineStore::EraseNumber(std::string_view number) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  // Corrections outlive their ticket (ON DELETE SET NULL) but carry the number's text.
  for (const char* sql :
       {"DELETE FROM hl_corrections WHERE ticket_id IN (SELECT id FROM hl_tickets WHERE number "
        "= ?)",
        "DELETE FROM hl_outbox WHERE number = ?", "DELETE FROM hl_messages WHERE number = ?",
        "DELETE FROM hl_subscriptions WHERE number = ?"}) {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, sql));
    st.Bind(1, number);
    LOKA_RETURN_IF_ERROR(st.Run());
  }
  LOKA_ASSIGN_OR_RETURN(Stmt tickets, Stmt::Prepare(db, "DELETE FROM hl_tickets WHERE number = ?"));
  tickets.Bind(1, number);
  LOKA_RETURN_IF_ERROR(tickets.Run());
  const int64_t erased = sqlite3_changes(db);
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return erased;
}

Result<NumberRecords> HelplineStore::ExportNumber(std::string_view number) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  NumberRecords out;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, Sql("SELECT ", kTicketColumns,
                                                         " FROM hl_tickets t WHERE t.number = ? "
                                                         "ORDER BY t.id")));
    st.Bind(1, number);
    LOKA_ASSIGN_OR_RETURN(out.tickets, st.Rows(ReadTicketRow));
  }
  {
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db, "SELECT id, ticket_id, direction, text, encoding_error, "
                                   "gateway, coalesce(gateway_id, ''), received_at_ms FROM "
                                   "hl_messages WHERE number = ? ORDER BY id"));
    st.Bind(1, number);
    LOKA_ASSIGN_OR_RETURN(out.messages, st.Rows([](const Stmt& r) {
      MessageRecord m;
      m.id = r.Int(0);
      m.ticket_id = r.Int(1);
      m.direction = r.Text(2);
      m.text = r.Text(3);
      m.encoding_error = r.Text(4);
      m.gateway = r.Text(5);
      m.gateway_id = r.Text(6);
      m.received_at_ms = r.Int(7);
      return m;
    }));
  }
  {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, Sql("SELECT ", kOutboxColumns,
                                                         " FROM hl_outbox WHERE number = ? "
                                                         "ORDER BY id")));
    st.Bind(1, number);
    LOKA_ASSIGN_OR_RETURN(out.replies, st.Rows(ReadOutboxRow));
  }
  LOKA_ASSIGN_OR_RETURN(out.subscriptions,
                        ReadSubscriptions("s.number = ?1", [&](Stmt& st) { st.Bind(1, number); },
                                          "s.id"));
  {
    LOKA_ASSIGN_OR_RETURN(
        Stmt st, Stmt::Prepare(db, "SELECT id, coalesce(ticket_id, 0), text, language, "
                                   "suggested_desk, suggested_probability, desk, created_at_ms "
                                   "FROM hl_corrections WHERE ticket_id IN (SELECT id FROM "
                                   "hl_tickets WHERE number = ?) ORDER BY id"));
    st.Bind(1, number);
    LOKA_ASSIGN_OR_RETURN(out.corrections, st.Rows(ReadCorrectionRow));
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<int64_t> HelplineStore::ForgetClosedTexts(int64_t closed_before_ms) {
  std::lock_guard<std::mutex> lock(*mu_);
  sqlite3* db = db_.get();
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  int64_t forgotten = 0;
  for (const char* sql :
       {"UPDATE hl_messages SET text = '', raw = NULL WHERE (text <> '' OR raw IS NOT NULL) AND "
        "ticket_id IN (SELECT id FROM hl_tickets WHERE status = 'closed' AND closed_at_ms < ?)",
        "UPDATE hl_outbox SET text = '' WHERE text <> '' AND status <> 'queued' AND ticket_id "
        "IN (SELECT id FROM hl_tickets WHERE status = 'closed' AND closed_at_ms < ?)"}) {
    LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db, sql));
    st.Bind(1, closed_before_ms);
    LOKA_RETURN_IF_ERROR(st.Run());
    forgotten += sqlite3_changes(db);
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return forgotten;
}

}  // namespace loka::store
