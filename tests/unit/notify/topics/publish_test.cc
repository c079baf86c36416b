// Publish and delivery: fan-out to confirmed subscriptions, filter policies, SNS's retry
// schedule, redrive to a dead-letter queue, topic policies for service principals, encryption
// at rest and durability across restarts.
#include <fstream>
#include <sstream>

#include "notify/delivery_policy.h"
#include "topics_fixture.h"

namespace certflow::notify::testing {
namespace {

using namespace std::chrono_literals;

const std::string kRuleArn = "arn:aws:events:us-east-1:000000000000:rule/renewals";

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string events_policy(const std::string& topic_arn, const std::string& condition = "") {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"events","Effect":"Allow",)"
         R"("Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish",)"
         R"("Resource":")" +
         topic_arn + "\"" + condition + "}]}";
}

TEST_F(TopicsTest, PublishFansOutToEveryConfirmedSubscription) {
  const std::string arn = create("alerts", {{"DisplayName", "Alerts"}});
  confirmed_email(arn, "a@example.com");
  confirmed_email(arn, "b@example.com");
  must(topics().subscribe({arn, "email", "pending@example.com", {}, false}));
  email_.received.clear();
  deliver();  // the pending one's confirmation
  email_.received.clear();
  PublishRequest request{arn, "the message", std::string("Subject line"), std::nullopt, {}};
  const std::string id = must(topics().publish(request, Publisher{"", kAccount, ""}));
  EXPECT_EQ(deliver(), 2u);
  ASSERT_EQ(email_.received.size(), 2u);
  for (const auto& n : email_.received) {
    EXPECT_EQ(n.type, MessageType::kNotification);
    EXPECT_EQ(n.message_id, id);
    EXPECT_EQ(n.message, "the message");
    EXPECT_EQ(n.subject, std::optional<std::string>("Subject line"));
    EXPECT_EQ(n.topic_display_name, "Alerts");
    EXPECT_EQ(n.unsubscribe_url.rfind(kPublicUrl + "/?Action=Unsubscribe&SubscriptionArn=", 0), 0u);
    EXPECT_NE(n.unsubscribe_url.find("SubscriptionArn=arn%3Aaws%3Asns"), std::string::npos);
  }
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(TopicsTest, PublishValidatesTheMessageAsSnsDoes) {
  const std::string arn = create("alerts");
  auto empty = topics().publish({arn, "", std::nullopt, std::nullopt, {}}, {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "Invalid parameter: Empty message");
  auto big =
      topics().publish({arn, std::string(256 * 1024 + 1, 'x'), std::nullopt, std::nullopt, {}}, {});
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("too long"), std::string::npos);
  auto subject = topics().publish({arn, "m", std::string("two\nlines"), std::nullopt, {}}, {});
  ASSERT_FALSE(subject);
  auto structure =
      topics().publish({arn, R"({"email":"only"})", std::nullopt, std::string("json"), {}}, {});
  ASSERT_FALSE(structure);
  EXPECT_EQ(structure.error().message,
            "Invalid parameter: Message Structure - No default entry in JSON message body");
  auto number =
      topics().publish({arn, "m", std::nullopt, std::nullopt, {{"n", {"Number", "twelve"}}}}, {});
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().code, ErrorCode::kInvalidParameterValue);
  auto gone = topics().publish({arn + "-gone", "m", std::nullopt, std::nullopt, {}}, {});
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(TopicsTest, MessageStructureJsonGivesEachProtocolItsOwnMessage) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  must(topics().subscribe({arn, "sqs", "arn:aws:sqs:us-east-1:000000000000:q", {}, false}));
  email_.received.clear();
  must(topics().publish(
      {arn, R"({"default":"plain","email":"for mail"})", std::nullopt, std::string("json"), {}},
      {}));
  deliver();
  ASSERT_EQ(email_.received.size(), 1u);
  EXPECT_EQ(email_.received[0].message, "for mail");
  ASSERT_EQ(sqs_.received.size(), 1u);
  EXPECT_EQ(sqs_.received[0].message, "plain");
}

TEST_F(TopicsTest, FilterPoliciesChooseWhichSubscriptionsGetAMessage) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "expired@example.com",
                  {{"FilterPolicyScope", "MessageBody"},
                   {"FilterPolicy", R"({"detail-type":["ACM Certificate Expired"]})"}});
  confirmed_email(arn, "severe@example.com", {{"FilterPolicy", R"({"severity":["high"]})"}});
  email_.received.clear();
  publish(arn, R"({"detail-type":"ACM Certificate Expired","source":"aws.acm"})");
  publish(arn, R"({"detail-type":"ACM Certificate Available"})",
          {{"severity", {"String", "high"}}});
  publish(arn, "plain text", {{"severity", {"String", "low"}}});
  deliver();
  ASSERT_EQ(email_.received.size(), 2u);
  EXPECT_EQ(email_.received[0].endpoint, "expired@example.com");
  EXPECT_EQ(email_.received[1].endpoint, "severe@example.com");
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(TopicsTest, AnInvalidFilterPolicyIsRefusedWithSnsWording) {
  const std::string arn = create("alerts");
  auto refused = topics().subscribe(
      {arn, "email", "a@example.com", {{"FilterPolicy", R"({"k":"v"})"}}, false});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(
      refused.error().message.rfind("Invalid parameter: Attributes Reason: FilterPolicy: ", 0), 0u);
}

