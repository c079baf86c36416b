// A root CA from creation to ACTIVE, a subordinate signed by it, certificates they issue, and
// how CAs are described and listed.
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "pca_fixture.h"

namespace certflow::pca::testing {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

const std::regex kCaArn(
    "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/"
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

std::string uuid_of(const std::string& ca_arn) { return ca_arn.substr(ca_arn.rfind('/') + 1); }

TEST_F(PcaTest, RootCaBecomesActiveByImportingItsOwnSignedCsr) {
  const TimePoint created = clock_->now();
  std::string arn = create_ok(root_request());
  EXPECT_TRUE(std::regex_match(arn, kCaArn)) << arn;

  auto pending = cas_->describe(arn);
  ASSERT_TRUE(pending) << pending.error().message;
  EXPECT_EQ(pending->status, "PENDING_CERTIFICATE");
  EXPECT_EQ(pending->type, "ROOT");
  EXPECT_EQ(pending->owner_account, "123456789012");
  EXPECT_EQ(pending->created_at, created);
  EXPECT_EQ(pending->serial, "");
  EXPECT_FALSE(pending->not_after);
  EXPECT_EQ(pending->configuration.subject.common_name, "certflow Test Root");
  EXPECT_EQ(pending->usage_mode, "GENERAL_PURPOSE");
  EXPECT_EQ(pending->key_storage_security_standard, "FIPS_140_2_LEVEL_3_OR_HIGHER");

  auto csr = cas_->get_csr(arn);
  ASSERT_TRUE(csr) << csr.error().message;
  EXPECT_EQ(csr->rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
  auto no_certificate = cas_->get_ca_certificate(arn);
  ASSERT_FALSE(no_certificate);
  EXPECT_EQ(no_certificate.error().code, ErrorCode::kInvalidState);

  clock_->advance(minutes(5));
  IssueRequest self;
  self.ca_arn = arn;
  self.csr = *csr;
  self.signing_algorithm = "SHA256WITHECDSA";
  self.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  self.validity = {10, "YEARS"};
  std::string cert_arn = issue_ok(self);
  EXPECT_TRUE(std::regex_match(cert_arn, std::regex(arn + "/certificate/[0-9a-f]{32}")))
      << cert_arn;
  CertificateWithChain root_cert = certificate_of(arn, cert_arn);
  EXPECT_EQ(root_cert.chain_pem, "");
  CertFacts root = facts(root_cert.certificate_pem);
  EXPECT_TRUE(root.is_ca);
  EXPECT_EQ(root.subject, root.issuer);
  EXPECT_EQ(root.crl_url, "");
  EXPECT_EQ(root.not_before, clock_->now() - hours(1));
  TimePoint ten_years;
  ASSERT_TRUE(parse_iso8601("2037-03-01T00:05:00Z", ten_years));
  EXPECT_EQ(root.not_after, ten_years);
  EXPECT_EQ(cert_arn.substr(cert_arn.size() - root.serial_hex.size()), root.serial_hex);
  EXPECT_EQ(verify(root_cert.certificate_pem, root_cert.certificate_pem, clock_->now()), "");

  ASSERT_TRUE(cas_->import_ca_certificate(arn, root_cert.certificate_pem, ""));
  auto active = cas_->describe(arn);
  ASSERT_TRUE(active);
  EXPECT_EQ(active->status, "ACTIVE");
  EXPECT_EQ(active->last_state_change_at, clock_->now());
  EXPECT_EQ(active->not_after, root.not_after);
  EXPECT_EQ(active->not_before, root.not_before);
  EXPECT_FALSE(active->serial.empty());
  auto ca_cert = cas_->get_ca_certificate(arn);
  ASSERT_TRUE(ca_cert) << ca_cert.error().message;
  EXPECT_EQ(facts(ca_cert->certificate_pem).serial_hex, root.serial_hex);
  EXPECT_EQ(ca_cert->chain_pem, "");
}

TEST_F(PcaTest, SubordinateSignedByRootIssuesCertificatesThatVerify) {
  std::string root = active_root();
  std::string sub = active_subordinate(root);
  auto described = cas_->describe(sub);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->status, "ACTIVE");
  EXPECT_EQ(described->type, "SUBORDINATE");

  auto root_cert = cas_->get_ca_certificate(root);
  auto sub_cert = cas_->get_ca_certificate(sub);
  ASSERT_TRUE(root_cert && sub_cert);
  EXPECT_EQ(pem_blocks(sub_cert->chain_pem).size(), 1u);
  EXPECT_EQ(facts(sub_cert->chain_pem).serial_hex, facts(root_cert->certificate_pem).serial_hex);
  CertFacts sub_facts = facts(sub_cert->certificate_pem);
  EXPECT_TRUE(sub_facts.is_ca);
  EXPECT_EQ(sub_facts.path_length, 0);
  EXPECT_EQ(sub_facts.issuer, facts(root_cert->certificate_pem).subject);

  clock_->advance(days(2));
  std::string leaf_arn = issue_ok(end_entity(sub, "api.example.com"));
  CertificateWithChain leaf = certificate_of(sub, leaf_arn);
  ASSERT_EQ(pem_blocks(leaf.chain_pem).size(), 2u);
  EXPECT_EQ(pem_blocks(leaf.chain_pem)[0], pem_blocks(sub_cert->certificate_pem)[0]);
  EXPECT_EQ(verify(leaf.certificate_pem, leaf.chain_pem, clock_->now()), "");
  CertFacts leaf_facts = facts(leaf.certificate_pem);
  EXPECT_FALSE(leaf_facts.is_ca);
  EXPECT_EQ(leaf_facts.dns_names, std::vector<std::string>{"api.example.com"});
  EXPECT_EQ(leaf_facts.issuer, sub_facts.subject);
  EXPECT_EQ(leaf_facts.not_before, clock_->now() - hours(1));
  EXPECT_EQ(leaf_facts.not_after, clock_->now() + days(30));
}

TEST_F(PcaTest, RsaRootIssuesWithItsOwnSigningAlgorithm) {
  CreateCaRequest request = root_request("RSA Root");
  request.configuration.key_algorithm = "RSA_2048";
  request.configuration.signing_algorithm = "SHA256WITHRSA";
  std::string arn = create_ok(request);
  auto csr = cas_->get_csr(arn);
  ASSERT_TRUE(csr);
  IssueRequest self;
  self.ca_arn = arn;
  self.csr = *csr;
  self.signing_algorithm = "SHA384WITHRSA";
  self.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  self.validity = {5, "YEARS"};
  std::string self_arn = issue_ok(self);
  ASSERT_TRUE(cas_->import_ca_certificate(arn, certificate_of(arn, self_arn).certificate_pem, ""));

  IssueRequest leaf = end_entity(arn, "rsa.example.com");
  leaf.csr = csr_for("rsa.example.com", "RSA_2048");
  leaf.signing_algorithm = "SHA256WITHRSA";
  CertificateWithChain issued = certificate_of(arn, issue_ok(leaf));
  EXPECT_EQ(verify(issued.certificate_pem, issued.chain_pem, clock_->now()), "");
}

TEST_F(PcaTest, ValidityTypesSetNotAfterAndNotBefore) {
  std::string root = active_root();
  auto not_after_of = [&](Validity validity) {
    return facts(certificate_of(root, issue_ok(end_entity(root, "v.example.com", validity)))
                     .certificate_pem)
        .not_after;
  };
  auto at = [](const char* iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
  };
  EXPECT_EQ(not_after_of({270401120000, "END_DATE"}), at("2027-04-01T12:00:00Z"));
  EXPECT_EQ(not_after_of({20270501000000, "END_DATE"}), at("2027-05-01T00:00:00Z"));
  EXPECT_EQ(not_after_of({1811808000, "ABSOLUTE"}), at("2027-06-01T00:00:00Z"));
  EXPECT_EQ(not_after_of({7, "DAYS"}), clock_->now() + days(7));
  EXPECT_EQ(not_after_of({2, "MONTHS"}), at("2027-05-01T00:00:00Z"));
  EXPECT_EQ(not_after_of({1, "YEARS"}), at("2028-03-01T00:00:00Z"));

  // Calendar months: a day the month lacks becomes its last day.
  clock_->set(at("2027-01-31T10:00:00Z"));
  std::string january_root = active_root(root_request("January Root"));
  auto january =
      facts(certificate_of(january_root,
                           issue_ok(end_entity(january_root, "j.example.com", {1, "MONTHS"})))
                .certificate_pem);
  EXPECT_EQ(january.not_after, at("2027-02-28T10:00:00Z"));

  IssueRequest later = end_entity(january_root, "later.example.com", {60, "DAYS"});
  later.validity_not_before = Validity{1802217600, "ABSOLUTE"};
  auto later_facts = facts(certificate_of(january_root, issue_ok(later)).certificate_pem);
  EXPECT_EQ(later_facts.not_before, TimePoint(std::chrono::seconds(1802217600)));
}

TEST_F(PcaTest, IssuedCertificatesCarryTheCrlDistributionPoint) {
  std::string plain = active_root();
  EXPECT_EQ(facts(certificate_of(plain, issue_ok(end_entity(plain))).certificate_pem).crl_url, "");

  CreateCaRequest with_crl = root_request("CRL Root");
  with_crl.revocation.crl = crl_enabled();
  std::string served = active_root(with_crl);
  EXPECT_EQ(facts(certificate_of(served, issue_ok(end_entity(served))).certificate_pem).crl_url,
            "http://127.0.0.1:4566/crl/" + uuid_of(served) + ".crl");

  CreateCaRequest with_cname = root_request("CNAME Root");
  with_cname.revocation.crl = crl_enabled();
  with_cname.revocation.crl->custom_cname = "crl.example.com";
  std::string cname = active_root(with_cname);
  EXPECT_EQ(facts(certificate_of(cname, issue_ok(end_entity(cname))).certificate_pem).crl_url,
            "http://crl.example.com/crl/" + uuid_of(cname) + ".crl");
}

TEST_F(PcaTest, CreateIdempotencyTokenReturnsTheSameCaForFiveMinutes) {
  CreateCaRequest request = root_request();
  request.idempotency_token = "create-once";
  std::string first = create_ok(request);
  clock_->advance(minutes(4));
  EXPECT_EQ(create_ok(request), first);
  auto listed = cas_->list(100, std::nullopt);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->items.size(), 1u);

  clock_->advance(minutes(2));
  std::string second = create_ok(request);
  EXPECT_NE(second, first);
}

TEST_F(PcaTest, IssueIdempotencyTokenReturnsTheSameCertificatePerCa) {
  std::string root = active_root();
  std::string other = active_root(root_request("Other Root"));
  IssueRequest request = end_entity(root);
  request.idempotency_token = "issue-once";
  std::string first = issue_ok(request);
  IssueRequest retry = end_entity(root, "different.example.com");
  retry.idempotency_token = request.idempotency_token;
  EXPECT_EQ(issue_ok(retry), first);
  IssueRequest elsewhere = request;
  elsewhere.ca_arn = other;
  EXPECT_NE(issue_ok(elsewhere), first);
  clock_->advance(minutes(6));
  EXPECT_NE(issue_ok(request), first);
}

TEST_F(PcaTest, CaKeyIsSealedUnderItsOwnArn) {
  std::string first = create_ok(root_request());
  std::string second = create_ok(root_request("Second"));
  auto row = store_->get_resource(kCaKind, uuid_of(first));
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->details_json.find("PRIVATE KEY"), std::string::npos);
  EXPECT_NE((*row)->details_json.find("key_ciphertext"), std::string::npos);

