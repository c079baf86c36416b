// The managed-renewal schedule: attempts at 60, 45, 30, 15, 3 and 1 days before expiry, Renewal
// Action Required for each failed attempt after the first, RenewalSummary, and success.
#include <gtest/gtest.h>

#include "lifecycle/lifecycle_fixture.h"
#include "lifecycle/schedule.h"

namespace certflow::lifecycle::testing {
namespace {

using namespace std::chrono_literals;
using pki::testing::days_from_now;

constexpr auto kDay = std::chrono::hours(24);
constexpr const char* kRenewalActionRequired = "ACM Certificate Renewal Action Required";

class RenewalTest : public LifecycleTest {
 protected:
  // DaysToExpiry of each Renewal Action Required event among `events`.
  static std::vector<int64_t> action_required_days(const std::vector<SeenEvent>& events) {
    std::vector<int64_t> out;
    for (const auto& e : events) {
      if (e.detail_type() == kRenewalActionRequired) out.push_back(e.days_to_expiry());
    }
    return out;
  }
  store::CertificateRow row(const std::string& arn) {
    auto got = store_->get_certificate(arn);
    EXPECT_TRUE(got && *got);
    return got && *got ? **got : store::CertificateRow{};
  }
};

TEST_F(RenewalTest, AFailingIssuerGivesRenewalActionRequiredAt45_30_15_3_1Days) {
  const std::string arn = put_managed("managed.example.com", days_from_now(70) + 1h);
  advance_days(72);
  auto events = all_events();
  EXPECT_EQ(action_required_days(events), (std::vector<int64_t>{45, 30, 15, 3, 1}));
  // Six attempts: the first, at 60 days, fails quietly.
  ASSERT_EQ(issuer_->calls.size(), 6u);
  EXPECT_EQ(issuer_->calls.front(), pki::testing::test_now() + 11 * kDay);
  for (const auto& e : events) {
    if (e.detail_type() != kRenewalActionRequired) continue;
    EXPECT_EQ(e.event["detail"]["RenewalStatusReason"], "PCA_INVALID_STATE");
    EXPECT_EQ(e.event["detail"]["CertificateType"], "PRIVATE");
    EXPECT_EQ(e.event["resources"][0], arn);
  }
  // It still expires, with its Expired event, and the attempts stop.
  EXPECT_EQ(events.back().detail_type(), "ACM Certificate Expired");
  advance_days(5);
  EXPECT_EQ(issuer_->calls.size(), 6u);
}

TEST_F(RenewalTest, AFailedAttemptIsVisibleInTheRenewalSummary) {
  const std::string arn = put_managed("summary.example.com", days_from_now(50));
  issuer_->failure_reason = "CAA_ERROR";
  advance_days(1);
  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described);
  ASSERT_TRUE(described->renewal_summary.has_value());
  EXPECT_EQ(described->renewal_summary->status, "FAILED");
  EXPECT_EQ(described->renewal_summary->reason, "CAA_ERROR");
  EXPECT_EQ(described->renewal_summary->updated_at, clock_->now());
  EXPECT_EQ(described->renewal_eligibility, "ELIGIBLE");
  EXPECT_EQ(row(arn).renewal_attempt_days, 60);  // 49 days left: the 60-day attempt
}

TEST_F(RenewalTest, ASuccessfulRenewalKeepsTheArnEmitsAvailableAndEndsTheCountdown) {
  const std::string arn = put_managed("renews.example.com", days_from_now(61) + 1h);
  issuer_->failure_reason.reset();
  new_events();
  advance_days(2);  // 60 days left on day two
  auto events = new_events();
  ASSERT_EQ(types_of(events), (std::vector<std::string>{"ACM Certificate Available"}));
  EXPECT_EQ(events[0].event["detail"]["Action"], "RENEWAL");
  EXPECT_EQ(events[0].event["detail"]["CertificateType"], "PRIVATE");
  EXPECT_EQ(events[0].days_to_expiry(), 90);
  auto renewed = row(arn);
  EXPECT_EQ(renewed.type, "PRIVATE");
  EXPECT_EQ(renewed.renewal_status, "SUCCESS");
  EXPECT_EQ(renewed.renewal_attempt_days, 0);
  EXPECT_EQ(renewed.not_after_ms, to_epoch_millis(clock_->now() + 90 * kDay));
  EXPECT_FALSE(renewed.certificate_pem.empty());
  EXPECT_TRUE(renewed.exported);
  // The old NotAfter passes without an expiry; the next attempt is 60 days before the new one.
  advance_days(29);
  EXPECT_TRUE(new_events().empty());
  EXPECT_EQ(issuer_->calls.size(), 1u);
}

TEST_F(RenewalTest, SuccessAfterFailuresStopsTheActionRequiredEvents) {
  put_managed("late.example.com", days_from_now(61) + 1h);
  advance_days(17);  // attempts at 60 and 45 fail
  EXPECT_EQ(action_required_days(all_events()), (std::vector<int64_t>{45}));
  issuer_->failure_reason.reset();
  advance_days(15);  // the 30-day attempt succeeds
  auto events = all_events();
  EXPECT_EQ(action_required_days(events), (std::vector<int64_t>{45}));
  EXPECT_EQ(events.back().event["detail"]["Action"], "RENEWAL");
  EXPECT_EQ(issuer_->calls.size(), 3u);
}

TEST_F(RenewalTest, CatchUpMakesOneAttemptAtTheLatestPointPassed) {
  put_managed("gap.example.com", days_from_now(61) + 1h);
  jump(40 * kDay);  // 21 days left: the 60, 45 and 30-day points all passed while down
  EXPECT_EQ(issuer_->calls.size(), 1u);
  EXPECT_EQ(action_required_days(all_events()), (std::vector<int64_t>{22}));
  advance_days(6);
  EXPECT_EQ(issuer_->calls.size(), 1u);
  advance_days(1);  // the 15-day point
  EXPECT_EQ(issuer_->calls.size(), 2u);
}

TEST_F(RenewalTest, IneligibleAndImportedCertificatesAreNeverAttempted) {
  put_managed("idle.example.com", days_from_now(50), /*exported=*/false);
  import_expiring("imported.example.com", days_from_now(50));
  advance_days(55);
  EXPECT_TRUE(issuer_->calls.empty());
  EXPECT_TRUE(action_required_days(all_events()).empty());
}

TEST_F(RenewalTest, WithoutAnIssuerTheAttemptFailsWithReasonOther) {
  issuers_ = std::make_unique<IssuerRegistry>();  // nothing registered
  restart();
  put_managed("orphan.example.com", days_from_now(40) + 1h);
  advance_days(1);
  auto events = all_events();
  ASSERT_EQ(action_required_days(events).size(), 1u);
  EXPECT_EQ(events.back().event["detail"]["RenewalStatusReason"], "OTHER");
}

// An issuer that changes the certificate while it works, as a concurrent re-import would.
class MeddlingIssuer final : public RenewalIssuer {
 public:
  MeddlingIssuer(store::Store& store, TestIssuer& inner) : store_(store), inner_(inner) {}
  tl::expected<inventory::RenewedCertificate, RenewalFailure> renew(
      const store::CertificateRow& certificate) override {
    auto txn = store_.begin();
    EXPECT_TRUE(txn);
    EXPECT_TRUE((*txn)->update_certificate_lifecycle(certificate));  // bumps the version
    EXPECT_TRUE((*txn)->commit());
    return inner_.renew(certificate);
  }

