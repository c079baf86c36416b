// The bus world's other tables: named resources (connections, API destinations, functions), log
// groups' records, scheduled rules' last firing, and outbox retention.
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

constexpr const char* kResourceColumns =
    "kind, name, arn, details_json, created_at_ms, modified_at_ms";

ResourceRow read_resource(const Statement& row) {
  return {row.column_text(0), row.column_text(1), row.column_text(2),
          row.column_text(3), row.column_int(4),  row.column_int(5)};
}

LogRecordRow read_log_record(const Statement& row) {
  return {row.column_int(0), row.column_text(1), row.column_text(2),
          row.column_int(3), row.column_text(4), row.column_text(5)};
}

}  // namespace

Result<std::optional<ResourceRow>> select_resource(Connection& db, const std::string& kind,
                                                   const std::string& name) {
  static const std::string sql =
      std::string("SELECT ") + kResourceColumns + " FROM bus_resources WHERE kind = ? AND name = ?";
  auto stmt = db.prepare(sql, "get_resource");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(kind).bind_text(name);
  auto rows = read_all(*stmt, read_resource);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

Result<std::vector<ResourceRow>> select_resources(Connection& db,
                                                  const ResourceListRequest& request) {
  static const std::string sql = std::string("SELECT ") + kResourceColumns +
                                 " FROM bus_resources WHERE kind = ? AND name LIKE ? ESCAPE '\\' "
                                 "AND name > ? ORDER BY name LIMIT ?";
  auto stmt = db.prepare(sql, "list_resources");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(request.kind)
      .bind_text(like_prefix(request.name_prefix))
      .bind_text(request.start_after.value_or(""))
      .bind_int(page_limit(request.limit));
  return read_all(*stmt, read_resource);
}

Status upsert_resource(Connection& db, const ResourceRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO bus_resources (kind, name, arn, details_json, created_at_ms, modified_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO UPDATE SET arn = excluded.arn, "
      "details_json = excluded.details_json, modified_at_ms = excluded.modified_at_ms",
      "put_resource");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(row.kind)
      .bind_text(row.name)
      .bind_text(row.arn)
      .bind_text(row.details_json)
      .bind_int(row.created_at_ms)
      .bind_int(row.modified_at_ms)
      .run();
}

Result<bool> delete_resource(Connection& db, const std::string& kind, const std::string& name) {
  auto stmt =
      db.prepare("DELETE FROM bus_resources WHERE kind = ? AND name = ?", "delete_resource");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(kind).bind_text(name);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Status insert_log_record(Connection& db, LogRecordRow& record) {
  auto stmt = db.prepare(
      "INSERT INTO log_records (log_group, rule, time_ms, event_id, message) "
      "VALUES (?, ?, ?, ?, ?)",
      "append_log_record");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(record.log_group)
      .bind_text(record.rule)
      .bind_int(record.time_ms)
      .bind_text(record.event_id)
      .bind_text(record.message);
  if (auto s = stmt->run(); !s) return s;
  record.sequence = sqlite3_last_insert_rowid(db.raw());
  return {};
}

Result<std::vector<LogRecordRow>> select_log_records(Connection& db, const LogQuery& query) {
  // Each filter has its own index (rule, sequence) / (log_group, sequence); the OR-with-NULL
  // form would hide them from the planner, so the statement is chosen by the filter given.
  std::string sql =
      "SELECT sequence, log_group, rule, time_ms, event_id, message FROM log_records "
      "WHERE sequence > ?";
  if (query.rule) sql += " AND rule = ?";
  if (query.log_group) sql += " AND log_group = ?";
  sql += " ORDER BY sequence LIMIT ?";
  auto stmt = db.prepare(sql, "list_log_records");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(query.after_sequence);
  if (query.rule) stmt->bind_text(*query.rule);
  if (query.log_group) stmt->bind_text(*query.log_group);
  stmt->bind_int(page_limit(query.limit));
  return read_all(*stmt, read_log_record);
}

Result<std::optional<int64_t>> select_schedule_fired(Connection& db, const std::string& bus,
                                                     const std::string& rule) {
  auto stmt = db.prepare("SELECT fired_ms FROM schedule_state WHERE bus = ? AND rule = ?",
                         "get_schedule_fired");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(bus).bind_text(rule);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->column_int(0));
}

Status upsert_schedule_fired(Connection& db, const std::string& bus, const std::string& rule,
                             int64_t fired_ms) {
  auto stmt = db.prepare(
      "INSERT INTO schedule_state (bus, rule, fired_ms) VALUES (?, ?, ?) "
      "ON CONFLICT (bus, rule) DO UPDATE SET fired_ms = excluded.fired_ms",
      "put_schedule_fired");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(bus).bind_text(rule).bind_int(fired_ms).run();
}

Result<int64_t> delete_events(Connection& db, int64_t up_to_sequence, int64_t before_ms) {
  auto stmt = db.prepare("DELETE FROM events WHERE sequence <= ? AND time_ms < ?", "delete_events");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(up_to_sequence).bind_int(before_ms);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return static_cast<int64_t>(stmt->changes());
}

}  // namespace certflow::store::sqlite
