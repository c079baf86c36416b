#include "findings/finding_text.h"

#include <string_view>

namespace certflow::findings {
namespace {

constexpr const char* kRenewalUrl =
    "https://docs.aws.amazon.com/acm/latest/userguide/acm-renewal.html";
constexpr const char* kImportUrl =
    "https://docs.aws.amazon.com/acm/latest/userguide/import-reimport.html";
constexpr const char* kRequestUrl =
    "https://docs.aws.amazon.com/acm/latest/userguide/gs-acm-request-public.html";

// Cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::string clip(std::string text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

int rank(std::string_view label) {
  if (label == "LOW") return 1;
  if (label == "MEDIUM") return 2;
  if (label == "HIGH") return 3;
  if (label == "CRITICAL") return 4;
  return 0;
}

std::string higher(const std::string& a, const std::string& b) {
  return rank(a) >= rank(b) ? a : b;
}

std::string severity_of(const CertificateState& state) {
  if (state.status == "EXPIRED" || state.status == "REVOKED") return "HIGH";
  std::string label = "MEDIUM";  // days not told: neither far off nor urgent
  if (state.days) label = *state.days <= 7 ? "HIGH" : *state.days <= 30 ? "MEDIUM" : "LOW";
  if (!state.renewal_reason.empty()) {
    label = higher(label, state.days && *state.days <= 15 ? "HIGH" : "MEDIUM");
  }
  return label;
}

std::string days_text(int64_t days) {
  if (days <= 0) return "today";
  return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

// "arn:... (example.com)"
std::string naming(const std::string& arn, const CertificateState& state) {
  return state.common_name.empty() ? arn : arn + " (" + state.common_name + ")";
}

std::string when_it_expires(const CertificateState& state) {
  std::string out;
  if (state.days) out = "expires " + days_text(*state.days);
  if (!state.not_after.empty()) {
    out += (out.empty() ? "expires at " : ", at ") + state.not_after;
  }
  return out.empty() ? "is approaching expiration" : out;
}

// What unblocks a managed renewal, by RenewalStatusReason (the API's FailureReason values).
std::string renewal_advice(const std::string& reason) {
  if (reason == "CAA_ERROR") {
    return "Allow Amazon to issue for the domain in its CAA DNS records (amazon.com, "
           "amazontrust.com, awstrust.com or amazonaws.com).";
  }
  if (reason == "PENDING_DOMAIN_VALIDATION" || reason == "NO_AVAILABLE_CONTACTS" ||
      reason == "ADDITIONAL_VERIFICATION_REQUIRED" || reason == "DOMAIN_VALIDATION_DENIED") {
    return "Complete domain validation: keep the DNS validation CNAME records in place, or "
           "answer the validation email.";
  }
  if (reason == "DOMAIN_NOT_ALLOWED" || reason == "INVALID_PUBLIC_DOMAIN") {
    return "ACM cannot issue for one of the certificate's names: request a certificate for "
           "names it accepts.";
  }
  if (reason.rfind("PCA_", 0) == 0) {
    return "Check the private CA: it must be ACTIVE, within its limits, and allow "
           "acm.amazonaws.com to issue (acm-pca:CreatePermission with IssueCertificate, "
           "GetCertificate and ListPermissions).";
  }
  if (reason == "SLR_NOT_FOUND") return "Re-create ACM's service-linked role.";
  return "See the certificate's RenewalSummary (aws acm describe-certificate) for what blocks "
         "the renewal.";
}

std::string approaching_advice(const std::string& certificate_type) {
  if (certificate_type == "IMPORTED") {
    return "ACM does not renew imported certificates: import the renewed certificate into the "
           "same ARN (aws acm import-certificate --certificate-arn) before it expires.";
  }
  std::string advice =
      "ACM renews a certificate it issued from 60 days before expiry when it is in use or was "
      "exported; if it is neither, associate or export it, or request a new one. Its "
      "RenewalSummary (aws acm describe-certificate) shows the renewal's progress.";
  if (certificate_type.empty()) {
    advice += " An imported certificate must be re-imported with a renewed one.";
  }
  return advice;
}

}  // namespace

FindingText problem_text(const std::string& arn, const CertificateState& state) {
  const std::string name = state.common_name.empty() ? arn : state.common_name;
  FindingText out;
  out.severity = severity_of(state);
  std::string situation;
  if (state.status == "REVOKED") {
    out.title = "ACM certificate revoked: " + name;
    situation = "The ACM certificate " + naming(arn, state) + " was revoked" +
                (state.revocation_reason.empty() ? "" : " (" + state.revocation_reason + ")") +
                ". Clients that check revocation refuse it.";
    out.remediation =
        "Request or import a new certificate, deploy it wherever this one is used, then delete "
        "the revoked one.";
    out.url = kRequestUrl;
  } else if (state.status == "EXPIRED") {
    out.title = "ACM certificate expired: " + name;
    situation = "The ACM certificate " + naming(arn, state) + " expired" +
                (state.not_after.empty() ? "" : " at " + state.not_after) + "." +
                (state.in_use.value_or(false)
                     ? " It is still associated with other AWS resources, which now present an "
                       "expired certificate."
                     : "");
    out.remediation = state.certificate_type == "IMPORTED"
                          ? "Import a valid certificate into the same ARN (aws acm "
                            "import-certificate --certificate-arn) and deploy it."
                          : "ACM does not renew expired certificates: request a new certificate "
                            "and deploy it wherever this one was used.";
    out.url = state.certificate_type == "IMPORTED" ? kImportUrl : kRequestUrl;
  } else if (!state.renewal_reason.empty()) {
    out.title = "ACM certificate renewal needs action: " + name;
    situation = "Managed renewal of the ACM certificate " + naming(arn, state) + " is blocked (" +
                state.renewal_reason + ") and the certificate " + when_it_expires(state) + ".";
    out.remediation = renewal_advice(state.renewal_reason) +
                      " ACM tries again at 30, 15, 3 and 1 days before expiry.";
    out.url = kRenewalUrl;
  } else {
    out.title = "ACM certificate approaching expiration: " + name;
    situation = "The ACM certificate " + naming(arn, state) + " " + when_it_expires(state) + ".";
    out.remediation = approaching_advice(state.certificate_type);
    out.url = state.certificate_type == "IMPORTED" ? kImportUrl : kRenewalUrl;
  }
  out.title = clip(std::move(out.title), 256);
  out.remediation = clip(std::move(out.remediation), 512);
  out.description = clip(situation + " " + out.remediation, 1024);
  return out;
}

std::string resolved_text(const AcmEvent& event, const CertificateState& state,
                          const std::string& title) {
  std::string text = "Resolved at " + to_iso8601(event.time) + ": a certificate is available for " +
                     naming(event.certificate_arn, state) +
                     (event.action.empty() ? "" : " (" + event.action + ")");
  if (!state.not_after.empty()) text += ", valid until " + state.not_after;
  text += ".";
  if (!title.empty()) text += " The finding was: " + title + ".";
  return clip(std::move(text), 1024);
}

}  // namespace certflow::findings
