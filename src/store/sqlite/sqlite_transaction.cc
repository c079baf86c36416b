#include "store/sqlite/queries.h"
#include "store/sqlite/sqlite_store.h"

namespace certflow::store::sqlite {
namespace {

Status run_sql(Connection& db, std::string_view sql, std::string_view operation) {
  auto stmt = db.prepare(sql, operation);
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->run();
}

}  // namespace

SqliteTransaction::~SqliteTransaction() {
  Connection& db = *writer_->connection;
  if (!db.autocommit()) {
    // Nothing to report to: a failed rollback surfaces at the next begin().
    (void)run_sql(db, "ROLLBACK", "roll back transaction");
  }
  writer_->gate.leave();
}

Status SqliteTransaction::usable() {
  if (finished_) return fail(ErrorCode::kInternal, "store: transaction already finished");
  if (writer_->connection->autocommit()) {
    // SQLite rolls a transaction back by itself after some errors (I/O, full disk). Carrying on
    // would run later statements in autocommit mode, each durable on its own: refuse instead.
    finished_ = true;
    return fail(ErrorCode::kInternal, "store: transaction was rolled back after an earlier error");
  }
  return {};
}

Result<std::optional<CertificateRow>> SqliteTransaction::get_certificate(const std::string& arn) {
  return run([&](Connection& db) { return select_certificate(db, arn); });
}

Status SqliteTransaction::put_certificate(const CertificateRow& row) {
  return run([&](Connection& db) { return upsert_certificate(db, row); });
}

Result<bool> SqliteTransaction::delete_certificate(const std::string& arn) {
  return run([&](Connection& db) { return sqlite::delete_certificate(db, arn); });
}

Result<std::vector<Tag>> SqliteTransaction::get_tags(const std::string& arn) {
  return run([&](Connection& db) { return select_tags(db, arn); });
}

Status SqliteTransaction::put_tags(const std::string& arn, const std::vector<Tag>& tags) {
  return run([&](Connection& db) { return replace_tags(db, arn, tags); });
}

Result<AccountConfig> SqliteTransaction::get_account_config() {
  return run([&](Connection& db) { return select_account_config(db); });
}

Status SqliteTransaction::put_account_config(const AccountConfig& config) {
  return run([&](Connection& db) { return upsert_account_config(db, config); });
}

Result<std::optional<IdempotencyRecord>> SqliteTransaction::get_idempotency(
    const std::string& scope, const std::string& token, int64_t now_ms) {
  return run([&](Connection& db) { return select_idempotency(db, scope, token, now_ms); });
}

Status SqliteTransaction::put_idempotency(const IdempotencyRecord& record) {
  return run([&](Connection& db) { return upsert_idempotency(db, record); });
}

Status SqliteTransaction::put_access_key(const AccessKeyRow& row) {
  return run([&](Connection& db) { return upsert_access_key(db, row); });
}

Result<bool> SqliteTransaction::update_certificate_lifecycle(const CertificateRow& row) {
  return run([&](Connection& db) { return update_lifecycle_columns(db, row); });
}

Result<bool> SqliteTransaction::append_event(EventRecord& event) {
  return run([&](Connection& db) { return insert_event(db, event); });
}

Result<std::vector<CertificateRow>> SqliteTransaction::list_issued_expiring(
    const ExpiryRange& range) {
  return run([&](Connection& db) { return select_issued_expiring(db, range); });
}

Result<LifecycleState> SqliteTransaction::get_lifecycle_state() {
  return run([&](Connection& db) { return select_lifecycle_state(db); });
}

Status SqliteTransaction::put_lifecycle_state(const LifecycleState& state) {
  return run([&](Connection& db) { return upsert_lifecycle_state(db, state); });
}

Result<std::optional<QueueRow>> SqliteTransaction::get_queue(const std::string& name) {
  return run([&](Connection& db) { return select_queue(db, name); });
}

Status SqliteTransaction::insert_queue(QueueRow& row) {
  return run([&](Connection& db) { return sqlite::insert_queue(db, row); });
}

Result<bool> SqliteTransaction::update_queue(const QueueRow& row) {
  return run([&](Connection& db) { return sqlite::update_queue(db, row); });
}

Result<bool> SqliteTransaction::delete_queue(const std::string& name) {
  return run([&](Connection& db) { return sqlite::delete_queue(db, name); });
}

Status SqliteTransaction::insert_queue_message(QueueMessageRow& message) {
  return run([&](Connection& db) { return sqlite::insert_queue_message(db, message); });
}

Result<std::vector<QueueMessageRow>> SqliteTransaction::receivable_queue_messages(
    int64_t queue_id, int64_t now_ms, int64_t retained_since_ms, size_t limit) {
  return run([&](Connection& db) {
    return select_receivable_messages(db, queue_id, now_ms, retained_since_ms, limit);
  });
}

Result<std::optional<QueueMessageRow>> SqliteTransaction::get_queue_message(
    int64_t queue_id, const std::string& message_id) {
  return run([&](Connection& db) { return select_queue_message(db, queue_id, message_id); });
}

Result<bool> SqliteTransaction::update_queue_message(const QueueMessageRow& message) {
  return run([&](Connection& db) { return sqlite::update_queue_message(db, message); });
}

Result<bool> SqliteTransaction::delete_queue_message(int64_t queue_id,
                                                     const std::string& message_id) {
  return run(
      [&](Connection& db) { return sqlite::delete_queue_message(db, queue_id, message_id); });
}

Result<int64_t> SqliteTransaction::delete_queue_messages(int64_t queue_id, int64_t sent_before_ms) {
  return run(
      [&](Connection& db) { return sqlite::delete_queue_messages(db, queue_id, sent_before_ms); });
}

Status SqliteTransaction::commit() {
  if (auto s = usable(); !s) return s;
  finished_ = true;
  // synchronous=FULL on the writer: COMMIT returns after the WAL is fsynced.
  // A failed COMMIT leaves the transaction open; the destructor rolls it back.
  return run_sql(*writer_->connection, "COMMIT", "commit");
}

Result<std::unique_ptr<Transaction>> SqliteStore::begin() {
  if (!writer_->gate.enter(writer_->gate_timeout)) {
    return fail(ErrorCode::kServiceUnavailable,
                "store: begin timed out waiting for the write transaction in progress");
  }
  if (auto s = run_sql(*writer_->connection, "BEGIN IMMEDIATE", "begin"); !s) {
    writer_->gate.leave();
    return tl::unexpected(s.error());
  }
  return std::make_unique<SqliteTransaction>(writer_);
}

}  // namespace certflow::store::sqlite
