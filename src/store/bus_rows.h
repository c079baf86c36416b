// What the event bus (src/events/bus/) keeps in the store: buses, rules, targets, the durable
// delivery queue, the router's position in the outbox and the delivery metrics. The store keeps
// each record's settings as the bus room's own JSON (details_json) and knows nothing of their
// meaning; it indexes only what it must look up by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace certflow::store {

struct EventBusRow {
  std::string name;  // primary key; "default" exists without a row
  std::string arn;
  std::string details_json;
  int64_t created_at_ms = 0;
};

struct RuleRow {
  std::string bus;
  std::string name;  // (bus, name) is the key
  std::string arn;
  std::string state;  // ENABLED | DISABLED
  std::string details_json;
  int64_t created_at_ms = 0;
};

struct TargetRow {
  std::string bus;
  std::string rule;
  std::string id;  // (bus, rule, id) is the key
  std::string arn;
  std::string details_json;
};

// One event on its way to one target. At-least-once: a delivery row is removed only after the
// target took the event (or it went to the dead-letter queue or was dropped, which is counted).
struct DeliveryRow {
  int64_t id = 0;  // assigned by insert_delivery
  std::string bus;
  std::string rule;
  std::string target_id;
  std::string target_arn;
  std::string event_id;
  std::string payload;       // what the target receives (after the target's input transform)
  std::string details_json;  // retry policy, dead-letter queue, last error: the bus room's JSON
  int64_t attempts = 0;
  int64_t ingested_at_ms = 0;
  int64_t next_attempt_ms = 0;  // due when <= now; a worker leases a row by moving this forward
};

struct RuleListRequest {
  std::string bus;
  std::string name_prefix;
  std::optional<std::string> start_after;  // exclusive: a rule name
  size_t limit = 100;
};

struct EventBusListRequest {
  std::string name_prefix;
  std::optional<std::string> start_after;  // exclusive: a bus name
  size_t limit = 100;
};

struct MetricRow {
  std::string bus;
  std::string rule;       // "" for bus-wide metrics
  std::string target_id;  // "" for rule-wide metrics
  std::string name;       // MatchedEvents, Invocations, FailedInvocations, ...
  int64_t value = 0;
};

// A named resource of the event-bus world besides buses and rules: a connection, an API
// destination, a function. `kind` and `name` are the key; the owning room keeps its settings
// (secrets sealed) in details_json.
struct ResourceRow {
  std::string kind;
  std::string name;
  std::string arn;
  std::string details_json;
  int64_t created_at_ms = 0;
  int64_t modified_at_ms = 0;
};

struct ResourceListRequest {
  std::string kind;
  std::string name_prefix;
  std::optional<std::string> start_after;  // exclusive: a name
  size_t limit = 100;
};

// One line of a log target's log group (and of a function's output): readable with
// `certflow events tail`.
struct LogRecordRow {
  int64_t sequence = 0;  // assigned by append_log_record, increasing in append order
  std::string log_group;
  std::string rule;  // the rule whose target wrote it ("" when none)
  int64_t time_ms = 0;
  std::string event_id;
  std::string message;
};

struct LogQuery {
  std::optional<std::string> log_group;
  std::optional<std::string> rule;
  int64_t after_sequence = 0;  // exclusive
  size_t limit = 1000;
};

}  // namespace certflow::store
