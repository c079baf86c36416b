// RequestCertificate with a private CA: what is issued and stored, what is refused and why,
// and the idempotency token.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "inventory/private_ca_fixture.h"

namespace certflow::inventory::testing {
namespace {

using namespace std::chrono_literals;

std::vector<nlohmann::json> stored_events(store::Store& store) {
  std::vector<nlohmann::json> out;
  auto page = store.list_events(store::EventQuery{});
  EXPECT_TRUE(page) << page.error().message;
  if (page) {
    for (const auto& record : *page) out.push_back(nlohmann::json::parse(record.body));
  }
  return out;
}

size_t certificate_count(Inventory& inventory) {
  ListQuery everything;
  everything.key_types = std::vector<std::string>{"RSA_2048", "EC_prime256v1", "EC_secp384r1"};
  auto page = inventory.list_certificates(everything);
  EXPECT_TRUE(page) << page.error().message;
  return page ? page->certificates.size() : 0;
}

class RequestCertificateTest : public PrivateCertificateTest {};

TEST_F(RequestCertificateTest, IssuesAPrivateCertificateSignedByTheCa) {
  const std::string arn = request_ok("www.example.com");
  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(described->type, "PRIVATE");
  EXPECT_EQ(described->status, "ISSUED");
  EXPECT_EQ(described->domain_name, "www.example.com");
  EXPECT_EQ(described->subject_alternative_names, std::vector<std::string>{"www.example.com"});
  EXPECT_EQ(described->certificate_authority_arn, ca_arn_);
  EXPECT_EQ(described->key_algorithm, "EC_prime256v1");
  EXPECT_NE(described->issuer.find("certflow test root"), std::string::npos) << described->issuer;
  EXPECT_EQ(described->subject, "CN=www.example.com");
  ASSERT_TRUE(described->issued_at.has_value());
  EXPECT_EQ(*described->issued_at, clock_->now());
  EXPECT_FALSE(described->imported_at.has_value());
  EXPECT_TRUE(described->failure_reason.empty());
  // Neither exported nor in use yet: not eligible for managed renewal.
  EXPECT_EQ(described->renewal_eligibility, "INELIGIBLE");
  // ACM's private certificates last 13 months.
  EXPECT_GE(described->not_after - clock_->now(), std::chrono::hours(24 * 394));

  auto material = inventory_->get_certificate(arn);
  ASSERT_TRUE(material) << material.error().message;
  EXPECT_EQ(verify_error(material->certificate_pem, material->chain_pem, clock_->now()), "");
}

TEST_F(RequestCertificateTest, EmitsAvailableWithActionIssuance) {
  const std::string arn = request_ok("events.example.com");
  auto events = stored_events(*store_);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["detail-type"], "ACM Certificate Available");
  EXPECT_EQ(events[0]["resources"][0], arn);
  EXPECT_EQ(events[0]["detail"]["Action"], "ISSUANCE");
  EXPECT_EQ(events[0]["detail"]["CertificateType"], "PRIVATE");
  EXPECT_EQ(events[0]["detail"]["CommonName"], "events.example.com");
  EXPECT_FALSE(events[0]["detail"].contains("DomainValidationMethod"));
}

TEST_F(RequestCertificateTest, PutsTheDomainAndEverySubjectAlternativeNameInTheCertificate) {
  RequestCertificateRequest request = request_for_domain("example.com");
  request.subject_alternative_names = {"www.example.com", "example.com", "*.api.example.com"};
  auto arn = inventory_->request_certificate(request);
  ASSERT_TRUE(arn) << arn.error().message;
  auto described = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->subject_alternative_names,
            (std::vector<std::string>{"example.com", "www.example.com", "*.api.example.com"}));
}

TEST_F(RequestCertificateTest, IssuesEachKeyAlgorithmAcmOffers) {
  for (const std::string algorithm : {"RSA_2048", "EC_prime256v1", "EC_secp384r1"}) {
    const std::string arn = request_ok("keys.example.com", algorithm);
    auto described = inventory_->describe_certificate(arn);
    ASSERT_TRUE(described);
    EXPECT_EQ(described->key_algorithm, algorithm);
  }
}

