// Summaries of ACM's EventBridge events (shapes from acm-events.md) and of other messages.
#include "notify/channels/acm_summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/channels/acm_events.h"

namespace certflow::notify {
namespace {

using testing::acm_event;
using testing::acm_notification;
using testing::kCertificateArn;
using testing::kCertificateId;

const std::string kConsole = "http://127.0.0.1:8443/console/certificates/" + kCertificateId;

std::string fact(const MessageSummary& summary, const std::string& label) {
  for (const auto& [name, value] : summary.facts()) {
    if (name == label) return value;
  }
  return "<none>";
}

TEST(AcmSummaryTest, ApproachingExpirationOfAnUnknownTypeSaysHowToReimport) {
  const auto s =
      summarize(acm_notification(acm_event("ACM Certificate Approaching Expiration",
                                           {{"DaysToExpiry", 30}, {"CommonName", "example.com"}})),
                "http://127.0.0.1:8443");
  EXPECT_TRUE(s.certificate_event);
  EXPECT_EQ(s.title, "ACM: certificate for example.com expires in 30 days");
  EXPECT_EQ(fact(s, "Certificate"), kCertificateArn);
  EXPECT_EQ(fact(s, "Domain"), "example.com");
  EXPECT_EQ(fact(s, "Days left"), "30");
  EXPECT_EQ(fact(s, "Expires"), "2026-12-27");  // the event's time plus 30 days
  EXPECT_EQ(fact(s, "Status"), "Approaching expiration");
  EXPECT_NE(s.action.find("re-import a renewed certificate before 2026-12-27"), std::string::npos)
      << s.action;
  EXPECT_NE(s.action.find("--certificate-arn " + kCertificateArn), std::string::npos);
  EXPECT_EQ(fact(s, "Console"), kConsole);
  EXPECT_EQ(s.text().rfind(s.title + "\n\nCertificate: " + kCertificateArn + "\n", 0), 0u)
      << s.text();
}

TEST(AcmSummaryTest, ApproachingExpirationOfAnImportedCertificateAsksForReimport) {
  const auto s = summarize(
      acm_notification(acm_event("ACM Certificate Approaching Expiration",
                                 {{"DaysToExpiry", 1},
                                  {"CommonName", "legacy.example.com"},
                                  {"CertificateType", "IMPORTED"},
                                  {"CertificateExpirationDate", "2026-11-28T08:00:00Z"}})),
      "http://127.0.0.1:8443");
  EXPECT_EQ(s.title, "ACM: certificate for legacy.example.com expires in 1 day");
  EXPECT_EQ(s.action.rfind("Re-import a renewed certificate before 2026-11-28", 0), 0u) << s.action;
}

TEST(AcmSummaryTest, ExpiredSaysReplaceNow) {
  const auto s =
      summarize(acm_notification(acm_event("ACM Certificate Expired",
                                           {{"CertificateType", "AMAZON_ISSUED"},
                                            {"CommonName", "shop.example.com"},
                                            {"CertificateExpirationDate", "2026-11-27T10:00:00Z"},
                                            {"DaysToExpiry", 0},
                                            {"InUse", true}})),
                "http://127.0.0.1:8443");
  EXPECT_EQ(s.title, "ACM: certificate for shop.example.com has expired");
  EXPECT_EQ(fact(s, "Days left"), "0 (expired)");
  EXPECT_EQ(fact(s, "Expires"), "2026-11-27");
  EXPECT_EQ(fact(s, "Status"), "Expired");
  EXPECT_EQ(s.action.rfind("Replace it now", 0), 0u) << s.action;
}

TEST(AcmSummaryTest, AvailableSaysDeployOrExport) {
  const auto exported = summarize(
      acm_notification(acm_event("ACM Certificate Available", {{"Action", "RENEWAL"},
                                                               {"CertificateType", "PRIVATE"},
                                                               {"CommonName", "api.internal"},
                                                               {"DaysToExpiry", 395},
                                                               {"Exported", true}})),
      "http://127.0.0.1:8443");
  EXPECT_EQ(exported.title, "ACM: certificate for api.internal is available (RENEWAL)");
  EXPECT_EQ(fact(exported, "Status"), "Available (RENEWAL)");
  EXPECT_EQ(fact(exported, "Days left"), "395");
  EXPECT_NE(exported.action.find("export-certificate"), std::string::npos) << exported.action;

  const auto issued = summarize(
      acm_notification(acm_event("ACM Certificate Available", {{"Action", "ISSUANCE"},
                                                               {"CertificateType", "AMAZON_ISSUED"},
                                                               {"CommonName", "www.example.com"},
                                                               {"Exported", false}})),
      "http://127.0.0.1:8443");
  EXPECT_NE(issued.action.find("get-certificate"), std::string::npos) << issued.action;
}

TEST(AcmSummaryTest, RenewalActionRequiredGivesTheReasonAndTheFix) {
  const auto s = summarize(acm_notification(acm_event("ACM Certificate Renewal Action Required",
                                                      {{"CertificateType", "PRIVATE"},
                                                       {"CommonName", "db.internal"},
                                                       {"RenewalStatusReason", "PCA_ACCESS_DENIED"},
                                                       {"DaysToExpiry", 30}})),
                           "http://127.0.0.1:8443");
  EXPECT_EQ(s.title, "ACM: certificate for db.internal needs action to renew (PCA_ACCESS_DENIED)");
  EXPECT_EQ(fact(s, "Status"), "Renewal action required: PCA_ACCESS_DENIED");
  EXPECT_NE(s.action.find("ACM may not use the private CA"), std::string::npos) << s.action;
  EXPECT_NE(s.action.find("acm-pca create-permission"), std::string::npos) << s.action;

  const auto caa = summarize(acm_notification(acm_event("ACM Certificate Renewal Action Required",
                                                        {{"CommonName", "example.org"},
                                                         {"RenewalStatusReason", "CAA_ERROR"}})),
                             "");
  EXPECT_NE(caa.action.find("CAA record"), std::string::npos) << caa.action;
  EXPECT_EQ(fact(caa, "Console"), "<none>");  // no public URL, no link

  const auto unknown =
      summarize(acm_notification(acm_event(
                    "ACM Certificate Renewal Action Required",
                    {{"CommonName", "example.org"}, {"RenewalStatusReason", "SOMETHING_NEW"}})),
                "");
  EXPECT_NE(unknown.action.find("SOMETHING_NEW"), std::string::npos);
}

TEST(AcmSummaryTest, DomainFallsBackToDomainNameThenTheCertificateId) {
  const auto named = summarize(
      acm_notification(acm_event("ACM Certificate Expired", {{"DomainName", "alt.example.com"}})),
      "");
  EXPECT_EQ(named.domain, "alt.example.com");
  const auto bare = summarize(
      acm_notification(acm_event("ACM Certificate Expired", nlohmann::json::object())), "");
  EXPECT_EQ(bare.domain, kCertificateId);
  EXPECT_EQ(bare.title, "ACM: certificate for " + kCertificateId + " has expired");
  EXPECT_EQ(fact(bare, "Days left"), "<none>");
}

TEST(AcmSummaryTest, OtherCertificateEventsUseTheirDetailType) {
  auto event = acm_event("certflow Certificate Deployment Failed",
                         {{"CommonName", "example.com"}, {"Reason", "nginx reload failed"}});
  event["source"] = "certflow.deploy";
  const auto s = summarize(acm_notification(event), "http://127.0.0.1:8443");
  EXPECT_TRUE(s.certificate_event);
  EXPECT_EQ(s.title, "certflow Certificate Deployment Failed: example.com");
  EXPECT_EQ(s.action, "nginx reload failed");
  EXPECT_EQ(fact(s, "Console"), kConsole);
}

TEST(AcmSummaryTest, PlainMessagesGetAGenericSummary) {
  Notification n = acm_notification(nlohmann::ordered_json::object());
  n.message = "backup finished";
  n.subject.reset();
  n.topic_display_name = "";
  auto s = summarize(n, "http://127.0.0.1:8443");
  EXPECT_FALSE(s.certificate_event);
  EXPECT_EQ(s.title, "Message from topic cert-alerts");
  EXPECT_TRUE(s.console_url.empty());
  n.topic_display_name = "Backups";
  EXPECT_EQ(summarize(n, "").title, "Backups");
  n.subject = "Nightly backup";
  EXPECT_EQ(summarize(n, "").title, "Nightly backup");

  // A JSON event without a certificate is named by its detail-type and source.
  n.message = R"({"detail-type":"Scheduled Event","source":"aws.events","detail":{}})";
  s = summarize(n, "");
  EXPECT_FALSE(s.certificate_event);
  EXPECT_EQ(s.title, "Scheduled Event (aws.events)");
}

TEST(AcmSummaryTest, ReadableMessagePrettyPrintsJsonOnly) {
  EXPECT_EQ(readable_message(R"({"b":1,"a":[true]})"),
            "{\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}");
  EXPECT_EQ(readable_message("plain {text"), "plain {text");
  EXPECT_EQ(readable_message("42"), "42");
}

}  // namespace
}  // namespace certflow::notify
