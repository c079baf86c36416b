#include "store/sqlite/statement.h"

#include <utility>

namespace certflow::store::sqlite {

Statement::Statement(sqlite3_stmt* cached, bool* in_use, std::string_view operation)
    : stmt_(cached), in_use_(in_use), operation_(operation) {}

Statement::Statement(StmtPtr owned, std::string_view operation)
    : stmt_(owned.get()), owned_(std::move(owned)), operation_(operation) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      owned_(std::move(other.owned_)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      operation_(other.operation_),
      next_param_(other.next_param_),
      bind_rc_(other.bind_rc_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  // Reset even for owned statements: an unfinished SELECT otherwise pins its read snapshot
  // until finalization, which would hold back WAL checkpoints.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Statement& Statement::record_bind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  ++next_param_;
  return *this;
}

Statement& Statement::bind_int(int64_t value) {
  return record_bind(sqlite3_bind_int64(stmt_, next_param_, value));
}

Statement& Statement::bind_text(std::string_view value) {
  return record_bind(sqlite3_bind_text64(stmt_, next_param_, value.data(), value.size(),
                                         SQLITE_TRANSIENT, SQLITE_UTF8));
}

Statement& Statement::bind_blob(std::string_view bytes) {
  // A null data pointer would bind SQL NULL; "" keeps it a zero-length blob, so NOT NULL holds.
  const char* data = bytes.empty() ? "" : bytes.data();
  return record_bind(sqlite3_bind_blob64(stmt_, next_param_, data, bytes.size(), SQLITE_TRANSIENT));
}

Statement& Statement::bind_null() { return record_bind(sqlite3_bind_null(stmt_, next_param_)); }

Statement& Statement::bind_optional_int(const std::optional<int64_t>& value) {
  return value ? bind_int(*value) : bind_null();
}

Statement& Statement::bind_optional_text(const std::optional<std::string>& value) {
  return value ? bind_text(*value) : bind_null();
}

Result<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) return sqlite_failure(db(), bind_rc_, operation_);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_failure(db(), rc, operation_);
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return {};
  }
}

int64_t Statement::changes() const { return sqlite3_changes64(db()); }

int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  // bytes must be read after the text conversion (SQLite's documented call order).
  const int size = sqlite3_column_bytes(stmt_, index);
  return text == nullptr ? std::string() : std::string(text, static_cast<size_t>(size));
}

std::string Statement::column_blob(int index) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  return data == nullptr ? std::string() : std::string(data, static_cast<size_t>(size));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::optional<int64_t> Statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

}  // namespace certflow::store::sqlite
