// The lifecycle engine's tables: the event outbox, the expiry-ordered certificate range and the
// engine's own state.
#include <algorithm>
#include <limits>

#include "store/sqlite/certificate_codec.h"
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

int64_t bounded_limit(size_t limit) {
  return static_cast<int64_t>(
      std::min<size_t>(std::max<size_t>(limit, 1), std::numeric_limits<int32_t>::max()));
}

}  // namespace

constexpr std::string_view kTimelineColumns =
    "arn, type, status, domain_name, not_before_ms, not_after_ms, in_use, exported, "
    "renewal_attempt_days";

CertificateRow read_timeline(const Statement& stmt) {
  CertificateRow row;
  row.arn = stmt.column_text(0);
  row.type = stmt.column_text(1);
  row.status = stmt.column_text(2);
  row.domain_name = stmt.column_text(3);
  row.not_before_ms = stmt.column_int(4);
  row.not_after_ms = stmt.column_int(5);
  row.in_use = stmt.column_int(6) != 0;
  row.exported = stmt.column_int(7) != 0;
  row.renewal_attempt_days = static_cast<int>(stmt.column_int(8));
  return row;
}

std::string issued_expiring_sql(bool managed_only, bool timeline_only) {
  // INDEXED BY: the lifecycle reads only the certificates in its window, or fails loudly.
  // type is in the index, so managed_only skips imported certificates without reading them.
  return "SELECT " + std::string(timeline_only ? kTimelineColumns : kSummaryColumns) +
         " FROM certificates INDEXED BY certificates_by_expiry WHERE status = 'ISSUED' AND "
         "not_after_ms >= ? AND not_after_ms <= ? AND (not_after_ms, arn) > (?, ?) " +
         (managed_only ? "AND type != 'IMPORTED' " : "") + "ORDER BY not_after_ms, arn LIMIT ?";
}

Result<bool> insert_event(Connection& db, EventRecord& event) {
  // DO NOTHING on the dedup key only: a clash on the UUID is a bug and must surface.
  auto stmt = db.prepare(
      "INSERT INTO events (id, dedup_key, detail_type, resource, time_ms, body, event_bus) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
      "append_event");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(event.id)
      .bind_text(event.dedup_key)
      .bind_text(event.detail_type)
      .bind_text(event.resource)
      .bind_int(event.time_ms)
      .bind_text(event.body)
      .bind_text(event.event_bus);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  if (stmt->changes() == 0) return false;
  event.sequence = sqlite3_last_insert_rowid(db.raw());
  return true;
}

Result<std::vector<EventRecord>> select_events(Connection& db, const EventQuery& query) {
  std::string sql =
      "SELECT sequence, id, dedup_key, detail_type, resource, time_ms, body, event_bus "
      "FROM events "
      "WHERE sequence > ?";
  if (query.since_ms) sql += " AND time_ms >= ?";
  if (query.detail_type) sql += " AND detail_type = ?";
  if (query.resource) sql += " AND resource = ?";
  sql += " ORDER BY sequence LIMIT ?";
  auto stmt = db.prepare(sql, "list_events");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_int(query.after_sequence);
  if (query.since_ms) stmt->bind_int(*query.since_ms);
  if (query.detail_type) stmt->bind_text(*query.detail_type);
  if (query.resource) stmt->bind_text(*query.resource);
  stmt->bind_int(bounded_limit(query.limit));
  return read_all(*stmt, [](const Statement& row) {
    return EventRecord{row.column_int(0),  row.column_text(1), row.column_text(2),
                       row.column_text(3), row.column_text(4), row.column_int(5),
                       row.column_text(6), row.column_text(7)};
  });
}

Result<std::vector<CertificateRow>> select_issued_expiring(Connection& db,
                                                           const ExpiryRange& range) {
  static const std::string sql[2][2] = {
      {issued_expiring_sql(false, false), issued_expiring_sql(false, true)},
      {issued_expiring_sql(true, false), issued_expiring_sql(true, true)}};
  auto stmt = db.prepare(sql[range.managed_only][range.timeline_only], "list_issued_expiring");
  if (!stmt) return tl::unexpected(stmt.error());
  // The lower bound is what SQLite seeks to: a page starting after a cursor begins at the
  // cursor's NotAfter, not at the range's start (the row value only breaks ties there).
  const int64_t after = range.after_ms == INT64_MAX ? INT64_MAX : range.after_ms + 1;
  const int64_t lower =
      range.start_after ? std::max(after, range.start_after->not_after_ms) : after;
  stmt->bind_int(lower).bind_int(range.until_ms);
  if (range.start_after) {
    stmt->bind_int(range.start_after->not_after_ms).bind_text(range.start_after->arn);
  } else {
    stmt->bind_int(INT64_MIN).bind_text("");
  }
  stmt->bind_int(bounded_limit(range.limit));
  return read_all(*stmt, range.timeline_only ? read_timeline : read_summary);
}

Result<bool> update_lifecycle_columns(Connection& db, const CertificateRow& row) {
  auto stmt = db.prepare(
      "UPDATE certificates SET status = ?, renewal_status = ?, renewal_status_reason = ?, "
      "renewal_updated_at_ms = ?, renewal_attempt_days = ?, version = version + 1 WHERE arn = ?",
      "update_certificate_lifecycle");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.status)
      .bind_text(row.renewal_status)
      .bind_text(row.renewal_status_reason)
      .bind_optional_int(row.renewal_updated_at_ms)
      .bind_int(row.renewal_attempt_days)
      .bind_text(row.arn);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<LifecycleState> select_lifecycle_state(Connection& db) {
  auto stmt =
      db.prepare("SELECT last_evaluated_day, simulated_now_ms FROM lifecycle_state WHERE id = 1",
                 "get_lifecycle_state");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  LifecycleState state;
  if (*row) {
    state.last_evaluated_day = stmt->column_optional_int(0);
    state.simulated_now_ms = stmt->column_optional_int(1);
  }
  return state;
}

Status upsert_lifecycle_state(Connection& db, const LifecycleState& state) {
  auto stmt = db.prepare(
      "INSERT INTO lifecycle_state (id, last_evaluated_day, simulated_now_ms) VALUES (1, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET last_evaluated_day = excluded.last_evaluated_day, "
      "simulated_now_ms = excluded.simulated_now_ms",
      "put_lifecycle_state");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind_optional_int(state.last_evaluated_day)
      .bind_optional_int(state.simulated_now_ms)
      .run();
}

}  // namespace certflow::store::sqlite
