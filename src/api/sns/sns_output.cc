#include "api/sns/sns_output.h"

#include <nlohmann/json.hpp>

#include "api/query/shape.h"
#include "api/query/xml_writer.h"
#include "api/sns/sns_errors.h"
#include "api/sns/sns_operations.h"

namespace certflow::api::sns {

using nlohmann::json;

namespace {

// `output` (the members as JSON) written through the operation's output shape.
std::string xml_of(std::string_view operation, const json& output) {
  query::XmlWriter xml;
  query::json_to_xml(output, *query_shapes(operation).output, xml);
  return xml.finish();
}

json with_next_token(json out, const std::optional<std::string>& next_token) {
  if (next_token) out["NextToken"] = *next_token;
  return out;
}

}  // namespace

std::string encode_topic_arn(const std::string& topic_arn) {
  return xml_of("CreateTopic", {{"TopicArn", topic_arn}});
}

std::string encode_list_topics(const notify::Page<std::string>& page) {
  json topics = json::array();
  for (const std::string& arn : page.items) topics.push_back({{"TopicArn", arn}});
  return xml_of("ListTopics", with_next_token({{"Topics", topics}}, page.next_token));
}

std::string encode_attributes(const notify::Attributes& attributes) {
  return xml_of("GetTopicAttributes", {{"Attributes", attributes}});
}

std::string encode_subscription_arn(const std::string& subscription_arn) {
  return xml_of("Subscribe", {{"SubscriptionArn", subscription_arn}});
}

std::string encode_subscriptions(const notify::Page<notify::SubscriptionSummary>& page) {
  json subscriptions = json::array();
  for (const auto& s : page.items) {
    subscriptions.push_back({{"SubscriptionArn", s.subscription_arn},
                             {"Owner", s.owner},
                             {"Protocol", s.protocol},
                             {"Endpoint", s.endpoint},
                             {"TopicArn", s.topic_arn}});
  }
  return xml_of("ListSubscriptions",
                with_next_token({{"Subscriptions", subscriptions}}, page.next_token));
}

std::string encode_publish(const std::string& message_id) {
  return xml_of("Publish", {{"MessageId", message_id}});
}

std::string encode_publish_batch(const std::vector<notify::PublishBatchResult>& results) {
  json successful = json::array();
  json failed = json::array();
  for (const auto& result : results) {
    if (result.code.empty()) {
      successful.push_back({{"Id", result.id}, {"MessageId", result.message_id}});
    } else {
      failed.push_back({{"Id", result.id},
                        {"Code", sns_entry_code(result.code)},
                        {"Message", result.message},
                        {"SenderFault", result.sender_fault}});
    }
  }
  return xml_of("PublishBatch", {{"Successful", successful}, {"Failed", failed}});
}

std::string encode_tags(const std::vector<notify::TagEntry>& tags) {
  json out = json::array();
  for (const auto& tag : tags) out.push_back({{"Key", tag.key}, {"Value", tag.value}});
  return xml_of("ListTagsForResource", {{"Tags", out}});
}

}  // namespace certflow::api::sns
