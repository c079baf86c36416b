// Building X.509 material: keys, certificate signing requests, certificates signed from a
// template, certificate revocation lists, and passphrase-encrypted key export. The private CA
// (src/inventory/pca/) and ACM's private certificates build on it.
//
// Algorithms are named as AWS names them: key algorithms RSA_2048 | RSA_3072 | RSA_4096 |
// EC_prime256v1 | EC_secp384r1 | EC_secp521r1, signing algorithms SHA256WITHRSA | SHA384WITHRSA |
// SHA512WITHRSA | SHA256WITHECDSA | SHA384WITHECDSA | SHA512WITHECDSA. Keys and certificates
// cross this door as PEM text (keys as SecretBytes), so no OpenSSL type leaks out of the room.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/secret.h"

namespace certflow::pki {

// A subject or issuer name, as AWS Private CA's ASN1Subject has it. Empty members are left out.
struct DistinguishedName {
  std::string country;  // two letters
  std::string organization;
  std::string organizational_unit;
  std::string distinguished_name_qualifier;
  std::string state;
  std::string common_name;
  std::string serial_number;
  std::string locality;
  std::string title;
  std::string surname;
  std::string given_name;
  std::string initials;
  std::string pseudonym;
  std::string generation_qualifier;
  bool operator==(const DistinguishedName&) const = default;
};

// kInvalidArgs naming the algorithm when it is not one of the key algorithms above.
Status check_key_algorithm(std::string_view key_algorithm);
// kInvalidArgs when the signing algorithm is unknown or of another family than the key
// ("SHA256WITHECDSA cannot sign with an RSA_2048 key").
Status check_signing_algorithm(std::string_view signing_algorithm, std::string_view key_algorithm);

// A fresh private key: unencrypted PKCS#8 PEM.
Result<crypto::SecretBytes> generate_private_key(std::string_view key_algorithm);
// The key algorithm of a private key (PEM, as generate_private_key writes it).
Result<std::string> private_key_algorithm(const crypto::SecretBytes& private_key_pem);

// A PKCS#10 request for `subject`, signed with the key: PEM ("BEGIN CERTIFICATE REQUEST").
// dns_names become a subjectAltName extension request when not empty.
Result<std::string> build_csr(const crypto::SecretBytes& private_key_pem,
                              const DistinguishedName& subject,
                              const std::vector<std::string>& dns_names,
                              std::string_view signing_algorithm);

// What IssueCertificate needs from a CSR: it parses (PEM or DER), its self-signature verifies,
// and its key is one of the key algorithms above. Anything else fails with kMalformedCsr and a
// message that says what is wrong.
struct CsrInfo {
  std::string der;                     // the request, re-encoded
  std::string key_algorithm;           // RSA_2048, ...
  std::string subject;                 // RFC 2253 text, for messages and logs
  std::vector<std::string> dns_names;  // requested DNS subjectAltNames
};
Result<CsrInfo> inspect_csr(std::string_view pem_or_der);

// The certificate templates AWS Private CA offers (arn:aws:acm-pca:::template/<Name>/V1).
enum class Template {
  kEndEntity,  // EndEntityCertificate: digitalSignature+keyEncipherment, server+client auth
  kEndEntityServerAuth,  // EndEntityServerAuthCertificate: server auth only
  kEndEntityClientAuth,  // EndEntityClientAuthCertificate: client auth only
  kSubordinateCa,  // SubordinateCACertificate_PathLen{0..3}: CA:TRUE, pathlen, certSign+crlSign
  kRootCa,         // RootCACertificate: self-signed, CA:TRUE without pathlen
};
struct TemplateChoice {
  Template kind = Template::kEndEntity;
  int path_length = 0;  // for kSubordinateCa
};
// The template an ARN names; kInvalidArgs for an unknown or malformed template ARN.
Result<TemplateChoice> parse_template_arn(std::string_view template_arn);
// "arn:aws:acm-pca:::template/EndEntityCertificate/V1", ...
std::string template_arn(const TemplateChoice& choice);

// Everything about the certificate to sign that does not come from the CSR.
struct SigningRequest {
  std::string csr_der;  // CsrInfo::der
  TemplateChoice template_choice;
  std::string signing_algorithm;
  std::string serial_hex;  // the new serial, lowercase hex without separators (positive)
  TimePoint not_before;
  TimePoint not_after;
  // Replaces the CSR's subject when set (ACM's private certificates: CN = the domain name).
  std::optional<DistinguishedName> subject;
  // Replaces the CSR's requested DNS names when set; otherwise they are copied from the CSR.
  std::optional<std::vector<std::string>> dns_names;
  // Becomes the crlDistributionPoints extension when not empty.
  std::string crl_url;
};

// The issuer: its certificate (PEM) and private key (PEM). For a root CA's own certificate
// (kRootCa) the certificate is empty and the CSR's key must be the issuer key's.
struct Signer {
  std::string certificate_pem;
  crypto::SecretBytes private_key_pem;
};

// Signs and returns the certificate as PEM. kInvalidArgs when the request does not fit the
// issuer (validity outside the issuer's, algorithm of the wrong family, a root template for a
// foreign key); the message names the offending value.
Result<std::string> sign_certificate(const SigningRequest& request, const Signer& signer);

// One entry of a CRL. Reasons are AWS's RevocationReason names (UNSPECIFIED, KEY_COMPROMISE,
// CERTIFICATE_AUTHORITY_COMPROMISE, AFFILIATION_CHANGED, SUPERSEDED, CESSATION_OF_OPERATION,
// PRIVILEGE_WITHDRAWN, A_A_COMPROMISE).
struct RevokedEntry {
  std::string serial_hex;  // as in SigningRequest
  TimePoint revoked_at;
  std::string reason;
};
struct CrlRequest {
  std::vector<RevokedEntry> revoked;
  int64_t crl_number = 1;
  TimePoint this_update;
  TimePoint next_update;
  std::string signing_algorithm;
};
// A DER CRL (v2, with CRL number and authority key identifier), signed by the issuer.
Result<std::string> sign_crl(const CrlRequest& request, const Signer& signer);

// The private key as encrypted PKCS#8 PEM ("BEGIN ENCRYPTED PRIVATE KEY", PBES2 with
// AES-256-CBC), as ACM's ExportCertificate returns it; `openssl pkey -passin` decrypts it.
Result<std::string> encrypt_private_key(const crypto::SecretBytes& private_key_pem,
                                        const crypto::SecretBytes& passphrase);

// A random positive serial of 16 bytes (lowercase hex, 32 characters), the high bit clear.
std::string random_serial_hex();
// "4c:1f:0a" / "4C1F0A" / "4c1f0a" → "4c1f0a" (leading zero bytes dropped); nullopt when it is
// not hex.
std::optional<std::string> normalize_serial_hex(std::string_view text);

}  // namespace certflow::pki
