// certflow's EventBridge: event buses, rules with event patterns, targets, PutEvents, and the
// engine that routes every event of the outbox (lifecycle events and PutEvents alike) to the
// matching rules' targets, durably, with EventBridge's retry and dead-letter behaviour.
// The door of the bus room.
//
// Data path: outbox (store events table, in sequence order) → router: match each event against
// its bus's rules (one compiled pattern Matcher per bus), render each target's input, and write
// one delivery row per (event, target) and the new outbox position in one transaction →
// delivery thread: due deliveries to their Target; success deletes the row; failure retries with
// exponential backoff and jitter until RetryPolicy is exhausted, then the dead-letter queue (or
// dropped and counted). At-least-once: a row goes only after its target took the event.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "events/bus/target.h"
#include "events/pattern/pattern.h"
#include "events/schedule/schedule.h"
#include "events/transform/transform.h"
#include "store/store.h"

namespace certflow::events::bus {

struct BusConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Routed events older than this leave the outbox (`certflow events list` reads it).
  std::chrono::hours outbox_retention{24 * 90};
};

inline constexpr const char* kDefaultBus = "default";
inline constexpr size_t kMaxTargetsPerRule = 5;

struct EventBusInfo {
  std::string name;
  std::string arn;
  std::string description;
  TimePoint created_at;
};

struct RuleSpec {
  std::string bus = kDefaultBus;  // a name or an ARN
  std::string name;
  std::optional<std::string> event_pattern;
  std::optional<std::string> schedule_expression;
  std::string state = "ENABLED";
  std::string description;
  std::string role_arn;
  std::vector<store::Tag> tags;  // added to the rule's tags
};

struct Rule {
  std::string bus;
  std::string name;
  std::string arn;
  std::string state;
  std::string event_pattern;        // "" when none
  std::string schedule_expression;  // "" when none
  std::string description;
  std::string role_arn;
};

struct RetryPolicy {
  int maximum_retry_attempts = 185;        // 0..185
  int maximum_event_age_seconds = 86'400;  // 60..86,400
};

struct TargetSpec {
  std::string id;
  std::string arn;
  transform::TargetInput input;
  std::optional<RetryPolicy> retry_policy;     // absent: EventBridge's defaults
  std::optional<std::string> dead_letter_arn;  // an SQS queue ARN
  std::string role_arn;
};

struct EntryFailure {
  std::string id;  // the target id
  std::string error_code;
  std::string error_message;
};

struct EventEntry {
  std::optional<TimePoint> time;
  std::string source;
  std::vector<std::string> resources;
  std::string detail_type;
  std::string detail;  // JSON object text
  std::string event_bus = kDefaultBus;
};

struct EntryResult {
  std::string event_id;  // set on success
  std::string error_code;
  std::string error_message;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

class EventBus {
 public:
  EventBus(store::Store& store, const Clock& clock, TargetRegistry& targets, BusConfig config);
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Compiles every stored rule into the matchers; call once before routing.
  Status load();

  Result<EventBusInfo> create_event_bus(const std::string& name, const std::string& description,
                                        const std::vector<store::Tag>& tags = {});
  Result<EventBusInfo> describe_event_bus(const std::string& name_or_arn);
  Result<Page<EventBusInfo>> list_event_buses(const std::string& prefix,
                                              const std::optional<std::string>& next_token,
                                              size_t limit);
  Status delete_event_bus(const std::string& name_or_arn);

  Result<std::string> put_rule(const RuleSpec& spec);  // the rule's ARN
  Result<Rule> describe_rule(const std::string& bus, const std::string& name);
  Result<Page<Rule>> list_rules(const std::string& bus, const std::string& prefix,
                                const std::optional<std::string>& next_token, size_t limit);
  Status delete_rule(const std::string& bus, const std::string& name);
  Status set_rule_state(const std::string& bus, const std::string& name, bool enabled);
  Result<std::vector<std::string>> list_rule_names_by_target(const std::string& bus,
                                                             const std::string& target_arn);

  // Per-entry failures (EventBridge's FailedEntries); the request as a whole fails only when
  // the bus or rule does not exist or the rule would have more than five targets.
  Result<std::vector<EntryFailure>> put_targets(const std::string& bus, const std::string& rule,
                                                const std::vector<TargetSpec>& targets);
  Result<std::vector<EntryFailure>> remove_targets(const std::string& bus, const std::string& rule,
                                                   const std::vector<std::string>& ids);
  Result<std::vector<TargetSpec>> list_targets(const std::string& bus, const std::string& rule);

  // PutEvents: all accepted entries are written to the outbox in one transaction before this
  // returns. Results are in the entries' order.
  Result<std::vector<EntryResult>> put_events(const std::vector<EventEntry>& entries);

