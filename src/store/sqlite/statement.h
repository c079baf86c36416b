// Statement: one use of a prepared statement. Parameters are bound in order (1, 2, ...), rows are
// stepped, columns are read by index. Destruction resets the statement and clears its bindings,
// which ends any implicit read transaction it held and hands a cached statement back to its
// connection's cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite/handles.h"

namespace certflow::store::sqlite {

class Statement {
 public:
  // A statement borrowed from a connection's cache; *in_use is cleared on destruction.
  // REQUIRES: operation has static storage duration (a string literal).
  Statement(sqlite3_stmt* cached, bool* in_use, std::string_view operation);
  // A statement owned by this object (not cached), finalized on destruction.
  Statement(StmtPtr owned, std::string_view operation);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binders take the next parameter index. A failed bind is reported by the next step()/run(),
  // so call sites stay linear.
  Statement& bind_int(int64_t value);
  Statement& bind_text(std::string_view value);
  Statement& bind_blob(std::string_view bytes);  // binary-safe; an empty value binds x''
  Statement& bind_null();
  Statement& bind_optional_int(const std::optional<int64_t>& value);
  Statement& bind_optional_text(const std::optional<std::string>& value);

  // true when a row is available, false when the statement is done.
  Result<bool> step();
  // Steps to completion, ignoring any rows (for INSERT/UPDATE/DELETE/PRAGMA setters).
  Status run();
  // Rows changed by the last completed INSERT/UPDATE/DELETE on this connection.
  int64_t changes() const;

  int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  bool column_is_null(int index) const;
  std::optional<int64_t> column_optional_int(int index) const;
  std::optional<std::string> column_optional_text(int index) const;

 private:
  sqlite3* db() const { return sqlite3_db_handle(stmt_); }
  Statement& record_bind(int rc);

  sqlite3_stmt* stmt_;
  StmtPtr owned_;
  bool* in_use_ = nullptr;
  std::string_view operation_;
  int next_param_ = 1;
  int bind_rc_ = SQLITE_OK;
};

// Steps `stmt` to the end, decoding each row with read_row(stmt).
template <typename ReadRow>
auto read_all(Statement& stmt, ReadRow read_row)
    -> Result<std::vector<decltype(read_row(std::declval<const Statement&>()))>> {
  std::vector<decltype(read_row(std::declval<const Statement&>()))> rows;
  for (;;) {
    auto row = stmt.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return rows;
    rows.push_back(read_row(stmt));
  }
}

}  // namespace certflow::store::sqlite
