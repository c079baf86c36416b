// ExportCertificate and the deploy function's export: the key as encrypted PKCS#8 that OpenSSL
// opens with the passphrase, the Exported flag, the audit record, and what cannot be exported.
// Also RenewCertificate's refusals (its attempt is the lifecycle engine's, tested there).
#include <gtest/gtest.h>

#include "inventory/private_ca_fixture.h"

namespace certflow::inventory::testing {
namespace {

constexpr const char* kPassphrase = "correct horse battery staple";

crypto::SecretBytes secret(const std::string& text) { return crypto::SecretBytes(text); }

class ExportTest : public PrivateCertificateTest {
 protected:
  std::vector<store::LogRecordRow> audit_records() {
    store::LogQuery query;
    query.log_group = "/certflow/audit";
    auto records = store_->list_log_records(query);
    EXPECT_TRUE(records) << records.error().message;
    return records ? *records : std::vector<store::LogRecordRow>{};
  }
  bool exported(const std::string& arn) {
    auto described = inventory_->describe_certificate(arn);
    EXPECT_TRUE(described);
    return described && described->exported;
  }
};

TEST_F(ExportTest, TheKeyIsEncryptedPkcs8ThatOpensWithThePassphraseAndMatchesTheCertificate) {
  const std::string arn = request_ok("export.example.com");
  auto exported_certificate = inventory_->export_certificate(arn, secret(kPassphrase), "alice");
  ASSERT_TRUE(exported_certificate) << exported_certificate.error().message;
  EXPECT_EQ(exported_certificate->private_key_pem.rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----", 0),
            0u);
  EXPECT_FALSE(read_private_key(exported_certificate->private_key_pem, "wrong passphrase"));
  auto key = read_private_key(exported_certificate->private_key_pem, kPassphrase);
  ASSERT_TRUE(key);
  auto certificate = read_certificate(exported_certificate->certificate_pem);
  ASSERT_TRUE(certificate);
  EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);
  EXPECT_EQ(verify_error(exported_certificate->certificate_pem, exported_certificate->chain_pem,
                         clock_->now()),
            "");
  auto material = inventory_->get_certificate(arn);
  ASSERT_TRUE(material);
  EXPECT_EQ(exported_certificate->certificate_pem, material->certificate_pem);
  EXPECT_EQ(exported_certificate->chain_pem, material->chain_pem);
}

TEST_F(ExportTest, ExportingMarksTheCertificateExportedAndEligibleForRenewal) {
  const std::string arn = request_ok("eligible.example.com");
  EXPECT_FALSE(exported(arn));
  ASSERT_TRUE(inventory_->export_certificate(arn, secret(kPassphrase), "alice"));
  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described);
  EXPECT_TRUE(described->exported);
  EXPECT_EQ(described->renewal_eligibility, "ELIGIBLE");
}

TEST_F(ExportTest, EveryExportLeavesAnAuditRecordNamingTheCallerButNotThePassphrase) {
  const std::string arn = request_ok("audit.example.com");
  ASSERT_TRUE(inventory_->export_certificate(arn, secret(kPassphrase), "access key AKIAEXAMPLE"));
  ASSERT_TRUE(inventory_->export_for_deployment(arn));
  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described);
  auto records = audit_records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].message, "ExportCertificate " + arn + " serial " + described->serial +
                                    " by access key AKIAEXAMPLE");
  EXPECT_EQ(records[1].message,
            "ExportCertificate " + arn + " serial " + described->serial + " by certflow-deploy");
  EXPECT_EQ(records[0].time_ms, to_epoch_millis(clock_->now()));
  for (const auto& record : records) {
    EXPECT_EQ(record.message.find(kPassphrase), std::string::npos);
  }
}

TEST_F(ExportTest, PassphrasesOutsideAcmsRulesAreRefusedAndNothingIsExported) {
  const std::string arn = request_ok("passphrase.example.com");
  for (const std::string& bad :
       {std::string("abc"), std::string(129, 'p'), std::string("has#hash"),
        std::string("has$dollar"), std::string("has%percent"), std::string("caf\xc3\xa9!")}) {
    auto refused = inventory_->export_certificate(arn, secret(bad), "alice");
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kValidation) << bad;
  }
  EXPECT_FALSE(exported(arn));
  EXPECT_TRUE(audit_records().empty());
  // The limits themselves are fine.
  for (const std::string& good : {std::string("abcd"), std::string(128, 'p')}) {
    auto exported_certificate = inventory_->export_certificate(arn, secret(good), "alice");
    ASSERT_TRUE(exported_certificate) << exported_certificate.error().message;
    EXPECT_TRUE(read_private_key(exported_certificate->private_key_pem, good));
  }
}

TEST_F(ExportTest, ImportedAndFailedCertificatesCannotBeExported) {
  const std::string imported =
      import_ok(self_signed("imported.example.com", pki::testing::rsa_key(2048)));
  auto refused = inventory_->export_certificate(imported, secret(kPassphrase), "alice");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("not a private certificate"), std::string::npos);
  EXPECT_FALSE(inventory_->export_for_deployment(imported));

  revoke_acm(*authorities_, ca_arn_);
  auto failed = inventory_->request_certificate(request_for_domain("failed.example.com"));
  ASSERT_TRUE(failed);
  refused = inventory_->export_certificate(*failed, secret(kPassphrase), "alice");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("FAILED"), std::string::npos);
  EXPECT_TRUE(audit_records().empty());
}

TEST_F(ExportTest, UnknownAndMalformedArnsAreErrors) {
  auto missing = inventory_->export_certificate(
      "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000",
      secret(kPassphrase), "alice");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
  auto malformed = inventory_->export_certificate("arn:nope", secret(kPassphrase), "alice");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArn);
}

TEST_F(ExportTest, TheDeploymentExportHandsOverTheKeyInTheClearWithTheSerial) {
  const std::string arn = request_ok("deploy.example.com", "RSA_2048");
  auto material = inventory_->export_for_deployment(arn);
  ASSERT_TRUE(material) << material.error().message;
  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(material->serial, described->serial);
  EXPECT_TRUE(described->exported);
  EXPECT_EQ(std::string(material->private_key_pem.view()).rfind("-----BEGIN PRIVATE KEY-----", 0),
            0u);
  auto key = read_private_key(std::string(material->private_key_pem.view()));
  ASSERT_TRUE(key);
  auto certificate = read_certificate(material->certificate_pem);
  ASSERT_TRUE(certificate);
  EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);
}

TEST_F(ExportTest, RenewCertificateRefusesCertificatesThatAreNotEligible) {
  const std::string arn = request_ok("renew.example.com");
  auto refused = inventory_->renew_certificate(arn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("not eligible for renewal"), std::string::npos);
  EXPECT_NE(refused.error().message.find("export it first"), std::string::npos);

  const std::string imported =
      import_ok(self_signed("imported.example.com", pki::testing::rsa_key(2048)));
  refused = inventory_->renew_certificate(imported);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);

  auto missing = inventory_->renew_certificate(
      "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
  auto malformed = inventory_->renew_certificate("arn:nope");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArn);
}

}  // namespace
}  // namespace certflow::inventory::testing
