// Private CA's request bodies without the engine: every decoder against the model (members the
// CLI sends decoded exactly; missing, mistyped and out-of-model values refused with the member
// named), and the response shapes as botocore reads them.
#include "api/pca/pca_input.h"

#include <gtest/gtest.h>

#include "api/operation_results.h"
#include "api/pca/pca_members.h"
#include "api/pca/pca_output.h"
#include "crypto/encoding.h"

namespace certflow::api::privateca {
namespace {

using nlohmann::json;

constexpr const char* kCa =
    "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/"
    "12345678-1234-1234-1234-123456789012";

template <typename T>
Error error_of(const Result<T>& result) {
  EXPECT_FALSE(result) << "decoded without an error";
  return result ? Error{ErrorCode::kInternal, "no error"} : result.error();
}

void expect_validation(const Error& error, const std::string& part) {
  EXPECT_EQ(error.code, ErrorCode::kValidation) << error.message;
  EXPECT_NE(error.message.find(part), std::string::npos) << error.message;
}

json root_ca_body() {
  return {{"CertificateAuthorityConfiguration",
           {{"KeyAlgorithm", "EC_prime256v1"},
            {"SigningAlgorithm", "SHA256WITHECDSA"},
            {"Subject", {{"CommonName", "Example Root"}, {"Country", "US"}}}}},
          {"RevocationConfiguration",
           {{"CrlConfiguration", {{"Enabled", true}, {"ExpirationInDays", 3}}}}},
          {"CertificateAuthorityType", "ROOT"},
          {"IdempotencyToken", "first-try"},
          {"Tags", {{{"Key", "env"}, {"Value", "test"}}, {{"Key", "team"}}}}};
}

TEST(PcaInputTest, CreateDecodesWhatTheCliSends) {
  auto request = decode_create(root_ca_body());
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->configuration.key_algorithm, "EC_prime256v1");
  EXPECT_EQ(request->configuration.signing_algorithm, "SHA256WITHECDSA");
  EXPECT_EQ(request->configuration.subject.common_name, "Example Root");
  EXPECT_EQ(request->configuration.subject.country, "US");
  ASSERT_TRUE(request->revocation.crl);
  EXPECT_TRUE(request->revocation.crl->enabled);
  EXPECT_EQ(request->revocation.crl->expiration_in_days, 3);
  EXPECT_FALSE(request->revocation.ocsp_enabled);
  EXPECT_EQ(request->type, "ROOT");
  EXPECT_EQ(request->idempotency_token, "first-try");
  EXPECT_EQ(request->usage_mode, "GENERAL_PURPOSE");
  EXPECT_EQ(request->key_storage_security_standard, "FIPS_140_2_LEVEL_3_OR_HIGHER");
  ASSERT_EQ(request->tags.size(), 2u);
  EXPECT_EQ(request->tags[0], (store::Tag{"env", "test"}));
  EXPECT_EQ(request->tags[1], (store::Tag{"team", std::nullopt}));
}

TEST(PcaInputTest, CreateNamesMissingRequiredMembersAtEveryDepth) {
  expect_validation(error_of(decode_create(json::object())),
                    "2 validation errors detected: Value null at "
                    "'certificateAuthorityConfiguration' failed to satisfy constraint: Member "
                    "must not be null; Value null at 'certificateAuthorityType'");
  json body = root_ca_body();
  body["CertificateAuthorityConfiguration"].erase("Subject");
  expect_validation(error_of(decode_create(body)),
                    "Value null at 'certificateAuthorityConfiguration.subject' failed to satisfy "
                    "constraint: Member must not be null");
  body = root_ca_body();
  body["RevocationConfiguration"]["CrlConfiguration"].erase("Enabled");
  body["RevocationConfiguration"]["OcspConfiguration"] = json::object();
  const Error error = error_of(decode_create(body));
  expect_validation(error, "Value null at 'revocationConfiguration.crlConfiguration.enabled'");
  expect_validation(error, "Value null at 'revocationConfiguration.ocspConfiguration.enabled'");
}

TEST(PcaInputTest, CreateChecksEnumsLengthsAndPatterns) {
  json body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["KeyAlgorithm"] = "EC_prime192v1";
  expect_validation(error_of(decode_create(body)),
                    "Value 'EC_prime192v1' at 'certificateAuthorityConfiguration.keyAlgorithm' "
                    "failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048");
  body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["Subject"]["Country"] = "U1";
  expect_validation(error_of(decode_create(body)),
                    "Value 'U1' at 'certificateAuthorityConfiguration.subject.country' failed to "
                    "satisfy constraint: Member must satisfy regular expression pattern: "
                    "[A-Za-z]{2}");
  body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["Subject"]["CommonName"] = std::string(65, 'c');
  expect_validation(error_of(decode_create(body)),
                    "Member must have length less than or equal to 64");
  body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["Subject"]["SerialNumber"] = "no_underscores";
  expect_validation(error_of(decode_create(body)), "subject.serialNumber");
  body = root_ca_body();
  body["RevocationConfiguration"]["CrlConfiguration"]["ExpirationInDays"] = 5001;
  expect_validation(error_of(decode_create(body)),
                    "Value '5001' at 'revocationConfiguration.crlConfiguration.expirationInDays' "
                    "failed to satisfy constraint: Member must have value less than or equal to "
                    "5000");
  body = root_ca_body();
  body["RevocationConfiguration"]["CrlConfiguration"]["CustomCname"] = "crl example.com";
  expect_validation(error_of(decode_create(body)), "crlConfiguration.customCname");
  body = root_ca_body();
  body["RevocationConfiguration"]["CrlConfiguration"]["CustomPath"] = "a//b";
  expect_validation(error_of(decode_create(body)), "crlConfiguration.customPath");
  body = root_ca_body();
  body["CertificateAuthorityType"] = "INTERMEDIATE";
  expect_validation(error_of(decode_create(body)), "certificateAuthorityType");
  body = root_ca_body();
  body["IdempotencyToken"] = "tab\tok but bell\a not";
  expect_validation(error_of(decode_create(body)), "'idempotencyToken'");
  body = root_ca_body();
  body["Tags"] = json::array();
  expect_validation(error_of(decode_create(body)),
                    "Value at 'tags' failed to satisfy constraint: Member must have length "
                    "greater than or equal to 1");
}

TEST(PcaInputTest, MistypedMembersAreSerializationErrors) {
  json body = root_ca_body();
  body["RevocationConfiguration"]["CrlConfiguration"]["Enabled"] = "true";
  const Error error = error_of(decode_create(body));
  EXPECT_EQ(error.code, ErrorCode::kSerialization);
  EXPECT_EQ(error.message, "Member 'Enabled' must be a boolean, not a string.");
  EXPECT_EQ(error_of(decode_list({{"MaxResults", "10"}})).code, ErrorCode::kSerialization);
  EXPECT_EQ(error_of(decode_create({{"CertificateAuthorityConfiguration", "ROOT"}})).code,
            ErrorCode::kSerialization);
}

TEST(PcaInputTest, WhatCertflowCannotDoIsInvalidArgs) {
  json body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["Subject"]["CustomAttributes"] = {
      {{"ObjectIdentifier", "2.5.4.3"}, {"Value", "Example"}}};
  Error error = error_of(decode_create(body));
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgs);
  EXPECT_NE(error.message.find("CustomAttributes"), std::string::npos);
  // A malformed attribute is the model's error first.
  body["CertificateAuthorityConfiguration"]["Subject"]["CustomAttributes"][0]["ObjectIdentifier"] =
      "5.1";
  expect_validation(error_of(decode_create(body)), "customAttributes.1.member.objectIdentifier");

