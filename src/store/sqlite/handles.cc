#include "store/sqlite/handles.h"

#include <string>

namespace certflow::store::sqlite {

Error sqlite_error(sqlite3* db, int rc, std::string_view operation) {
  const int primary = rc & 0xff;
  const ErrorCode code = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                             ? ErrorCode::kServiceUnavailable
                             : ErrorCode::kInternal;
  // errmsg describes the most recent failure on this connection; fall back to the generic text
  // when it belongs to another code (e.g. an error raised before any statement ran).
  const char* detail = (db != nullptr && sqlite3_extended_errcode(db) == rc) ? sqlite3_errmsg(db)
                                                                             : sqlite3_errstr(rc);
  std::string message = "store: ";
  message.append(operation);
  message += " failed: ";
  message += detail;
  message += " (sqlite code " + std::to_string(rc) + ")";
  return Error{code, std::move(message)};
}

}  // namespace certflow::store::sqlite
