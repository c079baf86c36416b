// The topic target's contract with the topics room: what the bus hands over (message, source
// ARN and account, the events service principal) and how a topic's answers become outcomes.
#include "events/targets/topic_target.h"

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

const std::string kTopicArn = "arn:aws:sns:us-east-1:000000000000:certificate-alerts";

// A topic room that keeps what it was asked to publish and answers as told.
class RecordingTopics final : public targets::TopicPublisher {
 public:
  Status check_topic(const std::string& arn) override {
    if (arn != kTopicArn) return fail(ErrorCode::kResourceNotFound, "Topic " + arn + " not found");
    return {};
  }
  Result<std::string> publish(const targets::TopicPublication& publication) override {
    published.push_back(publication);
    if (answer) return tl::unexpected(*answer);
    return "message-" + std::to_string(published.size());
  }
  std::vector<targets::TopicPublication> published;
  std::optional<Error> answer;
};

class TopicTargetTest : public BusTest {
 protected:
  void SetUp() override {
    BusTest::SetUp();
    registry_.add("sns", topic_target_);
    put_rule("alerts", R"({"source":["aws.acm"]})");
  }
  RecordingTopics topics_;
  targets::TopicTarget topic_target_{topics_, "000000000000"};
};

TEST_F(TopicTargetTest, TheRulePublishesAsTheEventsServiceWithItsArnAsSource) {
  put_target("alerts", target("topic", kTopicArn));
  append_acm_event("ACM Certificate Expired", R"({"CommonName":"a"})");
  pump();
  ASSERT_EQ(topics_.published.size(), 1u);
  const auto& p = topics_.published[0];
  EXPECT_EQ(p.topic_arn, kTopicArn);
  EXPECT_EQ(p.source_arn, "arn:aws:events:us-east-1:000000000000:rule/alerts");
  EXPECT_EQ(p.source_account, "000000000000");
  EXPECT_EQ(p.principal_service, "events.amazonaws.com");
  EXPECT_NE(p.message.find("ACM Certificate Expired"), std::string::npos);
  EXPECT_EQ(metric("Invocations", "alerts", "topic"), 1);
}

TEST_F(TopicTargetTest, AnUnknownTopicIsRefusedAtPutTargets) {
  auto failures = must(bus().put_targets(
      kDefaultBus, "alerts", {target("topic", "arn:aws:sns:us-east-1:000000000000:nope")}));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].error_message.find("not found"), std::string::npos);
}

TEST_F(TopicTargetTest, APolicyRefusalFailsLoudlyIntoTheDeadLetterQueueWithoutRetries) {
  TargetSpec spec = target("topic", kTopicArn);
  spec.dead_letter_arn = kDlqArn;
  put_target("alerts", spec);
  topics_.answer = Error{ErrorCode::kAccessDenied, "Topic policy denies sns:Publish"};
  append_acm_event("ACM Certificate Expired", "{}");
  pump();
  EXPECT_EQ(topics_.published.size(), 1u);
  EXPECT_EQ(metric("FailedInvocations", "alerts", "topic"), 1);
  auto dead = queues_.delivered_to(kDlqArn);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attributes.at("ERROR_CODE"), "AuthorizationError");
  EXPECT_NE(dead[0].attributes.at("ERROR_MESSAGE").find("events.amazonaws.com"), std::string::npos);
  EXPECT_EQ(dead[0].attributes.at("EXHAUSTED_RETRY_CONDITION"), "NonRetryableError");
}

TEST_F(TopicTargetTest, ATransientTopicFailureIsRetried) {
  put_target("alerts", target("topic", kTopicArn));
  topics_.answer = Error{ErrorCode::kInternal, "store busy"};
  append_acm_event("ACM Certificate Expired", "{}");
  pump();
  EXPECT_EQ(metric("FailedInvocations", "alerts", "topic"), 1);
  topics_.answer.reset();
  clock_.advance(std::chrono::seconds(2));
  pump();
  EXPECT_EQ(topics_.published.size(), 2u);
  EXPECT_EQ(metric("Invocations", "alerts", "topic"), 1);
}

}  // namespace
}  // namespace certflow::events::bus::testing