  body = root_ca_body();
  body["CertificateAuthorityConfiguration"]["CsrExtensions"] = {
      {"KeyUsage", {{"KeyCertSign", true}}}};
  error = error_of(decode_create(body));
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgs);
  EXPECT_NE(error.message.find("CsrExtensions"), std::string::npos);
  body["CertificateAuthorityConfiguration"]["CsrExtensions"] = json::object();
  EXPECT_TRUE(decode_create(body));

  json update = {{"CertificateAuthorityArn", kCa},
                 {"RevocationConfiguration",
                  {{"CrlConfiguration",
                    {{"Enabled", true},
                     {"CrlDistributionPointExtensionConfiguration", {{"OmitExtension", true}}}}}}}};
  EXPECT_EQ(error_of(decode_update(update)).code, ErrorCode::kInvalidArgs);
  update["RevocationConfiguration"]["CrlConfiguration"]
        ["CrlDistributionPointExtensionConfiguration"]["OmitExtension"] = false;
  EXPECT_TRUE(decode_update(update));
}

TEST(PcaInputTest, ArnsFollowTheModelPattern) {
  EXPECT_TRUE(arn_pattern_ok(kCa));
  EXPECT_TRUE(arn_pattern_ok("arn:aws:acm-pca:::template/RootCACertificate/V1"));
  EXPECT_TRUE(arn_pattern_ok(std::string(kCa) + "/certificate/0123456789abcdef"));
  EXPECT_FALSE(arn_pattern_ok("arn:aws:acm:us-east-1:000000000000:certificate/abc"));
  EXPECT_FALSE(arn_pattern_ok("arn:aws:acm-pca:us-east-1:00000000000a:certificate-authority/x"));
  EXPECT_FALSE(arn_pattern_ok("arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/"));
  EXPECT_FALSE(arn_pattern_ok("arn:aws:acm-pca:us-east-1:000000000000:a//b"));
  EXPECT_FALSE(arn_pattern_ok("arn::acm-pca:us-east-1:000000000000:x"));
  EXPECT_FALSE(arn_pattern_ok("arn:aws:acm-pca:us-east-1:000000000000:x:y"));

  expect_validation(error_of(decode_ca_arn({{"CertificateAuthorityArn", "not-an-arn"}})),
                    "Value 'not-an-arn' at 'certificateAuthorityArn' failed to satisfy "
                    "constraint: Member must satisfy regular expression pattern: "
                    "arn:[\\w+=/,.@-]+:acm-pca:");
  expect_validation(error_of(decode_ca_arn({{"CertificateAuthorityArn", "arn"}})),
                    "Member must have length greater than or equal to 5");
  auto ok = decode_ca_arn({{"CertificateAuthorityArn", kCa}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->ca_arn, kCa);
}

json issue_body() {
  return {{"CertificateAuthorityArn", kCa},
          {"Csr", crypto::base64_encode("-----BEGIN CERTIFICATE REQUEST-----\n")},
          {"SigningAlgorithm", "SHA256WITHECDSA"},
          {"TemplateArn", "arn:aws:acm-pca:::template/RootCACertificate/V1"},
          {"Validity", {{"Value", 10}, {"Type", "YEARS"}}}};
}

TEST(PcaInputTest, IssueDecodesTheCsrBlobAndValidity) {
  json body = issue_body();
  body["ValidityNotBefore"] = {{"Value", 1700000000}, {"Type", "ABSOLUTE"}};
  body["ApiPassthrough"] = {{"Subject", {{"CommonName", "ignored"}}}};
  auto request = decode_issue(body);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->ca_arn, kCa);
  EXPECT_EQ(request->csr, "-----BEGIN CERTIFICATE REQUEST-----\n");
  EXPECT_EQ(request->signing_algorithm, "SHA256WITHECDSA");
  EXPECT_EQ(request->template_arn, "arn:aws:acm-pca:::template/RootCACertificate/V1");
  EXPECT_EQ(request->validity.value, 10);
  EXPECT_EQ(request->validity.type, "YEARS");
  ASSERT_TRUE(request->validity_not_before);
  EXPECT_EQ(request->validity_not_before->value, 1700000000);
  EXPECT_FALSE(request->idempotency_token);

  body = issue_body();
  body.erase("TemplateArn");
  ASSERT_TRUE(decode_issue(body));
  EXPECT_EQ(decode_issue(body)->template_arn, "");
}

