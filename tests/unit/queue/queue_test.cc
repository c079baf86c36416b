// Queues themselves: creation and SQS's same-name rule, attributes, listing, deletion, tags.
#include "queue/queue_fixture.h"

namespace certflow::queue::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(QueuesTest, CreateReturnsTheArnAndTheQueueExists) {
  EXPECT_EQ(create("orders"), "arn:aws:sqs:us-east-1:000000000000:orders");
  EXPECT_TRUE(queues_->get_queue("orders"));
  EXPECT_EQ(code_of(queues_->get_queue("other")), ErrorCode::kQueueDoesNotExist);
}

TEST_F(QueuesTest, RecreatingWithTheSameAttributesIsTheSameQueue) {
  create("orders", {{"VisibilityTimeout", "60"}});
  EXPECT_EQ(create("orders", {{"VisibilityTimeout", "60"}}),
            "arn:aws:sqs:us-east-1:000000000000:orders");
  // No attributes given: nothing to differ.
  EXPECT_TRUE(queues_->create_queue({"orders", {}, {}}));
}

TEST_F(QueuesTest, RecreatingWithADifferentAttributeIsQueueNameExists) {
  create("orders", {{"VisibilityTimeout", "60"}});
  auto again = queues_->create_queue({"orders", {{"VisibilityTimeout", "30"}}, {}});
  EXPECT_EQ(code_of(again), ErrorCode::kQueueNameExists);
  EXPECT_NE(again.error().message.find("VisibilityTimeout"), std::string::npos);
  // A default given explicitly that the queue does not have differs too.
  EXPECT_EQ(code_of(queues_->create_queue({"orders", {{"DelaySeconds", "5"}}, {}})),
            ErrorCode::kQueueNameExists);
}

TEST_F(QueuesTest, InvalidNamesAndFifoQueuesAreRefused) {
  EXPECT_EQ(code_of(queues_->create_queue({"", {}, {}})), ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->create_queue({"has space", {}, {}})),
            ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->create_queue({std::string(81, 'a'), {}, {}})),
            ErrorCode::kInvalidParameterValue);
  EXPECT_TRUE(queues_->create_queue({std::string(80, 'a'), {}, {}}));
  EXPECT_EQ(code_of(queues_->create_queue({"jobs.fifo", {}, {}})),
            ErrorCode::kUnsupportedOperation);
  EXPECT_EQ(code_of(queues_->create_queue({"jobs", {{"FifoQueue", "true"}}, {}})),
            ErrorCode::kUnsupportedOperation);
  EXPECT_TRUE(queues_->create_queue({"jobs", {{"FifoQueue", "false"}}, {}}));
}

TEST_F(QueuesTest, AttributesHaveSqsDefaults) {
  create("orders");
  Attributes all = must(queues_->get_attributes("orders", {"All"}));
  EXPECT_EQ(all.at("QueueArn"), "arn:aws:sqs:us-east-1:000000000000:orders");
  EXPECT_EQ(all.at("VisibilityTimeout"), "30");
  EXPECT_EQ(all.at("MaximumMessageSize"), "1048576");
  EXPECT_EQ(all.at("MessageRetentionPeriod"), "345600");
  EXPECT_EQ(all.at("DelaySeconds"), "0");
  EXPECT_EQ(all.at("ReceiveMessageWaitTimeSeconds"), "0");
  EXPECT_EQ(all.at("ApproximateNumberOfMessages"), "0");
  EXPECT_EQ(all.at("ApproximateNumberOfMessagesNotVisible"), "0");
  EXPECT_EQ(all.at("ApproximateNumberOfMessagesDelayed"), "0");
  EXPECT_EQ(all.at("CreatedTimestamp"), "1800000000");
  EXPECT_EQ(all.at("LastModifiedTimestamp"), "1800000000");
  EXPECT_EQ(all.count("RedrivePolicy"), 0u);
  EXPECT_EQ(all.count("Policy"), 0u);
  // Only what is asked for; nothing for an empty list.
  EXPECT_EQ(must(queues_->get_attributes("orders", {"DelaySeconds"})).size(), 1u);
  EXPECT_TRUE(must(queues_->get_attributes("orders", {})).empty());
  EXPECT_EQ(code_of(queues_->get_attributes("orders", {"Colour"})),
            ErrorCode::kInvalidAttributeName);
  EXPECT_EQ(code_of(queues_->get_attributes("nope", {"All"})), ErrorCode::kQueueDoesNotExist);
}

