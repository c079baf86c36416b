// The finding is re-rendered in full from a small state (what is known of the certificate and of
// the current problem) on every event, so the same event twice renders the same finding and only
// UpdatedAt moves.
#include "findings/asff_finding.h"

#include "findings/finding_text.h"

namespace certflow::findings {
namespace {

using nlohmann::json;

constexpr std::string_view kExpirySuffix = "/expiry";
constexpr std::string_view kRevokedSuffix = "/revoked";
constexpr const char* kFindingType =
    "Software and Configuration Checks/AWS Security Best Practices";
constexpr const char* kResourceType = "AwsCertificateManagerCertificate";
// ProductFields: the provider's own name-value pairs (names under "aws/" are Security Hub's).
// They carry what the next event needs to know: which event the finding last took, and the
// facts of the current problem that later events do not repeat.
constexpr const char* kFieldDetailType = "certflow/acm/DetailType";
constexpr const char* kFieldEventId = "certflow/acm/EventId";
constexpr const char* kFieldEventTime = "certflow/acm/EventTime";
constexpr const char* kFieldDays = "certflow/acm/DaysToExpiry";
constexpr const char* kFieldReason = "certflow/acm/RenewalStatusReason";
constexpr const char* kFieldInUse = "certflow/acm/InUse";
constexpr const char* kFieldRevocationReason = "certflow/acm/RevocationReason";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

const json& member(const json& object, const char* name) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

std::string text(const json& object, const char* name) {
  const json& value = member(object, name);
  return value.is_string() ? value.get<std::string>() : std::string();
}

const json& certificate_details(const json& finding) {
  static const json kNull;
  const json& resources = member(finding, "Resources");
  if (!resources.is_array() || resources.empty()) return kNull;
  return member(member(resources.front(), "Details"), kResourceType);
}

// What the finding knows, read back from a stored finding: the certificate's facts from its
// resource details, the problem's from ProductFields.
CertificateState read_state(const json& finding) {
  CertificateState state;
  const json& details = certificate_details(finding);
  state.common_name = text(details, "DomainName");
  state.certificate_type = text(details, "Type");
  state.not_after = text(details, "NotAfter");
  state.created = text(details, "CreatedAt");
  state.status = text(details, "Status");
  const json& fields = member(finding, "ProductFields");
  if (auto days = text(fields, kFieldDays); !days.empty()) {
    try {
      state.days = std::stoll(days);
    } catch (const std::exception&) {
      state.days.reset();
    }
  }
  state.renewal_reason = text(fields, kFieldReason);
  state.revocation_reason = text(fields, kFieldRevocationReason);
  if (auto in_use = text(fields, kFieldInUse); !in_use.empty()) state.in_use = in_use == "true";
  return state;
}

// The certificate facts an event states overwrite what the finding knew.
void take_facts(CertificateState& state, const AcmEvent& event) {
  if (!event.common_name.empty()) state.common_name = event.common_name;
  if (!event.certificate_type.empty()) state.certificate_type = event.certificate_type;
  if (!event.expiration_date.empty()) state.not_after = event.expiration_date;
  if (!event.created_date.empty()) state.created = event.created_date;
  if (event.in_use) state.in_use = event.in_use;
  if (event.days_to_expiry) state.days = event.days_to_expiry;
}

json resource(const AcmEvent& event, const CertificateState& state) {
  json details = json::object();
  if (!state.common_name.empty()) details["DomainName"] = state.common_name;
  if (!state.certificate_type.empty()) details["Type"] = state.certificate_type;
  if (!state.status.empty()) details["Status"] = state.status;
  if (!state.not_after.empty()) details["NotAfter"] = state.not_after;
  if (!state.created.empty()) details["CreatedAt"] = state.created;
  return {{"Type", kResourceType},
          {"Id", event.certificate_arn},
          {"Partition", event.partition},
          {"Region", event.certificate_region},
          {"Details", {{kResourceType, std::move(details)}}}};
}

json product_fields(const AcmEvent& event, const CertificateState& state) {
  json fields = {{kFieldDetailType, event.detail_type},
                 {kFieldEventId, event.id},
                 {kFieldEventTime, to_iso8601(event.time)}};
  if (state.days) fields[kFieldDays] = std::to_string(*state.days);
  if (!state.renewal_reason.empty()) fields[kFieldReason] = state.renewal_reason;
  if (!state.revocation_reason.empty()) fields[kFieldRevocationReason] = state.revocation_reason;
  if (state.in_use) fields[kFieldInUse] = *state.in_use ? "true" : "false";
  return fields;
}

// The parts every finding has, set on `finding` (which keeps members certflow does not manage).
void stamp(json& finding, const std::string& id, const std::string& generator,
           const AcmEvent& event, const CertificateState& state, const FindingContext& context,
           bool is_new) {
  const std::string now = to_iso8601(context.now);
  finding["SchemaVersion"] = "2018-10-08";
  finding["Id"] = id;
  finding["ProductArn"] = context.product_arn;
  finding["GeneratorId"] = generator;
  finding["AwsAccountId"] = event.account;
  finding["Types"] = json::array({kFindingType});
  if (is_new || !member(finding, "CreatedAt").is_string()) finding["CreatedAt"] = now;
  finding["UpdatedAt"] = now;
  finding["LastObservedAt"] = to_iso8601(event.time);
  finding["Resources"] = json::array({resource(event, state)});
  finding["ProductFields"] = product_fields(event, state);
}

// A problem: new, updated, or reopened when the stored one had been resolved.
json problem(const AcmEvent& event, const std::string& id, const std::string& generator,
             const std::optional<json>& existing, CertificateState state,
             const FindingContext& context) {
  const bool active = existing && text(*existing, "RecordState") == "ACTIVE";
  json finding = existing ? *existing : json::object();
  if (!active) {
    finding["FirstObservedAt"] = to_iso8601(event.time);
    finding["Workflow"] = {{"Status", "NEW"}};
  } else if (!member(member(finding, "Workflow"), "Status").is_string()) {
    finding["Workflow"] = {{"Status", "NEW"}};
  }
  stamp(finding, id, generator, event, state, context, !existing);
  const FindingText words = problem_text(event.certificate_arn, state);
  finding["Severity"] = severity(words.severity);
  finding["Title"] = words.title;
  finding["Description"] = words.description;
  finding["Remediation"] = {{"Recommendation", {{"Text", words.remediation}, {"Url", words.url}}}};
  finding["Compliance"] = {{"Status", "FAILED"}};
  finding["RecordState"] = "ACTIVE";
  return finding;
}

json resolved(const AcmEvent& event, const std::string& id, const std::string& generator,
              json finding, const CertificateState& state, const FindingContext& context) {
  stamp(finding, id, generator, event, state, context, false);
  finding["Severity"] = severity("INFORMATIONAL");
  finding["Description"] = resolved_text(event, state, text(finding, "Title"));
  finding.erase("Remediation");
  finding["Workflow"] = {{"Status", "RESOLVED"}};
  finding["Compliance"] = {{"Status", "PASSED"}};
  finding["RecordState"] = "ARCHIVED";
  return finding;
}

}  // namespace

json severity(const std::string& label) {
  int normalized = 0;
  if (label == "LOW") normalized = 1;
  if (label == "MEDIUM") normalized = 40;
  if (label == "HIGH") normalized = 70;
  if (label == "CRITICAL") normalized = 90;
  return {{"Label", label}, {"Normalized", normalized}};
}

std::vector<std::string> finding_ids(const AcmEvent& event) {
  const std::string& arn = event.certificate_arn;
  switch (event.kind) {
    case AcmEventKind::kApproachingExpiration:
    case AcmEventKind::kRenewalActionRequired:
    case AcmEventKind::kExpired: return {arn + std::string(kExpirySuffix)};
    case AcmEventKind::kRevoked: return {arn + std::string(kRevokedSuffix)};
    // A certificate available again under the ARN ends both kinds of problem.
    case AcmEventKind::kAvailable:
      return {arn + std::string(kExpirySuffix), arn + std::string(kRevokedSuffix)};
    case AcmEventKind::kOther: return {};
  }
  return {};
}

std::optional<json> apply_event(const AcmEvent& event, const std::string& id,
                                const std::optional<json>& existing,
                                const FindingContext& context) {
  if (existing) {
    TimePoint last;
    if (parse_iso8601(text(member(*existing, "ProductFields"), kFieldEventTime), last) &&
        event.time < last) {
      return std::nullopt;  // delivered late: a newer event already spoke for the certificate
    }
  }
  const bool revoked_finding = ends_with(id, kRevokedSuffix);
  const std::string generator =
      revoked_finding ? "certflow-acm-certificate-revoked" : "certflow-acm-certificate-expiry";
  const bool active = existing && text(*existing, "RecordState") == "ACTIVE";
  CertificateState state = existing ? read_state(*existing) : CertificateState{};

  if (event.kind == AcmEventKind::kAvailable) {
    if (!existing) return std::nullopt;
    take_facts(state, event);
    state.status = "ISSUED";
    state.renewal_reason.clear();
    state.revocation_reason.clear();
    return resolved(event, id, generator, *existing, state, context);
  }
  if (!active) {  // a new occurrence: only the certificate's facts carry over
    state.status = "ISSUED";
    state.days.reset();
    state.renewal_reason.clear();
    state.revocation_reason.clear();
  }
  take_facts(state, event);
  switch (event.kind) {
    case AcmEventKind::kExpired:
      state.status = "EXPIRED";
      state.days = 0;
      break;
    case AcmEventKind::kRenewalActionRequired:
      state.renewal_reason =
          event.renewal_status_reason.empty() ? "OTHER" : event.renewal_status_reason;
      break;
    case AcmEventKind::kRevoked:
      state.status = "REVOKED";
      state.revocation_reason = event.revocation_reason;
      break;
    default: break;  // Approaching Expiration: the days, taken above; EXPIRED stays EXPIRED
  }
  return problem(event, id, generator, existing, std::move(state), context);
}

}  // namespace certflow::findings
