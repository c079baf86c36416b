#include "store/sqlite/connection.h"

#include <utility>

namespace certflow::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, OpenMode mode,
                                                     int busy_timeout_ms) {
  // NOMUTEX: the engine never shares a connection between threads at once, so SQLite's own
  // per-connection mutex would be pure overhead.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::kReadWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                                        : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);  // owns the handle even when open failed
  if (rc != SQLITE_OK) return sqlite_failure(db.get(), rc, "open database");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  return std::unique_ptr<Connection>(new Connection(std::move(db)));
}

Status Connection::exec(const char* sql, std::string_view operation) {
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_failure(db_.get(), rc, operation);
  return {};
}

Result<Statement> Connection::prepare(std::string_view sql, std::string_view operation) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.stmt.get(), &it->second.in_use, operation);
  }
  const bool cache = it == cache_.end() && cache_.size() < kMaxCachedStatements;
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    cache ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) return sqlite_failure(db_.get(), rc, operation);
  if (!cache) return Statement(std::move(stmt), operation);
  auto& entry = cache_[std::string(sql)];
  entry.stmt = std::move(stmt);
  entry.in_use = true;
  return Statement(entry.stmt.get(), &entry.in_use, operation);
}

Result<std::string> Connection::query_text(std::string_view sql, std::string_view operation) {
  auto stmt = prepare(sql, operation);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::string();
  return stmt->column_text(0);
}

}  // namespace certflow::store::sqlite
