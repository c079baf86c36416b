// Findings over a real SQLite store in a temporary directory, on a SimulatedClock, and ACM
// events shaped as acm-events.md shows them (account 123456789012, us-east-1).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "findings/findings.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::findings::testing {

using nlohmann::json;
using store::testing::must;

inline const std::string kAccount = "123456789012";
inline const std::string kCertificateId = "61f50cd4-45b9-4259-b049-d0a53682fa4b";

inline std::string certificate_arn(const std::string& id = kCertificateId) {
  return "arn:aws:acm:us-east-1:" + kAccount + ":certificate/" + id;
}

inline TimePoint at(const std::string& iso) {
  TimePoint t;
  EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
  return t;
}

// An ACM event of `detail_type` for certificate `id` at `time`, with `detail`.
inline std::string acm_event(const std::string& detail_type, const std::string& time, json detail,
                             const std::string& id = kCertificateId,
                             const std::string& event_id = "9c95e8e4-96a4-ef3f-b739-b6aa5b193afb") {
  return json{{"version", "0"},
              {"id", event_id},
              {"detail-type", detail_type},
              {"source", "aws.acm"},
              {"account", kAccount},
              {"time", time},
              {"region", "us-east-1"},
              {"resources", {certificate_arn(id)}},
              {"detail", std::move(detail)}}
      .dump();
}

inline std::string approaching(const std::string& time, int days,
                               const std::string& id = kCertificateId) {
  return acm_event("ACM Certificate Approaching Expiration", time,
                   {{"DaysToExpiry", days}, {"CommonName", "example.com"}}, id);
}

inline std::string expired(const std::string& time, const std::string& id = kCertificateId) {
  return acm_event("ACM Certificate Expired", time,
                   {{"CertificateType", "AMAZON_ISSUED"},
                    {"CommonName", "example.com"},
                    {"DomainValidationMethod", "DNS"},
                    {"CertificateCreatedDate", "2018-12-22T18:43:48Z"},
                    {"CertificateExpirationDate", time},
                    {"DaysToExpiry", 0},
                    {"InUse", true},
                    {"Exported", false}},
                   id);
}

inline std::string renewal_action_required(const std::string& time, int days,
                                           const std::string& reason,
                                           const std::string& id = kCertificateId) {
  return acm_event("ACM Certificate Renewal Action Required", time,
                   {{"CertificateType", "AMAZON_ISSUED"},
                    {"CommonName", "example.com"},
                    {"DomainValidationMethod", "DNS"},
                    {"RenewalStatusReason", reason},
                    {"DaysToExpiry", days},
                    {"CertificateCreatedDate", "2018-12-22T18:43:48Z"},
                    {"CertificateExpirationDate", "2019-12-22T18:43:48Z"},
                    {"InUse", true},
                    {"Exported", false}},
                   id);
}

inline std::string available(const std::string& time, const std::string& not_after,
                             const std::string& id = kCertificateId) {
  return acm_event("ACM Certificate Available", time,
                   {{"Action", "RENEWAL"},
                    {"CertificateType", "AMAZON_ISSUED"},
                    {"CommonName", "example.com"},
                    {"DomainValidationMethod", "DNS"},
                    {"CertificateCreatedDate", "2018-12-22T18:43:48Z"},
                    {"CertificateExpirationDate", not_after},
                    {"DaysToExpiry", 395},
                    {"InUse", true},
                    {"Exported", false}},
                   id);
}

class FindingsTest : public ::testing::Test {
 protected:
  FindingsTest()
      : store_(must(store::open_sqlite_store({dir_.path() + "/certflow.db"}))),
        clock_(at("2019-11-20T00:00:00Z")),
        findings_(*store_, clock_, {"us-east-1", kAccount}) {}

  void record(const std::string& event) {
    auto ok = findings_.record_event(event);
    ASSERT_TRUE(ok) << ok.error().message;
  }
  // The finding `id`; fails the test when there is none.
  json finding(const std::string& id = certificate_arn() + "/expiry") {
    auto found = must(findings_.get_finding(id));
    EXPECT_TRUE(found.has_value()) << id;
    return found.value_or(json::object());
  }
  std::vector<json> all(const FindingFilters& filters = {}) {
    return must(findings_.get_findings(filters, std::nullopt)).findings;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  SimulatedClock clock_;
  Findings findings_;
};

}  // namespace certflow::findings::testing
