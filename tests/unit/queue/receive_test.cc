// Receiving: visibility timeouts, receipt handles (current, stale, forged), redrive to the
// dead-letter queue, retention, attribute selection, purge and durability.
#include "crypto/encoding.h"
#include "queue/queue_fixture.h"

namespace certflow::queue::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(QueuesTest, AReceivedMessageIsHiddenUntilItsVisibilityTimeoutEnds) {
  create("orders", {{"VisibilityTimeout", "30"}});
  send("orders", "hello");
  ReceivedMessage first = receive_one("orders");
  EXPECT_EQ(first.body, "hello");
  EXPECT_EQ(first.md5_of_body, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_TRUE(receive("orders").empty());
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesNotVisible"), "1");
  advance(29'999ms);
  EXPECT_TRUE(receive("orders").empty());
  advance(1ms);
  ReceivedMessage second = receive_one("orders");
  EXPECT_EQ(second.message_id, first.message_id);
  EXPECT_NE(second.receipt_handle, first.receipt_handle);
  // The request's VisibilityTimeout overrides the queue's.
  advance(30s);
  ReceiveRequest brief;
  brief.visibility_timeout = 5;
  receive_one("orders", brief);
  advance(5s);
  EXPECT_EQ(receive("orders").size(), 1u);
}

TEST_F(QueuesTest, SystemAttributesReportTheReceiveHistory) {
  create("orders");
  send("orders", "hello");
  const int64_t sent_ms = to_epoch_millis(clock_.now());
  advance(2s);
  ReceiveRequest request;
  request.attribute_names = {"All"};
  request.visibility_timeout = 0;
  ReceivedMessage first = receive_one("orders", request);
  EXPECT_EQ(first.attributes.at("SentTimestamp"), std::to_string(sent_ms));
  EXPECT_EQ(first.attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(first.attributes.at("ApproximateFirstReceiveTimestamp"),
            std::to_string(sent_ms + 2000));
  EXPECT_EQ(first.attributes.at("SenderId"), "AKIATEST");
  advance(3s);
  ReceivedMessage second = receive_one("orders", request);
  EXPECT_EQ(second.attributes.at("ApproximateReceiveCount"), "2");
  EXPECT_EQ(second.attributes.at("ApproximateFirstReceiveTimestamp"),
            std::to_string(sent_ms + 2000));
  request.attribute_names = {"ApproximateReceiveCount"};
  EXPECT_EQ(receive_one("orders", request).attributes,
            (Attributes{{"ApproximateReceiveCount", "3"}}));
  request.attribute_names = {};
  EXPECT_TRUE(receive_one("orders", request).attributes.empty());
}

TEST_F(QueuesTest, MaxNumberOfMessagesBoundsOneReceive) {
  create("orders");
  for (int i = 0; i < 12; ++i) send("orders", "m" + std::to_string(i));
  ReceiveRequest request;
  request.max_messages = 10;
  EXPECT_EQ(receive("orders", request).size(), 10u);
  EXPECT_EQ(receive("orders", request).size(), 2u);
  for (int64_t bad : {0, 11}) {
    request.max_messages = bad;
    EXPECT_EQ(code_of(queues_->receive_message("orders", request)),
              ErrorCode::kInvalidParameterValue);
  }
  ReceiveRequest wait;
  wait.wait_seconds = 21;
  EXPECT_EQ(code_of(queues_->receive_message("orders", wait)), ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(code_of(queues_->receive_message("nope", {})), ErrorCode::kQueueDoesNotExist);
}

TEST_F(QueuesTest, DeleteWithTheCurrentHandleRemovesTheMessage) {
  create("orders");
  send("orders", "hello");
  ReceivedMessage message = receive_one("orders");
  EXPECT_TRUE(queues_->delete_message("orders", message.receipt_handle));
  advance(31s);
  EXPECT_TRUE(receive("orders").empty());
  // Deleting again succeeds, as in SQS.
  EXPECT_TRUE(queues_->delete_message("orders", message.receipt_handle));
}

TEST_F(QueuesTest, AStaleHandleDeletesNothingAndCannotChangeVisibility) {
  create("orders");
  send("orders", "hello");
  ReceivedMessage first = receive_one("orders");
  advance(31s);
  ReceivedMessage second = receive_one("orders");
  EXPECT_TRUE(queues_->delete_message("orders", first.receipt_handle));
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesNotVisible"), "1");
  EXPECT_EQ(code_of(queues_->change_visibility("orders", first.receipt_handle, 60)),
            ErrorCode::kInvalidParameterValue);
  EXPECT_TRUE(queues_->delete_message("orders", second.receipt_handle));
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesNotVisible"), "0");
}

TEST_F(QueuesTest, AForgedReceiptHandleIsRefused) {
  create("orders");
  send("orders", "hello");
  ReceivedMessage message = receive_one("orders");
  std::string raw = *crypto::base64_decode(message.receipt_handle);
  raw.back() = static_cast<char>(raw.back() ^ 1);  // one bit of the token
  const std::string forged = crypto::base64_encode(raw);
  for (const std::string& handle : {forged, std::string("garbage"), std::string(),
                                    crypto::base64_encode(message.message_id + ":1:short")}) {
    EXPECT_EQ(code_of(queues_->delete_message("orders", handle)),
              ErrorCode::kReceiptHandleIsInvalid)
        << handle;
    EXPECT_EQ(code_of(queues_->change_visibility("orders", handle, 0)),
              ErrorCode::kReceiptHandleIsInvalid)
        << handle;
  }
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesNotVisible"), "1");
  // A genuine handle on another queue finds nothing to delete there.
  create("other");
  EXPECT_TRUE(queues_->delete_message("other", message.receipt_handle));
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessagesNotVisible"), "1");
}

TEST_F(QueuesTest, ChangeVisibilityExtendsOrReleasesAMessage) {
  create("orders");
  send("orders", "hello");
  ReceivedMessage message = receive_one("orders");
  EXPECT_TRUE(queues_->change_visibility("orders", message.receipt_handle, 100));
  advance(99s);
  EXPECT_TRUE(receive("orders").empty());
  EXPECT_TRUE(queues_->change_visibility("orders", message.receipt_handle, 0));
  ReceivedMessage again = receive_one("orders");
  EXPECT_EQ(code_of(queues_->change_visibility("orders", again.receipt_handle, 43'201)),
            ErrorCode::kInvalidParameterValue);
  advance(30s);
  EXPECT_EQ(code_of(queues_->change_visibility("orders", again.receipt_handle, 10)),
            ErrorCode::kMessageNotInflight);
}

TEST_F(QueuesTest, BatchDeleteAndVisibilityReportEachEntry) {
  create("orders");
  send("orders", "a");
  send("orders", "b");
  ReceiveRequest two;
  two.max_messages = 2;
  auto messages = receive("orders", two);
  ASSERT_EQ(messages.size(), 2u);
  auto changed = must(queues_->change_visibility_batch(
      "orders", {{"one", messages[0].receipt_handle, 0}, {"two", "forged", 0}}));
  EXPECT_TRUE(changed[0].outcome);
  EXPECT_EQ(code_of(changed[1].outcome), ErrorCode::kReceiptHandleIsInvalid);
  auto deleted = must(queues_->delete_message_batch(
      "orders", {{"x", messages[1].receipt_handle, std::nullopt}, {"y", "forged", std::nullopt}}));
  EXPECT_EQ(deleted[0].id, "x");
  EXPECT_TRUE(deleted[0].outcome);
  EXPECT_EQ(code_of(deleted[1].outcome), ErrorCode::kReceiptHandleIsInvalid);
  EXPECT_EQ(receive_one("orders").body, messages[0].body);
  EXPECT_EQ(code_of(queues_->delete_message_batch("orders", {})), ErrorCode::kEmptyBatchRequest);
}

TEST_F(QueuesTest, AMessageReceivedMoreThanMaxReceiveCountMovesToTheDeadLetterQueue) {
  const std::string dlq_arn = create("orders-dlq");
  create("orders", {{"RedrivePolicy",
                     R"({"deadLetterTargetArn":")" + dlq_arn + R"(","maxReceiveCount":2})"}});
  send("orders", "poison");
  const int64_t sent_ms = to_epoch_millis(clock_.now());
  ReceiveRequest request;
  request.visibility_timeout = 0;
  EXPECT_EQ(receive_one("orders", request).body, "poison");
  EXPECT_EQ(receive_one("orders", request).body, "poison");
  // The third receive moves it instead of delivering it.
  EXPECT_TRUE(receive("orders", request).empty());
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessages"), "0");
  EXPECT_EQ(attribute("orders-dlq", "ApproximateNumberOfMessages"), "1");
  request.attribute_names = {"All"};
  ReceivedMessage dead = receive_one("orders-dlq", request);
  EXPECT_EQ(dead.body, "poison");
  EXPECT_EQ(dead.attributes.at("DeadLetterQueueSourceArn"),
            "arn:aws:sqs:us-east-1:000000000000:orders");
  EXPECT_EQ(dead.attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(dead.attributes.at("SentTimestamp"), std::to_string(sent_ms));
}

TEST_F(QueuesTest, RedriveMovesOnlyTheExhaustedMessagesAndFillsTheReceive) {
  const std::string dlq_arn = create("dlq");
  create("orders", {{"RedrivePolicy",
                     R"({"deadLetterTargetArn":")" + dlq_arn + R"(","maxReceiveCount":1})"}});
  send("orders", "old");
  receive_one("orders");
  advance(31s);
  send("orders", "new");
  ReceiveRequest request;
  request.max_messages = 10;
  auto messages = receive("orders", request);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, "new");
  EXPECT_EQ(receive_one("dlq").body, "old");
}

TEST_F(QueuesTest, MessagesOlderThanTheRetentionPeriodAreDropped) {
  create("orders", {{"MessageRetentionPeriod", "60"}});
  send("orders", "old");
  advance(30s);
  send("orders", "young");
  advance(31s);
  EXPECT_EQ(attribute("orders", "ApproximateNumberOfMessages"), "1");
  ReceiveRequest request;
  request.max_messages = 10;
  auto messages = receive("orders", request);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, "young");
}

TEST_F(QueuesTest, MessageAttributeNamesSelectWhatIsReturnedAndItsDigest) {
  create("orders");
  send("orders", "x",
       {{"order.id", text("7", "Number")}, {"order.kind", text("new")}, {"other", text("o")}});
  ReceiveRequest request;
  request.visibility_timeout = 0;
  EXPECT_TRUE(receive_one("orders", request).message_attributes.empty());
  EXPECT_FALSE(receive_one("orders", request).md5_of_message_attributes);
  request.message_attribute_names = {"order.*"};
  ReceivedMessage some = receive_one("orders", request);
  EXPECT_EQ(some.message_attributes.size(), 2u);
  EXPECT_EQ(some.md5_of_message_attributes, md5_of_message_attributes(some.message_attributes));
  request.message_attribute_names = {"All"};
  EXPECT_EQ(receive_one("orders", request).message_attributes.size(), 3u);
  request.message_attribute_names = {"other"};
  EXPECT_EQ(receive_one("orders", request).message_attributes,
            (MessageAttributes{{"other", text("o")}}));
}

TEST_F(QueuesTest, PurgeEmptiesTheQueue) {
  create("orders");
  send("orders", "a");
  send("orders", "b");
  receive_one("orders");
  EXPECT_TRUE(queues_->purge_queue("orders"));
  advance(31s);
  EXPECT_TRUE(receive("orders").empty());
  EXPECT_EQ(code_of(queues_->purge_queue("nope")), ErrorCode::kQueueDoesNotExist);
}

TEST_F(QueuesTest, QueuesAndMessagesSurviveReopeningTheStore) {
  create("orders", {{"VisibilityTimeout", "45"}});
  send("orders", "durable", {{"k", text("v")}});
  ReceivedMessage before = receive_one("orders");
  reopen();
  EXPECT_EQ(attribute("orders", "VisibilityTimeout"), "45");
  // The receipt handle issued before the restart still works.
  EXPECT_TRUE(queues_->change_visibility("orders", before.receipt_handle, 0));
  ReceiveRequest request;
  request.message_attribute_names = {"All"};
  ReceivedMessage after = receive_one("orders", request);
  EXPECT_EQ(after.message_id, before.message_id);
  EXPECT_EQ(after.body, "durable");
  EXPECT_EQ(after.message_attributes.at("k"), text("v"));
}

}  // namespace
}  // namespace certflow::queue::testing
