#include "inventory/pca/signing.h"

#include <chrono>

#include "inventory/pca/ca_access.h"

namespace certflow::pca {

namespace {

constexpr size_t kIdLength = 32;
// A fresh 128-bit serial colliding with a recorded one is astronomically unlikely; a few
// draws make the rule "serials are unique per CA" hold without depending on luck.
constexpr int kSerialDraws = 4;

Result<std::string> unused_serial(store::Transaction& txn, const std::string& ca_uuid) {
  for (int draw = 0; draw < kSerialDraws; ++draw) {
    std::string serial = pki::random_serial_hex();
    auto existing = txn.get_resource(kCertificateKind, certificate_name(ca_uuid, serial));
    if (!existing) return tl::unexpected(existing.error());
    if (!*existing) return serial;
  }
  return fail(ErrorCode::kInternal, "could not draw an unused certificate serial");
}

}  // namespace

std::string crl_url(const Config& config, const CaRecord& ca) {
  if (!ca.revocation.crl || !ca.revocation.crl->enabled) return "";
  const std::string path = "/crl/" + ca.uuid + ".crl";
  if (!ca.revocation.crl->custom_cname.empty()) {
    return "http://" + ca.revocation.crl->custom_cname + path;
  }
  std::string base = config.crl_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path;
}

std::string chain_below(const CaRecord& ca) {
  std::string chain = ca.certificate_pem;
  if (!chain.empty() && chain.back() != '\n') chain += '\n';
  return chain + ca.chain_pem;
}

Result<CertificateRecord> sign_and_record(store::Transaction& txn, const crypto::MasterKey& master,
                                          const Config& config, const CaRecord& ca,
                                          const IssueSpec& spec, TimePoint now) {
  auto serial = unused_serial(txn, ca.uuid);
  if (!serial) return tl::unexpected(serial.error());
  auto key = open_ca_key(master, ca);
  if (!key) return tl::unexpected(key.error());

  const bool self_signed = spec.template_choice.kind == pki::Template::kRootCa;
  pki::SigningRequest request;
  request.csr_der = spec.csr_der;
  request.template_choice = spec.template_choice;
  request.signing_algorithm = spec.signing_algorithm;
  request.serial_hex = *serial;
  request.not_before = spec.not_before;
  request.not_after = spec.not_after;
  request.subject = spec.subject;
  request.dns_names = spec.dns_names;
  // A root's own certificate is the trust anchor: nothing above it publishes a CRL for it.
  if (!self_signed) request.crl_url = crl_url(config, ca);
  pki::Signer signer{self_signed ? std::string() : ca.certificate_pem, std::move(*key)};
  auto pem = pki::sign_certificate(request, signer);
  if (!pem) return tl::unexpected(pem.error());

  CertificateRecord record;
  record.ca_uuid = ca.uuid;
  record.id = *serial;
  record.arn = issued_certificate_arn(ca.arn, *serial);
  record.certificate_pem = std::move(*pem);
  record.template_arn = pki::template_arn(spec.template_choice);
  record.issued_at_ms = to_epoch_millis(now);
  record.not_after_ms = to_epoch_millis(spec.not_after);
  if (auto ok = txn.put_resource(to_row(record, record.issued_at_ms)); !ok) {
    return tl::unexpected(ok.error());
  }
  return record;
}

Status refresh_crl(CaRecord& ca, const crypto::MasterKey& master, TimePoint now) {
  if (!ca.revocation.crl || !ca.revocation.crl->enabled || !ca.has_certificate()) return {};
  auto key = open_ca_key(master, ca);
  if (!key) return tl::unexpected(key.error());
  pki::CrlRequest request;
  for (const auto& revoked : ca.revocations) {
    request.revoked.push_back(
        {revoked.serial_hex, from_epoch_millis(revoked.revoked_at_ms), revoked.reason});
  }
  request.crl_number = (ca.crl ? ca.crl->number : 0) + 1;
  request.this_update = now;
  request.next_update = now + std::chrono::days(ca.revocation.crl->expiration_in_days);
  request.signing_algorithm = ca.configuration.signing_algorithm;
  auto der = pki::sign_crl(request, pki::Signer{ca.certificate_pem, std::move(*key)});
  if (!der) return tl::unexpected(der.error());
  ca.crl = CrlRecord{std::move(*der), request.crl_number, to_epoch_millis(request.this_update),
                     to_epoch_millis(request.next_update)};
  return {};
}

std::optional<std::string> certificate_id_for_serial(const std::string& serial) {
  auto normal = pki::normalize_serial_hex(serial);
  if (!normal || normal->size() > kIdLength) return std::nullopt;
  return std::string(kIdLength - normal->size(), '0') + *normal;
}

}  // namespace certflow::pca
