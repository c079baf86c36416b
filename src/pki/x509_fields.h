// One X.509 field at a time, rendered as ACM's DescribeCertificate shows it. Everything
// returned here is valid UTF-8 (it ends up in JSON). Private to src/pki.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "pki/certificate.h"

namespace certflow::pki {

// "0a:1b:..." (the serial's magnitude bytes, lowercase).
std::string serial_text(const X509& cert);

// "CN=www.example.com,O=Example,C=US": RFC 2253, most specific name first.
std::string name_text(const X509_NAME* name);

// "SHA256WITHRSA", "SHA384WITHECDSA", "SHA256WITHRSAANDMGF1", "ED25519", ...
std::string signature_algorithm_text(X509& cert);

// Fails when the certificate's time does not parse.
Result<TimePoint> time_point(const ASN1_TIME* time);

// DIGITAL_SIGNATURE, ... in the order of the KeyUsage bits; empty without the extension.
std::vector<std::string> key_usage_names(X509& cert);

// Fails (kValidation) when the extension is present but malformed.
Result<std::vector<ExtendedKeyUsage>> extended_key_usages(const X509& cert);

struct SubjectNames {
  std::optional<std::string> common_name;  // the most specific CN of the subject
  std::vector<std::string> dns_names;      // DNS SANs, in order
  std::vector<std::string> alt_names;      // DNS and IP SANs as text, in order
  bool has_san_extension = false;
};

// Fails (kValidation) when a CN or DNS name is not text a person or a DNS resolver could use.
Result<SubjectNames> subject_names(const X509& cert);

}  // namespace certflow::pki
