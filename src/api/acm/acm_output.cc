#include "api/acm/acm_output.h"

namespace certflow::api::acm {

using nlohmann::json;

namespace {

constexpr size_t kMaxSanSummaries = 100;

// A certificate the CA refused (FAILED) has no body: nothing of X.509 to report.
bool has_body(const inventory::Certificate& cert) { return !cert.serial.empty(); }

void put_times(json& out, const inventory::Certificate& cert) {
  out["CreatedAt"] = to_epoch_seconds(cert.created_at);
  if (cert.imported_at) out["ImportedAt"] = to_epoch_seconds(*cert.imported_at);
  if (cert.issued_at) out["IssuedAt"] = to_epoch_seconds(*cert.issued_at);
  if (!has_body(cert)) return;
  out["NotBefore"] = to_epoch_seconds(cert.not_before);
  out["NotAfter"] = to_epoch_seconds(cert.not_after);
}

}  // namespace

json certificate_detail(const inventory::Certificate& cert) {
  json out = {
      {"CertificateArn", cert.arn},
      {"DomainName", cert.domain_name},
      {"SubjectAlternativeNames", cert.subject_alternative_names},
      {"Serial", cert.serial},
      {"Subject", cert.subject},
      {"Issuer", cert.issuer},
      {"Status", cert.status},
      {"KeyAlgorithm", cert.key_algorithm},
      {"SignatureAlgorithm", cert.signature_algorithm},
      {"InUseBy", cert.in_use_by},
      {"Type", cert.type},
      {"RenewalEligibility", cert.renewal_eligibility},
  };
  if (!has_body(cert)) {
    for (const char* member : {"Serial", "Subject", "Issuer", "SignatureAlgorithm"}) {
      out.erase(member);
    }
  }
  if (!cert.certificate_authority_arn.empty()) {
    out["CertificateAuthorityArn"] = cert.certificate_authority_arn;
  }
  if (cert.status == "FAILED" && !cert.failure_reason.empty()) {
    out["FailureReason"] = cert.failure_reason;
  }
  put_times(out, cert);
  json key_usages = json::array();
  for (const auto& usage : cert.key_usages) key_usages.push_back({{"Name", usage}});
  out["KeyUsages"] = key_usages;
  json ekus = json::array();
  for (const auto& eku : cert.extended_key_usages) {
    json item = {{"Name", eku.name}};
    if (!eku.oid.empty()) item["OID"] = eku.oid;
    ekus.push_back(item);
  }
  out["ExtendedKeyUsages"] = ekus;
  json options = {
      {"CertificateTransparencyLoggingPreference", cert.certificate_transparency_logging}};
  if (!cert.export_option.empty()) options["Export"] = cert.export_option;
  out["Options"] = options;
  if (cert.renewal_summary) {
    json summary = {{"RenewalStatus", cert.renewal_summary->status},
                    {"UpdatedAt", to_epoch_seconds(cert.renewal_summary->updated_at)}};
    // A private certificate's renewal validates no domain, so it has no DomainValidationOptions
    // to report (the model calls the member required; AWS documents it for AMAZON_ISSUED only).
    if (cert.type != "PRIVATE") {
      json validations = json::array();
      for (const auto& name : cert.subject_alternative_names) {
        validations.push_back({{"DomainName", name}});
      }
      summary["DomainValidationOptions"] = validations;
    }
    if (!cert.renewal_summary->reason.empty()) {
      summary["RenewalStatusReason"] = cert.renewal_summary->reason;
    }
    out["RenewalSummary"] = summary;
  }
  return out;
}

json certificate_summary(const inventory::Certificate& cert) {
  json sans = json::array();
  for (size_t i = 0; i < cert.subject_alternative_names.size() && i < kMaxSanSummaries; ++i) {
    sans.push_back(cert.subject_alternative_names[i]);
  }
  json ekus = json::array();
  for (const auto& eku : cert.extended_key_usages) ekus.push_back(eku.name);
  json out = {
      {"CertificateArn", cert.arn},
      {"DomainName", cert.domain_name},
      {"SubjectAlternativeNameSummaries", sans},
      {"HasAdditionalSubjectAlternativeNames",
       cert.subject_alternative_names.size() > kMaxSanSummaries},
      {"Status", cert.status},
      {"Type", cert.type},
      {"KeyAlgorithm", cert.key_algorithm},
      {"KeyUsages", cert.key_usages},
      {"ExtendedKeyUsages", ekus},
      {"InUse", cert.in_use},
      {"Exported", cert.exported},
      {"RenewalEligibility", cert.renewal_eligibility},
  };
  if (!cert.export_option.empty()) out["ExportOption"] = cert.export_option;
  put_times(out, cert);
  return out;
}

}  // namespace certflow::api::acm
