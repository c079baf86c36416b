// The EventBridge operations of connections and API destinations (AWSEvents.*): the model's
// member names and answer shapes, validation that names the member but never echoes a secret,
// paging, and EventBridge's error codes, over the real adapter, Destinations and SQLite store.
#include <gtest/gtest.h>

#include "api/events/events_destinations.h"
#include "api/events/events_service.h"
#include "api/service_calls.h"
#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

using nlohmann::json;

class EventsDestinationsApiTest : public DestinationsTest {
 protected:
  void SetUp() override {
    DestinationsTest::SetUp();
    bus_ = std::make_unique<bus::EventBus>(*store_, clock_, registry_, bus::BusConfig{});
    backend_ = std::make_unique<api::EventsBackend>(api::EventsBackend{*bus_, destinations()});
    service_ = api::make_events_service(*backend_);
  }

  json call(const std::string& operation, const json& input) {
    return api::testing::call_ok(*service_, operation, input);
  }
  Error call_fails(const std::string& operation, const json& input) {
    return api::testing::call_error(*service_, operation, input);
  }
  json api_key_connection_input(const std::string& name) {
    return {
        {"Name", name},
        {"AuthorizationType", "API_KEY"},
        {"AuthParameters",
         {{"ApiKeyAuthParameters", {{"ApiKeyName", "x-api-key"}, {"ApiKeyValue", kApiKeyValue}}},
          {"InvocationHttpParameters",
           {{"HeaderParameters",
             {{{"Key", "X-Secret"}, {"Value", kSecretHeaderValue}, {"IsValueSecret", true}},
              {{"Key", "X-Team"}, {"Value", "certs"}, {"IsValueSecret", false}}}}}}}}};
  }

  bus::TargetRegistry registry_;
  std::unique_ptr<bus::EventBus> bus_;
  std::unique_ptr<api::EventsBackend> backend_;
  std::unique_ptr<api::JsonService> service_;
};

TEST_F(EventsDestinationsApiTest, ConnectionAnswersHaveTheModelsShapeAndNoSecret) {
  const json created = call("CreateConnection", api_key_connection_input("hooks"));
  const std::string arn = created["ConnectionArn"];
  EXPECT_EQ(created, json({{"ConnectionArn", arn},
                           {"ConnectionState", "AUTHORIZED"},
                           {"CreationTime", to_epoch_seconds(clock_.now())},
                           {"LastModifiedTime", to_epoch_seconds(clock_.now())}}));

  const json described = call("DescribeConnection", {{"Name", "hooks"}});
  EXPECT_EQ(described["Name"], "hooks");
  EXPECT_EQ(described["ConnectionArn"], arn);
  EXPECT_EQ(described["AuthorizationType"], "API_KEY");
  EXPECT_TRUE(described.contains("SecretArn"));
  EXPECT_TRUE(described.contains("LastAuthorizedTime"));
  EXPECT_EQ(described["AuthParameters"]["ApiKeyAuthParameters"],
            json({{"ApiKeyName", "x-api-key"}}));
  EXPECT_EQ(described["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"],
            json::parse(R"([{"Key":"X-Secret","IsValueSecret":true},
                            {"Key":"X-Team","Value":"certs","IsValueSecret":false}])"));
  const std::string text = described.dump() + call("ListConnections", json::object()).dump();
  EXPECT_EQ(text.find(kApiKeyValue), std::string::npos);
  EXPECT_EQ(text.find(kSecretHeaderValue), std::string::npos);

  const json listed = call("ListConnections", {{"ConnectionState", "AUTHORIZED"}});
  ASSERT_EQ(listed["Connections"].size(), 1u);
  EXPECT_EQ(listed["Connections"][0]["AuthorizationType"], "API_KEY");
  EXPECT_FALSE(listed["Connections"][0].contains("AuthParameters"));

  const json updated = call("UpdateConnection", {{"Name", "hooks"}, {"Description", "new"}});
  EXPECT_EQ(updated["ConnectionState"], "AUTHORIZED");
  EXPECT_TRUE(updated.contains("LastAuthorizedTime"));
  EXPECT_EQ(call("DescribeConnection", {{"Name", "hooks"}})["Description"], "new");
  EXPECT_EQ(call("DeleteConnection", {{"Name", "hooks"}})["ConnectionState"], "DELETING");
  EXPECT_EQ(call_fails("DescribeConnection", {{"Name", "hooks"}}).code,
            ErrorCode::kResourceNotFound);
}

