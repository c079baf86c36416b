// Topics and subscriptions as SNS has them: idempotent CreateTopic, attributes, the
// confirmation flow, listing, tags, unsubscribe and DeleteTopic.
#include <fstream>
#include <sstream>

#include "topics_fixture.h"

namespace certflow::notify::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(TopicsTest, CreateTopicIsIdempotentByNameAndRefusesDifferentAttributes) {
  const std::string arn = create("alerts", {{"DisplayName", "Alerts"}});
  EXPECT_EQ(arn, "arn:aws:sns:us-east-1:000000000000:alerts");
  EXPECT_EQ(create("alerts", {{"DisplayName", "Alerts"}}), arn);
  auto different = topics().create_topic("alerts", {{"DisplayName", "Other"}}, {});
  ASSERT_FALSE(different);
  EXPECT_EQ(different.error().code, ErrorCode::kInvalidParameter);
  EXPECT_NE(different.error().message.find("different attributes"), std::string::npos);
}

TEST_F(TopicsTest, TopicNamesFollowSnsRulesAndFifoIsRefused) {
  for (const std::string& name :
       std::vector<std::string>{"", "has space", "dot.name", std::string(257, 'a')}) {
    auto created = topics().create_topic(name, {}, {});
    ASSERT_FALSE(created) << name;
    EXPECT_EQ(created.error().message.rfind("Invalid parameter: Topic Name", 0), 0u);
  }
  auto fifo = topics().create_topic("orders.fifo", {{"FifoTopic", "true"}}, {});
  ASSERT_FALSE(fifo);
  EXPECT_NE(fifo.error().message.find("FIFO"), std::string::npos);
}

TEST_F(TopicsTest, GetTopicAttributesShowsTheDefaultPolicyAndSubscriptionCounts) {
  const std::string arn = create("alerts");
  confirmed_email(arn, "ops@example.com");
  must(topics().subscribe({arn, "email", "dev@example.com", {}, false}));
  auto attributes = must(topics().get_topic_attributes(arn));
  EXPECT_EQ(attributes["TopicArn"], arn);
  EXPECT_EQ(attributes["Owner"], kAccount);
  EXPECT_EQ(attributes["SubscriptionsConfirmed"], "1");
  EXPECT_EQ(attributes["SubscriptionsPending"], "1");
  EXPECT_NE(attributes["Policy"].find("__default_policy_ID"), std::string::npos);
  EXPECT_NE(attributes["EffectiveDeliveryPolicy"].find("\"numRetries\":3"), std::string::npos);
  EXPECT_EQ(attributes.count("KmsMasterKeyId"), 0u);
}

TEST_F(TopicsTest, SetTopicAttributesValidatesEachAttribute) {
  const std::string arn = create("alerts");
  auto bad_policy = topics().set_topic_attribute(arn, "Policy", "{not json");
  ASSERT_FALSE(bad_policy);
  EXPECT_EQ(bad_policy.error().code, ErrorCode::kInvalidParameter);
  auto bad_key = topics().set_topic_attribute(arn, "KmsMasterKeyId", "alias/mine");
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().code, ErrorCode::kKmsNotFound);
  auto bad_version = topics().set_topic_attribute(arn, "SignatureVersion", "3");
  ASSERT_FALSE(bad_version);
  auto unknown = topics().set_topic_attribute(arn, "Colour", "blue");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "Invalid parameter: AttributeName");
  auto bad_delivery = topics().set_topic_attribute(
      arn, "DeliveryPolicy", R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":101}}})");
  ASSERT_FALSE(bad_delivery);
  EXPECT_NE(bad_delivery.error().message.find("DeliveryPolicy"), std::string::npos);
  must(topics().set_topic_attribute(arn, "DisplayName", "Certificate alerts"));
  must(topics().set_topic_attribute(arn, "SignatureVersion", "2"));
  auto attributes = must(topics().get_topic_attributes(arn));
  EXPECT_EQ(attributes["DisplayName"], "Certificate alerts");
  EXPECT_EQ(attributes["SignatureVersion"], "2");
}

TEST_F(TopicsTest, SubscribeRefusesUnknownProtocolsAndBadEndpoints) {
  const std::string arn = create("alerts");
  auto unknown = topics().subscribe({arn, "carrier-pigeon", "coop", {}, false});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon");
  auto unserved = topics().subscribe({arn, "sms", "+15555550100", {}, false});
  ASSERT_FALSE(unserved);
  EXPECT_NE(unserved.error().message.find("does not deliver to protocol sms"), std::string::npos);
  auto bad = topics().subscribe({arn, "email", "bad-address", {}, false});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidParameter);
  auto missing = topics().subscribe({arn + "x", "email", "a@example.com", {}, false});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "Topic does not exist");
}