TEST(PcaInputTest, IssueRefusesWhatTheModelForbids) {
  json body = issue_body();
  body["Csr"] = "not base64!";
  Error error = error_of(decode_issue(body));
  EXPECT_EQ(error.code, ErrorCode::kSerialization);
  EXPECT_NE(error.message.find("'Csr'"), std::string::npos);
  body = issue_body();
  body.erase("Validity");
  expect_validation(error_of(decode_issue(body)), "Value null at 'validity'");
  body = issue_body();
  body["Validity"] = {{"Value", 0}, {"Type", "DAYS"}};
  expect_validation(error_of(decode_issue(body)),
                    "Value '0' at 'validity.value' failed to satisfy constraint: Member must have "
                    "value greater than or equal to 1");
  body = issue_body();
  body["Validity"] = {{"Value", 1}, {"Type", "WEEKS"}};
  expect_validation(error_of(decode_issue(body)), "'validity.type'");
  body = issue_body();
  body["Validity"] = {{"Type", "DAYS"}};
  expect_validation(error_of(decode_issue(body)), "Value null at 'validity.value'");
  body = issue_body();
  body["SigningAlgorithm"] = "MD5WITHRSA";
  expect_validation(error_of(decode_issue(body)), "'signingAlgorithm'");
  body = issue_body();
  body["TemplateArn"] = "EndEntityCertificate/V1";
  expect_validation(error_of(decode_issue(body)), "'templateArn'");
  body = issue_body();
  body["Csr"] = "";
  expect_validation(error_of(decode_issue(body)),
                    "Value at 'csr' failed to satisfy constraint: Member must have length greater "
                    "than or equal to 1");
}

