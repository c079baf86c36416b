// RevokeCertificate and the CRL each CA signs.
#include "inventory/pca/ca_access.h"
#include "inventory/pca/signing.h"

namespace certflow::pca {

namespace {

constexpr const char* kReasons[] = {
    "UNSPECIFIED",         "KEY_COMPROMISE", "CERTIFICATE_AUTHORITY_COMPROMISE",
    "AFFILIATION_CHANGED", "SUPERSEDED",     "CESSATION_OF_OPERATION",
    "PRIVILEGE_WITHDRAWN", "A_A_COMPROMISE"};

Status check_reason(const std::string& reason) {
  for (const char* known : kReasons) {
    if (reason == known) return {};
  }
  return fail(ErrorCode::kInvalidArgs,
              "RevocationReason \"" + reason +
                  "\" is not one of UNSPECIFIED, KEY_COMPROMISE, "
                  "CERTIFICATE_AUTHORITY_COMPROMISE, AFFILIATION_CHANGED, SUPERSEDED, "
                  "CESSATION_OF_OPERATION, PRIVILEGE_WITHDRAWN, A_A_COMPROMISE.");
}

bool crl_served(const CaRecord& ca, TimePoint now) {
  return ca.revocation.crl && ca.revocation.crl->enabled && ca.has_certificate() &&
         !permanently_deleted(ca, now);
}

// A CRL is re-signed once half its lifetime has passed, so relying parties that cache it until
// nextUpdate always find a fresh one. A CA that no longer signs (expired, deleted) keeps
// serving its last CRL.
bool needs_signing(const CaRecord& ca, TimePoint now) {
  const std::string status = effective_status(ca, now);
  if (status != "ACTIVE" && status != "DISABLED") return false;
  if (!ca.crl) return true;
  const int64_t half =
      ca.crl->this_update_ms + (ca.crl->next_update_ms - ca.crl->this_update_ms) / 2;
  return to_epoch_millis(now) >= half;
}

}  // namespace

Status CertificateAuthorities::revoke(const std::string& ca_arn, const std::string& serial,
                                      const std::string& reason) {
  if (auto ok = check_reason(reason); !ok) return ok;
  auto id = certificate_id_for_serial(serial);
  if (!id) {
    return fail(ErrorCode::kInvalidRequest,
                "CertificateSerial \"" + serial +
                    "\" is not a certificate serial number: give it in hex, as openssl x509 "
                    "-serial or -text prints it (for example 4c:1f:0a or 4C1F0A).");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, ca_arn, now, "it cannot revoke certificates");
  if (!ca) return tl::unexpected(ca.error());
  const std::string status = effective_status(*ca, now);
  if (status != "ACTIVE" && status != "DISABLED") {
    return tl::unexpected(
        invalid_state(*ca, status, "it must be ACTIVE or DISABLED to revoke certificates"));
  }
  auto issued = (*txn)->get_resource(kCertificateKind, certificate_name(ca->uuid, *id));
  if (!issued) return tl::unexpected(issued.error());
  if (!*issued) {
    return fail(ErrorCode::kResourceNotFound, "The certificate authority " + ca->arn +
                                                  " did not issue a certificate with serial " +
                                                  serial + ".");
  }
  for (const auto& revoked : ca->revocations) {
    if (revoked.serial_hex == *id) {
      return fail(ErrorCode::kRequestAlreadyProcessed,
                  "The certificate with serial " + serial + " was already revoked at " +
                      to_iso8601(from_epoch_millis(revoked.revoked_at_ms)) + ".");
    }
  }
  ca->revocations.push_back({*id, to_epoch_millis(now), reason});
  if (auto ok = refresh_crl(*ca, master_key_, now); !ok) return ok;
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Result<std::optional<std::string>> CertificateAuthorities::crl(const std::string& ca_uuid) {
  const TimePoint now = clock_.now();
  auto row = store_.get_resource(kCaKind, ca_uuid);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  auto ca = ca_from_row(**row);
  if (!ca) return tl::unexpected(ca.error());
  if (!crl_served(*ca, now)) return std::optional<std::string>();
  if (!needs_signing(*ca, now)) {
    return ca->crl ? std::optional<std::string>(ca->crl->der) : std::nullopt;
  }

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  // Read again under the write lock: another reader may have re-signed it meanwhile.
  auto again = (*txn)->get_resource(kCaKind, ca_uuid);
  if (!again) return tl::unexpected(again.error());
  if (!*again) return std::optional<std::string>();
  auto current = ca_from_row(**again);
  if (!current) return tl::unexpected(current.error());
  if (!crl_served(*current, now)) return std::optional<std::string>();
  if (needs_signing(*current, now)) {
    if (auto ok = refresh_crl(*current, master_key_, now); !ok) return tl::unexpected(ok.error());
    if (auto ok = save_ca(**txn, *current, now); !ok) return tl::unexpected(ok.error());
    if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  }
  return current->crl ? std::optional<std::string>(current->crl->der) : std::nullopt;
}

}  // namespace certflow::pca