  // The first CA's sealed key copied into the second's record does not open there.
  auto second_row = store_->get_resource(kCaKind, uuid_of(second));
  ASSERT_TRUE(second_row && *second_row);
  auto first_details = nlohmann::json::parse((*row)->details_json);
  auto second_details = nlohmann::json::parse((*second_row)->details_json);
  second_details["key_wrapped_data_key"] = first_details["key_wrapped_data_key"];
  second_details["key_ciphertext"] = first_details["key_ciphertext"];
  store::ResourceRow swapped = **second_row;
  swapped.details_json = second_details.dump();
  {
    auto txn = store_->begin();
    ASSERT_TRUE(txn);
    ASSERT_TRUE((*txn)->put_resource(swapped));
    ASSERT_TRUE((*txn)->commit());
  }

  IssueRequest self;
  self.ca_arn = second;
  self.csr = *cas_->get_csr(second);
  self.signing_algorithm = "SHA256WITHECDSA";
  self.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  self.validity = {1, "YEARS"};
  auto refused = cas_->issue(self);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInternal);
  // The first CA's own key still opens and signs.
  activate_root(first);
  EXPECT_EQ(cas_->describe(first)->status, "ACTIVE");
}

TEST_F(PcaTest, ListPagesThroughEveryCa) {
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) created.insert(create_ok(root_request("CA " + std::to_string(i))));
  std::set<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    auto page = cas_->list(2, token);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_LE(page->items.size(), 2u);
    for (const auto& ca : page->items) EXPECT_TRUE(seen.insert(ca.arn).second);
    token = page->next_token;
    ++pages;
  } while (token);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);

  auto bad = cas_->list(2, std::string("bm90LWEtdG9rZW4="));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidNextToken);
}

