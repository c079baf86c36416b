// The parts of an http/https DeliveryPolicy beyond retries: requestPolicy's headerContentType
// (the Content-Type of every request to the endpoint) and throttlePolicy's maxReceivesPerSecond
// (deliveries over it wait for their turn without using an attempt), each from the subscription,
// else the topic's defaults, and the topic's alone under disableSubscriptionOverrides.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "net/test_http_server.h"  // tests/unit/net
#include "notify/channels/http_channel.h"
#include "notify/delivery_policy.h"
#include "topics_fixture.h"

namespace certflow::notify::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kJson = "application/json; charset=UTF-8";
const std::string kPlain = "text/plain; charset=UTF-8";
const std::string kDeadLetters = "arn:aws:sqs:us-east-1:000000000000:dead-letters";

std::string request_policy(const std::string& content_type) {
  return R"({"requestPolicy":{"headerContentType":")" + content_type + R"("}})";
}

class HttpDeliveryPolicyTest : public TopicsTest {
 protected:
  // Subscribes an https endpoint (the scripted http channel) and confirms it.
  std::string confirmed_https(const std::string& topic_arn, const std::string& endpoint,
                              const Attributes& attributes = {}) {
    EXPECT_EQ(must(topics().subscribe({topic_arn, "https", endpoint, attributes, false})),
              "pending confirmation");
    deliver();
    const Notification& confirmation = http_.received.back();
    EXPECT_EQ(confirmation.type, MessageType::kSubscriptionConfirmation);
    return must(topics().confirm_subscription(topic_arn, confirmation.token));
  }
  // What the scripted http channel received for `endpoint`.
  std::vector<Notification> received_by(const std::string& endpoint) const {
    std::vector<Notification> out;
    for (const auto& n : http_.received) {
      if (n.endpoint == endpoint) out.push_back(n);
    }
    return out;
  }
  size_t delivered_to(const std::string& endpoint) const { return received_by(endpoint).size(); }
};

TEST_F(HttpDeliveryPolicyTest, TheSubscriptionsRequestPolicyChoosesTheContentType) {
  const std::string arn = create("alerts");
  confirmed_https(arn, "https://json.example.com/",
                  {{"DeliveryPolicy", request_policy("application/json")}});
  confirmed_https(arn, "https://plain.example.com/");
  // The confirmation request already carries it.
  ASSERT_EQ(received_by("https://json.example.com/").size(), 1u);
  EXPECT_EQ(received_by("https://json.example.com/")[0].content_type, kJson);
  publish(arn, "m");
  deliver();
  auto json_side = received_by("https://json.example.com/");
  ASSERT_EQ(json_side.size(), 2u);
  EXPECT_EQ(json_side[1].type, MessageType::kNotification);
  EXPECT_EQ(json_side[1].content_type, kJson);
  auto plain_side = received_by("https://plain.example.com/");
  ASSERT_EQ(plain_side.size(), 2u);
  EXPECT_EQ(plain_side[0].content_type, kPlain);
  EXPECT_EQ(plain_side[1].content_type, kPlain);
}

TEST_F(HttpDeliveryPolicyTest, TheTopicsDefaultRequestPolicyAppliesAndWinsWithoutOverrides) {
  const std::string arn = create(
      "alerts", {{"DeliveryPolicy", R"({"http":{"defaultRequestPolicy":{"headerContentType":)"
                                    R"("application/xml"}}})"}});
  confirmed_https(arn, "https://own.example.com/",
                  {{"DeliveryPolicy", request_policy("application/json")}});
  confirmed_https(arn, "https://default.example.com/");
  publish(arn, "m1");
  deliver();
  EXPECT_EQ(received_by("https://own.example.com/").back().content_type, kJson);
  EXPECT_EQ(received_by("https://default.example.com/").back().content_type,
            "application/xml; charset=UTF-8");

  must(topics().set_topic_attribute(
      arn, "DeliveryPolicy",
      R"({"http":{"defaultRequestPolicy":{"headerContentType":"application/xml"},)"
      R"("disableSubscriptionOverrides":true}})"));
  publish(arn, "m2");
  deliver();
  EXPECT_EQ(received_by("https://own.example.com/").back().content_type,
            "application/xml; charset=UTF-8");
  EXPECT_EQ(received_by("https://default.example.com/").back().content_type,
            "application/xml; charset=UTF-8");
}

