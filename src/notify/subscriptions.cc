// Subscribe, confirm, unsubscribe, list, and subscription attributes.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/arn.h"
#include "core/ids.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "net/http_client.h"
#include "notify/delivery_policy.h"
#include "notify/state.h"
#include "notify/stored_message.h"
#include "store/store.h"

namespace certflow::notify {

using nlohmann::json;

namespace {

// The protocols SNS knows; certflow serves those it has a channel for, plus its chat protocols.
const std::set<std::string>& sns_protocols() {
  static const std::set<std::string> names = {"http", "https",  "email",       "email-json", "sms",
                                              "sqs",  "lambda", "application", "firehose"};
  return names;
}

bool is_http(const std::string& protocol) { return protocol == "http" || protocol == "https"; }

// Protocols whose messages can go without SNS's JSON envelope.
bool supports_raw(const std::string& protocol) {
  return is_http(protocol) || protocol == "sqs" || protocol == "firehose";
}

std::string with_reason(const Error& error, bool in_attributes) {
  // A message that is already whole (it starts with SNS's prefix) stays as it is.
  if (error.message.rfind("Invalid parameter: ", 0) == 0) return error.message;
  return std::string("Invalid parameter: ") + (in_attributes ? "Attributes Reason: " : "") +
         error.message;
}

}  // namespace

Status Topics::check_subscription_attribute(const std::string& protocol, const std::string& name,
                                            const std::string& value,
                                            const std::string& scope) const {
  auto reason = [](std::string text) {
    return fail(ErrorCode::kInvalidParameter, std::move(text));
  };
  if (name == "FilterPolicy") {
    if (value.empty()) return {};
    auto parsed_scope = filter::parse_scope(scope.empty() ? "MessageAttributes" : scope);
    if (!parsed_scope) return tl::unexpected(parsed_scope.error());
    auto compiled = filter::FilterPolicy::compile(value, *parsed_scope);
    if (!compiled) {
      const std::string& m = compiled.error().message;
      if (m.rfind("Invalid parameter: ", 0) == 0) return tl::unexpected(compiled.error());
      return reason("FilterPolicy: " + m);
    }
    return {};
  }
  if (name == "FilterPolicyScope") {
    if (auto parsed = filter::parse_scope(value); !parsed) return tl::unexpected(parsed.error());
    return {};
  }
  if (name == "RawMessageDelivery") {
    if (value != "true" && value != "false") {
      return reason("RawMessageDelivery: must be true or false");
    }
    if (value == "true" && !supports_raw(protocol)) {
      return reason("Delivery protocol [" + protocol + "] does not support raw message delivery.");
    }
    return {};
  }
  if (name == "DeliveryPolicy") {
    if (!is_http(protocol)) {
      return reason("DeliveryPolicy: Delivery protocol [" + protocol +
                    "] does not support delivery policies; only http and https do.");
    }
    if (value.empty()) return {};
    if (auto parsed = parse_subscription_delivery_policy(value); !parsed) {
      Error error = parsed.error();
      error.message = error.message.substr(std::string("Invalid parameter: ").size());
      return tl::unexpected(error);
    }
    return {};
  }
  if (name == "RedrivePolicy") {
    if (value.empty()) return {};
    json document = json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object() ||
        !document.contains("deadLetterTargetArn") || !document["deadLetterTargetArn"].is_string()) {
      return reason(
          "RedrivePolicy: must be a JSON object {\"deadLetterTargetArn\": \"<SQS queue ARN>\"}");
    }
    const std::string target = document["deadLetterTargetArn"].get<std::string>();
    auto arn = parse_arn(target);
    if (!arn || arn->service != "sqs") {
      return reason("RedrivePolicy: deadLetterTargetArn is an invalid arn: " + target);
    }
    if (arn->region != config_.region || arn->account != config_.account_id) {
      return reason("RedrivePolicy: deadLetterTargetArn must name a queue of this certflow (" +
                    config_.region + ", account " + config_.account_id + ")");
    }
    return {};
  }
  if (name == "SubscriptionRoleArn") return {};
  return reason("AttributeName");
}

Status Topics::install_subscription(const SubscriptionRecord& subscription) {
  std::shared_ptr<const filter::FilterPolicy> compiled;
  if (const std::string policy = subscription.attribute("FilterPolicy"); !policy.empty()) {
    auto scope = filter::parse_scope(subscription.attribute("FilterPolicyScope").empty()
                                         ? "MessageAttributes"
                                         : subscription.attribute("FilterPolicyScope"));
    if (!scope) return tl::unexpected(scope.error());
    auto parsed = filter::FilterPolicy::compile(policy, *scope);
    if (!parsed) {
      return fail(ErrorCode::kInternal,
                  "stored filter policy of " + subscription.arn + " does not compile");
    }
    compiled = std::make_shared<const filter::FilterPolicy>(std::move(*parsed));
  }
  std::lock_guard lock(state_->mutex);
  state_->subscriptions[subscription.arn] = subscription;
  if (compiled) {
    state_->filters[subscription.arn] = std::move(compiled);
  } else {
    state_->filters.erase(subscription.arn);
  }
  return {};
}

