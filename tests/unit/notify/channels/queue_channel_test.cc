// The sqs channel over real queues (src/queue/) in the same temporary SQLite store as the signer.
#include "notify/channels/queue_channel.h"

#include <nlohmann/json.hpp>
#include <set>

#include "signer_fixture.h"

namespace certflow::notify::testing {
namespace {

using nlohmann::json;

class QueueChannelTest : public SignerTest {
 protected:
  void SetUp() override {
    SignerTest::SetUp();
    queues_ = std::make_unique<queue::Queues>(store(), clock_, queue::QueuesConfig{});
    arn_ = must(queues_->create_queue({"alerts", {}, {}}));
    channel_ = std::make_unique<QueueChannel>(*queues_, signer());
  }
  void TearDown() override {
    channel_.reset();
    queues_.reset();
  }

  Notification to_queue(Notification n) {
    n.protocol = "sqs";
    n.endpoint = arn_;
    return n;
  }
  std::vector<queue::ReceivedMessage> receive_all() {
    queue::ReceiveRequest request;
    request.max_messages = 10;
    request.wait_seconds = 0;
    request.message_attribute_names = {"All"};
    return must(queues_->receive_message("alerts", request));
  }

  std::unique_ptr<queue::Queues> queues_;
  std::string arn_;
  std::unique_ptr<QueueChannel> channel_;
};

TEST_F(QueueChannelTest, EndpointIsAnExistingQueueOfThisCertflow) {
  EXPECT_EQ(arn_, "arn:aws:sqs:us-east-1:000000000000:alerts");
  EXPECT_TRUE(channel_->check_endpoint("sqs", arn_));
  EXPECT_FALSE(channel_->needs_confirmation());

  for (const char* bad : {"alerts", "https://sqs.us-east-1.amazonaws.com/000000000000/alerts",
                          "arn:aws:sns:us-east-1:000000000000:alerts",
                          "arn:aws:sqs:us-east-1:000000000000:alerts:extra"}) {
    auto malformed = channel_->check_endpoint("sqs", bad);
    ASSERT_FALSE(malformed) << bad;
    EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidParameter) << bad;
    EXPECT_TRUE(malformed.error().message.starts_with("Invalid parameter: SQS endpoint ARN"))
        << malformed.error().message;
    EXPECT_NE(malformed.error().message.find("arn:aws:sqs:us-east-1:000000000000:NAME"),
              std::string::npos);
  }

  auto foreign = channel_->check_endpoint("sqs", "arn:aws:sqs:eu-west-1:123456789012:alerts");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kInvalidParameter);
  EXPECT_NE(foreign.error().message.find("not a queue of this certflow"), std::string::npos);

  auto missing = channel_->check_endpoint("sqs", "arn:aws:sqs:us-east-1:000000000000:later");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("create-queue --queue-name later"), std::string::npos)
      << missing.error().message;
}

TEST_F(QueueChannelTest, TheSignedEnvelopeLandsInTheQueue) {
  Notification n = to_queue(sample_notification());
  n.signature_version = 2;
  n.attributes["severity"] = {"String", "high"};
  auto outcomes = channel_->deliver_all({n});
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0]);

  auto messages = receive_all();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, must(json_envelope(n, signer())));
  // With the envelope, attributes travel inside it, not as SQS attributes.
  EXPECT_TRUE(messages[0].message_attributes.empty());
  const json body = json::parse(messages[0].body);
  EXPECT_EQ(body["Type"], "Notification");
  EXPECT_EQ(body["MessageAttributes"]["severity"]["Value"], "high");
  EXPECT_EQ(reference_verify(messages[0].body, signer().certificate_pem()), "verified: True");
}

TEST_F(QueueChannelTest, RawDeliverySendsTheBareMessageWithItsAttributes) {
  Notification n = to_queue(sample_notification());
  n.raw = true;
  n.message = "{\"detail\":{\"DaysToExpiry\":14}}";
  n.attributes["severity"] = {"String", "high"};
  n.attributes["days"] = {"Number", "14"};
  n.attributes["domains"] = {"String.Array", "[\"a.example\",\"b.example\"]"};
  n.attributes["blob"] = {"Binary", crypto::base64_encode(std::string("\x00\x01\xff", 3))};
  ASSERT_TRUE(channel_->deliver_all({n}).at(0));

  auto messages = receive_all();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, n.message);
  auto& attributes = messages[0].message_attributes;
  ASSERT_EQ(attributes.size(), 4u);
  EXPECT_EQ(attributes["severity"], (queue::MessageAttributeValue{"String", "high", std::nullopt}));
  EXPECT_EQ(attributes["days"], (queue::MessageAttributeValue{"Number", "14", std::nullopt}));
  EXPECT_EQ(attributes["domains"].data_type, "String.Array");
  EXPECT_EQ(attributes["domains"].string_value, "[\"a.example\",\"b.example\"]");
  EXPECT_EQ(attributes["blob"],
            (queue::MessageAttributeValue{"Binary", std::nullopt, std::string("\x00\x01\xff", 3)}));
}

TEST_F(QueueChannelTest, BatchesKeepTheirOrderAndEveryMessageArrives) {
  std::vector<Notification> batch;
  for (int i = 0; i < 5; ++i) {
    Notification n = to_queue(sample_notification(std::nullopt, "message " + std::to_string(i)));
    n.raw = true;
    batch.push_back(n);
  }
  auto outcomes = channel_->deliver_all(batch);
  ASSERT_EQ(outcomes.size(), 5u);
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome);
  std::set<std::string> bodies;
  for (const auto& m : receive_all()) bodies.insert(m.body);
  EXPECT_EQ(bodies, (std::set<std::string>{"message 0", "message 1", "message 2", "message 3",
                                           "message 4"}));
}

TEST_F(QueueChannelTest, AQueueDeletedAfterSubscribingIsRetried) {
  Notification n = to_queue(sample_notification());
  must(queues_->delete_queue("alerts"));
  auto outcomes = channel_->deliver_all({n});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().code, "QueueDoesNotExist");
  EXPECT_TRUE(outcomes[0].error().retryable);
  EXPECT_NE(outcomes[0].error().message.find(arn_), std::string::npos);

  // Once the queue is back, the retry goes through.
  must(queues_->create_queue({"alerts", {}, {}}));
  EXPECT_TRUE(channel_->deliver_all({n}).at(0));
  EXPECT_EQ(receive_all().size(), 1u);
}

TEST_F(QueueChannelTest, AMessageTheQueueRefusesIsNotRetried) {
  Notification n = to_queue(sample_notification());
  n.raw = true;
  n.message = std::string("bell \x07 is not an XML character");
  auto outcomes = channel_->deliver_all({n});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().code, "InvalidMessageContents");
  EXPECT_FALSE(outcomes[0].error().retryable);
}

}  // namespace
}  // namespace certflow::notify::testing
