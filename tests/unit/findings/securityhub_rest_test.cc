// GetFindings through the API front door as `aws securityhub get-findings` sends it: restJson1,
// POST /findings, SigV4 service "securityhub"; errors in botocore's rest-json shape.
#include "api/api_handler.h"
#include "api/securityhub/securityhub_service.h"
#include "crypto/envelope.h"
#include "findings_fixture.h"
#include "iam/access_keys.h"

namespace certflow::findings::testing {
namespace {

constexpr const char* kKeyId = "AKIAFINDINGSTEST0001";
constexpr const char* kSecret = "findingsTestSecret/0123456789abcdefghijkl";

std::string header(const api::HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class SecurityHubRestTest : public FindingsTest {
 protected:
  SecurityHubRestTest()
      : master_(
            std::move(*crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'k'))))),
        credentials_(*store_, master_) {
    // Signatures are checked against this clock; the findings run on it too.
    EXPECT_TRUE(iam::add_access_key(*store_, master_, kKeyId, crypto::SecretBytes(kSecret), "admin",
                                    clock_.now()));
    services_.add(api::make_securityhub_service(findings_));
    handler_ =
        std::make_unique<api::ApiHandler>(services_, credentials_, clock_, api::ApiOptions{});
  }

  api::HttpRequest signed_request(const std::string& path, const std::string& body,
                                  const std::string& service = "securityhub",
                                  const std::string& secret = kSecret) {
    api::HttpRequest request{"POST", path, "", {}, body};
    request.headers = {{"Content-Type", "application/json"}, {"Host", "127.0.0.1:8750"}};
    iam::sign_request("POST", path, "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(secret), "us-east-1", service}, clock_.now());
    return request;
  }

  api::HttpResponse get_findings(const json& input) {
    return handler_->handle(signed_request("/findings", input.dump()));
  }

  crypto::MasterKey master_;
  iam::StoredCredentials credentials_;
  api::ServiceRegistry services_;
  std::unique_ptr<api::ApiHandler> handler_;
};

TEST_F(SecurityHubRestTest, GetFindingsAnswersInRestJson) {
  record(approaching("2019-11-20T00:00:00Z", 5, "a"));
  record(approaching("2019-11-20T00:00:00Z", 40, "b"));
  api::HttpResponse response =
      get_findings({{"Filters",
                     {{"RecordState", {{{"Value", "ACTIVE"}, {"Comparison", "EQUALS"}}}},
                      {"SeverityLabel", {{{"Value", "HIGH"}, {"Comparison", "EQUALS"}}}}}},
                    {"MaxResults", 10}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(header(response, "x-amzn-RequestId").size(), 36u);
  json output = json::parse(response.body);
  ASSERT_EQ(output["Findings"].size(), 1u);
  EXPECT_EQ(output["Findings"][0]["Id"], certificate_arn("a") + "/expiry");
  EXPECT_EQ(output["Findings"][0]["SchemaVersion"], "2018-10-08");
  EXPECT_FALSE(output.contains("NextToken"));
}

TEST_F(SecurityHubRestTest, NextTokenPagesThroughTheFindings) {
  for (const char* id : {"a", "b", "c"}) record(approaching("2019-11-20T00:00:00Z", 40, id));
  std::vector<std::string> ids;
  json input = {{"MaxResults", 2}};
  for (;;) {
    api::HttpResponse response = get_findings(input);
    ASSERT_EQ(response.status, 200) << response.body;
    json output = json::parse(response.body);
    for (const auto& f : output["Findings"]) ids.push_back(f["Id"]);
    if (!output.contains("NextToken")) break;
    input["NextToken"] = output["NextToken"];
  }
  EXPECT_EQ(ids, (std::vector<std::string>{certificate_arn("a") + "/expiry",
                                           certificate_arn("b") + "/expiry",
                                           certificate_arn("c") + "/expiry"}));
  // An empty body is an input without members.
  api::HttpResponse empty = handler_->handle(signed_request("/findings", ""));
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(json::parse(empty.body)["Findings"].size(), 3u);
}

TEST_F(SecurityHubRestTest, BadInputIsAnInvalidInputExceptionNamedInTheHeader) {
  const std::vector<json> bad = {
      {{"MaxResults", 0}},
      {{"MaxResults", 101}},
      {{"NextToken", "bogus"}},
      {{"Filters", {{"UpdatedAt", {{{"Start", "2020-01-01T00:00:00Z"}}}}}}},
      {{"Filters", {{"Title", {{{"Value", "x"}, {"Comparison", "LIKE"}}}}}}},
      {{"Filters", {{"Title", {{{"Value", "x"}}}}}}},
      {{"SortCriteria", {{{"Field", "UpdatedAt"}, {"SortOrder", "desc"}}}}},
  };
  for (const auto& input : bad) {
    api::HttpResponse response = get_findings(input);
    EXPECT_EQ(response.status, 400) << input.dump();
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(header(response, "x-amzn-ErrorType"), "InvalidInputException") << input.dump();
    json body = json::parse(response.body);
    EXPECT_FALSE(body["message"].get<std::string>().empty()) << input.dump();
  }
}

TEST_F(SecurityHubRestTest, UnknownPathsAndBodiesThatAreNotObjectsAreRefused) {
  api::HttpResponse unknown = handler_->handle(signed_request("/findings/import", "{}"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(header(unknown, "x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_NE(json::parse(unknown.body)["message"].get<std::string>().find("/findings/import"),
            std::string::npos);

  api::HttpResponse not_object = handler_->handle(signed_request("/findings", "[1]"));
  EXPECT_EQ(not_object.status, 400);
  EXPECT_EQ(header(not_object, "x-amzn-ErrorType"), "SerializationException");
}

TEST_F(SecurityHubRestTest, SignaturesAreCheckedBeforeRouting) {
  api::HttpResponse response =
      handler_->handle(signed_request("/findings", "{}", "securityhub", "wrong-secret"));
  EXPECT_NE(response.status, 200);
  EXPECT_EQ(json::parse(response.body)["__type"], "InvalidSignatureException");
}

TEST_F(SecurityHubRestTest, RequestsForServicesWithoutARestSideKeepTheJsonAnswer) {
  api::HttpResponse response = handler_->handle(signed_request("/", "{}", "acm"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body)["__type"], "UnknownOperationException");
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "");
}

}  // namespace
}  // namespace certflow::findings::testing