  // One routing pass over the outbox; returns how many events it routed.
  Result<size_t> route_pending();
  // Attempts every delivery due now; returns how many attempts were made.
  Result<size_t> deliver_due();
  Result<std::vector<store::MetricRow>> metrics();

  // Tags of event buses and rules, by ARN (TagResource and friends).
  Status tag_resource(const std::string& arn, const std::vector<store::Tag>& tags);
  Status untag_resource(const std::string& arn, const std::vector<std::string>& keys);
  Result<std::vector<store::Tag>> list_tags(const std::string& arn);

  // Fires every enabled scheduled rule whose time has come: a "Scheduled Event" (source
  // aws.events) straight to the rule's targets, in one transaction with the rule's new firing
  // time. Firings missed while the daemon was down (or the simulated clock jumped) fire once,
  // for the latest missed time. Returns how many rules fired.
  Result<size_t> fire_schedules();
  // The next time a scheduled rule fires (nullopt: none scheduled).
  std::optional<TimePoint> next_schedule_time();

  // Outbox retention: deletes routed events older than `age`; returns how many.
  Result<int64_t> purge_routed_events(std::chrono::hours age);

  // Background thread: routes and delivers as events arrive and deliveries fall due.
  void start();
  void stop();
  void wake();  // something new is in the outbox

  const BusConfig& config() const { return config_; }

 private:
  Result<std::string> bus_name(const std::string& name_or_arn) const;
  Status require_bus(const std::string& name);
  Result<store::RuleRow> require_rule(const std::string& bus, const std::string& name);
  void update_matcher(const std::string& bus, const std::string& rule,
                      const std::optional<std::string>& pattern);
  // Keeps the scheduler's view of the rule in step with the store (after put/enable/delete).
  // anchor: the time to schedule the next firing after (nullopt: the last firing, else creation).
  void update_schedule(const store::RuleRow& row, std::optional<TimePoint> anchor);
  void remove_schedule(const std::string& bus, const std::string& rule);
  // The stored key of a bus's or rule's tags, after checking the resource exists.
  Result<std::string> taggable_resource(const std::string& arn);
  std::shared_ptr<pattern::Matcher> matcher_for(const std::string& bus);
  // Writes one delivery per target of the rule for the event (after each target's input
  // transform), with the rule's metrics, into `txn`.
  Status enqueue(store::Transaction& txn, const std::string& bus, const std::string& rule,
                 const std::vector<store::TargetRow>& targets, const std::string& event_id,
                 const std::string& event_body, TimePoint event_time, TimePoint now);
  // Attempts a batch of due deliveries and records the outcomes; returns the attempts made.
  Result<size_t> deliver_batch(std::vector<store::DeliveryRow> rows, TimePoint now);
  Status finish_exhausted(store::DeliveryRow& delivery, const DeliveryFailure& failure,
                          const std::string& condition);
  // Appends PutEvents' records to the outbox, sharing one commit with concurrent callers.
  Status append_grouped(std::vector<store::EventRecord>& records);
  void housekeeping();  // scheduled rules and outbox retention, from the loop
  void loop();

  store::Store& store_;
  const Clock& clock_;
  TargetRegistry& targets_;
  BusConfig config_;

  std::mutex matchers_mutex_;
  std::map<std::string, std::shared_ptr<pattern::Matcher>> matchers_;
  struct ScheduledRule {
    std::string arn;
    std::shared_ptr<const schedule::Schedule> schedule;
    TimePoint created;
    std::optional<TimePoint> next;  // the next firing; nullopt: never again
  };
  std::mutex schedules_mutex_;
  std::map<std::pair<std::string, std::string>, ScheduledRule> schedules_;  // (bus, rule)

  struct GroupedAppend {
    std::vector<store::EventRecord>* records = nullptr;
    Status status;
    bool done = false;
    std::condition_variable ready;
  };
  std::mutex group_mutex_;
  std::deque<GroupedAppend*> group_queue_;

  std::mutex route_mutex_;    // one routing pass at a time
  std::mutex deliver_mutex_;  // one delivery pass at a time
  std::mt19937_64 jitter_;

  std::mutex loop_mutex_;
  std::condition_variable loop_wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::optional<TimePoint> last_purge_;
  std::thread thread_;
};

// The pause before retry number `attempt` (1-based): exponential from 1 s, capped at 8 minutes
// (185 retries then span about a day, as EventBridge's defaults do), with full jitter in
// [delay/2, delay].
std::chrono::milliseconds retry_delay(int64_t attempt, std::mt19937_64& random);

}  // namespace certflow::events::bus
