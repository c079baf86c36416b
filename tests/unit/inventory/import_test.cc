#include "core/arn.h"
#include "inventory_fixture.h"

namespace certflow::inventory::testing {
namespace {

using pki::testing::days_from_now;
using pki::testing::ec_key;
using pki::testing::rsa_key;

TEST_F(InventoryTest, ImportStoresEveryDescribedField) {
  pki::testing::CertSpec spec;
  spec.subject_alt_names = {"DNS:www.example.com", "DNS:example.com"};
  spec.key_usage = "critical,digitalSignature,keyEncipherment";
  spec.extended_key_usage = "serverAuth";
  std::string arn = import_ok(self_signed("www.example.com", rsa_key(2048), spec));
  ASSERT_TRUE(parse_acm_certificate_arn(arn));

  auto cert = inventory_->describe_certificate(arn);
  ASSERT_TRUE(cert) << cert.error().message;
  EXPECT_EQ(cert->type, "IMPORTED");
  EXPECT_EQ(cert->status, "ISSUED");
  EXPECT_EQ(cert->domain_name, "www.example.com");
  EXPECT_EQ(cert->subject_alternative_names,
            (std::vector<std::string>{"www.example.com", "example.com"}));
  EXPECT_EQ(cert->key_algorithm, "RSA_2048");
  EXPECT_EQ(cert->signature_algorithm, "SHA256WITHRSA");
  EXPECT_EQ(cert->serial, "0a:1b:2c:3d:4e:5f");
  EXPECT_EQ(cert->key_usages, (std::vector<std::string>{"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"}));
  ASSERT_EQ(cert->extended_key_usages.size(), 1u);
  EXPECT_EQ(cert->extended_key_usages[0].oid, "1.3.6.1.5.5.7.3.1");
  EXPECT_EQ(cert->created_at, pki::testing::test_now());
  EXPECT_EQ(cert->imported_at, pki::testing::test_now());
  EXPECT_EQ(cert->renewal_eligibility, "INELIGIBLE");
}

TEST_F(InventoryTest, PrivateKeyIsStoredSealedNotInClear) {
  KeyPair pair = self_signed("www.example.com", rsa_key(2048));
  std::string arn = import_ok(pair);
  auto row = store_->get_certificate(arn);
  ASSERT_TRUE(row && *row);
  EXPECT_FALSE((*row)->key_ciphertext.empty());
  EXPECT_EQ((*row)->key_ciphertext.find("PRIVATE KEY"), std::string::npos);
  auto opened = crypto::open(*master_, {(*row)->key_wrapped_data_key, (*row)->key_ciphertext}, arn);
  ASSERT_TRUE(opened);
  EXPECT_NE(std::string(opened->view()).find("BEGIN PRIVATE KEY"), std::string::npos);
}

TEST_F(InventoryTest, StatusBecomesExpiredWhenTheClockPassesNotAfter) {
  pki::testing::CertSpec spec;
  spec.not_after = days_from_now(2);
  std::string arn = import_ok(self_signed("short.example.com", rsa_key(2048), spec));
  clock_->advance(std::chrono::hours(24 * 3));
  auto cert = inventory_->describe_certificate(arn);
  ASSERT_TRUE(cert);
  EXPECT_EQ(cert->status, "EXPIRED");
}

TEST_F(InventoryTest, DerInputIsRejectedWithAConversionHint) {
  auto key = rsa_key(2048);
  auto cert = pki::testing::issue({}, *key, nullptr, *key);
  ImportRequest request;
  request.certificate = pki::testing::der(*cert);
  request.private_key = pki::testing::pkcs8_pem(*key);
  auto result = inventory_->import_certificate(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kValidation);
  EXPECT_NE(result.error().message.find("openssl x509 -inform der"), std::string::npos);
}

TEST_F(InventoryTest, ReimportKeepsArnCreatedAtAndTags) {
  std::string arn = import_ok(self_signed("re.example.com", rsa_key(2048)), {{"team", "pki"}});
  clock_->advance(std::chrono::hours(1));
  pki::testing::CertSpec spec;
  spec.serial_hex = "77";
  ImportRequest request = request_for(self_signed("re.example.com", rsa_key(2048), spec));
  request.certificate_arn = arn;
  auto again = inventory_->import_certificate(request);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, arn);
  auto cert = inventory_->describe_certificate(arn);
  EXPECT_EQ(cert->serial, "77");
  EXPECT_EQ(cert->created_at, pki::testing::test_now());
  EXPECT_EQ(cert->imported_at, pki::testing::test_now() + std::chrono::hours(1));
  auto tags = inventory_->list_tags(arn);
  EXPECT_EQ(*tags, (std::vector<Tag>{{"team", "pki"}}));
}

TEST_F(InventoryTest, ReimportRulesFollowAcm) {
  pki::testing::CertSpec with_usages;
  with_usages.key_usage = "critical,digitalSignature,keyEncipherment";
  with_usages.extended_key_usage = "serverAuth,clientAuth";
  std::string arn = import_ok(self_signed("rules.example.com", rsa_key(2048), with_usages));

  auto reimport = [&](KeyPair pair) {
    ImportRequest request = request_for(pair);
    request.certificate_arn = arn;
    return inventory_->import_certificate(request);
  };
  // Another key type.
  auto changed_key = reimport(self_signed("rules.example.com", ec_key("P-256"), with_usages));
  ASSERT_FALSE(changed_key);
  EXPECT_EQ(changed_key.error().code, ErrorCode::kValidation);
  // A removed key usage.
  pki::testing::CertSpec fewer = with_usages;
  fewer.key_usage = "critical,digitalSignature";
  EXPECT_FALSE(reimport(self_signed("rules.example.com", rsa_key(2048), fewer)));
  // Client authentication may be dropped (ACM's exception).
  pki::testing::CertSpec no_client = with_usages;
  no_client.extended_key_usage = "serverAuth";
  EXPECT_TRUE(reimport(self_signed("rules.example.com", rsa_key(2048), no_client)));
  // Tags are not allowed on re-import.
  ImportRequest tagged = request_for(self_signed("rules.example.com", rsa_key(2048), with_usages));
  tagged.certificate_arn = arn;
  tagged.tags = {{"a", "b"}};
  auto with_tags = inventory_->import_certificate(tagged);
  ASSERT_FALSE(with_tags);
  EXPECT_EQ(with_tags.error().code, ErrorCode::kInvalidParameter);
}

TEST_F(InventoryTest, FailedImportChangesNothing) {
  KeyPair pair = self_signed("a.example.com", rsa_key(2048));
  KeyPair other = self_signed("b.example.com", rsa_key(3072));
  ImportRequest mismatched = request_for(pair);
  mismatched.private_key = other.private_key_pem;
  EXPECT_FALSE(inventory_->import_certificate(mismatched));
  ImportRequest too_many_tags = request_for(pair);
  for (int i = 0; i < 51; ++i) too_many_tags.tags.push_back({"k" + std::to_string(i), "v"});
  auto result = inventory_->import_certificate(too_many_tags);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTooManyTags);
  EXPECT_EQ(*store_->count_certificates(), 0u);
}

TEST_F(InventoryTest, UnknownAndMalformedArns) {
  auto missing = inventory_->describe_certificate(
      "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
  auto malformed = inventory_->get_certificate("arn:aws:acm:us-east-1:abc:certificate/x");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArn);
}

TEST_F(InventoryTest, DeleteRemovesCertificateAndTags) {
  std::string arn = import_ok(self_signed("gone.example.com", rsa_key(2048)), {{"k", "v"}});
  ASSERT_TRUE(inventory_->delete_certificate(arn));
  EXPECT_EQ(inventory_->describe_certificate(arn).error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(inventory_->delete_certificate(arn).error().code, ErrorCode::kResourceNotFound);
  EXPECT_TRUE(store_->get_tags(arn)->empty());
}

}  // namespace
}  // namespace certflow::inventory::testing
