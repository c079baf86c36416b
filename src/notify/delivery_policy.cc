#include "notify/delivery_policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace certflow::notify {

using nlohmann::json;

namespace {

constexpr int kMaxHttpRetries = 100;
constexpr int kMaxHttpDelaySeconds = 3600;

tl::unexpected<Error> invalid(const std::string& reason) {
  return fail(ErrorCode::kInvalidParameter, "Invalid parameter: DeliveryPolicy: " + reason);
}

Result<int> integer_member(const json& object, const char* name, int fallback) {
  auto it = object.find(name);
  if (it == object.end()) return fallback;
  if (!it->is_number_integer()) return invalid(std::string(name) + " must be an integer");
  const int64_t value = it->get<int64_t>();
  if (value < 0 || value > 1'000'000) return invalid(std::string(name) + " is out of range");
  return static_cast<int>(value);
}

Result<RetryPolicy> parse_retry(const json& object) {
  if (!object.is_object()) return invalid("the retry policy must be a JSON object");
  static const char* kKnown[] = {"minDelayTarget",    "maxDelayTarget",     "numRetries",
                                 "numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries",
                                 "backoffFunction"};
  for (const auto& [key, value] : object.items()) {
    if (std::find_if(std::begin(kKnown), std::end(kKnown),
                     [&name = key](const char* k) { return name == k; }) == std::end(kKnown)) {
      return invalid("unknown retry policy member " + key);
    }
  }
  RetryPolicy policy = default_http_retry_policy();
  auto min_delay = integer_member(object, "minDelayTarget", policy.min_delay_seconds);
  auto max_delay = integer_member(object, "maxDelayTarget", policy.max_delay_seconds);
  auto retries = integer_member(object, "numRetries", policy.num_retries);
  auto no_delay = integer_member(object, "numNoDelayRetries", 0);
  auto min_retries = integer_member(object, "numMinDelayRetries", 0);
  auto max_retries = integer_member(object, "numMaxDelayRetries", 0);
  for (const auto* r : {&min_delay, &max_delay, &retries, &no_delay, &min_retries, &max_retries}) {
    if (!*r) return tl::unexpected(r->error());
  }
  policy.min_delay_seconds = *min_delay;
  policy.max_delay_seconds = *max_delay;
  policy.num_retries = *retries;
  policy.num_no_delay_retries = *no_delay;
  policy.num_min_delay_retries = *min_retries;
  policy.num_max_delay_retries = *max_retries;
  if (auto it = object.find("backoffFunction"); it != object.end()) {
    if (!it->is_string()) return invalid("backoffFunction must be a string");
    policy.backoff_function = it->get<std::string>();
    static const char* kFunctions[] = {"linear", "arithmetic", "geometric", "exponential"};
    if (std::find(std::begin(kFunctions), std::end(kFunctions), policy.backoff_function) ==
        std::end(kFunctions)) {
      return invalid("backoffFunction must be one of linear, arithmetic, geometric, exponential");
    }
  }
  if (policy.min_delay_seconds < 1) return invalid("minDelayTarget must be at least 1 second");
  if (policy.max_delay_seconds > kMaxHttpDelaySeconds) {
    return invalid("maxDelayTarget must be at most 3600 seconds");
  }
  if (policy.min_delay_seconds > policy.max_delay_seconds) {
    return invalid("minDelayTarget must not be greater than maxDelayTarget");
  }
  if (policy.num_retries > kMaxHttpRetries) return invalid("numRetries must be at most 100");
  if (policy.num_no_delay_retries + policy.num_min_delay_retries + policy.num_max_delay_retries >
      policy.num_retries) {
    return invalid(
        "numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries");
  }
  std::chrono::milliseconds total{0};
  for (int retry = 1; retry <= policy.num_retries; ++retry) total += *retry_delay(policy, retry);
  if (total > std::chrono::seconds(kMaxHttpDelaySeconds)) {
    return invalid("the total retry time of the policy must not exceed 3600 seconds");
  }
  return policy;
}

// The media types SNS accepts as headerContentType.
constexpr const char* kContentTypes[] = {"application/atom+xml",
                                         "application/json",
                                         "application/octet-stream",
                                         "application/soap+xml",
                                         "application/x-www-form-urlencoded",
                                         "application/xhtml+xml",
                                         "application/xml",
                                         "text/css",
                                         "text/csv",
                                         "text/html",
                                         "text/markdown",
                                         "text/plain",
                                         "text/xml"};

std::string trimmed_lower(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t");
  std::string out(text.substr(begin, end - begin + 1));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A listed media type, optionally with parameters ("application/json; charset=UTF-8").
bool supported_content_type(const std::string& value) {
  const std::string type = trimmed_lower(std::string_view(value).substr(0, value.find(';')));
  return std::find(std::begin(kContentTypes), std::end(kContentTypes), type) !=
         std::end(kContentTypes);
}

std::string supported_content_types() {
  std::string list;
  for (const char* type : kContentTypes) list += (list.empty() ? "" : ", ") + std::string(type);
  return list;
}

Result<json> parse_object(std::string_view text) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return invalid("the policy must be a JSON object");
  }
  return document;
}

