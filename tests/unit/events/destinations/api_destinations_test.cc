// API destinations: create, describe, list, update, delete with EventBridge's defaults and limits,
// the HTTPS rule and its loopback exception, and resolve() for the target.
#include <regex>

#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

class ApiDestinationsTest : public DestinationsTest {
 protected:
  void SetUp() override {
    DestinationsTest::SetUp();
    connection_ = create(api_key_connection("hooks"));
  }
  ApiDestinationSpec spec(const std::string& name, const std::string& endpoint) const {
    ApiDestinationSpec out;
    out.name = name;
    out.connection_arn = connection_.arn;
    out.invocation_endpoint = endpoint;
    out.http_method = "POST";
    return out;
  }
  Connection connection_;
};

TEST_F(ApiDestinationsTest, CreatedWithEventBridgesDefaultsAndDescribed) {
  ApiDestinationSpec request = spec("orders", "https://hooks.example.com/orders");
  request.description = "order events";
  const ApiDestination created = must(destinations().create_api_destination(request));
  EXPECT_TRUE(std::regex_match(
      created.arn,
      std::regex("arn:aws:events:us-east-1:000000000000:api-destination/orders/[0-9a-f-]{36}")))
      << created.arn;
  EXPECT_EQ(created.state, "ACTIVE");
  EXPECT_EQ(created.spec.invocation_rate_limit_per_second, 300);

  const ApiDestination described = must(destinations().describe_api_destination("orders"));
  EXPECT_EQ(described.arn, created.arn);
  EXPECT_EQ(described.spec.description, "order events");
  EXPECT_EQ(described.spec.connection_arn, connection_.arn);
  EXPECT_EQ(described.spec.invocation_endpoint, "https://hooks.example.com/orders");
  EXPECT_EQ(described.spec.http_method, "POST");
  EXPECT_EQ(described.created_at, clock_.now());

  auto again = destinations().create_api_destination(request);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kResourceAlreadyExists);
}

TEST_F(ApiDestinationsTest, EndpointsMustBeHttpsExceptOnLoopback) {
  int accepted = 0;
  for (const char* ok : {"https://hooks.example.com/x?y=1", "http://127.0.0.1:8080/hook",
                         "http://localhost/hook", "http://127.1.2.3/"}) {
    const std::string name = "ok-" + std::to_string(++accepted);
    EXPECT_TRUE(destinations().create_api_destination(spec(name, ok))) << ok;
  }
  for (const char* refused :
       {"http://hooks.example.com/hook", "http://127.example.com/", "ftp://127.0.0.1/",
        "https://user:pw@hooks.example.com/", "https:///no-host"}) {
    auto result = destinations().create_api_destination(spec("refused", refused));
    ASSERT_FALSE(result) << refused;
    EXPECT_EQ(result.error().code, ErrorCode::kValidation) << refused;
  }
}

TEST_F(ApiDestinationsTest, RateLimitAndMethodAndConnectionAreChecked) {
  ApiDestinationSpec request = spec("limits", "https://hooks.example.com/");
  request.invocation_rate_limit_per_second = 301;
  EXPECT_EQ(destinations().create_api_destination(request).error().code, ErrorCode::kLimitExceeded);
  request.invocation_rate_limit_per_second = 0;
  EXPECT_EQ(destinations().create_api_destination(request).error().code, ErrorCode::kValidation);
  request.invocation_rate_limit_per_second = 1;
  request.http_method = "TRACE";
  EXPECT_EQ(destinations().create_api_destination(request).error().code, ErrorCode::kValidation);
  request.http_method = "PATCH";
  request.connection_arn = connection_.arn.substr(0, connection_.arn.size() - 1) + "0";
  EXPECT_EQ(destinations().create_api_destination(request).error().code,
            ErrorCode::kResourceNotFound);
  request.connection_arn = connection_.arn;
  EXPECT_TRUE(destinations().create_api_destination(request));
}

TEST_F(ApiDestinationsTest, UpdateChangesOnlyWhatIsGiven) {
  const ApiDestination created =
      must(destinations().create_api_destination(spec("update", "https://a.example.com/")));
  const Connection other = create(basic_connection("other"));
  clock_.advance(std::chrono::seconds(30));
  ApiDestinationUpdate update;
  update.name = "update";
  update.invocation_rate_limit_per_second = 5;
  update.connection_arn = other.arn;
  const ApiDestination updated = must(destinations().update_api_destination(update));
  EXPECT_EQ(updated.arn, created.arn);
  EXPECT_EQ(updated.spec.invocation_endpoint, "https://a.example.com/");
  EXPECT_EQ(updated.spec.invocation_rate_limit_per_second, 5);
  EXPECT_EQ(updated.spec.connection_arn, other.arn);
  EXPECT_EQ(updated.modified_at, clock_.now());
  EXPECT_EQ(updated.created_at, created.created_at);

  ApiDestinationUpdate bad;
  bad.name = "update";
  bad.invocation_endpoint = "http://a.example.com/";
  EXPECT_EQ(destinations().update_api_destination(bad).error().code, ErrorCode::kValidation);
  bad.name = "missing";
  EXPECT_EQ(destinations().update_api_destination(bad).error().code, ErrorCode::kResourceNotFound);
}

TEST_F(ApiDestinationsTest, ListsFilterByConnectionAndPage) {
  const Connection other = create(basic_connection("other"));
  for (int i = 0; i < 4; ++i) {
    ApiDestinationSpec request = spec("dest-" + std::to_string(i), "https://example.com/");
    if (i % 2) request.connection_arn = other.arn;
    must(destinations().create_api_destination(request));
  }
  ListApiDestinationsRequest by_connection;
  by_connection.connection_arn = other.arn;
  auto page = must(destinations().list_api_destinations(by_connection));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].spec.name, "dest-1");
  EXPECT_EQ(page.items[1].spec.name, "dest-3");
  EXPECT_FALSE(page.next_token);

  ListApiDestinationsRequest paged;
  paged.limit = 3;
  page = must(destinations().list_api_destinations(paged));
  EXPECT_EQ(page.items.size(), 3u);
  ASSERT_TRUE(page.next_token);
  paged.next_token = page.next_token;
  page = must(destinations().list_api_destinations(paged));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].spec.name, "dest-3");

  ListConnectionsRequest wrong_kind;  // a token of another list is refused
  wrong_kind.next_token = paged.next_token;
  EXPECT_EQ(destinations().list_connections(wrong_kind).error().code, ErrorCode::kValidation);
}

TEST_F(ApiDestinationsTest, ResolveKnowsOnlyTheCurrentDestination) {
  const ApiDestination first =
      must(destinations().create_api_destination(spec("again", "https://example.com/")));
  const Invocation invocation = must(destinations().resolve(first.arn));
  EXPECT_EQ(invocation.connection.spec.api_key->value, kApiKeyValue);

  must(destinations().delete_api_destination("again"));
  EXPECT_EQ(destinations().delete_api_destination("again").error().code,
            ErrorCode::kResourceNotFound);
  must(destinations().create_api_destination(spec("again", "https://example.com/")));
  // The old ARN names a destination that is gone, even though the name is taken again.
  EXPECT_EQ(destinations().resolve(first.arn).error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(destinations()
                .resolve("arn:aws:events:eu-west-1:000000000000:api-destination/again/x")
                .error()
                .code,
            ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace certflow::events::destinations::testing
