// Every request Private CA refuses, with its error code, and that a refused request leaves the
// store exactly as it was.
#include "pca_fixture.h"
#include "pki/test_pki.h"

namespace certflow::pca::testing {
namespace {

using std::chrono::days;

void expect_error(const Status& status, ErrorCode code, const std::string& fragment = "") {
  ASSERT_FALSE(status) << "expected " << to_string(code);
  EXPECT_EQ(status.error().code, code) << status.error().message;
  EXPECT_NE(status.error().message.find(fragment), std::string::npos) << status.error().message;
}

template <typename T>
void expect_error(const Result<T>& result, ErrorCode code, const std::string& fragment = "") {
  ASSERT_FALSE(result) << "expected " << to_string(code);
  EXPECT_EQ(result.error().code, code) << result.error().message;
  EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

TEST_F(PcaTest, CreateRefusesWhatCertflowCannotBuild) {
  auto with = [](auto change) {
    CreateCaRequest request = root_request();
    change(request);
    return request;
  };
  expect_error(cas_->create(with([](auto& r) { r.configuration.key_algorithm = "ML_DSA_44"; })),
               ErrorCode::kInvalidArgs, "not supported by certflow");
  expect_error(cas_->create(with([](auto& r) {
    r.configuration.key_algorithm = "SM2";
    r.configuration.signing_algorithm = "SM3WITHSM2";
  })),
               ErrorCode::kInvalidArgs, "not supported by certflow");
  expect_error(cas_->create(with([](auto& r) { r.configuration.key_algorithm = "RSA_1024"; })),
               ErrorCode::kInvalidArgs);
  expect_error(cas_->create(with([](auto& r) { r.configuration.key_algorithm = "RSA_2048"; })),
               ErrorCode::kInvalidArgs, "SHA256WITHECDSA");
  expect_error(cas_->create(with([](auto& r) { r.type = "INTERMEDIATE"; })),
               ErrorCode::kInvalidArgs, "ROOT or SUBORDINATE");
  expect_error(cas_->create(with([](auto& r) { r.configuration.subject = {}; })),
               ErrorCode::kInvalidArgs, "at least one member");
  expect_error(cas_->create(with([](auto& r) { r.configuration.subject.country = "DEU"; })),
               ErrorCode::kInvalidArgs, "Country");
  expect_error(cas_->create(with([](auto& r) { r.revocation.crl = crl_enabled(0); })),
               ErrorCode::kInvalidArgs, "ExpirationInDays");
  expect_error(cas_->create(with([](auto& r) { r.revocation.crl = crl_enabled(5001); })),
               ErrorCode::kInvalidArgs, "ExpirationInDays");
  expect_error(cas_->create(with([](auto& r) {
    r.revocation.crl = crl_enabled();
    r.revocation.crl->custom_cname = "http://crl.example.com";
  })),
               ErrorCode::kInvalidArgs, "protocol");
  expect_error(cas_->create(with([](auto& r) { r.usage_mode = "SOMETIMES"; })),
               ErrorCode::kInvalidArgs, "UsageMode");
  expect_error(cas_->create(with([](auto& r) { r.key_storage_security_standard = "NONE"; })),
               ErrorCode::kInvalidArgs, "KeyStorageSecurityStandard");
  expect_error(cas_->create(with([](auto& r) {
    r.tags = {{"aws:reserved", "x"}};
  })),
               ErrorCode::kInvalidTag);
  expect_error(cas_->create(with([](auto& r) {
    r.tags = {{"team", "a"}, {"team", "b"}};
  })),
               ErrorCode::kInvalidTag, "twice");
  expect_error(cas_->create(with([](auto& r) {
    for (int i = 0; i < 51; ++i) r.tags.push_back({"k" + std::to_string(i), "v"});
  })),
               ErrorCode::kTooManyTags);
  EXPECT_EQ(snapshot(), "");
}

TEST_F(PcaTest, MalformedArnsAndUnknownCasAreTold) {
  expect_error(cas_->describe("not-an-arn"), ErrorCode::kInvalidArn);
  expect_error(cas_->describe("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
               ErrorCode::kInvalidArn);
  expect_error(cas_->describe("arn:aws:acm-pca:eu-west-1:12345678901x:certificate-authority/a"),
               ErrorCode::kInvalidArn);
  const std::string unknown =
      "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/"
      "11111111-2222-3333-4444-555555555555";
  expect_error(cas_->describe(unknown), ErrorCode::kResourceNotFound,
               "Could not find certificate authority " + unknown);
  std::string arn = create_ok(root_request());
  std::string elsewhere = arn;
  elsewhere.replace(elsewhere.find("123456789012"), 12, "999999999999");
  expect_error(cas_->describe(elsewhere), ErrorCode::kResourceNotFound);
  expect_error(cas_->get_csr(unknown), ErrorCode::kResourceNotFound);
  expect_error(cas_->import_ca_certificate(unknown, "x", ""), ErrorCode::kResourceNotFound);
  expect_error(cas_->issue(end_entity(unknown)), ErrorCode::kResourceNotFound);
  expect_error(cas_->revoke(unknown, "0a", "UNSPECIFIED"), ErrorCode::kResourceNotFound);
  expect_error(cas_->update(unknown, "DISABLED", std::nullopt), ErrorCode::kResourceNotFound);
  expect_error(cas_->remove(unknown, std::nullopt), ErrorCode::kResourceNotFound);
  expect_error(cas_->restore(unknown), ErrorCode::kResourceNotFound);
  expect_error(cas_->list_tags(unknown), ErrorCode::kResourceNotFound);
  expect_error(cas_->list_permissions(unknown, 10, std::nullopt), ErrorCode::kResourceNotFound);
}

TEST_F(PcaTest, ImportRefusesCertificatesThatDoNotFitTheCa) {
  std::string root = active_root();
  std::string sub = create_ok(subordinate_request());
  const std::string root_pem = cas_->get_ca_certificate(root)->certificate_pem;

  expect_error(cas_->import_ca_certificate(sub, "not a certificate", root_pem),
               ErrorCode::kMalformedCertificate);
  expect_error(cas_->import_ca_certificate(sub, root_pem, ""), ErrorCode::kInvalidRequest,
               "self-signed");

  // Signed by the root for the subordinate's key, but not as a CA.
  IssueRequest not_ca = end_entity(root);
  not_ca.csr = *cas_->get_csr(sub);
  CertificateWithChain leaf = certificate_of(root, issue_ok(not_ca));
  expect_error(cas_->import_ca_certificate(sub, leaf.certificate_pem, leaf.chain_pem),
               ErrorCode::kInvalidRequest, "not a CA certificate");

  IssueRequest as_ca = not_ca;
  as_ca.template_arn = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";
  as_ca.validity = {1, "YEARS"};
  CertificateWithChain sub_cert = certificate_of(root, issue_ok(as_ca));
  expect_error(cas_->import_ca_certificate(sub, sub_cert.certificate_pem, ""),
               ErrorCode::kInvalidRequest, "CertificateChain");
  expect_error(cas_->import_ca_certificate(sub, sub_cert.certificate_pem, "garbage chain"),
               ErrorCode::kMalformedCertificate);
  std::string stranger = active_root(root_request("Stranger Root"));
  expect_error(cas_->import_ca_certificate(sub, sub_cert.certificate_pem,
                                           cas_->get_ca_certificate(stranger)->certificate_pem),
               ErrorCode::kInvalidRequest, "does not link");

  // A CA certificate for another CA's key.
  std::string other_sub = create_ok(subordinate_request("Other Sub"));
  as_ca.csr = *cas_->get_csr(other_sub);
  CertificateWithChain foreign = certificate_of(root, issue_ok(as_ca));
  expect_error(cas_->import_ca_certificate(sub, foreign.certificate_pem, foreign.chain_pem),
               ErrorCode::kCertificateMismatch);

  // A root takes only its own self-signed certificate, without a chain.
  std::string other_root = create_ok(root_request("Pending Root"));
  expect_error(cas_->import_ca_certificate(other_root, root_pem, ""),
               ErrorCode::kCertificateMismatch);
  expect_error(cas_->import_ca_certificate(other_root, sub_cert.certificate_pem, root_pem),
               ErrorCode::kInvalidRequest, "self-signed");
  auto key = pki::testing::ec_key("P-256");
  pki::testing::CertSpec spec = pki::testing::ca_spec("Outside Root");
  spec.not_before = clock_->now() - days(1);
  spec.not_after = clock_->now() + days(100);
  auto outside = pki::testing::issue(spec, *key, nullptr, *key);
  expect_error(cas_->import_ca_certificate(other_root, pki::testing::pem(*outside), ""),
               ErrorCode::kCertificateMismatch);
  expect_error(cas_->import_ca_certificate(root, root_pem, root_pem), ErrorCode::kInvalidRequest,
               "no CertificateChain");

  EXPECT_EQ(cas_->describe(sub)->status, "PENDING_CERTIFICATE");
  // The right certificate with its chain is accepted after all that.
  EXPECT_TRUE(cas_->import_ca_certificate(sub, sub_cert.certificate_pem, sub_cert.chain_pem));
  EXPECT_EQ(cas_->describe(sub)->status, "ACTIVE");
}

TEST_F(PcaTest, IssueRefusesBadRequests) {
  std::string root = active_root();
  const TimePoint root_end = *cas_->describe(root)->not_after;

  IssueRequest bad_csr = end_entity(root);
  bad_csr.csr = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
  expect_error(cas_->issue(bad_csr), ErrorCode::kMalformedCsr);

  expect_error(cas_->issue(end_entity(root, "long.example.com", {11, "YEARS"})),
               ErrorCode::kInvalidArgs, to_iso8601(root_end));
  expect_error(cas_->issue(end_entity(root, "w.example.com", {3, "WEEKS"})),
               ErrorCode::kInvalidArgs, "Type");
  expect_error(cas_->issue(end_entity(root, "w.example.com", {2701011200, "END_DATE"})),
               ErrorCode::kInvalidArgs, "END_DATE");
  expect_error(cas_->issue(end_entity(root, "w.example.com", {270230000000, "END_DATE"})),
               ErrorCode::kInvalidArgs, "END_DATE");
  expect_error(cas_->issue(end_entity(root, "w.example.com", {1700000000, "ABSOLUTE"})),
               ErrorCode::kInvalidArgs, "not in the future");
  expect_error(cas_->issue(end_entity(root, "w.example.com", {0, "DAYS"})),
               ErrorCode::kInvalidArgs);

  IssueRequest relative_start = end_entity(root);
  relative_start.validity_not_before = Validity{1, "DAYS"};
  expect_error(cas_->issue(relative_start), ErrorCode::kInvalidArgs, "ABSOLUTE");
  IssueRequest start_after_end = end_entity(root, "w.example.com", {5, "DAYS"});
  start_after_end.validity_not_before = Validity{
      std::chrono::floor<std::chrono::seconds>(clock_->now() + days(10)).time_since_epoch().count(),
      "ABSOLUTE"};
  expect_error(cas_->issue(start_after_end), ErrorCode::kInvalidArgs, "before");

  IssueRequest wrong_family = end_entity(root);
  wrong_family.signing_algorithm = "SHA256WITHRSA";
  expect_error(cas_->issue(wrong_family), ErrorCode::kInvalidArgs);
  IssueRequest bad_template = end_entity(root);
  bad_template.template_arn = "arn:aws:acm-pca:::template/NoSuchTemplate/V1";
  expect_error(cas_->issue(bad_template), ErrorCode::kInvalidArgs);

  // A root template is only for a root signing its own CSR.
  std::string sub = active_subordinate(root);
  IssueRequest sub_self = end_entity(sub);
  sub_self.csr = *cas_->get_csr(sub);
  sub_self.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  expect_error(cas_->issue(sub_self), ErrorCode::kInvalidArgs, "ROOT");
  IssueRequest foreign_root = end_entity(root);
  foreign_root.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  expect_error(cas_->issue(foreign_root), ErrorCode::kInvalidArgs);

  // Only an ACTIVE CA issues; a pending one only signs its own root certificate.
  std::string pending = create_ok(subordinate_request("Pending"));
  expect_error(cas_->issue(end_entity(pending)), ErrorCode::kInvalidState, "PENDING_CERTIFICATE");
  IssueRequest pending_sub = end_entity(pending);
  pending_sub.template_arn = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";
  expect_error(cas_->issue(pending_sub), ErrorCode::kInvalidState);
  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  expect_error(cas_->issue(end_entity(root)), ErrorCode::kInvalidState, "DISABLED");
  IssueRequest disabled_self = end_entity(root);
  disabled_self.csr = *cas_->get_csr(root);
  disabled_self.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  expect_error(cas_->issue(disabled_self), ErrorCode::kInvalidState);
}

TEST_F(PcaTest, ShortLivedCaIssuesAtMostSevenDays) {
  CreateCaRequest request = root_request("Short-lived");
  request.usage_mode = "SHORT_LIVED_CERTIFICATE";
  std::string arn = active_root(request);  // the root's own certificate is not limited
  issue_ok(end_entity(arn, "seven.example.com", {7, "DAYS"}));
  expect_error(cas_->issue(end_entity(arn, "eight.example.com", {8, "DAYS"})),
               ErrorCode::kInvalidArgs, "SHORT_LIVED_CERTIFICATE");
}

TEST_F(PcaTest, RefusedRequestsLeaveTheStoreUnchanged) {
  CreateCaRequest request = root_request();
  request.revocation.crl = crl_enabled();
  request.tags = {{"team", "pki"}};
  std::string root = active_root(request);
  std::string sub = create_ok(subordinate_request());
  std::string cert_arn = issue_ok(end_entity(root));
  ASSERT_TRUE(cas_->create_permission(root, kAcmPrincipal, {"IssueCertificate"}, ""));
  clock_->advance(days(1));
  const std::string before = snapshot();
  ASSERT_NE(before, "");

  expect_error(cas_->issue(end_entity(root, "x.example.com", {20, "YEARS"})),
               ErrorCode::kInvalidArgs);
  IssueRequest token_then_fail = end_entity(root, "x.example.com", {20, "YEARS"});
  token_then_fail.idempotency_token = "t-1";
  expect_error(cas_->issue(token_then_fail), ErrorCode::kInvalidArgs);
  expect_error(cas_->import_ca_certificate(sub, certificate_of(root, cert_arn).certificate_pem,
                                           cas_->get_ca_certificate(root)->certificate_pem),
               ErrorCode::kInvalidRequest);
  expect_error(cas_->revoke(root, "0badc0de", "KEY_COMPROMISE"), ErrorCode::kResourceNotFound);
  expect_error(cas_->revoke(root, cert_arn.substr(cert_arn.rfind('/') + 1), "BECAUSE"),
               ErrorCode::kInvalidArgs);
  expect_error(cas_->update(root, "PENDING_CERTIFICATE", std::nullopt), ErrorCode::kInvalidArgs);
  RevocationConfiguration bad_crl;
  bad_crl.crl = crl_enabled(0);
  expect_error(cas_->update(root, "DISABLED", bad_crl), ErrorCode::kInvalidArgs);
  expect_error(cas_->remove(root, std::nullopt), ErrorCode::kInvalidState);
  expect_error(cas_->remove(root, 31), ErrorCode::kInvalidArgs);
  expect_error(cas_->restore(root), ErrorCode::kInvalidState);
  expect_error(cas_->create_permission(root, kAcmPrincipal, {"IssueCertificate"}, ""),
               ErrorCode::kPermissionAlreadyExists);
  expect_error(cas_->delete_permission(root, kAcmPrincipal, "111111111111"),
               ErrorCode::kResourceNotFound);
  std::vector<store::Tag> too_many;
  for (int i = 0; i < 50; ++i) too_many.push_back({"k" + std::to_string(i), "v"});
  expect_error(cas_->tag(root, too_many), ErrorCode::kTooManyTags);
  expect_error(cas_->tag(root, {{"aws:x", "y"}}), ErrorCode::kInvalidTag);
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace certflow::pca::testing