Result<SubscriptionRecord> Topics::find_subscription(const std::string& subscription_arn) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->subscriptions.find(subscription_arn);
  if (it == state_->subscriptions.end()) {
    return fail(ErrorCode::kNotFound, "Subscription does not exist");
  }
  return it->second;
}

std::string Topics::subscribe_url(const std::string& topic_arn, const std::string& token) const {
  return config_.public_url +
         "/?Action=ConfirmSubscription&TopicArn=" + net::percent_encode(topic_arn) +
         "&Token=" + token;
}

std::string Topics::unsubscribe_url(const std::string& subscription_arn) const {
  return config_.public_url +
         "/?Action=Unsubscribe&SubscriptionArn=" + net::percent_encode(subscription_arn);
}

Status Topics::enqueue_confirmation(store::Transaction& txn, const SubscriptionRecord& subscription,
                                    MessageType type, const std::string& token) {
  const int64_t now_ms = to_epoch_millis(clock_.now());
  StoredMessage message;
  message.type = type;
  message.timestamp_ms = now_ms;
  message.token = token;
  message.message =
      type == MessageType::kSubscriptionConfirmation
          ? "You have chosen to subscribe to the topic " + subscription.topic_arn +
                ".\nTo confirm the subscription, visit the SubscribeURL included in this message."
          : "You have chosen to deactivate subscription " + subscription.arn +
                ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
                "included in this message.";
  const std::string message_id = new_uuid();
  std::shared_ptr<const crypto::SecretBytes> key;
  {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->data_keys.find(subscription.topic_arn); it != state_->data_keys.end()) {
      key = it->second;
    }
  }
  auto body = encode_message(message, message_id, key.get());
  if (!body) return tl::unexpected(body.error());
  if (auto s = txn.insert_topic_message({message_id, subscription.topic_arn, *body, now_ms}); !s) {
    return s;
  }
  json details = {{"protocol", subscription.protocol}, {"endpoint", subscription.endpoint}};
  store::TopicDeliveryRow row;
  row.message_id = message_id;
  row.subscription_arn = subscription.arn;
  row.details_json = details.dump();
  row.created_at_ms = now_ms;
  row.next_attempt_ms = now_ms;
  return txn.insert_topic_delivery(row);
}

Result<std::string> Topics::subscribe(const SubscribeRequest& request) {
  auto topic = find_topic(request.topic_arn);
  if (!topic) return tl::unexpected(topic.error());
  Channel* channel = channels_.find(request.protocol);
  if (!channel) {
    if (sns_protocols().contains(request.protocol)) {
      std::string served;
      for (const auto& name : channels_.protocols()) served += (served.empty() ? "" : ", ") + name;
      return invalid_parameter("Protocol: certflow does not deliver to protocol " +
                               request.protocol + "; it delivers to " + served);
    }
    return invalid_parameter("Amazon SNS does not support this protocol string: " +
                             request.protocol);
  }
  if (request.endpoint.empty())
    return invalid_parameter("Endpoint: required for " + request.protocol);
  if (auto s = channel->check_endpoint(request.protocol, request.endpoint); !s) {
    return tl::unexpected(s.error());
  }
  // The scope first: a nested FilterPolicy is valid only under MessageBody.
  const std::string scope = request.attributes.contains("FilterPolicyScope")
                                ? request.attributes.at("FilterPolicyScope")
                                : "";
  for (const auto& [name, value] : request.attributes) {
    if (auto s = check_subscription_attribute(request.protocol, name, value, scope); !s) {
      Error error = s.error();
      error.message = with_reason(error, /*in_attributes=*/true);
      return tl::unexpected(error);
    }
  }

  std::lock_guard write(state_->write_mutex);
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [arn, existing] : state_->subscriptions) {
      if (existing.topic_arn == request.topic_arn && existing.protocol == request.protocol &&
          existing.endpoint == request.endpoint) {
        // SNS answers a repeated Subscribe with the subscription it has.
        if (existing.confirmed || request.return_subscription_arn) return existing.arn;
        return std::string("pending confirmation");
      }
    }
  }
  const int64_t now_ms = to_epoch_millis(clock_.now());
  SubscriptionRecord subscription;
  subscription.id = new_uuid();
  subscription.arn = request.topic_arn + ":" + subscription.id;
  subscription.topic_arn = request.topic_arn;
  subscription.topic_name = topic->name;
  subscription.protocol = request.protocol;
  subscription.endpoint = request.endpoint;
  subscription.owner = config_.account_id;
  subscription.created_at_ms = now_ms;
  for (const auto& [name, value] : request.attributes) {
    if (!value.empty()) subscription.attributes[name] = value;
  }
  const bool needs_confirmation = channel->needs_confirmation();
  subscription.confirmed = !needs_confirmation;
  if (needs_confirmation) {
    subscription.token = crypto::hex_encode(crypto::random_bytes(64));
    subscription.token_expires_ms = now_ms + kTokenLifetimeMs;
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->put_resource(to_row(subscription, now_ms)); !s) {
    return tl::unexpected(s.error());
  }
  if (needs_confirmation) {
    if (auto s = enqueue_confirmation(**txn, subscription, MessageType::kSubscriptionConfirmation,
                                      subscription.token);
        !s) {
      return tl::unexpected(s.error());
    }
  }
  if (auto s = (*txn)->commit(); !s) return tl::unexpected(s.error());
  if (auto s = install_subscription(subscription); !s) return tl::unexpected(s.error());
  spdlog::info("subscription {} ({}) created{}", subscription.arn, subscription.protocol,
               needs_confirmation ? ", pending confirmation" : "");
  if (needs_confirmation) wake();
  if (subscription.confirmed || request.return_subscription_arn) return subscription.arn;
  return std::string("pending confirmation");
}

