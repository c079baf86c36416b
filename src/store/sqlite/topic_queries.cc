// The notification topics' tables: published messages and their durable fan-out queue, one
// delivery per (message, subscription). A message row goes with its last delivery.
#include <set>

#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

constexpr const char* kDueColumns =
    "d.id, d.message_id, d.subscription_arn, d.details_json, d.attempts, d.created_at_ms, "
    "d.next_attempt_ms, m.topic_arn, m.body";

TopicDeliveryRow read_due_delivery(const Statement& row) {
  TopicDeliveryRow delivery;
  delivery.id = row.column_int(0);
  delivery.message_id = row.column_text(1);
  delivery.subscription_arn = row.column_text(2);
  delivery.details_json = row.column_text(3);
  delivery.attempts = row.column_int(4);
  delivery.created_at_ms = row.column_int(5);
  delivery.next_attempt_ms = row.column_int(6);
  delivery.topic_arn = row.column_text(7);
  delivery.message_body = row.column_blob(8);
  return delivery;
}

// The smallest string greater than every string that starts with prefix (SQLite compares TEXT
// bytewise): the last byte that can grow grows, and what follows it goes. nullopt when no such
// string exists (an empty prefix, or only 0xff bytes): every string from prefix on matches.
std::optional<std::string> prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    const auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::nullopt;
}

// Deletes the message unless a delivery still refers to it.
Status delete_message_if_unreferenced(Connection& db, const std::string& message_id) {
  auto stmt = db.prepare(
      "DELETE FROM topic_messages WHERE message_id = ? AND NOT EXISTS "
      "(SELECT 1 FROM topic_deliveries WHERE message_id = ?)",
      "delete_topic_message");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(message_id).bind_text(message_id).run();
}

// Steps a DELETE ... RETURNING message_id to the end, collecting the distinct message ids.
Result<std::set<std::string>> deleted_message_ids(Statement& stmt, int64_t& deleted) {
  std::set<std::string> ids;
  deleted = 0;
  for (;;) {
    auto row = stmt.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return ids;
    ++deleted;
    ids.insert(stmt.column_text(0));
  }
}

}  // namespace

Status insert_topic_message(Connection& db, const TopicMessageRow& message) {
  auto stmt = db.prepare(
      "INSERT INTO topic_messages (message_id, topic_arn, created_at_ms, body) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING",
      "insert_topic_message");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(message.message_id)
      .bind_text(message.topic_arn)
      .bind_int(message.created_at_ms)
      .bind_blob(message.body);
  if (auto s = stmt->run(); !s) return s;
  if (stmt->changes() == 0) {
    return fail(ErrorCode::kConflict,
                "store: a topic message with id " + message.message_id + " exists already");
  }
  return {};
}

Status insert_topic_delivery(Connection& db, TopicDeliveryRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO topic_deliveries (message_id, subscription_arn, details_json, attempts, "
      "created_at_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?)",
      "insert_topic_delivery");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.message_id)
      .bind_text(row.subscription_arn)
      .bind_text(row.details_json)
      .bind_int(row.attempts)
      .bind_int(row.created_at_ms)
      .bind_int(row.next_attempt_ms);
  if (auto s = stmt->run(); !s) return s;
  row.id = sqlite3_last_insert_rowid(db.raw());
  return {};
}

Result<bool> update_topic_delivery(Connection& db, const TopicDeliveryRow& row) {
  auto stmt = db.prepare(
      "UPDATE topic_deliveries SET attempts = ?, next_attempt_ms = ?, details_json = ? "
      "WHERE id = ?",
      "update_topic_delivery");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(row.attempts)
      .bind_int(row.next_attempt_ms)
      .bind_text(row.details_json)
      .bind_int(row.id);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<bool> delete_topic_delivery(Connection& db, int64_t id) {
  std::string message_id;
  {
    // Scoped: the statement must be reset before the next one runs on this connection.
    auto stmt = db.prepare("DELETE FROM topic_deliveries WHERE id = ? RETURNING message_id",
                           "delete_topic_delivery");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind_int(id);
    int64_t deleted = 0;
    auto ids = deleted_message_ids(*stmt, deleted);
    if (!ids) return tl::unexpected(ids.error());
    if (ids->empty()) return false;
    message_id = *ids->begin();
  }
  if (auto s = delete_message_if_unreferenced(db, message_id); !s) return tl::unexpected(s.error());
  return true;
}

Result<int64_t> delete_topic_deliveries(Connection& db, const std::string& prefix) {
  // A range on topic_deliveries_by_subscription rather than LIKE: the index serves it, and the
  // '%' and '_' an ARN may hold stay literal.
  const auto successor = prefix_successor(prefix);
  int64_t deleted = 0;
  std::set<std::string> message_ids;
  {
    auto stmt = successor ? db.prepare(
                                "DELETE FROM topic_deliveries WHERE subscription_arn >= ? AND "
                                "subscription_arn < ? RETURNING message_id",
                                "delete_topic_deliveries")
                          : db.prepare(
                                "DELETE FROM topic_deliveries WHERE subscription_arn >= ? "
                                "RETURNING message_id",
                                "delete_topic_deliveries");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind_text(prefix);
    if (successor) stmt->bind_text(*successor);
    auto ids = deleted_message_ids(*stmt, deleted);
    if (!ids) return tl::unexpected(ids.error());
    message_ids = std::move(*ids);
  }
  for (const auto& message_id : message_ids) {
    if (auto s = delete_message_if_unreferenced(db, message_id); !s) {
      return tl::unexpected(s.error());
    }
  }
  return deleted;
}

const std::string& due_topic_deliveries_sql() {
  // CROSS JOIN keeps topic_deliveries the outer loop, walked in topic_deliveries_due order, so
  // SQLite reads the first `limit` due entries and looks each message up by its key.
  static const std::string sql =
      std::string("SELECT ") + kDueColumns +
      " FROM topic_deliveries d CROSS JOIN topic_messages m ON m.message_id = d.message_id "
      "WHERE d.next_attempt_ms <= ? ORDER BY d.next_attempt_ms, d.id LIMIT ?";
  return sql;
}

Result<std::vector<TopicDeliveryRow>> select_due_topic_deliveries(Connection& db, int64_t now_ms,
                                                                  size_t limit) {
  auto stmt = db.prepare(due_topic_deliveries_sql(), "due_topic_deliveries");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(now_ms).bind_int(page_limit(limit));
  return read_all(*stmt, read_due_delivery);
}

Result<std::optional<int64_t>> select_next_topic_delivery_time(Connection& db) {
  auto stmt =
      db.prepare("SELECT min(next_attempt_ms) FROM topic_deliveries", "next_topic_delivery_time");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return stmt->column_optional_int(0);
}

Result<int64_t> count_topic_deliveries(Connection& db) {
  auto stmt = db.prepare("SELECT count(*) FROM topic_deliveries", "count_topic_deliveries");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

}  // namespace certflow::store::sqlite
