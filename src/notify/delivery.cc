// The delivery thread: due topic deliveries to their protocol's channel, SNS's retry schedule on
// failure, then redrive to the subscription's dead-letter queue or a loud drop. An http/s
// subscription's maxReceivesPerSecond holds deliveries over it back (rescheduled for their turn,
// no attempt used), as the event bus holds back API destinations over their rate.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/rate_limiter.h"
#include "notify/delivery_policy.h"
#include "notify/signer.h"
#include "notify/state.h"
#include "notify/stored_message.h"
#include "queue/queues.h"

namespace certflow::notify {

using nlohmann::json;

namespace {

constexpr size_t kBatchSize = 256;
constexpr std::chrono::milliseconds kIdlePoll{500};
// A redrive that could not reach the dead-letter queue is tried again after this long.
constexpr int64_t kRedriveRetryMs = 5 * 60 * 1000;

struct Pending {
  store::TopicDeliveryRow row;
  Notification notification;
  RetryPolicy policy;
  std::string dead_letter_arn;  // "" when the subscription has no RedrivePolicy
  std::string dead_letter_body;
  queue::MessageAttributes dead_letter_attributes;
  std::optional<ChannelOutcome> outcome;
  std::optional<int> max_receives_per_second;  // http/s notifications with a throttlePolicy
  int64_t throttled_until_ms = 0;              // > 0: over the rate, waits until then
};

std::string dead_letter_target(const std::string& redrive_policy) {
  if (redrive_policy.empty()) return "";
  json document = json::parse(redrive_policy, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) return "";
  return document.value("deadLetterTargetArn", "");
}

queue::MessageAttributes queue_attributes(const MessageAttributes& attributes) {
  queue::MessageAttributes out;
  for (const auto& [name, attribute] : attributes) {
    queue::MessageAttributeValue value;
    // SQS has no String.Array: it travels as a String holding the JSON array.
    value.data_type = attribute.data_type == "String.Array" ? "String" : attribute.data_type;
    if (attribute.data_type.rfind("Binary", 0) == 0) {
      value.binary_value = attribute.value;
    } else {
      value.string_value = attribute.value;
    }
    out[name] = std::move(value);
  }
  return out;
}

// Holds back the deliveries over their subscription's maxReceivesPerSecond: each gets the time
// of its turn in throttled_until_ms. Returns how many were held back. `slots`: see
// Topics::State::throttle_slots.
size_t hold_back_over_rate(std::vector<Pending>& pending, int64_t now_ms, RateLimiter& limiter,
                           std::map<std::string, int64_t>& slots) {
  std::erase_if(slots, [now_ms](const auto& entry) { return entry.second <= now_ms; });
  std::map<std::string, size_t> held;  // by subscription, for the log
  size_t throttled = 0;
  for (Pending& item : pending) {
    if (!item.max_receives_per_second) continue;
    const int rate = *item.max_receives_per_second;
    const std::string& arn = item.row.subscription_arn;
    const auto wait = limiter.acquire(arn, rate);
    if (wait.count() == 0) continue;
    // A backlog takes turns 1/rate apart after the bucket's next token, so each delivery comes
    // due about when there is a token for it.
    int64_t& slot = slots.try_emplace(arn, 0).first->second;
    item.throttled_until_ms = std::max(now_ms + wait.count(), slot);
    slot = item.throttled_until_ms + (1000 + rate - 1) / rate;
    ++held[arn];
    ++throttled;
  }
  for (const auto& [arn, count] : held) {
    spdlog::debug("topics: {} deliveries to {} over its maxReceivesPerSecond wait for their turn",
                  count, arn);
  }
  return throttled;
}

}  // namespace

Result<size_t> Topics::deliver_due() {
  std::lock_guard guard(state_->deliver_mutex);
  size_t attempts = 0;
  for (;;) {
    auto rows = store_.due_topic_deliveries(to_epoch_millis(clock_.now()), kBatchSize);
    if (!rows) return tl::unexpected(rows.error());
    const size_t count = rows->size();
    if (count == 0) break;
    auto made = deliver_batch(std::move(*rows));
    if (!made) return made;
    attempts += *made;
    if (count < kBatchSize) break;
  }
  return attempts;
}

Result<size_t> Topics::deliver_batch(std::vector<store::TopicDeliveryRow> rows) {
  const int64_t now_ms = to_epoch_millis(clock_.now());
  std::vector<Pending> pending;
  std::vector<int64_t> orphans;  // deliveries whose subscription or topic is gone
  for (auto& row : rows) {
    json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
    if (details.is_discarded() || !details.is_object()) details = json::object();
    std::optional<TopicRecord> topic;
    std::optional<SubscriptionRecord> subscription;
    std::shared_ptr<const crypto::SecretBytes> key;
    {
      std::lock_guard lock(state_->mutex);
      if (auto it = state_->topics.find(row.topic_arn); it != state_->topics.end()) {
        topic = it->second;
      }
      if (auto it = state_->subscriptions.find(row.subscription_arn);
          it != state_->subscriptions.end()) {
        subscription = it->second;
      }
      if (auto it = state_->data_keys.find(row.topic_arn); it != state_->data_keys.end()) {
        key = it->second;
      }
    }
    auto message = topic ? decode_message(row.message_body, row.message_id, key.get())
                         : Result<StoredMessage>(tl::unexpected(Error{ErrorCode::kNotFound, ""}));
    const bool unsubscribed = message && message->type == MessageType::kUnsubscribeConfirmation;
    if (!topic || !message || (!subscription && !unsubscribed)) {
      if (topic && !message) {
        spdlog::error("topics: delivery {} of message {} dropped: {}", row.id, row.message_id,
                      message.error().message);
      }
      orphans.push_back(row.id);
      continue;
    }
    Pending item;
    Notification& n = item.notification;
    n.type = message->type;
    n.message_id = row.message_id;
    n.topic_arn = row.topic_arn;
    n.topic_display_name =
        topic->attributes.contains("DisplayName") ? topic->attributes.at("DisplayName") : "";
    n.subscription_arn = row.subscription_arn;
    n.protocol = subscription ? subscription->protocol : details.value("protocol", "");
    n.endpoint = subscription ? subscription->endpoint : details.value("endpoint", "");
    n.message = message->message_for(n.protocol);
    n.subject = message->subject;
    n.attributes = message->attributes;
    n.timestamp = from_epoch_millis(message->timestamp_ms);
    n.raw = subscription && n.type == MessageType::kNotification &&
            subscription->attribute("RawMessageDelivery") == "true";
    n.signature_version = topic->attributes.contains("SignatureVersion") &&
                                  topic->attributes.at("SignatureVersion") == "2"
                              ? 2
                              : 1;
    n.token = message->token;
    if (n.type != MessageType::kNotification) n.subscribe_url = subscribe_url(n.topic_arn, n.token);
    n.unsubscribe_url = unsubscribe_url(n.subscription_arn);
    n.attempt = row.attempts + 1;
    const std::string topic_policy =
        topic->attributes.contains("DeliveryPolicy") ? topic->attributes.at("DeliveryPolicy") : "";
    const std::string subscription_policy =
        subscription ? subscription->attribute("DeliveryPolicy") : "";
    if (n.protocol == "http" || n.protocol == "https") {
      // The requestPolicy applies to every request to the endpoint, confirmations included (an
      // endpoint that parses by Content-Type must be able to read its SubscribeURL); the
      // throttle only to notifications.
      const HttpDeliveryPolicy http =
          effective_http_delivery_policy(topic_policy, subscription_policy);
      item.policy = *http.retry;
      n.content_type = http_content_type(http.header_content_type);
      if (n.type == MessageType::kNotification) {
        item.max_receives_per_second = http.max_receives_per_second;
      }
    } else {
      item.policy = effective_retry_policy(n.protocol, topic_policy, subscription_policy);
    }
    if (subscription && n.type == MessageType::kNotification) {
      item.dead_letter_arn = dead_letter_target(subscription->attribute("RedrivePolicy"));
    }
    item.row = std::move(row);
    pending.push_back(std::move(item));
  }

  const size_t throttled =
      hold_back_over_rate(pending, now_ms, state_->throttle, state_->throttle_slots);

  // Each protocol's channel takes its part of the batch at once (HTTP overlaps on curl multi).
  std::map<std::string, std::vector<size_t>> by_protocol;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].throttled_until_ms > 0) continue;
    by_protocol[pending[i].notification.protocol].push_back(i);
  }
  for (const auto& [protocol, indexes] : by_protocol) {
    Channel* channel = channels_.find(protocol);
    if (!channel) {
      for (size_t i : indexes) {
        pending[i].outcome = tl::unexpected(ChannelFailure{
            "NoChannel", "this certflow has no channel for protocol " + protocol, false});
      }
      continue;
    }
    std::vector<Notification> batch;
    for (size_t i : indexes) batch.push_back(pending[i].notification);
    auto outcomes = channel->deliver_all(batch);
    for (size_t k = 0; k < indexes.size(); ++k) {
      pending[indexes[k]].outcome =
          k < outcomes.size()
              ? outcomes[k]
              : ChannelOutcome(tl::unexpected(ChannelFailure{"Internal", "no outcome", true}));
    }
  }

  // Redrive what is exhausted before the outcomes are written: the queue takes the message in
  // its own transaction, and a crash in between sends it again (at-least-once), never loses it.
  enum class Next { kDone, kRetry, kRedriveRetry, kThrottled };
  std::vector<Next> next(pending.size(), Next::kDone);
  std::vector<int64_t> next_at(pending.size(), 0);
  for (size_t i = 0; i < pending.size(); ++i) {
    Pending& item = pending[i];
    const Notification& n = item.notification;
    if (item.throttled_until_ms > 0) {
      next[i] = Next::kThrottled;
      next_at[i] = item.throttled_until_ms;
      continue;
    }
    if (item.outcome && *item.outcome) continue;
    const ChannelFailure failure = item.outcome ? item.outcome->error() : ChannelFailure{};
    auto delay = failure.retryable ? retry_delay(item.policy, n.attempt) : std::nullopt;
    if (delay) {
      std::uniform_real_distribution<double> spread(0.9, 1.0);
      next[i] = Next::kRetry;
      next_at[i] = now_ms + static_cast<int64_t>(double(delay->count()) * spread(state_->jitter));
      // The subscription names the endpoint; an http endpoint may hold credentials, so it is
      // not logged.
      spdlog::warn("topics: {} to {} ({}) failed on attempt {}: {} {}; next try in {} ms",
                   message_type_name(n.type), n.subscription_arn, n.protocol, n.attempt,
                   failure.code, failure.message, next_at[i] - now_ms);
      continue;
    }
    const char* why = failure.retryable ? "its retry policy is exhausted" : "the failure is final";
    if (item.dead_letter_arn.empty()) {
      spdlog::error(
          "topics: message {} to {} ({}) DROPPED after {} attempt(s) because {}: {} {} — "
          "set a RedrivePolicy on the subscription to keep such messages",
          n.message_id, n.subscription_arn, n.protocol, n.attempt, why, failure.code,
          failure.message);
      continue;
    }
    std::string body = n.message;
    if (!n.raw) {
      auto envelope = json_envelope(n, signer_);
      if (envelope) body = *envelope;
    }
    auto sent = queues_.send(item.dead_letter_arn, body, queue_attributes(n.attributes));
    if (!sent) {
      next[i] = Next::kRedriveRetry;
      next_at[i] = now_ms + kRedriveRetryMs;
      spdlog::error(
          "topics: message {} to {} could not be redriven to {}: {}; trying again in 5 "
          "minutes",
          n.message_id, n.subscription_arn, item.dead_letter_arn, sent.error().message);
      continue;
    }
    spdlog::warn("topics: message {} to {} redriven to {} after {} attempt(s) because {}: {} {}",
                 n.message_id, n.subscription_arn, item.dead_letter_arn, n.attempt, why,
                 failure.code, failure.message);
  }

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  for (int64_t id : orphans) {
    if (auto s = (*txn)->delete_topic_delivery(id); !s) return tl::unexpected(s.error());
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    store::TopicDeliveryRow& row = pending[i].row;
    if (next[i] == Next::kDone) {
      if (auto s = (*txn)->delete_topic_delivery(row.id); !s) return tl::unexpected(s.error());
      continue;
    }
    if (next[i] == Next::kThrottled) {  // not attempted: the attempt count stays
      row.next_attempt_ms = next_at[i];
      if (auto s = (*txn)->update_topic_delivery(row); !s) return tl::unexpected(s.error());
      continue;
    }
    const ChannelFailure failure =
        pending[i].outcome ? pending[i].outcome->error() : ChannelFailure{};
    row.attempts += 1;
    row.next_attempt_ms = next_at[i];
    row.details_json = json{{"protocol", pending[i].notification.protocol},
                            {"endpoint", pending[i].notification.endpoint},
                            {"last_error", failure.code + ": " + failure.message}}
                           .dump(-1, ' ', false, json::error_handler_t::replace);
    if (auto s = (*txn)->update_topic_delivery(row); !s) return tl::unexpected(s.error());
  }
  if (auto s = (*txn)->commit(); !s) return tl::unexpected(s.error());
  return pending.size() - throttled;
}

