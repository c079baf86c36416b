#include "notify/topics.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "crypto/encoding.h"
#include "crypto/envelope.h"
#include "notify/delivery_policy.h"
#include "notify/state.h"

namespace certflow::notify {

namespace {

constexpr size_t kMaxTags = 50;

// The attributes SetTopicAttributes and CreateTopic take that certflow keeps as given.
const std::set<std::string>& stored_attribute_names() {
  static const std::set<std::string> names = {
      "DisplayName",
      "Policy",
      "DeliveryPolicy",
      "KmsMasterKeyId",
      "SignatureVersion",
      "TracingConfig",
      "FifoTopic",
      "ContentBasedDeduplication",
      "ArchivePolicy",
      "DataProtectionPolicy",
      "HTTPSuccessFeedbackRoleArn",
      "HTTPFailureFeedbackRoleArn",
      "HTTPSuccessFeedbackSampleRate",
      "LambdaSuccessFeedbackRoleArn",
      "LambdaFailureFeedbackRoleArn",
      "LambdaSuccessFeedbackSampleRate",
      "SQSSuccessFeedbackRoleArn",
      "SQSFailureFeedbackRoleArn",
      "SQSSuccessFeedbackSampleRate",
      "FirehoseSuccessFeedbackRoleArn",
      "FirehoseFailureFeedbackRoleArn",
      "FirehoseSuccessFeedbackSampleRate",
      "ApplicationSuccessFeedbackRoleArn",
      "ApplicationFailureFeedbackRoleArn",
      "ApplicationSuccessFeedbackSampleRate",
  };
  return names;
}

bool valid_topic_name(const std::string& name) {
  if (name.empty() || name.size() > 256) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool is_default_key(const NotifyConfig& config, const std::string& key) {
  return key == "alias/aws/sns" ||
         key == "arn:aws:kms:" + config.region + ":" + config.account_id + ":alias/aws/sns";
}

Status check_tags(const std::vector<TagEntry>& tags) {
  for (const auto& tag : tags) {
    if (tag.key.empty() || tag.key.size() > 128) {
      return invalid_parameter("Tags Reason: a tag key must be 1 to 128 characters");
    }
    if (tag.value.size() > 256) {
      return invalid_parameter("Tags Reason: a tag value must be at most 256 characters");
    }
  }
  return {};
}

std::vector<store::Tag> merged_tags(std::vector<store::Tag> current,
                                    const std::vector<TagEntry>& added) {
  for (const auto& tag : added) {
    auto it = std::find_if(current.begin(), current.end(),
                           [&](const store::Tag& t) { return t.key == tag.key; });
    if (it != current.end()) {
      it->value = tag.value;
    } else {
      current.push_back({tag.key, tag.value});
    }
  }
  return current;
}

}  // namespace

std::string list_token(const std::string& last_arn) { return crypto::base64_encode(last_arn); }

Result<std::string> parse_list_token(const std::string& token) {
  auto arn = crypto::base64_decode(token);
  if (!arn || arn->rfind("arn:", 0) != 0) return invalid_parameter("NextToken");
  return *arn;
}

Topics::Topics(store::Store& store, const Clock& clock, ChannelRegistry& channels,
               const crypto::MasterKey& master, const MessageSigner& signer, queue::Queues& queues,
               NotifyConfig config)
    : state_(std::make_unique<State>(clock)),
      store_(store),
      clock_(clock),
      channels_(channels),
      master_(master),
      signer_(signer),
      queues_(queues),
      config_(std::move(config)) {}

Topics::~Topics() { stop(); }

// Validates one topic attribute; returns the value to keep.
Result<std::string> Topics::check_topic_attribute(const std::string& topic_arn,
                                                  const std::string& name,
                                                  const std::string& value) const {
  if (!stored_attribute_names().contains(name)) return invalid_parameter("AttributeName");
  if (name == "DisplayName" && value.size() > 100) {
    return invalid_parameter("DisplayName: at most 100 characters");
  }
  if (name == "Policy" && !value.empty()) {
    auto policy = iam::Policy::parse(value);
    if (!policy) return invalid_parameter("Policy Error: " + policy.error().message);
  }
  if (name == "DeliveryPolicy" && !value.empty()) {
    if (auto policy = parse_topic_delivery_policy(value); !policy) {
      return tl::unexpected(policy.error());
    }
  }
  if (name == "KmsMasterKeyId" && !value.empty() && !is_default_key(config_, value)) {
    return fail(ErrorCode::kKmsNotFound,
                "Invalid parameter: KmsMasterKeyId: certflow holds one key for topics, "
                "alias/aws/sns (sealed with its master key); '" +
                    value + "' does not exist. Use alias/aws/sns.");
  }
  if (name == "SignatureVersion" && value != "1" && value != "2") {
    return invalid_parameter("SignatureVersion: must be 1 (SHA1withRSA) or 2 (SHA256withRSA)");
  }
  if (name == "TracingConfig" && value != "PassThrough" && value != "Active") {
    return invalid_parameter("TracingConfig: must be PassThrough or Active");
  }
  if ((name == "FifoTopic" || name == "ContentBasedDeduplication") && value == "true") {
    return invalid_parameter(name + ": certflow offers standard topics only, not FIFO topics");
  }
  (void)topic_arn;
  return value;
}

Status Topics::install_topic(const TopicRecord& topic) {
  std::shared_ptr<const iam::Policy> policy;
  if (auto it = topic.attributes.find("Policy");
      it != topic.attributes.end() && !it->second.empty()) {
    auto parsed = iam::Policy::parse(it->second);
    if (!parsed) return fail(ErrorCode::kInternal, "stored policy of " + topic.arn + " is invalid");
    policy = std::make_shared<const iam::Policy>(std::move(*parsed));
  } else {
    auto parsed = iam::Policy::parse(iam::default_topic_policy(topic.arn, config_.account_id));
    if (!parsed) return fail(ErrorCode::kInternal, "the default topic policy does not parse");
    policy = std::make_shared<const iam::Policy>(std::move(*parsed));
  }
  std::shared_ptr<const crypto::SecretBytes> key;
  if (!topic.wrapped_data_key.empty()) {
    auto unwrapped = crypto::unwrap_data_key(master_, topic.wrapped_data_key, topic.arn);
    if (!unwrapped) return tl::unexpected(unwrapped.error());
    key = std::make_shared<const crypto::SecretBytes>(std::move(*unwrapped));
  }
  std::lock_guard lock(state_->mutex);
  state_->topics[topic.arn] = topic;
  state_->policies[topic.arn] = std::move(policy);
  if (key) {
    state_->data_keys[topic.arn] = std::move(key);
  } else {
    state_->data_keys.erase(topic.arn);
  }
  return {};
}

Status Topics::load() {
  for (const char* kind : {kTopicKind, kSubscriptionKind}) {
    std::optional<std::string> after;
    for (;;) {
      auto rows = store_.list_resources(store::ResourceListRequest{kind, "", after, 500});
      if (!rows) return tl::unexpected(rows.error());
      for (const auto& row : *rows) {
        if (std::string(kind) == kTopicKind) {
          auto topic = topic_from_row(row);
          if (!topic) return tl::unexpected(topic.error());
          if (auto s = install_topic(*topic); !s) return s;
        } else {
          auto subscription = subscription_from_row(row);
          if (!subscription) return tl::unexpected(subscription.error());
          if (auto s = install_subscription(*subscription); !s) return s;
        }
      }
      if (rows->size() < 500) break;
      after = rows->back().name;
    }
  }
  return {};
}

Result<TopicRecord> Topics::find_topic(const std::string& topic_arn) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->topics.find(topic_arn);
  if (it == state_->topics.end()) return fail(ErrorCode::kNotFound, "Topic does not exist");
  return it->second;
}

Result<std::string> Topics::create_topic(const std::string& name, const Attributes& attributes,
                                         const std::vector<TagEntry>& tags) {
  if (name.size() > 5 && name.ends_with(".fifo")) {
    return invalid_parameter("Topic Name: certflow offers standard topics only, not FIFO topics");
  }
  if (!valid_topic_name(name)) {
    return invalid_parameter(
        "Topic Name: use 1 to 256 letters, digits, hyphens (-) and underscores (_)");
  }
  if (auto s = check_tags(tags); !s) return tl::unexpected(s.error());
  if (tags.size() > kMaxTags) return invalid_parameter("Tags Reason: at most 50 tags per topic");
  const std::string arn = "arn:aws:sns:" + config_.region + ":" + config_.account_id + ":" + name;
  TopicRecord topic{name, arn, {}, "", to_epoch_millis(clock_.now())};
  for (const auto& [key, value] : attributes) {
    auto kept = check_topic_attribute(arn, key, value);
    if (!kept) {
      if (kept.error().code == ErrorCode::kInvalidParameter &&
          kept.error().message == "Invalid parameter: AttributeName") {
        return invalid_parameter("Attributes Reason: Unknown attribute " + key);
      }
      return tl::unexpected(kept.error());
    }
    if (!kept->empty()) topic.attributes[key] = *kept;
  }

  std::lock_guard write(state_->write_mutex);
  if (auto existing = find_topic(arn)) {
    // Idempotent by name, as SNS is; a different request for the same name is refused.
    if (existing->attributes != topic.attributes) {
      return invalid_parameter("Attributes Reason: Topic already exists with different attributes");
    }
    if (!tags.empty()) {
      auto current = store_.get_resource_tags(arn);
      if (!current) return tl::unexpected(current.error());
      if (merged_tags(*current, tags) != *current) {
        return invalid_parameter("Tags Reason: Topic already exists with different tags");
      }
    }
    return arn;
  }
  if (topic.attributes.contains("KmsMasterKeyId")) {
    auto key = crypto::generate_wrapped_data_key(master_, arn);
    if (!key) return tl::unexpected(key.error());
    topic.wrapped_data_key = std::move(*key);
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->put_resource(to_row(topic, topic.created_at_ms)); !s) {
    return tl::unexpected(s.error());
  }
  if (!tags.empty()) {
    if (auto s = (*txn)->put_resource_tags(arn, merged_tags({}, tags)); !s) {
      return tl::unexpected(s.error());
    }
  }
  if (auto s = (*txn)->commit(); !s) return tl::unexpected(s.error());
  if (auto s = install_topic(topic); !s) return tl::unexpected(s.error());
  spdlog::info("topic {} created", arn);
  return arn;
}

Status Topics::delete_topic(const std::string& topic_arn) {
  std::lock_guard write(state_->write_mutex);
  auto topic = find_topic(topic_arn);
  if (!topic) return {};  // DeleteTopic is idempotent
  std::vector<std::string> subscriptions;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [arn, subscription] : state_->subscriptions) {
      if (subscription.topic_arn == topic_arn)
        subscriptions.push_back(subscription.topic_name + ":" + subscription.id);
    }
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  for (const auto& name : subscriptions) {
    if (auto s = (*txn)->delete_resource(kSubscriptionKind, name); !s) {
      return tl::unexpected(s.error());
    }
  }
  if (auto s = (*txn)->delete_topic_deliveries(topic_arn + ":"); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = (*txn)->put_resource_tags(topic_arn, {}); !s) return s;
  if (auto s = (*txn)->delete_resource(kTopicKind, topic->name); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = (*txn)->commit(); !s) return s;
  std::lock_guard lock(state_->mutex);
  for (auto it = state_->subscriptions.begin(); it != state_->subscriptions.end();) {
    if (it->second.topic_arn == topic_arn) {
      state_->filters.erase(it->first);
      it = state_->subscriptions.erase(it);
    } else {
      ++it;
    }
  }
  state_->topics.erase(topic_arn);
  state_->policies.erase(topic_arn);
  state_->data_keys.erase(topic_arn);
  spdlog::info("topic {} deleted with {} subscription(s)", topic_arn, subscriptions.size());
  return {};
}

