// How an inventory Certificate is kept in a store::CertificateRow (internal to inventory).
#pragma once

#include <string>
#include <vector>

#include "inventory/inventory.h"

namespace certflow::inventory {

// The fields the store does not index, as the JSON text kept in CertificateRow::details_json.
std::string encode_details(const pki::CertificateInfo& info);

// Reads a row back into what the API reports. `now` decides the effective status.
Certificate to_certificate(const store::CertificateRow& row, TimePoint now);

// What a PRIVATE certificate's details add to encode_details': the issuing CA and the request's
// options, which must survive every renewal (the new body's details know nothing of them).
struct PrivateDetails {
  std::string ca_arn;
  std::string ct_logging = "ENABLED";
  std::string failure_reason;  // set only while the certificate is FAILED
};
// `details_json` (as encode_details wrote it, or "{}") with the private members added.
std::string add_private_details(const std::string& details_json, const PrivateDetails& details);
// The private members of a row's details; empty members when there are none.
PrivateDetails private_details_of(const store::CertificateRow& row);
// The certificate's names as its details list them (the SANs; just the domain when none).
std::vector<std::string> subject_alternative_names_of(const store::CertificateRow& row);

// Tags given with a new certificate: each valid, at most Inventory::kMaxTagsPerCertificate.
Status check_new_tags(const std::vector<Tag>& tags);

}  // namespace certflow::inventory
