// The queue_messages table: sending, receiving (visibility), moving, deleting and counting the
// messages of a queue.
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

constexpr const char* kMessageColumns =
    "sequence, queue_id, message_id, receipt_token, sent_at_ms, visible_at_ms, receive_count, "
    "first_received_at_ms, details_json, body";

QueueMessageRow read_message(const Statement& row) {
  QueueMessageRow message;
  message.sequence = row.column_int(0);
  message.queue_id = row.column_int(1);
  message.message_id = row.column_text(2);
  message.receipt_token = row.column_blob(3);
  message.sent_at_ms = row.column_int(4);
  message.visible_at_ms = row.column_int(5);
  message.receive_count = row.column_int(6);
  message.first_received_at_ms = row.column_optional_int(7);
  message.details_json = row.column_text(8);
  message.body = row.column_text(9);
  return message;
}

}  // namespace

Status insert_queue_message(Connection& db, QueueMessageRow& message) {
  auto stmt = db.prepare(
      "INSERT INTO queue_messages (queue_id, message_id, receipt_token, sent_at_ms, "
      "visible_at_ms, receive_count, first_received_at_ms, details_json, body) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "insert_queue_message");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(message.queue_id)
      .bind_text(message.message_id)
      .bind_blob(message.receipt_token)
      .bind_int(message.sent_at_ms)
      .bind_int(message.visible_at_ms)
      .bind_int(message.receive_count)
      .bind_optional_int(message.first_received_at_ms)
      .bind_text(message.details_json)
      .bind_text(message.body);
  if (auto s = stmt->run(); !s) return s;
  message.sequence = sqlite3_last_insert_rowid(db.raw());
  return {};
}

Result<std::vector<QueueMessageRow>> select_receivable_messages(Connection& db, int64_t queue_id,
                                                                int64_t now_ms,
                                                                int64_t retained_since_ms,
                                                                size_t limit) {
  // The ORDER BY is queue_messages_by_visibility's own order (rowid last), so SQLite reads the
  // first `limit` entries of the index range and sorts nothing.
  static const std::string sql = "SELECT " + std::string(kMessageColumns) +
                                 " FROM queue_messages WHERE queue_id = ? AND visible_at_ms <= ? "
                                 "AND sent_at_ms >= ? ORDER BY visible_at_ms, sent_at_ms, "
                                 "sequence LIMIT ?";
  auto stmt = db.prepare(sql, "receivable_queue_messages");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(queue_id).bind_int(now_ms).bind_int(retained_since_ms).bind_int(sql_limit(limit));
  return read_all(*stmt, read_message);
}

Result<std::optional<QueueMessageRow>> select_queue_message(Connection& db, int64_t queue_id,
                                                            const std::string& message_id) {
  static const std::string sql = "SELECT " + std::string(kMessageColumns) +
                                 " FROM queue_messages WHERE message_id = ? AND queue_id = ?";
  auto stmt = db.prepare(sql, "get_queue_message");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(message_id).bind_int(queue_id);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return read_message(*stmt);
}

Result<bool> update_queue_message(Connection& db, const QueueMessageRow& message) {
  auto stmt = db.prepare(
      "UPDATE queue_messages SET queue_id = ?, visible_at_ms = ?, receive_count = ?, "
      "first_received_at_ms = ?, details_json = ? WHERE message_id = ?",
      "update_queue_message");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(message.queue_id)
      .bind_int(message.visible_at_ms)
      .bind_int(message.receive_count)
      .bind_optional_int(message.first_received_at_ms)
      .bind_text(message.details_json)
      .bind_text(message.message_id);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<bool> delete_queue_message(Connection& db, int64_t queue_id, const std::string& message_id) {
  auto stmt = db.prepare("DELETE FROM queue_messages WHERE message_id = ? AND queue_id = ?",
                         "delete_queue_message");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(message_id).bind_int(queue_id);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<int64_t> delete_queue_messages(Connection& db, int64_t queue_id, int64_t sent_before_ms) {
  auto stmt = db.prepare("DELETE FROM queue_messages WHERE queue_id = ? AND sent_at_ms < ?",
                         "delete_queue_messages");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(queue_id).bind_int(sent_before_ms);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes();
}

Result<QueueMessageCounts> count_queue_messages(Connection& db, int64_t queue_id, int64_t now_ms,
                                                int64_t retained_since_ms) {
  auto stmt = db.prepare(
      "SELECT coalesce(sum(visible_at_ms <= ?), 0), "
      "coalesce(sum(visible_at_ms > ? AND receive_count > 0), 0), "
      "coalesce(sum(visible_at_ms > ? AND receive_count = 0), 0) "
      "FROM queue_messages WHERE queue_id = ? AND sent_at_ms >= ?",
      "count_queue_messages");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(now_ms).bind_int(now_ms).bind_int(now_ms).bind_int(queue_id).bind_int(
      retained_since_ms);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  QueueMessageCounts counts;
  if (*row) {
    counts.visible = stmt->column_int(0);
    counts.in_flight = stmt->column_int(1);
    counts.delayed = stmt->column_int(2);
  }
  return counts;
}

Result<std::optional<int64_t>> select_earliest_visibility(Connection& db, int64_t queue_id,
                                                          int64_t retained_since_ms) {
  // ORDER BY ... LIMIT 1 rather than min(): it walks queue_messages_by_visibility in order and
  // stops at the first retained message.
  auto stmt = db.prepare(
      "SELECT visible_at_ms FROM queue_messages WHERE queue_id = ? AND sent_at_ms >= ? "
      "ORDER BY visible_at_ms LIMIT 1",
      "earliest_queue_visibility");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(queue_id).bind_int(retained_since_ms);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return stmt->column_int(0);
}

}  // namespace certflow::store::sqlite
