// X.509 certificates as the ACM API sees them: parsing (PEM or DER), the fields
// DescribeCertificate reports, and validation of an ImportCertificate request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/secret.h"

namespace certflow::pki {

struct ExtendedKeyUsage {
  std::string name;  // TLS_WEB_SERVER_AUTHENTICATION, ..., or CUSTOM for an unknown OID
  std::string oid;   // dotted, e.g. "1.3.6.1.5.5.7.3.1"
  bool operator==(const ExtendedKeyUsage&) const = default;
};

struct CertificateInfo {
  std::string domain_name;  // subject CN; the first DNS SAN when there is no CN
  // The SAN extension's DNS names (and IPs as text), in order, as ACM lists them; just the
  // domain name when the certificate has no such names.
  std::vector<std::string> subject_alternative_names;
  std::string serial;   // lowercase hex bytes joined by ':' ("0a:1b:...")
  std::string subject;  // "CN=example.com,O=Example,C=US" (RFC 2253 order, as ACM shows)
  std::string issuer;
  TimePoint not_before;
  TimePoint not_after;
  // RSA_1024|RSA_2048|RSA_3072|RSA_4096|EC_prime256v1|EC_secp384r1|EC_secp521r1
  std::string key_algorithm;
  std::string signature_algorithm;      // ACM form: SHA256WITHRSA, SHA384WITHECDSA, ...
  std::vector<std::string> key_usages;  // DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, ...
  std::vector<ExtendedKeyUsage> extended_key_usages;
  bool self_signed = false;
  bool is_ca = false;
};

// Parses exactly one certificate, PEM or DER. Fails with kValidation and a message a person
// can act on ("Unable to parse certificate. Please ensure the certificate is in PEM format.").
// A key algorithm outside ACM's list fails with kValidation too.
Result<CertificateInfo> inspect_certificate(std::string_view pem_or_der);

struct ValidatedImport {
  std::string certificate_pem;          // the certificate, re-encoded as one PEM block
  std::string chain_pem;                // the chain's certificates as PEM blocks; empty if none
  crypto::SecretBytes private_key_pem;  // unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY")
  CertificateInfo info;
};

// Validates ImportCertificate's inputs as ACM does: the certificate parses and is a single
// certificate; the key parses (PEM or DER, PKCS#1/SEC1/PKCS#8, not encrypted), is of a
// supported type and size, and matches the certificate's public key; the chain (empty = none)
// parses and links the certificate to its issuers (required unless the certificate is
// self-signed); `now` lies within the certificate's validity period.
// Every failure is kValidation with a message that says what to fix. Never logs key material.
Result<ValidatedImport> validate_import(std::string_view certificate, std::string_view private_key,
                                        std::string_view chain, TimePoint now);

}  // namespace certflow::pki
