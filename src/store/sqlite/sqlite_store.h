// The SQLite engine of the Store: one writer connection behind a gate for write transactions
// (BEGIN IMMEDIATE, so a transaction owns the database's write lock from its first statement),
// and a pool of read-only connections for reads outside transactions. See store/store.h for the
// contract; open_sqlite_store (open.cc) is the only way in.
#pragma once

#include <chrono>
#include <memory>

#include "store/sqlite/connection.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/writer_gate.h"
#include "store/store.h"

namespace certflow::store::sqlite {

// Shared by the store and its open transaction, so a transaction that outlives its Store still
// owns a valid connection until it rolls back.
struct Writer {
  std::unique_ptr<Connection> connection;
  WriterGate gate;
  std::chrono::milliseconds gate_timeout{0};
};

class SqliteTransaction final : public Transaction {
 public:
  // REQUIRES: the caller entered writer->gate and ran BEGIN IMMEDIATE; this object now owns both.
  explicit SqliteTransaction(std::shared_ptr<Writer> writer) : writer_(std::move(writer)) {}
  ~SqliteTransaction() override;

  Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) override;
  Status put_certificate(const CertificateRow& row) override;
  Result<bool> delete_certificate(const std::string& arn) override;
  Result<std::vector<Tag>> get_tags(const std::string& arn) override;
  Status put_tags(const std::string& arn, const std::vector<Tag>& tags) override;
  Result<AccountConfig> get_account_config() override;
  Status put_account_config(const AccountConfig& config) override;
  Result<std::optional<IdempotencyRecord>> get_idempotency(const std::string& scope,
                                                           const std::string& token,
                                                           int64_t now_ms) override;
  Status put_idempotency(const IdempotencyRecord& record) override;
  Status put_access_key(const AccessKeyRow& row) override;
  Result<bool> update_certificate_lifecycle(const CertificateRow& row) override;
  Result<bool> append_event(EventRecord& event) override;
  Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) override;
  Result<LifecycleState> get_lifecycle_state() override;
  Status put_lifecycle_state(const LifecycleState& state) override;
  Result<std::optional<QueueRow>> get_queue(const std::string& name) override;
  Status insert_queue(QueueRow& row) override;
  Result<bool> update_queue(const QueueRow& row) override;
  Result<bool> delete_queue(const std::string& name) override;
  Status insert_queue_message(QueueMessageRow& message) override;
  Result<std::vector<QueueMessageRow>> receivable_queue_messages(int64_t queue_id, int64_t now_ms,
                                                                 int64_t retained_since_ms,
                                                                 size_t limit) override;
  Result<std::optional<QueueMessageRow>> get_queue_message(int64_t queue_id,
                                                           const std::string& message_id) override;
  Result<bool> update_queue_message(const QueueMessageRow& message) override;
  Result<bool> delete_queue_message(int64_t queue_id, const std::string& message_id) override;
  Result<int64_t> delete_queue_messages(int64_t queue_id, int64_t sent_before_ms) override;
  Result<std::vector<EventRecord>> list_events(const EventQuery& query) override;
  Result<std::optional<EventBusRow>> get_event_bus(const std::string& name) override;
  Status insert_event_bus(const EventBusRow& row) override;
  Result<bool> delete_event_bus(const std::string& name) override;
  Result<std::optional<RuleRow>> get_rule(const std::string& bus, const std::string& name) override;
  Status put_rule(const RuleRow& row) override;
  Result<bool> delete_rule(const std::string& bus, const std::string& name) override;
  Result<std::vector<TargetRow>> get_targets(const std::string& bus,
                                             const std::string& rule) override;
  Status put_target(const TargetRow& row) override;
  Result<bool> delete_target(const std::string& bus, const std::string& rule,
                             const std::string& id) override;
  Status insert_delivery(DeliveryRow& row) override;
  Result<bool> update_delivery(const DeliveryRow& row) override;
  Result<bool> delete_delivery(int64_t id) override;
  Result<int64_t> get_routed_sequence() override;
  Status put_routed_sequence(int64_t sequence) override;
  Status add_metric(const MetricRow& delta) override;
  Result<std::optional<ResourceRow>> get_resource(const std::string& kind,
                                                  const std::string& name) override;
  Status put_resource(const ResourceRow& row) override;
  Result<bool> delete_resource(const std::string& kind, const std::string& name) override;
  Result<std::vector<Tag>> get_resource_tags(const std::string& arn) override;
  Status put_resource_tags(const std::string& arn, const std::vector<Tag>& tags) override;
  Status append_log_record(LogRecordRow& record) override;
  Result<std::optional<int64_t>> get_schedule_fired(const std::string& bus,
                                                    const std::string& rule) override;
  Status put_schedule_fired(const std::string& bus, const std::string& rule,
                            int64_t fired_ms) override;
  Result<int64_t> delete_events(int64_t up_to_sequence, int64_t before_ms) override;
  Status insert_topic_message(const TopicMessageRow& message) override;
  Status insert_topic_delivery(TopicDeliveryRow& row) override;
  Result<bool> update_topic_delivery(const TopicDeliveryRow& row) override;
  Result<bool> delete_topic_delivery(int64_t id) override;
  Result<int64_t> delete_topic_deliveries(const std::string& prefix) override;
  Status commit() override;

 private:
  // Runs op on the writer if the transaction is still open.
  template <typename Op>
  auto run(Op&& op) -> decltype(op(std::declval<Connection&>()));
  Status usable();

  std::shared_ptr<Writer> writer_;
  bool finished_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::shared_ptr<Writer> writer, std::unique_ptr<ReaderPool> readers)
      : writer_(std::move(writer)), readers_(std::move(readers)) {}

  Result<std::unique_ptr<Transaction>> begin() override;
  Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) override;
  Result<CertificatePage> list_certificates(const CertificateFilter& filter,
                                            const PageRequest& page) override;
  Result<uint64_t> count_certificates() override;
  Result<std::vector<Tag>> get_tags(const std::string& arn) override;
  Result<AccountConfig> get_account_config() override;
  Result<std::optional<AccessKeyRow>> get_access_key(const std::string& access_key_id) override;
  Result<std::vector<AccessKeyRow>> list_access_keys() override;
  Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) override;
  Result<std::vector<EventRecord>> list_events(const EventQuery& query) override;
  Result<LifecycleState> get_lifecycle_state() override;
  Result<std::optional<QueueRow>> get_queue(const std::string& name) override;
  Result<std::vector<QueueRow>> list_queues(const QueueListRequest& request) override;
  Result<QueueMessageCounts> count_queue_messages(int64_t queue_id, int64_t now_ms,
                                                  int64_t retained_since_ms) override;
  Result<std::optional<int64_t>> earliest_queue_visibility(int64_t queue_id,
                                                           int64_t retained_since_ms) override;

  Result<std::optional<EventBusRow>> get_event_bus(const std::string& name) override;
  Result<std::vector<EventBusRow>> list_event_buses(const EventBusListRequest& request) override;
  Result<std::optional<RuleRow>> get_rule(const std::string& bus, const std::string& name) override;
  Result<std::vector<RuleRow>> list_rules(const RuleListRequest& request) override;
  Result<std::vector<RuleRow>> list_all_rules() override;
  Result<std::vector<TargetRow>> get_targets(const std::string& bus,
                                             const std::string& rule) override;
  Result<std::vector<TargetRow>> list_targets_by_arn(const std::string& arn) override;
  Result<std::vector<DeliveryRow>> due_deliveries(int64_t now_ms, size_t limit) override;
  Result<std::optional<int64_t>> next_delivery_time() override;
  Result<std::vector<MetricRow>> list_metrics() override;
  Result<std::optional<ResourceRow>> get_resource(const std::string& kind,
                                                  const std::string& name) override;
  Result<std::vector<ResourceRow>> list_resources(const ResourceListRequest& request) override;
  Result<std::vector<Tag>> get_resource_tags(const std::string& arn) override;
  Result<std::vector<LogRecordRow>> list_log_records(const LogQuery& query) override;
  Result<std::optional<int64_t>> get_schedule_fired(const std::string& bus,
                                                    const std::string& rule) override;
  Result<std::vector<TopicDeliveryRow>> due_topic_deliveries(int64_t now_ms, size_t limit) override;
  Result<std::optional<int64_t>> next_topic_delivery_time() override;
  Result<int64_t> count_topic_deliveries() override;

 private:
  // Runs op on a leased read-only connection.
  template <typename Op>
  auto read(Op&& op) -> decltype(op(std::declval<Connection&>()));

  std::shared_ptr<Writer> writer_;
  // Declared after writer_ so readers close first and the writer, closing last, can checkpoint
  // and remove the WAL file.
  std::unique_ptr<ReaderPool> readers_;
};

// The two templates every operation runs through (shared by several .cc files).
template <typename Op>
auto SqliteTransaction::run(Op&& op) -> decltype(op(std::declval<Connection&>())) {
  if (auto s = usable(); !s) return tl::unexpected(s.error());
  return op(*writer_->connection);
}

template <typename Op>
auto SqliteStore::read(Op&& op) -> decltype(op(std::declval<Connection&>())) {
  auto lease = readers_->acquire();
  if (!lease) return tl::unexpected(lease.error());
  // Each read is one statement, so its implicit read transaction gives it a consistent
  // snapshot of committed state, never the writer's open transaction.
  return op(**lease);
}

}  // namespace certflow::store::sqlite