TEST_F(TopicsTest, AnEmailSubscriptionIsPendingUntilItsTokenConfirmsIt) {
  const std::string arn = create("alerts");
  EXPECT_EQ(must(topics().subscribe({arn, "email", "ops@example.com", {}, false})),
            "pending confirmation");
  auto listed = must(topics().list_subscriptions(arn, std::nullopt));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].subscription_arn, "PendingConfirmation");
  EXPECT_EQ(deliver(), 1u);
  ASSERT_EQ(email_.received.size(), 1u);
  const Notification& confirmation = email_.received[0];
  EXPECT_EQ(confirmation.type, MessageType::kSubscriptionConfirmation);
  EXPECT_EQ(confirmation.endpoint, "ops@example.com");
  EXPECT_EQ(confirmation.subscribe_url, kPublicUrl +
                                            "/?Action=ConfirmSubscription&TopicArn=arn%3Aaws%3Asns"
                                            "%3Aus-east-1%3A000000000000%3Aalerts&Token=" +
                                            confirmation.token);
  EXPECT_NE(confirmation.message.find("You have chosen to subscribe to the topic " + arn),
            std::string::npos);
  // Nothing flows before confirmation.
  publish(arn, "early");
  EXPECT_EQ(deliver(), 0u);

  auto wrong = topics().confirm_subscription(arn, std::string(confirmation.token.size(), '0'));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidParameter);
  const std::string subscription = must(topics().confirm_subscription(arn, confirmation.token));
  EXPECT_EQ(subscription.rfind(arn + ":", 0), 0u);
  // The same link opened twice confirms the same subscription.
  EXPECT_EQ(must(topics().confirm_subscription(arn, confirmation.token)), subscription);
  EXPECT_EQ(must(topics().list_subscriptions(arn, std::nullopt)).items[0].subscription_arn,
            subscription);
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription))["PendingConfirmation"],
            "false");
}

TEST_F(TopicsTest, ConfirmationLinksExpireAfterTwoDays) {
  const std::string arn = create("alerts");
  must(topics().subscribe({arn, "email", "ops@example.com", {}, false}));
  deliver();
  advance(49h);
  auto expired = topics().confirm_subscription(arn, email_.received.at(0).token);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

TEST_F(TopicsTest, ReturnSubscriptionArnGivesTheArnOfAPendingSubscription) {
  const std::string arn = create("alerts");
  const std::string subscription =
      must(topics().subscribe({arn, "email", "ops@example.com", {}, true}));
  EXPECT_EQ(subscription.rfind(arn + ":", 0), 0u);
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription))["PendingConfirmation"],
            "true");
}

TEST_F(TopicsTest, SqsSubscriptionsAreConfirmedAtOnce) {
  const std::string arn = create("alerts");
  const std::string subscription = must(topics().subscribe({arn,
                                                            "sqs",
                                                            "arn:aws:sqs:us-east-1:000000000000:q",
                                                            {{"RawMessageDelivery", "true"}},
                                                            false}));
  EXPECT_EQ(subscription.rfind(arn + ":", 0), 0u);
  publish(arn, "hello");
  EXPECT_EQ(deliver(), 1u);
  ASSERT_EQ(sqs_.received.size(), 1u);
  EXPECT_TRUE(sqs_.received[0].raw);
  EXPECT_EQ(sqs_.received[0].message, "hello");
}

TEST_F(TopicsTest, SubscriptionAttributesAreCheckedPerProtocol) {
  const std::string arn = create("alerts");
  auto raw_email = topics().subscribe(
      {arn, "email", "ops@example.com", {{"RawMessageDelivery", "true"}}, false});
  ASSERT_FALSE(raw_email);
  EXPECT_EQ(raw_email.error().message,
            "Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw "
            "message delivery.");
  const std::string subscription = confirmed_email(arn, "ops@example.com");
  auto policy = topics().set_subscription_attribute(subscription, "DeliveryPolicy", "{}");
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("only http and https"), std::string::npos);
  auto redrive = topics().set_subscription_attribute(subscription, "RedrivePolicy",
                                                     R"({"deadLetterTargetArn":"nope"})");
  ASSERT_FALSE(redrive);
  EXPECT_NE(redrive.error().message.find("invalid arn"), std::string::npos);
  auto unknown = topics().set_subscription_attribute(subscription, "Colour", "blue");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "Invalid parameter: AttributeName");
}

