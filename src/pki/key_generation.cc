// Key and signing algorithm names, and fresh private keys.
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include <array>

#include "pki/issuance.h"
#include "pki/issuance_support.h"
#include "pki/key_algorithm.h"
#include "pki/parsed_cache.h"
#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

enum class Family { kRsa, kEc };

struct KeySpec {
  std::string_view name;
  Family family;
  int rsa_bits;            // kRsa
  const char* curve_name;  // kEc: OpenSSL's group name
};

constexpr std::array<KeySpec, 6> kKeys = {{
    {"RSA_2048", Family::kRsa, 2048, nullptr},
    {"RSA_3072", Family::kRsa, 3072, nullptr},
    {"RSA_4096", Family::kRsa, 4096, nullptr},
    {"EC_prime256v1", Family::kEc, 0, "prime256v1"},
    {"EC_secp384r1", Family::kEc, 0, "secp384r1"},
    {"EC_secp521r1", Family::kEc, 0, "secp521r1"},
}};
constexpr char kKeyNames[] =
    "RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1";

struct SigningSpec {
  std::string_view name;
  Family family;
  const EVP_MD* (*digest)();
};

constexpr std::array<SigningSpec, 6> kSigning = {{
    {"SHA256WITHRSA", Family::kRsa, &EVP_sha256},
    {"SHA384WITHRSA", Family::kRsa, &EVP_sha384},
    {"SHA512WITHRSA", Family::kRsa, &EVP_sha512},
    {"SHA256WITHECDSA", Family::kEc, &EVP_sha256},
    {"SHA384WITHECDSA", Family::kEc, &EVP_sha384},
    {"SHA512WITHECDSA", Family::kEc, &EVP_sha512},
}};
constexpr char kSigningNames[] =
    "SHA256WITHRSA, SHA384WITHRSA, SHA512WITHRSA, SHA256WITHECDSA, SHA384WITHECDSA, "
    "SHA512WITHECDSA";

// Outside input goes into messages; a short, printable excerpt is enough to recognise it.
std::string quoted(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > 64) out += "...";
  return "'" + out + "'";
}

const KeySpec* find_key(std::string_view name) {
  for (const KeySpec& spec : kKeys) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const SigningSpec* find_signing(std::string_view name) {
  for (const SigningSpec& spec : kSigning) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

Status check_key_algorithm(std::string_view key_algorithm) {
  if (find_key(key_algorithm) != nullptr) return {};
  return fail(ErrorCode::kInvalidArgs, "Unsupported key algorithm " + quoted(key_algorithm) +
                                           ". Use one of " + kKeyNames + ".");
}

Status check_signing_algorithm(std::string_view signing_algorithm, std::string_view key_algorithm) {
  const SigningSpec* signing = find_signing(signing_algorithm);
  if (signing == nullptr) {
    return fail(ErrorCode::kInvalidArgs, "Unsupported signing algorithm " +
                                             quoted(signing_algorithm) + ". Use one of " +
                                             kSigningNames + ".");
  }
  auto key_ok = check_key_algorithm(key_algorithm);
  if (!key_ok) return key_ok;
  const KeySpec* key = find_key(key_algorithm);
  if (key->family != signing->family) {
    return fail(ErrorCode::kInvalidArgs,
                std::string(signing_algorithm) + " cannot sign with an " +
                    std::string(key_algorithm) + " key. Use " +
                    (key->family == Family::kRsa ? "SHA256WITHRSA, SHA384WITHRSA or SHA512WITHRSA"
                                                 : "SHA256WITHECDSA, SHA384WITHECDSA or "
                                                   "SHA512WITHECDSA") +
                    " with this key.");
  }
  return {};
}

Result<const EVP_MD*> signing_digest(std::string_view signing_algorithm,
                                     std::string_view key_algorithm) {
  auto ok = check_signing_algorithm(signing_algorithm, key_algorithm);
  if (!ok) return tl::unexpected(ok.error());
  return find_signing(signing_algorithm)->digest();
}

Result<std::string> issuance_key_algorithm(const EVP_PKEY& key, ErrorCode code,
                                           std::string_view whose) {
  KeyAlgorithm algorithm = classify_key(key);
  if (algorithm.supported() && find_key(algorithm.acm_name) != nullptr) {
    return algorithm.acm_name;
  }
  return fail(code, std::string(whose) + " (" + algorithm.description +
                        ") is not supported. Use one of " + kKeyNames + ".");
}

Result<EvpPkeyPtr> load_private_key(const crypto::SecretBytes& pem, std::string_view whose) {
  auto key = cached_private_key(pem.view());
  if (!key) {
    return fail(ErrorCode::kInvalidArgs,
                "Cannot read " + std::string(whose) + ": " + key.error().message);
  }
  return std::move(*key);
}

Result<crypto::SecretBytes> generate_private_key(std::string_view key_algorithm) {
  ErrorQueueGuard guard;
  auto ok = check_key_algorithm(key_algorithm);
  if (!ok) return tl::unexpected(ok.error());
  const KeySpec* spec = find_key(key_algorithm);
  // EVP_PKEY_Q_keygen uses e=65537 for RSA and writes EC keys with a named curve.
  EvpPkeyPtr key(
      spec->family == Family::kRsa
          ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec->rsa_bits))
          : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec->curve_name));
  if (!key) {
    return fail(ErrorCode::kInternal,
                "cannot generate an " + std::string(key_algorithm) + " private key");
  }
  auto pem = private_key_pem(*key);
  if (pem) remember_private_key(pem->view(), *key);
  return pem;
}

Result<std::string> private_key_algorithm(const crypto::SecretBytes& private_key_pem) {
  ErrorQueueGuard guard;
  auto key = load_private_key(private_key_pem, "the private key");
  if (!key) return tl::unexpected(key.error());
  return issuance_key_algorithm(**key, ErrorCode::kInvalidArgs, "The private key");
}

}  // namespace certflow::pki
