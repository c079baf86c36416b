#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {

template <typename Op>
auto SqliteStore::read(Op&& op) -> decltype(op(std::declval<Connection&>())) {
  auto lease = readers_->acquire();
  if (!lease) return tl::unexpected(lease.error());
  // Each read is one statement, so its implicit read transaction gives it a consistent
  // snapshot of committed state, never the writer's open transaction.
  return op(**lease);
}

Result<std::optional<CertificateRow>> SqliteStore::get_certificate(const std::string& arn) {
  return read([&](Connection& db) { return select_certificate(db, arn); });
}

Result<CertificatePage> SqliteStore::list_certificates(const CertificateFilter& filter,
                                                       const PageRequest& page) {
  return read([&](Connection& db) { return select_certificate_page(db, filter, page); });
}

Result<uint64_t> SqliteStore::count_certificates() {
  return read([&](Connection& db) { return sqlite::count_certificates(db); });
}

Result<std::vector<Tag>> SqliteStore::get_tags(const std::string& arn) {
  return read([&](Connection& db) { return select_tags(db, arn); });
}

Result<AccountConfig> SqliteStore::get_account_config() {
  return read([&](Connection& db) { return select_account_config(db); });
}

Result<std::optional<AccessKeyRow>> SqliteStore::get_access_key(const std::string& access_key_id) {
  return read([&](Connection& db) { return select_access_key(db, access_key_id); });
}

Result<std::vector<AccessKeyRow>> SqliteStore::list_access_keys() {
  return read([&](Connection& db) { return select_access_keys(db); });
}

Result<std::vector<CertificateRow>> SqliteStore::list_issued_expiring(const ExpiryRange& range) {
  return read([&](Connection& db) { return select_issued_expiring(db, range); });
}

Result<std::vector<EventRecord>> SqliteStore::list_events(const EventQuery& query) {
  return read([&](Connection& db) { return select_events(db, query); });
}

Result<LifecycleState> SqliteStore::get_lifecycle_state() {
  return read([&](Connection& db) { return select_lifecycle_state(db); });
}

}  // namespace certflow::store::sqlite
