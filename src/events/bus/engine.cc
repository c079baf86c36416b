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
        const std::string arn = rule_arn(config_, event.event_bus, rule);
        for (const auto& target_row : cached->second) {
          const TargetSpec target = to_target(target_row);
          auto payload = transform::render(target.input, event.body,
                                           {arn, rule, from_epoch_millis(event.time_ms)});
          if (!payload) {
            spdlog::warn("bus: rule {} target {}: input transform failed for event {}: {}", rule,
                         target.id, event.id, payload.error().message);
            if (auto ok = (*txn)->add_metric(
                    metric(event.event_bus, rule, target.id, "FailedInvocations"));
                !ok) {
              return tl::unexpected(ok.error());
            }
            continue;
          }
          DeliveryDetails details{arn, target.retry_policy.value_or(RetryPolicy{}),
                                  target.dead_letter_arn.value_or(""), "", ""};
          store::DeliveryRow delivery{0,
                                      event.event_bus,
                                      rule,
                                      target.id,
                                      target.arn,
                                      event.id,
                                      std::move(*payload),
                                      encode_delivery_details(details),
                                      0,
                                      to_epoch_millis(now),
                                      to_epoch_millis(now)};
          if (auto ok = (*txn)->insert_delivery(delivery); !ok) return tl::unexpected(ok.error());
        }
        if (!cached->second.empty()) {
          if (auto ok = (*txn)->add_metric(metric(event.event_bus, rule, "", "TriggeredRules"));
              !ok) {
            return tl::unexpected(ok.error());
          }
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

Result<size_t> EventBus::deliver_due() {
  std::lock_guard lock(deliver_mutex_);
  size_t attempts = 0;
  for (;;) {
    const TimePoint now = clock_.now();
    auto due = store_.due_deliveries(to_epoch_millis(now), kDeliveryBatch);
    if (!due) return tl::unexpected(due.error());
    for (auto& delivery : *due) {
      if (auto ok = attempt(std::move(delivery), now); !ok) return tl::unexpected(ok.error());
      ++attempts;
    }
    if (due->size() < kDeliveryBatch) return attempts;
  }
}

Status EventBus::attempt(store::DeliveryRow delivery, TimePoint now) {
  // RetryPolicy.MaximumEventAgeInSeconds bounds how long retries go on: a retry that falls due
  // after it is not made; the event goes where exhausted events go, with the last error.
  if (delivery.attempts > 0) {
    const DeliveryDetails last = decode_delivery_details(delivery.details_json);
    if (to_epoch_millis(now) - delivery.ingested_at_ms >=
        int64_t{last.retry_policy.maximum_event_age_seconds} * 1000) {
      return finish_exhausted(delivery,
                              DeliveryFailure{last.last_error_code, last.last_error_message, true},
                              "MaximumEventAgeExhausted");
    }
  }
  Target* target = targets_.find(delivery.target_arn);
  tl::expected<void, DeliveryFailure> outcome =
      target ? target->deliver(delivery.target_arn, delivery.payload, {})
             : tl::unexpected(DeliveryFailure{
                   "ResourceNotFound", "no target kind serves " + delivery.target_arn, false});
  const int64_t now_ms = to_epoch_millis(now);
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (outcome) {
    auto deleted = (*txn)->delete_delivery(delivery.id);
    if (!deleted) return tl::unexpected(deleted.error());
    if (auto ok = (*txn)->add_metric(
            metric(delivery.bus, delivery.rule, delivery.target_id, "Invocations"));
        !ok) {
      return ok;
    }
    if (auto ok = (*txn)->add_metric(metric(delivery.bus, delivery.rule, delivery.target_id,
                                            "IngestionToInvocationStartLatency",
                                            now_ms - delivery.ingested_at_ms));
        !ok) {
      return ok;
    }
    return (*txn)->commit();
  }

  DeliveryDetails details = decode_delivery_details(delivery.details_json);
  details.last_error_code = outcome.error().code;
  details.last_error_message = outcome.error().message;
  delivery.attempts += 1;
  std::string exhausted;
  if (!outcome.error().retryable) {
    exhausted = "NonRetryableError";
  } else if (delivery.attempts > details.retry_policy.maximum_retry_attempts) {
    exhausted = "MaximumRetryAttemptsExhausted";
  } else if (now_ms - delivery.ingested_at_ms >=
             int64_t{details.retry_policy.maximum_event_age_seconds} * 1000) {
    exhausted = "MaximumEventAgeExhausted";
  }
  if (auto ok = (*txn)->add_metric(
          metric(delivery.bus, delivery.rule, delivery.target_id, "FailedInvocations"));
      !ok) {
    return ok;
  }
  if (exhausted.empty()) {
    delivery.next_attempt_ms = now_ms + retry_delay(delivery.attempts, jitter_).count();
    delivery.details_json = encode_delivery_details(details);
    spdlog::info("bus: delivery of event {} to {} failed ({}: {}); retry {} at {}",
                 delivery.event_id, delivery.target_arn, details.last_error_code,
                 details.last_error_message, delivery.attempts,
                 to_iso8601(from_epoch_millis(delivery.next_attempt_ms)));
    auto updated = (*txn)->update_delivery(delivery);
    if (!updated) return tl::unexpected(updated.error());
    return (*txn)->commit();
  }
  // Out of retries: the dead-letter queue gets the event, or it is dropped and counted. The row
  // goes in the same transaction as the metric, after the dead-letter send succeeded.
  delivery.details_json = encode_delivery_details(details);
  if (auto ok = (*txn)->commit(); !ok) return ok;
  // The writer is held until the transaction object goes: let it go before finish_exhausted
  // begins its own (else that begin() waits for this one and times out).
  txn->reset();
  DeliveryFailure failure = outcome.error();
  return finish_exhausted(delivery, failure, exhausted);
}

Status EventBus::finish_exhausted(store::DeliveryRow& delivery, const DeliveryFailure& failure,
                                  const std::string& condition) {
  const DeliveryDetails details = decode_delivery_details(delivery.details_json);
  const char* outcome_metric = "InvocationsDropped";
  if (!details.dead_letter_arn.empty()) {
    Target* dlq = targets_.find(details.dead_letter_arn);
    DeliveryAttributes attributes = {
        {"RULE_ARN", details.rule_arn},
        {"TARGET_ARN", delivery.target_arn},
        {"ERROR_CODE", failure.code},
        {"ERROR_MESSAGE", failure.message},
        {"EXHAUSTED_RETRY_CONDITION", condition},
        {"RETRY_ATTEMPTS", std::to_string(std::max<int64_t>(delivery.attempts - 1, 0))},
    };
    auto sent =
        dlq ? dlq->deliver(details.dead_letter_arn, delivery.payload, attributes)
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

void EventBus::loop() {
  std::unique_lock lock(loop_mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    if (auto routed = route_pending(); !routed) {
      spdlog::error("bus: routing failed, retrying shortly: {}", routed.error().message);
    }
    if (auto delivered = deliver_due(); !delivered) {
      spdlog::error("bus: delivery failed, retrying shortly: {}", delivered.error().message);
    }
    std::chrono::milliseconds wait = kIdlePoll;
    if (auto next = store_.next_delivery_time(); next && *next) {
      wait = std::clamp(std::chrono::milliseconds(**next - to_epoch_millis(clock_.now())),
                        std::chrono::milliseconds(1), kIdlePoll);
    }
    lock.lock();
    // The outbox gets events from other rooms too (the lifecycle engine), so the wait is a poll
    // interval as well as a wake-up: at most kIdlePoll between routing passes.
    loop_wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

}  // namespace certflow::events::bus
