// The query protocol's flattening conventions, both ways: form parameters to the JSON protocol's
// members (lists, maps, structures; flattened or not) and JSON answers to XML.
#include <gtest/gtest.h>

#include "api/query/shape.h"

namespace certflow::api::query {
namespace {

using nlohmann::json;

FormParams parse(std::string_view text) {
  FormParams params;
  EXPECT_TRUE(parse_form(text, params));
  return params;
}

ShapePtr message_attributes() {
  return map_shape(
      structure_shape({{"StringValue", string_shape(), ""},
                       {"BinaryValue", string_shape(), ""},
                       {"StringListValues", list_shape(string_shape(), "StringListValue", true),
                        "StringListValue"},
                       {"DataType", string_shape(), ""}}),
      "Name", "Value", true);
}

// SQS's SendMessageBatch input, as its query model names it.
ShapePtr send_batch() {
  return structure_shape({{"QueueUrl", string_shape(), ""},
                          {"Entries",
                           list_shape(structure_shape({{"Id", string_shape(), ""},
                                                       {"MessageBody", string_shape(), ""},
                                                       {"DelaySeconds", integer_shape(), ""},
                                                       {"MessageAttributes", message_attributes(),
                                                        "MessageAttribute"}}),
                                      "SendMessageBatchRequestEntry", true),
                           ""}});
}

TEST(QueryShapeTest, FlattenedMapsListsAndNestedStructures) {
  // What botocore 1.29's query serializer sends for sqs.send_message_batch.
  FormParams params = parse(
      "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2Fh%2F0%2Fq"
      "&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one"
      "&SendMessageBatchRequestEntry.1.DelaySeconds=5"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=v"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Name=l"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.StringListValue.1=x"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.StringListValue.2=y"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.DataType=String"
      "&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two"
      "&SendMessageBatchRequestEntry.2.DelaySeconds=soon");
  json expected = {
      {"QueueUrl", "http://h/0/q"},
      {"Entries",
       {{{"Id", "a"},
         {"MessageBody", "one"},
         {"DelaySeconds", 5},
         {"MessageAttributes",
          {{"k", {{"StringValue", "v"}, {"DataType", "String"}}},
           {"l", {{"StringListValues", {"x", "y"}}, {"DataType", "String"}}}}}},
        // A value that is not an integer stays text, for the decoder to refuse in its words.
        {{"Id", "b"}, {"MessageBody", "two"}, {"DelaySeconds", "soon"}}}}};
  EXPECT_EQ(form_to_json(params, *send_batch()), expected);
}

TEST(QueryShapeTest, FlattenedListsTakeTheElementName) {
  auto shape = structure_shape(
      {{"AttributeNames", list_shape(string_shape(), "AttributeName", true), ""},
       {"Attributes", map_shape(string_shape(), "Name", "Value", true), "Attribute"},
       {"MaxNumberOfMessages", integer_shape(), ""}});
  FormParams params = parse(
      "AttributeName.1=All&AttributeName.2=SentTimestamp&AttributeName.4=Skipped"
      "&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30&Attribute.2.Name=Empty"
      "&MaxNumberOfMessages=10&Unknown=1");
  EXPECT_EQ(form_to_json(params, *shape),
            (json{{"AttributeNames", {"All", "SentTimestamp"}},
                  {"Attributes", {{"VisibilityTimeout", "30"}, {"Empty", ""}}},
                  {"MaxNumberOfMessages", 10}}));
}

TEST(QueryShapeTest, MemberListsAndEntryMapsWhenNotFlattened) {
  // SNS's conventions: Tags.member.N.Key, Attributes.entry.N.key/value.
  auto shape = structure_shape(
      {{"Name", string_shape(), ""},
       {"Attributes", map_shape(string_shape()), ""},
       {"Tags",
        list_shape(structure_shape({{"Key", string_shape(), ""}, {"Value", string_shape(), ""}})),
        ""},
       {"Enabled", boolean_shape(), ""}});
  FormParams params = parse(
      "Action=CreateTopic&Name=my-topic&Attributes.entry.1.key=KmsMasterKeyId"
      "&Attributes.entry.1.value=alias%2Faws%2Fsns&Tags.member.1.Key=env&Tags.member.1.Value=dev"
      "&Enabled=true");
  EXPECT_EQ(form_to_json(params, *shape),
            (json{{"Name", "my-topic"},
                  {"Attributes", {{"KmsMasterKeyId", "alias/aws/sns"}}},
                  {"Tags", {{{"Key", "env"}, {"Value", "dev"}}}},
                  {"Enabled", true}}));
  EXPECT_EQ(form_to_json(parse("Action=CreateTopic"), *shape), json::object());
}

TEST(QueryShapeTest, JsonAnswersBecomeXmlInModelOrder) {
  auto message = structure_shape(
      {{"MessageId", string_shape(), ""},
       {"Body", string_shape(), ""},
       {"Attributes", map_shape(string_shape(), "Name", "Value", true), "Attribute"},
       {"MessageAttributes", message_attributes(), "MessageAttribute"}});
  auto shape = structure_shape({{"Messages", list_shape(message, "Message", true), ""}});
  json output = {{"Messages",
                  {{{"Body", "a<b"},
                    {"MessageId", "m1"},
                    {"Attributes", {{"SentTimestamp", "1"}}},
                    {"MessageAttributes", {{"k", {{"DataType", "String"}, {"StringValue", "v"}}}}},
                    {"NotInTheShape", "dropped"}},
                   {{"MessageId", "m2"}, {"Body", ""}}}}};
  XmlWriter xml;
  json_to_xml(output, *shape, xml);
  EXPECT_EQ(xml.finish(),
            "<Message><MessageId>m1</MessageId><Body>a&lt;b</Body>"
            "<Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>"
            "<MessageAttribute><Name>k</Name><Value><StringValue>v</StringValue>"
            "<DataType>String</DataType></Value></MessageAttribute></Message>"
            "<Message><MessageId>m2</MessageId><Body></Body></Message>");
}

TEST(QueryShapeTest, NonFlattenedListsAndMapsNestTheirElements) {
  auto shape = structure_shape(
      {{"Topics", list_shape(structure_shape({{"TopicArn", string_shape(), ""}})), ""},
       {"Attributes", map_shape(string_shape()), ""},
       {"Count", integer_shape(), ""},
       {"Enabled", boolean_shape(), ""}});
  json output = {{"Topics", {{{"TopicArn", "arn:1"}}}},
                 {"Attributes", {{"Owner", "0"}}},
                 {"Count", 3},
                 {"Enabled", false}};
  XmlWriter xml;
  json_to_xml(output, *shape, xml);
  EXPECT_EQ(xml.finish(),
            "<Topics><member><TopicArn>arn:1</TopicArn></member></Topics>"
            "<Attributes><entry><key>Owner</key><value>0</value></entry></Attributes>"
            "<Count>3</Count><Enabled>false</Enabled>");
}

}  // namespace
}  // namespace certflow::api::query