TEST_F(RequestCertificateTest, RefusesRequestsItCannotHonourAndStoresNothing) {
  auto code_of = [&](const RequestCertificateRequest& request) {
    auto arn = inventory_->request_certificate(request);
    EXPECT_FALSE(arn) << "issued " << *arn;
    return arn ? ErrorCode::kInternal : arn.error().code;
  };
  RequestCertificateRequest no_ca = request_for_domain("www.example.com");
  no_ca.certificate_authority_arn.clear();
  auto refused = inventory_->request_certificate(no_ca);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("--certificate-authority-arn"), std::string::npos);

  for (const std::string& bad :
       std::vector<std::string>{"-bad.example.com", "example", "a..example.com", "*.*.example.com",
                                "exa_mple.com", "example.com.", "example.c", "bad-.example.com",
                                std::string(64, 'a') + ".example.com"}) {
    EXPECT_EQ(code_of(request_for_domain(bad)), ErrorCode::kValidation) << bad;
  }
  // 65 octets: a valid name, too long for the Common Name.
  EXPECT_EQ(code_of(request_for_domain(std::string(53, 'a') + ".example.com")),
            ErrorCode::kValidation);
  RequestCertificateRequest many = request_for_domain("example.com");
  for (int i = 0; i < 100; ++i) {
    many.subject_alternative_names.push_back("h" + std::to_string(i) + ".example.com");
  }
  EXPECT_EQ(code_of(many), ErrorCode::kValidation);
  RequestCertificateRequest bad_san = request_for_domain("example.com");
  bad_san.subject_alternative_names = {"ok.example.com", "not a name"};
  EXPECT_EQ(code_of(bad_san), ErrorCode::kValidation);
  EXPECT_EQ(code_of(request_for_domain("example.com", "RSA_4096")), ErrorCode::kValidation);
  RequestCertificateRequest bad_tag = request_for_domain("example.com");
  bad_tag.tags = {Tag{"aws:reserved", std::string("x")}};
  EXPECT_EQ(code_of(bad_tag), ErrorCode::kInvalidTag);

  EXPECT_EQ(certificate_count(*inventory_), 0u);
  EXPECT_TRUE(stored_events(*store_).empty());
}

TEST_F(RequestCertificateTest, AcceptsNamesAtTheLimits) {
  // 64 octets exactly in the CN; 100 names in all.
  request_ok(std::string(52, 'a') + ".example.com");
  RequestCertificateRequest many = request_for_domain("example.com");
  for (int i = 0; i < 99; ++i) {
    many.subject_alternative_names.push_back("h" + std::to_string(i) + ".example.com");
  }
  auto arn = inventory_->request_certificate(many);
  ASSERT_TRUE(arn) << arn.error().message;
  auto described = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->subject_alternative_names.size(), 100u);
}

TEST_F(RequestCertificateTest, AnUnknownDisabledOrMalformedCaIsAnError) {
  RequestCertificateRequest unknown = request_for_domain("www.example.com");
  unknown.certificate_authority_arn =
      "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/"
      "00000000-0000-4000-8000-000000000000";
  auto refused = inventory_->request_certificate(unknown);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kResourceNotFound);

  RequestCertificateRequest malformed = request_for_domain("www.example.com");
  malformed.certificate_authority_arn = "not-an-arn-at-all-but-long-enough";
  refused = inventory_->request_certificate(malformed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArn);

  ASSERT_TRUE(authorities_->update(ca_arn_, std::string("DISABLED"), std::nullopt));
  refused = inventory_->request_certificate(request_for_domain("www.example.com"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidState);
  EXPECT_NE(refused.error().message.find(ca_arn_), std::string::npos) << refused.error().message;
  EXPECT_EQ(certificate_count(*inventory_), 0u);
}

