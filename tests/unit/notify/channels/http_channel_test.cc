// The http/https channel against a real HTTP server on 127.0.0.1: SNS's headers and signed
// bodies for the three message types, raw delivery, and which failures are retried.
#include "notify/channels/http_channel.h"

#include <nlohmann/json.hpp>

#include "net/test_http_server.h"  // tests/unit/net
#include "signer_fixture.h"

namespace certflow::notify::testing {
namespace {

using certflow::testing::TestHttpServer;
using nlohmann::json;

TestHttpServer::Reply reply(int status, std::string body) {
  TestHttpServer::Reply out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

class HttpChannelTest : public SignerTest {
 protected:
  void SetUp() override {
    SignerTest::SetUp();
    channel_ = std::make_unique<HttpChannel>(signer());
  }

  Notification to_server(Notification n, const std::string& path = "/sns") {
    n.protocol = "http";
    n.endpoint = server_.url(path);
    return n;
  }

  TestHttpServer server_;
  std::unique_ptr<HttpChannel> channel_;
};

TEST_F(HttpChannelTest, EndpointMustBeAUrlOfTheProtocolsScheme) {
  EXPECT_TRUE(channel_->check_endpoint("https", "https://receiver.example.com/sns?x=1"));
  EXPECT_TRUE(channel_->check_endpoint("https", "HTTPS://receiver.example.com:8443"));
  EXPECT_TRUE(channel_->check_endpoint("https", "https://[::1]:9000/hook"));
  // Plain http goes to any host, not only loopback: SNS's http protocol is plain by design.
  EXPECT_TRUE(channel_->check_endpoint("http", "http://receiver.example.com/sns"));
  EXPECT_TRUE(channel_->check_endpoint("http", "http://10.1.2.3:8080/sns"));

  auto mismatch = channel_->check_endpoint("https", "http://receiver.example.com/sns");
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, ErrorCode::kInvalidParameter);
  EXPECT_TRUE(mismatch.error().message.starts_with(
      "Invalid parameter: Endpoint must match the specified protocol"))
      << mismatch.error().message;
  EXPECT_NE(mismatch.error().message.find("https://"), std::string::npos);
  EXPECT_FALSE(channel_->check_endpoint("http", "https://receiver.example.com/sns"));
  EXPECT_FALSE(channel_->check_endpoint("http", "receiver.example.com"));
  EXPECT_FALSE(channel_->check_endpoint("http", "ftp://receiver.example.com"));

  for (const char* bad :
       {"http://", "http:///path", "http://host:0/", "http://host:70000/", "http://host:port/",
        "http://ho st/", "http://host/a b", "http://exa$mple.com/", "http://[::1/"}) {
    auto problem = channel_->check_endpoint("http", bad);
    ASSERT_FALSE(problem) << bad;
    EXPECT_EQ(problem.error().code, ErrorCode::kInvalidParameter) << bad;
    EXPECT_TRUE(problem.error().message.starts_with("Invalid parameter: Endpoint")) << bad;
  }
}

TEST_F(HttpChannelTest, CredentialsInTheUrlAreAllowedButNeverRepeated) {
  EXPECT_TRUE(channel_->check_endpoint("https", "https://sns:s3cret@receiver.example.com/sns"));
  auto bad = channel_->check_endpoint("https", "https://sns:s3cret@/sns");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("s3cret"), std::string::npos) << bad.error().message;
  EXPECT_EQ(redacted_url("https://sns:s3cret@receiver.example.com/a@b"),
            "https://***@receiver.example.com/a@b");
  EXPECT_EQ(redacted_url("https://receiver.example.com/a@b"), "https://receiver.example.com/a@b");
}

TEST_F(HttpChannelTest, HttpSubscriptionsNeedConfirmation) {
  EXPECT_TRUE(channel_->needs_confirmation());
}

TEST_F(HttpChannelTest, EachMessageTypeArrivesWithSnsHeadersAndAVerifiableBody) {
  const std::vector<Notification> batch = {
      to_server(sample_notification()),
      to_server(sample_confirmation(MessageType::kSubscriptionConfirmation)),
      to_server(sample_confirmation(MessageType::kUnsubscribeConfirmation)),
  };
  auto outcomes = channel_->deliver_all(batch);
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome);

