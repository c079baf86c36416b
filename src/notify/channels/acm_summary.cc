// Reading ACM's EventBridge events (shapes in ../shared/reference/acm-events.md): the fields are
// looked up leniently, since a rule's input transformer or an older emitter may leave some out.
#include "notify/channels/acm_summary.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace certflow::notify {
namespace {

using nlohmann::json;

struct ReasonHelp {
  const char* reason;
  const char* meaning;
  const char* fix;
};

// ACM's RenewalStatusReason values (the API's FailureReason) and what a person does about each.
constexpr ReasonHelp kReasons[] = {
    {"CAA_ERROR", "a CAA record of the domain does not allow the issuing CA",
     "add a CAA record that allows the issuing CA, or remove the one that excludes it"},
    {"PENDING_DOMAIN_VALIDATION", "the domain's validation is not complete",
     "put back the validation record that `aws acm describe-certificate` shows under "
     "DomainValidationOptions"},
    {"NO_AVAILABLE_CONTACTS", "no contact address for email validation was found",
     "use DNS validation, or make the domain's WHOIS or admin addresses reachable"},
    {"ADDITIONAL_VERIFICATION_REQUIRED", "the CA needs more verification for this domain",
     "contact the CA's support"},
    {"DOMAIN_NOT_ALLOWED", "the CA does not issue for this domain",
     "request a certificate for a domain the CA allows"},
    {"INVALID_PUBLIC_DOMAIN", "the domain is not a valid public domain",
     "request a certificate for a valid public domain name"},
    {"DOMAIN_VALIDATION_DENIED", "the domain's owner denied the validation",
     "approve the validation, or request a new certificate"},
    {"PCA_LIMIT_EXCEEDED", "the private CA reached its certificate limit",
     "revoke or delete unused certificates, or raise the limit"},
    {"PCA_INVALID_ARN", "the private CA that issued it no longer exists",
     "request a new certificate from an active private CA"},
    {"PCA_RESOURCE_NOT_FOUND", "the private CA that issued it no longer exists",
     "request a new certificate from an active private CA"},
    {"PCA_INVALID_STATE", "the private CA is not ACTIVE (disabled, expired or deleted)",
     "enable or restore the CA (`aws acm-pca update-certificate-authority --status ACTIVE`), or "
     "renew the CA's own certificate"},
    {"PCA_REQUEST_FAILED", "the private CA failed to issue", "check the CA's state and logs"},
    {"PCA_NAME_CONSTRAINTS_VALIDATION", "the private CA's name constraints exclude the domain",
     "issue from a CA whose name constraints allow the domain"},
    {"PCA_INVALID_ARGS", "the private CA refused the request",
     "check the CA's configuration and that its certificate outlives the new one"},
    {"PCA_INVALID_DURATION", "the private CA cannot issue for the requested validity",
     "renew the CA's certificate so that it outlives the certificate"},
    {"PCA_ACCESS_DENIED", "ACM may not use the private CA",
     "grant it: `aws acm-pca create-permission --certificate-authority-arn <ca-arn> --principal "
     "acm.amazonaws.com --actions IssueCertificate GetCertificate ListPermissions`"},
    {"SLR_NOT_FOUND", "the service-linked role ACM needs is missing",
     "create it: `aws iam create-service-linked-role --aws-service-name acm.amazonaws.com`"},
};

std::string text_field(const json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) return "";
  const json& value = object[name];
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean() || value.is_number()) return value.dump();
  return "";
}

std::optional<int64_t> days_field(const json& detail) {
  if (!detail.is_object() || !detail.contains("DaysToExpiry")) return std::nullopt;
  const json& days = detail["DaysToExpiry"];
  if (days.is_number_integer()) return days.get<int64_t>();
  if (days.is_number()) return static_cast<int64_t>(days.get<double>());
  return std::nullopt;
}

std::string certificate_arn(const json& event) {
  if (event.contains("resources") && event["resources"].is_array()) {
    for (const auto& resource : event["resources"]) {
      if (!resource.is_string()) continue;
      const auto arn = resource.get<std::string>();
      if (arn.find(":acm:") != std::string::npos &&
          arn.find(":certificate/") != std::string::npos) {
        return arn;
      }
    }
  }
  return text_field(event["detail"], "CertificateArn");
}

std::string certificate_id(const std::string& arn) {
  const size_t slash = arn.rfind("certificate/");
  return slash == std::string::npos ? "" : arn.substr(slash + 12);
}

