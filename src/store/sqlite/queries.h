// The SQL behind every Store and Transaction operation, as functions of a connection. The store
// runs them on a pooled read-only connection; a transaction runs them on the writer, inside its
// open BEGIN IMMEDIATE, so it reads its own writes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace certflow::store::sqlite {

// certificate_queries.cc
Result<std::optional<CertificateRow>> select_certificate(Connection& db, const std::string& arn);
// Upsert that keeps the row (and so its tags) in place and bumps the stored version.
Status upsert_certificate(Connection& db, const CertificateRow& row);
Result<bool> delete_certificate(Connection& db, const std::string& arn);
Result<uint64_t> count_certificates(Connection& db);
enum class TagTable { kCertificates, kResources };
Result<std::vector<Tag>> select_tags(Connection& db, const std::string& arn,
                                     TagTable table = TagTable::kCertificates);
Status replace_tags(Connection& db, const std::string& arn, const std::vector<Tag>& tags,
                    TagTable table = TagTable::kCertificates);

// list_query.cc
Result<CertificatePage> select_certificate_page(Connection& db, const CertificateFilter& filter,
                                                const PageRequest& page);

// account_queries.cc
Result<AccountConfig> select_account_config(Connection& db);
Status upsert_account_config(Connection& db, const AccountConfig& config);
Result<std::optional<IdempotencyRecord>> select_idempotency(Connection& db,
                                                            const std::string& scope,
                                                            const std::string& token,
                                                            int64_t now_ms);
Status upsert_idempotency(Connection& db, const IdempotencyRecord& record);
Status upsert_access_key(Connection& db, const AccessKeyRow& row);
Result<std::optional<AccessKeyRow>> select_access_key(Connection& db,
                                                      const std::string& access_key_id);
Result<std::vector<AccessKeyRow>> select_access_keys(Connection& db);

// lifecycle_queries.cc
std::string issued_expiring_sql(bool managed_only, bool timeline_only);
Result<bool> insert_event(Connection& db, EventRecord& event);
Result<std::vector<EventRecord>> select_events(Connection& db, const EventQuery& query);
Result<std::vector<CertificateRow>> select_issued_expiring(Connection& db,
                                                           const ExpiryRange& range);
Result<bool> update_lifecycle_columns(Connection& db, const CertificateRow& row);
Result<LifecycleState> select_lifecycle_state(Connection& db);
Status upsert_lifecycle_state(Connection& db, const LifecycleState& state);

// A LIMIT parameter: at least 1, at most what SQLite's int parameter comfortably holds.
inline int64_t sql_limit(size_t limit) {
  return static_cast<int64_t>(
      std::min<size_t>(std::max<size_t>(limit, 1), std::numeric_limits<int32_t>::max()));
}

// queue_queries.cc
Result<std::optional<QueueRow>> select_queue(Connection& db, const std::string& name);
Result<std::vector<QueueRow>> select_queues(Connection& db, const QueueListRequest& request);
// kConflict when a queue with the same name exists.
Status insert_queue(Connection& db, QueueRow& row);
Result<bool> update_queue(Connection& db, const QueueRow& row);
Result<bool> delete_queue(Connection& db, const std::string& name);

// queue_message_queries.cc
Status insert_queue_message(Connection& db, QueueMessageRow& message);
Result<std::vector<QueueMessageRow>> select_receivable_messages(Connection& db, int64_t queue_id,
                                                                int64_t now_ms,
                                                                int64_t retained_since_ms,
                                                                size_t limit);
Result<std::optional<QueueMessageRow>> select_queue_message(Connection& db, int64_t queue_id,
                                                            const std::string& message_id);
Result<bool> update_queue_message(Connection& db, const QueueMessageRow& message);
Result<bool> delete_queue_message(Connection& db, int64_t queue_id, const std::string& message_id);
Result<int64_t> delete_queue_messages(Connection& db, int64_t queue_id, int64_t sent_before_ms);
Result<QueueMessageCounts> count_queue_messages(Connection& db, int64_t queue_id, int64_t now_ms,
                                                int64_t retained_since_ms);
