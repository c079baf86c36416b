// Delivery: retries on schedule (over the simulated clock), RetryPolicy, the dead-letter queue
// and its error attributes, dropped events, metrics.
#include <nlohmann/json.hpp>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kRuleArn = "arn:aws:events:us-east-1:000000000000:rule/r";

class BusDeliveryTest : public BusTest {
 protected:
  // Rule "r" on the default bus with one target "q" to kQueueArn.
  void rule_with_target(std::optional<RetryPolicy> retry,
                        std::optional<std::string> dead_letter_arn) {
    put_rule("r", R"({"source":["shop"]})");
    TargetSpec spec = target("q", kQueueArn);
    spec.retry_policy = retry;
    spec.dead_letter_arn = std::move(dead_letter_arn);
    put_target("r", spec);
  }
  std::optional<int64_t> next_attempt_ms() { return must(store().next_delivery_time()); }
  int64_t now_ms() const { return to_epoch_millis(clock_.now()); }
};

TEST(RetryDelay, GrowsExponentiallyWithJitterAndIsCappedAtEightMinutes) {
  std::mt19937_64 random(42);
  for (int64_t attempt = 1; attempt <= 40; ++attempt) {
    const int64_t full =
        std::min<int64_t>(480'000, int64_t{1000} << std::min<int64_t>(attempt - 1, 20));
    for (int i = 0; i < 50; ++i) {
      const auto delay = retry_delay(attempt, random).count();
      EXPECT_GE(delay, full / 2) << "attempt " << attempt;
      EXPECT_LE(delay, full) << "attempt " << attempt;
    }
  }
}

TEST_F(BusDeliveryTest, FailingTargetIsRetriedAfterTheDelayAndSucceedsOnTheThirdAttempt) {
  rule_with_target(std::nullopt, std::nullopt);
  queues_.fail_next(kQueueArn, 2);
  put_event("shop", "Order Placed", R"({"n":1})");
  pump();
  EXPECT_EQ(queues_.attempts(kQueueArn), 1);
  ASSERT_TRUE(next_attempt_ms());
  EXPECT_GE(*next_attempt_ms(), now_ms() + 500);
  EXPECT_LE(*next_attempt_ms(), now_ms() + 1000);

  pump();  // not due yet: time has not moved
  EXPECT_EQ(queues_.attempts(kQueueArn), 1);

  clock_.advance(1s);
  pump();
  EXPECT_EQ(queues_.attempts(kQueueArn), 2);
  EXPECT_GE(*next_attempt_ms(), now_ms() + 1000);  // the second pause: 1 to 2 seconds
  EXPECT_LE(*next_attempt_ms(), now_ms() + 2000);
  EXPECT_TRUE(queues_.delivered().empty());

  clock_.advance(2s);
  pump();
  EXPECT_EQ(queues_.attempts(kQueueArn), 3);
  ASSERT_EQ(queues_.delivered().size(), 1u);
  EXPECT_EQ(json::parse(queues_.delivered()[0].payload)["detail"]["n"], 1);
  EXPECT_FALSE(next_attempt_ms());
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 2);
  EXPECT_EQ(metric("Invocations", "r", "q"), 1);
  EXPECT_EQ(metric("IngestionToInvocationStartLatency", "r", "q"), 3000);
}

TEST_F(BusDeliveryTest, AfterMaximumRetryAttemptsTheEventGoesToTheDeadLetterQueue) {
  rule_with_target(RetryPolicy{2, 86'400}, kDlqArn);
  queues_.fail_next(kQueueArn, 1000, {"Timeout", "the target timed out", true});
  const std::string id = put_event("shop", "Order Placed", R"({"n":1})");
  pump();
  for (int i = 0; i < 5 && next_attempt_ms(); ++i) {
    clock_.advance(10min);
    pump();
  }
  EXPECT_EQ(queues_.attempts(kQueueArn), 3);  // the first attempt and two retries
  EXPECT_FALSE(next_attempt_ms());
  auto dead = queues_.delivered_to(kDlqArn);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(json::parse(dead[0].payload)["id"], id);
  EXPECT_EQ(dead[0].attributes, (DeliveryAttributes{
                                    {"RULE_ARN", kRuleArn},
                                    {"TARGET_ARN", kQueueArn},
                                    {"ERROR_CODE", "Timeout"},
                                    {"ERROR_MESSAGE", "the target timed out"},
                                    {"EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttemptsExhausted"},
                                    {"RETRY_ATTEMPTS", "2"},
                                }));
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 3);
  EXPECT_EQ(metric("InvocationsSentToDlq", "r", "q"), 1);
  EXPECT_EQ(metric("DeadLetterInvocations", "r", "q"), 1);
  EXPECT_EQ(metric("Invocations", "r", "q"), 0);
}

TEST_F(BusDeliveryTest, AnEventOlderThanMaximumEventAgeGoesToTheDeadLetterQueue) {
  rule_with_target(RetryPolicy{185, 60}, kDlqArn);
  queues_.fail_next(kQueueArn, 1000);
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_TRUE(queues_.delivered_to(kDlqArn).empty());
  clock_.advance(2min);
  pump();
  // The retry that fell due after the event's maximum age is not made.
  EXPECT_EQ(queues_.attempts(kQueueArn), 1);
  auto dead = queues_.delivered_to(kDlqArn);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attributes.at("EXHAUSTED_RETRY_CONDITION"), "MaximumEventAgeExhausted");
  EXPECT_EQ(dead[0].attributes.at("ERROR_CODE"), "Timeout");
  EXPECT_EQ(dead[0].attributes.at("RETRY_ATTEMPTS"), "0");
  EXPECT_FALSE(next_attempt_ms());
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 1);
}