 private:
  store::Store& store_;
  TestIssuer& inner_;
};

TEST_F(RenewalTest, ARenewalOfACertificateThatChangedMeanwhileIsDroppedAndRetried) {
  MeddlingIssuer meddling(*store_, *issuer_);
  issuers_->add("PRIVATE", meddling);
  const std::string arn = put_managed("raced.example.com", days_from_now(40) + 1h);
  for (bool fails : {false, true}) {
    if (fails) {
      issuer_->failure_reason = "OTHER";
    } else {
      issuer_->failure_reason.reset();
    }
    const size_t calls = issuer_->calls.size();
    advance_days(1);
    EXPECT_EQ(issuer_->calls.size(), calls + 1);  // attempted again: nothing was recorded
    for (const auto& e : all_events()) {
      EXPECT_EQ(e.detail_type(), "ACM Certificate Approaching Expiration") << e.event.dump();
    }
    EXPECT_EQ(row(arn).renewal_status, "");
  }
}

TEST(RenewalScheduleTest, PointDueIsTheSmallestPointPassedAndNotYetAttempted) {
  const int64_t day = 86'400'000;
  Timeline cert{0, 100 * day, 0};
  EXPECT_EQ(renewal_point_due(cert, 39 * day), 0);   // 61 days left
  EXPECT_EQ(renewal_point_due(cert, 40 * day), 60);  // 60 days left
  EXPECT_EQ(renewal_point_due(cert, 80 * day), 30);  // 20 days left
  cert.renewal_attempt_days = 30;
  EXPECT_EQ(renewal_point_due(cert, 80 * day), 0);
  EXPECT_EQ(renewal_point_due(cert, 85 * day), 15);
  EXPECT_EQ(renewal_point_due(cert, 99 * day), 1);
  EXPECT_EQ(renewal_point_due(cert, 100 * day), 0);  // expired
}

}  // namespace
}  // namespace certflow::lifecycle::testing
