// Signing with a CA's key: certificates (recorded in the same transaction that signs them, so
// nothing is ever issued and unrecorded) and the CA's CRL. Private to src/inventory/pca.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inventory/pca/records.h"

namespace certflow::pca {

struct IssueSpec {
  std::string csr_der;
  pki::TemplateChoice template_choice;
  std::string signing_algorithm;
  TimePoint not_before;
  TimePoint not_after;
  std::optional<pki::DistinguishedName> subject;
  std::optional<std::vector<std::string>> dns_names;
};

// "<crl_base_url>/crl/<uuid>.crl", or "http://<CustomCname>/crl/<uuid>.crl"; "" when the CA's
// CRL is not enabled.
std::string crl_url(const Config& config, const CaRecord& ca);

// What a certificate the CA issues chains up through: the CA's certificate, then its chain.
std::string chain_below(const CaRecord& ca);

// Signs the certificate with the CA's key under a fresh serial and writes its record into
// `txn` (the caller commits). A root CA's own certificate (kRootCa) is self-signed.
Result<CertificateRecord> sign_and_record(store::Transaction& txn, const crypto::MasterKey& master,
                                          const Config& config, const CaRecord& ca,
                                          const IssueSpec& spec, TimePoint now);

// Signs the CA's next CRL into ca.crl (number + 1, thisUpdate now, nextUpdate after the CRL
// configuration's ExpirationInDays), listing every revocation. Does nothing when the CRL is not
// enabled or the CA has no certificate yet (a CRL names its issuer's certificate).
Status refresh_crl(CaRecord& ca, const crypto::MasterKey& master, TimePoint now);

// The issued certificate's record id for a serial in any hex form (pki::normalize_serial_hex):
// ids are 32 hex characters, so the leading zero bytes a normal form drops come back.
std::optional<std::string> certificate_id_for_serial(const std::string& serial);

}  // namespace certflow::pca
