// Names keys the way ACM's KeyAlgorithm enum does, and says in words what an unsupported key
// is, so a rejection can tell the person what they gave. Private to src/pki.
#pragma once

#include <openssl/evp.h>

#include <string>

namespace certflow::pki {

struct KeyAlgorithm {
  std::string acm_name;     // RSA_2048, EC_prime256v1, ...; empty when ACM does not support it
  std::string description;  // "RSA 8192-bit", "Ed25519", "EC secp224r1", ...
  bool supported() const { return !acm_name.empty(); }
};

KeyAlgorithm classify_key(const EVP_PKEY& key);

// For messages: "RSA_1024, RSA_2048, ..., EC_secp521r1".
extern const char kSupportedKeyAlgorithms[];

}  // namespace certflow::pki
