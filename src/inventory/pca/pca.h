// certflow's private certificate authorities, as AWS Private CA (acm-pca) presents them: CAs
// (root and subordinate) with their keys sealed at rest, the certificates they issue, revocation
// and the CRL each CA signs, permissions for ACM's service principal, tags, and the delete/restore
// window. The door of the private CA part of the inventory room.
//
// Records (store ResourceRows, this room's JSON in details_json):
//   kind "pca-ca"          name = the CA's UUID; holds configuration, status, the sealed key,
//                          CSR, CA certificate and chain, permissions, revocations and the
//                          current CRL.
//   kind "pca-certificate" name = "<ca-uuid>/<certificate-id>"; the issued certificate.
// Tags of CAs are resource tags by CA ARN.
//
// Every issued certificate is recorded in the transaction that returns its ARN, so nothing is
// ever issued and unrecorded; a crash after that commit leaves a recorded certificate nobody
// uses, never the reverse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "inventory/inventory.h"
#include "pki/issuance.h"
#include "store/store.h"

namespace certflow::pca {

inline constexpr const char* kCaKind = "pca-ca";
inline constexpr const char* kCertificateKind = "pca-certificate";
inline constexpr const char* kAcmPrincipal = "acm.amazonaws.com";

struct Config {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Where the daemon serves CRLs: issued certificates carry "<crl_base_url>/crl/<ca-uuid>.crl"
  // (or "http://<CustomCname>/crl/<ca-uuid>.crl" when the CA's CRL configuration names one).
  std::string crl_base_url = "http://127.0.0.1:4566";
};

struct CrlConfiguration {
  bool enabled = false;
  int expiration_in_days = 7;  // 1..5000
  std::string custom_cname;
  std::string s3_bucket_name;  // kept and reported; certflow serves the CRL itself
  std::string s3_object_acl;
  std::string crl_type;  // COMPLETE | PARTITIONED | ""
  std::string custom_path;
  bool operator==(const CrlConfiguration&) const = default;
};

struct RevocationConfiguration {
  std::optional<CrlConfiguration> crl;
  std::optional<bool> ocsp_enabled;  // kept and reported; certflow runs no OCSP responder
  std::string ocsp_custom_cname;
};

struct CaConfiguration {
  std::string key_algorithm;      // RSA_2048 | RSA_3072 | RSA_4096 | EC_prime256v1 | ...
  std::string signing_algorithm;  // SHA256WITHRSA | ...
  pki::DistinguishedName subject;
};

struct CreateCaRequest {
  CaConfiguration configuration;
  RevocationConfiguration revocation;
  std::string type;  // ROOT | SUBORDINATE
  std::optional<std::string> idempotency_token;
  std::string key_storage_security_standard = "FIPS_140_2_LEVEL_3_OR_HIGHER";
  std::string usage_mode = "GENERAL_PURPOSE";  // | SHORT_LIVED_CERTIFICATE
  std::vector<store::Tag> tags;
};

struct CertificateAuthority {
  std::string arn;
  std::string owner_account;
  TimePoint created_at;
  TimePoint last_state_change_at;
  std::string type;
  std::string serial;  // the CA certificate's serial once imported ("" before)
  // CREATING | PENDING_CERTIFICATE | ACTIVE | DELETED | DISABLED | EXPIRED | FAILED, as of the
  // read (an ACTIVE CA whose certificate's NotAfter has passed reads EXPIRED).
  std::string status;
  std::optional<TimePoint> not_before;
  std::optional<TimePoint> not_after;
  std::string failure_reason;
  CaConfiguration configuration;
  RevocationConfiguration revocation;
  std::optional<TimePoint> restorable_until;  // set while DELETED
  std::string key_storage_security_standard;
  std::string usage_mode;
};

struct Validity {
  int64_t value = 0;
  std::string type;  // END_DATE | ABSOLUTE | DAYS | MONTHS | YEARS
};

struct IssueRequest {
  std::string ca_arn;
  std::string csr;  // PEM or DER bytes
  std::string signing_algorithm;
  std::string template_arn;  // "" = EndEntityCertificate/V1
  Validity validity;
  std::optional<Validity> validity_not_before;
  std::optional<std::string> idempotency_token;
};

struct CertificateWithChain {
  std::string certificate_pem;
  std::string chain_pem;  // "" when none (a root CA's own certificate)
};

struct Permission {
  std::string ca_arn;
  TimePoint created_at;
  std::string principal;
  std::string source_account;        // "" when not given
  std::vector<std::string> actions;  // IssueCertificate | GetCertificate | ListPermissions
  std::string policy;                // the equivalent resource policy, JSON text
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

class CertificateAuthorities final : public inventory::PrivateCertificateIssuer {
 public:
  static constexpr int kDefaultRestoreDays = 30;

