#include "findings/acm_event.h"

#include <nlohmann/json.hpp>

#include "core/arn.h"

namespace certflow::findings {
namespace {

using nlohmann::json;

// Members are read only when they have the expected type: a value of another type counts as
// absent rather than throwing.
std::string text_member(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> integer_member(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (value >= -1e9 && value <= 1e9 &&
        value == static_cast<double>(static_cast<int64_t>(value))) {
      return static_cast<int64_t>(value);
    }
  }
  return std::nullopt;
}

std::optional<bool> bool_member(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_boolean() ? std::optional<bool>(it->get<bool>())
                                                : std::nullopt;
}

AcmEventKind kind_of(std::string_view detail_type) {
  if (detail_type == "ACM Certificate Approaching Expiration") {
    return AcmEventKind::kApproachingExpiration;
  }
  if (detail_type == "ACM Certificate Renewal Action Required") {
    return AcmEventKind::kRenewalActionRequired;
  }
  if (detail_type == "ACM Certificate Expired") return AcmEventKind::kExpired;
  if (detail_type == "ACM Certificate Available") return AcmEventKind::kAvailable;
  if (detail_type == "ACM Certificate Revoked" || detail_type == "ACM Certificate Revoked By CA") {
    return AcmEventKind::kRevoked;
  }
  return AcmEventKind::kOther;
}

}  // namespace

Result<AcmEvent> parse_acm_event(std::string_view event_json) {
  const json event = json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) {
    return fail(ErrorCode::kValidation,
                "The payload is not an EventBridge event (not a JSON object); a findings target "
                "takes ACM events as they are, without an input transformer.");
  }
  const std::string source = text_member(event, "source");
  if (source != "aws.acm") {
    return fail(ErrorCode::kValidation,
                "The event's source is '" + source +
                    "', not 'aws.acm': only ACM events become findings. Match "
                    "{\"source\":[\"aws.acm\"]} in the rule that targets the hub.");
  }
  AcmEvent out;
  out.detail_type = text_member(event, "detail-type");
  out.kind = kind_of(out.detail_type);
  out.id = text_member(event, "id");
  out.account = text_member(event, "account");
  out.region = text_member(event, "region");
  if (!parse_iso8601(text_member(event, "time"), out.time)) {
    return fail(
        ErrorCode::kValidation,
        "The ACM event " + out.id + " has no valid time (RFC 3339, e.g. 2020-09-30T06:51:08Z).");
  }
  if (out.kind == AcmEventKind::kOther) return out;  // no certificate needed: nothing to record

  auto resources = event.find("resources");
  std::string arn;
  if (resources != event.end() && resources->is_array() && !resources->empty() &&
      resources->front().is_string()) {
    arn = resources->front().get<std::string>();
  }
  auto parsed = parse_acm_certificate_arn(arn);
  if (!parsed) {
    return fail(ErrorCode::kValidation,
                "The ACM event " + out.id + " (" + out.detail_type +
                    ") does not name its certificate in resources: " + parsed.error().message);
  }
  out.certificate_arn = arn;
  out.partition = parsed->partition;
  out.certificate_region = parsed->region;
  if (out.account.empty()) out.account = parsed->account;

  static const json kNoDetail = json::object();
  auto found = event.find("detail");
  const json& detail = found != event.end() && found->is_object() ? *found : kNoDetail;
  out.common_name = text_member(detail, "CommonName");
  out.days_to_expiry = integer_member(detail, "DaysToExpiry");
  out.certificate_type = text_member(detail, "CertificateType");
  out.expiration_date = text_member(detail, "CertificateExpirationDate");
  out.created_date = text_member(detail, "CertificateCreatedDate");
  out.in_use = bool_member(detail, "InUse");
  out.renewal_status_reason = text_member(detail, "RenewalStatusReason");
  out.action = text_member(detail, "Action");
  out.revocation_reason = text_member(detail, "RevocationReason");
  return out;
}

}  // namespace certflow::findings
