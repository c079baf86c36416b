// The API front door end to end, without HTTP: signed requests in, AWS-shaped answers out.
#include "api/api_handler.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "api/acm/acm_service.h"
#include "crypto/encoding.h"
#include "iam/access_keys.h"
#include "pki/test_pki.h"

namespace certflow::api {
namespace {

using nlohmann::json;

constexpr const char* kKeyId = "AKIAAPITESTKEY000001";
constexpr const char* kSecret = "apiTestSecret/0123456789abcdefghijklmnop";

class ApiHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("certflow-api-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    store_ = std::move(*store::open_sqlite_store({(dir_ / "certflow.db").string()}));
    master_ = std::make_unique<crypto::MasterKey>(
        std::move(*crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')))));
    clock_ = std::make_unique<SimulatedClock>(pki::testing::test_now());
    ASSERT_TRUE(iam::add_access_key(*store_, *master_, kKeyId, crypto::SecretBytes(kSecret),
                                    "admin", clock_->now()));
    inventory_ = std::make_unique<inventory::Inventory>(*store_, *master_, *clock_,
                                                        inventory::InventoryConfig{});
    services_.add(make_acm_service(*inventory_));
    credentials_ = std::make_unique<iam::StoredCredentials>(*store_, *master_);
    handler_ = std::make_unique<ApiHandler>(services_, *credentials_, *clock_, ApiOptions{});
  }
  void TearDown() override {
    handler_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  HttpRequest signed_request(const std::string& operation, const std::string& body,
                             const std::string& secret = kSecret,
                             const std::string& service = "acm") {
    HttpRequest request{"POST", "/", "", {}, body};
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"Host", "127.0.0.1:8750"},
                       {"X-Amz-Target", "CertificateManager." + operation}};
    iam::sign_request("POST", "/", "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(secret), "us-east-1", service}, clock_->now());
    return request;
  }

  json call(const std::string& operation, const json& input, int expected_status = 200) {
    HttpResponse response = handler_->handle(signed_request(operation, input.dump()));
    EXPECT_EQ(response.status, expected_status) << response.body;
    EXPECT_EQ(response.content_type, "application/x-amz-json-1.1");
    return json::parse(response.body);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<SimulatedClock> clock_;
  std::unique_ptr<inventory::Inventory> inventory_;
  ServiceRegistry services_;
  std::unique_ptr<iam::StoredCredentials> credentials_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(ApiHandlerTest, ImportAndDescribeSpeakAcmJson) {
  auto key = pki::testing::rsa_key(2048);
  auto cert = pki::testing::issue({}, *key, nullptr, *key);
  json imported = call("ImportCertificate",
                       {{"Certificate", crypto::base64_encode(pki::testing::pem(*cert))},
                        {"PrivateKey", crypto::base64_encode(pki::testing::pkcs8_pem(*key))}});
  std::string arn = imported.at("CertificateArn");
  json detail = call("DescribeCertificate", {{"CertificateArn", arn}}).at("Certificate");
  EXPECT_EQ(detail["DomainName"], "www.example.com");
  EXPECT_EQ(detail["Status"], "ISSUED");
  EXPECT_TRUE(detail["NotAfter"].is_number());
  EXPECT_DOUBLE_EQ(detail["ImportedAt"].get<double>(), to_epoch_seconds(pki::testing::test_now()));
  EXPECT_EQ(detail["KeyUsages"], json::array());
  json listed = call("ListCertificates", json::object());
  EXPECT_EQ(listed["CertificateSummaryList"].size(), 1u);
  EXPECT_FALSE(listed.contains("NextToken"));
}

TEST_F(ApiHandlerTest, ErrorsUseTheJsonErrorShape) {
  json missing = call("DescribeCertificate",
                      {{"CertificateArn",
                        "arn:aws:acm:us-east-1:000000000000:certificate/"
                        "00000000-0000-4000-8000-000000000000"}},
                      400);
  EXPECT_EQ(missing["__type"], "ResourceNotFoundException");
  EXPECT_FALSE(missing["message"].get<std::string>().empty());
  EXPECT_EQ(call("DescribeCertificate", {{"CertificateArn", "arn:aws:acm:x:1:certificate/a/"}},
                 400)["__type"],
            "InvalidArnException");
  EXPECT_EQ(call("NoSuchOperation", json::object(), 400)["__type"], "UnknownOperationException");
}

TEST_F(ApiHandlerTest, EveryResponseCarriesARequestId) {
  HttpResponse response = handler_->handle(signed_request("ListCertificates", "{}"));
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "x-amzn-RequestId");
  EXPECT_EQ(response.headers[0].second.size(), 36u);
}

TEST_F(ApiHandlerTest, RejectsUnauthenticatedAndBadlySignedRequests) {
  HttpRequest unsigned_request{
      "POST", "/", "", {{"X-Amz-Target", "CertificateManager.ListCertificates"}}, "{}"};
  HttpResponse response = handler_->handle(unsigned_request);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(json::parse(response.body)["__type"], "MissingAuthenticationTokenException");

  response = handler_->handle(signed_request("ListCertificates", "{}", "wrong-secret"));
  EXPECT_EQ(json::parse(response.body)["__type"], "InvalidSignatureException");

  response = handler_->handle(signed_request("ListCertificates", "{}", kSecret, "sns"));
  EXPECT_EQ(json::parse(response.body)["__type"], "InvalidSignatureException");

  HttpRequest stale = signed_request("ListCertificates", "{}");
  clock_->advance(std::chrono::minutes(16));
  response = handler_->handle(stale);
  EXPECT_EQ(json::parse(response.body)["__type"], "InvalidSignatureException");
  EXPECT_NE(json::parse(response.body)["message"].get<std::string>().find("expired"),
            std::string::npos);
}

TEST_F(ApiHandlerTest, MalformedBodiesAreSerializationErrors) {
  for (const char* body : {"{", "[]", "\"text\"", "{\"CertificateArn\": 7}"}) {
    HttpResponse response = handler_->handle(signed_request("DescribeCertificate", body));
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(json::parse(response.body)["__type"], "SerializationException") << body;
  }
}

TEST_F(ApiHandlerTest, OversizeBodyIsRefusedBeforeAnythingElse) {
  std::string body(ApiOptions{}.max_body_bytes + 1, ' ');
  HttpResponse response = handler_->handle(signed_request("ImportCertificate", body));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(json::parse(response.body)["__type"], "RequestEntityTooLargeException");
}

}  // namespace
}  // namespace certflow::api
