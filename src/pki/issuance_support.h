// Pieces the issuance files share: algorithm names, names, serials, times and key
// identifiers turned into OpenSSL objects. Private to src/pki.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/secret.h"
#include "pki/issuance.h"
#include "pki/openssl_handles.h"

namespace certflow::pki {

// The digest of a signing algorithm, after check_signing_algorithm(signing_algorithm,
// key_algorithm) passed.
Result<const EVP_MD*> signing_digest(std::string_view signing_algorithm,
                                     std::string_view key_algorithm);

// The key's AWS name when it is one issuance supports (RSA_1024 is not); `code` and a
// message naming what the key is otherwise.
Result<std::string> issuance_key_algorithm(const EVP_PKEY& key, ErrorCode code,
                                           std::string_view whose);

// A private key handed to this room (PEM). `whose` names it in messages ("the issuer's
// private key"); key bytes never reach a message.
Result<EvpPkeyPtr> load_private_key(const crypto::SecretBytes& pem, std::string_view whose);

// kInvalidArgs naming the field that OpenSSL refused (e.g. a country that is not two letters).
Result<X509NamePtr> build_name(const DistinguishedName& name);

// A positive serial of at most 20 bytes (RFC 5280), from hex as normalize_serial_hex accepts.
Result<Asn1IntegerPtr> serial_integer(std::string_view hex);

// Whole seconds, UTCTime before 2050 and GeneralizedTime after, as RFC 5280 asks.
Result<Asn1TimePtr> asn1_time(TimePoint t);

// The SHA-1 of the certificate's public key (RFC 5280 4.2.1.2 method 1): a fresh
// certificate's subjectKeyIdentifier. Reads no extension, so it is safe on a certificate
// still being built (reading extensions would cache them before they are all added).
Result<Asn1OctetStringPtr> public_key_identifier(const X509& cert);

// A finished certificate's subjectKeyIdentifier if it has one, else public_key_identifier.
Result<Asn1OctetStringPtr> key_identifier(X509& cert);

// authorityKeyIdentifier with the issuer's key identifier.
Result<AuthorityKeyIdPtr> authority_key_id(X509& issuer);

// A GENERAL_NAMES of DNS names for subjectAltName; kInvalidArgs for a name that is empty,
// longer than 253 characters or not printable ASCII.
Result<GeneralNamesPtr> dns_general_names(const std::vector<std::string>& dns_names);

// The DNS names a request asks for in its extension request (kMalformedCsr when the request
// is malformed).
Result<std::vector<std::string>> csr_dns_names(X509_REQ& request);

// "CN=...,O=..." for messages.
std::string name_for_message(const X509_NAME* name);

}  // namespace certflow::pki
