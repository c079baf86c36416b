// A certificate's events over time: one expiry finding per certificate, updated, resolved and
// reopened; repeated and late deliveries change nothing but UpdatedAt.
#include "findings_fixture.h"

namespace certflow::findings::testing {
namespace {

TEST_F(FindingsTest, ExpiredUpdatesTheApproachingExpirationFinding) {
  clock_.set(at("2019-11-21T00:00:00Z"));
  record(approaching("2019-11-21T18:43:48Z", 31));
  clock_.set(at("2019-12-22T19:00:00Z"));
  record(expired("2019-12-22T18:43:48Z"));

  ASSERT_EQ(all().size(), 1u);
  json f = finding();
  EXPECT_EQ(f["CreatedAt"], "2019-11-21T00:00:00Z");  // kept
  EXPECT_EQ(f["UpdatedAt"], "2019-12-22T19:00:00Z");
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");  // raised from LOW
  EXPECT_EQ(f["Title"], "ACM certificate expired: example.com");
  EXPECT_EQ(f["FirstObservedAt"], "2019-11-21T18:43:48Z");  // the same occurrence
  EXPECT_EQ(f["LastObservedAt"], "2019-12-22T18:43:48Z");
  EXPECT_EQ(f["RecordState"], "ACTIVE");
  EXPECT_EQ(f["Workflow"]["Status"], "NEW");
}

TEST_F(FindingsTest, ExpiredStaysExpiredUntilACertificateIsAvailable) {
  record(expired("2019-12-22T18:43:48Z"));
  record(approaching("2019-12-23T00:00:00Z", 0));
  json f = finding();
  EXPECT_EQ(f["Title"], "ACM certificate expired: example.com");
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");
}

TEST_F(FindingsTest, BlockedRenewalStaysOnTheFindingAsTheDaysRunOut) {
  record(renewal_action_required("2019-11-22T18:43:48Z", 30, "PCA_ACCESS_DENIED"));
  EXPECT_EQ(finding()["Severity"]["Label"], "MEDIUM");
  record(approaching("2019-12-10T18:43:48Z", 12));  // says nothing of the renewal
  json f = finding();
  EXPECT_EQ(f["Title"], "ACM certificate renewal needs action: example.com");
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");  // blocked with 15 days or fewer left
  EXPECT_EQ(f["ProductFields"]["certflow/acm/RenewalStatusReason"], "PCA_ACCESS_DENIED");
  EXPECT_NE(f["Description"].get<std::string>().find("in 12 days"), std::string::npos);
  // The facts only the renewal event told are kept.
  EXPECT_EQ(f["Resources"][0]["Details"]["AwsCertificateManagerCertificate"]["NotAfter"],
            "2019-12-22T18:43:48Z");
}

TEST_F(FindingsTest, AvailableCertificateResolvesTheFinding) {
  clock_.set(at("2019-11-21T00:00:00Z"));
  record(renewal_action_required("2019-11-21T00:00:00Z", 31, "CAA_ERROR"));
  clock_.set(at("2019-11-25T10:00:00Z"));
  record(available("2019-11-25T09:59:00Z", "2020-12-22T18:43:48Z"));

  ASSERT_EQ(all().size(), 1u);
  json f = finding();
  EXPECT_EQ(f["Workflow"]["Status"], "RESOLVED");
  EXPECT_EQ(f["Compliance"]["Status"], "PASSED");
  EXPECT_EQ(f["RecordState"], "ARCHIVED");
  EXPECT_EQ(f["Severity"]["Label"], "INFORMATIONAL");
  EXPECT_EQ(f["Severity"]["Normalized"], 0);
  EXPECT_EQ(f["CreatedAt"], "2019-11-21T00:00:00Z");
  EXPECT_EQ(f["UpdatedAt"], "2019-11-25T10:00:00Z");
  EXPECT_EQ(f["LastObservedAt"], "2019-11-25T09:59:00Z");
  EXPECT_FALSE(f.contains("Remediation"));
  EXPECT_FALSE(f["ProductFields"].contains("certflow/acm/RenewalStatusReason"));
  const json& details = f["Resources"][0]["Details"]["AwsCertificateManagerCertificate"];
  EXPECT_EQ(details["NotAfter"], "2020-12-22T18:43:48Z");
  EXPECT_EQ(details["Status"], "ISSUED");
  const std::string description = f["Description"];
  EXPECT_EQ(description.rfind("Resolved at 2019-11-25T09:59:00Z", 0), 0u) << description;
  EXPECT_NE(description.find("RENEWAL"), std::string::npos);
}

TEST_F(FindingsTest, AProblemAfterTheResolutionReopensTheSameFinding) {
  clock_.set(at("2019-11-21T00:00:00Z"));
  record(approaching("2019-11-21T00:00:00Z", 31));
  record(available("2019-11-25T00:00:00Z", "2020-12-22T18:43:48Z"));
  clock_.set(at("2020-11-21T00:00:00Z"));
  record(approaching("2020-11-21T00:00:00Z", 7));

  ASSERT_EQ(all().size(), 1u);
  json f = finding();
  EXPECT_EQ(f["RecordState"], "ACTIVE");
  EXPECT_EQ(f["Workflow"]["Status"], "NEW");
  EXPECT_EQ(f["Compliance"]["Status"], "FAILED");
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");
  EXPECT_EQ(f["CreatedAt"], "2019-11-21T00:00:00Z");
  EXPECT_EQ(f["FirstObservedAt"], "2020-11-21T00:00:00Z");  // a new occurrence
  EXPECT_TRUE(f.contains("Remediation"));
}

TEST_F(FindingsTest, TheSameEventAgainOnlyMovesUpdatedAt) {
  const std::string event = renewal_action_required("2019-11-22T18:43:48Z", 30, "CAA_ERROR");
  record(event);
  json first = finding();
  clock_.advance(std::chrono::minutes(5));
  record(event);
  json second = finding();
  EXPECT_NE(first["UpdatedAt"], second["UpdatedAt"]);
  first.erase("UpdatedAt");
  second.erase("UpdatedAt");
  EXPECT_EQ(first, second);

  record(available("2019-11-25T00:00:00Z", "2020-12-22T18:43:48Z"));
  json resolved = finding();
  clock_.advance(std::chrono::minutes(5));
  record(available("2019-11-25T00:00:00Z", "2020-12-22T18:43:48Z"));
  json again = finding();
  EXPECT_NE(resolved["UpdatedAt"], again["UpdatedAt"]);
  resolved.erase("UpdatedAt");
  again.erase("UpdatedAt");
  EXPECT_EQ(resolved, again);
}

TEST_F(FindingsTest, AnEventOlderThanTheFindingsLastChangesNothing) {
  record(approaching("2019-11-21T00:00:00Z", 31));
  record(available("2019-11-25T00:00:00Z", "2020-12-22T18:43:48Z"));
  json before = finding();
  clock_.advance(std::chrono::hours(1));
  record(approaching("2019-11-22T00:00:00Z", 30));  // delivered late, after a retry
  EXPECT_EQ(finding(), before);
}

TEST_F(FindingsTest, AvailableResolvesARevokedFindingToo) {
  record(acm_event("ACM Certificate Revoked", "2019-11-21T00:00:00Z",
                   {{"CommonName", "example.com"}, {"CertificateType", "IMPORTED"}}));
  record(acm_event("ACM Certificate Available", "2019-11-22T00:00:00Z",
                   {{"Action", "REIMPORT"},
                    {"CertificateType", "IMPORTED"},
                    {"CommonName", "example.com"},
                    {"CertificateCreatedDate", "2019-11-22T00:00:00Z"},
                    {"CertificateExpirationDate", "2020-11-22T00:00:00Z"},
                    {"DaysToExpiry", 366},
                    {"InUse", false},
                    {"Exported", false}}));
  json f = finding(certificate_arn() + "/revoked");
  EXPECT_EQ(f["RecordState"], "ARCHIVED");
  EXPECT_EQ(f["Workflow"]["Status"], "RESOLVED");
  EXPECT_EQ(all().size(), 1u);  // no expiry finding was made by the Available event
}

}  // namespace
}  // namespace certflow::findings::testing