Result<Page<std::string>> Topics::list_topics(const std::optional<std::string>& next_token) {
  std::string after;
  if (next_token) {
    auto parsed = parse_list_token(*next_token);
    if (!parsed) return tl::unexpected(parsed.error());
    after = *parsed;
  }
  Page<std::string> page;
  std::lock_guard lock(state_->mutex);
  for (auto it = state_->topics.upper_bound(after); it != state_->topics.end(); ++it) {
    if (page.items.size() == kListPageSize) {
      page.next_token = list_token(page.items.back());
      break;
    }
    page.items.push_back(it->first);
  }
  return page;
}

Result<Attributes> Topics::get_topic_attributes(const std::string& topic_arn) {
  auto topic = find_topic(topic_arn);
  if (!topic) return tl::unexpected(topic.error());
  Attributes out = topic->attributes;
  if (!out.contains("Policy")) {
    out["Policy"] = iam::default_topic_policy(topic_arn, config_.account_id);
  }
  out["Owner"] = config_.account_id;
  out["TopicArn"] = topic_arn;
  if (!out.contains("DisplayName")) out["DisplayName"] = "";
  size_t confirmed = 0;
  size_t pending = 0;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [arn, subscription] : state_->subscriptions) {
      if (subscription.topic_arn != topic_arn) continue;
      ++(subscription.confirmed ? confirmed : pending);
    }
  }
  out["SubscriptionsConfirmed"] = std::to_string(confirmed);
  out["SubscriptionsPending"] = std::to_string(pending);
  out["SubscriptionsDeleted"] = "0";
  out["EffectiveDeliveryPolicy"] = effective_topic_delivery_policy(
      topic->attributes.contains("DeliveryPolicy") ? topic->attributes.at("DeliveryPolicy") : "");
  return out;
}

