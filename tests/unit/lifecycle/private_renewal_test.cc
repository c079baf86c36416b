// Managed renewal of PRIVATE certificates through a real private CA over simulated days: success
// at 60 days (same ARN, new serial), the CA's refusals as RenewalStatusReason and Renewal Action
// Required, recovery once the cause is fixed, and RenewCertificate's immediate attempt.
#include <gtest/gtest.h>

#include "inventory/certificate_events.h"
#include "inventory/private_ca_fixture.h"
#include "lifecycle/lifecycle_fixture.h"

namespace certflow::lifecycle::testing {
namespace {

using inventory::kMillisPerDay;
using inventory::testing::create_root_ca;
using inventory::testing::grant_acm;
using inventory::testing::revoke_acm;
using inventory::testing::RootCaSpec;
using inventory::testing::verify_error;

constexpr const char* kAvailable = "ACM Certificate Available";
constexpr const char* kActionRequired = "ACM Certificate Renewal Action Required";
constexpr const char* kApproaching = "ACM Certificate Approaching Expiration";

class PrivateRenewalTest : public LifecycleTest {
 protected:
  void SetUp() override {
    LifecycleTest::SetUp();
    authorities_ =
        std::make_unique<pca::CertificateAuthorities>(*store_, *master_, *clock_, pca::Config{});
    inventory_->set_private_issuer(authorities_.get());
    inventory_->set_renewal_trigger(engine_.get());
    private_issuer_ = std::make_unique<PrivateRenewalIssuer>(*inventory_);
    issuers_->add("PRIVATE", *private_issuer_);
    ca_arn_ = create_root_ca(*authorities_);
    ASSERT_FALSE(ca_arn_.empty());
  }
  void TearDown() override {
    control_.reset();
    engine_.reset();
    inventory_.reset();
    authorities_.reset();
    LifecycleTest::TearDown();
  }

  // A private certificate from `ca_arn`, exported (so eligible for managed renewal). The events
  // so far are consumed.
  std::string issue_exported(const std::string& domain, const std::string& ca_arn = "") {
    inventory::RequestCertificateRequest request;
    request.domain_name = domain;
    request.certificate_authority_arn = ca_arn.empty() ? ca_arn_ : ca_arn;
    request.key_algorithm = "EC_prime256v1";
    auto arn = inventory_->request_certificate(request);
    EXPECT_TRUE(arn) << arn.error().message;
    if (!arn) return "";
    auto exported =
        inventory_->export_certificate(*arn, crypto::SecretBytes(std::string("passphrase")), "t");
    EXPECT_TRUE(exported) << exported.error().message;
    new_events();
    return *arn;
  }

  inventory::Certificate describe(const std::string& arn) {
    auto described = inventory_->describe_certificate(arn);
    EXPECT_TRUE(described) << described.error().message;
    return described ? *described : inventory::Certificate{};
  }

  // Runs the days until the first daily evaluation at which `days` or fewer are left before the
  // certificate's (current) NotAfter, and stops there.
  void advance_to_days_left(const std::string& arn, int days) {
    auto row = store_->get_certificate(arn);
    ASSERT_TRUE(row && *row);
    const int64_t target = (*row)->not_after_ms - days * kMillisPerDay;
    const int64_t midnight = (target + kMillisPerDay - 1) / kMillisPerDay * kMillisPerDay;
    ASSERT_GT(midnight, to_epoch_millis(clock_->now()));
    advance(std::chrono::milliseconds(midnight - to_epoch_millis(clock_->now())));
  }

  static std::vector<SeenEvent> of_type(const std::vector<SeenEvent>& events,
                                        const std::string& type) {
    std::vector<SeenEvent> out;
    for (const auto& e : events) {
      if (e.detail_type() == type) out.push_back(e);
    }
    return out;
  }

  // Asserts the certificate failed to renew for `reason` and keeps its old certificate.
  void expect_failed(const std::string& arn, const std::string& reason) {
    auto described = describe(arn);
    ASSERT_TRUE(described.renewal_summary.has_value());
    EXPECT_EQ(described.renewal_summary->status, "FAILED");
    EXPECT_EQ(described.renewal_summary->reason, reason);
    EXPECT_EQ(described.status, "ISSUED");  // the old certificate stays in service
  }