// `check_content_type`: false when reading a policy stored before headerContentType was checked,
// so such a policy keeps its other parts.
Status parse_common(const json& section, const char* retry_key, const char* throttle_key,
                    const char* request_key, bool check_content_type, HttpDeliveryPolicy& policy) {
  if (auto it = section.find(retry_key); it != section.end()) {
    auto retry = parse_retry(*it);
    if (!retry) return tl::unexpected(retry.error());
    policy.retry = *retry;
  }
  if (auto it = section.find(throttle_key); it != section.end()) {
    if (!it->is_object()) return invalid(std::string(throttle_key) + " must be a JSON object");
    auto rate = integer_member(*it, "maxReceivesPerSecond", 0);
    if (!rate) return tl::unexpected(rate.error());
    if (*rate < 1) return invalid("maxReceivesPerSecond must be at least 1");
    policy.max_receives_per_second = *rate;
  }
  if (auto it = section.find(request_key); it != section.end()) {
    if (!it->is_object()) return invalid(std::string(request_key) + " must be a JSON object");
    if (auto type = it->find("headerContentType"); type != it->end()) {
      if (!type->is_string()) return invalid("headerContentType must be a string");
      policy.header_content_type = type->get<std::string>();
      if (check_content_type && !supported_content_type(policy.header_content_type)) {
        return invalid("headerContentType must be one of " + supported_content_types());
      }
    }
  }
  return {};
}

json retry_json(const RetryPolicy& policy) {
  return {{"minDelayTarget", policy.min_delay_seconds},
          {"maxDelayTarget", policy.max_delay_seconds},
          {"numRetries", policy.num_retries},
          {"numMaxDelayRetries", policy.num_max_delay_retries},
          {"numNoDelayRetries", policy.num_no_delay_retries},
          {"numMinDelayRetries", policy.num_min_delay_retries},
          {"backoffFunction", policy.backoff_function}};
}

Result<HttpDeliveryPolicy> parse_topic(std::string_view json_text, bool check_content_type) {
  auto document = parse_object(json_text);
  if (!document) return tl::unexpected(document.error());
  HttpDeliveryPolicy policy;
  auto http = document->find("http");
  if (http == document->end()) return policy;  // other protocols' sections are not settable
  if (!http->is_object()) return invalid("\"http\" must be a JSON object");
  if (auto s = parse_common(*http, "defaultHealthyRetryPolicy", "defaultThrottlePolicy",
                            "defaultRequestPolicy", check_content_type, policy);
      !s) {
    return tl::unexpected(s.error());
  }
  if (auto it = http->find("disableSubscriptionOverrides"); it != http->end()) {
    if (!it->is_boolean()) return invalid("disableSubscriptionOverrides must be true or false");
    policy.disable_subscription_overrides = it->get<bool>();
  }
  return policy;
}

Result<HttpDeliveryPolicy> parse_subscription(std::string_view json_text, bool check_content_type) {
  auto document = parse_object(json_text);
  if (!document) return tl::unexpected(document.error());
  HttpDeliveryPolicy policy;
  if (auto s = parse_common(*document, "healthyRetryPolicy", "throttlePolicy", "requestPolicy",
                            check_content_type, policy);
      !s) {
    return tl::unexpected(s.error());
  }
  return policy;
}

}  // namespace

Result<HttpDeliveryPolicy> parse_topic_delivery_policy(std::string_view json_text) {
  return parse_topic(json_text, /*check_content_type=*/true);
}

Result<HttpDeliveryPolicy> parse_subscription_delivery_policy(std::string_view json_text) {
  return parse_subscription(json_text, /*check_content_type=*/true);
}

RetryPolicy default_http_retry_policy() { return {}; }

