// RequestCertificate for PRIVATE certificates, and the new certificate a private renewal needs.
// The CA is asked outside any store transaction; what it answers is stored in one.
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/arn.h"
#include "core/ids.h"
#include "inventory/certificate_events.h"
#include "inventory/certificate_record.h"
#include "inventory/inventory.h"
#include "inventory/request_checks.h"
#include "pki/issuance.h"

namespace certflow::inventory {

namespace {

constexpr auto kIdempotencyLifetime = std::chrono::hours(1);
constexpr const char* kRequestScope = "acm:RequestCertificate";

struct KeyAndCsr {
  crypto::SecretBytes private_key_pem;
  std::string csr_pem;
};

// A fresh key and the request ACM sends its CA for it: CN = the domain name, every name a SAN.
Result<KeyAndCsr> new_key_and_csr(const std::string& key_algorithm, const std::string& domain,
                                  const std::vector<std::string>& names) {
  auto key = pki::generate_private_key(key_algorithm);
  if (!key) return tl::unexpected(key.error());
  pki::DistinguishedName subject;
  subject.common_name = domain;
  auto csr = pki::build_csr(*key, subject, names, signing_algorithm_for(key_algorithm));
  if (!csr) return tl::unexpected(csr.error());
  return KeyAndCsr{std::move(*key), std::move(*csr)};
}

// The ARN an earlier request with this token produced, if it is still remembered.
Result<std::optional<std::string>> remembered_arn(store::Transaction& txn, const std::string& token,
                                                  TimePoint now) {
  auto seen = txn.get_idempotency(kRequestScope, token, to_epoch_millis(now));
  if (!seen) return tl::unexpected(seen.error());
  if (!*seen) return std::optional<std::string>();
  return std::optional<std::string>((*seen)->response);
}

std::string fingerprint(const RequestCertificateRequest& request,
                        const std::vector<std::string>& names) {
  nlohmann::json print = {
      {"ca", request.certificate_authority_arn}, {"names", names}, {"key", request.key_algorithm}};
  return print.dump();
}

// A certificate the CA refused: no body, no key, the reason DescribeCertificate reports.
store::CertificateRow failed_row(const RequestCertificateRequest& request, const std::string& arn,
                                 const std::vector<std::string>& names,
                                 const PrivateIssueFailure& failure, TimePoint now) {
  store::CertificateRow row;
  row.arn = arn;
  row.type = "PRIVATE";
  row.status = "FAILED";
  row.domain_name = request.domain_name;
  row.key_algorithm = request.key_algorithm;
  row.export_option = request.export_option;
  row.created_at_ms = to_epoch_millis(now);
  nlohmann::json details = {{"sans", names}};
  row.details_json = add_private_details(
      details.dump(), {request.certificate_authority_arn, request.certificate_transparency_logging,
                       failure.reason});
  return row;
}

}  // namespace

Result<std::string> Inventory::request_certificate(const RequestCertificateRequest& request) {
  const TimePoint now = clock_.now();
  if (request.certificate_authority_arn.empty()) {
    return fail(ErrorCode::kValidation,
                "certflow issues private certificates only: give --certificate-authority-arn "
                "(CertificateAuthorityArn) naming one of certflow's private CAs (aws acm-pca "
                "list-certificate-authorities). Public certificates need ACME, which certflow "
                "does not offer yet.");
  }
  auto names = certificate_names(request);
  if (!names) return tl::unexpected(names.error());
  if (auto ok = check_requested_key_algorithm(request.key_algorithm); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = check_new_tags(request.tags); !ok) return tl::unexpected(ok.error());
  if (private_issuer_ == nullptr) {
    return fail(ErrorCode::kInternal,
                "This certflow has no private CA configured, so it cannot issue certificates.");
  }
  if (request.idempotency_token) {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto earlier = remembered_arn(**txn, *request.idempotency_token, now);
    if (!earlier) return tl::unexpected(earlier.error());
    if (*earlier) return **earlier;  // a retry: ACM issues one certificate per token and hour
  }
  if (auto ok = private_issuer_->check_ca(request.certificate_authority_arn); !ok) {
    return tl::unexpected(ok.error());
  }

  auto material = new_key_and_csr(request.key_algorithm, request.domain_name, *names);
  if (!material) return tl::unexpected(material.error());
  const std::string arn = acm_certificate_arn(config_.region, config_.account_id, new_uuid());
  auto issued = private_issuer_->issue_private(
      {request.certificate_authority_arn, material->csr_pem, request.domain_name, *names});

  store::CertificateRow row;
  if (issued) {
    auto validated = pki::validate_import(issued->certificate_pem, material->private_key_pem.view(),
                                          issued->chain_pem, now);
    if (!validated) {
      return fail(ErrorCode::kInternal,
                  "The private CA returned a certificate certflow cannot "
                  "use: " +
                      validated.error().message);
    }
    auto built = build_row(*validated, arn, std::nullopt, now);
    if (!built) return tl::unexpected(built.error());
    row = std::move(*built);
    row.type = "PRIVATE";
    row.imported_at_ms.reset();
    row.issued_at_ms = to_epoch_millis(now);
    row.export_option = request.export_option;
    row.details_json = add_private_details(
        row.details_json,
        {request.certificate_authority_arn, request.certificate_transparency_logging, ""});
  } else {
    spdlog::warn("acm: private CA {} refused certificate {} for {}: {} {}",
                 request.certificate_authority_arn, arn, request.domain_name, issued.error().reason,
                 issued.error().message);
    row = failed_row(request, arn, *names, issued.error(), now);
  }

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (request.idempotency_token) {
    // Another request with the token may have finished meanwhile: its certificate wins, and the
    // one issued here stays recorded by the CA only.
    auto earlier = remembered_arn(**txn, *request.idempotency_token, now);
    if (!earlier) return tl::unexpected(earlier.error());
    if (*earlier) return **earlier;
    store::IdempotencyRecord record{kRequestScope, *request.idempotency_token,
                                    fingerprint(request, *names), arn,
                                    to_epoch_millis(now + kIdempotencyLifetime)};
    if (auto ok = (*txn)->put_idempotency(record); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->put_certificate(row); !ok) return tl::unexpected(ok.error());
  row.version = 1;
  if (!request.tags.empty()) {
    if (auto ok = (*txn)->put_tags(arn, request.tags); !ok) return tl::unexpected(ok.error());
  }
  std::vector<store::EventRecord> events;
  if (row.status == "ISSUED") events.push_back(available_event(config_, row, "ISSUANCE", now));
  if (auto ok = commit_with_events(**txn, std::move(events)); !ok) {
    return tl::unexpected(ok.error());
  }
  return arn;
}

tl::expected<RenewedCertificate, PrivateIssueFailure> Inventory::issue_private_renewal(
    const store::CertificateRow& row) {
  if (private_issuer_ == nullptr) {
    return tl::unexpected(PrivateIssueFailure{
        "OTHER", "this certflow has no private CA configured to renew certificates"});
  }
  const PrivateDetails details = private_details_of(row);
  if (details.ca_arn.empty()) {
    return tl::unexpected(PrivateIssueFailure{
        "PCA_INVALID_ARN", "certificate " + row.arn + " has no issuing CA on record"});
  }
  const std::vector<std::string> names = subject_alternative_names_of(row);
  auto material = new_key_and_csr(row.key_algorithm, row.domain_name, names);
  if (!material) {
    return tl::unexpected(PrivateIssueFailure{"OTHER", material.error().message});
  }
  auto issued =
      private_issuer_->issue_private({details.ca_arn, material->csr_pem, row.domain_name, names});
  if (!issued) return tl::unexpected(issued.error());
  return RenewedCertificate{std::move(issued->certificate_pem), std::move(issued->chain_pem),
                            std::move(material->private_key_pem)};
}

}  // namespace certflow::inventory
