// Topics and subscriptions as the notify room keeps them: store::ResourceRows (kinds
// "sns-topic", name = the topic's name; "sns-subscription", name = "<topic name>:<id>", so a
// topic's subscriptions are one name-prefix query) whose details_json this file reads and writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/error.h"
#include "store/store.h"

namespace certflow::notify {

inline constexpr const char* kTopicKind = "sns-topic";
inline constexpr const char* kSubscriptionKind = "sns-subscription";

struct TopicRecord {
  std::string name;
  std::string arn;
  std::map<std::string, std::string> attributes;  // the settable attributes, as set
  std::string wrapped_data_key;                   // binary; "" until the topic is first encrypted
  int64_t created_at_ms = 0;
};

struct SubscriptionRecord {
  std::string id;  // the uuid at the end of the ARN
  std::string arn;
  std::string topic_arn;
  std::string topic_name;
  std::string protocol;
  std::string endpoint;
  std::string owner;  // account id
  bool confirmed = false;
  bool authenticated_unsubscribe = false;  // ConfirmationWasAuthenticated
  std::string token;                       // "" once confirmed
  int64_t token_expires_ms = 0;
  std::map<std::string, std::string> attributes;  // FilterPolicy, RawMessageDelivery, ...
  int64_t created_at_ms = 0;

  std::string attribute(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
  }
};

store::ResourceRow to_row(const TopicRecord& topic, int64_t now_ms);
Result<TopicRecord> topic_from_row(const store::ResourceRow& row);
store::ResourceRow to_row(const SubscriptionRecord& subscription, int64_t now_ms);
Result<SubscriptionRecord> subscription_from_row(const store::ResourceRow& row);

}  // namespace certflow::notify