TEST_F(TopicsTest, FailedHttpDeliveriesFollowTheDeliveryPolicyThenRedriveToTheQueue) {
  const std::string arn = create("alerts");
  must(queues_->create_queue({"dead-letters", {}, {}}));
  must(topics().subscribe({arn, "https", "https://hooks.example.com/x", {}, false}));
  deliver();
  const std::string subscription =
      must(topics().confirm_subscription(arn, http_.received[0].token));
  must(topics().set_subscription_attribute(
      subscription, "RedrivePolicy",
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead-letters"})"));
  http_.received.clear();
  http_.fail_next(4);  // the first attempt and SNS's default three retries
  publish(arn, "must not be lost");
  EXPECT_EQ(deliver(), 1u);
  EXPECT_EQ(deliver(), 0u);  // the retry waits 20 s (SNS's default http policy)
  for (int retry = 1; retry <= 3; ++retry) {
    advance(17s);  // 20 s less SNS's jitter (up to 10 %)
    EXPECT_EQ(deliver(), 0u) << retry;
    advance(3s);
    EXPECT_EQ(deliver(), 1u) << retry;
  }
  EXPECT_EQ(http_.received.size(), 4u);
  EXPECT_EQ(http_.received.back().attempt, 4);
  EXPECT_EQ(pending_deliveries(), 0);
  auto dead = must(queues_->receive_message("dead-letters", {10, std::nullopt, 0, {}, {}}));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(dead[0].body.find("must not be lost"), std::string::npos);
  EXPECT_NE(dead[0].body.find("Notification"), std::string::npos);  // SNS's JSON envelope
}

TEST_F(TopicsTest, AFinalFailureSkipsTheRetriesAndWithoutRedriveIsDropped) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  email_.received.clear();
  email_.fail_next(1, /*retryable=*/false);
  publish(arn, "refused");
  EXPECT_EQ(deliver(), 1u);
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(TopicsTest, EmailRetriesFollowSnsCustomerManagedPolicy) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  email_.received.clear();
  email_.fail_next(3);
  publish(arn, "smtp is down");
  EXPECT_EQ(deliver(), 1u);
  advance(8s);
  EXPECT_EQ(deliver(), 0u);  // the pre-backoff phase waits 10 s (less up to 10 % jitter)
  advance(2s);
  EXPECT_EQ(deliver(), 1u);
  advance(10s);
  EXPECT_EQ(deliver(), 1u);
  advance(10s);
  EXPECT_EQ(deliver(), 1u);  // the first backoff retry: the minimum delay again
  EXPECT_EQ(email_.received.size(), 4u);
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(TopicsTest, TheEventBusMayPublishOnlyWhereTheTopicPolicyAllowsIt) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  email_.received.clear();
  events::targets::TopicPublication publication{arn, R"({"detail-type":"x"})", kRuleArn, kAccount,
                                                "events.amazonaws.com"};
  auto refused = topics().publish(publication);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kAccessDenied);
  EXPECT_NE(refused.error().message.find("events.amazonaws.com is not authorized"),
            std::string::npos);

  must(topics().set_topic_attribute(arn, "Policy", events_policy(arn)));
  must(topics().publish(publication));
  // A condition on the source rule is honoured.
  must(topics().set_topic_attribute(
      arn, "Policy",
      events_policy(arn, R"(,"Condition":{"ArnEquals":{"aws:SourceArn":")" + kRuleArn + "\"}}")));
  must(topics().publish(publication));
  publication.source_arn = "arn:aws:events:us-east-1:000000000000:rule/other";
  EXPECT_FALSE(topics().publish(publication));
  deliver();
  EXPECT_EQ(email_.received.size(), 2u);

  auto missing = topics().publish(events::targets::TopicPublication{
      arn + "-gone", "{}", kRuleArn, kAccount, "events.amazonaws.com"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
}

TEST_F(TopicsTest, AnEncryptedTopicKeepsNoMessageInClearAndStillDeliversAfterARestart) {
  const std::string arn = create("secret", {{"KmsMasterKeyId", "alias/aws/sns"}});
  confirmed_email(arn, "a@example.com");
  email_.received.clear();
  const std::string marker = "PLAINTEXT-MARKER-4f1c9a";
  publish(arn, marker);
  publish(arn, marker + "-2");
  // The message is in the database (its deliveries are pending), but not readable there.
  EXPECT_EQ(pending_deliveries(), 2);
  restart();  // closes the store: everything is in the main database file or its WAL
  const std::string db = engine_.database_path();
  EXPECT_EQ(file_bytes(db).find(marker), std::string::npos);
  EXPECT_EQ(file_bytes(db + "-wal").find(marker), std::string::npos);
  EXPECT_EQ(must(topics().get_topic_attributes(arn))["KmsMasterKeyId"], "alias/aws/sns");
  EXPECT_EQ(deliver(), 2u);
  ASSERT_EQ(email_.received.size(), 2u);
  EXPECT_EQ(email_.received[0].message, marker);
}

TEST_F(TopicsTest, AcceptedMessagesSurviveARestartBeforeDelivery) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  email_.received.clear();
  for (int i = 0; i < 20; ++i) publish(arn, "m" + std::to_string(i));
  restart();
  EXPECT_EQ(deliver(), 20u);
  EXPECT_EQ(email_.received.size(), 20u);
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(TopicsTest, PublishBatchChecksTheBatchAndAnswersPerEntry) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "a@example.com");
  auto empty = topics().publish_batch(arn, {}, {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kEmptyBatchRequest);
  std::vector<PublishBatchEntry> eleven(11, PublishBatchEntry{"a", "m", {}, {}, {}});
  for (int i = 0; i < 11; ++i) eleven[i].id = "e" + std::to_string(i);
  EXPECT_EQ(topics().publish_batch(arn, eleven, {}).error().code,
            ErrorCode::kTooManyEntriesInBatchRequest);
  auto same = topics().publish_batch(arn, {{"a", "m", {}, {}, {}}, {"a", "n", {}, {}, {}}}, {});
  EXPECT_EQ(same.error().code, ErrorCode::kBatchEntryIdsNotDistinct);
  auto results =
      must(topics().publish_batch(arn, {{"ok", "fine", {}, {}, {}}, {"bad", "", {}, {}, {}}}, {}));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].message_id.empty());
  EXPECT_EQ(results[1].code, "InvalidParameter");
  EXPECT_TRUE(results[1].sender_fault);
}

