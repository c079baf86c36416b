// The query protocol's view of SNS's operations, transcribed from SNS's model (botocore's
// sns/2010-03-31/service-2.json): lists as "X.member.N", string maps as "X.entry.N.key/value",
// MessageAttributes as "X.entry.N.Name" / "X.entry.N.Value.<member>". Nothing is flattened.
#include <map>

#include "api/sns/sns_operations.h"

namespace certflow::api::sns {

namespace {

using query::boolean_shape;
using query::list_shape;
using query::map_shape;
using query::Member;
using query::ShapePtr;
using query::string_shape;
using query::structure_shape;

ShapePtr attribute_map() { return map_shape(string_shape(), "key", "value"); }

ShapePtr tag_list() {
  return list_shape(structure_shape({{"Key", string_shape(), ""}, {"Value", string_shape(), ""}}));
}

ShapePtr message_attribute_map() {
  ShapePtr value = structure_shape({{"DataType", string_shape(), ""},
                                    {"StringValue", string_shape(), ""},
                                    {"BinaryValue", string_shape(), ""}});
  return map_shape(value, "Name", "Value");
}

Member string_member(const char* name) { return {name, string_shape(), ""}; }

ShapePtr strings(std::initializer_list<const char*> names) {
  std::vector<Member> members;
  for (const char* name : names) members.push_back(string_member(name));
  return structure_shape(std::move(members));
}

// The members of a message, Publish's and a PublishBatch entry's.
std::vector<Member> message_members() {
  return {string_member("Message"),
          string_member("Subject"),
          string_member("MessageStructure"),
          {"MessageAttributes", message_attribute_map(), ""},
          string_member("MessageDeduplicationId"),
          string_member("MessageGroupId")};
}

ShapePtr subscription_list() {
  return structure_shape(
      {{"Subscriptions",
        list_shape(strings({"SubscriptionArn", "Owner", "Protocol", "Endpoint", "TopicArn"})), ""},
       string_member("NextToken")});
}

std::map<std::string, QueryShapes, std::less<>> build() {
  std::map<std::string, QueryShapes, std::less<>> shapes;
  const ShapePtr topic_only = strings({"TopicArn"});
  const ShapePtr subscription_only = strings({"SubscriptionArn"});
  const ShapePtr attributes_result = structure_shape({{"Attributes", attribute_map(), ""}});
  // An action whose model has a result wrapper but no members: <{Action}Result></…>.
  const ShapePtr empty_result = structure_shape({});

  shapes["CreateTopic"] = {structure_shape({string_member("Name"),
                                            {"Attributes", attribute_map(), ""},
                                            {"Tags", tag_list(), ""},
                                            string_member("DataProtectionPolicy")}),
                           topic_only};
  shapes["DeleteTopic"] = {topic_only, nullptr};
  shapes["ListTopics"] = {
      strings({"NextToken"}),
      structure_shape({{"Topics", list_shape(topic_only), ""}, string_member("NextToken")})};
  shapes["GetTopicAttributes"] = {topic_only, attributes_result};
  shapes["SetTopicAttributes"] = {strings({"TopicArn", "AttributeName", "AttributeValue"}),
                                  nullptr};

  shapes["Subscribe"] = {structure_shape({string_member("TopicArn"),
                                          string_member("Protocol"),
                                          string_member("Endpoint"),
                                          {"Attributes", attribute_map(), ""},
                                          {"ReturnSubscriptionArn", boolean_shape(), ""}}),
                         subscription_only};
  shapes["ConfirmSubscription"] = {strings({"TopicArn", "Token", "AuthenticateOnUnsubscribe"}),
                                   subscription_only};
  shapes["Unsubscribe"] = {subscription_only, nullptr};
  shapes["ListSubscriptions"] = {strings({"NextToken"}), subscription_list()};
  shapes["ListSubscriptionsByTopic"] = {strings({"TopicArn", "NextToken"}), subscription_list()};
  shapes["GetSubscriptionAttributes"] = {subscription_only, attributes_result};
  shapes["SetSubscriptionAttributes"] = {
      strings({"SubscriptionArn", "AttributeName", "AttributeValue"}), nullptr};

  std::vector<Member> publish = {string_member("TopicArn"), string_member("TargetArn"),
                                 string_member("PhoneNumber")};
  for (Member& member : message_members()) publish.push_back(std::move(member));
  shapes["Publish"] = {structure_shape(std::move(publish)),
                       strings({"MessageId", "SequenceNumber"})};
  std::vector<Member> entry = {string_member("Id")};
  for (Member& member : message_members()) entry.push_back(std::move(member));
  shapes["PublishBatch"] = {
      structure_shape(
          {string_member("TopicArn"),
           {"PublishBatchRequestEntries", list_shape(structure_shape(std::move(entry))), ""}}),
      structure_shape(
          {{"Successful", list_shape(strings({"Id", "MessageId", "SequenceNumber"})), ""},
           {"Failed",
            list_shape(structure_shape({string_member("Id"),
                                        string_member("Code"),
                                        string_member("Message"),
                                        {"SenderFault", boolean_shape(), ""}})),
            ""}})};

  shapes["TagResource"] = {
      structure_shape({string_member("ResourceArn"), {"Tags", tag_list(), ""}}), empty_result};
  shapes["UntagResource"] = {
      structure_shape({string_member("ResourceArn"), {"TagKeys", list_shape(string_shape()), ""}}),
      empty_result};
  shapes["ListTagsForResource"] = {strings({"ResourceArn"}),
                                   structure_shape({{"Tags", tag_list(), ""}})};
  return shapes;
}

}  // namespace

QueryShapes query_shapes(std::string_view operation) {
  static const auto shapes = build();
  auto it = shapes.find(operation);
  return it == shapes.end() ? QueryShapes{} : it->second;
}

}  // namespace certflow::api::sns
