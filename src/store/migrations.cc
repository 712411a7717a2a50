#include "store/migrations.h"

#include <string>

#include "store/internal/sqlite.h"

namespace loka::store {
namespace {

// kMigrations[i] takes the schema from version i to i + 1.
constexpr const char* kMigrations[] = {
    // 1: API keys and model versions.
    R"sql(
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  salt BLOB NOT NULL,
  hash BLOB NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  note TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
);
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  size_bytes INTEGER NOT NULL,
  digest BLOB NOT NULL,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_at_ms INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  UNIQUE (name, version)
);
CREATE UNIQUE INDEX models_one_active ON models (name) WHERE active = 1;
)sql",
    // 2: labelled datasets and training jobs.
    R"sql(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE dataset_rows (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX dataset_rows_by_dataset ON dataset_rows (dataset_id, id);
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  model TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  progress REAL NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  model_version INTEGER,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_at_ms INTEGER NOT NULL,
  started_at_ms INTEGER,
  finished_at_ms INTEGER
);
)sql",
    // 3: sensor readings. A sensor is named "<kind>" or "<kind>.<label>" (two soil probes);
    // values are stored in the canonical unit of its kind (agri/readings.h). A day is the
    // station's local standard day (utc_offset_min). daily_readings is kept equal to the raw
    // rows of each day by the store, and outlives them: raw rows before a sensor's
    // pruned_before_ms were deleted by the retention policy (docs/sense.md).
    R"sql(
CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  lat_deg REAL,
  lon_deg REAL,
  elevation_m REAL,
  utc_offset_min INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE sensors (
  id INTEGER PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  pruned_before_ms INTEGER NOT NULL DEFAULT 0,
  UNIQUE (station_id, name)
);
CREATE TABLE readings (
  sensor_id INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
  time_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (sensor_id, time_ms)
) WITHOUT ROWID;
CREATE TABLE daily_readings (
  sensor_id INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  sum REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sensor_id, day)
) WITHOUT ROWID;
CREATE TABLE reading_rejections (
  station_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at_ms INTEGER NOT NULL,
  PRIMARY KEY (station_id, reason)
) WITHOUT ROWID;
)sql",
    // 4: fields (a crop on a soil next to a station, for irrigation advice) and alerts (sensor
    // faults, frost, heat), each alert with its reason and the readings that caused it
    // (docs/agri.md, docs/api.yaml).
    R"sql(
CREATE TABLE fields (
  id INTEGER PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  crop TEXT NOT NULL,
  planting_day INTEGER NOT NULL,
  soil TEXT NOT NULL,
  theta_fc REAL NOT NULL,
  theta_wp REAL NOT NULL,
  root_depth_m REAL,
  irrigation_method TEXT NOT NULL,
  efficiency REAL,
  wetted_fraction REAL,
  allowed_depletion REAL,
  heat_threshold_c REAL,
  initial_depletion_mm REAL NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX fields_by_station ON fields (station_id);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  station_id TEXT NOT NULL,
  field_id INTEGER REFERENCES fields (id) ON DELETE SET NULL,
  sensor TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('warning', 'alert')),
  reason TEXT NOT NULL,
  readings_json TEXT NOT NULL DEFAULT '[]',
  acknowledged_at_ms INTEGER
);
CREATE INDEX alerts_by_time ON alerts (time_ms);
CREATE INDEX alerts_by_station ON alerts (station_id, time_ms);
)sql",
    // 5: a training job can be cancelled (DELETE /v1/jobs/{id}). A cancelled job is a failed
    // one with the time it was cancelled: the state column's CHECK stays as it is (SQLite
    // cannot change a CHECK without rebuilding the table).
    R"sql(
ALTER TABLE jobs ADD COLUMN cancelled_at_ms INTEGER;
)sql",
    // 6: the knowledge base (store/kb.h, docs/search.md): documents, their passages with heading
    // path, language and script, and kb_terms, an FTS5 index over index terms that search/
    // builds (space-separated ASCII tokens, so FTS5's ascii tokenizer only splits them; a term's
    // column frequencies are all bm25 needs, hence detail=column). kb_terms' rowid is the
    // passage id; the store deletes a passage's terms with it.
    R"sql(
CREATE TABLE kb_documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE TABLE kb_passages (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  heading TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  script TEXT NOT NULL
);
CREATE INDEX kb_passages_by_document ON kb_passages (document_id, ordinal);
CREATE INDEX kb_passages_by_language ON kb_passages (language);
CREATE VIRTUAL TABLE kb_terms USING fts5(words, latin, grams, tokenize = 'ascii',
                                         detail = column);
)sql",
    // 7: the helpline (store/helpline.h, docs/helpline.md): tickets with their desk, language
    // and status; the messages in and out of each (a gateway's message id is unique per
    // gateway, so a duplicate delivery is recorded once; bytes that were not valid in their
    // charset are kept in `raw` beside the flagged text); the durable SMS outbox; and the
    // staff's desk corrections, labelled rows for the next desk model. Phone numbers are
    // stored here and nowhere else.
    R"sql(
