// Encoding the topics engine's answers as the content of SNS's <{Action}Result> elements, in
// the model's member order (sns_shapes.cc).
#pragma once

#include <string>
#include <vector>

#include "notify/topics.h"

namespace certflow::api::sns {

// CreateTopic: <TopicArn>.
std::string encode_topic_arn(const std::string& topic_arn);
// ListTopics: <Topics><member><TopicArn>…</TopicArn></member>…</Topics><NextToken>.
std::string encode_list_topics(const notify::Page<std::string>& page);
// Get{Topic,Subscription}Attributes: <Attributes><entry><key>…</key><value>…</value></entry>….
std::string encode_attributes(const notify::Attributes& attributes);
// Subscribe, ConfirmSubscription: <SubscriptionArn>.
std::string encode_subscription_arn(const std::string& subscription_arn);
// ListSubscriptions, ListSubscriptionsByTopic: <Subscriptions><member>…</member></Subscriptions>.
std::string encode_subscriptions(const notify::Page<notify::SubscriptionSummary>& page);
// Publish: <MessageId>.
std::string encode_publish(const std::string& message_id);
// PublishBatch: <Successful> entries (a message id) and <Failed> ones (a code, SNS's wire name
// of the engine's code, and SenderFault).
std::string encode_publish_batch(const std::vector<notify::PublishBatchResult>& results);
// ListTagsForResource: <Tags><member><Key>…</Key><Value>…</Value></member>…</Tags>.
std::string encode_tags(const std::vector<notify::TagEntry>& tags);

}  // namespace certflow::api::sns