Result<std::string> Topics::confirm_subscription(const std::string& topic_arn,
                                                 const std::string& token,
                                                 bool authenticate_on_unsubscribe) {
  if (auto topic = find_topic(topic_arn); !topic) return tl::unexpected(topic.error());
  if (token.empty()) return invalid_parameter("Token");
  std::lock_guard write(state_->write_mutex);
  std::optional<SubscriptionRecord> found;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [arn, subscription] : state_->subscriptions) {
      if (subscription.topic_arn == topic_arn && !subscription.token.empty() &&
          crypto::constant_time_equal(subscription.token, token)) {
        found = subscription;
        break;
      }
    }
  }
  if (!found) {
    return invalid_parameter(
        "Token: no subscription of this topic has that confirmation token (it may have been "
        "unsubscribed, or the link was cut short). Subscribe again to get a new link.");
  }
  if (found->confirmed) return found->arn;  // the same link opened twice
  const int64_t now_ms = to_epoch_millis(clock_.now());
  if (now_ms > found->token_expires_ms) {
    return invalid_parameter(
        "Token: this confirmation link expired (links are valid for two days). Subscribe again "
        "to get a new one.");
  }
  found->confirmed = true;
  found->authenticated_unsubscribe = authenticate_on_unsubscribe;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->put_resource(to_row(*found, now_ms)); !s) return tl::unexpected(s.error());
  if (auto s = (*txn)->commit(); !s) return tl::unexpected(s.error());
  if (auto s = install_subscription(*found); !s) return tl::unexpected(s.error());
  spdlog::info("subscription {} confirmed", found->arn);
  return found->arn;
}

Status Topics::unsubscribe(const std::string& subscription_arn, bool authenticated) {
  std::lock_guard write(state_->write_mutex);
  auto subscription = find_subscription(subscription_arn);
  if (!subscription) return tl::unexpected(subscription.error());
  if (!authenticated && subscription->authenticated_unsubscribe) {
    return fail(ErrorCode::kAuthorizationError,
                "This subscription was confirmed with AuthenticateOnUnsubscribe: only a signed "
                "Unsubscribe request (aws sns unsubscribe) can remove it.");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->delete_topic_deliveries(subscription_arn); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = (*txn)->delete_resource(kSubscriptionKind,
                                       subscription->topic_name + ":" + subscription->id);
      !s) {
    return tl::unexpected(s.error());
  }
  const bool tell_endpoint = subscription->confirmed && is_http(subscription->protocol);
  if (tell_endpoint) {
    if (auto s = enqueue_confirmation(**txn, *subscription, MessageType::kUnsubscribeConfirmation,
                                      crypto::hex_encode(crypto::random_bytes(64)));
        !s) {
      return s;
    }
  }
  if (auto s = (*txn)->commit(); !s) return s;
  {
    std::lock_guard lock(state_->mutex);
    state_->subscriptions.erase(subscription_arn);
    state_->filters.erase(subscription_arn);
  }
  spdlog::info("subscription {} removed", subscription_arn);
  if (tell_endpoint) wake();
  return {};
}

