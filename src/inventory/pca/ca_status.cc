// UpdateCertificateAuthority, DeleteCertificateAuthority, RestoreCertificateAuthority: the CA's
// status over its life, as AWS Private CA moves it.
#include <chrono>

#include "inventory/pca/ca_access.h"
#include "inventory/pca/signing.h"

namespace certflow::pca {

namespace {

constexpr int kMinRestoreDays = 7;

bool crl_enabled(const RevocationConfiguration& revocation) {
  return revocation.crl && revocation.crl->enabled;
}

Status check_status_change(const CaRecord& ca, const std::string& wanted, TimePoint now) {
  if (wanted != "ACTIVE" && wanted != "DISABLED") {
    return fail(ErrorCode::kInvalidArgs,
                "Status can only be set to ACTIVE or DISABLED with UpdateCertificateAuthority; "
                "got \"" +
                    wanted + "\".");
  }
  const std::string status = effective_status(ca, now);
  if (status == "PENDING_CERTIFICATE") {
    return tl::unexpected(invalid_state(
        ca, status,
        "import its CA certificate (ImportCertificateAuthorityCertificate) to activate it"));
  }
  if (status == "EXPIRED") {
    return tl::unexpected(invalid_state(
        ca, status, "import a renewed CA certificate; an expired CA's status cannot be changed"));
  }
  if (status != "ACTIVE" && status != "DISABLED") {
    return tl::unexpected(
        invalid_state(ca, status, "only an ACTIVE or DISABLED CA can change its status"));
  }
  if (wanted == "ACTIVE" && ca.not_after_ms && *ca.not_after_ms <= to_epoch_millis(now)) {
    return tl::unexpected(invalid_state(
        ca, status,
        "its CA certificate expired at " + to_iso8601(from_epoch_millis(*ca.not_after_ms)) +
            "; import a renewed CA certificate before enabling it"));
  }
  return {};
}

}  // namespace

Status CertificateAuthorities::update(const std::string& ca_arn,
                                      const std::optional<std::string>& status,
                                      const std::optional<RevocationConfiguration>& revocation) {
  if (revocation) {
    if (auto ok = validate_revocation(*revocation); !ok) return ok;
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, ca_arn, now, "it cannot be updated");
  if (!ca) return tl::unexpected(ca.error());
  if (status) {
    if (auto ok = check_status_change(*ca, *status, now); !ok) return ok;
    if (ca->status != *status) {
      ca->status = *status;
      ca->last_state_change_ms = to_epoch_millis(now);
    }
  }
  if (revocation) {
    const bool was_enabled = crl_enabled(ca->revocation);
    ca->revocation = *revocation;
    // The first CRL is signed when CRLs are turned on, so the URL in certificates never
    // answers 404 once it is there.
    if (crl_enabled(ca->revocation) && (!was_enabled || !ca->crl)) {
      if (auto ok = refresh_crl(*ca, master_key_, now); !ok) return ok;
    }
  }
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Status CertificateAuthorities::remove(const std::string& ca_arn,
                                      std::optional<int> permanent_deletion_days) {
  const int days = permanent_deletion_days.value_or(kDefaultRestoreDays);
  if (days < kMinRestoreDays || days > kDefaultRestoreDays) {
    return fail(
        ErrorCode::kInvalidArgs,
        "PermanentDeletionTimeInDays must be between 7 and 30; got " + std::to_string(days) + ".");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_ca(**txn, config_, ca_arn, now);
  if (!ca) return tl::unexpected(ca.error());
  const std::string status = effective_status(*ca, now);
  if (status == "DELETED") {
    return tl::unexpected(invalid_state(*ca, status, "it is already deleted"));
  }
  if (status == "ACTIVE") {
    return tl::unexpected(
        invalid_state(*ca, status,
                      "disable it before deleting it: aws acm-pca update-certificate-authority "
                      "--certificate-authority-arn " +
                          ca->arn + " --status DISABLED"));
  }
  if (status == "CREATING" || status == "FAILED") {
    // Nothing was ever issued by it: there is nothing to restore.
    auto gone = (*txn)->delete_resource(kCaKind, ca->uuid);
    if (!gone) return tl::unexpected(gone.error());
    if (auto ok = (*txn)->put_resource_tags(ca->arn, {}); !ok) return ok;
    return (*txn)->commit();
  }
  ca->status_before_deletion = ca->status;
  ca->status = "DELETED";
  ca->restorable_until_ms = to_epoch_millis(now + std::chrono::days(days));
  ca->last_state_change_ms = to_epoch_millis(now);
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Status CertificateAuthorities::restore(const std::string& ca_arn) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_ca(**txn, config_, ca_arn, now);
  if (!ca) return tl::unexpected(ca.error());
  if (ca->status != "DELETED") {
    return tl::unexpected(
        invalid_state(*ca, effective_status(*ca, now), "only a DELETED CA can be restored"));
  }
  // Back to the status it had: DISABLED (an ACTIVE CA must be disabled before deletion, and
  // one whose certificate has expired meanwhile reads EXPIRED) or PENDING_CERTIFICATE.
  ca->status = ca->status_before_deletion.empty() ? "DISABLED" : ca->status_before_deletion;
  ca->status_before_deletion.clear();
  ca->restorable_until_ms.reset();
  ca->last_state_change_ms = to_epoch_millis(now);
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

}  // namespace certflow::pca
