// OAuth client credentials through the API-destination target: one token request per token
// lifetime (client id and secret as basic authentication, grant_type and the connection's
// OAuthHttpParameters), a refresh on 401, expiry on the bus clock, and the connection's state.
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

using namespace std::chrono_literals;

class OAuthTest : public DestinationsTest {
 protected:
  void SetUp() override {
    DestinationsTest::SetUp();
    // Each token request gets the next token, tok-1, tok-2, ...; the endpoint accepts only the
    // token the test names.
    server_.on("/token", [this](const TestHttpServer::Request&) {
      TestHttpServer::Reply reply;
      reply.status = token_status_;
      reply.body = nlohmann::json{{"access_token", "tok-" + std::to_string(++issued_)},
                                  {"token_type", "Bearer"},
                                  {"expires_in", expires_in_.load()}}
                       .dump();
      return reply;
    });
    server_.on("/hook", [this](const TestHttpServer::Request& request) {
      TestHttpServer::Reply reply;
      reply.status = request.header("authorization") == "Bearer " + accepted() ? 200 : 401;
      return reply;
    });
  }

  ApiDestination destination() {
    const Connection connection = create(oauth_connection("oauth", server_.url("/token")));
    return create_destination("hook", connection.arn, server_.url("/hook"));
  }

  // The token the endpoint accepts (read by the server's threads).
  void accept(const std::string& token) {
    std::lock_guard lock(mutex_);
    accepted_ = token;
  }
  std::string accepted() {
    std::lock_guard lock(mutex_);
    return accepted_;
  }

  std::atomic<int> issued_{0};
  std::atomic<int> token_status_{200};
  std::atomic<int> expires_in_{3600};
  std::mutex mutex_;
  std::string accepted_ = "tok-1";
};

TEST_F(OAuthTest, TokenIsRequestedOnceAndCached) {
  const ApiDestination hook = destination();
  EXPECT_EQ(must(destinations().describe_connection("oauth")).state, kAuthorizing);
  for (const auto& outcome : deliver_all(hook.arn, 3)) EXPECT_TRUE(outcome);
  ASSERT_TRUE(deliver(hook.arn));
  EXPECT_EQ(server_.count("/token"), 1u);
  EXPECT_EQ(server_.count("/hook"), 4u);

  const auto token_request = server_.requests("/token").at(0);
  EXPECT_EQ(token_request.method, "POST");
  EXPECT_EQ(token_request.header("authorization"),
            "Basic " + crypto::base64_encode(std::string("certflow-client:") + kClientSecret));
  EXPECT_EQ(token_request.header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token_request.body, "grant_type=client_credentials&scope=events.write");
  EXPECT_EQ(server_.requests("/hook").at(0).header("authorization"), "Bearer tok-1");

  const Connection connection = must(destinations().describe_connection("oauth"));
  EXPECT_EQ(connection.state, kAuthorized);
  ASSERT_TRUE(connection.last_authorized_at);
  EXPECT_EQ(*connection.last_authorized_at, clock_.now());
}

TEST_F(OAuthTest, A401GetsOneFreshTokenAndOneMoreTry) {
  const ApiDestination hook = destination();
  ASSERT_TRUE(deliver(hook.arn));  // tok-1
  accept("tok-2");                 // the endpoint revoked tok-1
  auto outcomes = deliver_all(hook.arn, 3);
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome);
  EXPECT_EQ(server_.count("/token"), 2u);      // one refresh for the whole batch
  EXPECT_EQ(server_.count("/hook"), 1u + 6u);  // each of the three tried twice

  accept("never");  // refreshed and still refused: a retryable failure for the bus
  auto refused = deliver(hook.arn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "HttpStatus401");
  EXPECT_TRUE(refused.error().retryable);
  EXPECT_EQ(server_.count("/token"), 3u);
  EXPECT_EQ(refused.error().message.find("tok-"), std::string::npos);
}

TEST_F(OAuthTest, TokensAreRenewedAMinuteBeforeTheyExpireOnTheBusClock) {
  expires_in_ = 600;
  accept("tok-1");
  const ApiDestination hook = destination();
  ASSERT_TRUE(deliver(hook.arn));
  clock_.advance(500s);
  ASSERT_TRUE(deliver(hook.arn));
  EXPECT_EQ(server_.count("/token"), 1u);
  clock_.advance(41s);  // 541 s: within the last minute of tok-1
  accept("tok-2");
  ASSERT_TRUE(deliver(hook.arn));
  EXPECT_EQ(server_.count("/token"), 2u);
  EXPECT_EQ(server_.count("/hook"), 3u);  // no 401 was needed
}

TEST_F(OAuthTest, ARefusingAuthorizationEndpointDeauthorizesTheConnection) {
  token_status_ = 401;
  const ApiDestination hook = destination();
  for (const auto& refused : deliver_all(hook.arn, 3)) EXPECT_FALSE(refused);
  EXPECT_EQ(server_.count("/token"), 1u);  // not asked again within the batch
  auto outcome = deliver(hook.arn);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, "OAuthTokenRequestFailed");
  EXPECT_FALSE(outcome.error().retryable);
  EXPECT_NE(outcome.error().message.find("answered HTTP 401"), std::string::npos);
  EXPECT_EQ(server_.count("/hook"), 0u);
  Connection connection = must(destinations().describe_connection("oauth"));
  EXPECT_EQ(connection.state, kDeauthorized);
  EXPECT_NE(connection.state_reason.find("HTTP 401"), std::string::npos);

  // A busy endpoint is another matter: retried later, the state stays.
  token_status_ = 503;
  outcome = deliver(hook.arn);
  ASSERT_FALSE(outcome);
  EXPECT_TRUE(outcome.error().retryable);

  // Fixed: the next delivery gets a token and the connection is authorized again.
  token_status_ = 200;
  issued_ = 0;
  ASSERT_TRUE(deliver(hook.arn));
  connection = must(destinations().describe_connection("oauth"));
  EXPECT_EQ(connection.state, kAuthorized);
  EXPECT_EQ(connection.state_reason, "");
}

TEST_F(OAuthTest, UpdatedCredentialsGetANewToken) {
  const ApiDestination hook = destination();
  ASSERT_TRUE(deliver(hook.arn));
  ConnectionUpdate update;  // while the (simulated) clock stands still
  update.name = "oauth";
  update.client_secret = "rotated-secret";
  must(destinations().update_connection(update));
  accept("tok-2");
  ASSERT_TRUE(deliver(hook.arn));
  EXPECT_EQ(server_.count("/token"), 2u);
  EXPECT_EQ(server_.count("/hook"), 2u);
  EXPECT_EQ(server_.requests("/token").at(1).header("authorization"),
            "Basic " + crypto::base64_encode("certflow-client:rotated-secret"));
}

}  // namespace
}  // namespace certflow::events::destinations::testing
