// The bus engine: matchers, routing the outbox into deliveries, delivering, the background
// thread.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "events/bus/bus.h"
#include "events/bus/records.h"

namespace certflow::events::bus {
namespace {

constexpr size_t kRouteBatch = 500;
constexpr size_t kDeliveryBatch = 100;
constexpr auto kIdlePoll = std::chrono::milliseconds(500);

store::MetricRow metric(const std::string& bus, const std::string& rule, const std::string& target,
                        const char* name, int64_t value = 1) {
  return store::MetricRow{bus, rule, target, name, value};
}

}  // namespace

std::chrono::milliseconds retry_delay(int64_t attempt, std::mt19937_64& random) {
  constexpr int64_t kBaseMs = 1000;
  constexpr int64_t kCapMs = 8 * 60 * 1000;
  const int64_t shift = std::clamp<int64_t>(attempt - 1, 0, 20);
  const int64_t delay = std::min(kCapMs, kBaseMs << shift);
  std::uniform_int_distribution<int64_t> jitter(delay / 2, delay);
  return std::chrono::milliseconds(jitter(random));
}

EventBus::EventBus(store::Store& store, const Clock& clock, TargetRegistry& targets,
                   BusConfig config)
    : store_(store),
      clock_(clock),
      targets_(targets),
      config_(std::move(config)),
      jitter_(std::random_device{}()) {}

EventBus::~EventBus() { stop(); }

std::shared_ptr<pattern::Matcher> EventBus::matcher_for(const std::string& bus) {
  std::lock_guard lock(matchers_mutex_);
  auto& matcher = matchers_[bus];
  if (!matcher) matcher = std::make_shared<pattern::Matcher>();
  return matcher;
}

void EventBus::update_matcher(const std::string& bus, const std::string& rule,
                              const std::optional<std::string>& pattern) {
  auto matcher = matcher_for(bus);
  matcher->remove_pattern(rule);
  if (pattern) {
    // Validated before it was stored; a failure here would be a bug, so say so loudly.
    if (auto ok = matcher->add_pattern(rule, *pattern); !ok) {
      spdlog::error("bus: rule {} on {} could not be compiled: {}", rule, bus, ok.error().message);
    }
  }
}

Status EventBus::load() {
  auto rules = store_.list_all_rules();
  if (!rules) return tl::unexpected(rules.error());
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_bus;
  for (const auto& row : *rules) {
    update_schedule(row, std::nullopt);
    const Rule rule = to_rule(row);
    if (rule.state == "ENABLED" && !rule.event_pattern.empty()) {
      by_bus[rule.bus].emplace_back(rule.name, rule.event_pattern);
    }
  }
  for (const auto& [bus, patterns] : by_bus) {
    if (auto ok = matcher_for(bus)->add_patterns(patterns); !ok) return ok;
  }
  return {};
}

Result<size_t> EventBus::route_pending() {
  std::lock_guard lock(route_mutex_);
  const TimePoint now = clock_.now();
  size_t routed = 0;
  for (;;) {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto cursor = (*txn)->get_routed_sequence();
    if (!cursor) return tl::unexpected(cursor.error());
    store::EventQuery query;
    query.after_sequence = *cursor;
    query.limit = kRouteBatch;
    auto events = (*txn)->list_events(query);
    if (!events) return tl::unexpected(events.error());
    if (events->empty()) return routed;

    std::map<std::pair<std::string, std::string>, std::vector<store::TargetRow>> targets_cache;
    for (const auto& event : *events) {
      auto rules = matcher_for(event.event_bus)->match(event.body);
      if (!rules) {
        spdlog::warn("bus: event {} could not be matched: {}", event.id, rules.error().message);
        continue;
      }
      for (const auto& rule : *rules) {
        auto key = std::make_pair(event.event_bus, rule);
        auto cached = targets_cache.find(key);
        if (cached == targets_cache.end()) {
          auto rows = (*txn)->get_targets(event.event_bus, rule);
          if (!rows) return tl::unexpected(rows.error());
          cached = targets_cache.emplace(key, std::move(*rows)).first;
        }
        if (auto ok = (*txn)->add_metric(metric(event.event_bus, rule, "", "MatchedEvents")); !ok) {
          return tl::unexpected(ok.error());
        }
        if (auto ok = enqueue(**txn, event.event_bus, rule, cached->second, event.id, event.body,
                              from_epoch_millis(event.time_ms), now);
            !ok) {
          return tl::unexpected(ok.error());
        }
      }
    }
    if (auto ok = (*txn)->put_routed_sequence(events->back().sequence); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
    routed += events->size();
    if (events->size() < kRouteBatch) return routed;
  }
}

Status EventBus::enqueue(store::Transaction& txn, const std::string& bus, const std::string& rule,
                         const std::vector<store::TargetRow>& targets, const std::string& event_id,
                         const std::string& event_body, TimePoint event_time, TimePoint now) {
  const std::string arn = rule_arn(config_, bus, rule);
  for (const auto& target_row : targets) {
    const TargetSpec target = to_target(target_row);
    auto payload = transform::render(target.input, event_body, {arn, rule, event_time});
    if (!payload) {
      spdlog::warn("bus: rule {} target {}: input transform failed for event {}: {}", rule,
                   target.id, event_id, payload.error().message);
      for (const char* name : {"FailedInvocations", "DeadLetterInvocations"}) {
        if (auto ok = txn.add_metric(metric(bus, rule, target.id, name)); !ok) return ok;
      }
      continue;
    }
    DeliveryDetails details{arn, target.retry_policy.value_or(RetryPolicy{}),
                            target.dead_letter_arn.value_or(""), "", ""};
    store::DeliveryRow delivery{0,
                                bus,
                                rule,
                                target.id,
                                target.arn,
                                event_id,
                                std::move(*payload),
                                encode_delivery_details(details),
                                0,
                                to_epoch_millis(now),
                                to_epoch_millis(now)};
    if (auto ok = txn.insert_delivery(delivery); !ok) return ok;
  }
  if (!targets.empty()) {
    if (auto ok = txn.add_metric(metric(bus, rule, "", "TriggeredRules")); !ok) return ok;
  }
  return {};
}

Result<size_t> EventBus::deliver_due() {
  std::lock_guard lock(deliver_mutex_);
  size_t attempts = 0;
  for (;;) {
    const TimePoint now = clock_.now();
    auto due = store_.due_deliveries(to_epoch_millis(now), kDeliveryBatch);
    if (!due) return tl::unexpected(due.error());
    if (due->empty()) return attempts;
    const size_t fetched = due->size();
    auto made = deliver_batch(std::move(*due), now);
    if (!made) return tl::unexpected(made.error());
    attempts += *made;
    if (fetched < kDeliveryBatch) return attempts;
  }
}

Result<size_t> EventBus::deliver_batch(std::vector<store::DeliveryRow> rows, TimePoint now) {
  const int64_t now_ms = to_epoch_millis(now);
  struct Pending {
    store::DeliveryRow row;
    DeliveryDetails details;
    std::optional<DeliveryOutcome> outcome;  // unset: not attempted (past its age)
    std::string exhausted;                   // the condition, once out of retries
  };
  std::vector<Pending> pending;
  pending.reserve(rows.size());
  // Per target kind, the indexes into `pending` of the deliveries it gets.
  std::map<Target*, std::vector<size_t>> by_target;
  for (auto& row : rows) {
    Pending item{std::move(row), {}, std::nullopt, ""};
    item.details = decode_delivery_details(item.row.details_json);
    // RetryPolicy.MaximumEventAgeInSeconds bounds how long retries go on: a retry that falls due
    // after it is not made; the event goes where exhausted events go, with the last error.
    if (item.row.attempts > 0 &&
        now_ms - item.row.ingested_at_ms >=
            int64_t{item.details.retry_policy.maximum_event_age_seconds} * 1000) {
      item.exhausted = "MaximumEventAgeExhausted";
      item.outcome = tl::unexpected(
          DeliveryFailure{item.details.last_error_code, item.details.last_error_message, true});
    } else if (Target* target = targets_.find(item.row.target_arn)) {
      by_target[target].push_back(pending.size());
    } else {
      item.outcome = tl::unexpected(DeliveryFailure{
          "ResourceNotFound", "no target kind serves " + item.row.target_arn, false});
    }
    pending.push_back(std::move(item));
  }

  // Each kind takes its batch at once (HTTP and functions overlap their calls inside), and the
  // kinds run side by side, so a slow function does not hold up the queues.
  std::vector<std::thread> workers;
  auto run_kind = [&pending](Target* target, const std::vector<size_t>& indexes) {
    std::vector<Delivery> batch;
    batch.reserve(indexes.size());
    for (size_t i : indexes) {
      const Pending& item = pending[i];
      batch.push_back(Delivery{item.row.target_arn,
                               item.row.payload,
                               {},
                               item.details.rule_arn,
                               item.row.rule,
                               item.row.target_id,
                               item.row.event_id,
                               item.row.attempts + 1});
    }
    auto outcomes = target->deliver_all(batch);
    for (size_t k = 0; k < indexes.size(); ++k) {
      pending[indexes[k]].outcome =
          k < outcomes.size()
              ? std::move(outcomes[k])
              : tl::unexpected(DeliveryFailure{"InternalError", "the target gave no outcome"});
    }
  };
  for (auto it = by_target.begin(); it != by_target.end(); ++it) {
    if (std::next(it) == by_target.end()) {
      run_kind(it->first, it->second);
    } else {
      workers.emplace_back(run_kind, it->first, std::cref(it->second));
    }
  }
  for (auto& worker : workers) worker.join();

  // One transaction records every outcome: successes leave the queue, failures are rescheduled
  // or marked exhausted, throttled deliveries wait without using an attempt.
  size_t attempted = 0;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  for (auto& item : pending) {
    store::DeliveryRow& row = item.row;
    auto add = [&](const char* name, int64_t value = 1) {
      return (*txn)->add_metric(metric(row.bus, row.rule, row.target_id, name, value));
    };
    if (!item.exhausted.empty()) continue;  // past its age: to the dead-letter step
    ++attempted;
    if (*item.outcome) {
      if (auto ok = (*txn)->delete_delivery(row.id); !ok) return tl::unexpected(ok.error());
      if (auto ok = add("Invocations"); !ok) return tl::unexpected(ok.error());
      if (auto ok = add("IngestionToInvocationStartLatency", now_ms - row.ingested_at_ms); !ok) {
        return tl::unexpected(ok.error());
      }
      continue;
    }
    const DeliveryFailure& failure = item.outcome->error();
    if (failure.throttled_for.count() > 0) {
      row.next_attempt_ms = now_ms + failure.throttled_for.count();
      if (auto ok = (*txn)->update_delivery(row); !ok) return tl::unexpected(ok.error());
      if (auto ok = (*txn)->add_metric(metric(row.bus, row.rule, "", "ThrottledRules")); !ok) {
        return tl::unexpected(ok.error());
      }
      continue;
    }
    item.details.last_error_code = failure.code;
    item.details.last_error_message = failure.message;
    row.attempts += 1;
    row.details_json = encode_delivery_details(item.details);
    if (auto ok = add("FailedInvocations"); !ok) return tl::unexpected(ok.error());
    if (!failure.retryable) {
      item.exhausted = "NonRetryableError";
    } else if (row.attempts > item.details.retry_policy.maximum_retry_attempts) {
      item.exhausted = "MaximumRetryAttemptsExhausted";
    } else if (now_ms - row.ingested_at_ms >=
               int64_t{item.details.retry_policy.maximum_event_age_seconds} * 1000) {
      item.exhausted = "MaximumEventAgeExhausted";
    }
    if (item.exhausted.empty()) {
      row.next_attempt_ms = now_ms + retry_delay(row.attempts, jitter_).count();
      spdlog::info("bus: delivery of event {} to {} failed ({}: {}); retry {} at {}", row.event_id,
                   row.target_arn, failure.code, failure.message, row.attempts,
                   to_iso8601(from_epoch_millis(row.next_attempt_ms)));
    }
    // An exhausted row keeps its place (now past due) until the dead-letter step below has
    // sent it: a crash in between sends it again rather than losing it.
    if (auto ok = (*txn)->update_delivery(row); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  // The writer is held until the transaction object goes: let it go before the dead-letter
  // step begins its own.
  txn->reset();

  for (auto& item : pending) {
    if (item.exhausted.empty()) continue;
    if (auto ok = finish_exhausted(item.row, item.outcome->error(), item.exhausted); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return attempted;
}

Status EventBus::finish_exhausted(store::DeliveryRow& delivery, const DeliveryFailure& failure,
                                  const std::string& condition) {
  const DeliveryDetails details = decode_delivery_details(delivery.details_json);
  const char* outcome_metric = "InvocationsDropped";
  if (!details.dead_letter_arn.empty()) {
    Target* dlq = targets_.find(details.dead_letter_arn);
    Delivery dead_letter{
        details.dead_letter_arn,
        delivery.payload,
        {
            {"RULE_ARN", details.rule_arn},
            {"TARGET_ARN", delivery.target_arn},
            {"ERROR_CODE", failure.code},
            {"ERROR_MESSAGE", failure.message},
            {"EXHAUSTED_RETRY_CONDITION", condition},
            {"RETRY_ATTEMPTS", std::to_string(std::max<int64_t>(delivery.attempts - 1, 0))},
        },
        "",
        delivery.rule,
        delivery.target_id,
        delivery.event_id,
        1};
    auto sent =
        dlq ? dlq->deliver(dead_letter)
            : tl::unexpected(DeliveryFailure{"ResourceNotFound", "no dead-letter queue", false});
    if (sent) {
      outcome_metric = "InvocationsSentToDlq";
    } else {
      outcome_metric = "InvocationsFailedToBeSentToDlq";
      spdlog::error("bus: event {} could not be sent to dead-letter queue {}: {}",
                    delivery.event_id, details.dead_letter_arn, sent.error().message);
    }
  }
  spdlog::warn("bus: event {} to {} gave up after {} attempt(s) ({}; last error {}: {}): {}",
               delivery.event_id, delivery.target_arn, delivery.attempts, condition, failure.code,
               failure.message, outcome_metric);
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto deleted = (*txn)->delete_delivery(delivery.id);
  if (!deleted) return tl::unexpected(deleted.error());
  if (auto ok = (*txn)->add_metric(
          metric(delivery.bus, delivery.rule, delivery.target_id, outcome_metric));
      !ok) {
    return ok;
  }
  // EventBridge's DeadLetterInvocations: the event did not reach its target, whatever became of
  // it afterwards.
  if (auto ok = (*txn)->add_metric(
          metric(delivery.bus, delivery.rule, delivery.target_id, "DeadLetterInvocations"));
      !ok) {
    return ok;
  }
  return (*txn)->commit();
}

Result<std::vector<store::MetricRow>> EventBus::metrics() { return store_.list_metrics(); }

void EventBus::start() {
  std::lock_guard lock(loop_mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void EventBus::stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  loop_wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventBus::wake() {
  {
    std::lock_guard lock(loop_mutex_);
    woken_ = true;
  }
  loop_wake_.notify_all();
}

Result<int64_t> EventBus::purge_routed_events(std::chrono::hours age) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto routed = (*txn)->get_routed_sequence();
  if (!routed) return tl::unexpected(routed.error());
  auto purged =
      (*txn)->delete_events(*routed, to_epoch_millis(clock_.now() - std::chrono::hours(age)));
  if (!purged) return tl::unexpected(purged.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return *purged;
}

void EventBus::housekeeping() {
  if (auto fired = fire_schedules(); !fired) {
    spdlog::error("bus: scheduled rules could not fire, retrying shortly: {}",
                  fired.error().message);
  }
  const TimePoint now = clock_.now();
  if (!last_purge_ || now - *last_purge_ >= std::chrono::hours(1)) {
    last_purge_ = now;
    auto purged = purge_routed_events(config_.outbox_retention);
    if (!purged) {
      spdlog::error("bus: outbox retention failed: {}", purged.error().message);
    } else if (*purged > 0) {
      spdlog::info("bus: removed {} routed event(s) older than {} days from the outbox", *purged,
                   config_.outbox_retention.count() / 24);
    }
  }
}

void EventBus::loop() {
  std::unique_lock lock(loop_mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    housekeeping();
    if (auto routed = route_pending(); !routed) {
      spdlog::error("bus: routing failed, retrying shortly: {}", routed.error().message);
    }
    if (auto delivered = deliver_due(); !delivered) {
      spdlog::error("bus: delivery failed, retrying shortly: {}", delivered.error().message);
    }
    std::chrono::milliseconds wait = kIdlePoll;
    const int64_t now_ms = to_epoch_millis(clock_.now());
    auto wait_until = [&](int64_t at_ms) {
      wait = std::min(wait, std::clamp(std::chrono::milliseconds(at_ms - now_ms),
                                       std::chrono::milliseconds(1), kIdlePoll));
    };
    if (auto next = store_.next_delivery_time(); next && *next) wait_until(**next);
    if (auto next = next_schedule_time()) wait_until(to_epoch_millis(*next));
    lock.lock();
    // The outbox gets events from other rooms too (the lifecycle engine), so the wait is a poll
    // interval as well as a wake-up: at most kIdlePoll between routing passes.
    loop_wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

}  // namespace certflow::events::bus
