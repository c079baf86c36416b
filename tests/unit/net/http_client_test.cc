// The HTTP client against a real local server: methods, headers and bodies on the wire, answers
// whatever their status, errors as values, and batches that overlap within their concurrency.
#include "net/http_client.h"

#include <gtest/gtest.h>

#include <chrono>

#include "net/test_http_server.h"

namespace certflow::net {
namespace {

using certflow::testing::TestHttpServer;
using namespace std::chrono_literals;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(HttpClientTest, PerformReturnsStatusHeadersAndBodyOfAnyStatus) {
  TestHttpServer server;
  server.on("/teapot", [](const TestHttpServer::Request&) {
    TestHttpServer::Reply reply;
    reply.status = 418;
    reply.body = R"({"short":"stout"})";
    reply.headers["X-Kettle"] = "on";
    return reply;
  });
  auto result = perform({"GET", server.url("/teapot"), {}, "", 2s});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 418);
  EXPECT_EQ(result->body, R"({"short":"stout"})");
  EXPECT_EQ(result->header("x-kettle"), "on");
  EXPECT_EQ(result->header("X-KETTLE"), "on");
  EXPECT_EQ(result->header("missing"), "");
}

TEST(HttpClientTest, SendsTheMethodHeadersAndBody) {
  TestHttpServer server;
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    auto result = perform({method,
                           server.url("/echo?a=1"),
                           {{"Content-Type", "application/json"}, {"X-Empty", ""}},
                           R"({"n":1})",
                           2s});
    ASSERT_TRUE(result) << method << ": " << result.error().message;
    EXPECT_EQ(result->status, 200) << method;
  }
  auto requests = server.requests("/echo");
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[2].method, "PATCH");
  EXPECT_EQ(requests[4].method, "OPTIONS");
  for (const auto& request : requests) {
    EXPECT_EQ(request.body, R"({"n":1})") << request.method;
    EXPECT_EQ(request.target, "/echo?a=1");
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(request.headers.count("x-empty")) << request.method;
    EXPECT_EQ(request.header("expect"), "");  // no "100-continue" wait
  }
  ASSERT_TRUE(perform({"HEAD", server.url("/head"), {}, "ignored", 2s}));
  EXPECT_EQ(server.requests("/head").at(0).method, "HEAD");
}

TEST(HttpClientTest, LargeAnswersAreCutAtTheLimit) {
  TestHttpServer server;
  server.on("/big", [](const TestHttpServer::Request&) {
    TestHttpServer::Reply reply;
    reply.body = std::string(kMaxResponseBody + 1000, 'x');
    return reply;
  });
  auto result = perform({"GET", server.url("/big"), {}, "", 5s});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body.size(), kMaxResponseBody);
}

TEST(HttpClientTest, FailuresAreErrorValuesOfTheirKind) {
  const int port = certflow::testing::closed_port();
  auto refused = perform({"POST", "http://127.0.0.1:" + std::to_string(port) + "/", {}, "{}", 2s});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, HttpErrorKind::kConnectionRefused);
  EXPECT_EQ(error_kind_name(refused.error().kind), "ConnectionRefused");
  EXPECT_FALSE(refused.error().message.empty());

  auto scheme = perform({"GET", "ftp://127.0.0.1/file", {}, "", 2s});
  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().kind, HttpErrorKind::kInvalidRequest);

  TestHttpServer server;
  server.on("/slow", [](const TestHttpServer::Request&) {
    TestHttpServer::Reply reply;
    reply.delay = 800ms;
    return reply;
  });
  const auto start = std::chrono::steady_clock::now();
  auto slow = perform({"GET", server.url("/slow"), {}, "", 200ms});
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().kind, HttpErrorKind::kTimeout);
  EXPECT_LT(seconds_since(start), 0.7);
}

TEST(HttpClientTest, ABatchOverlapsUpToItsConcurrencyAndKeepsItsOrder) {
  TestHttpServer server;
  server.on("/slow", [](const TestHttpServer::Request& request) {
    TestHttpServer::Reply reply;
    reply.delay = 200ms;
    reply.body = request.body;
    return reply;
  });
  std::vector<HttpRequest> batch;
  for (int i = 0; i < 10; ++i) {
    batch.push_back({"POST", server.url("/slow"), {}, std::to_string(i), 5s});
  }
  batch.push_back({"POST",
                   "http://127.0.0.1:" + std::to_string(certflow::testing::closed_port()),
                   {},
                   "refused",
                   5s});

  auto start = std::chrono::steady_clock::now();
  auto results = perform_all(batch, 20);
  const double overlapped = seconds_since(start);
  ASSERT_EQ(results.size(), 11u);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(results[i]) << results[i].error().message;
    EXPECT_EQ(results[i]->body, std::to_string(i));  // in the requests' order
  }
  EXPECT_FALSE(results[10]);
  // One after the other, ten 200 ms answers take at least 2 s.
  EXPECT_LT(overlapped, 1.0);

  batch.pop_back();
  batch.resize(4);
  start = std::chrono::steady_clock::now();
  results = perform_all(batch, 2);
  EXPECT_GE(seconds_since(start), 0.39);  // two at a time: two rounds of 200 ms
  for (const auto& result : results) EXPECT_TRUE(result);
}

TEST(HttpClientTest, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_TRUE(perform_all({}, 4).empty());
}

}  // namespace
}  // namespace certflow::net
