// The event bus's tables: buses, rules, targets, deliveries, the router's position and metrics.
#include <algorithm>
#include <limits>

#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

Result<bool> changed(Statement& stmt) {
  if (auto s = stmt.run(); !s) return tl::unexpected(s.error());
  return stmt.changes() > 0;
}

EventBusRow read_bus(const Statement& row) {
  return {row.column_text(0), row.column_text(1), row.column_text(2), row.column_int(3)};
}

RuleRow read_rule(const Statement& row) {
  return {row.column_text(0), row.column_text(1), row.column_text(2),
          row.column_text(3), row.column_text(4), row.column_int(5)};
}

TargetRow read_target(const Statement& row) {
  return {row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3),
          row.column_text(4)};
}

DeliveryRow read_delivery(const Statement& row) {
  return {row.column_int(0),  row.column_text(1), row.column_text(2), row.column_text(3),
          row.column_text(4), row.column_text(5), row.column_text(6), row.column_text(7),
          row.column_int(8),  row.column_int(9),  row.column_int(10)};
}

constexpr const char* kBusColumns = "name, arn, details_json, created_at_ms";
constexpr const char* kRuleColumns = "bus, name, arn, state, details_json, created_at_ms";
constexpr const char* kTargetColumns = "bus, rule, id, arn, details_json";
constexpr const char* kDeliveryColumns =
    "id, bus, rule, target_id, target_arn, event_id, payload, details_json, attempts, "
    "ingested_at_ms, next_attempt_ms";

}  // namespace

int64_t page_limit(size_t limit) {
  return static_cast<int64_t>(
      std::min<size_t>(std::max<size_t>(limit, 1), std::numeric_limits<int32_t>::max()));
}

