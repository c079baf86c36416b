// The checks of meaning behind RequestCertificate and ExportCertificate (internal to inventory):
// names as ACM's model and quotas allow them, the key algorithms ACM issues, passphrases.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "crypto/secret.h"
#include "inventory/inventory.h"

namespace certflow::inventory {

inline constexpr size_t kMaxCommonNameOctets = 64;  // X.520 ub-common-name
inline constexpr size_t kMaxDomainNameLength = 253;
inline constexpr size_t kMaxSubjectAlternativeNames = 100;

// A DNS name as the model's pattern has it: an optional leading "*.", two or more labels of
// letters, digits and inner hyphens (1..63 characters each, the last at least 2), 253 at most.
// kValidation naming `member` and what is wrong.
Status check_domain_name(const std::string& name, const std::string& member);

// The certificate's names: the domain name first, then the requested SANs without repeats.
// kValidation when the domain name is too long for a Common Name or any name is malformed, or
// when there are more than 100.
Result<std::vector<std::string>> certificate_names(const RequestCertificateRequest& request);

// RSA_2048 | EC_prime256v1 | EC_secp384r1; kValidation for every other algorithm.
Status check_requested_key_algorithm(const std::string& key_algorithm);
// The signature algorithm ACM's requests (and certificates) use with such a key.
std::string signing_algorithm_for(const std::string& key_algorithm);

// ExportCertificate's passphrase: 4..128 bytes of ASCII, none of them '#', '$' or '%'.
Status check_passphrase(const crypto::SecretBytes& passphrase);

}  // namespace certflow::inventory