RetryPolicy aws_managed_retry_policy() {
  return {.num_retries = 100'015,
          .num_no_delay_retries = 3,
          .num_min_delay_retries = 2,
          .num_max_delay_retries = 100'000,
          .min_delay_seconds = 1,
          .max_delay_seconds = 20,
          .backoff_function = "exponential"};
}

RetryPolicy customer_managed_retry_policy() {
  return {.num_retries = 50,
          .num_no_delay_retries = 0,
          .num_min_delay_retries = 2,
          .num_max_delay_retries = 38,
          .min_delay_seconds = 10,
          .max_delay_seconds = 600,
          .backoff_function = "exponential"};
}

RetryPolicy effective_retry_policy(const std::string& protocol, const std::string& topic_policy,
                                   const std::string& subscription_policy) {
  if (protocol == "sqs" || protocol == "lambda") return aws_managed_retry_policy();
  if (protocol != "http" && protocol != "https") return customer_managed_retry_policy();
  return *effective_http_delivery_policy(topic_policy, subscription_policy).retry;
}

HttpDeliveryPolicy effective_http_delivery_policy(const std::string& topic_policy,
                                                  const std::string& subscription_policy) {
  HttpDeliveryPolicy effective;
  if (!topic_policy.empty()) {
    if (auto parsed = parse_topic(topic_policy, /*check_content_type=*/false)) effective = *parsed;
  }
  if (!subscription_policy.empty() && !effective.disable_subscription_overrides) {
    if (auto own = parse_subscription(subscription_policy, /*check_content_type=*/false)) {
      if (own->retry) effective.retry = own->retry;
      if (own->max_receives_per_second) {
        effective.max_receives_per_second = own->max_receives_per_second;
      }
      if (!own->header_content_type.empty()) {
        effective.header_content_type = own->header_content_type;
      }
    }
  }
  if (!effective.retry) effective.retry = default_http_retry_policy();
  return effective;
}

std::string http_content_type(const std::string& header_content_type) {
  if (header_content_type.empty()) return kDefaultHttpContentType;
  if (trimmed_lower(header_content_type).find("charset=") != std::string::npos) {
    return header_content_type;
  }
  return header_content_type + "; charset=UTF-8";
}

std::string effective_topic_delivery_policy(const std::string& topic_policy) {
  HttpDeliveryPolicy topic;
  if (!topic_policy.empty()) {
    if (auto parsed = parse_topic(topic_policy, /*check_content_type=*/false)) topic = *parsed;
  }
  json http = {
      {"defaultHealthyRetryPolicy", retry_json(topic.retry.value_or(default_http_retry_policy()))},
      {"disableSubscriptionOverrides", topic.disable_subscription_overrides}};
  if (topic.max_receives_per_second) {
    http["defaultThrottlePolicy"] = {{"maxReceivesPerSecond", *topic.max_receives_per_second}};
  }
  http["defaultRequestPolicy"] = {{"headerContentType", topic.header_content_type.empty()
                                                            ? kDefaultHttpContentType
                                                            : topic.header_content_type}};
  return json{{"http", http}}.dump();
}

std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int64_t retry) {
  using std::chrono::milliseconds;
  if (retry < 1 || retry > policy.num_retries) return std::nullopt;
  const int64_t min_ms = int64_t{policy.min_delay_seconds} * 1000;
  const int64_t max_ms = int64_t{policy.max_delay_seconds} * 1000;
  int64_t index = retry;
  if (index <= policy.num_no_delay_retries) return milliseconds(0);
  index -= policy.num_no_delay_retries;
  if (index <= policy.num_min_delay_retries) return milliseconds(min_ms);
  index -= policy.num_min_delay_retries;
  const int64_t backoff_retries = policy.num_retries - policy.num_no_delay_retries -
                                  policy.num_min_delay_retries - policy.num_max_delay_retries;
  if (index > backoff_retries) return milliseconds(max_ms);
  // Backoff phase: from the minimum delay (first retry) to the maximum (last), along the
  // policy's curve.
  const double f = backoff_retries <= 1
                       ? 1.0
                       : static_cast<double>(index - 1) / static_cast<double>(backoff_retries - 1);
  double shape = f;  // linear
  if (policy.backoff_function == "arithmetic") {
    shape = f * f;
  } else if (policy.backoff_function == "geometric") {
    shape = f * f * f;
  } else if (policy.backoff_function == "exponential") {
    shape = (std::exp2(10.0 * f) - 1.0) / (std::exp2(10.0) - 1.0);
  }
  return milliseconds(min_ms + static_cast<int64_t>(std::llround(shape * double(max_ms - min_ms))));
}

}  // namespace certflow::notify
