#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {

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

Result<std::optional<QueueRow>> SqliteStore::get_queue(const std::string& name) {
  return read([&](Connection& db) { return select_queue(db, name); });
}

Result<std::vector<QueueRow>> SqliteStore::list_queues(const QueueListRequest& request) {
  return read([&](Connection& db) { return select_queues(db, request); });
}

Result<QueueMessageCounts> SqliteStore::count_queue_messages(int64_t queue_id, int64_t now_ms,
                                                             int64_t retained_since_ms) {
  return read([&](Connection& db) {
    return sqlite::count_queue_messages(db, queue_id, now_ms, retained_since_ms);
  });
}

Result<std::optional<int64_t>> SqliteStore::earliest_queue_visibility(int64_t queue_id,
                                                                      int64_t retained_since_ms) {
  return read(
      [&](Connection& db) { return select_earliest_visibility(db, queue_id, retained_since_ms); });
}

}  // namespace certflow::store::sqlite