CREATE TABLE hl_tickets (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  desk TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'und',
  probability REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL
    CHECK (status IN ('new', 'routed', 'needs_review', 'answered', 'closed')),
  model TEXT NOT NULL DEFAULT '',
  model_version INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  last_message_at_ms INTEGER NOT NULL,
  closed_at_ms INTEGER
);
CREATE INDEX hl_tickets_by_status ON hl_tickets (status, id);
CREATE INDEX hl_tickets_by_number ON hl_tickets (number, last_message_at_ms);
CREATE TABLE hl_messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES hl_tickets (id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  raw BLOB,
  encoding_error TEXT NOT NULL DEFAULT '',
  gateway TEXT NOT NULL,
  gateway_id TEXT,
  received_at_ms INTEGER NOT NULL,
  UNIQUE (gateway, gateway_id)
);
CREATE INDEX hl_messages_by_ticket ON hl_messages (ticket_id, id);
CREATE INDEX hl_messages_by_number ON hl_messages (number);
CREATE TABLE hl_outbox (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER REFERENCES hl_tickets (id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES hl_messages (id) ON DELETE SET NULL,
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  encoding TEXT NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
  parts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER,
  delivered_at_ms INTEGER
);
CREATE INDEX hl_outbox_due ON hl_outbox (status, next_attempt_at_ms);
CREATE INDEX hl_outbox_by_message ON hl_outbox (message_id);
CREATE INDEX hl_outbox_by_number ON hl_outbox (number);
CREATE TABLE hl_corrections (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER REFERENCES hl_tickets (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  suggested_desk TEXT NOT NULL,
  suggested_probability REAL NOT NULL,
  desk TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
)sql",
    // 8: the knowledge base keeps, per index term, the number of passages holding it
    // (kb_term_passages; the empty term counts every passage), so a search reads a term's
    // document frequency with one B-tree lookup instead of walking its FTS5 posting list; the
    // existing counts come from FTS5's vocabulary. Documents get an optional date (ISO
    // YYYY-MM-DD) and tags, which searches can filter on.
    R"sql(
CREATE TABLE kb_term_passages (
  term TEXT PRIMARY KEY,
  passages INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE kb_vocab_migrate USING fts5vocab(kb_terms, 'row');
INSERT INTO kb_term_passages (term, passages) SELECT term, doc FROM kb_vocab_migrate;
DROP TABLE kb_vocab_migrate;
INSERT INTO kb_term_passages (term, passages) VALUES ('', (SELECT COUNT(*) FROM kb_passages));
ALTER TABLE kb_documents ADD COLUMN date TEXT;
CREATE TABLE kb_document_tags (
  tag TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  PRIMARY KEY (tag, document_id)
) WITHOUT ROWID;
CREATE INDEX kb_document_tags_by_document ON kb_document_tags (document_id);
)sql",
    // 9: federation (store/fed.h, docs/fed.md): the egress ledger (every payload the node
    // sent off the site: time, destination, bytes, BLAKE2b hash, kind), the durable outbox of
    // update chunks (an upload resumes from the first unsent chunk), and the hub's round state.
    R"sql(
CREATE TABLE egress (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  destination TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE INDEX egress_by_time ON egress (time_ms);
CREATE TABLE fed_outbox (
  message_id TEXT NOT NULL,
  chunk_index INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER,
  PRIMARY KEY (message_id, chunk_index)
) WITHOUT ROWID;
CREATE TABLE fed_rounds (
  fleet TEXT NOT NULL,
  round INTEGER NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'empty')),
  chosen INTEGER NOT NULL,
  updates INTEGER NOT NULL DEFAULT 0,
  examples INTEGER NOT NULL DEFAULT 0,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  opened_at_ms INTEGER NOT NULL,
  closed_at_ms INTEGER,
  PRIMARY KEY (fleet, round)
) WITHOUT ROWID;
)sql",
    // 10: phones subscribed to a field's or a station's farm alerts (store/helpline.h,
    // docs/helpline.md): the number, the target (a field or a station, exactly one), the alert
    // kinds wanted and the language of the texts; and, per subscription and kind, the last SMS
    // queued (what it was about and when), for the rate limit and against duplicates.
    // Deleting a field or a station deletes its subscriptions.
    R"sql(
