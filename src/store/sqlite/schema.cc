#include "store/sqlite/schema.h"

#include <iterator>
#include <string>

namespace certflow::store::sqlite {
namespace {

// Append only: never edit a migration that has shipped; add a new one instead.
constexpr const char* kMigrations[] = {
    // 1: initial schema.
    // certificates: summary columns first and the large material last, so list queries (which
    // never select the material) stop decoding each record before its overflow pages.
    // key_usages/extended_key_usages hold ",A,B," so "every listed usage present" is
    // instr(column, ',A,') > 0 per usage, evaluated in SQL.
    // certificates_by_created orders the list by (created_at_ms, arn) and also carries every
    // filtered column, so a filter is evaluated on the index entry and only matching rows are
    // read from the table (rows are KBs; entries ~200 bytes): a rarely-matching filter over a
    // million certificates walks the index, not the table.
    R"sql(
CREATE TABLE certificates (
  arn TEXT NOT NULL PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  domain_name TEXT NOT NULL,
  key_algorithm TEXT NOT NULL,
  key_usages TEXT NOT NULL,
  extended_key_usages TEXT NOT NULL,
  export_option TEXT NOT NULL,
  in_use INTEGER NOT NULL,
  exported INTEGER NOT NULL,
  not_before_ms INTEGER NOT NULL,
  not_after_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  imported_at_ms INTEGER,
  issued_at_ms INTEGER,
  version INTEGER NOT NULL,
  details_json TEXT NOT NULL,
  certificate_pem TEXT NOT NULL,
  chain_pem TEXT NOT NULL,
  key_wrapped_data_key BLOB NOT NULL,
  key_ciphertext BLOB NOT NULL
);
CREATE INDEX certificates_by_created ON certificates (created_at_ms, arn, status, not_after_ms,
  key_algorithm, export_option, key_usages, extended_key_usages);

CREATE TABLE tags (
  arn TEXT NOT NULL REFERENCES certificates (arn) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (arn, position)
) WITHOUT ROWID;

CREATE TABLE account_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  days_before_expiry INTEGER NOT NULL
);

CREATE TABLE idempotency (
  scope TEXT NOT NULL,
  token TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  response TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, token)
);

CREATE TABLE access_keys (
  access_key_id TEXT NOT NULL PRIMARY KEY,
  user_name TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  secret_wrapped_data_key BLOB NOT NULL,
  secret_ciphertext BLOB NOT NULL
);
)sql",
    // 2: the lifecycle engine. The certificates table is rebuilt (SQLite's documented
    // create-copy-drop-rename) so the renewal columns sit with the summary, before the material.
    // certificates_by_expiry serves every lifecycle read: "ISSUED with NotAfter in a range"; it
    // carries the timeline's columns so the forecast reads the index alone.
    // events is the outbox: sequence orders it, dedup_key makes each occurrence exactly-once.
    // Every index on it takes keys in time order (time-ordered ids, occurrence-first dedup keys)
    // so a day's 50,000 events append at the indexes' ends. There is deliberately no index by
    // resource (its random keys made each day's writes several times larger) nor by time (reads
    // go in sequence order, which is time order for the lifecycle's events).
    R"sql(
CREATE TABLE certificates_v2 (
  arn TEXT NOT NULL PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  domain_name TEXT NOT NULL,
  key_algorithm TEXT NOT NULL,
  key_usages TEXT NOT NULL,
  extended_key_usages TEXT NOT NULL,
  export_option TEXT NOT NULL,
  in_use INTEGER NOT NULL,
  exported INTEGER NOT NULL,
  not_before_ms INTEGER NOT NULL,
  not_after_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  imported_at_ms INTEGER,
  issued_at_ms INTEGER,
  version INTEGER NOT NULL,
  details_json TEXT NOT NULL,
  renewal_status TEXT NOT NULL,
  renewal_status_reason TEXT NOT NULL,
  renewal_updated_at_ms INTEGER,
  renewal_attempt_days INTEGER NOT NULL,
  certificate_pem TEXT NOT NULL,
  chain_pem TEXT NOT NULL,
  key_wrapped_data_key BLOB NOT NULL,
  key_ciphertext BLOB NOT NULL
);
INSERT INTO certificates_v2 SELECT arn, type, status, domain_name, key_algorithm, key_usages,
  extended_key_usages, export_option, in_use, exported, not_before_ms, not_after_ms,
  created_at_ms, imported_at_ms, issued_at_ms, version, details_json, '', '', NULL, 0,
  certificate_pem, chain_pem, key_wrapped_data_key, key_ciphertext FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_v2 RENAME TO certificates;
