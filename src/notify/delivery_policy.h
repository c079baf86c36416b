// SNS's delivery retry policies: how often and how far apart a failed delivery is tried again
// before it is redriven to the subscription's dead-letter queue (or dropped). Only http/https
// subscriptions take a custom policy (the topic's DeliveryPolicy "http" section, or the
// subscription's own unless the topic disables overrides); the other protocols have SNS's fixed
// policies: AWS-managed endpoints (sqs, lambda) 100,015 attempts over 23 days, customer-managed
// endpoints (email, email-json, and certflow's chat webhooks) 50 attempts over about 6 hours.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace certflow::notify {

// Four phases, as SNS describes them: immediate retries, then retries at the minimum delay, then
// backoff retries from the minimum to the maximum delay, then retries at the maximum delay.
struct RetryPolicy {
  int num_retries = 3;
  int num_no_delay_retries = 0;
  int num_min_delay_retries = 0;
  int num_max_delay_retries = 0;
  int min_delay_seconds = 20;
  int max_delay_seconds = 20;
  std::string backoff_function = "linear";  // linear | arithmetic | geometric | exponential
  bool operator==(const RetryPolicy&) const = default;
};

// The http section of a topic's DeliveryPolicy, or an http/s subscription's DeliveryPolicy.
struct HttpDeliveryPolicy {
  std::optional<RetryPolicy> retry;  // defaultHealthyRetryPolicy / healthyRetryPolicy
  bool disable_subscription_overrides = false;
  std::optional<int> max_receives_per_second;  // throttlePolicy: kept and shown, not enforced
  std::string header_content_type;             // requestPolicy; "" = SNS's text/plain
};

// Parse a topic's DeliveryPolicy ({"http": {"defaultHealthyRetryPolicy": ..., ...}}) or a
// subscription's ({"healthyRetryPolicy": ..., "throttlePolicy": ..., "requestPolicy": ...}).
// kInvalidParameter "Invalid parameter: DeliveryPolicy: <reason>" when invalid.
Result<HttpDeliveryPolicy> parse_topic_delivery_policy(std::string_view json_text);
Result<HttpDeliveryPolicy> parse_subscription_delivery_policy(std::string_view json_text);

RetryPolicy default_http_retry_policy();
RetryPolicy aws_managed_retry_policy();       // sqs, lambda
RetryPolicy customer_managed_retry_policy();  // email, email-json, chat

// The policy a subscription's deliveries follow. Empty texts mean "none set".
RetryPolicy effective_retry_policy(const std::string& protocol, const std::string& topic_policy,
                                   const std::string& subscription_policy);

// The topic's EffectiveDeliveryPolicy attribute (SNS's JSON form).
std::string effective_topic_delivery_policy(const std::string& topic_policy);

// The pause before retry number `retry` (1-based) without jitter; nullopt when the policy has
// no such retry (the delivery is exhausted).
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int64_t retry);

}  // namespace certflow::notify
