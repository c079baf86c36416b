// SqliteTransaction: the event bus's operations (see store/store.h).
#include "store/sqlite/queries.h"
#include "store/sqlite/sqlite_store.h"

namespace certflow::store::sqlite {

Result<std::vector<EventRecord>> SqliteTransaction::list_events(const EventQuery& query) {
  return run([&](Connection& db) { return select_events(db, query); });
}

Result<std::optional<EventBusRow>> SqliteTransaction::get_event_bus(const std::string& name) {
  return run([&](Connection& db) { return select_event_bus(db, name); });
}

Status SqliteTransaction::insert_event_bus(const EventBusRow& row) {
  return run([&](Connection& db) { return sqlite::insert_event_bus(db, row); });
}

Result<bool> SqliteTransaction::delete_event_bus(const std::string& name) {
  return run([&](Connection& db) { return sqlite::delete_event_bus(db, name); });
}

Result<std::optional<RuleRow>> SqliteTransaction::get_rule(const std::string& bus,
                                                           const std::string& name) {
  return run([&](Connection& db) { return select_rule(db, bus, name); });
}

Status SqliteTransaction::put_rule(const RuleRow& row) {
  return run([&](Connection& db) { return upsert_rule(db, row); });
}

Result<bool> SqliteTransaction::delete_rule(const std::string& bus, const std::string& name) {
  return run([&](Connection& db) { return sqlite::delete_rule(db, bus, name); });
}

Result<std::vector<TargetRow>> SqliteTransaction::get_targets(const std::string& bus,
                                                              const std::string& rule) {
  return run([&](Connection& db) { return select_targets(db, bus, rule); });
}

Status SqliteTransaction::put_target(const TargetRow& row) {
  return run([&](Connection& db) { return upsert_target(db, row); });
}

Result<bool> SqliteTransaction::delete_target(const std::string& bus, const std::string& rule,
                                              const std::string& id) {
  return run([&](Connection& db) { return sqlite::delete_target(db, bus, rule, id); });
}

Status SqliteTransaction::insert_delivery(DeliveryRow& row) {
  return run([&](Connection& db) { return sqlite::insert_delivery(db, row); });
}

Result<bool> SqliteTransaction::update_delivery(const DeliveryRow& row) {
  return run([&](Connection& db) { return sqlite::update_delivery(db, row); });
}

Result<bool> SqliteTransaction::delete_delivery(int64_t id) {
  return run([&](Connection& db) { return sqlite::delete_delivery(db, id); });
}

Result<int64_t> SqliteTransaction::get_routed_sequence() {
  return run([&](Connection& db) { return select_routed_sequence(db); });
}

Status SqliteTransaction::put_routed_sequence(int64_t sequence) {
  return run([&](Connection& db) { return upsert_routed_sequence(db, sequence); });
}

Status SqliteTransaction::add_metric(const MetricRow& delta) {
  return run([&](Connection& db) { return sqlite::add_metric(db, delta); });
}

Result<std::optional<ResourceRow>> SqliteTransaction::get_resource(const std::string& kind,
                                                                   const std::string& name) {
  return run([&](Connection& db) { return select_resource(db, kind, name); });
}

Status SqliteTransaction::put_resource(const ResourceRow& row) {
  return run([&](Connection& db) { return upsert_resource(db, row); });
}

Result<bool> SqliteTransaction::delete_resource(const std::string& kind, const std::string& name) {
  return run([&](Connection& db) { return sqlite::delete_resource(db, kind, name); });
}

Result<std::vector<Tag>> SqliteTransaction::get_resource_tags(const std::string& arn) {
  return run([&](Connection& db) { return select_tags(db, arn, TagTable::kResources); });
}

Status SqliteTransaction::put_resource_tags(const std::string& arn, const std::vector<Tag>& tags) {
  return run([&](Connection& db) { return replace_tags(db, arn, tags, TagTable::kResources); });
}

Status SqliteTransaction::append_log_record(LogRecordRow& record) {
  return run([&](Connection& db) { return insert_log_record(db, record); });
}

Result<std::optional<int64_t>> SqliteTransaction::get_schedule_fired(const std::string& bus,
                                                                     const std::string& rule) {
  return run([&](Connection& db) { return select_schedule_fired(db, bus, rule); });
}

Status SqliteTransaction::put_schedule_fired(const std::string& bus, const std::string& rule,
                                             int64_t fired_ms) {
  return run([&](Connection& db) { return upsert_schedule_fired(db, bus, rule, fired_ms); });
}

Result<int64_t> SqliteTransaction::delete_events(int64_t up_to_sequence, int64_t before_ms) {
  return run([&](Connection& db) { return sqlite::delete_events(db, up_to_sequence, before_ms); });
}

Result<std::optional<EventBusRow>> SqliteStore::get_event_bus(const std::string& name) {
  return read([&](Connection& db) { return select_event_bus(db, name); });
}

Result<std::vector<EventBusRow>> SqliteStore::list_event_buses(const EventBusListRequest& request) {
  return read([&](Connection& db) { return select_event_buses(db, request); });
}

Result<std::optional<RuleRow>> SqliteStore::get_rule(const std::string& bus,
                                                     const std::string& name) {
  return read([&](Connection& db) { return select_rule(db, bus, name); });
}

Result<std::vector<RuleRow>> SqliteStore::list_rules(const RuleListRequest& request) {
  return read([&](Connection& db) { return select_rules(db, request); });
}

Result<std::vector<RuleRow>> SqliteStore::list_all_rules() {
  return read([&](Connection& db) { return select_all_rules(db); });
}

Result<std::vector<TargetRow>> SqliteStore::get_targets(const std::string& bus,
                                                        const std::string& rule) {
  return read([&](Connection& db) { return select_targets(db, bus, rule); });
}

Result<std::vector<TargetRow>> SqliteStore::list_targets_by_arn(const std::string& arn) {
  return read([&](Connection& db) { return select_targets_by_arn(db, arn); });
}

Result<std::vector<DeliveryRow>> SqliteStore::due_deliveries(int64_t now_ms, size_t limit) {
  return read([&](Connection& db) { return select_due_deliveries(db, now_ms, limit); });
}

Result<std::optional<int64_t>> SqliteStore::next_delivery_time() {
  return read([&](Connection& db) { return select_next_delivery_time(db); });
}

Result<std::vector<MetricRow>> SqliteStore::list_metrics() {
  return read([&](Connection& db) { return select_metrics(db); });
}

Result<std::optional<ResourceRow>> SqliteStore::get_resource(const std::string& kind,
                                                             const std::string& name) {
  return read([&](Connection& db) { return select_resource(db, kind, name); });
}

Result<std::vector<ResourceRow>> SqliteStore::list_resources(const ResourceListRequest& request) {
  return read([&](Connection& db) { return select_resources(db, request); });
}

Result<std::vector<Tag>> SqliteStore::get_resource_tags(const std::string& arn) {
  return read([&](Connection& db) { return select_tags(db, arn, TagTable::kResources); });
}

Result<std::vector<LogRecordRow>> SqliteStore::list_log_records(const LogQuery& query) {
  return read([&](Connection& db) { return select_log_records(db, query); });
}

Result<std::optional<int64_t>> SqliteStore::get_schedule_fired(const std::string& bus,
                                                               const std::string& rule) {
  return read([&](Connection& db) { return select_schedule_fired(db, bus, rule); });
}

}  // namespace certflow::store::sqlite
