// Builds keys and certificates for the pki tests with OpenSSL itself, so no binary fixtures
// live in the repository and every case states the exact certificate it needs.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "pki/openssl_handles.h"

namespace certflow::pki::testing {

// The tests' "now": 2027-03-01T00:00:00Z.
TimePoint test_now();
TimePoint days_from_now(int days);

// RSA keys are cached per size (generating a 4096-bit key takes a while); every call returns
// a new reference to the same key.
EvpPkeyPtr rsa_key(int bits);
EvpPkeyPtr ec_key(const char* curve);  // "P-256", "P-384", "P-521", "P-224"
EvpPkeyPtr ed25519_key();

struct CertSpec {
  std::string common_name = "www.example.com";  // empty: no CN
  std::string organization = "Example Corp";    // empty: no O
  std::string country = "US";                   // empty: no C
  std::vector<std::string> subject_alt_names;   // "DNS:a.example.com", "IP:192.0.2.1"
  std::string key_usage;           // OpenSSL config syntax: "critical,digitalSignature"
  std::string extended_key_usage;  // "serverAuth,1.2.3.4"
  bool ca = false;
  std::string serial_hex = "0a1b2c3d4e5f";
  TimePoint not_before = days_from_now(-30);
  TimePoint not_after = days_from_now(60);
  const EVP_MD* digest = nullptr;  // nullptr: SHA-256 (none for Ed25519)
};

// Signs `subject_key`'s certificate with `issuer_key`; `issuer` nullptr means self-signed.
X509Ptr issue(const CertSpec& spec, EVP_PKEY& subject_key, X509* issuer, EVP_PKEY& issuer_key);

// Root CA -> intermediate CA -> leaf, all valid around test_now().
struct Hierarchy {
  EvpPkeyPtr root_key, intermediate_key, leaf_key;
  X509Ptr root, intermediate, leaf;
};
Hierarchy make_hierarchy(EvpPkeyPtr leaf_key, const CertSpec& leaf_spec = CertSpec());
CertSpec ca_spec(const std::string& common_name);

std::string pem(X509& cert);
std::string der(X509& cert);
std::string pkcs8_pem(EVP_PKEY& key);
std::string pkcs8_der(EVP_PKEY& key);
std::string traditional_pem(EVP_PKEY& key);  // PKCS#1 for RSA, SEC1 for EC
std::string traditional_der(EVP_PKEY& key);
std::string encrypted_pkcs8_pem(EVP_PKEY& key);
std::string encrypted_pkcs8_der(EVP_PKEY& key);
std::string encrypted_traditional_pem(EVP_PKEY& key);  // Proc-Type: 4,ENCRYPTED
std::string public_key_pem(EVP_PKEY& key);

}  // namespace certflow::pki::testing
