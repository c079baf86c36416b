// The certificate inventory as the ACM API sees it: import and re-import, describe, list,
// get, delete, tags and the account configuration. The door of the inventory room.
//
// Inputs here are already shape-checked by the API adapter (types, required members, model
// lengths); the inventory checks meaning (ARNs exist, certificates parse, keys match, reimport
// rules) and returns Errors whose codes the API maps to ACM's wire codes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "pki/certificate.h"
#include "store/store.h"

namespace certflow::inventory {

struct InventoryConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

using Tag = store::Tag;

struct ImportRequest {
  std::optional<std::string> certificate_arn;  // set: re-import over this certificate
  std::string certificate;                     // PEM bytes
  std::string private_key;                     // PEM bytes (secret)
  std::string certificate_chain;               // PEM bytes; empty = none
  std::vector<Tag> tags;
};

// DescribeCertificate's RenewalSummary: present once managed renewal has started.
struct RenewalSummary {
  std::string status;  // PENDING_AUTO_RENEWAL | PENDING_VALIDATION | SUCCESS | FAILED
  std::string reason;  // FailureReason; "" when none
  TimePoint updated_at;
};

// What an issuer hands back when it renews a managed certificate.
struct RenewedCertificate {
  std::string certificate_pem;
  std::string chain_pem;
  crypto::SecretBytes private_key_pem;
};

// Everything DescribeCertificate and ListCertificates report about one certificate.
struct Certificate {
  std::string arn;
  std::string type;
  std::string status;  // effective status at the time of reading
  std::string domain_name;
  std::vector<std::string> subject_alternative_names;
  std::string serial;
  std::string subject;
  std::string issuer;
  TimePoint not_before;
  TimePoint not_after;
  TimePoint created_at;
  std::optional<TimePoint> imported_at;
  std::optional<TimePoint> issued_at;
  std::string key_algorithm;
  std::string signature_algorithm;
  std::vector<std::string> key_usages;
  std::vector<pki::ExtendedKeyUsage> extended_key_usages;
  std::string renewal_eligibility;  // ELIGIBLE | INELIGIBLE
  std::vector<std::string> in_use_by;
  bool in_use = false;
  bool exported = false;
  std::string export_option;  // "" when not set
  std::string certificate_transparency_logging = "ENABLED";
  std::optional<RenewalSummary> renewal_summary;
  std::string certificate_authority_arn;  // PRIVATE: the issuing CA; "" otherwise
  std::string failure_reason;             // FAILED: why (PCA_ACCESS_DENIED, ...); "" otherwise
};

// ---- ACM's private certificates (RequestCertificate with CertificateAuthorityArn). ----

// What ACM asks of a private CA, as its service principal acm.amazonaws.com.
struct PrivateIssueRequest {
  std::string ca_arn;
  std::string csr_pem;  // the certificate's key, in a request ACM built
  std::string domain_name;
  std::vector<std::string> subject_alternative_names;  // includes domain_name
  int validity_days = 395;                             // ACM's private certificates: 13 months
};
struct IssuedPrivateCertificate {
  std::string certificate_pem;
  std::string chain_pem;  // the CA's certificate and its chain
};
struct PrivateIssueFailure {
  std::string reason;   // ACM FailureReason: PCA_ACCESS_DENIED, PCA_INVALID_STATE, ...
  std::string message;  // a person can act on it ("grant acm.amazonaws.com IssueCertificate ...")
};
// The private CA as ACM sees it (implemented by pca::CertificateAuthorities).
class PrivateCertificateIssuer {
 public:
  virtual ~PrivateCertificateIssuer() = default;
  // For RequestCertificate: kInvalidArn (malformed), kResourceNotFound (no such CA),
  // kInvalidState (not ACTIVE) with a message naming the CA.
  virtual Status check_ca(const std::string& ca_arn) = 0;
  virtual tl::expected<IssuedPrivateCertificate, PrivateIssueFailure> issue_private(
      const PrivateIssueRequest& request) = 0;
};

// RenewCertificate's immediate attempt: the lifecycle engine's (set by the composition root).
class RenewalTrigger {
 public:
  virtual ~RenewalTrigger() = default;
  // Runs one renewal attempt of the certificate now, whatever the schedule says; the outcome is
  // recorded (RenewalSummary, events) as a scheduled attempt's is. kValidation when the
  // certificate is not eligible for renewal.
  virtual Status renew_now(const std::string& arn) = 0;
};

struct RequestCertificateRequest {
  std::string domain_name;
  std::vector<std::string> subject_alternative_names;  // empty: just the domain name
  std::string certificate_authority_arn;   // required here: certflow issues PRIVATE only
  std::string key_algorithm = "RSA_2048";  // RSA_2048 | EC_prime256v1 | EC_secp384r1
  std::optional<std::string> idempotency_token;
  std::string export_option;  // Options.Export: ENABLED | DISABLED | ""
  std::string certificate_transparency_logging = "ENABLED";
  std::vector<Tag> tags;
};

struct ExportedCertificate {
  std::string certificate_pem;
  std::string chain_pem;
  std::string private_key_pem;  // encrypted PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY")
};

// For certflow's own deployment (`certflow deploy`), inside the daemon: the key unencrypted.
struct DeploymentMaterial {
  std::string certificate_pem;
  std::string chain_pem;
  std::string serial;  // "0a:1b:..." as DescribeCertificate shows it
  crypto::SecretBytes private_key_pem;
};

struct CertificateMaterial {
  std::string certificate_pem;
  std::string chain_pem;  // empty when the certificate has no chain
};

struct ListQuery {
  std::vector<std::string> statuses;
  std::optional<std::vector<std::string>> key_types;  // nullopt: ACM's default, RSA_2048 only
  std::vector<std::string> key_usages;                // "ANY" matches every certificate
  std::vector<std::string> extended_key_usages;       // "ANY" matches every certificate
  std::optional<std::string> export_option;
  size_t max_items = 1000;
  bool descending = false;
  std::optional<std::string> next_token;
};

struct ListResult {
  std::vector<Certificate> certificates;
  std::optional<std::string> next_token;
};

class Inventory {
 public:
  static constexpr size_t kMaxTagsPerCertificate = 50;

