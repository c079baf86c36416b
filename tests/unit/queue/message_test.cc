// Sending: digests as AWS computes them, SQS's rules for bodies and attributes, delays, batches,
// and the internal send by ARN.
#include "crypto/hash.h"
#include "queue/queue_fixture.h"

namespace certflow::queue::testing {
namespace {

using namespace std::chrono_literals;

// Values computed by AWS's algorithm (published with the aws-md5-of-message-attributes package
// and matching what SQS returns).
TEST(MessageDigestTest, Md5OfMessageAttributesMatchesKnownAwsValues) {
  const MessageAttributes string_attribute = {
      {"attribName1", {"String", "attribValue 1", std::nullopt}}};
  EXPECT_EQ(md5_of_message_attributes(string_attribute), "19e27d4e946b072f3f58da80d94fd778");
  const MessageAttributes custom_number = {
      {"customNumberTypeAttrib",
       {"Number.float", "4563442423554324324264524243.32543234", std::nullopt}}};
  EXPECT_EQ(md5_of_message_attributes(custom_number), "9fe1b90bbd9965bdf77bac517c7d2495");
  const MessageAttributes binary_attribute = {
      {"binaryAttribute", {"Binary", std::nullopt, "Hello binary world!"}}};
  EXPECT_EQ(md5_of_message_attributes(binary_attribute), "31a92b15d92f8db860eda32aceb656c3");
  MessageAttributes all = string_attribute;
  all.insert(custom_number.begin(), custom_number.end());
  all.insert(binary_attribute.begin(), binary_attribute.end());
  EXPECT_EQ(md5_of_message_attributes(all), "c932db14a896c663f83c260297d594ff");
}

TEST_F(QueuesTest, SendReportsTheDigestsOfBodyAndAttributes) {
  create("orders");
  SentMessage plain = send("orders", "hello");
  EXPECT_EQ(plain.md5_of_body, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_FALSE(plain.md5_of_attributes);
  EXPECT_EQ(plain.message_id.size(), 36u);
  SentMessage with = send("orders", "hello", {{"attribName1", text("attribValue 1")}});
  EXPECT_EQ(with.md5_of_attributes, "19e27d4e946b072f3f58da80d94fd778");
  EXPECT_NE(with.message_id, plain.message_id);
}

TEST_F(QueuesTest, ABodyMustBeNonEmptyAndOfSqsCharacters) {
  create("orders");
  SendMessageRequest request;
  EXPECT_EQ(code_of(queues_->send_message("orders", request)), ErrorCode::kMissingParameter);
  for (const std::string& bad : {std::string("a\x01") + "b", std::string("\xff\xfe"),
                                 std::string("\xed\xa0\x80"), std::string("\xef\xbf\xbf")}) {
    request.body = bad;
    EXPECT_EQ(code_of(queues_->send_message("orders", request)),
              ErrorCode::kInvalidMessageContents);
  }
  request.body = "tab\tnewline\ncr\r emoji \xf0\x9f\x94\x92 \xe2\x82\xac";
  EXPECT_TRUE(queues_->send_message("orders", request));
  EXPECT_EQ(receive_one("orders").body, request.body);
}

TEST_F(QueuesTest, MessageAttributesFollowSqsRules) {
  create("orders");
  auto refused = [&](const MessageAttributes& attributes) {
    SendMessageRequest request;
    request.body = "x";
    request.attributes = attributes;
    return code_of(queues_->send_message("orders", request)) == ErrorCode::kInvalidParameterValue;
  };
  EXPECT_TRUE(refused({{"bad name", text("v")}}));
  EXPECT_TRUE(refused({{".dot", text("v")}}));
  EXPECT_TRUE(refused({{"a..b", text("v")}}));
  EXPECT_TRUE(refused({{"AWS.reserved", text("v")}}));
  EXPECT_TRUE(refused({{"amazon.reserved", text("v")}}));
  EXPECT_TRUE(refused({{"n", text("v", "Text")}}));
  EXPECT_TRUE(refused({{"n", text("v", "String.")}}));
  EXPECT_TRUE(refused({{"n", text("")}}));
  EXPECT_TRUE(refused({{"n", text("twelve", "Number")}}));
  EXPECT_TRUE(refused({{"n", MessageAttributeValue{"Binary", "text", std::nullopt}}}));
  MessageAttributes eleven;
  for (int i = 0; i < 11; ++i) eleven["a" + std::to_string(i)] = text("v");
  EXPECT_TRUE(refused(eleven));
  EXPECT_FALSE(refused({{"order.id", text("-12.5e3", "Number")},
                        {"raw", binary(std::string("\x00\xff", 2))},
                        {"kind", text("x", "String.custom")}}));
}

TEST_F(QueuesTest, AMessageLargerThanTheQueueAllowsIsRefused) {
  create("small", {{"MaximumMessageSize", "1024"}});
  EXPECT_TRUE(queues_->send_message("small", {std::string(1024, 'x'), {}, {}, {}, "me"}));
  auto too_big =
      queues_->send_message("small", {std::string(1020, 'x'), {}, {{"abc", text("de")}}, {}, "me"});
  EXPECT_EQ(code_of(too_big), ErrorCode::kInvalidParameterValue);
  EXPECT_NE(too_big.error().message.find("shorter than 1024 bytes"), std::string::npos);
}

TEST_F(QueuesTest, ADelayedMessageBecomesVisibleWhenItsDelayEnds) {
  create("orders");
  must(queues_->send_message("orders", {"later", 30, {}, {}, "me"}));
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesDelayed"), "1");
  EXPECT_TRUE(receive("orders").empty());
  advance(29s);
  EXPECT_TRUE(receive("orders").empty());
  advance(1s);
  EXPECT_EQ(receive_one("orders").body, "later");
  EXPECT_EQ(code_of(queues_->send_message("orders", {"x", 901, {}, {}, "me"})),
            ErrorCode::kInvalidParameterValue);
}

TEST_F(QueuesTest, TheQueueDelayAppliesToMessagesWithoutTheirOwn) {
  create("orders", {{"DelaySeconds", "10"}});
  send("orders", "delayed by the queue");
  must(queues_->send_message("orders", {"not delayed", 0, {}, {}, "me"}));
  EXPECT_EQ(receive_one("orders").body, "not delayed");
  advance(10s);
  EXPECT_EQ(receive_one("orders").body, "delayed by the queue");
}

TEST_F(QueuesTest, SendByArnReachesTheQueueForOtherRooms) {
  const std::string arn = create("targets");
  std::string id = must(queues_->send(arn, R"({"detail-type":"ACM Certificate Expired"})",
                                      {{"source", text("aws.acm")}}));
  ReceiveRequest request;
  request.attribute_names = {"SenderId"};
  request.message_attribute_names = {"All"};
  ReceivedMessage message = receive_one("targets", request);
  EXPECT_EQ(message.message_id, id);
  EXPECT_EQ(message.message_attributes.at("source"), text("aws.acm"));
  EXPECT_EQ(message.attributes.at("SenderId"), "000000000000");
  EXPECT_EQ(code_of(queues_->send("arn:aws:sqs:us-east-1:000000000000:absent", "x")),
            ErrorCode::kQueueDoesNotExist);
  EXPECT_EQ(code_of(queues_->send("arn:aws:sqs:eu-west-1:000000000000:targets", "x")),
            ErrorCode::kQueueDoesNotExist);
}

TEST_F(QueuesTest, BatchSendReportsEveryEntry) {
  create("orders");
  auto results = must(
      queues_->send_message_batch("orders", {{"a", {"one", {}, {}, {}, "me"}},
                                             {"b", {"", {}, {}, {}, "me"}},
                                             {"c", {"three", {}, {{"k", text("v")}}, {}, "me"}}}));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].id, "a");
  EXPECT_EQ(results[0].outcome->md5_of_body, crypto::md5_hex("one"));
  EXPECT_EQ(code_of(results[1].outcome), ErrorCode::kMissingParameter);
  EXPECT_TRUE(results[2].outcome->md5_of_attributes);
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessages"), "2");
}

TEST_F(QueuesTest, BatchLevelRulesRefuseTheWholeBatch) {
  create("orders");
  auto batch = [&](std::vector<std::pair<std::string, SendMessageRequest>> entries) {
    return code_of(queues_->send_message_batch("orders", entries));
  };
  const SendMessageRequest one{"x", {}, {}, {}, "me"};
  EXPECT_EQ(batch({}), ErrorCode::kEmptyBatchRequest);
  std::vector<std::pair<std::string, SendMessageRequest>> eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("e" + std::to_string(i), one);
  EXPECT_EQ(batch(eleven), ErrorCode::kTooManyEntriesInBatchRequest);
  EXPECT_EQ(batch({{"same", one}, {"same", one}}), ErrorCode::kBatchEntryIdsNotDistinct);
  EXPECT_EQ(batch({{"bad id!", one}}), ErrorCode::kInvalidBatchEntryId);
  const SendMessageRequest big{std::string(600'000, 'x'), {}, {}, {}, "me"};
  EXPECT_EQ(batch({{"a", big}, {"b", big}}), ErrorCode::kBatchRequestTooLong);
  EXPECT_EQ(code_of(queues_->send_message_batch("nope", {{"a", one}})),
            ErrorCode::kQueueDoesNotExist);
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessages"), "0");
}

}  // namespace
}  // namespace certflow::queue::testing
