// ExportCertificate, the deploy function's export, and RenewCertificate. Every export marks the
// certificate Exported (which makes it eligible for managed renewal) and leaves an audit record,
// in the transaction that reads the key.
#include <functional>

#include "inventory/certificate_record.h"
#include "inventory/inventory.h"
#include "inventory/request_checks.h"
#include "pki/issuance.h"

namespace certflow::inventory {

namespace {

constexpr const char* kAuditLogGroup = "/certflow/audit";
constexpr const char* kDeployCaller = "certflow-deploy";

struct ExportedRow {
  store::CertificateRow row;
  Certificate certificate;  // as DescribeCertificate reads it
};

Status check_exportable(const store::CertificateRow& row, int64_t now_ms) {
  if (row.type != "PRIVATE" && row.export_option != "ENABLED") {
    return fail(ErrorCode::kValidation,
                "Certificate " + row.arn + " is not a private certificate (its type is " +
                    row.type +
                    ") and cannot be exported. Only private certificates, and public ones "
                    "requested with Options Export=ENABLED, can be exported.");
  }
  const std::string status = store::effective_status(row, now_ms);
  if (status == "PENDING_VALIDATION") {
    return fail(
        ErrorCode::kRequestInProgress,
        "Certificate " + row.arn + " has not been issued yet; export it once it is ISSUED.");
  }
  if (status != "ISSUED") {
    return fail(ErrorCode::kValidation, "Certificate " + row.arn + " is " + status +
                                            "; only ISSUED certificates can be exported.");
  }
  if (row.key_ciphertext.empty()) {
    return fail(ErrorCode::kInternal, "Certificate " + row.arn + " has no private key on record.");
  }
  return {};
}

// In one transaction: checks, opens the key, hands it to `use` (which must not fail after the
// commit: it formats what the caller returns), marks the certificate exported and writes the
// audit record. Nothing is recorded when `use` fails.
Result<ExportedRow> export_in_transaction(
    store::Store& store, const crypto::MasterKey& master_key, TimePoint now, const std::string& arn,
    const std::string& caller, const std::function<Status(const crypto::SecretBytes&)>& use) {
  const int64_t now_ms = to_epoch_millis(now);
  auto txn = store.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto found = (*txn)->get_certificate(arn);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return fail(ErrorCode::kResourceNotFound, "Could not find certificate " + arn + ".");
  store::CertificateRow row = std::move(**found);
  if (auto ok = check_exportable(row, now_ms); !ok) return tl::unexpected(ok.error());
  auto key = crypto::open(master_key, {row.key_wrapped_data_key, row.key_ciphertext}, arn);
  if (!key) return tl::unexpected(key.error());
  if (auto ok = use(*key); !ok) return tl::unexpected(ok.error());

  if (!row.exported) {
    row.exported = true;
    if (auto ok = (*txn)->put_certificate(row); !ok) return tl::unexpected(ok.error());
    ++row.version;
  }
  Certificate certificate = to_certificate(row, now);
  // Who took the key and which one; never the passphrase.
  store::LogRecordRow audit{0,
                            kAuditLogGroup,
                            "",
                            now_ms,
                            "",
                            "ExportCertificate " + arn + " serial " + certificate.serial + " by " +
                                (caller.empty() ? std::string("unknown caller") : caller)};
  if (auto ok = (*txn)->append_log_record(audit); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return ExportedRow{std::move(row), std::move(certificate)};
}

}  // namespace

Result<ExportedCertificate> Inventory::export_certificate(const std::string& arn,
                                                          const crypto::SecretBytes& passphrase,
                                                          const std::string& caller) {
  if (auto ok = check_arn(arn); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_passphrase(passphrase); !ok) return tl::unexpected(ok.error());
  std::string encrypted;
  auto exported = export_in_transaction(store_, master_key_, clock_.now(), arn, caller,
                                        [&](const crypto::SecretBytes& key) -> Status {
                                          auto pem = pki::encrypt_private_key(key, passphrase);
                                          if (!pem) return tl::unexpected(pem.error());
                                          encrypted = std::move(*pem);
                                          return {};
                                        });
  if (!exported) return tl::unexpected(exported.error());
  return ExportedCertificate{std::move(exported->row.certificate_pem),
                             std::move(exported->row.chain_pem), std::move(encrypted)};
}

Result<DeploymentMaterial> Inventory::export_for_deployment(const std::string& arn) {
  if (auto ok = check_arn(arn); !ok) return tl::unexpected(ok.error());
  crypto::SecretBytes private_key;
  auto exported = export_in_transaction(store_, master_key_, clock_.now(), arn, kDeployCaller,
                                        [&](const crypto::SecretBytes& key) -> Status {
                                          private_key = key;
                                          return {};
                                        });
  if (!exported) return tl::unexpected(exported.error());
  return DeploymentMaterial{std::move(exported->row.certificate_pem),
                            std::move(exported->row.chain_pem),
                            std::move(exported->certificate.serial), std::move(private_key)};
}

Status Inventory::renew_certificate(const std::string& arn) {
  auto row = read_certificate(arn);
  if (!row) return tl::unexpected(row.error());
  if (row->type != "PRIVATE") {
    return fail(ErrorCode::kValidation,
                "The certificate is not eligible for renewal: " + arn + " is of type " + row->type +
                    "; only private certificates can be renewed with RenewCertificate.");
  }
  if (!renewal_eligible(*row, to_epoch_millis(clock_.now()))) {
    const std::string status = store::effective_status(*row, to_epoch_millis(clock_.now()));
    return fail(ErrorCode::kValidation,
                "The certificate is not eligible for renewal: " + arn +
                    (status != "ISSUED" ? " is " + status + "."
                                        : " has been neither exported nor associated with a "
                                          "resource; export it first (aws acm "
                                          "export-certificate)."));
  }
  if (renewal_trigger_ == nullptr) {
    return fail(ErrorCode::kInternal,
                "Renewal is not available: this certflow runs no lifecycle engine.");
  }
  return renewal_trigger_->renew_now(arn);
}

}  // namespace certflow::inventory
