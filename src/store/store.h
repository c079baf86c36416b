// The Store: certflow's durable state behind one interface. Engines: sqlite/ (embedded
// default); postgres/ arrives later and must pass the same conformance suite
// (tests/unit/store/store_conformance_test.cc).
//
// Contract
// - Reads on Store see committed state only.
// - begin() starts a write transaction. Write transactions are serialized: while one is open,
//   another begin() waits. Reads inside a transaction see its own writes.
// - A Transaction that is destroyed without commit() rolls back; nothing it wrote is visible.
// - commit() returns only after the change is durable (survives kill -9 and power loss).
// - Times are milliseconds since the Unix epoch (UTC).
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/bus_rows.h"
#include "store/notify_rows.h"

namespace certflow::store {

struct Tag {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const Tag&) const = default;
};

struct CertificateRow {
  std::string arn;     // primary key
  std::string type;    // IMPORTED | AMAZON_ISSUED | PRIVATE
  std::string status;  // stored status: ISSUED, PENDING_VALIDATION, ... (see effective status)
  std::string domain_name;
  std::string key_algorithm;                     // RSA_2048, EC_prime256v1, ...
  std::vector<std::string> key_usages;           // DIGITAL_SIGNATURE, ...
  std::vector<std::string> extended_key_usages;  // TLS_WEB_SERVER_AUTHENTICATION, ...
  std::string export_option;                     // ENABLED | DISABLED | "" (not set)
  bool in_use = false;
  bool exported = false;
  int64_t not_before_ms = 0;
  int64_t not_after_ms = 0;
  int64_t created_at_ms = 0;
  std::optional<int64_t> imported_at_ms;
  std::optional<int64_t> issued_at_ms;
  // Everything else the inventory derives (SANs, serial, subject, ...), as the inventory's own
  // JSON text. Opaque to the store.
  std::string details_json;
  // Certificate material. Left empty by list_certificates (summaries don't need it).
  std::string certificate_pem;
  std::string chain_pem;
  // Envelope-encrypted private key (crypto::SealedSecret fields; binary). Empty when none.
  std::string key_wrapped_data_key;
  std::string key_ciphertext;
  // Managed renewal, as DescribeCertificate's RenewalSummary shows it. renewal_status is ""
  // until the lifecycle engine first attempts a renewal.
  std::string renewal_status;  // PENDING_AUTO_RENEWAL | PENDING_VALIDATION | SUCCESS | FAILED
  std::string renewal_status_reason;  // ACM FailureReason when an attempt failed; else ""
  std::optional<int64_t> renewal_updated_at_ms;
  // The renewal schedule point (days before expiry: 60, 45, 30, ...) of the last attempt on the
  // current certificate; 0 when none. A new certificate body (renewal, re-import) resets it.
  int renewal_attempt_days = 0;
  // Incremented by the store on every put; 1 after the first insert.
  int64_t version = 0;
};

// The status a reader sees: a certificate whose stored status is ISSUED and whose NotAfter is
// at or before now_ms is EXPIRED.
std::string effective_status(const CertificateRow& row, int64_t now_ms);

struct CertificateFilter {
  std::vector<std::string> statuses;             // effective statuses; empty = any
  std::vector<std::string> key_algorithms;       // empty = any
  std::vector<std::string> key_usages;           // every one listed must be present
  std::vector<std::string> extended_key_usages;  // every one listed must be present
  std::optional<std::string> export_option;
  int64_t now_ms = 0;  // for effective statuses
};

// Keyset cursor: certificates are ordered by (created_at_ms, arn).
struct Cursor {
  int64_t created_at_ms = 0;
  std::string arn;
  bool operator==(const Cursor&) const = default;
};

struct PageRequest {
  size_t limit = 1000;
  bool descending = false;
  std::optional<Cursor> after;  // exclusive: the page starts after this key
};

struct CertificatePage {
  std::vector<CertificateRow> rows;
  std::optional<Cursor> next;  // set when more rows match after the last one returned
};