Status Topics::set_topic_attribute(const std::string& topic_arn, const std::string& name,
                                   const std::string& value) {
  std::lock_guard write(state_->write_mutex);
  auto topic = find_topic(topic_arn);
  if (!topic) return tl::unexpected(topic.error());
  auto kept = check_topic_attribute(topic_arn, name, value);
  if (!kept) return tl::unexpected(kept.error());
  if (kept->empty()) {
    topic->attributes.erase(name);
  } else {
    topic->attributes[name] = *kept;
  }
  if (name == "KmsMasterKeyId" && !kept->empty() && topic->wrapped_data_key.empty()) {
    auto key = crypto::generate_wrapped_data_key(master_, topic_arn);
    if (!key) return tl::unexpected(key.error());
    topic->wrapped_data_key = std::move(*key);
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->put_resource(to_row(*topic, to_epoch_millis(clock_.now()))); !s) return s;
  if (auto s = (*txn)->commit(); !s) return s;
  return install_topic(*topic);
}

Status Topics::check_topic(const std::string& topic_arn) {
  if (topic_arn.rfind("arn:aws:sns:", 0) != 0) {
    return fail(ErrorCode::kValidation, "'" + topic_arn + "' is not a topic ARN (arn:aws:sns:" +
                                            config_.region + ":" + config_.account_id + ":NAME)");
  }
  if (!find_topic(topic_arn)) {
    return fail(ErrorCode::kResourceNotFound,
                "Topic " + topic_arn + " does not exist. Create it with `aws sns create-topic`.");
  }
  return {};
}