TEST(PcaInputTest, ImportDecodesCertificateAndChainBlobs) {
  auto in = decode_import({{"CertificateAuthorityArn", kCa},
                           {"Certificate", crypto::base64_encode("CERT")},
                           {"CertificateChain", crypto::base64_encode("CHAIN")}});
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->certificate, "CERT");
  EXPECT_EQ(in->chain, "CHAIN");
  auto root = decode_import({{"CertificateAuthorityArn", kCa}, {"Certificate", "Q0VSVA=="}});
  ASSERT_TRUE(root);
  EXPECT_EQ(root->chain, "");
  expect_validation(error_of(decode_import({{"CertificateAuthorityArn", kCa}})),
                    "Value null at 'certificate'");
  EXPECT_EQ(
      error_of(decode_import({{"CertificateAuthorityArn", kCa}, {"Certificate", "%%%"}})).code,
      ErrorCode::kSerialization);
}

TEST(PcaInputTest, RevokeUpdateDeleteCheckTheirMembers) {
  auto revoke = decode_revoke({{"CertificateAuthorityArn", kCa},
                               {"CertificateSerial", "4c:1f:0a"},
                               {"RevocationReason", "KEY_COMPROMISE"}});
  ASSERT_TRUE(revoke) << revoke.error().message;
  EXPECT_EQ(revoke->serial, "4c:1f:0a");
  EXPECT_EQ(revoke->reason, "KEY_COMPROMISE");
  expect_validation(error_of(decode_revoke({{"CertificateAuthorityArn", kCa},
                                            {"CertificateSerial", "01"},
                                            {"RevocationReason", "LOST"}})),
                    "'revocationReason'");
  expect_validation(error_of(decode_revoke({{"CertificateAuthorityArn", kCa},
                                            {"CertificateSerial", std::string(129, 'a')},
                                            {"RevocationReason", "UNSPECIFIED"}})),
                    "'certificateSerial'");

  auto update = decode_update({{"CertificateAuthorityArn", kCa}, {"Status", "DISABLED"}});
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_EQ(update->status, "DISABLED");
  EXPECT_FALSE(update->revocation);
  expect_validation(error_of(decode_update({{"CertificateAuthorityArn", kCa}, {"Status", "OFF"}})),
                    "'status'");

  auto removal = decode_delete({{"CertificateAuthorityArn", kCa}});
  ASSERT_TRUE(removal);
  EXPECT_FALSE(removal->permanent_deletion_days);
  expect_validation(
      error_of(
          decode_delete({{"CertificateAuthorityArn", kCa}, {"PermanentDeletionTimeInDays", 6}})),
      "Value '6' at 'permanentDeletionTimeInDays' failed to satisfy constraint: Member must have "
      "value greater than or equal to 7");
  EXPECT_EQ(decode_delete({{"CertificateAuthorityArn", kCa}, {"PermanentDeletionTimeInDays", 7}})
                ->permanent_deletion_days,
            7);
}