struct AccountConfig {
  int days_before_expiry = 45;
  // certflow's short-lived certificate setting: when 1..100, Approaching Expiration starts at the
  // smaller of days_before_expiry and this percentage of the certificate's lifetime. 0 = off.
  int expiry_lifetime_percent = 0;
};

// One event in the outbox (the event log), exactly as it goes onto the bus.
struct EventRecord {
  int64_t sequence = 0;  // assigned by append_event: strictly increasing in append order
  std::string id;        // the event's UUID
  // At most one event per dedup key is ever stored, e.g. "<arn>|<detail-type>|<day>".
  std::string dedup_key;
  std::string detail_type;
  std::string resource;               // the certificate ARN
  int64_t time_ms = 0;                // the event's time
  std::string body;                   // the whole event, JSON text
  std::string event_bus = "default";  // the bus it was put on (lifecycle events: default)
};

struct EventQuery {
  int64_t after_sequence = 0;       // exclusive
  std::optional<int64_t> since_ms;  // time_ms >= since_ms
  std::optional<std::string> detail_type;
  std::optional<std::string> resource;
  size_t limit = 1000;
};

// ISSUED certificates with NotAfter in (after_ms, until_ms], in (not_after_ms, arn) order.
struct ExpiryCursor {
  int64_t not_after_ms = 0;
  std::string arn;
  bool operator==(const ExpiryCursor&) const = default;
};
struct ExpiryRange {
  int64_t after_ms = INT64_MIN;
  int64_t until_ms = INT64_MAX;
  std::optional<ExpiryCursor> start_after;  // exclusive
  size_t limit = 1000;
  bool managed_only = false;  // leave out IMPORTED certificates
  // Fill only what the lifecycle timeline needs (arn, type, status, domain_name, not_before_ms,
  // not_after_ms, in_use, exported, renewal_attempt_days): answered from the index alone, so a
  // read of hundreds of thousands of certificates touches no table page.
  bool timeline_only = false;
};

// Where the lifecycle engine stands; survives restarts.
struct LifecycleState {
  // Day (days since the Unix epoch, UTC) whose daily evaluation last completed.
  std::optional<int64_t> last_evaluated_day;
  // Where a simulated clock stood, so a restarted simulation resumes at its own time.
  std::optional<int64_t> simulated_now_ms;
};

// A remembered idempotency token: the same (scope, token) within its lifetime must carry the
// same request fingerprint, and gets the same response.
struct IdempotencyRecord {
  std::string scope;  // e.g. "acm:PutAccountConfiguration"
  std::string token;
  std::string fingerprint;  // e.g. a hash of the request
  std::string response;     // what was answered the first time
  int64_t expires_at_ms = 0;
};

struct AccessKeyRow {
  std::string access_key_id;  // primary key
  std::string user_name;
  std::string status;  // Active | Inactive
  int64_t created_at_ms = 0;
  // Envelope-encrypted secret access key (crypto::SealedSecret fields; binary).
  std::string secret_wrapped_data_key;
  std::string secret_ciphertext;
};

// A queue (the SQS-compatible queues of src/queue/). The store keeps the queue's settings and
// tags as the queue room's own JSON text and knows nothing of their meaning.
struct QueueRow {
  int64_t id = 0;    // assigned by insert_queue; messages refer to it
  std::string name;  // unique
  std::string arn;
  std::string settings_json;
  std::string tags_json;
  int64_t created_at_ms = 0;
  int64_t modified_at_ms = 0;
};

// One message in a queue.
struct QueueMessageRow {
  int64_t sequence = 0;  // assigned by insert_queue_message: increasing in arrival order
  int64_t queue_id = 0;
  std::string message_id;     // unique across queues (a UUID)
  std::string receipt_token;  // the secret part of the message's receipt handles
  std::string body;
  std::string details_json;  // attributes, digests, system attributes: the queue room's JSON
  int64_t sent_at_ms = 0;    // retention counts from here, in the dead-letter queue too
  // Receivable when visible_at_ms <= now (after a delay, or when a visibility timeout ends).
  int64_t visible_at_ms = 0;
  int64_t receive_count = 0;
  std::optional<int64_t> first_received_at_ms;
};