CREATE INDEX certificates_by_created ON certificates (created_at_ms, arn, status, not_after_ms,
  key_algorithm, export_option, key_usages, extended_key_usages);
CREATE INDEX certificates_by_expiry ON certificates (status, not_after_ms, arn, type,
  not_before_ms, in_use, exported, renewal_attempt_days, domain_name);

ALTER TABLE account_config ADD COLUMN expiry_lifetime_percent INTEGER NOT NULL DEFAULT 0;

CREATE TABLE events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  dedup_key TEXT NOT NULL UNIQUE,
  detail_type TEXT NOT NULL,
  resource TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);

CREATE TABLE lifecycle_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_evaluated_day INTEGER,
  simulated_now_ms INTEGER
);
)sql",
    // 3: the SQS-compatible queues. AUTOINCREMENT so a deleted queue's id is never reused.
    // Messages keep their large body last. queue_messages_by_visibility serves receives (visible
    // messages, longest visible first) and the long poll's "when does the next one become
    // visible"; queue_messages_by_sent serves retention (drop what was sent too long ago).
    R"sql(
CREATE TABLE queues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  modified_at_ms INTEGER NOT NULL,
  settings_json TEXT NOT NULL,
  tags_json TEXT NOT NULL
);

CREATE TABLE queue_messages (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  queue_id INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL UNIQUE,
  receipt_token BLOB NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  visible_at_ms INTEGER NOT NULL,
  receive_count INTEGER NOT NULL,
  first_received_at_ms INTEGER,
  details_json TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX queue_messages_by_visibility ON queue_messages (queue_id, visible_at_ms, sent_at_ms);
CREATE INDEX queue_messages_by_sent ON queue_messages (queue_id, sent_at_ms);
)sql",
    // 4: the event bus. events gains the bus it was put on; deliveries is the durable delivery
    // queue (due order by next_attempt_ms); targets go with their rule.
    R"sql(
ALTER TABLE events ADD COLUMN event_bus TEXT NOT NULL DEFAULT 'default';

CREATE TABLE event_buses (
  name TEXT NOT NULL PRIMARY KEY,
  arn TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE rules (
  bus TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  state TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (bus, name)
) WITHOUT ROWID;

CREATE TABLE targets (
  bus TEXT NOT NULL,
  rule TEXT NOT NULL,
  id TEXT NOT NULL,
  arn TEXT NOT NULL,
  details_json TEXT NOT NULL,
  PRIMARY KEY (bus, rule, id),
  FOREIGN KEY (bus, rule) REFERENCES rules (bus, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX targets_by_arn ON targets (arn);

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  bus TEXT NOT NULL,
  rule TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_arn TEXT NOT NULL,
  event_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  details_json TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  ingested_at_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_ms, id);

CREATE TABLE router_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  routed_sequence INTEGER NOT NULL
);

CREATE TABLE metrics (
  bus TEXT NOT NULL,
  rule TEXT NOT NULL,
  target_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (bus, rule, target_id, name)
) WITHOUT ROWID;
)sql",

    // 5: the rest of the event-bus world: connections, API destinations and functions (one
    // keyed table: their settings are their rooms' JSON), tags of bus resources, log groups'
    // records (rule + sequence index for `certflow events tail --rule`), and when each
    // scheduled rule last fired.
    R"sql(
CREATE TABLE bus_resources (
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  modified_at_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, name)
) WITHOUT ROWID;

CREATE TABLE resource_tags (
  arn TEXT NOT NULL,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (arn, position)
) WITHOUT ROWID;

