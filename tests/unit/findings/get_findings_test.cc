// GetFindings' filters (Security Hub's StringFilter semantics) and paging.
#include <set>

#include "findings_fixture.h"

namespace certflow::findings::testing {
namespace {

FindingFilters filter(const std::string& field, const std::string& value,
                      Comparison comparison = Comparison::kEquals) {
  FindingFilters filters;
  filters.fields[field].push_back({value, comparison});
  return filters;
}

std::vector<std::string> ids(const std::vector<json>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f["Id"]);
  return out;
}

std::string expiry_id(const std::string& certificate) {
  return certificate_arn(certificate) + "/expiry";
}

class GetFindingsTest : public FindingsTest {
 protected:
  // a: approaching, LOW; b: expired, HIGH; c: resolved.
  void SetUp() override {
    record(approaching("2019-11-20T00:00:00Z", 40, "a"));
    record(expired("2019-12-22T18:43:48Z", "b"));
    record(approaching("2019-11-20T00:00:00Z", 10, "c"));
    record(available("2019-11-21T00:00:00Z", "2020-12-22T18:43:48Z", "c"));
  }
};

TEST_F(GetFindingsTest, WithoutFiltersAllFindingsComeInIdOrder) {
  EXPECT_EQ(ids(all()), (std::vector<std::string>{expiry_id("a"), expiry_id("b"), expiry_id("c")}));
}

TEST_F(GetFindingsTest, FiltersByStateSeverityResourceGeneratorAndTitle) {
  EXPECT_EQ(ids(all(filter("RecordState", "ACTIVE"))),
            (std::vector<std::string>{expiry_id("a"), expiry_id("b")}));
  EXPECT_EQ(ids(all(filter("WorkflowStatus", "RESOLVED"))),
            (std::vector<std::string>{expiry_id("c")}));
  EXPECT_EQ(ids(all(filter("SeverityLabel", "HIGH"))), (std::vector<std::string>{expiry_id("b")}));
  EXPECT_EQ(ids(all(filter("ResourceId", certificate_arn("a")))),
            (std::vector<std::string>{expiry_id("a")}));
  EXPECT_EQ(all(filter("GeneratorId", "certflow-acm-certificate-expiry")).size(), 3u);
  EXPECT_TRUE(all(filter("GeneratorId", "certflow-acm-certificate-revoked")).empty());
  EXPECT_EQ(ids(all(filter("Title", "ACM certificate expired", Comparison::kPrefix))),
            (std::vector<std::string>{expiry_id("b")}));
  EXPECT_EQ(ids(all(filter("ComplianceStatus", "PASSED"))),
            (std::vector<std::string>{expiry_id("c")}));
  EXPECT_EQ(all(filter("ResourceType", "AwsCertificateManagerCertificate")).size(), 3u);
}

TEST_F(GetFindingsTest, PositiveConditionsOnAFieldAreOrNegativeOnesAndFieldsAnd) {
  FindingFilters either;
  either.fields["SeverityLabel"] = {{"LOW", Comparison::kEquals}, {"HIGH", Comparison::kEquals}};
  EXPECT_EQ(ids(all(either)), (std::vector<std::string>{expiry_id("a"), expiry_id("b")}));

  FindingFilters neither;
  neither.fields["SeverityLabel"] = {{"LOW", Comparison::kNotEquals},
                                     {"HIGH", Comparison::kNotEquals}};
  EXPECT_EQ(ids(all(neither)), (std::vector<std::string>{expiry_id("c")}));

  FindingFilters both = filter("RecordState", "ACTIVE");
  both.fields["SeverityLabel"] = {{"LOW", Comparison::kNotEquals}};
  EXPECT_EQ(ids(all(both)), (std::vector<std::string>{expiry_id("b")}));

  FindingFilters prefix_but_not = filter("ResourceId", certificate_arn(""), Comparison::kPrefix);
  prefix_but_not.fields["ResourceId"].push_back({certificate_arn("b"), Comparison::kNotEquals});
  EXPECT_EQ(ids(all(prefix_but_not)), (std::vector<std::string>{expiry_id("a"), expiry_id("c")}));

  EXPECT_EQ(all(filter("Title", "expired", Comparison::kContains)).size(), 1u);
  EXPECT_EQ(all(filter("Title", "expired", Comparison::kNotContains)).size(), 2u);
  EXPECT_EQ(all(filter("Id", certificate_arn("a"), Comparison::kPrefixNotEquals)).size(), 2u);
}

TEST_F(GetFindingsTest, FiltersSecurityHubRefusesAreRefused) {
  FindingFilters mixed = filter("SeverityLabel", "LOW");
  mixed.fields["SeverityLabel"].push_back({"HIGH", Comparison::kNotEquals});
  FindingFilters contains_mixed = filter("Title", "a", Comparison::kContains);
  contains_mixed.fields["Title"].push_back({"b", Comparison::kPrefix});
  for (const auto& bad : {mixed, contains_mixed, filter("UpdatedAt", "x"), filter("Title", "")}) {
    auto page = findings_.get_findings(bad, std::nullopt);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::kValidation) << page.error().message;
  }
  auto unknown = findings_.get_findings(filter("UpdatedAt", "x"), std::nullopt);
  EXPECT_NE(unknown.error().message.find("RecordState"), std::string::npos);  // lists the served
}

TEST_F(GetFindingsTest, MaxResultsOutsideOneToHundredAndForeignTokensAreRefused) {
  EXPECT_EQ(findings_.get_findings({}, std::nullopt, 0).error().code, ErrorCode::kValidation);
  EXPECT_EQ(findings_.get_findings({}, std::nullopt, 101).error().code, ErrorCode::kValidation);
  EXPECT_EQ(findings_.get_findings({}, std::string("not-a-token")).error().code,
            ErrorCode::kValidation);
  EXPECT_EQ(
      findings_.get_findings({}, std::string("Y2VydGZsb3ctZXZlbnRzLWFmdGVyOjM=")).error().code,
      ErrorCode::kValidation);  // a ListEvents token
}

TEST_F(FindingsTest, PagesCoverEveryMatchOnceAndTheLastHasNoToken) {
  for (int i = 0; i < 250; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "c%03d", i);
    // Every third one resolved, so filtered pages skip rows.
    record(approaching("2019-11-20T00:00:00Z", 20, id));
    if (i % 3 == 0) record(available("2019-11-21T00:00:00Z", "2020-12-22T18:43:48Z", id));
  }
  for (int max : {1, 7, 100}) {
    std::set<std::string> seen;
    std::string last;
    std::optional<std::string> token;
    int pages = 0;
    do {
      auto page = must(findings_.get_findings(filter("RecordState", "ACTIVE"), token, max));
      ASSERT_LE(page.findings.size(), static_cast<size_t>(max));
      for (const auto& f : page.findings) {
        EXPECT_GT(f["Id"].get<std::string>(), last);
        last = f["Id"];
        EXPECT_TRUE(seen.insert(last).second);
        EXPECT_EQ(f["RecordState"], "ACTIVE");
      }
      token = page.next_token;
      if (token) {
        EXPECT_EQ(page.findings.size(), static_cast<size_t>(max));
      }
      ++pages;
    } while (token);
    EXPECT_EQ(seen.size(), 166u) << max;  // 250 less the 84 resolved
    EXPECT_EQ(pages, (166 + max - 1) / max) << max;
  }
}

}  // namespace
}  // namespace certflow::findings::testing