Result<std::optional<int64_t>> select_earliest_visibility(Connection& db, int64_t queue_id,
                                                          int64_t retained_since_ms);

// bus_queries.cc
Result<std::optional<EventBusRow>> select_event_bus(Connection& db, const std::string& name);
Status insert_event_bus(Connection& db, const EventBusRow& row);
Result<bool> delete_event_bus(Connection& db, const std::string& name);
Result<std::vector<EventBusRow>> select_event_buses(Connection& db,
                                                    const EventBusListRequest& request);
Result<std::optional<RuleRow>> select_rule(Connection& db, const std::string& bus,
                                           const std::string& name);
Status upsert_rule(Connection& db, const RuleRow& row);
Result<bool> delete_rule(Connection& db, const std::string& bus, const std::string& name);
Result<std::vector<RuleRow>> select_rules(Connection& db, const RuleListRequest& request);
Result<std::vector<RuleRow>> select_all_rules(Connection& db);
Result<std::vector<TargetRow>> select_targets(Connection& db, const std::string& bus,
                                              const std::string& rule);
Result<std::vector<TargetRow>> select_targets_by_arn(Connection& db, const std::string& arn);
Status upsert_target(Connection& db, const TargetRow& row);
Result<bool> delete_target(Connection& db, const std::string& bus, const std::string& rule,
                           const std::string& id);
Status insert_delivery(Connection& db, DeliveryRow& row);
Result<std::vector<DeliveryRow>> select_due_deliveries(Connection& db, int64_t now_ms,
                                                       size_t limit);
Result<std::optional<int64_t>> select_next_delivery_time(Connection& db);
Result<bool> update_delivery(Connection& db, const DeliveryRow& row);
Result<bool> delete_delivery(Connection& db, int64_t id);
Result<int64_t> select_routed_sequence(Connection& db);
Status upsert_routed_sequence(Connection& db, int64_t sequence);
Status add_metric(Connection& db, const MetricRow& delta);
Result<std::vector<MetricRow>> select_metrics(Connection& db);
std::string like_prefix(const std::string& prefix);
int64_t page_limit(size_t limit);

// resource_queries.cc
Result<std::optional<ResourceRow>> select_resource(Connection& db, const std::string& kind,
                                                   const std::string& name);
Result<std::vector<ResourceRow>> select_resources(Connection& db,
                                                  const ResourceListRequest& request);
Status upsert_resource(Connection& db, const ResourceRow& row);
Result<bool> delete_resource(Connection& db, const std::string& kind, const std::string& name);
Status insert_log_record(Connection& db, LogRecordRow& record);
Result<std::vector<LogRecordRow>> select_log_records(Connection& db, const LogQuery& query);
Result<std::optional<int64_t>> select_schedule_fired(Connection& db, const std::string& bus,
                                                     const std::string& rule);
Status upsert_schedule_fired(Connection& db, const std::string& bus, const std::string& rule,
                             int64_t fired_ms);
Result<int64_t> delete_events(Connection& db, int64_t up_to_sequence, int64_t before_ms);

// topic_queries.cc
// kConflict when a message with the same id exists.
Status insert_topic_message(Connection& db, const TopicMessageRow& message);
Status insert_topic_delivery(Connection& db, TopicDeliveryRow& row);
Result<bool> update_topic_delivery(Connection& db, const TopicDeliveryRow& row);
// Also delete the messages their deletion leaves without a delivery.
Result<bool> delete_topic_delivery(Connection& db, int64_t id);
Result<int64_t> delete_topic_deliveries(Connection& db, const std::string& prefix);
Result<std::vector<TopicDeliveryRow>> select_due_topic_deliveries(Connection& db, int64_t now_ms,
                                                                  size_t limit);
const std::string& due_topic_deliveries_sql();  // for query-plan tests
Result<std::optional<int64_t>> select_next_topic_delivery_time(Connection& db);
Result<int64_t> count_topic_deliveries(Connection& db);

}  // namespace certflow::store::sqlite