std::string days_text(int64_t days) {
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

// The day of expiry: the event's CertificateExpirationDate, else its time plus DaysToExpiry.
std::string expiry_day(const json& event, const std::optional<int64_t>& days) {
  const std::string stated = text_field(event["detail"], "CertificateExpirationDate");
  if (stated.size() >= 10) return stated.substr(0, 10);
  TimePoint time;
  if (!days || !parse_iso8601(text_field(event, "time"), time)) return "";
  return to_iso8601(time + std::chrono::hours(24 * *days)).substr(0, 10);
}

std::string reason_action(const std::string& reason) {
  for (const auto& help : kReasons) {
    if (reason == help.reason) {
      return std::string("Renewal is blocked because ") + help.meaning + ". Fix: " + help.fix +
             ". certflow tries the renewal again on its schedule.";
    }
  }
  return "Renewal failed (" + (reason.empty() ? std::string("no reason given") : reason) +
         "). See RenewalSummary in `aws acm describe-certificate` and certflow's log.";
}

void describe(MessageSummary& s, const json& event) {
  const json& detail = event["detail"];
  const std::string type = text_field(detail, "CertificateType");
  const std::string when = s.expires.empty() ? "it expires" : s.expires;
  const std::string& d = s.domain;
  if (s.detail_type == "ACM Certificate Approaching Expiration") {
    s.title = "ACM: certificate for " + d +
              (!s.days_to_expiry   ? " expires soon"
               : *s.days_to_expiry ? " expires in " + days_text(*s.days_to_expiry)
                                   : " expires today");
    s.status = "Approaching expiration";
    const std::string reimport = "re-import a renewed certificate before " + when +
                                 " (`aws acm import-certificate --certificate-arn " +
                                 s.certificate_arn + " --certificate ... --private-key ...`)";
    if (type == "IMPORTED") {
      s.action = "Re" + reimport.substr(2) + ".";
    } else if (!type.empty()) {
      s.action = "certflow renews it before " + when +
                 " when it is eligible for managed renewal (in use or exported); otherwise "
                 "request a new certificate.";
    } else {
      s.action = "If it is an imported certificate, " + reimport +
                 ". A certificate certflow issued renews on its own when it is in use or "
                 "exported.";
    }
  } else if (s.detail_type == "ACM Certificate Expired") {
    s.title = "ACM: certificate for " + d + " has expired";
    s.status = "Expired";
    s.action = "Replace it now: request or import a new certificate for " + d +
               " and deploy it wherever the expired one is installed; clients refuse it.";
  } else if (s.detail_type == "ACM Certificate Available") {
    const std::string how = text_field(detail, "Action");
    s.title = "ACM: certificate for " + d + " is available" + (how.empty() ? "" : " (" + how + ")");
    s.status = how.empty() ? "Available" : "Available (" + how + ")";
    s.action = text_field(detail, "Exported") == "true" || type == "PRIVATE"
                   ? "Deploy it: export it again (`aws acm export-certificate --certificate-arn " +
                         s.certificate_arn +
                         " --passphrase ...`) and install it where the previous one is."
                   : "Deploy it: associate it with its services, or fetch it with `aws acm "
                     "get-certificate --certificate-arn " +
                         s.certificate_arn + "`.";
  } else if (s.detail_type == "ACM Certificate Renewal Action Required") {
    const std::string reason = text_field(detail, "RenewalStatusReason");
    s.title = "ACM: certificate for " + d + " needs action to renew" +
              (reason.empty() ? "" : " (" + reason + ")");
    s.status = "Renewal action required" + (reason.empty() ? "" : ": " + reason);
    s.action = reason_action(reason);
  } else if (s.detail_type.rfind("ACM Certificate Revoked", 0) == 0) {
    s.title = "ACM: certificate for " + d + " was revoked";
    s.status = "Revoked";
    s.action = "Replace it: request or import a new certificate for " + d + " and deploy it.";
  } else {
    s.title = s.detail_type + ": " + d;
    s.status = s.detail_type;
    for (const char* field : {"Reason", "ErrorMessage", "Message"}) {
      if (const std::string why = text_field(detail, field); !why.empty()) {
        s.action = why;
        break;
      }
    }
    if (s.action.empty()) s.action = "See the event below.";
  }
}

bool is_event(const json& value) {
  return value.is_object() && value.contains("detail-type") && value["detail-type"].is_string() &&
         value.contains("detail") && value["detail"].is_object();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> MessageSummary::facts() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&out](const char* label, const std::string& value) {
    if (!value.empty()) out.emplace_back(label, value);
  };
  add("Certificate", certificate_arn);
  add("Domain", domain);
  if (days_to_expiry) {
    add("Days left", std::to_string(*days_to_expiry) + (*days_to_expiry <= 0 ? " (expired)" : ""));
  }
  add("Expires", expires);
  add("Status", status);
  add("Action", action);
  add("Console", console_url);
  return out;
}

std::string MessageSummary::text() const {
  std::string out = title + "\n";
  const auto lines = facts();
  if (!lines.empty()) out += "\n";
  for (const auto& [label, value] : lines) out += label + ": " + value + "\n";
  return out;
}

MessageSummary summarize(const Notification& notification, const std::string& public_url) {
  MessageSummary s;
  const json event = json::parse(notification.message, nullptr, false);
  if (!is_event(event)) {
    s.title = notification.subject ? *notification.subject
              : !notification.topic_display_name.empty()
                  ? notification.topic_display_name
                  : "Message from topic " +
                        notification.topic_arn.substr(notification.topic_arn.rfind(':') + 1);
    return s;
  }
  s.detail_type = event["detail-type"].get<std::string>();
  s.certificate_arn = certificate_arn(event);
  if (s.certificate_arn.empty()) {
    const std::string source = text_field(event, "source");
    s.title = s.detail_type + (source.empty() ? "" : " (" + source + ")");
    s.status = s.detail_type;
    return s;
  }
  const json& detail = event["detail"];
  s.certificate_event = true;
  const std::string id = certificate_id(s.certificate_arn);
  s.domain = text_field(detail, "CommonName");
  if (s.domain.empty()) s.domain = text_field(detail, "DomainName");
  if (s.domain.empty()) s.domain = id.empty() ? s.certificate_arn : id;
  s.days_to_expiry = days_field(detail);
  s.expires = expiry_day(event, s.days_to_expiry);
  if (!public_url.empty() && !id.empty())
    s.console_url = public_url + "/console/certificates/" + id;
  describe(s, event);
  return s;
}

std::string readable_message(const std::string& message) {
  // ordered_json keeps the event's own key order (version, id, detail-type, ...).
  const auto parsed = nlohmann::ordered_json::parse(message, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_structured()) return message;
  return parsed.dump(2);
}

}  // namespace certflow::notify