TEST_F(QueuesTest, SetAttributesValidatesEveryValueAndAppliesNoneOnError) {
  create("orders");
  advance(90s);
  EXPECT_TRUE(queues_->set_attributes(
      "orders", {{"VisibilityTimeout", "120"}, {"Policy", R"({"Version":"2012-10-17"})"}}));
  EXPECT_EQ(attribute("orders", "VisibilityTimeout"), "120");
  EXPECT_EQ(attribute("orders", "Policy"), R"({"Version":"2012-10-17"})");
  EXPECT_EQ(attribute("orders", "LastModifiedTimestamp"), "1800000090");
  EXPECT_EQ(attribute("orders", "CreatedTimestamp"), "1800000000");

  EXPECT_EQ(code_of(queues_->set_attributes(
                "orders", {{"DelaySeconds", "5"}, {"VisibilityTimeout", "43201"}})),
            ErrorCode::kInvalidAttributeValue);
  EXPECT_EQ(attribute("orders", "DelaySeconds"), "0");
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"MaximumMessageSize", "1023"},
                                                        {"MessageRetentionPeriod", "59"},
                                                        {"ReceiveMessageWaitTimeSeconds", "21"},
                                                        {"DelaySeconds", "-1"},
                                                        {"DelaySeconds", "1.5"},
                                                        {"Policy", "not json"}}) {
    EXPECT_EQ(code_of(queues_->set_attributes("orders", {{name, value}})),
              ErrorCode::kInvalidAttributeValue)
        << name << "=" << value;
  }
  for (const char* name :
       {"QueueArn", "ApproximateNumberOfMessages", "ContentBasedDeduplication", "Colour"}) {
    EXPECT_EQ(code_of(queues_->set_attributes("orders", {{name, "1"}})),
              ErrorCode::kInvalidAttributeName)
        << name;
  }
  // Set to "" removes a policy.
  EXPECT_TRUE(queues_->set_attributes("orders", {{"Policy", ""}}));
  EXPECT_EQ(must(queues_->get_attributes("orders", {"Policy"})).count("Policy"), 0u);
}

TEST_F(QueuesTest, ARedrivePolicyNeedsAnExistingDeadLetterQueue) {
  create("orders");
  const std::string missing =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"3"})";
  EXPECT_EQ(code_of(queues_->set_attributes("orders", {{"RedrivePolicy", missing}})),
            ErrorCode::kInvalidParameterValue);
  create("dlq");
  EXPECT_TRUE(queues_->set_attributes("orders", {{"RedrivePolicy", missing}}));
  EXPECT_EQ(
      attribute("orders", "RedrivePolicy"),
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3})");
  EXPECT_EQ(must(queues_->dead_letter_source_queues("dlq")), std::vector<std::string>{"orders"});
  for (
      const char* bad :
      {"{", R"({"maxReceiveCount":3})",
       R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"})",
       R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":0})",
       R"({"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:000000000000:dlq","maxReceiveCount":2})"}) {
    EXPECT_EQ(code_of(queues_->set_attributes("orders", {{"RedrivePolicy", bad}})),
              ErrorCode::kInvalidParameterValue)
        << bad;
  }
  EXPECT_TRUE(queues_->set_attributes("orders", {{"RedrivePolicy", ""}}));
  EXPECT_EQ(must(queues_->get_attributes("orders", {"All"})).count("RedrivePolicy"), 0u);
}

TEST_F(QueuesTest, ListQueuesFiltersByPrefixAndPagesWithMaxResults) {
  for (const char* name : {"b2", "a1", "b1", "b3"}) create(name);
  EXPECT_EQ(must(queues_->list_queues({})).names,
            (std::vector<std::string>{"a1", "b1", "b2", "b3"}));
  EXPECT_FALSE(must(queues_->list_queues({})).next_token);
  EXPECT_EQ(must(queues_->list_queues({"b", std::nullopt, std::nullopt})).names,
            (std::vector<std::string>{"b1", "b2", "b3"}));
  QueueList first = must(queues_->list_queues({"b", 2, std::nullopt}));
  EXPECT_EQ(first.names, (std::vector<std::string>{"b1", "b2"}));
  ASSERT_TRUE(first.next_token);
  QueueList second = must(queues_->list_queues({"b", 2, first.next_token}));
  EXPECT_EQ(second.names, (std::vector<std::string>{"b3"}));
  EXPECT_FALSE(second.next_token);
  EXPECT_EQ(code_of(queues_->list_queues({"", 0, std::nullopt})),
            ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->list_queues({"", 1001, std::nullopt})),
            ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->list_queues({"", 5, "not base64!"})),
            ErrorCode::kInvalidParameterValue);
}

TEST_F(QueuesTest, DeleteQueueRemovesItAndItsMessages) {
  create("orders");
  send("orders", "hello");
  EXPECT_TRUE(queues_->delete_queue("orders"));
  EXPECT_EQ(code_of(queues_->delete_queue("orders")), ErrorCode::kQueueDoesNotExist);
  create("orders");
  EXPECT_TRUE(receive("orders").empty());
}

TEST_F(QueuesTest, TagsAreKeptAddedAndRemoved) {
  must(queues_->create_queue({"orders", {}, {{"team", "pki"}, {"env", "dev"}}}));
  EXPECT_EQ(must(queues_->list_tags("orders")), (Tags{{"env", "dev"}, {"team", "pki"}}));
  EXPECT_TRUE(queues_->tag_queue("orders", {{"env", "prod"}, {"cost", "7"}}));
  EXPECT_TRUE(queues_->untag_queue("orders", {"team", "absent"}));
  EXPECT_EQ(must(queues_->list_tags("orders")), (Tags{{"cost", "7"}, {"env", "prod"}}));
  Tags many;
  for (int i = 0; i < 51; ++i) many["k" + std::to_string(i)] = "v";
  EXPECT_EQ(code_of(queues_->tag_queue("orders", many)), ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->list_tags("nope")), ErrorCode::kQueueDoesNotExist);
}

}  // namespace
}  // namespace certflow::queue::testing
