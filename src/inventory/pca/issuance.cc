// IssueCertificate and GetCertificate.
#include <algorithm>
#include <chrono>

#include "inventory/pca/ca_access.h"
#include "inventory/pca/signing.h"
#include "inventory/pca/validity.h"

namespace certflow::pca {

namespace {

constexpr auto kIdempotencyLifetime = std::chrono::minutes(5);

std::string issue_scope(const CaRecord& ca) { return "acm-pca:IssueCertificate:" + ca.uuid; }

// Which CAs may use which template: a root signs its own CSR (to get its first certificate,
// or to renew it); everything else needs an ACTIVE CA.
Status check_template_allowed(const CaRecord& ca, const pki::TemplateChoice& choice,
                              TimePoint now) {
  if (choice.kind == pki::Template::kRootCa) {
    if (ca.type != "ROOT") {
      return fail(ErrorCode::kInvalidArgs,
                  "The RootCACertificate template is only for a ROOT CA signing its own CSR; " +
                      ca.arn + " is a SUBORDINATE CA. Have its parent CA sign its CSR.");
    }
    if (ca.status != "PENDING_CERTIFICATE" && ca.status != "ACTIVE") {
      return tl::unexpected(invalid_state(ca, effective_status(ca, now),
                                          "it must be PENDING_CERTIFICATE or ACTIVE to sign its "
                                          "own CA certificate"));
    }
    return {};
  }
  const std::string status = effective_status(ca, now);
  if (status != "ACTIVE") {
    std::string needs = "it must be ACTIVE to issue certificates";
    if (status == "PENDING_CERTIFICATE") {
      needs +=
          " (import its CA certificate first; a ROOT CA signs its own CSR with the "
          "RootCACertificate/V1 template)";
    } else if (status == "DISABLED") {
      needs += " (enable it with update-certificate-authority --status ACTIVE)";
    }
    return tl::unexpected(invalid_state(ca, status, needs));
  }
  return {};
}

struct Window {
  TimePoint not_before;
  TimePoint not_after;
};

Result<Window> validity_window(const CaRecord& ca, bool self_issue, const IssueRequest& request,
                               TimePoint now) {
  auto end = validity_end(request.validity, now);
  if (!end) return tl::unexpected(end.error());
  auto start = validity_start(request.validity_not_before);
  if (!start) return tl::unexpected(start.error());
  Window window{now - kNotBeforeBackdate, *end};
  // The backdated default never reaches before the issuing CA's own NotBefore.
  if (!self_issue && ca.not_before_ms) {
    window.not_before = std::max(window.not_before, from_epoch_millis(*ca.not_before_ms));
  }
  if (*start) window.not_before = **start;
  if (window.not_after <= now) {
    return fail(ErrorCode::kInvalidArgs, "The Validity ends at " + to_iso8601(window.not_after) +
                                             ", which is not in the future.");
  }
  if (window.not_after <= window.not_before) {
    return fail(ErrorCode::kInvalidArgs, "The Validity ends at " + to_iso8601(window.not_after) +
                                             ", before the certificate's NotBefore " +
                                             to_iso8601(window.not_before) + ".");
  }
  if (!self_issue && ca.not_after_ms && window.not_after > from_epoch_millis(*ca.not_after_ms)) {
    const std::string ca_end = to_iso8601(from_epoch_millis(*ca.not_after_ms));
    return fail(ErrorCode::kInvalidArgs,
                "The Validity ends at " + to_iso8601(window.not_after) +
                    ", after the CA's certificate expires at " + ca_end +
                    " (its NotAfter). Choose a validity that ends on or before " + ca_end + ".");
  }
  if (!self_issue && ca.not_before_ms && window.not_before < from_epoch_millis(*ca.not_before_ms)) {
    return fail(ErrorCode::kInvalidArgs, "The ValidityNotBefore " + to_iso8601(window.not_before) +
                                             " is before the CA's certificate becomes valid at " +
                                             to_iso8601(from_epoch_millis(*ca.not_before_ms)) +
                                             ".");
  }
  // The limit is on what the CA issues (a root's own certificate is the CA itself), counted
  // from issuance: the default backdating of NotBefore does not use it up.
  if (!self_issue && ca.usage_mode == "SHORT_LIVED_CERTIFICATE" &&
      window.not_after - std::max(window.not_before, now) > kShortLivedMaximum) {
    return fail(ErrorCode::kInvalidArgs,
                "The CA's UsageMode is SHORT_LIVED_CERTIFICATE: certificates may be valid for at "
                "most 7 days; this one would run from " +
                    to_iso8601(window.not_before) + " to " + to_iso8601(window.not_after) + ".");
  }
  return window;
}

Result<pki::TemplateChoice> template_of(const IssueRequest& request) {
  if (request.template_arn.empty()) return pki::TemplateChoice{};
  return pki::parse_template_arn(request.template_arn);
}

}  // namespace

Result<std::string> CertificateAuthorities::issue(const IssueRequest& request) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, request.ca_arn, now, "it cannot issue certificates");
  if (!ca) return tl::unexpected(ca.error());
  if (request.idempotency_token) {
    auto seen =
        (*txn)->get_idempotency(issue_scope(*ca), *request.idempotency_token, to_epoch_millis(now));
    if (!seen) return tl::unexpected(seen.error());
    if (*seen) return (*seen)->response;
  }
  auto choice = template_of(request);
  if (!choice) return tl::unexpected(choice.error());
  if (auto ok = check_template_allowed(*ca, *choice, now); !ok) return tl::unexpected(ok.error());
  auto csr = pki::inspect_csr(request.csr);
  if (!csr) return tl::unexpected(Error{ErrorCode::kMalformedCsr, csr.error().message});
  if (auto ok =
          pki::check_signing_algorithm(request.signing_algorithm, ca->configuration.key_algorithm);
      !ok) {
    return tl::unexpected(ok.error());
  }
  const bool self_issue = choice->kind == pki::Template::kRootCa;
  auto window = validity_window(*ca, self_issue, request, now);
  if (!window) return tl::unexpected(window.error());

  IssueSpec spec;
  spec.csr_der = std::move(csr->der);
  spec.template_choice = *choice;
  spec.signing_algorithm = request.signing_algorithm;
  spec.not_before = window->not_before;
  spec.not_after = window->not_after;
  auto issued = sign_and_record(**txn, master_key_, config_, *ca, spec, now);
  if (!issued) return tl::unexpected(issued.error());
  if (request.idempotency_token) {
    store::IdempotencyRecord record{issue_scope(*ca), *request.idempotency_token, "", issued->arn,
                                    to_epoch_millis(now + kIdempotencyLifetime)};
    if (auto ok = (*txn)->put_idempotency(record); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return issued->arn;
}

Result<CertificateWithChain> CertificateAuthorities::get_certificate(
    const std::string& ca_arn, const std::string& certificate_arn) {
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(store_, config_, ca_arn, now, "its certificates cannot be read");
  if (!ca) return tl::unexpected(ca.error());
  if (auto ok = check_arn_pattern(certificate_arn); !ok) return tl::unexpected(ok.error());
  const std::string prefix = issued_certificate_arn(ca->arn, "");
  auto not_found = [&] {
    return fail(ErrorCode::kResourceNotFound,
                "Could not find certificate " + certificate_arn + " issued by " + ca->arn + ".");
  };
  if (certificate_arn.rfind(prefix, 0) != 0) return not_found();
  const std::string id = certificate_arn.substr(prefix.size());
  auto row = store_.get_resource(kCertificateKind, certificate_name(ca->uuid, id));
  if (!row) return tl::unexpected(row.error());
  if (!*row) return not_found();
  auto record = certificate_from_row(**row);
  if (!record) return tl::unexpected(record.error());
  // A root's own certificate is the top of its chain.
  const bool self_issued = record->template_arn == pki::template_arn({pki::Template::kRootCa, 0});
  return CertificateWithChain{record->certificate_pem, self_issued ? "" : chain_below(*ca)};
}

}  // namespace certflow::pca