TEST_F(PcaTest, ActiveCaReadsExpiredOnceItsCertificateHasExpired) {
  std::string arn = create_ok(root_request());
  activate_root(arn, {3, "DAYS"});
  clock_->advance(days(2));
  EXPECT_EQ(cas_->describe(arn)->status, "ACTIVE");
  clock_->advance(days(2));
  EXPECT_EQ(cas_->describe(arn)->status, "EXPIRED");
  EXPECT_EQ(cas_->list(10, std::nullopt)->items.at(0).status, "EXPIRED");
  auto refused = cas_->issue(end_entity(arn, "late.example.com", {1, "DAYS"}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidState);
  EXPECT_NE(refused.error().message.find("EXPIRED"), std::string::npos);
}

TEST_F(PcaTest, ActiveRootRenewsItsOwnCertificateForTheSameKey) {
  std::string root = create_ok(root_request());
  activate_root(root, {1, "YEARS"});
  const std::string old_serial = cas_->describe(root)->serial;
  std::string leaf_arn = issue_ok(end_entity(root, "old.example.com", {10, "DAYS"}));

  clock_->advance(days(200));
  activate_root(root, {20, "YEARS"});  // ACTIVE: sign its CSR again and import the result
  auto renewed = cas_->describe(root);
  EXPECT_EQ(renewed->status, "ACTIVE");
  EXPECT_NE(renewed->serial, old_serial);
  TimePoint twenty_years;
  ASSERT_TRUE(parse_iso8601("2047-09-17T00:00:00Z", twenty_years));
  EXPECT_EQ(renewed->not_after, twenty_years);
  issue_ok(end_entity(root, "new.example.com", {5, "YEARS"}));
  // An expired certificate is still readable.
  CertificateWithChain old_leaf = certificate_of(root, leaf_arn);
  EXPECT_LT(facts(old_leaf.certificate_pem).not_after, clock_->now());

  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  auto refused =
      cas_->import_ca_certificate(root, cas_->get_ca_certificate(root)->certificate_pem, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidState);
}

TEST_F(PcaTest, GetCertificateFindsOnlyThisCasCertificates) {
  std::string root = active_root();
  std::string other = active_root(root_request("Other"));
  std::string cert_arn = issue_ok(end_entity(root));
  auto from_other = cas_->get_certificate(other, cert_arn);
  ASSERT_FALSE(from_other);
  EXPECT_EQ(from_other.error().code, ErrorCode::kResourceNotFound);
  auto unknown = cas_->get_certificate(root, root + "/certificate/" + std::string(32, 'a'));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kResourceNotFound);
  auto malformed = cas_->get_certificate(root, "certificate-123");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArn);
}

}  // namespace
}  // namespace certflow::pca::testing