TEST_F(TopicsTest, FilterPolicyScopeAppearsOnlyWithAPolicy) {
  const std::string arn = create("alerts");
  const std::string subscription = confirmed_email(arn, "ops@example.com");
  must(topics().set_subscription_attribute(subscription, "FilterPolicyScope", "MessageBody"));
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription)).count("FilterPolicyScope"),
            0u);
  must(topics().set_subscription_attribute(subscription, "FilterPolicy",
                                           R"({"detail-type":["ACM Certificate Expired"]})"));
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription))["FilterPolicyScope"],
            "MessageBody");
  must(topics().set_subscription_attribute(subscription, "FilterPolicy", ""));
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription)).count("FilterPolicy"), 0u);
}

TEST_F(TopicsTest, UnsubscribeRemovesPendingDeliveriesAndHonoursAuthenticatedUnsubscribe) {
  const std::string arn = create("alerts");
  const std::string subscription = confirmed_email(arn, "ops@example.com");
  publish(arn, "one");
  EXPECT_EQ(pending_deliveries(), 1);
  must(topics().unsubscribe(subscription));
  EXPECT_EQ(pending_deliveries(), 0);
  auto gone = topics().unsubscribe(subscription);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);

  must(topics().subscribe({arn, "email", "dev@example.com", {}, false}));
  deliver();
  const std::string guarded =
      must(topics().confirm_subscription(arn, email_.received.back().token, true));
  auto by_link = topics().unsubscribe(guarded, /*authenticated=*/false);
  ASSERT_FALSE(by_link);
  EXPECT_EQ(by_link.error().code, ErrorCode::kAuthorizationError);
  must(topics().unsubscribe(guarded, /*authenticated=*/true));
}

TEST_F(TopicsTest, UnsubscribingAnHttpEndpointSendsItAnUnsubscribeConfirmation) {
  const std::string arn = create("alerts");
  must(topics().subscribe({arn, "https", "https://hooks.example.com/sns", {}, false}));
  deliver();
  ASSERT_EQ(http_.received.size(), 1u);
  const std::string subscription =
      must(topics().confirm_subscription(arn, http_.received[0].token));
  must(topics().unsubscribe(subscription));
  EXPECT_EQ(deliver(), 1u);
  ASSERT_EQ(http_.received.size(), 2u);
  EXPECT_EQ(http_.received[1].type, MessageType::kUnsubscribeConfirmation);
  EXPECT_EQ(http_.received[1].subscription_arn, subscription);
  EXPECT_NE(http_.received[1].message.find("deactivate subscription " + subscription),
            std::string::npos);
}

TEST_F(TopicsTest, DeleteTopicIsIdempotentAndTakesItsSubscriptions) {
  const std::string arn = create("alerts");
  const std::string subscription = confirmed_email(arn, "ops@example.com");
  publish(arn, "one");
  must(topics().delete_topic(arn));
  must(topics().delete_topic(arn));
  EXPECT_EQ(pending_deliveries(), 0);
  EXPECT_FALSE(topics().get_subscription_attributes(subscription));
  EXPECT_TRUE(must(topics().list_topics(std::nullopt)).items.empty());
  restart();
  EXPECT_TRUE(must(topics().list_subscriptions(std::nullopt, std::nullopt)).items.empty());
}

TEST_F(TopicsTest, ListsPageByOneHundred) {
  for (int i = 0; i < 150; ++i) create("t" + std::to_string(1000 + i));
  auto first = must(topics().list_topics(std::nullopt));
  ASSERT_EQ(first.items.size(), 100u);
  ASSERT_TRUE(first.next_token);
  auto second = must(topics().list_topics(first.next_token));
  EXPECT_EQ(second.items.size(), 50u);
  EXPECT_FALSE(second.next_token);
  EXPECT_FALSE(topics().list_topics(std::string("garbage!")));
}

TEST_F(TopicsTest, TagsAreKeptPerTopic) {
  const std::string arn = must(topics().create_topic("alerts", {}, {{"team", "pki"}}));
  must(topics().tag_resource(arn, {{"env", "prod"}, {"team", "platform"}}));
  auto tags = must(topics().list_tags(arn));
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].key, "team");
  EXPECT_EQ(tags[0].value, "platform");
  must(topics().untag_resource(arn, {"team"}));
  EXPECT_EQ(must(topics().list_tags(arn)).size(), 1u);
  auto missing = topics().list_tags(arn + "-gone");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
}

TEST_F(TopicsTest, TopicsAndSubscriptionsSurviveARestart) {
  const std::string arn = create("alerts", {{"DisplayName", "Alerts"}});
  const std::string subscription = confirmed_email(arn, "ops@example.com");
  restart();
  EXPECT_EQ(must(topics().get_topic_attributes(arn))["DisplayName"], "Alerts");
  EXPECT_EQ(must(topics().get_subscription_attributes(subscription))["Endpoint"],
            "ops@example.com");
}

}  // namespace
}  // namespace certflow::notify::testing
