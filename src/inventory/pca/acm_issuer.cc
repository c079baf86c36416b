// The CA as ACM sees it (inventory::PrivateCertificateIssuer): ACM issues and renews private
// certificates through its service principal, so it needs the IssueCertificate permission,
// an ACTIVE CA, and a CA certificate that outlives the new certificate. Failures carry ACM's
// FailureReason, which RenewalSummary and the Renewal Action Required event show.
#include <algorithm>
#include <chrono>

#include "inventory/pca/ca_access.h"
#include "inventory/pca/signing.h"
#include "inventory/pca/validity.h"

namespace certflow::pca {

namespace {

tl::unexpected<inventory::PrivateIssueFailure> failure(std::string reason, std::string message) {
  return tl::unexpected(inventory::PrivateIssueFailure{std::move(reason), std::move(message)});
}

tl::unexpected<inventory::PrivateIssueFailure> from_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArn: return failure("PCA_INVALID_ARN", error.message);
    case ErrorCode::kResourceNotFound: return failure("PCA_RESOURCE_NOT_FOUND", error.message);
    case ErrorCode::kInvalidState: return failure("PCA_INVALID_STATE", error.message);
    case ErrorCode::kInvalidArgs:
    case ErrorCode::kMalformedCsr: return failure("PCA_INVALID_ARGS", error.message);
    default: return failure("PCA_REQUEST_FAILED", error.message);
  }
}

std::string permission_fix(const std::string& ca_arn) {
  return "ACM (acm.amazonaws.com) has no permission to issue certificates from the private CA " +
         ca_arn + ". Grant it with: aws acm-pca create-permission --certificate-authority-arn " +
         ca_arn +
         " --principal acm.amazonaws.com --actions IssueCertificate GetCertificate "
         "ListPermissions";
}

}  // namespace

Status CertificateAuthorities::check_ca(const std::string& ca_arn) {
  const TimePoint now = clock_.now();
  auto ca = load_ca(store_, config_, ca_arn, now);
  if (!ca) return tl::unexpected(ca.error());
  const std::string status = effective_status(*ca, now);
  if (status != "ACTIVE") {
    return tl::unexpected(
        invalid_state(*ca, status, "it must be ACTIVE to issue private certificates"));
  }
  return {};
}

tl::expected<inventory::IssuedPrivateCertificate, inventory::PrivateIssueFailure>
CertificateAuthorities::issue_private(const inventory::PrivateIssueRequest& request) {
  if (request.validity_days < 1) {
    return failure("PCA_INVALID_ARGS", "The certificate's validity must be at least one day; got " +
                                           std::to_string(request.validity_days) + ".");
  }
  auto txn = store_.begin();
  if (!txn) return from_error(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_ca(**txn, config_, request.ca_arn, now);
  if (!ca) return from_error(ca.error());
  const std::string status = effective_status(*ca, now);
  if (status != "ACTIVE") {
    return failure(
        "PCA_INVALID_STATE",
        invalid_state(*ca, status, "it must be ACTIVE to issue private certificates").message);
  }
  if (!acm_may_issue(*ca, config_.account_id)) {
    return failure("PCA_ACCESS_DENIED", permission_fix(ca->arn));
  }
  const TimePoint not_after = now + std::chrono::days(request.validity_days);
  const TimePoint ca_not_after = from_epoch_millis(ca->not_after_ms.value_or(0));
  if (ca_not_after <= not_after) {
    return failure("PCA_INVALID_DURATION",
                   "The private CA " + ca->arn + " expires at " + to_iso8601(ca_not_after) +
                       ", before the certificate would (" + to_iso8601(not_after) +
                       "). Import a renewed CA certificate valid beyond " + to_iso8601(not_after) +
                       ".");
  }
  auto csr = pki::inspect_csr(request.csr_pem);
  if (!csr) return failure("PCA_INVALID_ARGS", csr.error().message);

  IssueSpec spec;
  spec.csr_der = std::move(csr->der);
  spec.signing_algorithm = ca->configuration.signing_algorithm;
  spec.not_before = now - kNotBeforeBackdate;
  if (ca->not_before_ms) {
    spec.not_before = std::max(spec.not_before, from_epoch_millis(*ca->not_before_ms));
  }
  spec.not_after = not_after;
  pki::DistinguishedName subject;
  subject.common_name = request.domain_name;
  spec.subject = subject;
  spec.dns_names = request.subject_alternative_names.empty()
                       ? std::vector<std::string>{request.domain_name}
                       : request.subject_alternative_names;
  auto issued = sign_and_record(**txn, master_key_, config_, *ca, spec, now);
  if (!issued) return from_error(issued.error());
  if (auto ok = (*txn)->commit(); !ok) return from_error(ok.error());
  return inventory::IssuedPrivateCertificate{issued->certificate_pem, chain_below(*ca)};
}

}  // namespace certflow::pca
