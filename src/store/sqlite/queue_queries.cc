// The queues table: one row per queue, its settings and tags as the queue room's JSON.
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

constexpr const char* kQueueColumns =
    "id, name, arn, created_at_ms, modified_at_ms, settings_json, tags_json";

QueueRow read_queue(const Statement& row) {
  return QueueRow{row.column_int(0),  row.column_text(1), row.column_text(2), row.column_text(5),
                  row.column_text(6), row.column_int(3),  row.column_int(4)};
}

}  // namespace

Result<std::optional<QueueRow>> select_queue(Connection& db, const std::string& name) {
  static const std::string sql =
      "SELECT " + std::string(kQueueColumns) + " FROM queues WHERE name = ?";
  auto stmt = db.prepare(sql, "get_queue");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(name);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return read_queue(*stmt);
}

Result<std::vector<QueueRow>> select_queues(Connection& db, const QueueListRequest& request) {
  // substr() rather than LIKE: queue names may hold '_', which LIKE treats as a wildcard.
  static const std::string sql = "SELECT " + std::string(kQueueColumns) +
                                 " FROM queues WHERE substr(name, 1, ?) = ? AND name > ? "
                                 "ORDER BY name LIMIT ?";
  auto stmt = db.prepare(sql, "list_queues");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(static_cast<int64_t>(request.name_prefix.size()))
      .bind_text(request.name_prefix)
      .bind_text(request.start_after.value_or(""))
      .bind_int(sql_limit(request.limit));
  return read_all(*stmt, read_queue);
}

Status insert_queue(Connection& db, QueueRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO queues (name, arn, created_at_ms, modified_at_ms, settings_json, tags_json) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
      "insert_queue");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.name)
      .bind_text(row.arn)
      .bind_int(row.created_at_ms)
      .bind_int(row.modified_at_ms)
      .bind_text(row.settings_json)
      .bind_text(row.tags_json);
  if (auto s = stmt->run(); !s) return s;
  if (stmt->changes() == 0) {
    return fail(ErrorCode::kConflict, "store: a queue named " + row.name + " exists already");
  }
  row.id = sqlite3_last_insert_rowid(db.raw());
  return {};
}

Result<bool> update_queue(Connection& db, const QueueRow& row) {
  auto stmt = db.prepare(
      "UPDATE queues SET settings_json = ?, tags_json = ?, modified_at_ms = ? WHERE id = ?",
      "update_queue");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.settings_json)
      .bind_text(row.tags_json)
      .bind_int(row.modified_at_ms)
      .bind_int(row.id);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<bool> delete_queue(Connection& db, const std::string& name) {
  // The messages go with the row through ON DELETE CASCADE (foreign_keys is on for the writer).
  auto stmt = db.prepare("DELETE FROM queues WHERE name = ?", "delete_queue");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(name);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

}  // namespace certflow::store::sqlite
