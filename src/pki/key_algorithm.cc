#include "pki/key_algorithm.h"

#include <array>

namespace certflow::pki {

const char kSupportedKeyAlgorithms[] =
    "RSA_1024, RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1";

namespace {

constexpr std::array<int, 4> kRsaBits = {1024, 2048, 3072, 4096};
// OpenSSL's group names happen to be the suffixes of ACM's EC names.
constexpr std::array<std::string_view, 3> kCurves = {"prime256v1", "secp384r1", "secp521r1"};

KeyAlgorithm classify_rsa(const EVP_PKEY& key) {
  int bits = EVP_PKEY_get_bits(&key);
  KeyAlgorithm result{"", "RSA " + std::to_string(bits) + "-bit"};
  for (int supported : kRsaBits) {
    if (bits == supported) result.acm_name = "RSA_" + std::to_string(bits);
  }
  return result;
}

KeyAlgorithm classify_ec(const EVP_PKEY& key) {
  char group[80] = {};
  size_t length = 0;
  if (EVP_PKEY_get_group_name(&key, group, sizeof(group), &length) != 1 || length == 0) {
    return {"", "EC with explicit curve parameters"};
  }
  std::string_view name(group, length);
  KeyAlgorithm result{"", "EC " + std::string(name)};
  for (std::string_view curve : kCurves) {
    if (name == curve) result.acm_name = "EC_" + std::string(curve);
  }
  return result;
}

}  // namespace

KeyAlgorithm classify_key(const EVP_PKEY& key) {
  switch (EVP_PKEY_get_base_id(&key)) {
    case EVP_PKEY_RSA: return classify_rsa(key);
    case EVP_PKEY_EC: return classify_ec(key);
    case EVP_PKEY_RSA_PSS: return {"", "RSA-PSS"};
    case EVP_PKEY_ED25519: return {"", "Ed25519"};
    case EVP_PKEY_ED448: return {"", "Ed448"};
    case EVP_PKEY_DSA: return {"", "DSA"};
    default: break;
  }
  const char* name = EVP_PKEY_get0_type_name(&key);
  return {"", name != nullptr ? name : "an unknown key type"};
}

}  // namespace certflow::pki
