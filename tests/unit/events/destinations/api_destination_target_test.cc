// The API-destination target against a real local HTTP server: what goes on the wire (method,
// body, the connection's authorization and parameters), EventBridge's retry rules per status,
// transport failures, the rate limit on the bus clock, and batches that really overlap.
#include <chrono>
#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

using namespace std::chrono_literals;
using TargetTest = DestinationsTest;

TEST_F(TargetTest, ApiKeyConnectionSendsItsHeaderAndParametersWithTheEvent) {
  ConnectionSpec spec = api_key_connection("hooks");
  spec.invocation_http_parameters.header.push_back({"X-Team", "certs", false});
  spec.invocation_http_parameters.header.push_back({"X-Hidden", kSecretHeaderValue, true});
  spec.invocation_http_parameters.query_string.push_back({"source", "cert flow", false});
  spec.invocation_http_parameters.body.push_back({"team", "certs", false});
  spec.invocation_http_parameters.body.push_back({"n", "not used: the event has n", false});
  const Connection connection = create(spec);
  const ApiDestination destination =
      create_destination("orders", connection.arn, server_.url("/orders?v=2"));

  ASSERT_TRUE(deliver(destination.arn, R"({"n":1,"detail":{"a":"b"}})"));
  auto requests = server_.requests("/orders");
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/orders?v=2&source=cert%20flow");
  EXPECT_EQ(request.header("x-api-key"), kApiKeyValue);
  EXPECT_EQ(request.header("x-team"), "certs");
  EXPECT_EQ(request.header("x-hidden"), kSecretHeaderValue);
  EXPECT_EQ(request.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(request.header("user-agent"), "Amazon/EventBridge/ApiDestinations");
  EXPECT_EQ(request.body, R"({"n":1,"detail":{"a":"b"},"team":"certs"})");
}

TEST_F(TargetTest, BasicConnectionSendsBasicAuthorizationAndGetSendsNoBody) {
  const Connection connection = create(basic_connection("basic"));
  const ApiDestination get = create_destination("get", connection.arn, server_.url("/get"), "GET");
  ASSERT_TRUE(deliver(get.arn, R"({"n":1})"));
  const auto request = server_.requests("/get").at(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.body, "");
  EXPECT_EQ(request.header("authorization"),
            "Basic " + crypto::base64_encode(std::string("hook-user:") + kPassword));

  const ApiDestination put = create_destination("put", connection.arn, server_.url("/put"), "PUT");
  ASSERT_TRUE(deliver(put.arn, "plain text input"));  // an Input that is not JSON goes as it is
  EXPECT_EQ(server_.requests("/put").at(0).body, "plain text input");
}

TEST_F(TargetTest, StatusesAreRetriedAsEventBridgeRetriesThem) {
  server_.on("/status", [](const TestHttpServer::Request& request) {
    TestHttpServer::Reply reply;
    reply.status = nlohmann::json::parse(request.body)["status"].get<int>();
    reply.body = R"({"message":"status )" + std::to_string(reply.status) + R"("})";
    return reply;
  });
  const Connection connection = create(api_key_connection("hooks"));
  const std::string endpoint = server_.url("/status");
  const ApiDestination destination = create_destination("status", connection.arn, endpoint);
  for (int status : {200, 201, 204}) {
    EXPECT_TRUE(deliver(destination.arn, R"({"status":)" + std::to_string(status) + "}")) << status;
  }
  for (int status : {401, 407, 409, 429, 500, 502, 503, 504}) {
    auto outcome = deliver(destination.arn, R"({"status":)" + std::to_string(status) + "}");
    ASSERT_FALSE(outcome) << status;
    EXPECT_TRUE(outcome.error().retryable) << status;
    EXPECT_EQ(outcome.error().code, "HttpStatus" + std::to_string(status));
    EXPECT_NE(outcome.error().message.find("POST " + endpoint + " answered HTTP " +
                                           std::to_string(status) + ": {\"message\":\"status"),
              std::string::npos)
        << outcome.error().message;
    EXPECT_EQ(outcome.error().throttled_for.count(), 0);
  }
  for (int status : {301, 400, 403, 404, 413}) {
    auto outcome = deliver(destination.arn, R"({"status":)" + std::to_string(status) + "}");
    ASSERT_FALSE(outcome) << status;
    EXPECT_FALSE(outcome.error().retryable) << status;
    EXPECT_NE(outcome.error().message.find("not retried"), std::string::npos);
  }
}

TEST_F(TargetTest, SecretsEchoedByAnEndpointAreNotRepeatedInTheFailure) {
  server_.on("/echo", [](const TestHttpServer::Request& request) {
    TestHttpServer::Reply reply;
    reply.status = 400;
    reply.body = "bad key " + request.header("x-api-key");
    return reply;
  });
  const Connection connection = create(api_key_connection("hooks"));
  const ApiDestination destination =
      create_destination("echo", connection.arn, server_.url("/echo"));
  auto outcome = deliver(destination.arn);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message.find(kApiKeyValue), std::string::npos);
  EXPECT_NE(outcome.error().message.find("bad key ***"), std::string::npos);
}

