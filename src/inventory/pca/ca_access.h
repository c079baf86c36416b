// Finding a CA from its ARN, the status a reader sees, and writing a CA back: what every
// operation of the room does first and last. Private to src/inventory/pca.
#pragma once

#include <string>

#include "inventory/pca/records.h"

namespace certflow::pca {

// arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/<uuid>
std::string ca_arn(const Config& config, const std::string& uuid);
// <ca-arn>/certificate/<id>
std::string issued_certificate_arn(const std::string& ca_arn, const std::string& id);

// kInvalidArn unless the text matches the model's Arn pattern
// (arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]*:[\w+=,.@-]+(/[\w+=,.@-]+)*, 5..200 long).
Status check_arn_pattern(const std::string& arn);

// The CA's UUID. kInvalidArn when the text does not match the model's ARN pattern;
// kResourceNotFound when it is well-formed but names no CA of this region and account.
Result<std::string> ca_uuid_in_arn(const Config& config, const std::string& arn);
Error ca_not_found(const std::string& arn);

// The stored status, except that an ACTIVE CA whose certificate has expired reads EXPIRED.
std::string effective_status(const CaRecord& ca, TimePoint now);
// A DELETED CA whose restore window has closed: it reads as not found.
bool permanently_deleted(const CaRecord& ca, TimePoint now);

// kInvalidState naming the CA, its status and what `operation` needs.
Error invalid_state(const CaRecord& ca, const std::string& status, const std::string& needs);

// Reads the CA named by `arn` through a Store or a Transaction (both have get_resource).
// kInvalidArn / kResourceNotFound as above; a permanently deleted CA is not found.
template <typename Reader>
Result<CaRecord> load_ca(Reader& reader, const Config& config, const std::string& arn,
                         TimePoint now) {
  auto uuid = ca_uuid_in_arn(config, arn);
  if (!uuid) return tl::unexpected(uuid.error());
  auto row = reader.get_resource(kCaKind, *uuid);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(ca_not_found(arn));
  auto ca = ca_from_row(**row);
  if (!ca) return tl::unexpected(ca.error());
  if (permanently_deleted(*ca, now)) return tl::unexpected(ca_not_found(arn));
  return ca;
}

// Like load_ca, and kInvalidState when the CA is DELETED.
template <typename Reader>
Result<CaRecord> load_live_ca(Reader& reader, const Config& config, const std::string& arn,
                              TimePoint now, const std::string& operation) {
  auto ca = load_ca(reader, config, arn, now);
  if (!ca) return ca;
  if (ca->status == "DELETED") {
    return tl::unexpected(invalid_state(*ca, "DELETED", operation + "; restore it first"));
  }
  return ca;
}

// The CA as DescribeCertificateAuthority presents it, status as of `now`.
CertificateAuthority to_view(const CaRecord& ca, const Config& config, TimePoint now);

Status save_ca(store::Transaction& txn, const CaRecord& ca, TimePoint now);

// Whether ACM (acm.amazonaws.com, for this account) holds the IssueCertificate permission.
bool acm_may_issue(const CaRecord& ca, const std::string& account_id);

// The checks CreateCertificateAuthority and UpdateCertificateAuthority share (kInvalidArgs).
Status validate_revocation(const RevocationConfiguration& revocation);

}  // namespace certflow::pca