  CertificateAuthorities(store::Store& store, const crypto::MasterKey& master_key,
                         const Clock& clock, Config config);

  // ---- The acm-pca API (errors carry Private CA's codes: kInvalidArgs, kInvalidState,
  // kMalformedCsr, kResourceNotFound, kInvalidArn, ...). ----
  Result<std::string> create(const CreateCaRequest& request);  // the CA's ARN
  Result<CertificateAuthority> describe(const std::string& ca_arn);
  Result<Page<CertificateAuthority>> list(size_t max_results,
                                          const std::optional<std::string>& next_token);
  Result<std::string> get_csr(const std::string& ca_arn);  // PEM
  Status import_ca_certificate(const std::string& ca_arn, const std::string& certificate,
                               const std::string& chain);
  Result<CertificateWithChain> get_ca_certificate(const std::string& ca_arn);
  Result<std::string> issue(const IssueRequest& request);  // the certificate's ARN
  Result<CertificateWithChain> get_certificate(const std::string& ca_arn,
                                               const std::string& certificate_arn);
  Status revoke(const std::string& ca_arn, const std::string& serial, const std::string& reason);
  Status update(const std::string& ca_arn, const std::optional<std::string>& status,
                const std::optional<RevocationConfiguration>& revocation);
  Status remove(const std::string& ca_arn, std::optional<int> permanent_deletion_days);
  Status restore(const std::string& ca_arn);
  Status create_permission(const std::string& ca_arn, const std::string& principal,
                           const std::vector<std::string>& actions,
                           const std::string& source_account);
  Status delete_permission(const std::string& ca_arn, const std::string& principal,
                           const std::string& source_account);
  Result<Page<Permission>> list_permissions(const std::string& ca_arn, size_t max_results,
                                            const std::optional<std::string>& next_token);
  Status tag(const std::string& ca_arn, const std::vector<store::Tag>& tags);
  Status untag(const std::string& ca_arn, const std::vector<store::Tag>& tags);
  Result<std::vector<store::Tag>> list_tags(const std::string& ca_arn);

  // The CA's current CRL (DER), re-signed when it has passed half its lifetime; nullopt when the
  // CA is unknown, has no certificate yet, or its CRL is not enabled.
  Result<std::optional<std::string>> crl(const std::string& ca_uuid);

  // ---- ACM's view (inventory::PrivateCertificateIssuer): the CA as acm.amazonaws.com sees
  // it. Fails with ACM's FailureReason: PCA_ACCESS_DENIED (no IssueCertificate permission for
  // ACM), PCA_INVALID_STATE (disabled, deleted, pending, expired), PCA_INVALID_DURATION (the CA
  // expires before the certificate would), PCA_RESOURCE_NOT_FOUND, PCA_INVALID_ARN,
  // PCA_INVALID_ARGS. ----
  Status check_ca(const std::string& ca_arn) override;
  tl::expected<inventory::IssuedPrivateCertificate, inventory::PrivateIssueFailure> issue_private(
      const inventory::PrivateIssueRequest& request) override;

  const Config& config() const { return config_; }

 private:
  store::Store& store_;
  const crypto::MasterKey& master_key_;
  const Clock& clock_;
  Config config_;
};

}  // namespace certflow::pca
