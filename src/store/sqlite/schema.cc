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

Status migrate(Connection& writer) {
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