TEST_F(EventsDestinationsApiTest, ValidationNamesTheMemberButNeverEchoesASecret) {
  json input = api_key_connection_input("bad");
  input["AuthParameters"]["ApiKeyAuthParameters"]["ApiKeyValue"] = "has:colon-secret";
  Error e = call_fails("CreateConnection", input);
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_NE(e.message.find("Value '***' at 'authParameters.apiKeyAuthParameters.apiKeyValue'"),
            std::string::npos)
      << e.message;
  EXPECT_EQ(e.message.find("colon-secret"), std::string::npos);

  input = api_key_connection_input("bad");
  input["AuthParameters"]["ApiKeyAuthParameters"]["ApiKeyValue"] = std::string(600, 's');
  e = call_fails("CreateConnection", input);
  EXPECT_NE(e.message.find("Member must have length less than or equal to 512"), std::string::npos);
  EXPECT_EQ(e.message.find("sss"), std::string::npos);

  e = call_fails("CreateConnection", {{"Name", "bad"}, {"AuthorizationType", "API_KEY"}});
  EXPECT_NE(e.message.find("Value null at 'authParameters'"), std::string::npos) << e.message;
  e = call_fails(
      "CreateConnection",
      {{"Name", "bad"}, {"AuthorizationType", "DIGEST"}, {"AuthParameters", json::object()}});
  EXPECT_NE(e.message.find("at 'authorizationType' failed to satisfy constraint: Member must "
                           "satisfy enum value set"),
            std::string::npos);
  e = call_fails("CreateConnection",
                 {{"Name", "bad"},
                  {"AuthorizationType", "OAUTH_CLIENT_CREDENTIALS"},
                  {"AuthParameters", {{"OAuthParameters", {{"HttpMethod", "POST"}}}}}});
  EXPECT_NE(e.message.find("Value null at 'authParameters.oAuthParameters.clientParameters'"),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("authParameters.oAuthParameters.authorizationEndpoint"),
            std::string::npos);

  input = api_key_connection_input("bad");
  input["KmsKeyIdentifier"] = "alias/mine";
  e = call_fails("CreateConnection", input);
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_NE(e.message.find("KmsKeyIdentifier"), std::string::npos);
  EXPECT_EQ(call_fails("CreateConnection", {{"Name", 5}}).code, ErrorCode::kSerialization);

  e = call_fails("CreateApiDestination", {{"Name", "d"},
                                          {"ConnectionArn", "arn:aws:sqs:us-east-1:1:q"},
                                          {"InvocationEndpoint", "https://a b"},
                                          {"HttpMethod", "TRACE"}});
  EXPECT_NE(e.message.find("3 validation errors detected"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("at 'connectionArn'"), std::string::npos);
  EXPECT_NE(e.message.find("at 'invocationEndpoint'"), std::string::npos);
  EXPECT_NE(e.message.find("at 'httpMethod'"), std::string::npos);
}

TEST_F(EventsDestinationsApiTest, ApiDestinationOperationsRoundTrip) {
  const std::string connection =
      call("CreateConnection", api_key_connection_input("hooks"))["ConnectionArn"];
  const json created =
      call("CreateApiDestination", {{"Name", "orders"},
                                    {"Description", "order events"},
                                    {"ConnectionArn", connection},
                                    {"InvocationEndpoint", "https://hooks.example.com/orders"},
                                    {"HttpMethod", "POST"}});
  const std::string arn = created["ApiDestinationArn"];
  EXPECT_EQ(created, json({{"ApiDestinationArn", arn},
                           {"ApiDestinationState", "ACTIVE"},
                           {"CreationTime", to_epoch_seconds(clock_.now())},
                           {"LastModifiedTime", to_epoch_seconds(clock_.now())}}));
  json described = call("DescribeApiDestination", {{"Name", "orders"}});
  EXPECT_EQ(described, json({{"ApiDestinationArn", arn},
                             {"Name", "orders"},
                             {"Description", "order events"},
                             {"ApiDestinationState", "ACTIVE"},
                             {"ConnectionArn", connection},
                             {"InvocationEndpoint", "https://hooks.example.com/orders"},
                             {"HttpMethod", "POST"},
                             {"InvocationRateLimitPerSecond", 300},
                             {"CreationTime", to_epoch_seconds(clock_.now())},
                             {"LastModifiedTime", to_epoch_seconds(clock_.now())}}));
  described.erase("Description");
  EXPECT_EQ(call("ListApiDestinations", {{"ConnectionArn", connection}}),
            json({{"ApiDestinations", {described}}}));
  EXPECT_EQ(call("UpdateApiDestination",
                 {{"Name", "orders"}, {"InvocationRateLimitPerSecond", 10}})["ApiDestinationState"],
            "ACTIVE");
  EXPECT_EQ(call("DescribeApiDestination", {{"Name", "orders"}})["InvocationRateLimitPerSecond"],
            10);
  EXPECT_EQ(call_fails("UpdateApiDestination",
                       {{"Name", "orders"}, {"InvocationRateLimitPerSecond", 301}})
                .code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(call_fails("DeleteConnection", {{"Name", "hooks"}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call("DeleteApiDestination", {{"Name", "orders"}}), json::object());
  EXPECT_EQ(call_fails("DeleteApiDestination", {{"Name", "orders"}}).code,
            ErrorCode::kResourceNotFound);
  call("DeleteConnection", {{"Name", "hooks"}});
}

TEST_F(EventsDestinationsApiTest, ListsPageWithNextToken) {
  for (int i = 0; i < 5; ++i)
    call("CreateConnection", api_key_connection_input("page-" + std::to_string(i)));
  std::vector<std::string> names;
  json input = {{"NamePrefix", "page-"}, {"Limit", 2}};
  for (int pages = 0; pages < 5; ++pages) {
    const json page = call("ListConnections", input);
    for (const auto& c : page["Connections"]) names.push_back(c["Name"]);
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(names.back(), "page-4");
  EXPECT_EQ(call_fails("ListConnections", {{"Limit", 101}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("ListApiDestinations", {{"NextToken", "forged"}}).code,
            ErrorCode::kValidation);
}

}  // namespace
}  // namespace certflow::events::destinations::testing