void Topics::start() {
  std::lock_guard lock(state_->loop_mutex);
  if (state_->thread.joinable()) return;
  state_->stopping = false;
  state_->thread = std::thread([this] { loop(); });
}

void Topics::stop() {
  {
    std::lock_guard lock(state_->loop_mutex);
    state_->stopping = true;
  }
  state_->loop_wake.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

void Topics::wake() {
  {
    std::lock_guard lock(state_->loop_mutex);
    state_->woken = true;
  }
  state_->loop_wake.notify_all();
}

void Topics::loop() {
  std::unique_lock lock(state_->loop_mutex);
  while (!state_->stopping) {
    state_->woken = false;
    lock.unlock();
    if (auto delivered = deliver_due(); !delivered) {
      spdlog::error("topics: delivery pass failed, retrying shortly: {}",
                    delivered.error().message);
    }
    std::chrono::milliseconds wait = kIdlePoll;
    const int64_t now_ms = to_epoch_millis(clock_.now());
    if (auto next = store_.next_topic_delivery_time(); next && *next) {
      wait = std::min(wait, std::clamp(std::chrono::milliseconds(**next - now_ms),
                                       std::chrono::milliseconds(1), kIdlePoll));
    }
    lock.lock();
    // A simulated clock moves without telling anyone: the wait is also a poll interval.
    state_->loop_wake.wait_for(lock, wait, [this] { return state_->stopping || state_->woken; });
  }
}

}  // namespace certflow::notify