Result<Page<SubscriptionSummary>> Topics::list_subscriptions(
    const std::optional<std::string>& topic_arn, const std::optional<std::string>& next_token) {
  if (topic_arn) {
    if (auto topic = find_topic(*topic_arn); !topic) return tl::unexpected(topic.error());
  }
  std::string after;
  if (next_token) {
    auto parsed = parse_list_token(*next_token);
    if (!parsed) return tl::unexpected(parsed.error());
    after = *parsed;
  }
  Page<SubscriptionSummary> page;
  std::string last;
  std::lock_guard lock(state_->mutex);
  for (auto it = state_->subscriptions.upper_bound(after); it != state_->subscriptions.end();
       ++it) {
    const SubscriptionRecord& s = it->second;
    if (topic_arn && s.topic_arn != *topic_arn) continue;
    if (page.items.size() == kListPageSize) {
      page.next_token = list_token(last);
      break;
    }
    page.items.push_back({s.confirmed ? s.arn : "PendingConfirmation", s.owner, s.protocol,
                          s.endpoint, s.topic_arn});
    last = s.arn;
  }
  return page;
}

Result<Attributes> Topics::get_subscription_attributes(const std::string& subscription_arn) {
  auto s = find_subscription(subscription_arn);
  if (!s) return tl::unexpected(s.error());
  Attributes out;
  for (const auto& [name, value] : s->attributes) {
    if (name != "FilterPolicyScope") out[name] = value;
  }
  // SNS shows the scope only once there is a policy it applies to.
  if (s->attributes.contains("FilterPolicy")) {
    out["FilterPolicyScope"] = s->attribute("FilterPolicyScope").empty()
                                   ? "MessageAttributes"
                                   : s->attribute("FilterPolicyScope");
  }
  out["ConfirmationWasAuthenticated"] = s->authenticated_unsubscribe ? "true" : "false";
  out["Owner"] = s->owner;
  out["PendingConfirmation"] = s->confirmed ? "false" : "true";
  if (!out.contains("RawMessageDelivery")) out["RawMessageDelivery"] = "false";
  out["SubscriptionArn"] = s->arn;
  out["TopicArn"] = s->topic_arn;
  out["Protocol"] = s->protocol;
  out["Endpoint"] = s->endpoint;
  if (is_http(s->protocol)) {
    auto topic = find_topic(s->topic_arn);
    const std::string topic_policy = topic && topic->attributes.contains("DeliveryPolicy")
                                         ? topic->attributes.at("DeliveryPolicy")
                                         : "";
    const HttpDeliveryPolicy http =
        effective_http_delivery_policy(topic_policy, s->attribute("DeliveryPolicy"));
    const RetryPolicy& retry = *http.retry;
    json effective = {{"healthyRetryPolicy",
                       {{"minDelayTarget", retry.min_delay_seconds},
                        {"maxDelayTarget", retry.max_delay_seconds},
                        {"numRetries", retry.num_retries},
                        {"numMaxDelayRetries", retry.num_max_delay_retries},
                        {"numNoDelayRetries", retry.num_no_delay_retries},
                        {"numMinDelayRetries", retry.num_min_delay_retries},
                        {"backoffFunction", retry.backoff_function}}}};
    if (http.max_receives_per_second) {
      effective["throttlePolicy"] = {{"maxReceivesPerSecond", *http.max_receives_per_second}};
    }
    effective["requestPolicy"] = {{"headerContentType", http.header_content_type.empty()
                                                            ? kDefaultHttpContentType
                                                            : http.header_content_type}};
    out["EffectiveDeliveryPolicy"] = effective.dump();
  }
  return out;
}

Status Topics::set_subscription_attribute(const std::string& subscription_arn,
                                          const std::string& name, const std::string& value) {
  std::lock_guard write(state_->write_mutex);
  auto s = find_subscription(subscription_arn);
  if (!s) return tl::unexpected(s.error());
  std::string scope = s->attribute("FilterPolicyScope");
  if (name == "FilterPolicyScope") scope = value;
  if (auto ok = check_subscription_attribute(s->protocol, name, value, scope); !ok) {
    Error error = ok.error();
    error.message = with_reason(error, /*in_attributes=*/false);
    return tl::unexpected(error);
  }
  // A new scope must still fit the policy already set (a nested policy needs MessageBody).
  if (name == "FilterPolicyScope" && !s->attribute("FilterPolicy").empty()) {
    if (auto ok = check_subscription_attribute(s->protocol, "FilterPolicy",
                                               s->attribute("FilterPolicy"), scope);
        !ok) {
      Error error = ok.error();
      error.message = with_reason(error, /*in_attributes=*/false);
      return tl::unexpected(error);
    }
  }
  if (value.empty()) {
    s->attributes.erase(name);
  } else {
    s->attributes[name] = value;
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto ok = (*txn)->put_resource(to_row(*s, to_epoch_millis(clock_.now()))); !ok) return ok;
  if (auto ok = (*txn)->commit(); !ok) return ok;
  return install_subscription(*s);
}

}  // namespace certflow::notify