TEST_F(RequestCertificateTest, WithoutAcmsPermissionTheCertificateIsStoredFailed) {
  revoke_acm(*authorities_, ca_arn_);
  auto arn = inventory_->request_certificate(request_for_domain("denied.example.com"));
  ASSERT_TRUE(arn) << arn.error().message;
  auto described = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->status, "FAILED");
  EXPECT_EQ(described->type, "PRIVATE");
  EXPECT_EQ(described->failure_reason, "PCA_ACCESS_DENIED");
  EXPECT_EQ(described->certificate_authority_arn, ca_arn_);
  EXPECT_EQ(described->subject_alternative_names, std::vector<std::string>{"denied.example.com"});
  EXPECT_TRUE(described->serial.empty());
  EXPECT_EQ(described->renewal_eligibility, "INELIGIBLE");
  // No Available event, no certificate to fetch.
  EXPECT_TRUE(stored_events(*store_).empty());
  EXPECT_FALSE(inventory_->get_certificate(*arn));
}

TEST_F(RequestCertificateTest, TheSameIdempotencyTokenWithinAnHourGivesTheSameCertificate) {
  RequestCertificateRequest request = request_for_domain("once.example.com");
  request.idempotency_token = "token_1";
  auto first = inventory_->request_certificate(request);
  ASSERT_TRUE(first) << first.error().message;
  clock_->advance(59min);
  auto again = inventory_->request_certificate(request);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(certificate_count(*inventory_), 1u);

  request.idempotency_token = "token_2";
  auto other = inventory_->request_certificate(request);
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *first);

  clock_->advance(2min);  // token_1 is more than an hour old now
  request.idempotency_token = "token_1";
  auto later = inventory_->request_certificate(request);
  ASSERT_TRUE(later);
  EXPECT_NE(*later, *first);
  EXPECT_EQ(certificate_count(*inventory_), 3u);
}

TEST_F(RequestCertificateTest, KeepsTagsAndOptions) {
  RequestCertificateRequest request = request_for_domain("tags.example.com");
  request.tags = {Tag{"team", std::string("web")}, Tag{"env", std::nullopt}};
  request.export_option = "ENABLED";
  request.certificate_transparency_logging = "DISABLED";
  auto arn = inventory_->request_certificate(request);
  ASSERT_TRUE(arn) << arn.error().message;
  auto tags = inventory_->list_tags(*arn);
  ASSERT_TRUE(tags);
  EXPECT_EQ(*tags, request.tags);
  auto described = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->export_option, "ENABLED");
  EXPECT_EQ(described->certificate_transparency_logging, "DISABLED");
}

TEST_F(RequestCertificateTest, ARenewalIsANewKeyAndSerialForTheSameNamesFromTheSameCa) {
  RequestCertificateRequest request = request_for_domain("renew.example.com", "RSA_2048");
  request.subject_alternative_names = {"alt.example.com"};
  auto arn = inventory_->request_certificate(request);
  ASSERT_TRUE(arn) << arn.error().message;
  auto row = store_->get_certificate(*arn);
  ASSERT_TRUE(row && *row);
  clock_->advance(std::chrono::hours(24 * 300));

  auto renewed = inventory_->issue_private_renewal(**row);
  ASSERT_TRUE(renewed) << renewed.error().reason << " " << renewed.error().message;
  auto validated = pki::validate_import(renewed->certificate_pem, renewed->private_key_pem.view(),
                                        renewed->chain_pem, clock_->now());
  ASSERT_TRUE(validated) << validated.error().message;
  EXPECT_EQ(validated->info.key_algorithm, "RSA_2048");
  EXPECT_EQ(validated->info.subject_alternative_names,
            (std::vector<std::string>{"renew.example.com", "alt.example.com"}));
  auto before = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(before);
  EXPECT_NE(validated->info.serial, before->serial);
  EXPECT_EQ(validated->info.issuer, before->issuer);
  EXPECT_EQ(verify_error(renewed->certificate_pem, renewed->chain_pem, clock_->now()), "");
  // The stored certificate is untouched: apply_renewal writes renewals.
  auto after = inventory_->describe_certificate(*arn);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->serial, before->serial);

  revoke_acm(*authorities_, ca_arn_);
  auto denied = inventory_->issue_private_renewal(**row);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().reason, "PCA_ACCESS_DENIED");
  EXPECT_FALSE(denied.error().message.empty());
}

}  // namespace
}  // namespace certflow::inventory::testing