Status Topics::tag_resource(const std::string& arn, const std::vector<TagEntry>& tags) {
  if (auto s = check_tags(tags); !s) return s;
  std::lock_guard write(state_->write_mutex);
  if (!find_topic(arn)) return fail(ErrorCode::kResourceNotFound, "Resource does not exist");
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto current = (*txn)->get_resource_tags(arn);
  if (!current) return tl::unexpected(current.error());
  auto merged = merged_tags(*current, tags);
  if (merged.size() > kMaxTags) {
    return fail(ErrorCode::kTooManyTags,
                "Could not complete request: tag quota of per resource exceeded (50)");
  }
  if (auto s = (*txn)->put_resource_tags(arn, merged); !s) return s;
  return (*txn)->commit();
}

Status Topics::untag_resource(const std::string& arn, const std::vector<std::string>& keys) {
  std::lock_guard write(state_->write_mutex);
  if (!find_topic(arn)) return fail(ErrorCode::kResourceNotFound, "Resource does not exist");
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto current = (*txn)->get_resource_tags(arn);
  if (!current) return tl::unexpected(current.error());
  std::erase_if(*current, [&](const store::Tag& tag) {
    return std::find(keys.begin(), keys.end(), tag.key) != keys.end();
  });
  if (auto s = (*txn)->put_resource_tags(arn, *current); !s) return s;
  return (*txn)->commit();
}

Result<std::vector<TagEntry>> Topics::list_tags(const std::string& arn) {
  if (!find_topic(arn)) return fail(ErrorCode::kResourceNotFound, "Resource does not exist");
  auto tags = store_.get_resource_tags(arn);
  if (!tags) return tl::unexpected(tags.error());
  std::vector<TagEntry> out;
  for (const auto& tag : *tags) out.push_back({tag.key, tag.value.value_or("")});
  return out;
}

}  // namespace certflow::notify
