// Security findings from ACM events: each ACM event that reports a problem with a certificate
// becomes (or updates) an AWS Security Finding Format (ASFF) finding, kept in the store, and
// GetFindings reads them as Security Hub does.
//
// Findings per certificate (Id = "<certificate ARN>/<type>"):
// - "expiry": Approaching Expiration, Renewal Action Required and Expired are one finding, so an
//   Expired event updates the Approaching Expiration finding instead of adding a second one.
//   Severity follows the days left and whether renewal is blocked; Expired stays expired until
//   a certificate is available again. ACM Certificate Available for the certificate resolves
//   it: Workflow.Status RESOLVED, Compliance.Status PASSED, RecordState ARCHIVED (the provider's
//   way of saying "no longer relevant"), Severity INFORMATIONAL (as Security Hub's own controls
//   label passed checks). A later problem event reopens the same finding as a new occurrence:
//   ACTIVE, FAILED, Workflow NEW, FirstObservedAt reset, CreatedAt kept.
// - "revoked": Revoked and Revoked By CA.
// Other ACM events (Rotated, API calls) make no finding.
//
// Delivery is at least once and may reorder: an event older than the one a finding last took
// (its time) changes nothing, and the same event again only moves UpdatedAt.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace certflow::findings {

// The store's kind for finding rows (store::ResourceRow; name = the finding's Id).
inline constexpr std::string_view kFindingKind = "securityhub-finding";

struct FindingsConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

// Security Hub's StringFilter comparisons. On one field, EQUALS, PREFIX and CONTAINS conditions
// are joined by OR, NOT_EQUALS, PREFIX_NOT_EQUALS and NOT_CONTAINS by AND; fields by AND.
enum class Comparison { kEquals, kPrefix, kContains, kNotEquals, kPrefixNotEquals, kNotContains };

struct StringFilter {
  std::string value;
  Comparison comparison = Comparison::kEquals;
};

// GetFindings' Filters: an AwsSecurityFindingFilters member name ("RecordState",
// "SeverityLabel", ...) to its conditions. supported_filter_fields() lists the names served.
struct FindingFilters {
  std::map<std::string, std::vector<StringFilter>, std::less<>> fields;
};

// "EQUALS" → kEquals ...; nullopt for a name Security Hub does not define.
std::optional<Comparison> parse_comparison(std::string_view name);
const std::vector<std::string_view>& supported_filter_fields();

struct FindingsPage {
  std::vector<nlohmann::json> findings;  // ASFF AwsSecurityFinding objects, in Id order
  std::optional<std::string> next_token;
};

inline constexpr int kMaxFindingsPerPage = 100;

class Findings {
 public:
  // `clock` stamps CreatedAt and UpdatedAt: the lifecycle clock, like the bus that feeds it.
  Findings(store::Store& store, const Clock& clock, FindingsConfig config);

  // Records one event as EventBridge delivers it. Fails with kValidation when the payload is not
  // an ACM event (another source, not an event, a transformed input, an ACM event without its
  // certificate ARN): sending it again cannot help. Store failures keep their codes.
  Status record_event(std::string_view event_json);

  // Findings matching every filter, in Id order. kValidation for a filter field not served, a
  // combination Security Hub refuses (EQUALS with NOT_EQUALS on one field), max_results outside
  // 1..100 or a next_token this API did not hand out.
  Result<FindingsPage> get_findings(const FindingFilters& filters,
                                    const std::optional<std::string>& next_token,
                                    int max_results = kMaxFindingsPerPage);

  // One finding by Id; nullopt when there is none.
  Result<std::optional<nlohmann::json>> get_finding(const std::string& id);

  // "arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default": the findings' ProductArn.
  std::string product_arn() const;
  // "arn:aws:securityhub:REGION:ACCOUNT:hub/default": what a rule's target names.
  std::string hub_arn() const;

 private:
  store::Store& store_;
  const Clock& clock_;
  FindingsConfig config_;
};

}  // namespace certflow::findings
