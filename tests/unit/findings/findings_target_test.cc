// The findings target on a real event bus: rules that match ACM events and name the hub turn
// them into findings; what is not an ACM event fails at once, without retries.
#include "findings/findings_target.h"

#include "events/bus/bus_fixture.h"  // tests/unit
#include "findings/findings.h"

namespace certflow::findings {
namespace {

using events::bus::testing::BusTest;
using events::bus::testing::kDlqArn;
using events::bus::testing::must;
using nlohmann::json;

const std::string kHubArn = "arn:aws:securityhub:us-east-1:000000000000:hub/default";

class FindingsTargetTest : public BusTest {
 protected:
  void SetUp() override {
    BusTest::SetUp();
    findings_ =
        std::make_unique<Findings>(store(), clock_, FindingsConfig{"us-east-1", "000000000000"});
    target_ = std::make_unique<FindingsTarget>(*findings_);
    registry_.add("securityhub", *target_);
  }
  std::vector<json> all() { return must(findings_->get_findings({}, std::nullopt)).findings; }

  std::unique_ptr<Findings> findings_;
  std::unique_ptr<FindingsTarget> target_;
};

TEST_F(FindingsTargetTest, OnlyThisInstallationsHubIsATarget) {
  EXPECT_EQ(registry_.find(kHubArn), target_.get());
  EXPECT_TRUE(target_->check(kHubArn));
  put_rule("r", R"({"source":["aws.acm"]})");
  for (const std::string arn : {"arn:aws:securityhub:eu-west-1:000000000000:hub/default",
                                "arn:aws:securityhub:us-east-1:111111111111:hub/default",
                                "arn:aws:securityhub:us-east-1:000000000000:hub/other",
                                "arn:aws:securityhub:us-east-1:000000000000:product/x/default"}) {
    auto refused = target_->check(arn);
    ASSERT_FALSE(refused) << arn;
    EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
    EXPECT_NE(refused.error().message.find(kHubArn), std::string::npos);
    auto failures = must(bus().put_targets(events::bus::kDefaultBus, "r", {target("hub", arn)}));
    EXPECT_EQ(failures.size(), 1u) << arn;
  }
}

TEST_F(FindingsTargetTest, AcmEventsMatchedByARuleBecomeFindings) {
  put_rule("acm", R"({"source":["aws.acm"]})");
  put_target("acm", target("hub", kHubArn));
  append_acm_event("ACM Certificate Expired",
                   R"({"CertificateType":"PRIVATE","CommonName":"db.internal",)"
                   R"("CertificateCreatedDate":"2019-01-01T00:00:00Z",)"
                   R"("CertificateExpirationDate":"2020-01-01T00:00:00Z","InUse":false,)"
                   R"("Exported":true})");
  append_acm_event("ACM Certificate Rotated", "{}");
  pump();

  auto findings = all();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0]["Id"], "arn:aws:acm:us-east-1:000000000000:certificate/1/expiry");
  EXPECT_EQ(findings[0]["Title"], "ACM certificate expired: db.internal");
  EXPECT_EQ(findings[0]["ProductArn"],
            "arn:aws:securityhub:us-east-1:000000000000:product/000000000000/default");
  EXPECT_EQ(metric("Invocations", "acm", "hub"), 2);
  EXPECT_EQ(metric("FailedInvocations", "acm", "hub"), 0);
}

TEST_F(FindingsTargetTest, OtherEventsFailAtOnceAsNotAnAcmEvent) {
  put_rule("shop", R"({"source":["shop"]})");
  auto spec = target("hub", kHubArn);
  spec.dead_letter_arn = kDlqArn;
  put_target("shop", spec);
  put_event("shop", "Order Placed", R"({"n":1})");
  pump();

  EXPECT_TRUE(all().empty());
  auto dead = queues_.delivered_to(kDlqArn);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attributes.at("ERROR_CODE"), "NotAnAcmEvent");
  EXPECT_EQ(dead[0].attributes.at("RETRY_ATTEMPTS"), "0");  // not retried
  EXPECT_NE(dead[0].attributes.at("ERROR_MESSAGE").find("'shop'"), std::string::npos);
  EXPECT_EQ(metric("FailedInvocations", "shop", "hub"), 1);
}

TEST_F(FindingsTargetTest, DeliverReportsWhatCanAndCannotBeRetried) {
  events::bus::Delivery delivery;
  delivery.target_arn = kHubArn;
  delivery.payload = R"({"source":"shop"})";
  auto refused = target_->deliver(delivery);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "NotAnAcmEvent");
  EXPECT_FALSE(refused.error().retryable);

  delivery.target_arn = "arn:aws:securityhub:us-east-1:000000000000:hub/other";
  EXPECT_EQ(target_->deliver(delivery).error().code, "ResourceNotFound");
}

}  // namespace
}  // namespace certflow::findings