  auto requests = server_.requests("/sns");
  ASSERT_EQ(requests.size(), 3u);
  for (const Notification& n : batch) {
    const std::string type = message_type_name(n.type);
    auto it = std::find_if(requests.begin(), requests.end(), [&](const auto& r) {
      return r.header("x-amz-sns-message-type") == type;
    });
    ASSERT_NE(it, requests.end()) << type;
    EXPECT_EQ(it->method, "POST");
    EXPECT_EQ(it->header("x-amz-sns-message-id"), n.message_id);
    EXPECT_EQ(it->header("x-amz-sns-topic-arn"), kTopicArn);
    EXPECT_EQ(it->header("content-type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(it->header("user-agent"), "Amazon Simple Notification Service Agent");
    EXPECT_EQ(it->headers.count("x-amz-sns-rawdelivery"), 0u);
    // The subscription is still pending while it is being confirmed: no ARN to show yet.
    if (n.type == MessageType::kSubscriptionConfirmation) {
      EXPECT_EQ(it->headers.count("x-amz-sns-subscription-arn"), 0u);
    } else {
      EXPECT_EQ(it->header("x-amz-sns-subscription-arn"), kSubscriptionArn);
    }
    const json body = json::parse(it->body);
    EXPECT_EQ(body["Type"], type);
    EXPECT_EQ(body["Message"], n.message);
    EXPECT_EQ(body["SigningCertURL"], signer().signing_cert_url());
    EXPECT_EQ(reference_verify(it->body, signer().certificate_pem()), "verified: True") << type;
  }
}

TEST_F(HttpChannelTest, RawDeliveryPostsTheBareMessage) {
  Notification n = to_server(sample_notification());
  n.raw = true;
  n.message = "{\"detail-type\":\"ACM Certificate Approaching Expiration\"}\nsecond line";
  auto outcomes = channel_->deliver_all({n});
  ASSERT_TRUE(outcomes.at(0));
  auto requests = server_.requests("/sns");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, n.message);
  EXPECT_EQ(requests[0].header("x-amz-sns-rawdelivery"), "true");
  EXPECT_EQ(requests[0].header("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(requests[0].header("x-amz-sns-subscription-arn"), kSubscriptionArn);
}

TEST_F(HttpChannelTest, TheNotificationsContentTypeIsSentInsteadOfTextPlain) {
  Notification json_type = to_server(sample_notification(), "/json");
  json_type.content_type = "application/json; charset=UTF-8";
  Notification confirmation =
      to_server(sample_confirmation(MessageType::kSubscriptionConfirmation), "/json");
  confirmation.content_type = "application/json; charset=UTF-8";
  const Notification plain = to_server(sample_notification(), "/plain");
  auto outcomes = channel_->deliver_all({json_type, confirmation, plain});
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome);
  auto json_requests = server_.requests("/json");
  ASSERT_EQ(json_requests.size(), 2u);
  for (const auto& request : json_requests) {
    EXPECT_EQ(request.header("content-type"), "application/json; charset=UTF-8");
  }
  auto plain_requests = server_.requests("/plain");
  ASSERT_EQ(plain_requests.size(), 1u);
  EXPECT_EQ(plain_requests[0].header("content-type"), "text/plain; charset=UTF-8");
}

TEST_F(HttpChannelTest, ServerErrorsAreRetriedClientErrorsAreFinal) {
  server_.on("/busy", [](const auto&) { return reply(503, "try later"); });
  server_.on("/gone", [](const auto&) { return reply(404, "no such hook"); });
  server_.on("/moved", [](const auto&) {
    TestHttpServer::Reply moved = reply(301, "");
    moved.headers["Location"] = "http://elsewhere/";
    return moved;
  });
  auto outcomes = channel_->deliver_all(
      {to_server(sample_notification(), "/busy"), to_server(sample_notification(), "/ok"),
       to_server(sample_notification(), "/gone"), to_server(sample_notification(), "/moved")});
  ASSERT_EQ(outcomes.size(), 4u);

  ASSERT_FALSE(outcomes[0]);
  EXPECT_EQ(outcomes[0].error().code, "HttpStatus503");
  EXPECT_TRUE(outcomes[0].error().retryable);
  EXPECT_NE(outcomes[0].error().message.find("try later"), std::string::npos);

  EXPECT_TRUE(outcomes[1]);

  ASSERT_FALSE(outcomes[2]);
  EXPECT_EQ(outcomes[2].error().code, "HttpStatus404");
  EXPECT_FALSE(outcomes[2].error().retryable);

  ASSERT_FALSE(outcomes[3]);
  EXPECT_EQ(outcomes[3].error().code, "HttpStatus301");
  EXPECT_FALSE(outcomes[3].error().retryable);
  EXPECT_EQ(server_.count("/moved"), 1u);  // not followed
}

TEST_F(HttpChannelTest, Status500IsRetryable) {
  server_.on("/sns", [](const auto&) { return reply(500, "boom"); });
  auto outcomes = channel_->deliver_all({to_server(sample_notification())});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().code, "HttpStatus500");
  EXPECT_TRUE(outcomes[0].error().retryable);
}

TEST_F(HttpChannelTest, ConnectionRefusedIsRetryable) {
  Notification n = sample_notification();
  n.endpoint = "http://127.0.0.1:" + std::to_string(certflow::testing::closed_port()) + "/sns";
  auto outcomes = channel_->deliver_all({n});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().code, "ConnectionRefused");
  EXPECT_TRUE(outcomes[0].error().retryable);
  EXPECT_NE(outcomes[0].error().message.find(n.endpoint), std::string::npos);
}

TEST_F(HttpChannelTest, BasicAuthFromTheUrlIsSentButNotReported) {
  server_.on("/sns", [](const auto&) { return reply(500, "no"); });
  Notification n = sample_notification();
  n.endpoint = "http://sns:s3cret@127.0.0.1:" + std::to_string(server_.port()) + "/sns";
  auto outcomes = channel_->deliver_all({n});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().message.find("s3cret"), std::string::npos)
      << outcomes[0].error().message;
  auto requests = server_.requests("/sns");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].header("authorization"), "Basic " + crypto::base64_encode("sns:s3cret"));
}

}  // namespace
}  // namespace certflow::notify::testing
