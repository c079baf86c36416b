#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

constexpr std::string_view kAccessKeyColumns =
    "access_key_id, user_name, status, created_at_ms, secret_wrapped_data_key, secret_ciphertext";

AccessKeyRow read_access_key(const Statement& stmt) {
  AccessKeyRow row;
  row.access_key_id = stmt.column_text(0);
  row.user_name = stmt.column_text(1);
  row.status = stmt.column_text(2);
  row.created_at_ms = stmt.column_int(3);
  row.secret_wrapped_data_key = stmt.column_blob(4);
  row.secret_ciphertext = stmt.column_blob(5);
  return row;
}

}  // namespace

Result<AccountConfig> select_account_config(Connection& db) {
  auto stmt = db.prepare(
      "SELECT days_before_expiry, expiry_lifetime_percent FROM account_config WHERE id = 1",
      "get_account_config");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  AccountConfig config;  // defaults until someone stores a configuration
  if (*row) {
    config.days_before_expiry = static_cast<int>(stmt->column_int(0));
    config.expiry_lifetime_percent = static_cast<int>(stmt->column_int(1));
  }
  return config;
}

Status upsert_account_config(Connection& db, const AccountConfig& config) {
  auto stmt = db.prepare(
      "INSERT INTO account_config (id, days_before_expiry, expiry_lifetime_percent) "
      "VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "days_before_expiry = excluded.days_before_expiry, "
      "expiry_lifetime_percent = excluded.expiry_lifetime_percent",
      "put_account_config");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_int(config.days_before_expiry).bind_int(config.expiry_lifetime_percent).run();
}

Result<std::optional<IdempotencyRecord>> select_idempotency(Connection& db,
                                                            const std::string& scope,
                                                            const std::string& token,
                                                            int64_t now_ms) {
  auto stmt = db.prepare(
      "SELECT fingerprint, response, expires_at_ms FROM idempotency "
      "WHERE scope = ? AND token = ? AND expires_at_ms > ?",
      "get_idempotency");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(scope).bind_text(token).bind_int(now_ms);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return IdempotencyRecord{scope, token, stmt->column_text(0), stmt->column_text(1),
                           stmt->column_int(2)};
}

Status upsert_idempotency(Connection& db, const IdempotencyRecord& record) {
  // Replacing is right: callers only put after get found nothing live for (scope, token).
  auto stmt = db.prepare(
      "INSERT INTO idempotency (scope, token, fingerprint, response, expires_at_ms) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, token) DO UPDATE SET "
      "fingerprint = excluded.fingerprint, response = excluded.response, "
      "expires_at_ms = excluded.expires_at_ms",
      "put_idempotency");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(record.scope)
      .bind_text(record.token)
      .bind_text(record.fingerprint)
      .bind_text(record.response)
      .bind_int(record.expires_at_ms);
  return stmt->run();
}

Status upsert_access_key(Connection& db, const AccessKeyRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO access_keys (access_key_id, user_name, status, created_at_ms, "
      "secret_wrapped_data_key, secret_ciphertext) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (access_key_id) DO UPDATE SET user_name = excluded.user_name, "
      "status = excluded.status, created_at_ms = excluded.created_at_ms, "
      "secret_wrapped_data_key = excluded.secret_wrapped_data_key, "
      "secret_ciphertext = excluded.secret_ciphertext",
      "put_access_key");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.access_key_id)
      .bind_text(row.user_name)
      .bind_text(row.status)
      .bind_int(row.created_at_ms)
      .bind_blob(row.secret_wrapped_data_key)
      .bind_blob(row.secret_ciphertext);
  return stmt->run();
}

Result<std::optional<AccessKeyRow>> select_access_key(Connection& db,
                                                      const std::string& access_key_id) {
  static const std::string sql =
      "SELECT " + std::string(kAccessKeyColumns) + " FROM access_keys WHERE access_key_id = ?";
  auto stmt = db.prepare(sql, "get_access_key");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(access_key_id);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return read_access_key(*stmt);
}

Result<std::vector<AccessKeyRow>> select_access_keys(Connection& db) {
  static const std::string sql = "SELECT " + std::string(kAccessKeyColumns) +
                                 " FROM access_keys ORDER BY created_at_ms, access_key_id";
  auto stmt = db.prepare(sql, "list_access_keys");
  if (!stmt) return tl::unexpected(stmt.error());
  return read_all(*stmt, read_access_key);
}

}  // namespace certflow::store::sqlite