CREATE TABLE hl_subscriptions (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  field_id INTEGER REFERENCES fields (id) ON DELETE CASCADE,
  station_id TEXT REFERENCES stations (id) ON DELETE CASCADE,
  kinds TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK ((field_id IS NULL) <> (station_id IS NULL))
);
CREATE UNIQUE INDEX hl_subscriptions_by_field ON hl_subscriptions (field_id, number)
  WHERE field_id IS NOT NULL;
CREATE UNIQUE INDEX hl_subscriptions_by_station ON hl_subscriptions (station_id, number)
  WHERE station_id IS NOT NULL;
CREATE INDEX hl_subscriptions_by_number ON hl_subscriptions (number);
CREATE TABLE hl_alert_sms (
  subscription_id INTEGER NOT NULL REFERENCES hl_subscriptions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  last_key TEXT NOT NULL,
  last_queued_at_ms INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, kind)
) WITHOUT ROWID;
)sql",
    // 11: the knowledge base's semantic ranker (search/knowledge_base.h, docs/search.md): the
    // subword embeddings learned from its passages (learn/embed.h's file bytes; one row) and
    // each passage's vector (int8, docs/formats/embeddings.md), deleted with its passage.
    R"sql(
CREATE TABLE kb_embedding (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  model BLOB NOT NULL,
  passages INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  trained_at_ms INTEGER NOT NULL
);
CREATE TABLE kb_vectors (
  passage_id INTEGER PRIMARY KEY REFERENCES kb_passages (id) ON DELETE CASCADE,
  vector BLOB NOT NULL
);
)sql",
    // 12: field ids are never reused. fields.id is an INTEGER PRIMARY KEY without
    // AUTOINCREMENT, so after the newest field is deleted SQLite gives its id to the next one,
    // and a client still holding the old id would read or change another field. SQLite adds
    // AUTOINCREMENT only by rebuilding the table, and dropping `fields` inside this
    // transaction, with foreign keys on, would null alerts.field_id and delete the phones'
    // field subscriptions (ON DELETE actions fire on DROP TABLE); a one-row counter of the
    // last id given, which CreateField takes the next id from, keeps every row instead.
    R"sql(
CREATE TABLE field_id_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL
);
INSERT INTO field_id_counter (id, last_id) SELECT 1, COALESCE(MAX(id), 0) FROM fields;
)sql",
    // 13: the helpline's ids are never given twice (AUTOINCREMENT). Without it SQLite reuses
    // the largest ids once their rows are gone, so after an erasure by number (or a deleted
    // subscription) a ticket number already texted to one citizen went to the next, and a late
    // delivery report for an erased SMS landed on another citizen's reply. SQLite cannot add
    // AUTOINCREMENT to a table, so each table is rebuilt: new tables referring to each other,
    // the rows copied with their ids (sqlite_sequence starts after the largest), the old ones
    // dropped children first (with foreign keys on, dropping a parent deletes its rows and
    // cascades to whatever still refers to it), the new ones renamed (which rewrites their
    // references) and the indexes made again. Ids erased before this migration may still be
    // given again once; none after it.
    R"sql(
CREATE TABLE hl_tickets_v13 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL,
  desk TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'und',
  probability REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL
    CHECK (status IN ('new', 'routed', 'needs_review', 'answered', 'closed')),
  model TEXT NOT NULL DEFAULT '',
  model_version INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  last_message_at_ms INTEGER NOT NULL,
  closed_at_ms INTEGER
);
INSERT INTO hl_tickets_v13 (id, number, desk, language, probability, status, model,
                            model_version, created_at_ms, updated_at_ms, last_message_at_ms,
                            closed_at_ms)
  SELECT id, number, desk, language, probability, status, model, model_version, created_at_ms,
         updated_at_ms, last_message_at_ms, closed_at_ms FROM hl_tickets;
CREATE TABLE hl_messages_v13 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES hl_tickets_v13 (id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  raw BLOB,
  encoding_error TEXT NOT NULL DEFAULT '',
  gateway TEXT NOT NULL,
  gateway_id TEXT,
  received_at_ms INTEGER NOT NULL,
  UNIQUE (gateway, gateway_id)
);
INSERT INTO hl_messages_v13 (id, ticket_id, direction, number, text, raw, encoding_error,
                             gateway, gateway_id, received_at_ms)
  SELECT id, ticket_id, direction, number, text, raw, encoding_error, gateway, gateway_id,
         received_at_ms FROM hl_messages;
CREATE TABLE hl_outbox_v13 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER REFERENCES hl_tickets_v13 (id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES hl_messages_v13 (id) ON DELETE SET NULL,
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  encoding TEXT NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
  parts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER,
  delivered_at_ms INTEGER
);
INSERT INTO hl_outbox_v13 (id, ticket_id, message_id, number, text, encoding, parts, status,
                           attempts, next_attempt_at_ms, last_error, created_at_ms, sent_at_ms,
                           delivered_at_ms)
  SELECT id, ticket_id, message_id, number, text, encoding, parts, status, attempts,
         next_attempt_at_ms, last_error, created_at_ms, sent_at_ms, delivered_at_ms
  FROM hl_outbox;
