// SNS's query protocol without the engine: every operation's form decoded into the topics
// engine's requests (the captured wire examples exactly; SNS's errors for what is missing or
// unreadable), the answers encoded as SNS's XML, and SNS's names of the error codes.
#include "api/sns/sns_input.h"

#include <gtest/gtest.h>

#include "api/query/envelope.h"
#include "api/sns/sns_errors.h"
#include "api/sns/sns_operations.h"
#include "api/sns/sns_output.h"

namespace certflow::api::sns {
namespace {

constexpr const char* kTopic = "arn:aws:sns:us-east-1:123456789012:my-topic";
constexpr const char* kTopicForm = "arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Amy-topic";

query::FormParams parse(const std::string& text) {
  query::FormParams params;
  EXPECT_TRUE(query::parse_form(text, params)) << text;
  return params;
}

template <typename T>
Error error_of(const Result<T>& result) {
  EXPECT_FALSE(result) << "decoded without an error";
  return result ? Error{ErrorCode::kInternal, "no error"} : result.error();
}

void expect_invalid_parameter(const Error& error, const std::string& message) {
  EXPECT_EQ(error.code, ErrorCode::kInvalidParameter) << error.message;
  EXPECT_EQ(error.message, message);
}

TEST(SnsInputTest, CreateTopicWireExampleDecodesExactly) {
  auto in = decode_create_topic(parse(
      "Action=CreateTopic&Version=2010-03-31&Name=my-topic&Attributes.entry.1.key=KmsMasterKeyId"
      "&Attributes.entry.1.value=alias%2Faws%2Fsns&Tags.member.1.Key=env&Tags.member.1.Value=dev"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->name, "my-topic");
  EXPECT_EQ(in->attributes, (notify::Attributes{{"KmsMasterKeyId", "alias/aws/sns"}}));
  ASSERT_EQ(in->tags.size(), 1u);
  EXPECT_EQ(in->tags[0].key, "env");
  EXPECT_EQ(in->tags[0].value, "dev");
}

TEST(SnsInputTest, CreateTopicNeedsANameAndCompleteTags) {
  expect_invalid_parameter(error_of(decode_create_topic(parse("Action=CreateTopic"))),
                           "Invalid parameter: Name");
  expect_invalid_parameter(
      error_of(decode_create_topic(parse("Name=t&Tags.member.1.Key=a&Tags.member.1.Value=1"
                                         "&Tags.member.2.Key=b"))),
      "Invalid parameter: Tags.member.2.Value");
  // An empty tag value is a value.
  auto empty = decode_create_topic(parse("Name=t&Tags.member.1.Key=a&Tags.member.1.Value="));
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(empty->tags[0].value, "");
  const Error refused = error_of(decode_create_topic(parse("Name=t&DataProtectionPolicy=%7B%7D")));
  EXPECT_EQ(refused.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(refused.message.rfind("Invalid parameter: DataProtectionPolicy", 0), 0u);
}

TEST(SnsInputTest, SubscribeWireExampleDecodesExactly) {
  auto in = decode_subscribe(parse(
      std::string("Action=Subscribe&Version=2010-03-31&TopicArn=") + kTopicForm +
      "&Protocol=sqs&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A123456789012%3Aq1"
      "&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value=%7B%22detail-type%22%3A%5B"
      "%22ACM+Certificate+Expired%22%5D%7D&Attributes.entry.2.key=RawMessageDelivery"
      "&Attributes.entry.2.value=true&ReturnSubscriptionArn=true"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->topic_arn, kTopic);
  EXPECT_EQ(in->protocol, "sqs");
  EXPECT_EQ(in->endpoint, "arn:aws:sqs:us-east-1:123456789012:q1");
  EXPECT_EQ(in->attributes,
            (notify::Attributes{{"FilterPolicy", R"({"detail-type":["ACM Certificate Expired"]})"},
                                {"RawMessageDelivery", "true"}}));
  EXPECT_TRUE(in->return_subscription_arn);
}

TEST(SnsInputTest, SubscribeReadsReturnSubscriptionArnAsABoolean) {
  const std::string base = std::string("TopicArn=") + kTopicForm + "&Protocol=email&Endpoint=a%40b";
  auto absent = decode_subscribe(parse(base));
  ASSERT_TRUE(absent) << absent.error().message;
  EXPECT_FALSE(absent->return_subscription_arn);
  EXPECT_TRUE(absent->attributes.empty());
  auto off = decode_subscribe(parse(base + "&ReturnSubscriptionArn=false"));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->return_subscription_arn);
  expect_invalid_parameter(
      error_of(decode_subscribe(parse(base + "&ReturnSubscriptionArn=yes"))),
      "Invalid parameter: ReturnSubscriptionArn Reason: must be true or false");
  expect_invalid_parameter(error_of(decode_subscribe(parse("Protocol=sqs&Endpoint=x"))),
                           "Invalid parameter: TopicArn");
  expect_invalid_parameter(
      error_of(decode_subscribe(parse(std::string("TopicArn=") + kTopicForm + "&Endpoint=x"))),
      "Invalid parameter: Protocol");
  // The endpoint is optional in the model; the engine decides per protocol.
  auto no_endpoint =
      decode_subscribe(parse(std::string("TopicArn=") + kTopicForm + "&Protocol=sqs"));
  ASSERT_TRUE(no_endpoint);
  EXPECT_EQ(no_endpoint->endpoint, "");
}

TEST(SnsInputTest, ConfirmSubscriptionReadsItsFlagInAnyCase) {
  const std::string base = std::string("TopicArn=") + kTopicForm + "&Token=abc123";
  auto plain = decode_confirm_subscription(parse(base));
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->topic_arn, kTopic);
  EXPECT_EQ(plain->token, "abc123");
  EXPECT_FALSE(plain->authenticate_on_unsubscribe);
  auto on = decode_confirm_subscription(parse(base + "&AuthenticateOnUnsubscribe=True"));
  ASSERT_TRUE(on);
  EXPECT_TRUE(on->authenticate_on_unsubscribe);
  auto off = decode_confirm_subscription(parse(base + "&AuthenticateOnUnsubscribe=false"));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->authenticate_on_unsubscribe);
  expect_invalid_parameter(
      error_of(decode_confirm_subscription(parse(base + "&AuthenticateOnUnsubscribe=1x"))),
      "Invalid parameter: AuthenticateOnUnsubscribe Reason: must be true or false");
  expect_invalid_parameter(
      error_of(decode_confirm_subscription(parse(std::string("TopicArn=") + kTopicForm))),
      "Invalid parameter: Token");
}

TEST(SnsInputTest, PublishWireExampleDecodesExactly) {
  auto in = decode_publish(
      parse(std::string("Action=Publish&Version=2010-03-31&TopicArn=") + kTopicForm +
            "&Subject=ACM&Message=%7B%22a%22%3A1%7D&MessageAttributes.entry.1.Name=kind"
            "&MessageAttributes.entry.1.Value.DataType=String"
            "&MessageAttributes.entry.1.Value.StringValue=expiry"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->topic_arn, kTopic);
  EXPECT_EQ(in->message, R"({"a":1})");
  EXPECT_EQ(in->subject, "ACM");
  EXPECT_FALSE(in->message_structure);
  EXPECT_EQ(in->attributes, (notify::MessageAttributes{{"kind", {"String", "expiry"}}}));
}

TEST(SnsInputTest, PublishTakesTargetArnAndEveryAttributeKind) {
  auto in = decode_publish(parse(
      std::string("TargetArn=") + kTopicForm +
      "&Message=%7B%22default%22%3A%22d%22%7D&MessageStructure=json"
      "&MessageAttributes.entry.1.Name=n&MessageAttributes.entry.1.Value.DataType=Number"
      "&MessageAttributes.entry.1.Value.StringValue=42"
      "&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Binary"
      "&MessageAttributes.entry.2.Value.BinaryValue=AAEC"
      "&MessageAttributes.entry.3.Name=l&MessageAttributes.entry.3.Value.DataType=String.Array"
      "&MessageAttributes.entry.3.Value.StringValue=%5B%22x%22%5D&MessageGroupId=g"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->topic_arn, kTopic);
  EXPECT_EQ(in->message_structure, "json");
  EXPECT_EQ(in->attributes, (notify::MessageAttributes{{"n", {"Number", "42"}},
                                                       {"b", {"Binary", "AAEC"}},
                                                       {"l", {"String.Array", R"(["x"])"}}}));
}

TEST(SnsInputTest, PublishRefusesWhatSnsRefuses) {
  const std::string topic = std::string("TopicArn=") + kTopicForm;
  expect_invalid_parameter(error_of(decode_publish(parse(topic + "&Message="))),
                           "Invalid parameter: Empty message");
  expect_invalid_parameter(error_of(decode_publish(parse(topic))), "Invalid parameter: Message");
  expect_invalid_parameter(
      error_of(decode_publish(parse("Message=hi"))),
      "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
  EXPECT_EQ(
      error_of(decode_publish(parse(topic + "&TargetArn=" + kTopicForm + "&Message=hi"))).code,
      ErrorCode::kInvalidParameter);
  const Error sms = error_of(decode_publish(parse("PhoneNumber=%2B15550100&Message=hi")));
  EXPECT_EQ(sms.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(sms.message.rfind("Invalid parameter: PhoneNumber", 0), 0u) << sms.message;
  expect_invalid_parameter(
      error_of(decode_publish(parse(topic + "&Message=hi&MessageDeduplicationId=d"))),
      "Invalid parameter: MessageDeduplicationId Reason: The request includes "
      "MessageDeduplicationId parameter that is not valid for this topic type");

  const Error no_type =
      error_of(decode_publish(parse(topic + "&Message=hi&MessageAttributes.entry.1.Name=k"
                                            "&MessageAttributes.entry.1.Value.StringValue=v")));
  EXPECT_EQ(no_type.code, ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(no_type.message,
            "The message attribute 'k' must contain non-empty message attribute type.");
  const Error no_value =
      error_of(decode_publish(parse(topic + "&Message=hi&MessageAttributes.entry.1.Name=k")));
  EXPECT_EQ(no_value.code, ErrorCode::kInvalidParameterValue);
  const Error bad_binary = error_of(
      decode_publish(parse(topic + "&Message=hi&MessageAttributes.entry.1.Name=k"
                                   "&MessageAttributes.entry.1.Value.DataType=Binary"
                                   "&MessageAttributes.entry.1.Value.BinaryValue=%21%21%21")));
  EXPECT_EQ(bad_binary.code, ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(bad_binary.message, "The message attribute 'k' has a BinaryValue that is not base64.");
}

TEST(SnsInputTest, PublishBatchDecodesEveryEntry) {
  auto in = decode_publish_batch(
      parse(std::string("Action=PublishBatch&TopicArn=") + kTopicForm +
            "&PublishBatchRequestEntries.member.1.Id=one"
            "&PublishBatchRequestEntries.member.1.Message=first"
            "&PublishBatchRequestEntries.member.1.Subject=s1"
            "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=k"
            "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String"
            "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=v"
            "&PublishBatchRequestEntries.member.2.Id=two"
            "&PublishBatchRequestEntries.member.2.Message="
            "&PublishBatchRequestEntries.member.2.MessageStructure=json"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->topic_arn, kTopic);
  ASSERT_EQ(in->entries.size(), 2u);
  EXPECT_EQ(in->entries[0].id, "one");
  EXPECT_EQ(in->entries[0].message, "first");
  EXPECT_EQ(in->entries[0].subject, "s1");
  EXPECT_EQ(in->entries[0].attributes, (notify::MessageAttributes{{"k", {"String", "v"}}}));
  // An empty message is that entry's failure, decided by the engine.
  EXPECT_EQ(in->entries[1].id, "two");
  EXPECT_EQ(in->entries[1].message, "");
  EXPECT_EQ(in->entries[1].message_structure, "json");
  EXPECT_FALSE(in->entries[1].subject);
}

TEST(SnsInputTest, PublishBatchNamesTheEntryThatIsIncomplete) {
  const std::string topic = std::string("TopicArn=") + kTopicForm;
  expect_invalid_parameter(error_of(decode_publish_batch(
                               parse(topic + "&PublishBatchRequestEntries.member.1.Id=a"
                                             "&PublishBatchRequestEntries.member.1.Message=m"
                                             "&PublishBatchRequestEntries.member.2.Message=m"))),
                           "Invalid parameter: PublishBatchRequestEntries.member.2.Id");
  expect_invalid_parameter(
      error_of(decode_publish_batch(parse(topic + "&PublishBatchRequestEntries.member.1.Id=a"))),
      "Invalid parameter: PublishBatchRequestEntries.member.1.Message");
  expect_invalid_parameter(
      error_of(decode_publish_batch(parse("PublishBatchRequestEntries.member.1.Id=a"
                                          "&PublishBatchRequestEntries.member.1.Message=m"))),
      "Invalid parameter: TopicArn");
  EXPECT_EQ(error_of(decode_publish_batch(parse(topic + "&PublishBatchRequestEntries="))).code,
            ErrorCode::kEmptyBatchRequest);
}

TEST(SnsInputTest, ArnOnlyOperationsNeedTheirArn) {
  auto topic = decode_topic_arn(parse(std::string("Action=DeleteTopic&TopicArn=") + kTopicForm));
  ASSERT_TRUE(topic);
  EXPECT_EQ(*topic, kTopic);
  expect_invalid_parameter(error_of(decode_topic_arn(parse("Action=GetTopicAttributes"))),
                           "Invalid parameter: TopicArn");
  auto subscription = decode_subscription_arn(parse("SubscriptionArn=arn%3Aaws%3Asns%3Ax%3Ay"));
  ASSERT_TRUE(subscription);
  EXPECT_EQ(*subscription, "arn:aws:sns:x:y");
  expect_invalid_parameter(error_of(decode_subscription_arn(parse("TopicArn=x"))),
                           "Invalid parameter: SubscriptionArn");
  auto resource = decode_resource_arn(parse(std::string("ResourceArn=") + kTopicForm));
  ASSERT_TRUE(resource);
  EXPECT_EQ(*resource, kTopic);
  expect_invalid_parameter(error_of(decode_resource_arn(parse("Action=ListTagsForResource"))),
                           "Invalid parameter: ResourceArn");
}

TEST(SnsInputTest, ListsCarryTheirNextToken) {
  auto none = decode_next_token(parse("Action=ListTopics&Version=2010-03-31"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto token = decode_next_token(parse("Action=ListSubscriptions&NextToken=abc%3D"));
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, "abc=");
  auto by_topic = decode_list_subscriptions_by_topic(
      parse(std::string("TopicArn=") + kTopicForm + "&NextToken=t"));
  ASSERT_TRUE(by_topic);
  EXPECT_EQ(by_topic->topic_arn, kTopic);
  EXPECT_EQ(by_topic->next_token, "t");
  expect_invalid_parameter(error_of(decode_list_subscriptions_by_topic(parse("NextToken=t"))),
                           "Invalid parameter: TopicArn");
}

TEST(SnsInputTest, SetAttributesWireExampleDecodesExactly) {
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:my-topic"}]})";
  auto in = decode_set_topic_attributes(parse(
      std::string("Action=SetTopicAttributes&Version=2010-03-31&TopicArn=") + kTopicForm +
      "&AttributeName=Policy&AttributeValue=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22"
      "%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22events."
      "amazonaws.com%22%7D%2C%22Action%22%3A%22sns%3APublish%22%2C%22Resource%22%3A%22arn%3Aaws"
      "%3Asns%3Aus-east-1%3A123456789012%3Amy-topic%22%7D%5D%7D"));
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->arn, kTopic);
  EXPECT_EQ(in->name, "Policy");
  EXPECT_EQ(in->value, policy);

  auto cleared =
      decode_set_subscription_attributes(parse("SubscriptionArn=s&AttributeName=FilterPolicy"));
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_EQ(cleared->arn, "s");
  EXPECT_EQ(cleared->value, "");
  expect_invalid_parameter(
      error_of(decode_set_subscription_attributes(parse("SubscriptionArn=s&AttributeValue=v"))),
      "Invalid parameter: AttributeName");
  expect_invalid_parameter(
      error_of(decode_set_topic_attributes(parse("AttributeName=Policy&AttributeValue=v"))),
      "Invalid parameter: TopicArn");
}

TEST(SnsInputTest, TaggingDecodesListsOfMembers) {
  auto tag = decode_tag_resource(parse(std::string("ResourceArn=") + kTopicForm +
                                       "&Tags.member.1.Key=a&Tags.member.1.Value=1"
                                       "&Tags.member.2.Key=b&Tags.member.2.Value=2"));
  ASSERT_TRUE(tag) << tag.error().message;
  EXPECT_EQ(tag->resource_arn, kTopic);
  ASSERT_EQ(tag->tags.size(), 2u);
  EXPECT_EQ(tag->tags[1].key, "b");
  EXPECT_EQ(tag->tags[1].value, "2");
  expect_invalid_parameter(error_of(decode_tag_resource(parse("ResourceArn=r"))),
                           "Invalid parameter: Tags");
  expect_invalid_parameter(
      error_of(decode_tag_resource(parse("ResourceArn=r&Tags.member.1.Value=1"))),
      "Invalid parameter: Tags.member.1.Key");

  auto untag = decode_untag_resource(
      parse("ResourceArn=r&TagKeys.member.1=a&TagKeys.member.2=b&TagKeys.member.4=skipped"));
  ASSERT_TRUE(untag) << untag.error().message;
  EXPECT_EQ(untag->keys, (std::vector<std::string>{"a", "b"}));
  expect_invalid_parameter(error_of(decode_untag_resource(parse("ResourceArn=r"))),
                           "Invalid parameter: TagKeys");
}

TEST(SnsInputTest, EveryServedOperationHasItsShapes) {
  for (const char* operation :
       {"CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes",
        "Subscribe", "ConfirmSubscription", "Unsubscribe", "ListSubscriptions",
        "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "SetSubscriptionAttributes",
        "Publish", "PublishBatch", "TagResource", "UntagResource", "ListTagsForResource"}) {
    EXPECT_TRUE(query_shapes(operation).input) << operation;
  }
  EXPECT_FALSE(query_shapes("CreatePlatformApplication").input);
}

// --- The answers.

TEST(SnsOutputTest, CreateTopicAnswerIsTheReferenceDocument) {
  EXPECT_EQ(
      query::response_document("CreateTopic", kXmlNamespace, encode_topic_arn(kTopic), "uuid"),
      "<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
      "<CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:123456789012:my-topic</TopicArn>"
      "</CreateTopicResult><ResponseMetadata><RequestId>uuid</RequestId></ResponseMetadata>"
      "</CreateTopicResponse>");
}

TEST(SnsOutputTest, AttributesAreEntriesWithKeyAndValue) {
  EXPECT_EQ(encode_attributes({{"Policy", R"({"a":"<b>"})"}, {"DisplayName", "R&D"}}),
            "<Attributes><entry><key>DisplayName</key><value>R&amp;D</value></entry>"
            "<entry><key>Policy</key><value>{&quot;a&quot;:&quot;&lt;b&gt;&quot;}</value></entry>"
            "</Attributes>");
  EXPECT_EQ(encode_attributes({}), "<Attributes></Attributes>");
}

TEST(SnsOutputTest, TopicsAreMembersWithTheirNextToken) {
  EXPECT_EQ(encode_list_topics({{kTopic, "arn:aws:sns:us-east-1:123456789012:b"}, "next"}),
            std::string("<Topics><member><TopicArn>") + kTopic +
                "</TopicArn></member><member><TopicArn>arn:aws:sns:us-east-1:123456789012:b"
                "</TopicArn></member></Topics><NextToken>next</NextToken>");
  EXPECT_EQ(encode_list_topics({}), "<Topics></Topics>");
}

TEST(SnsOutputTest, SubscriptionsListTheModelsMembersInOrder) {
  notify::Page<notify::SubscriptionSummary> page;
  page.items.push_back({"PendingConfirmation", "123456789012", "email", "a@b", kTopic});
  page.next_token = "t2";
  EXPECT_EQ(encode_subscriptions(page),
            std::string("<Subscriptions><member><SubscriptionArn>PendingConfirmation"
                        "</SubscriptionArn><Owner>123456789012</Owner><Protocol>email</Protocol>"
                        "<Endpoint>a@b</Endpoint><TopicArn>") +
                kTopic + "</TopicArn></member></Subscriptions><NextToken>t2</NextToken>");
  EXPECT_EQ(encode_subscription_arn("pending confirmation"),
            "<SubscriptionArn>pending confirmation</SubscriptionArn>");
}

TEST(SnsOutputTest, PublishAnswers) {
  EXPECT_EQ(encode_publish("m-1"), "<MessageId>m-1</MessageId>");
  std::vector<notify::PublishBatchResult> results(2);
  results[0].id = "one";
  results[0].message_id = "m-1";
  results[1].id = "two";
  results[1].code = std::string(to_string(ErrorCode::kInvalidParameterValue));
  results[1].message = "The message attribute 'k' is invalid.";
  results[1].sender_fault = true;
  EXPECT_EQ(encode_publish_batch(results),
            "<Successful><member><Id>one</Id><MessageId>m-1</MessageId></member></Successful>"
            "<Failed><member><Id>two</Id><Code>ParameterValueInvalid</Code><Message>The message "
            "attribute &apos;k&apos; is invalid.</Message><SenderFault>true</SenderFault>"
            "</member></Failed>");
  results[1].code = std::string(to_string(ErrorCode::kInternal));
  results[1].sender_fault = false;
  EXPECT_NE(encode_publish_batch(results).find(
                "<Code>InternalError</Code><Message>The message attribute &apos;k&apos; is "
                "invalid.</Message><SenderFault>false</SenderFault>"),
            std::string::npos);
}

TEST(SnsOutputTest, TagsAreMembersWithKeyAndValue) {
  EXPECT_EQ(encode_tags({{"env", "dev"}, {"team", ""}}),
            "<Tags><member><Key>env</Key><Value>dev</Value></member><member><Key>team</Key>"
            "<Value></Value></member></Tags>");
}

// --- The errors.

TEST(SnsErrorsTest, CodesCarrySnsNamesAndStatuses) {
  const std::pair<ErrorCode, WireError> expected[] = {
      {ErrorCode::kNotFound, {"NotFound", 404}},
      {ErrorCode::kAuthorizationError, {"AuthorizationError", 403}},
      {ErrorCode::kInvalidParameter, {"InvalidParameter", 400}},
      {ErrorCode::kInvalidParameterValue, {"ParameterValueInvalid", 400}},
      {ErrorCode::kResourceNotFound, {"ResourceNotFound", 404}},
      {ErrorCode::kValidation, {"ValidationException", 400}},
      {ErrorCode::kTooManyTags, {"TagLimitExceeded", 400}},
      {ErrorCode::kKmsNotFound, {"KMSNotFound", 400}},
      {ErrorCode::kFilterPolicyLimitExceeded, {"FilterPolicyLimitExceeded", 403}},
      {ErrorCode::kSubscriptionLimitExceeded, {"SubscriptionLimitExceeded", 403}},
      {ErrorCode::kEmptyBatchRequest, {"EmptyBatchRequest", 400}},
      {ErrorCode::kTooManyEntriesInBatchRequest, {"TooManyEntriesInBatchRequest", 400}},
      {ErrorCode::kBatchEntryIdsNotDistinct, {"BatchEntryIdsNotDistinct", 400}},
      {ErrorCode::kInvalidBatchEntryId, {"InvalidBatchEntryId", 400}},
      {ErrorCode::kBatchRequestTooLong, {"BatchRequestTooLong", 400}},
      {ErrorCode::kInternal, {"InternalError", 500}},
  };
  for (const auto& [code, wire] : expected) {
    const WireError got = sns_wire_error(code);
    EXPECT_EQ(got.code, wire.code) << to_string(code);
    EXPECT_EQ(got.http_status, wire.http_status) << to_string(code);
  }
  // Codes SNS names as every query service does are left to the common table.
  EXPECT_FALSE(sns_wire_error_override(ErrorCode::kNotFound));
  EXPECT_FALSE(sns_wire_error_override(ErrorCode::kInvalidParameter));
}

TEST(SnsErrorsTest, NotFoundIsTheReferenceErrorDocument) {
  const WireError wire = sns_wire_error(ErrorCode::kNotFound);
  EXPECT_EQ(query::error_document(kXmlNamespace, wire.http_status < 500, wire.code,
                                  "Topic does not exist", "uuid"),
            "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender"
            "</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>"
            "<RequestId>uuid</RequestId></ErrorResponse>");
}

TEST(SnsErrorsTest, BatchEntryCodesBecomeSnsNames) {
  EXPECT_EQ(sns_entry_code(to_string(ErrorCode::kInvalidParameterValue)), "ParameterValueInvalid");
  EXPECT_EQ(sns_entry_code(to_string(ErrorCode::kInvalidParameter)), "InvalidParameter");
  EXPECT_EQ(sns_entry_code(to_string(ErrorCode::kKmsNotFound)), "KMSNotFound");
  EXPECT_EQ(sns_entry_code(to_string(ErrorCode::kInternal)), "InternalError");
  EXPECT_EQ(sns_entry_code("SomethingElse"), "SomethingElse");
}

}  // namespace
}  // namespace certflow::api::sns