TEST(PcaInputTest, PermissionsCheckPrincipalActionsAndAccount) {
  auto created = decode_create_permission({{"CertificateAuthorityArn", kCa},
                                           {"Principal", "acm.amazonaws.com"},
                                           {"Actions", {"IssueCertificate", "GetCertificate"}},
                                           {"SourceAccount", "123456789012"}});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->actions, (std::vector<std::string>{"IssueCertificate", "GetCertificate"}));
  EXPECT_EQ(created->source_account, "123456789012");
  expect_validation(error_of(decode_create_permission({{"CertificateAuthorityArn", kCa},
                                                       {"Principal", "acm.amazonaws.com"},
                                                       {"Actions", json::array()}})),
                    "Value '[]' at 'actions' failed to satisfy constraint: Member must have length "
                    "greater than or equal to 1");
  expect_validation(error_of(decode_create_permission({{"CertificateAuthorityArn", kCa},
                                                       {"Principal", "acm.amazonaws.com"},
                                                       {"Actions", {"RevokeCertificate"}}})),
                    "'actions.member'");
  expect_validation(error_of(decode_create_permission({{"CertificateAuthorityArn", kCa},
                                                       {"Principal", "*"},
                                                       {"Actions", {"IssueCertificate"}}})),
                    "Value '*' at 'principal' failed to satisfy constraint: Member must satisfy "
                    "regular expression pattern: [^*]+");
  expect_validation(error_of(decode_delete_permission({{"CertificateAuthorityArn", kCa},
                                                       {"Principal", "acm.amazonaws.com"},
                                                       {"SourceAccount", "12345678901a"}})),
                    "'sourceAccount'");
  expect_validation(error_of(decode_delete_permission({{"CertificateAuthorityArn", kCa}})),
                    "Value null at 'principal'");
}

TEST(PcaInputTest, ListsReadPageSizesAndTokens) {
  auto all = decode_list(json::object());
  ASSERT_TRUE(all);
  EXPECT_EQ(all->max_results, 1000u);
  EXPECT_FALSE(all->next_token);
  EXPECT_FALSE(all->other_accounts);
  auto shared = decode_list({{"ResourceOwner", "OTHER_ACCOUNTS"}, {"MaxResults", 5}});
  ASSERT_TRUE(shared);
  EXPECT_TRUE(shared->other_accounts);
  EXPECT_EQ(shared->max_results, 5u);
  expect_validation(error_of(decode_list({{"MaxResults", 0}})), "'maxResults'");
  expect_validation(error_of(decode_list({{"NextToken", ""}})), "'nextToken'");

  auto tags = decode_list_tags({{"CertificateAuthorityArn", kCa}, {"NextToken", "2"}});
  ASSERT_TRUE(tags) << tags.error().message;
  EXPECT_EQ(tags->offset, 2u);
  EXPECT_EQ(tags->max_results, 50u);
  expect_validation(
      error_of(decode_list_tags({{"CertificateAuthorityArn", kCa}, {"NextToken", "page-2"}})),
      "Value 'page-2' at 'nextToken' failed to satisfy constraint: Member must be a NextToken "
      "that ListTags returned");

  auto permissions = decode_list_permissions(
      {{"CertificateAuthorityArn", kCa}, {"MaxResults", 2}, {"NextToken", "abc"}});
  ASSERT_TRUE(permissions);
  EXPECT_EQ(permissions->next_token, "abc");
  EXPECT_EQ(permissions->max_results, 2u);
}