CREATE TABLE log_records (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  log_group TEXT NOT NULL,
  rule TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX log_records_by_rule ON log_records (rule, sequence);
CREATE INDEX log_records_by_group ON log_records (log_group, sequence);

CREATE TABLE schedule_state (
  bus TEXT NOT NULL,
  rule TEXT NOT NULL,
  fired_ms INTEGER NOT NULL,
  PRIMARY KEY (bus, rule),
  FOREIGN KEY (bus, rule) REFERENCES rules (bus, name) ON DELETE CASCADE
) WITHOUT ROWID;
)sql",

    // 6: the notification topics' durable fan-out queue. A message row is kept while any of its
    // deliveries is; the message's body (sealed when the topic is encrypted) is stored once, not
    // per subscription. topic_deliveries_due serves the due read (same shape as deliveries_due);
    // topic_deliveries_by_message finds a message's remaining deliveries when one goes;
    // topic_deliveries_by_subscription serves unsubscribe and topic deletion, which delete by
    // subscription ARN prefix as a range (>= prefix, < its successor) on this index.
    R"sql(
CREATE TABLE topic_messages (
  message_id TEXT PRIMARY KEY,
  topic_arn TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  body BLOB NOT NULL
);

CREATE TABLE topic_deliveries (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES topic_messages (message_id),
  subscription_arn TEXT NOT NULL,
  details_json TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL
);
CREATE INDEX topic_deliveries_due ON topic_deliveries (next_attempt_ms, id);
CREATE INDEX topic_deliveries_by_message ON topic_deliveries (message_id);
CREATE INDEX topic_deliveries_by_subscription ON topic_deliveries (subscription_arn);
)sql",
};

constexpr int64_t kVersion = static_cast<int64_t>(std::size(kMigrations));

Result<int64_t> read_user_version(Connection& db) {
  auto stmt = db.prepare("PRAGMA user_version", "read schema version");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

Status apply(Connection& db, int64_t version) {
  if (auto s = db.exec("BEGIN IMMEDIATE", "begin migration"); !s) return s;
  auto failed = [&](Status s) {
    // Best effort (SQLite may already have rolled back): the first error is the news.
    (void)db.exec("ROLLBACK", "roll back migration");
    return s;
  };
  // Re-check under the write lock: another process may have migrated meanwhile.
  auto current = read_user_version(db);
  if (!current) return failed(tl::unexpected(current.error()));
  if (*current >= version) return db.exec("COMMIT", "commit migration");
  if (auto s = db.exec(kMigrations[version - 1], "apply migration"); !s) return failed(s);
  // PRAGMA takes no parameters; version is our own integer, not outside input.
  const std::string bump = "PRAGMA user_version = " + std::to_string(version);
  if (auto s = db.exec(bump.c_str(), "record schema version"); !s) return failed(s);
  return db.exec("COMMIT", "commit migration");
}

}  // namespace

int64_t schema_version() { return kVersion; }

Status migrate_all(Connection& writer);

Status migrate(Connection& writer) {
  // A rebuild migration drops and recreates a parent table; with foreign keys on, the drop would
  // cascade to the children. The pragma only takes effect outside a transaction, so it is turned
  // off around all migrations and checked afterwards.
  if (auto s = writer.exec("PRAGMA foreign_keys = OFF", "migrate: foreign keys off"); !s) return s;
  auto status = migrate_all(writer);
  if (auto s = writer.exec("PRAGMA foreign_keys = ON", "migrate: foreign keys on"); !s) return s;
  if (!status) return status;
  auto violation = writer.query_text("PRAGMA foreign_key_check", "migrate: foreign key check");
  if (!violation) return tl::unexpected(violation.error());
  if (!violation->empty()) {
    return fail(ErrorCode::kInternal,
                "store: migration left a foreign key violation in " + *violation);
  }
  return {};
}

Status migrate_all(Connection& writer) {
  auto current = read_user_version(writer);
  if (!current) return tl::unexpected(current.error());
  if (*current > kVersion) {
    return fail(ErrorCode::kInternal, "store: database schema version " + std::to_string(*current) +
                                          " is newer than this build (" + std::to_string(kVersion) +
                                          ")");
  }
  for (int64_t version = *current + 1; version <= kVersion; ++version) {
    if (auto s = apply(writer, version); !s) return s;
  }
  return {};
}

}  // namespace certflow::store::sqlite
