// RAII ownership of SQLite handles, and the mapping of SQLite result codes to store errors.
// Engine-private: nothing outside src/store/sqlite/ (and its tests) includes this.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string_view>

#include "core/error.h"

namespace certflow::store::sqlite {

struct DbCloser {
  // close_v2 defers the close until every statement is finalized, so destruction order between
  // a connection and stray statements can never leak or crash.
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};

using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Store error for a failed SQLite call. SQLITE_BUSY/SQLITE_LOCKED (after the busy timeout has
// run out) become kServiceUnavailable so callers may retry; everything else is kInternal. The
// message names the operation and quotes SQLite's explanation, which never contains bound
// values, so secrets in rows cannot leak into logs.
Error sqlite_error(sqlite3* db, int rc, std::string_view operation);

inline tl::unexpected<Error> sqlite_failure(sqlite3* db, int rc, std::string_view operation) {
  return tl::unexpected<Error>(sqlite_error(db, rc, operation));
}

}  // namespace certflow::store::sqlite