TEST(PcaInputTest, TagsNeedAListOfKeys) {
  auto tags = decode_tags({{"CertificateAuthorityArn", kCa}, {"Tags", {{{"Key", "env"}}}}});
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->tags, (std::vector<store::Tag>{{"env", std::nullopt}}));
  expect_validation(error_of(decode_tags({{"CertificateAuthorityArn", kCa}})),
                    "Value null at 'tags'");
  expect_validation(
      error_of(decode_tags({{"CertificateAuthorityArn", kCa}, {"Tags", {{{"Value", "v"}}}}})),
      "Value null at 'tags.1.member.key'");
  json many = json::array();
  for (int i = 0; i < 51; ++i) many.push_back({{"Key", "k" + std::to_string(i)}});
  expect_validation(error_of(decode_tags({{"CertificateAuthorityArn", kCa}, {"Tags", many}})),
                    "Member must have length less than or equal to 50");
}

TEST(PcaOutputTest, CertificateAuthorityHasEpochTimesAndLeavesOutWhatIsUnset) {
  certflow::pca::CertificateAuthority ca;
  ca.arn = kCa;
  ca.owner_account = "000000000000";
  ca.created_at = from_epoch_millis(1700000000500);
  ca.last_state_change_at = from_epoch_millis(1700000001000);
  ca.type = "ROOT";
  ca.status = "PENDING_CERTIFICATE";
  ca.configuration = {"EC_prime256v1", "SHA256WITHECDSA", {}};
  ca.configuration.subject.common_name = "Example Root";
  ca.key_storage_security_standard = "FIPS_140_2_LEVEL_3_OR_HIGHER";
  ca.usage_mode = "GENERAL_PURPOSE";
  json out = certificate_authority(ca);
  EXPECT_EQ(out["Arn"], kCa);
  EXPECT_DOUBLE_EQ(out["CreatedAt"].get<double>(), 1700000000.5);
  EXPECT_DOUBLE_EQ(out["LastStateChangeAt"].get<double>(), 1700000001.0);
  EXPECT_EQ(out["CertificateAuthorityConfiguration"],
            (json{{"KeyAlgorithm", "EC_prime256v1"},
                  {"SigningAlgorithm", "SHA256WITHECDSA"},
                  {"Subject", {{"CommonName", "Example Root"}}}}));
  EXPECT_EQ(out["RevocationConfiguration"], (json{{"CrlConfiguration", {{"Enabled", false}}},
                                                  {"OcspConfiguration", {{"Enabled", false}}}}));
  for (const char* absent :
       {"Serial", "NotBefore", "NotAfter", "FailureReason", "RestorableUntil"}) {
    EXPECT_FALSE(out.contains(absent)) << absent;
  }

  ca.serial = "0a:1b";
  ca.not_before = from_epoch_millis(1700000000000);
  ca.not_after = from_epoch_millis(1800000000000);
  ca.restorable_until = from_epoch_millis(1710000000000);
  ca.status = "DELETED";
  ca.revocation.crl = certflow::pca::CrlConfiguration{};
  ca.revocation.crl->enabled = true;
  ca.revocation.crl->custom_cname = "crl.example.com";
  out = certificate_authority(ca);
  EXPECT_EQ(out["Serial"], "0a:1b");
  EXPECT_EQ(out["NotAfter"], 1800000000.0);
  EXPECT_EQ(out["RestorableUntil"], 1710000000.0);
  EXPECT_EQ(out["RevocationConfiguration"]["CrlConfiguration"],
            (json{{"Enabled", true}, {"ExpirationInDays", 7}, {"CustomCname", "crl.example.com"}}));
}

TEST(PcaOutputTest, PermissionAndTags) {
  certflow::pca::Permission permission_in{
      kCa, from_epoch_millis(1700000000000), "acm.amazonaws.com", "", {"IssueCertificate"}, "{}"};
  json out = permission(permission_in);
  EXPECT_EQ(out, (json{{"CertificateAuthorityArn", kCa},
                       {"CreatedAt", 1700000000.0},
                       {"Principal", "acm.amazonaws.com"},
                       {"Actions", {"IssueCertificate"}},
                       {"Policy", "{}"}}));
  EXPECT_EQ(tag_list({{"env", "prod"}, {"team", std::nullopt}}),
            (json{{{"Key", "env"}, {"Value", "prod"}}, {{"Key", "team"}}}));
}

}  // namespace
}  // namespace certflow::api::privateca