// "prefix%" for LIKE with the prefix's own % and _ escaped.
std::string like_prefix(const std::string& prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

Result<std::optional<EventBusRow>> select_event_bus(Connection& db, const std::string& name) {
  static const std::string sql =
      std::string("SELECT ") + kBusColumns + " FROM event_buses WHERE name = ?";
  auto stmt = db.prepare(sql, "get_event_bus");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(name);
  auto rows = read_all(*stmt, read_bus);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

Status insert_event_bus(Connection& db, const EventBusRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO event_buses (name, arn, details_json, created_at_ms) VALUES (?, ?, ?, ?)",
      "put_event_bus");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(row.name)
      .bind_text(row.arn)
      .bind_text(row.details_json)
      .bind_int(row.created_at_ms)
      .run();
}

Result<bool> delete_event_bus(Connection& db, const std::string& name) {
  auto stmt = db.prepare("DELETE FROM event_buses WHERE name = ?", "delete_event_bus");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(name);
  return changed(*stmt);
}

Result<std::vector<EventBusRow>> select_event_buses(Connection& db,
                                                    const EventBusListRequest& request) {
  static const std::string sql = std::string("SELECT ") + kBusColumns +
                                 " FROM event_buses WHERE name LIKE ? ESCAPE '\\' AND name > ? "
                                 "ORDER BY name LIMIT ?";
  auto stmt = db.prepare(sql, "list_event_buses");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(like_prefix(request.name_prefix))
      .bind_text(request.start_after.value_or(""))
      .bind_int(page_limit(request.limit));
  return read_all(*stmt, read_bus);
}

Result<std::optional<RuleRow>> select_rule(Connection& db, const std::string& bus,
                                           const std::string& name) {
  static const std::string sql =
      std::string("SELECT ") + kRuleColumns + " FROM rules WHERE bus = ? AND name = ?";
  auto stmt = db.prepare(sql, "get_rule");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(bus).bind_text(name);
  auto rows = read_all(*stmt, read_rule);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

Status upsert_rule(Connection& db, const RuleRow& row) {
  // DO UPDATE keeps the row, and so its targets (a PutRule replaces the rule, not its targets).
  auto stmt = db.prepare(
      "INSERT INTO rules (bus, name, arn, state, details_json, created_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bus, name) DO UPDATE SET arn = excluded.arn, "
      "state = excluded.state, details_json = excluded.details_json",
      "put_rule");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(row.bus)
      .bind_text(row.name)
      .bind_text(row.arn)
      .bind_text(row.state)
      .bind_text(row.details_json)
      .bind_int(row.created_at_ms)
      .run();
}

Result<bool> delete_rule(Connection& db, const std::string& bus, const std::string& name) {
  auto stmt = db.prepare("DELETE FROM rules WHERE bus = ? AND name = ?", "delete_rule");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(bus).bind_text(name);
  return changed(*stmt);
}

Result<std::vector<RuleRow>> select_rules(Connection& db, const RuleListRequest& request) {
  static const std::string sql = std::string("SELECT ") + kRuleColumns +
                                 " FROM rules WHERE bus = ? AND name LIKE ? ESCAPE '\\' AND "
                                 "name > ? ORDER BY name LIMIT ?";
  auto stmt = db.prepare(sql, "list_rules");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(request.bus)
      .bind_text(like_prefix(request.name_prefix))
      .bind_text(request.start_after.value_or(""))
      .bind_int(page_limit(request.limit));
  return read_all(*stmt, read_rule);
}

Result<std::vector<RuleRow>> select_all_rules(Connection& db) {
  static const std::string sql =
      std::string("SELECT ") + kRuleColumns + " FROM rules ORDER BY bus, name";
  auto stmt = db.prepare(sql, "list_all_rules");
  if (!stmt) return tl::unexpected(stmt.error());
  return read_all(*stmt, read_rule);
}

Result<std::vector<TargetRow>> select_targets(Connection& db, const std::string& bus,
                                              const std::string& rule) {
  static const std::string sql = std::string("SELECT ") + kTargetColumns +
                                 " FROM targets WHERE bus = ? AND rule = ? ORDER BY id";
  auto stmt = db.prepare(sql, "get_targets");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(bus).bind_text(rule);
  return read_all(*stmt, read_target);
}

Result<std::vector<TargetRow>> select_targets_by_arn(Connection& db, const std::string& arn) {
  static const std::string sql = std::string("SELECT ") + kTargetColumns +
                                 " FROM targets WHERE arn = ? ORDER BY bus, rule, id";
  auto stmt = db.prepare(sql, "list_targets_by_arn");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(arn);
  return read_all(*stmt, read_target);
}

Status upsert_target(Connection& db, const TargetRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO targets (bus, rule, id, arn, details_json) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (bus, rule, id) DO UPDATE SET arn = excluded.arn, "
      "details_json = excluded.details_json",
      "put_target");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(row.bus)
      .bind_text(row.rule)
      .bind_text(row.id)
      .bind_text(row.arn)
      .bind_text(row.details_json)
      .run();
}

Result<bool> delete_target(Connection& db, const std::string& bus, const std::string& rule,
                           const std::string& id) {
  auto stmt =
      db.prepare("DELETE FROM targets WHERE bus = ? AND rule = ? AND id = ?", "delete_target");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(bus).bind_text(rule).bind_text(id);
  return changed(*stmt);
}

Status insert_delivery(Connection& db, DeliveryRow& row) {
  auto stmt = db.prepare(
      "INSERT INTO deliveries (bus, rule, target_id, target_arn, event_id, payload, "
      "details_json, attempts, ingested_at_ms, next_attempt_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "insert_delivery");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.bus)
      .bind_text(row.rule)
      .bind_text(row.target_id)
      .bind_text(row.target_arn)
      .bind_text(row.event_id)
      .bind_text(row.payload)
      .bind_text(row.details_json)
      .bind_int(row.attempts)
      .bind_int(row.ingested_at_ms)
      .bind_int(row.next_attempt_ms);
  if (auto s = stmt->run(); !s) return s;
  row.id = sqlite3_last_insert_rowid(db.raw());
  return {};
}

Result<std::vector<DeliveryRow>> select_due_deliveries(Connection& db, int64_t now_ms,
                                                       size_t limit) {
  static const std::string sql = std::string("SELECT ") + kDeliveryColumns +
                                 " FROM deliveries WHERE next_attempt_ms <= ? "
                                 "ORDER BY next_attempt_ms, id LIMIT ?";
  auto stmt = db.prepare(sql, "due_deliveries");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(now_ms).bind_int(page_limit(limit));
  return read_all(*stmt, read_delivery);
}

Result<std::optional<int64_t>> select_next_delivery_time(Connection& db) {
  auto stmt = db.prepare("SELECT min(next_attempt_ms) FROM deliveries", "next_delivery_time");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  return stmt->column_optional_int(0);
}

Result<bool> update_delivery(Connection& db, const DeliveryRow& row) {
  auto stmt = db.prepare(
      "UPDATE deliveries SET attempts = ?, next_attempt_ms = ?, details_json = ? WHERE id = ?",
      "update_delivery");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(row.attempts).bind_int(row.next_attempt_ms).bind_text(row.details_json);
  stmt->bind_int(row.id);
  return changed(*stmt);
}

Result<bool> delete_delivery(Connection& db, int64_t id) {
  auto stmt = db.prepare("DELETE FROM deliveries WHERE id = ?", "delete_delivery");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(id);
  return changed(*stmt);
}

Result<int64_t> select_routed_sequence(Connection& db) {
  auto stmt =
      db.prepare("SELECT routed_sequence FROM router_state WHERE id = 1", "get_routed_sequence");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

Status upsert_routed_sequence(Connection& db, int64_t sequence) {
  auto stmt = db.prepare(
      "INSERT INTO router_state (id, routed_sequence) VALUES (1, ?) "
      "ON CONFLICT (id) DO UPDATE SET routed_sequence = excluded.routed_sequence",
      "put_routed_sequence");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_int(sequence).run();
}

Status add_metric(Connection& db, const MetricRow& delta) {
  auto stmt = db.prepare(
      "INSERT INTO metrics (bus, rule, target_id, name, value) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (bus, rule, target_id, name) DO UPDATE SET value = value + excluded.value",
      "add_metric");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_text(delta.bus)
      .bind_text(delta.rule)
      .bind_text(delta.target_id)
      .bind_text(delta.name)
      .bind_int(delta.value)
      .run();
}

Result<std::vector<MetricRow>> select_metrics(Connection& db) {
  auto stmt = db.prepare(
      "SELECT bus, rule, target_id, name, value FROM metrics ORDER BY bus, rule, target_id, name",
      "list_metrics");
  if (!stmt) return tl::unexpected(stmt.error());
  return read_all(*stmt, [](const Statement& row) {
    return MetricRow{row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3),
                     row.column_int(4)};
  });
}

}  // namespace certflow::store::sqlite
