// Parsed keys and certificates, remembered by the SHA-256 of their PEM. OpenSSL 3.0 decodes
// every key (and every certificate's public key) through its provider decoders, which costs
// far more than a signature (about 0.5 ms for a PKCS#8 key against 0.03 ms for a P-256
// signature), and issuance reads the same CA key and certificate for every certificate it
// signs. Private to src/pki.
//
// The cached objects are shared: OpenSSL allows concurrent read-only use of an EVP_PKEY or an
// X509 (signing creates its own context). Private keys stay in the cache until a newer entry
// pushes them out; the cache holds no more than a few dozen, and OpenSSL clears their memory
// when they are freed.
#pragma once

#include <string_view>

#include "core/error.h"
#include "pki/openssl_handles.h"

namespace certflow::pki {

// read_private_key, remembered. The error is read_private_key's.
Result<EvpPkeyPtr> cached_private_key(std::string_view pem);
// Lets the next cached_private_key(pem) skip decoding: generate_private_key's key is read back
// moments later by build_csr.
void remember_private_key(std::string_view pem, EVP_PKEY& key);

// read_one_certificate, remembered.
Result<X509Ptr> cached_certificate(std::string_view pem);

}  // namespace certflow::pki