TEST_F(BusDeliveryTest, RetriesWithinTheMaximumAgeAreMadeAndTheFirstBeyondItIsNot) {
  rule_with_target(RetryPolicy{185, 60}, kDlqArn);
  queues_.fail_next(kQueueArn, 1000);
  const int64_t ingested_ms = now_ms();
  put_event("shop", "Order Placed", "{}");
  pump();
  for (int i = 0; i < 5; ++i) {  // pauses of at most 1, 2, 4, 8 and 16 s: within the 60 s
    clock_.advance(std::chrono::milliseconds(*next_attempt_ms() - now_ms()));
    pump();
  }
  EXPECT_EQ(queues_.attempts(kQueueArn), 6);
  EXPECT_TRUE(queues_.delivered_to(kDlqArn).empty());
  const int64_t past_age = std::max(*next_attempt_ms(), ingested_ms + 60'000);
  clock_.advance(std::chrono::milliseconds(past_age - now_ms()));
  pump();
  ASSERT_EQ(queues_.delivered_to(kDlqArn).size(), 1u);
  EXPECT_EQ(queues_.delivered_to(kDlqArn)[0].attributes.at("RETRY_ATTEMPTS"), "5");
  EXPECT_EQ(queues_.attempts(kQueueArn), 6);
}

TEST_F(BusDeliveryTest, NonRetryableFailureGoesToTheDeadLetterQueueAtOnce) {
  rule_with_target(std::nullopt, kDlqArn);
  queues_.fail_next(kQueueArn, 1, {"QueueDoesNotExist", "The queue orders does not exist.", false});
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_EQ(queues_.attempts(kQueueArn), 1);
  auto dead = queues_.delivered_to(kDlqArn);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attributes.at("ERROR_CODE"), "QueueDoesNotExist");
  EXPECT_EQ(dead[0].attributes.at("ERROR_MESSAGE"), "The queue orders does not exist.");
  EXPECT_EQ(dead[0].attributes.at("RETRY_ATTEMPTS"), "0");
  EXPECT_FALSE(next_attempt_ms());
}

TEST_F(BusDeliveryTest, WithoutADeadLetterQueueAnExhaustedEventIsDroppedAndCounted) {
  rule_with_target(RetryPolicy{0, 60}, std::nullopt);
  queues_.fail_next(kQueueArn, 1);
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_FALSE(next_attempt_ms());
  EXPECT_TRUE(queues_.delivered().empty());
  EXPECT_EQ(metric("InvocationsDropped", "r", "q"), 1);
  EXPECT_EQ(metric("DeadLetterInvocations", "r", "q"), 1);
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 1);
}

TEST_F(BusDeliveryTest, ADeadLetterQueueThatFailsIsCounted) {
  rule_with_target(RetryPolicy{0, 60}, kDlqArn);
  queues_.fail_next(kQueueArn, 1);
  queues_.fail_next(kDlqArn, 1, {"QueueDoesNotExist", "gone", false});
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_FALSE(next_attempt_ms());
  EXPECT_EQ(metric("InvocationsFailedToBeSentToDlq", "r", "q"), 1);
}

TEST_F(BusDeliveryTest, OneFailingTargetDoesNotHoldUpAnother) {
  rule_with_target(std::nullopt, std::nullopt);
  put_target("r", target("f", kFunctionArn));
  queues_.fail_next(kQueueArn, 1000);
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_EQ(functions_.delivered().size(), 1u);
  EXPECT_TRUE(queues_.delivered().empty());
}

}  // namespace
}  // namespace certflow::events::bus::testing