TEST_F(TargetTest, ConnectionErrorsAndTimeoutsAreRetryable) {
  new_target({200ms, 50});
  const Connection connection = create(api_key_connection("hooks"));
  const std::string closed =
      "http://127.0.0.1:" + std::to_string(certflow::testing::closed_port()) + "/hook";
  auto refused = deliver(create_destination("closed", connection.arn, closed).arn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ConnectionRefused");
  EXPECT_TRUE(refused.error().retryable);
  EXPECT_NE(refused.error().message.find(closed), std::string::npos);

  server_.on("/slow", [](const TestHttpServer::Request&) {
    TestHttpServer::Reply reply;
    reply.delay = 700ms;
    return reply;
  });
  auto slow = deliver(create_destination("slow", connection.arn, server_.url("/slow")).arn);
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, "Timeout");
  EXPECT_TRUE(slow.error().retryable);
}

TEST_F(TargetTest, UnknownDestinationsAreRefusedAndNotRetried) {
  const std::string arn = "arn:aws:events:us-east-1:000000000000:api-destination/ghost/x";
  auto checked = target().check(arn);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kResourceNotFound);
  auto outcome = deliver(arn);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, "ResourceNotFound");
  EXPECT_FALSE(outcome.error().retryable);

  const Connection connection = create(api_key_connection("hooks"));
  EXPECT_TRUE(target().check(create_destination("real", connection.arn, server_.url("/real")).arn));
}

TEST_F(TargetTest, OverTheRateLimitDeliveriesAreThrottledOnTheBusClock) {
  const Connection connection = create(api_key_connection("hooks"));
  const ApiDestination destination =
      create_destination("limited", connection.arn, server_.url("/limited"), "POST", 2);
  auto outcomes = deliver_all(destination.arn, 5);
  int sent = 0;
  for (const auto& outcome : outcomes) {
    if (outcome) {
      ++sent;
      continue;
    }
    EXPECT_EQ(outcome.error().code, "Throttled");
    EXPECT_GT(outcome.error().throttled_for.count(), 0);
    EXPECT_LE(outcome.error().throttled_for.count(), 1000);
  }
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(server_.count("/limited"), 2u);

  // The simulated clock stands still: nothing more until it moves.
  EXPECT_FALSE(deliver(destination.arn));
  clock_.advance(1s);
  outcomes = deliver_all(destination.arn, 3);
  EXPECT_TRUE(outcomes[0]);
  EXPECT_TRUE(outcomes[1]);
  EXPECT_FALSE(outcomes[2]);
  EXPECT_EQ(server_.count("/limited"), 4u);
}

TEST_F(TargetTest, ABatchOverlapsItsRequests) {
  server_.on("/slow", [](const TestHttpServer::Request&) {
    TestHttpServer::Reply reply;
    reply.delay = 200ms;
    return reply;
  });
  const Connection connection = create(api_key_connection("hooks"));
  const ApiDestination destination =
      create_destination("slow", connection.arn, server_.url("/slow"));
  const auto start = std::chrono::steady_clock::now();
  auto outcomes = deliver_all(destination.arn, 10);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome);
  EXPECT_EQ(server_.count("/slow"), 10u);
  // One after the other, ten 200 ms answers take at least 2 s.
  EXPECT_LT(elapsed, 1.0);
}

}  // namespace
}  // namespace certflow::events::destinations::testing
