// How the private CA room keeps its state in store ResourceRows: the CA record (kind "pca-ca",
// name = the CA's UUID) and the issued-certificate record (kind "pca-certificate", name
// "<ca-uuid>/<certificate-id>"), their details_json, and the CA key sealed under the CA's ARN.
// Private to src/inventory/pca.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inventory/pca/pca.h"

namespace certflow::pca {

struct PermissionRecord {
  std::string principal;
  std::string source_account;  // "" when not given
  std::vector<std::string> actions;
  int64_t created_at_ms = 0;
};

struct RevocationRecord {
  std::string serial_hex;  // the certificate id (32 lowercase hex characters)
  int64_t revoked_at_ms = 0;
  std::string reason;
};

// The CA's current CRL, as served.
struct CrlRecord {
  std::string der;
  int64_t number = 0;
  int64_t this_update_ms = 0;
  int64_t next_update_ms = 0;
};

struct CaRecord {
  std::string uuid;
  std::string arn;
  int64_t created_at_ms = 0;
  int64_t last_state_change_ms = 0;
  std::string type;                    // ROOT | SUBORDINATE
  std::string status;                  // stored status; effective_status() adds EXPIRED
  std::string status_before_deletion;  // what restore() returns to
  CaConfiguration configuration;
  RevocationConfiguration revocation;
  std::string key_storage_security_standard;
  std::string usage_mode;
  crypto::SealedSecret sealed_key;  // the CA's private key, sealed with associated data = arn
  std::string csr_pem;
  // Set once a CA certificate is imported.
  std::string certificate_pem;
  std::string chain_pem;
  std::string serial;  // "0a:1b:..." as inspect_certificate reports it
  std::optional<int64_t> not_before_ms;
  std::optional<int64_t> not_after_ms;
  std::optional<int64_t> restorable_until_ms;  // set while DELETED
  std::vector<PermissionRecord> permissions;
  std::vector<RevocationRecord> revocations;
  std::optional<CrlRecord> crl;

  bool has_certificate() const { return !certificate_pem.empty(); }
};

struct CertificateRecord {
  std::string ca_uuid;
  std::string id;  // the serial, 32 lowercase hex characters
  std::string arn;
  std::string certificate_pem;
  std::string template_arn;
  int64_t issued_at_ms = 0;
  int64_t not_after_ms = 0;
};

store::ResourceRow to_row(const CaRecord& ca, int64_t now_ms);
Result<CaRecord> ca_from_row(const store::ResourceRow& row);
store::ResourceRow to_row(const CertificateRecord& certificate, int64_t now_ms);
Result<CertificateRecord> certificate_from_row(const store::ResourceRow& row);

// The record name of an issued certificate: "<ca-uuid>/<id>".
std::string certificate_name(const std::string& ca_uuid, const std::string& id);

// Seals / opens the CA's private key; the associated data is the CA's ARN, so a key copied to
// another CA's record does not open.
Result<crypto::SealedSecret> seal_ca_key(const crypto::MasterKey& master, const std::string& ca_arn,
                                         const crypto::SecretBytes& private_key_pem);
Result<crypto::SecretBytes> open_ca_key(const crypto::MasterKey& master, const CaRecord& ca);

}  // namespace certflow::pca