TEST_F(HttpDeliveryPolicyTest, TheEndpointReceivesTheContentTypeOverHttp) {
  certflow::testing::TestHttpServer server;
  HttpChannel channel(*signer_);
  channels_.add("http", channel);  // a real http channel instead of the scripted one
  const std::string arn = create("alerts");
  const std::string json_url = server.url("/json");
  const std::string plain_url = server.url("/plain");
  must(topics().subscribe(
      {arn, "http", json_url, {{"DeliveryPolicy", request_policy("application/json")}}, false}));
  must(topics().subscribe({arn, "http", plain_url, {}, false}));
  deliver();
  for (const auto& url : {json_url, plain_url}) {
    const std::string path = url.substr(url.rfind('/'));
    ASSERT_EQ(server.count(path), 1u) << path;
    const json confirmation = json::parse(server.requests(path)[0].body);
    must(topics().confirm_subscription(arn, confirmation["Token"].get<std::string>()));
  }
  EXPECT_EQ(server.requests("/json")[0].header("content-type"), kJson);
  EXPECT_EQ(server.requests("/plain")[0].header("content-type"), kPlain);

  publish(arn, "over the wire");
  deliver();
  ASSERT_EQ(server.count("/json"), 2u);
  ASSERT_EQ(server.count("/plain"), 2u);
  EXPECT_EQ(server.requests("/json")[1].header("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(server.requests("/json")[1].header("content-type"), kJson);
  EXPECT_EQ(server.requests("/plain")[1].header("content-type"), kPlain);
}

TEST_F(HttpDeliveryPolicyTest, OverMaxReceivesPerSecondDeliveriesWaitWithoutUsingAnAttempt) {
  const std::string arn = create("alerts");
  must(queues_->create_queue({"dead-letters", {}, {}}));
  // No retries at all: a delivery that used an attempt for its wait would be redriven at once.
  const std::string subscription =
      confirmed_https(arn, "https://slow.example.com/",
                      {{"DeliveryPolicy", R"({"throttlePolicy":{"maxReceivesPerSecond":2},)"
                                          R"("healthyRetryPolicy":{"numRetries":0}})"},
                       {"RedrivePolicy", R"({"deadLetterTargetArn":")" + kDeadLetters + "\"}"}});
  confirmed_https(arn, "https://fast.example.com/");
  http_.received.clear();
  for (int i = 0; i < 10; ++i) publish(arn, "m" + std::to_string(i));

  EXPECT_EQ(deliver(), 12u);  // 10 to the unthrottled subscription, 2 to the throttled one
  EXPECT_EQ(delivered_to("https://fast.example.com/"), 10u);
  EXPECT_EQ(delivered_to("https://slow.example.com/"), 2u);
  EXPECT_EQ(pending_deliveries(), 8);
  EXPECT_EQ(deliver(), 0u);  // the rest wait for their turn
  for (int second = 1; second <= 4; ++second) {
    advance(1s);
    EXPECT_EQ(deliver(), 2u) << second;
    EXPECT_EQ(delivered_to("https://slow.example.com/"), size_t(2 + 2 * second)) << second;
  }
  EXPECT_EQ(pending_deliveries(), 0);
  std::set<std::string> messages;
  for (const auto& n : received_by("https://slow.example.com/")) {
    EXPECT_EQ(n.attempt, 1) << n.message;  // no attempt was used while waiting
    messages.insert(n.message);
  }
  EXPECT_EQ(messages.size(), 10u);  // none lost, none twice
  EXPECT_TRUE(
      must(queues_->receive_message("dead-letters", {10, std::nullopt, 0, {}, {}})).empty());
  const auto attributes = must(topics().get_subscription_attributes(subscription));
  EXPECT_NE(attributes.at("EffectiveDeliveryPolicy").find(R"("maxReceivesPerSecond":2)"),
            std::string::npos);
}

TEST_F(HttpDeliveryPolicyTest, TheRateHoldsWithinEachSecondAsTheClockMovesInSmallSteps) {
  const std::string arn = create("alerts");
  confirmed_https(arn, "https://slow.example.com/",
                  {{"DeliveryPolicy", R"({"throttlePolicy":{"maxReceivesPerSecond":2}})"}});
  http_.received.clear();
  for (int i = 0; i < 10; ++i) publish(arn, "m" + std::to_string(i));
  // The token bucket allows a burst of 2, then one every 500 ms: by 100 ms steps, never more
  // than 2 + 2 t deliveries by time t, and all of them within 4 s.
  std::vector<int64_t> arrival_ms;
  for (int64_t t = 0; t <= 6000; t += 100) {
    const size_t made = deliver();
    for (size_t k = 0; k < made; ++k) arrival_ms.push_back(t);
    EXPECT_LE(arrival_ms.size(), size_t(2 + 2 * t / 1000)) << t;
    advance(100ms);
  }
  ASSERT_EQ(arrival_ms.size(), 10u);
  EXPECT_LE(arrival_ms.back(), 4000);
  // After the burst, the deliveries are spread out: one per 500 ms.
  for (size_t k = 3; k < arrival_ms.size(); ++k) {
    EXPECT_GE(arrival_ms[k] - arrival_ms[k - 1], 500) << k;
  }
  EXPECT_EQ(pending_deliveries(), 0);
}

TEST_F(HttpDeliveryPolicyTest, TheTopicsDefaultThrottlePolicyWinsWithoutOverrides) {
  const std::string arn =
      create("alerts", {{"DeliveryPolicy", R"({"http":{"defaultThrottlePolicy":)"
                                           R"({"maxReceivesPerSecond":1},)"
                                           R"("disableSubscriptionOverrides":true}})"}});
  confirmed_https(arn, "https://own.example.com/",
                  {{"DeliveryPolicy", R"({"throttlePolicy":{"maxReceivesPerSecond":100}})"}});
  http_.received.clear();
  for (int i = 0; i < 3; ++i) publish(arn, "m" + std::to_string(i));
  EXPECT_EQ(deliver(), 1u);
  advance(1s);
  EXPECT_EQ(deliver(), 1u);
  advance(1s);
  EXPECT_EQ(deliver(), 1u);
  EXPECT_EQ(pending_deliveries(), 0);

  // With overrides allowed, the subscription's own rate applies.
  must(topics().set_topic_attribute(
      arn, "DeliveryPolicy", R"({"http":{"defaultThrottlePolicy":{"maxReceivesPerSecond":1}}})"));
  advance(1s);
  for (int i = 0; i < 5; ++i) publish(arn, "n" + std::to_string(i));
  EXPECT_EQ(deliver(), 5u);
}

TEST_F(HttpDeliveryPolicyTest, AThrottledRetryKeepsItsAttemptCount) {
  const std::string arn = create("alerts");
  confirmed_https(arn, "https://flaky.example.com/",
                  {{"DeliveryPolicy", R"({"throttlePolicy":{"maxReceivesPerSecond":1},)"
                                      R"("healthyRetryPolicy":{"numRetries":1,)"
                                      R"("minDelayTarget":1,"maxDelayTarget":1}})"}});
  http_.received.clear();
  http_.fail_next(1);
  publish(arn, "first");
  publish(arn, "second");
  EXPECT_EQ(deliver(), 1u);  // "first" fails (attempt 1); "second" waits for its turn
  advance(1s);
  EXPECT_EQ(deliver(), 1u);  // one token: "first"'s retry, due earlier, goes; "second" waits on
  advance(1s);
  EXPECT_EQ(deliver(), 1u);
  EXPECT_EQ(pending_deliveries(), 0);
  ASSERT_EQ(http_.received.size(), 3u);
  std::map<std::string, int64_t> last_attempt;
  for (const auto& n : http_.received) last_attempt[n.message] = n.attempt;
  EXPECT_EQ(last_attempt["first"], 2);  // its one retry, not used up by waiting
  EXPECT_EQ(last_attempt["second"], 1);
}

TEST(HttpDeliveryPolicyParsing, HeaderContentTypeIsOneOfSnsMediaTypes) {
  for (const char* type : {"application/json", "application/xml", "text/plain", "text/html",
                           "text/csv", "application/json; charset=UTF-8"}) {
    auto ok = parse_subscription_delivery_policy(request_policy(type));
    ASSERT_TRUE(ok) << type << ": " << ok.error().message;
    EXPECT_EQ(ok->header_content_type, type);
  }
  auto refused = parse_subscription_delivery_policy(request_policy("image/png"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidParameter);
  EXPECT_NE(refused.error().message.find("headerContentType must be one of"), std::string::npos);
  EXPECT_NE(refused.error().message.find("application/json"), std::string::npos);
  EXPECT_FALSE(parse_topic_delivery_policy(
      R"({"http":{"defaultRequestPolicy":{"headerContentType":"json"}}})"));
}

TEST(HttpDeliveryPolicyParsing, TheEffectivePolicyMergesPartByPart) {
  const std::string topic = R"({"http":{"defaultThrottlePolicy":{"maxReceivesPerSecond":5},)"
                            R"("defaultRequestPolicy":{"headerContentType":"application/xml"}}})";
  const std::string subscription = request_policy("application/json");
  HttpDeliveryPolicy merged = effective_http_delivery_policy(topic, subscription);
  EXPECT_EQ(merged.max_receives_per_second, 5);
  EXPECT_EQ(merged.header_content_type, "application/json");
  ASSERT_TRUE(merged.retry);
  EXPECT_EQ(*merged.retry, default_http_retry_policy());
  HttpDeliveryPolicy none = effective_http_delivery_policy("", "");
  EXPECT_EQ(none.max_receives_per_second, std::nullopt);
  EXPECT_EQ(http_content_type(none.header_content_type), "text/plain; charset=UTF-8");
  EXPECT_EQ(http_content_type("application/json"), "application/json; charset=UTF-8");
  EXPECT_EQ(http_content_type("text/xml; charset=ISO-8859-1"), "text/xml; charset=ISO-8859-1");
}

TEST(HttpDeliveryPolicyParsing, APolicyStoredBeforeTheContentTypeCheckKeepsItsOtherParts) {
  const std::string stored =
      R"({"healthyRetryPolicy":{"numRetries":7},"requestPolicy":{"headerContentType":"text/json"}})";
  ASSERT_FALSE(parse_subscription_delivery_policy(stored));  // refused when set now
  const HttpDeliveryPolicy effective = effective_http_delivery_policy("", stored);
  EXPECT_EQ(effective.retry->num_retries, 7);
  EXPECT_EQ(effective.header_content_type, "text/json");
}

}  // namespace
}  // namespace certflow::notify::testing
