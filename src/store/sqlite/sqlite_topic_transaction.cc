// SqliteTransaction and SqliteStore: the notification topics' operations (see store/store.h).
#include "store/sqlite/queries.h"
#include "store/sqlite/sqlite_store.h"

namespace certflow::store::sqlite {

Status SqliteTransaction::insert_topic_message(const TopicMessageRow& message) {
  return run([&](Connection& db) { return sqlite::insert_topic_message(db, message); });
}

Status SqliteTransaction::insert_topic_delivery(TopicDeliveryRow& row) {
  return run([&](Connection& db) { return sqlite::insert_topic_delivery(db, row); });
}

Result<bool> SqliteTransaction::update_topic_delivery(const TopicDeliveryRow& row) {
  return run([&](Connection& db) { return sqlite::update_topic_delivery(db, row); });
}

Result<bool> SqliteTransaction::delete_topic_delivery(int64_t id) {
  return run([&](Connection& db) { return sqlite::delete_topic_delivery(db, id); });
}

Result<int64_t> SqliteTransaction::delete_topic_deliveries(const std::string& prefix) {
  return run([&](Connection& db) { return sqlite::delete_topic_deliveries(db, prefix); });
}

Result<std::vector<TopicDeliveryRow>> SqliteStore::due_topic_deliveries(int64_t now_ms,
                                                                        size_t limit) {
  return read([&](Connection& db) { return select_due_topic_deliveries(db, now_ms, limit); });
}

Result<std::optional<int64_t>> SqliteStore::next_topic_delivery_time() {
  return read([&](Connection& db) { return select_next_topic_delivery_time(db); });
}

Result<int64_t> SqliteStore::count_topic_deliveries() {
  return read([&](Connection& db) { return sqlite::count_topic_deliveries(db); });
}

}  // namespace certflow::store::sqlite