  Inventory(store::Store& store, const crypto::MasterKey& master_key, const Clock& clock,
            InventoryConfig config);

  // Returns the certificate's ARN (new, or the one re-imported over).
  Result<std::string> import_certificate(const ImportRequest& request);
  // A PRIVATE certificate: key generated and sealed, issued by the CA through the private
  // issuer, Available (Action ISSUANCE) emitted, all in one transaction after the CA answered.
  // When the CA refuses, the certificate is stored FAILED with its FailureReason. The same
  // idempotency token within an hour returns the same ARN.
  Result<std::string> request_certificate(const RequestCertificateRequest& request);
  // ExportCertificate: PRIVATE certificates (and ones requested with Export ENABLED) only
  // (kValidation otherwise); passphrase 4..128 bytes without #, $ or %. Sets Exported and writes
  // an audit record (log group "/certflow/audit", naming the caller, never the passphrase) in
  // one transaction.
  Result<ExportedCertificate> export_certificate(const std::string& arn,
                                                 const crypto::SecretBytes& passphrase,
                                                 const std::string& caller);
  // The same export for certflow's deploy function; the audit record names "certflow-deploy".
  Result<DeploymentMaterial> export_for_deployment(const std::string& arn);
  // RenewCertificate: kValidation unless eligible; then the renewal trigger's attempt.
  Status renew_certificate(const std::string& arn);
  // A renewal of a PRIVATE certificate: a new key and request, issued by the certificate's CA
  // through the private issuer. Touches no store row (apply_renewal writes the result).
  tl::expected<RenewedCertificate, PrivateIssueFailure> issue_private_renewal(
      const store::CertificateRow& row);
  void set_private_issuer(PrivateCertificateIssuer* issuer) { private_issuer_ = issuer; }
  void set_renewal_trigger(RenewalTrigger* trigger) { renewal_trigger_ = trigger; }
  Result<Certificate> describe_certificate(const std::string& arn);
  Result<ListResult> list_certificates(const ListQuery& query);
  Result<CertificateMaterial> get_certificate(const std::string& arn);
  Status delete_certificate(const std::string& arn);

  Status add_tags(const std::string& arn, const std::vector<Tag>& tags);
  Status remove_tags(const std::string& arn, const std::vector<Tag>& tags);
  Result<std::vector<Tag>> list_tags(const std::string& arn);

  Result<store::AccountConfig> get_account_configuration();
  // days_before_expiry: nullopt leaves the value unchanged. The token makes retries safe:
  // the same token with the same value succeeds again; with another value it is a conflict.
  Status put_account_configuration(std::optional<int> days_before_expiry,
                                   const std::string& idempotency_token);

  // certflow's short-lived certificate setting (store::AccountConfig::expiry_lifetime_percent):
  // 0 turns it off, 1..100 turns it on. Not part of the ACM API.
  Status set_expiry_lifetime_percent(int percent);

  // Writes a managed certificate's renewal (same ARN, new body) and its Available event with
  // Action RENEWAL, in one transaction. kConflict when the certificate changed since
  // expected_version was read; kValidation when the issuer's material does not check out.
  Status apply_renewal(const std::string& arn, int64_t expected_version,
                       const RenewedCertificate& renewed);

  const InventoryConfig& config() const { return config_; }

 private:
  Result<store::CertificateRow> build_row(const pki::ValidatedImport& validated,
                                          const std::string& arn,
                                          const std::optional<store::CertificateRow>& previous,
                                          TimePoint now);
  Result<store::CertificateRow> require_certificate(store::Transaction& txn,
                                                    const std::string& arn);
  Status check_arn(const std::string& arn) const;
  // Appends events to txn, commits, then logs them.
  Status commit_with_events(store::Transaction& txn, std::vector<store::EventRecord> events);
  // A well-formed ARN that exists, read outside any transaction; kResourceNotFound otherwise.
  Result<store::CertificateRow> read_certificate(const std::string& arn);
  // Validates `tags`, then applies `change` to the certificate's tag set in one transaction.
  Status update_tags(const std::string& arn, const std::vector<Tag>& tags,
                     const std::function<Status(std::vector<Tag>&)>& change);

  store::Store& store_;
  const crypto::MasterKey& master_key_;
  const Clock& clock_;
  InventoryConfig config_;
  PrivateCertificateIssuer* private_issuer_ = nullptr;
  RenewalTrigger* renewal_trigger_ = nullptr;
};

// Validates a tag against ACM's rules (key 1..128, value 0..256, allowed characters, no "aws:"
// prefix). Fails with kInvalidTag and a message naming the tag.
Status validate_tag(const Tag& tag);

// ACM's managed-renewal eligibility: an ACM-issued (public or private) certificate that is still
// ISSUED and in use or exported. Imported certificates are never renewed.
bool renewal_eligible(const store::CertificateRow& row, int64_t now_ms);

}  // namespace certflow::inventory
