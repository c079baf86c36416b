// CertificateInfo from a parsed certificate. Private to src/pki.
#pragma once

#include <openssl/x509.h>

#include "core/error.h"
#include "pki/certificate.h"

namespace certflow::pki {

// Fails (kValidation) for a certificate ACM would not take: malformed extensions, a key
// algorithm outside ACM's list, names that are not text, no name at all.
Result<CertificateInfo> describe_certificate(X509& cert);

}  // namespace certflow::pki