TEST(DeliveryPolicyTest, SnsDefaultScheduleForHttp) {
  const RetryPolicy policy = default_http_retry_policy();
  EXPECT_EQ(retry_delay(policy, 1), std::chrono::milliseconds(20'000));
  EXPECT_EQ(retry_delay(policy, 3), std::chrono::milliseconds(20'000));
  EXPECT_EQ(retry_delay(policy, 4), std::nullopt);
}

TEST(DeliveryPolicyTest, PhasesRunInOrder) {
  RetryPolicy policy{.num_retries = 10,
                     .num_no_delay_retries = 2,
                     .num_min_delay_retries = 2,
                     .num_max_delay_retries = 2,
                     .min_delay_seconds = 1,
                     .max_delay_seconds = 9,
                     .backoff_function = "linear"};
  std::vector<int64_t> seconds;
  for (int retry = 1; retry <= 10; ++retry)
    seconds.push_back(retry_delay(policy, retry)->count() / 1000);
  EXPECT_EQ(seconds, (std::vector<int64_t>{0, 0, 1, 1, 1, 3, 6, 9, 9, 9}));
}

TEST(DeliveryPolicyTest, AwsManagedEndpointsRetryForDays) {
  const RetryPolicy policy = aws_managed_retry_policy();
  EXPECT_EQ(retry_delay(policy, 1), std::chrono::milliseconds(0));
  EXPECT_EQ(retry_delay(policy, 4), std::chrono::milliseconds(1000));
  EXPECT_EQ(retry_delay(policy, 100'015), std::chrono::milliseconds(20'000));
  EXPECT_EQ(retry_delay(policy, 100'016), std::nullopt);
}

TEST(DeliveryPolicyTest, InvalidPoliciesAreRefusedWithTheReason) {
  auto over = parse_topic_delivery_policy(
      R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":50,"minDelayTarget":100,"maxDelayTarget":100}}})");
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("3600"), std::string::npos);
  auto order = parse_subscription_delivery_policy(
      R"({"healthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":20}})");
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message.find("minDelayTarget must not be greater"), std::string::npos);
  auto function =
      parse_subscription_delivery_policy(R"({"healthyRetryPolicy":{"backoffFunction":"cubic"}})");
  ASSERT_FALSE(function);
  auto ok = parse_topic_delivery_policy(
      R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":5,"backoffFunction":"exponential","minDelayTarget":1,"maxDelayTarget":60},"disableSubscriptionOverrides":true}})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->disable_subscription_overrides);
  EXPECT_EQ(ok->retry->num_retries, 5);
}

TEST(DeliveryPolicyTest, TheTopicPolicyCanForbidSubscriptionOverrides) {
  const std::string topic =
      R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":7},"disableSubscriptionOverrides":true}})";
  const std::string subscription = R"({"healthyRetryPolicy":{"numRetries":1}})";
  EXPECT_EQ(effective_retry_policy("https", topic, subscription).num_retries, 7);
  EXPECT_EQ(effective_retry_policy("https", "", subscription).num_retries, 1);
  EXPECT_EQ(effective_retry_policy("email", topic, subscription).num_retries, 50);
  EXPECT_EQ(effective_retry_policy("sqs", "", "").num_retries, 100'015);
}

}  // namespace
}  // namespace certflow::notify::testing
