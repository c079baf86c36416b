// Connection: one SQLite connection with its cache of prepared statements. Not thread-safe; the
// engine hands each connection to one thread at a time (the writer gate or the reader pool).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sqlite/handles.h"
#include "store/sqlite/statement.h"

namespace certflow::store::sqlite {

enum class OpenMode {
  kReadWrite,  // creates the file when missing
  kReadOnly,
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::string& path, OpenMode mode,
                                                  int busy_timeout_ms);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more SQL statements without parameters or results.
  // REQUIRES (both methods): operation is a string literal; it names the failure in errors.
  Status exec(const char* sql, std::string_view operation);

  // A statement for sql, from the cache when possible. The same SQL text is compiled once per
  // connection; a statement already in use (re-entrant use) or beyond the cache's bound is
  // prepared afresh and finalized after use.
  Result<Statement> prepare(std::string_view sql, std::string_view operation);

  // Runs a query that returns one text value (e.g. "PRAGMA journal_mode=WAL").
  Result<std::string> query_text(std::string_view sql, std::string_view operation);

  // true when no transaction is open (SQLite rolls back on some errors by itself).
  bool autocommit() const { return sqlite3_get_autocommit(db_.get()) != 0; }
  sqlite3* raw() const { return db_.get(); }

 private:
  explicit Connection(DbPtr db) : db_(std::move(db)) {}

  struct CachedStatement {
    StmtPtr stmt;
    bool in_use = false;
  };
  // Dynamic list queries vary with filter arity; the bound keeps memory flat in the long tail.
  static constexpr size_t kMaxCachedStatements = 64;

  DbPtr db_;
  // Transparent hashing lets prepare() look up string literals without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  // unordered_map keeps element addresses stable, so Statement may point at in_use.
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

}  // namespace certflow::store::sqlite