CREATE TABLE hl_corrections_v13 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER REFERENCES hl_tickets_v13 (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  suggested_desk TEXT NOT NULL,
  suggested_probability REAL NOT NULL,
  desk TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
INSERT INTO hl_corrections_v13 (id, ticket_id, text, language, suggested_desk,
                                suggested_probability, desk, created_at_ms)
  SELECT id, ticket_id, text, language, suggested_desk, suggested_probability, desk,
         created_at_ms FROM hl_corrections;
CREATE TABLE hl_subscriptions_v13 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL,
  field_id INTEGER REFERENCES fields (id) ON DELETE CASCADE,
  station_id TEXT REFERENCES stations (id) ON DELETE CASCADE,
  kinds TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK ((field_id IS NULL) <> (station_id IS NULL))
);
INSERT INTO hl_subscriptions_v13 (id, number, field_id, station_id, kinds, language,
                                  created_at_ms, updated_at_ms)
  SELECT id, number, field_id, station_id, kinds, language, created_at_ms, updated_at_ms
  FROM hl_subscriptions;
CREATE TABLE hl_alert_sms_v13 (
  subscription_id INTEGER NOT NULL REFERENCES hl_subscriptions_v13 (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  last_key TEXT NOT NULL,
  last_queued_at_ms INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, kind)
) WITHOUT ROWID;
INSERT INTO hl_alert_sms_v13 (subscription_id, kind, last_key, last_queued_at_ms)
  SELECT subscription_id, kind, last_key, last_queued_at_ms FROM hl_alert_sms;
DROP TABLE hl_alert_sms;
DROP TABLE hl_subscriptions;
DROP TABLE hl_corrections;
DROP TABLE hl_outbox;
DROP TABLE hl_messages;
DROP TABLE hl_tickets;
ALTER TABLE hl_tickets_v13 RENAME TO hl_tickets;
ALTER TABLE hl_messages_v13 RENAME TO hl_messages;
ALTER TABLE hl_outbox_v13 RENAME TO hl_outbox;
ALTER TABLE hl_corrections_v13 RENAME TO hl_corrections;
ALTER TABLE hl_subscriptions_v13 RENAME TO hl_subscriptions;
ALTER TABLE hl_alert_sms_v13 RENAME TO hl_alert_sms;
CREATE INDEX hl_tickets_by_status ON hl_tickets (status, id);
CREATE INDEX hl_tickets_by_number ON hl_tickets (number, last_message_at_ms);
CREATE INDEX hl_messages_by_ticket ON hl_messages (ticket_id, id);
CREATE INDEX hl_messages_by_number ON hl_messages (number);
CREATE INDEX hl_outbox_due ON hl_outbox (status, next_attempt_at_ms);
CREATE INDEX hl_outbox_by_message ON hl_outbox (message_id);
CREATE INDEX hl_outbox_by_number ON hl_outbox (number);
CREATE UNIQUE INDEX hl_subscriptions_by_field ON hl_subscriptions (field_id, number)
  WHERE field_id IS NOT NULL;
CREATE UNIQUE INDEX hl_subscriptions_by_station ON hl_subscriptions (station_id, number)
  WHERE station_id IS NOT NULL;
CREATE INDEX hl_subscriptions_by_number ON hl_subscriptions (number);
)sql",
};

constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Result<int> ReadSchemaVersion(sqlite3* db) {
  LOKA_ASSIGN_OR_RETURN(internal::Stmt st, internal::Stmt::Prepare(db, "PRAGMA user_version"));
  LOKA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Internal("PRAGMA user_version returned no row");
  return static_cast<int>(st.Int(0));
}

Status Migrate(sqlite3* db, int target) {
  if (target < 0 || target > kLatest) return Internal("migration target out of range");
  for (;;) {
    // Read the version inside the write transaction: another process may be migrating too.
    LOKA_ASSIGN_OR_RETURN(internal::Transaction tx, internal::Transaction::Begin(db));
    LOKA_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(db));
    if (version > kLatest) {
      return FailedPrecondition("database schema version " + std::to_string(version) +
                                " is newer than this build of loka understands (" +
                                std::to_string(kLatest) + ")");
    }
    if (version >= target) return Status::Ok();  // nothing to write: the guard rolls back
    LOKA_RETURN_IF_ERROR(internal::Exec(db, kMigrations[version])
                             .WithPrefix("migration " + std::to_string(version + 1)));
    const std::string set = "PRAGMA user_version = " + std::to_string(version + 1);
    LOKA_RETURN_IF_ERROR(internal::Exec(db, set.c_str()));
    LOKA_RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace loka::store
