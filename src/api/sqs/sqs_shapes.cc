// The query protocol's view of SQS's operations, transcribed from SQS's query model (botocore
// 1.29's sqs/2012-11-05/service-2.json): serialized names and flattened lists and maps.
#include <map>

#include "api/sqs/sqs_operations.h"

namespace certflow::api::sqs {

namespace {

using query::boolean_shape;
using query::integer_shape;
using query::list_shape;
using query::map_shape;
using query::Member;
using query::ShapePtr;
using query::string_shape;
using query::structure_shape;

constexpr bool kFlattened = true;

ShapePtr attribute_map() { return map_shape(string_shape(), "Name", "Value", kFlattened); }
ShapePtr tag_map() { return map_shape(string_shape(), "Key", "Value", kFlattened); }

ShapePtr message_attribute_map() {
  ShapePtr value = structure_shape({
      {"StringValue", string_shape(), ""},
      {"BinaryValue", string_shape(), ""},
      {"StringListValues", list_shape(string_shape(), "StringListValue", kFlattened),
       "StringListValue"},
      {"BinaryListValues", list_shape(string_shape(), "BinaryListValue", kFlattened),
       "BinaryListValue"},
      {"DataType", string_shape(), ""},
  });
  return map_shape(value, "Name", "Value", kFlattened);
}

Member queue_url() { return {"QueueUrl", string_shape(), ""}; }

std::vector<Member> message_members() {
  return {{"MessageBody", string_shape(), ""},
          {"DelaySeconds", integer_shape(), ""},
          {"MessageAttributes", message_attribute_map(), "MessageAttribute"},
          {"MessageSystemAttributes", message_attribute_map(), "MessageSystemAttribute"},
          {"MessageDeduplicationId", string_shape(), ""},
          {"MessageGroupId", string_shape(), ""}};
}

ShapePtr batch_failures() {
  return list_shape(structure_shape({{"Id", string_shape(), ""},
                                     {"SenderFault", boolean_shape(), ""},
                                     {"Code", string_shape(), ""},
                                     {"Message", string_shape(), ""}}),
                    "BatchResultErrorEntry", kFlattened);
}

// Successful/Failed of a batch whose successful entries are `success`.
ShapePtr batch_result(ShapePtr success) {
  return structure_shape(
      {{"Successful", std::move(success), ""}, {"Failed", batch_failures(), ""}});
}

ShapePtr receipt_entries(const char* entry_name, bool with_visibility) {
  std::vector<Member> members = {{"Id", string_shape(), ""}, {"ReceiptHandle", string_shape(), ""}};
  if (with_visibility) members.push_back({"VisibilityTimeout", integer_shape(), ""});
  return list_shape(structure_shape(std::move(members)), entry_name, kFlattened);
}

ShapePtr id_entries(const char* entry_name) {
  return list_shape(structure_shape({{"Id", string_shape(), ""}}), entry_name, kFlattened);
}

std::map<std::string, QueryShapes, std::less<>> build() {
  std::map<std::string, QueryShapes, std::less<>> shapes;
  const ShapePtr url_only = structure_shape({queue_url()});
  const ShapePtr url_result = structure_shape({{"QueueUrl", string_shape(), ""}});
  shapes["CreateQueue"] = {structure_shape({{"QueueName", string_shape(), ""},
                                            {"Attributes", attribute_map(), "Attribute"},
                                            {"tags", tag_map(), "Tag"}}),
                           url_result};
  shapes["GetQueueUrl"] = {structure_shape({{"QueueName", string_shape(), ""},
                                            {"QueueOwnerAWSAccountId", string_shape(), ""}}),
                           url_result};
  shapes["ListQueues"] = {
      structure_shape({{"QueueNamePrefix", string_shape(), ""},
                       {"NextToken", string_shape(), ""},
                       {"MaxResults", integer_shape(), ""}}),
      structure_shape({{"QueueUrls", list_shape(string_shape(), "QueueUrl", kFlattened), ""},
                       {"NextToken", string_shape(), ""}})};
  shapes["DeleteQueue"] = {url_only, nullptr};
  shapes["PurgeQueue"] = {url_only, nullptr};
  shapes["GetQueueAttributes"] = {
      structure_shape(
          {queue_url(),
           {"AttributeNames", list_shape(string_shape(), "AttributeName", kFlattened), ""}}),
      structure_shape({{"Attributes", attribute_map(), "Attribute"}})};
  shapes["SetQueueAttributes"] = {
      structure_shape({queue_url(), {"Attributes", attribute_map(), "Attribute"}}), nullptr};
  shapes["ListQueueTags"] = {url_only, structure_shape({{"Tags", tag_map(), "Tag"}})};
  shapes["TagQueue"] = {structure_shape({queue_url(), {"Tags", tag_map(), "Tag"}}), nullptr};
  shapes["UntagQueue"] = {
      structure_shape(
          {queue_url(), {"TagKeys", list_shape(string_shape(), "TagKey", kFlattened), ""}}),
      nullptr};
  shapes["ListDeadLetterSourceQueues"] = {
      structure_shape(
          {queue_url(), {"NextToken", string_shape(), ""}, {"MaxResults", integer_shape(), ""}}),
      structure_shape({{"queueUrls", list_shape(string_shape(), "QueueUrl", kFlattened), ""},
                       {"NextToken", string_shape(), ""}})};

  std::vector<Member> send = message_members();
  send.insert(send.begin(), queue_url());
  shapes["SendMessage"] = {structure_shape(std::move(send)),
                           structure_shape({{"MD5OfMessageBody", string_shape(), ""},
                                            {"MD5OfMessageAttributes", string_shape(), ""},
                                            {"MD5OfMessageSystemAttributes", string_shape(), ""},
                                            {"MessageId", string_shape(), ""},
                                            {"SequenceNumber", string_shape(), ""}})};
  std::vector<Member> entry = message_members();
  entry.insert(entry.begin(), {"Id", string_shape(), ""});
  shapes["SendMessageBatch"] = {
      structure_shape({queue_url(),
                       {"Entries",
                        list_shape(structure_shape(std::move(entry)),
                                   "SendMessageBatchRequestEntry", kFlattened),
                        ""}}),
      batch_result(list_shape(structure_shape({{"Id", string_shape(), ""},
                                               {"MessageId", string_shape(), ""},
                                               {"MD5OfMessageBody", string_shape(), ""},
                                               {"MD5OfMessageAttributes", string_shape(), ""},
                                               {"MD5OfMessageSystemAttributes", string_shape(), ""},
                                               {"SequenceNumber", string_shape(), ""}}),
                              "SendMessageBatchResultEntry", kFlattened))};

  ShapePtr message =
      structure_shape({{"MessageId", string_shape(), ""},
                       {"ReceiptHandle", string_shape(), ""},
                       {"MD5OfBody", string_shape(), ""},
                       {"Body", string_shape(), ""},
                       {"Attributes", attribute_map(), "Attribute"},
                       {"MD5OfMessageAttributes", string_shape(), ""},
                       {"MessageAttributes", message_attribute_map(), "MessageAttribute"}});
  shapes["ReceiveMessage"] = {
      structure_shape(
          {queue_url(),
           {"AttributeNames", list_shape(string_shape(), "AttributeName", kFlattened), ""},
           {"MessageSystemAttributeNames",
            list_shape(string_shape(), "MessageSystemAttributeName", kFlattened), ""},
           {"MessageAttributeNames", list_shape(string_shape(), "MessageAttributeName", kFlattened),
            ""},
           {"MaxNumberOfMessages", integer_shape(), ""},
           {"VisibilityTimeout", integer_shape(), ""},
           {"WaitTimeSeconds", integer_shape(), ""},
           {"ReceiveRequestAttemptId", string_shape(), ""}}),
      structure_shape({{"Messages", list_shape(message, "Message", kFlattened), ""}})};
  shapes["DeleteMessage"] = {structure_shape({queue_url(), {"ReceiptHandle", string_shape(), ""}}),
                             nullptr};
  shapes["ChangeMessageVisibility"] = {
      structure_shape({queue_url(),
                       {"ReceiptHandle", string_shape(), ""},
                       {"VisibilityTimeout", integer_shape(), ""}}),
      nullptr};
  shapes["DeleteMessageBatch"] = {
      structure_shape(
          {queue_url(), {"Entries", receipt_entries("DeleteMessageBatchRequestEntry", false), ""}}),
      batch_result(id_entries("DeleteMessageBatchResultEntry"))};
  shapes["ChangeMessageVisibilityBatch"] = {
      structure_shape(
          {queue_url(),
           {"Entries", receipt_entries("ChangeMessageVisibilityBatchRequestEntry", true), ""}}),
      batch_result(id_entries("ChangeMessageVisibilityBatchResultEntry"))};
  return shapes;
}

}  // namespace

QueryShapes query_shapes(std::string_view operation) {
  static const auto shapes = build();
  auto it = shapes.find(operation);
  return it == shapes.end() ? QueryShapes{} : it->second;
}

}  // namespace certflow::api::sqs