// Messages sent at or after `retained_since_ms` (older ones are expired and not counted).
struct QueueMessageCounts {
  int64_t visible = 0;    // visible_at <= now
  int64_t in_flight = 0;  // received, visibility timeout running
  int64_t delayed = 0;    // never received, delay running
};

struct QueueListRequest {
  std::string name_prefix;
  std::optional<std::string> start_after;  // exclusive: a name
  size_t limit = 1000;
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) = 0;
  // Insert or replace by arn. Sets row.version to the stored version + 1.
  virtual Status put_certificate(const CertificateRow& row) = 0;
  // Removes the certificate and its tags. false when it did not exist.
  virtual Result<bool> delete_certificate(const std::string& arn) = 0;

  virtual Result<std::vector<Tag>> get_tags(const std::string& arn) = 0;
  // Replaces the whole tag set of a certificate (order preserved as given).
  virtual Status put_tags(const std::string& arn, const std::vector<Tag>& tags) = 0;

  virtual Result<AccountConfig> get_account_config() = 0;
  virtual Status put_account_config(const AccountConfig& config) = 0;

  // Expired records (expires_at_ms <= now_ms) are treated as absent.
  virtual Result<std::optional<IdempotencyRecord>> get_idempotency(const std::string& scope,
                                                                   const std::string& token,
                                                                   int64_t now_ms) = 0;
  virtual Status put_idempotency(const IdempotencyRecord& record) = 0;

  virtual Status put_access_key(const AccessKeyRow& row) = 0;

  // Writes only the lifecycle columns of an existing certificate (status and the renewal fields)
  // and bumps its version; the rest of the row is left as stored. false when it does not exist.
  virtual Result<bool> update_certificate_lifecycle(const CertificateRow& row) = 0;
  // Appends the event and sets event.sequence, unless an event with the same dedup_key is
  // stored already: then nothing changes and the result is false.
  virtual Result<bool> append_event(EventRecord& event) = 0;
  // Summary rows (no material), as list_certificates returns them.
  virtual Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) = 0;
  virtual Result<LifecycleState> get_lifecycle_state() = 0;
  virtual Status put_lifecycle_state(const LifecycleState& state) = 0;

  // Queues. insert_queue sets row.id; a second queue with the same name fails with kConflict.
  virtual Result<std::optional<QueueRow>> get_queue(const std::string& name) = 0;
  virtual Status insert_queue(QueueRow& row) = 0;
  // Writes settings_json, tags_json and modified_at_ms of the queue row.id. false when absent.
  virtual Result<bool> update_queue(const QueueRow& row) = 0;
  // Removes the queue and all its messages. false when it did not exist.
  virtual Result<bool> delete_queue(const std::string& name) = 0;
  // Sets message.sequence.
  virtual Status insert_queue_message(QueueMessageRow& message) = 0;
  // Messages of the queue that are visible at now_ms and sent at or after retained_since_ms, the
  // longest visible first (visible_at_ms, then sent_at_ms, then sequence), at most `limit`.
  virtual Result<std::vector<QueueMessageRow>> receivable_queue_messages(int64_t queue_id,
                                                                         int64_t now_ms,
                                                                         int64_t retained_since_ms,
                                                                         size_t limit) = 0;
  virtual Result<std::optional<QueueMessageRow>> get_queue_message(
      int64_t queue_id, const std::string& message_id) = 0;
  // Writes queue_id (a move to another queue), visible_at_ms, receive_count,
  // first_received_at_ms and details_json of the message message_id. false when absent.
  virtual Result<bool> update_queue_message(const QueueMessageRow& message) = 0;
  virtual Result<bool> delete_queue_message(int64_t queue_id, const std::string& message_id) = 0;
  // Deletes the queue's messages sent before sent_before_ms; returns how many.
  virtual Result<int64_t> delete_queue_messages(int64_t queue_id, int64_t sent_before_ms) = 0;

  // Event bus (src/events/bus/). Targets go with their rule (ON DELETE CASCADE).
  virtual Result<std::vector<EventRecord>> list_events(const EventQuery& query) = 0;
  virtual Result<std::optional<EventBusRow>> get_event_bus(const std::string& name) = 0;
  virtual Status insert_event_bus(const EventBusRow& row) = 0;
  virtual Result<bool> delete_event_bus(const std::string& name) = 0;
  virtual Result<std::optional<RuleRow>> get_rule(const std::string& bus,
                                                  const std::string& name) = 0;
  // Insert or replace by (bus, name), keeping created_at_ms and the rule's targets.
  virtual Status put_rule(const RuleRow& row) = 0;
  virtual Result<bool> delete_rule(const std::string& bus, const std::string& name) = 0;
  virtual Result<std::vector<TargetRow>> get_targets(const std::string& bus,
                                                     const std::string& rule) = 0;
  virtual Status put_target(const TargetRow& row) = 0;
  virtual Result<bool> delete_target(const std::string& bus, const std::string& rule,
                                     const std::string& id) = 0;
  // Sets row.id.
  virtual Status insert_delivery(DeliveryRow& row) = 0;
  // Writes attempts, next_attempt_ms and details_json. false when the row is gone.
  virtual Result<bool> update_delivery(const DeliveryRow& row) = 0;
  virtual Result<bool> delete_delivery(int64_t id) = 0;
  // The outbox sequence up to which the router has routed (0 before the first event).
  virtual Result<int64_t> get_routed_sequence() = 0;
  virtual Status put_routed_sequence(int64_t sequence) = 0;
  // Adds delta.value to the metric's running total.
  virtual Status add_metric(const MetricRow& delta) = 0;
  // Connections, API destinations, functions (bus_rows.h). put_resource inserts or replaces by
  // (kind, name), keeping created_at_ms of a stored row.
  virtual Result<std::optional<ResourceRow>> get_resource(const std::string& kind,
                                                          const std::string& name) = 0;
  virtual Status put_resource(const ResourceRow& row) = 0;
  virtual Result<bool> delete_resource(const std::string& kind, const std::string& name) = 0;
  // Tags of bus resources (buses, rules, connections, ...) by ARN: the whole set is replaced.
  virtual Result<std::vector<Tag>> get_resource_tags(const std::string& arn) = 0;
  virtual Status put_resource_tags(const std::string& arn, const std::vector<Tag>& tags) = 0;
  // Sets record.sequence.
  virtual Status append_log_record(LogRecordRow& record) = 0;
  // When the scheduled rule last fired (nullopt: never).
  virtual Result<std::optional<int64_t>> get_schedule_fired(const std::string& bus,
                                                            const std::string& rule) = 0;
  virtual Status put_schedule_fired(const std::string& bus, const std::string& rule,
                                    int64_t fired_ms) = 0;
  // Outbox retention: deletes events with sequence <= up_to_sequence and time before
  // before_ms; returns how many.
  virtual Result<int64_t> delete_events(int64_t up_to_sequence, int64_t before_ms) = 0;

  // Notification topics (src/notify/). A second message with the same id fails with kConflict.
  virtual Status insert_topic_message(const TopicMessageRow& message) = 0;
  // Sets row.id.
  virtual Status insert_topic_delivery(TopicDeliveryRow& row) = 0;
  // Writes attempts, next_attempt_ms and details_json. false when the row is gone.
  virtual Result<bool> update_topic_delivery(const TopicDeliveryRow& row) = 0;
  // Deletes the delivery, and its message when no other delivery refers to it. false when the
  // delivery was gone.
  virtual Result<bool> delete_topic_delivery(int64_t id) = 0;
  // Deletes every delivery whose subscription ARN starts with the prefix (a subscription's ARN:
  // unsubscribe; "<topic-arn>:": a deleted topic), and the messages left without deliveries.
  // Returns how many deliveries went.
  virtual Result<int64_t> delete_topic_deliveries(const std::string& prefix) = 0;

  // Durable when it returns success. After commit() the transaction is finished.
  virtual Status commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<Transaction>> begin() = 0;

  virtual Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) = 0;
  // Rows come without certificate_pem, chain_pem and key fields.
  virtual Result<CertificatePage> list_certificates(const CertificateFilter& filter,
                                                    const PageRequest& page) = 0;
  virtual Result<uint64_t> count_certificates() = 0;
  virtual Result<std::vector<Tag>> get_tags(const std::string& arn) = 0;
  virtual Result<AccountConfig> get_account_config() = 0;
  virtual Result<std::optional<AccessKeyRow>> get_access_key(const std::string& access_key_id) = 0;
  virtual Result<std::vector<AccessKeyRow>> list_access_keys() = 0;

  virtual Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) = 0;
  // Events matching the query in sequence order (oldest first), at most query.limit.
  virtual Result<std::vector<EventRecord>> list_events(const EventQuery& query) = 0;
  virtual Result<LifecycleState> get_lifecycle_state() = 0;

  virtual Result<std::optional<QueueRow>> get_queue(const std::string& name) = 0;
  // Queues whose name starts with the prefix, in name order.
  virtual Result<std::vector<QueueRow>> list_queues(const QueueListRequest& request) = 0;
  virtual Result<QueueMessageCounts> count_queue_messages(int64_t queue_id, int64_t now_ms,
                                                          int64_t retained_since_ms) = 0;
  // The earliest visible_at_ms among the queue's messages sent at or after retained_since_ms;
  // nullopt when it has none. A long poll waits until then (or until a message arrives).
  virtual Result<std::optional<int64_t>> earliest_queue_visibility(int64_t queue_id,
                                                                   int64_t retained_since_ms) = 0;

  virtual Result<std::optional<EventBusRow>> get_event_bus(const std::string& name) = 0;
  virtual Result<std::vector<EventBusRow>> list_event_buses(const EventBusListRequest& request) = 0;
  virtual Result<std::optional<RuleRow>> get_rule(const std::string& bus,
                                                  const std::string& name) = 0;
  virtual Result<std::vector<RuleRow>> list_rules(const RuleListRequest& request) = 0;
  virtual Result<std::vector<RuleRow>> list_all_rules() = 0;
  virtual Result<std::vector<TargetRow>> get_targets(const std::string& bus,
                                                     const std::string& rule) = 0;
  virtual Result<std::vector<TargetRow>> list_targets_by_arn(const std::string& arn) = 0;
  // Deliveries with next_attempt_ms <= now_ms, earliest first.
  virtual Result<std::vector<DeliveryRow>> due_deliveries(int64_t now_ms, size_t limit) = 0;
  // The earliest next_attempt_ms of any delivery; nullopt when there is none.
  virtual Result<std::optional<int64_t>> next_delivery_time() = 0;
  virtual Result<std::vector<MetricRow>> list_metrics() = 0;
  virtual Result<std::optional<ResourceRow>> get_resource(const std::string& kind,
                                                          const std::string& name) = 0;
  // Sorted by name.
  virtual Result<std::vector<ResourceRow>> list_resources(const ResourceListRequest& request) = 0;
  virtual Result<std::vector<Tag>> get_resource_tags(const std::string& arn) = 0;
  // In sequence order.
  virtual Result<std::vector<LogRecordRow>> list_log_records(const LogQuery& query) = 0;
  virtual Result<std::optional<int64_t>> get_schedule_fired(const std::string& bus,
                                                            const std::string& rule) = 0;
  // Topic deliveries with next_attempt_ms <= now_ms, earliest first, with their message's
  // topic_arn and body.
  virtual Result<std::vector<TopicDeliveryRow>> due_topic_deliveries(int64_t now_ms,
                                                                     size_t limit) = 0;
  // The earliest next_attempt_ms of any topic delivery; nullopt when there is none.
  virtual Result<std::optional<int64_t>> next_topic_delivery_time() = 0;
  // How many deliveries are waiting (for tests and `certflow metrics`).
  virtual Result<int64_t> count_topic_deliveries() = 0;
};

struct SqliteOptions {
  std::string path;  // database file; ":memory:" is not supported (WAL needs a file)
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) and migrates the database to the current schema version.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

}  // namespace certflow::store