  void expect_action_required(const std::vector<SeenEvent>& events, int64_t days,
                              const std::string& reason) {
    auto required = of_type(events, kActionRequired);
    ASSERT_EQ(required.size(), 1u) << "at " << days << " days";
    EXPECT_EQ(required[0].days_to_expiry(), days);
    EXPECT_EQ(required[0].event["detail"]["RenewalStatusReason"], reason);
    EXPECT_EQ(required[0].event["detail"]["CertificateType"], "PRIVATE");
  }

  std::unique_ptr<pca::CertificateAuthorities> authorities_;
  std::unique_ptr<PrivateRenewalIssuer> private_issuer_;
  std::string ca_arn_;
};

TEST_F(PrivateRenewalTest, RenewsAt60DaysUnderTheSameArnWithANewSerialAndAvailableRenewal) {
  const std::string arn = issue_exported("renew.example.com");
  const auto before = describe(arn);
  advance_to_days_left(arn, 60);
  auto events = new_events();
  ASSERT_EQ(types_of(events), std::vector<std::string>{kAvailable});
  EXPECT_EQ(events[0].event["resources"][0], arn);
  EXPECT_EQ(events[0].event["detail"]["Action"], "RENEWAL");
  EXPECT_EQ(events[0].event["detail"]["CertificateType"], "PRIVATE");

  const auto after = describe(arn);
  EXPECT_NE(after.serial, before.serial);
  EXPECT_EQ(after.status, "ISSUED");
  EXPECT_EQ(after.certificate_authority_arn, ca_arn_);
  ASSERT_TRUE(after.renewal_summary.has_value());
  EXPECT_EQ(after.renewal_summary->status, "SUCCESS");
  EXPECT_TRUE(after.renewal_summary->reason.empty());
  EXPECT_GT(after.not_after, before.not_after);
  EXPECT_EQ(after.renewal_eligibility, "ELIGIBLE");
  auto material = inventory_->get_certificate(arn);
  ASSERT_TRUE(material);
  EXPECT_EQ(verify_error(material->certificate_pem, material->chain_pem, clock_->now()), "");

  // The countdown starts over: nothing at the old certificate's 45 or 30 days.
  advance_days(40);
  EXPECT_TRUE(new_events().empty());
}

TEST_F(PrivateRenewalTest, WithoutPermissionItFailsQuietlyAt60AsksForActionAt45And30ThenRecovers) {
  const std::string arn = issue_exported("denied.example.com");
  const std::string first_serial = describe(arn).serial;
  revoke_acm(*authorities_, ca_arn_);

  advance_to_days_left(arn, 60);
  expect_failed(arn, "PCA_ACCESS_DENIED");
  EXPECT_TRUE(of_type(new_events(), kActionRequired).empty());

  advance_to_days_left(arn, 45);
  expect_failed(arn, "PCA_ACCESS_DENIED");
  expect_action_required(new_events(), 45, "PCA_ACCESS_DENIED");

  advance_to_days_left(arn, 30);
  expect_action_required(new_events(), 30, "PCA_ACCESS_DENIED");

  // Permission restored: the next scheduled attempt, at 15 days, succeeds.
  grant_acm(*authorities_, ca_arn_);
  advance_to_days_left(arn, 16);
  EXPECT_EQ(describe(arn).renewal_summary->status, "FAILED");
  advance_to_days_left(arn, 15);
  auto events = new_events();
  auto available = of_type(events, kAvailable);
  ASSERT_EQ(available.size(), 1u);
  EXPECT_EQ(available[0].event["detail"]["Action"], "RENEWAL");
  EXPECT_TRUE(of_type(events, kActionRequired).empty());
  const auto renewed = describe(arn);
  EXPECT_EQ(renewed.renewal_summary->status, "SUCCESS");
  EXPECT_NE(renewed.serial, first_serial);

  // The new certificate's countdown starts over: no Approaching Expiration for months.
  advance_days(30);
  EXPECT_TRUE(of_type(new_events(), kApproaching).empty());
}

TEST_F(PrivateRenewalTest, ADisabledCaIsPcaInvalidStateUntilItIsEnabledAgain) {
  const std::string arn = issue_exported("disabled.example.com");
  ASSERT_TRUE(authorities_->update(ca_arn_, std::string("DISABLED"), std::nullopt));
  advance_to_days_left(arn, 45);
  expect_failed(arn, "PCA_INVALID_STATE");
  expect_action_required(new_events(), 45, "PCA_INVALID_STATE");

  ASSERT_TRUE(authorities_->update(ca_arn_, std::string("ACTIVE"), std::nullopt));
  ASSERT_TRUE(inventory_->renew_certificate(arn));
  EXPECT_EQ(describe(arn).renewal_summary->status, "SUCCESS");
  EXPECT_EQ(of_type(new_events(), kAvailable).size(), 1u);
}

TEST_F(PrivateRenewalTest, ACaExpiringBeforeTheNewCertificateIsPcaInvalidDuration) {
  RootCaSpec short_lived;
  short_lived.validity_days = 400;  // outlives the first certificate (395 days), not a renewal
  short_lived.common_name = "short-lived root";
  const std::string short_ca = create_root_ca(*authorities_, short_lived);
  ASSERT_FALSE(short_ca.empty());
  const std::string arn = issue_exported("duration.example.com", short_ca);
  advance_to_days_left(arn, 45);
  expect_failed(arn, "PCA_INVALID_DURATION");
  expect_action_required(new_events(), 45, "PCA_INVALID_DURATION");
}

TEST_F(PrivateRenewalTest, ADeletedCaIsAReasonToAct) {
  const std::string arn = issue_exported("deleted.example.com");
  ASSERT_TRUE(authorities_->update(ca_arn_, std::string("DISABLED"), std::nullopt));
  ASSERT_TRUE(authorities_->remove(ca_arn_, 7));
  // Its 7-day restore window closed long before the renewal: the CA is gone for good.
  advance_to_days_left(arn, 45);
  expect_failed(arn, "PCA_RESOURCE_NOT_FOUND");
  expect_action_required(new_events(), 45, "PCA_RESOURCE_NOT_FOUND");
}

TEST_F(PrivateRenewalTest, RenewCertificateRenewsAtOnceAndLeavesTheScheduleToTheNewCertificate) {
  const std::string arn = issue_exported("now.example.com");
  advance_days(10);
  new_events();
  const std::string first_serial = describe(arn).serial;
  ASSERT_TRUE(inventory_->renew_certificate(arn));
  auto events = new_events();
  ASSERT_EQ(types_of(events), std::vector<std::string>{kAvailable});
  EXPECT_EQ(events[0].event["detail"]["Action"], "RENEWAL");
  const auto renewed = describe(arn);
  EXPECT_NE(renewed.serial, first_serial);
  EXPECT_EQ(renewed.renewal_summary->status, "SUCCESS");
  EXPECT_EQ(renewed.issued_at, clock_->now());

  // The new certificate is renewed on its own schedule, at its own 60 days.
  const std::string second_serial = renewed.serial;
  advance_to_days_left(arn, 61);
  EXPECT_EQ(describe(arn).serial, second_serial);
  advance_to_days_left(arn, 60);
  EXPECT_NE(describe(arn).serial, second_serial);
}

TEST_F(PrivateRenewalTest, AFailedRenewCertificateIsReportedAtOnce) {
  const std::string arn = issue_exported("refused.example.com");
  revoke_acm(*authorities_, ca_arn_);
  // Not an error for the caller: the attempt ran, and its outcome is recorded.
  ASSERT_TRUE(inventory_->renew_certificate(arn));
  expect_failed(arn, "PCA_ACCESS_DENIED");
  auto events = new_events();
  auto required = of_type(events, kActionRequired);
  ASSERT_EQ(required.size(), 1u);
  EXPECT_EQ(required[0].event["detail"]["RenewalStatusReason"], "PCA_ACCESS_DENIED");
  // Before the schedule starts, the request does not use up its 60-day attempt.
  auto row = store_->get_certificate(arn);
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->renewal_attempt_days, 0);

  grant_acm(*authorities_, ca_arn_);
  ASSERT_TRUE(inventory_->renew_certificate(arn));
  EXPECT_EQ(describe(arn).renewal_summary->status, "SUCCESS");
}

TEST_F(PrivateRenewalTest, RenewNowRefusesCertificatesThatAreNotEligible) {
  inventory::RequestCertificateRequest request;
  request.domain_name = "unexported.example.com";
  request.certificate_authority_arn = ca_arn_;
  auto arn = inventory_->request_certificate(request);
  ASSERT_TRUE(arn) << arn.error().message;
  auto refused = engine_->renew_now(*arn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  auto missing = engine_->renew_now(
      "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace certflow::lifecycle::testing
