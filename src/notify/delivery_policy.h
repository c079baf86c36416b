// SNS's delivery policies. The retry policy: how often and how far apart a failed delivery is
// tried again before it is redriven to the subscription's dead-letter queue (or dropped). Only
// http/https subscriptions take a custom policy (the topic's DeliveryPolicy "http" section, or
// the subscription's own unless the topic disables overrides), which also sets the requests'
// Content-Type (requestPolicy) and a per-subscription delivery rate (throttlePolicy); the other
// protocols have SNS's fixed retry policies: AWS-managed endpoints (sqs, lambda) 100,015 attempts
// over 23 days, customer-managed endpoints (email, email-json, and certflow's chat webhooks) 50
// attempts over about 6 hours.
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

// SNS's Content-Type for http/https requests when no requestPolicy names another.
inline constexpr const char* kDefaultHttpContentType = "text/plain; charset=UTF-8";

// The http section of a topic's DeliveryPolicy, or an http/s subscription's DeliveryPolicy.
struct HttpDeliveryPolicy {
  std::optional<RetryPolicy> retry;  // defaultHealthyRetryPolicy / healthyRetryPolicy
  bool disable_subscription_overrides = false;
  // throttlePolicy: at most this many deliveries per second to the subscription (a token bucket:
  // bursts of up to this many, then this many a second); a delivery over it waits for its turn
  // without using a retry attempt. nullopt: no limit.
  std::optional<int> max_receives_per_second;
  // requestPolicy: the media type of every request to the endpoint (notifications and
  // confirmations), one of SNS's list (see http_content_type); "" = SNS's text/plain.
  std::string header_content_type;
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

// What an http/https subscription's deliveries follow, part by part: the subscription's own
// healthyRetryPolicy, throttlePolicy and requestPolicy where it sets them (unless the topic's
// disableSubscriptionOverrides is true), else the topic's defaults, else SNS's. `retry` is always
// set. Empty texts mean "none set"; both texts were validated when they were set.
HttpDeliveryPolicy effective_http_delivery_policy(const std::string& topic_policy,
                                                  const std::string& subscription_policy);

// The Content-Type header for a headerContentType: SNS's text/plain default for "", and the
// message's charset (UTF-8) added to a media type that names none.
std::string http_content_type(const std::string& header_content_type);

// The topic's EffectiveDeliveryPolicy attribute (SNS's JSON form).
std::string effective_topic_delivery_policy(const std::string& topic_policy);

// The pause before retry number `retry` (1-based) without jitter; nullopt when the policy has
// no such retry (the delivery is exhausted).
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int64_t retry);

}  // namespace certflow::notify
