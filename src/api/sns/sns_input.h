// Decoding SNS's query-protocol forms into the topics engine's requests. SNS's words for bad
// input: InvalidParameter "Invalid parameter: <member>" for a required member that is absent or
// a value of the wrong type; ParameterValueInvalid for a message attribute it cannot read. The
// engine checks the values themselves (names, ARNs, sizes, policies).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/query/form.h"
#include "core/error.h"
#include "notify/topics.h"

namespace certflow::api::sns {

struct CreateTopicInput {
  std::string name;
  notify::Attributes attributes;
  std::vector<notify::TagEntry> tags;
};
Result<CreateTopicInput> decode_create_topic(const query::FormParams& params);

// DeleteTopic, GetTopicAttributes.
Result<std::string> decode_topic_arn(const query::FormParams& params);
// Unsubscribe, GetSubscriptionAttributes.
Result<std::string> decode_subscription_arn(const query::FormParams& params);
// ListTagsForResource.
Result<std::string> decode_resource_arn(const query::FormParams& params);

// ListTopics, ListSubscriptions: the NextToken.
Result<std::optional<std::string>> decode_next_token(const query::FormParams& params);

struct ListByTopicInput {
  std::string topic_arn;
  std::optional<std::string> next_token;
};
Result<ListByTopicInput> decode_list_subscriptions_by_topic(const query::FormParams& params);

// SetTopicAttributes (arn: TopicArn), SetSubscriptionAttributes (arn: SubscriptionArn). An
// absent AttributeValue is the empty value.
struct SetAttributeInput {
  std::string arn;
  std::string name;
  std::string value;
};
Result<SetAttributeInput> decode_set_topic_attributes(const query::FormParams& params);
Result<SetAttributeInput> decode_set_subscription_attributes(const query::FormParams& params);

Result<notify::SubscribeRequest> decode_subscribe(const query::FormParams& params);

struct ConfirmInput {
  std::string topic_arn;
  std::string token;
  bool authenticate_on_unsubscribe = false;  // AuthenticateOnUnsubscribe "true" (any case)
};
Result<ConfirmInput> decode_confirm_subscription(const query::FormParams& params);

// TopicArn or TargetArn becomes the request's topic_arn.
Result<notify::PublishRequest> decode_publish(const query::FormParams& params);

struct PublishBatchInput {
  std::string topic_arn;
  std::vector<notify::PublishBatchEntry> entries;
};
Result<PublishBatchInput> decode_publish_batch(const query::FormParams& params);

struct TagInput {
  std::string resource_arn;
  std::vector<notify::TagEntry> tags;
};
Result<TagInput> decode_tag_resource(const query::FormParams& params);

struct UntagInput {
  std::string resource_arn;
  std::vector<std::string> keys;
};
Result<UntagInput> decode_untag_resource(const query::FormParams& params);

}  // namespace certflow::api::sns
