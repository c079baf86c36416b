// One ACM event → one ASFF finding with everything Security Hub requires; what is not an ACM
// event is refused.
#include "findings_fixture.h"

namespace certflow::findings::testing {
namespace {

TEST_F(FindingsTest, ApproachingExpirationBecomesAFindingWithEveryRequiredField) {
  clock_.set(at("2020-09-30T06:52:00Z"));
  record(approaching("2020-09-30T06:51:08Z", 31));

  json f = finding();
  // ASFF's required attributes (asff-required-attributes) ...
  EXPECT_EQ(f["SchemaVersion"], "2018-10-08");
  EXPECT_EQ(f["Id"], certificate_arn() + "/expiry");
  EXPECT_EQ(f["ProductArn"],
            "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default");
  EXPECT_EQ(f["GeneratorId"], "certflow-acm-certificate-expiry");
  EXPECT_EQ(f["AwsAccountId"], kAccount);
  EXPECT_EQ(f["Types"],
            json::array({"Software and Configuration Checks/AWS Security Best Practices"}));
  EXPECT_EQ(f["CreatedAt"], "2020-09-30T06:52:00Z");  // from the clock, not the event
  EXPECT_EQ(f["UpdatedAt"], "2020-09-30T06:52:00Z");
  EXPECT_EQ(f["Severity"]["Label"], "LOW");  // 31 days left
  EXPECT_EQ(f["Severity"]["Normalized"], 1);
  EXPECT_EQ(f["Title"], "ACM certificate approaching expiration: example.com");
  const std::string description = f["Description"];
  EXPECT_NE(description.find(certificate_arn()), std::string::npos) << description;
  EXPECT_NE(description.find("example.com"), std::string::npos) << description;
  EXPECT_NE(description.find("in 31 days"), std::string::npos) << description;
  EXPECT_NE(description.find("renew"), std::string::npos) << description;
  ASSERT_EQ(f["Resources"].size(), 1u);
  const json& resource = f["Resources"][0];
  EXPECT_EQ(resource["Type"], "AwsCertificateManagerCertificate");
  EXPECT_EQ(resource["Id"], certificate_arn());
  EXPECT_EQ(resource["Region"], "us-east-1");
  EXPECT_EQ(resource["Partition"], "aws");
  EXPECT_EQ(resource["Details"]["AwsCertificateManagerCertificate"]["DomainName"], "example.com");
  // ... and the state of a new problem.
  EXPECT_EQ(f["Workflow"]["Status"], "NEW");
  EXPECT_EQ(f["RecordState"], "ACTIVE");
  EXPECT_EQ(f["Compliance"]["Status"], "FAILED");
  EXPECT_EQ(f["FirstObservedAt"], "2020-09-30T06:51:08Z");
  EXPECT_EQ(f["LastObservedAt"], "2020-09-30T06:51:08Z");
  EXPECT_TRUE(f["Remediation"]["Recommendation"]["Text"].is_string());
  EXPECT_EQ(f["ProductFields"]["certflow/acm/DaysToExpiry"], "31");
  EXPECT_EQ(f["ProductFields"]["certflow/acm/DetailType"],
            "ACM Certificate Approaching Expiration");
}

TEST_F(FindingsTest, SeverityFollowsTheDaysLeft) {
  const std::vector<std::pair<int, std::string>> cases = {
      {45, "LOW"}, {31, "LOW"}, {30, "MEDIUM"}, {8, "MEDIUM"}, {7, "HIGH"}, {1, "HIGH"}};
  int n = 0;
  for (const auto& [days, label] : cases) {
    const std::string id = "cert-" + std::to_string(++n);
    record(approaching("2020-09-30T06:51:08Z", days, id));
    json f = finding(certificate_arn(id) + "/expiry");
    EXPECT_EQ(f["Severity"]["Label"], label) << days << " days";
  }
}

TEST_F(FindingsTest, ExpiredFindingIsHighAndNamesTheExpiry) {
  record(expired("2019-12-22T18:43:48Z"));
  json f = finding();
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");
  EXPECT_EQ(f["Severity"]["Normalized"], 70);
  EXPECT_EQ(f["Title"], "ACM certificate expired: example.com");
  const json& details = f["Resources"][0]["Details"]["AwsCertificateManagerCertificate"];
  EXPECT_EQ(details["Status"], "EXPIRED");
  EXPECT_EQ(details["NotAfter"], "2019-12-22T18:43:48Z");
  EXPECT_EQ(details["Type"], "AMAZON_ISSUED");
  const std::string description = f["Description"];
  EXPECT_NE(description.find("expired at 2019-12-22T18:43:48Z"), std::string::npos);
  EXPECT_NE(description.find("still associated"), std::string::npos);  // InUse: true
}

TEST_F(FindingsTest, RenewalActionRequiredNamesTheReasonAndWhatToDo) {
  record(renewal_action_required("2019-11-22T18:43:48Z", 30, "CAA_ERROR"));
  json f = finding();
  EXPECT_EQ(f["Severity"]["Label"], "MEDIUM");
  EXPECT_EQ(f["Title"], "ACM certificate renewal needs action: example.com");
  const std::string description = f["Description"];
  EXPECT_NE(description.find("CAA_ERROR"), std::string::npos) << description;
  EXPECT_NE(description.find("CAA DNS records"), std::string::npos) << description;
  EXPECT_EQ(f["ProductFields"]["certflow/acm/RenewalStatusReason"], "CAA_ERROR");

  record(renewal_action_required("2019-12-07T18:43:48Z", 15, "CAA_ERROR", "other"));
  EXPECT_EQ(finding(certificate_arn("other") + "/expiry")["Severity"]["Label"], "HIGH");
}

TEST_F(FindingsTest, RevokedCertificateGetsItsOwnFinding) {
  record(approaching("2019-11-20T00:00:00Z", 31));
  record(acm_event("ACM Certificate Revoked By CA", "2019-11-21T00:00:00Z",
                   {{"CommonName", "example.com"},
                    {"CertificateType", "PRIVATE"},
                    {"RevocationReason", "KEY_COMPROMISE"},
                    {"CertificateSerial", "00:11:22"}}));
  EXPECT_EQ(all().size(), 2u);
  json f = finding(certificate_arn() + "/revoked");
  EXPECT_EQ(f["Severity"]["Label"], "HIGH");
  EXPECT_EQ(f["GeneratorId"], "certflow-acm-certificate-revoked");
  EXPECT_EQ(f["Title"], "ACM certificate revoked: example.com");
  EXPECT_NE(f["Description"].get<std::string>().find("KEY_COMPROMISE"), std::string::npos);
  EXPECT_EQ(finding()["Severity"]["Label"], "LOW");  // the expiry finding is untouched
}

TEST_F(FindingsTest, EventsOfOtherSourcesAreRefused) {
  const std::string health = json{
      {"version", "0"},
      {"id", "1"},
      {"detail-type", "AWS Health Event"},
      {"source", "aws.health"},
      {"account", kAccount},
      {"time", "2020-09-30T06:51:08Z"},
      {"region", "us-east-1"},
      {"resources", json::array()},
      {"detail",
       {{"service", "ACM"}}}}.dump();
  for (const std::string& payload :
       {health, std::string("not json"), std::string("[1,2]"), std::string(R"({"x":1})")}) {
    auto recorded = findings_.record_event(payload);
    ASSERT_FALSE(recorded) << payload;
    EXPECT_EQ(recorded.error().code, ErrorCode::kValidation) << payload;
  }
  auto refused = findings_.record_event(health);
  EXPECT_NE(refused.error().message.find("'aws.health'"), std::string::npos);
  EXPECT_TRUE(all().empty());
}

TEST_F(FindingsTest, AcmEventsWithoutACertificateOrTimeAreRefused) {
  json event = json::parse(approaching("2020-09-30T06:51:08Z", 31));
  event["resources"] = json::array();
  EXPECT_EQ(findings_.record_event(event.dump()).error().code, ErrorCode::kValidation);
  event["resources"] = {"arn:aws:sqs:us-east-1:123456789012:queue"};
  EXPECT_EQ(findings_.record_event(event.dump()).error().code, ErrorCode::kValidation);
  event = json::parse(approaching("2020-09-30T06:51:08Z", 31));
  event["time"] = "yesterday";
  EXPECT_EQ(findings_.record_event(event.dump()).error().code, ErrorCode::kValidation);
  // A member of the wrong type counts as absent instead of failing the parse.
  event = json::parse(approaching("2020-09-30T06:51:08Z", 31));
  event["detail"]["DaysToExpiry"] = "soon";
  event["detail"]["CommonName"] = 7;
  record(event.dump());
  EXPECT_EQ(finding()["Severity"]["Label"], "MEDIUM");
  EXPECT_EQ(finding()["Title"], "ACM certificate approaching expiration: " + certificate_arn());
}

TEST_F(FindingsTest, AcmEventsThatReportNoProblemMakeNoFinding) {
  record(acm_event("ACM Certificate Rotated", "2020-09-30T06:51:08Z", json::object()));
  record(acm_event("AWS API Call via CloudTrail", "2020-09-30T06:51:08Z",
                   {{"eventName", "DescribeCertificate"}}));
  record(available("2020-09-30T06:51:08Z", "2021-10-30T06:51:08Z"));  // nothing to resolve
  EXPECT_TRUE(all().empty());
}

}  // namespace
}  // namespace certflow::findings::testing
