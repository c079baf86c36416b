// ImportCertificate's checks, in the order a person would fix them: each input parses, then
// the key fits the certificate, then the dates, then the chain.
#include <openssl/evp.h>

#include "pki/certificate.h"
#include "pki/certificate_info.h"
#include "pki/chain.h"
#include "pki/key_algorithm.h"
#include "pki/openssl_handles.h"
#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

// ACM's limit on the PrivateKey blob.
constexpr size_t kMaxPrivateKeyBytes = 5 * 1024;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// Equal public halves do not prove the private half is sound (a damaged or doctored key can
// carry the right public values), so the key also has to produce a signature the
// certificate's public key accepts.
bool signs_for(EVP_PKEY& key, EVP_PKEY& certificate_key) {
  static constexpr unsigned char kMessage[] = "certflow: does this key sign for the certificate?";
  MdCtxPtr sign_ctx(EVP_MD_CTX_new());
  MdCtxPtr verify_ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!sign_ctx || !verify_ctx ||
      EVP_DigestSignInit(sign_ctx.get(), nullptr, EVP_sha256(), nullptr, &key) != 1 ||
      EVP_DigestSign(sign_ctx.get(), nullptr, &length, kMessage, sizeof(kMessage)) != 1) {
    return false;
  }
  std::vector<unsigned char> signature(length);
  return EVP_DigestSign(sign_ctx.get(), signature.data(), &length, kMessage, sizeof(kMessage)) ==
             1 &&
         EVP_DigestVerifyInit(verify_ctx.get(), nullptr, EVP_sha256(), nullptr, &certificate_key) ==
             1 &&
         EVP_DigestVerify(verify_ctx.get(), signature.data(), length, kMessage, sizeof(kMessage)) ==
             1;
}

Result<EvpPkeyPtr> read_supported_key(std::string_view bytes) {
  if (bytes.size() > kMaxPrivateKeyBytes) {
    return fail(ErrorCode::kValidation,
                "The private key is " + std::to_string(bytes.size()) +
                    " bytes; at most 5 KB is accepted. Provide only the PEM-encoded key.");
  }
  auto key = read_private_key(bytes);
  if (!key) return tl::unexpected(key.error());
  KeyAlgorithm algorithm = classify_key(**key);
  if (!algorithm.supported()) {
    return fail(ErrorCode::kValidation,
                "The private key is not supported: it is " + algorithm.description +
                    ". Supported key algorithms: " + kSupportedKeyAlgorithms + ".");
  }
  return key;
}

Status check_key_matches(X509& cert, EVP_PKEY& key) {
  EVP_PKEY* certificate_key = X509_get0_pubkey(&cert);
  if (certificate_key == nullptr || EVP_PKEY_eq(certificate_key, &key) != 1) {
    return fail(ErrorCode::kValidation,
                "The private key does not match the public key in the certificate.");
  }
  if (!signs_for(key, *certificate_key)) {
    return fail(ErrorCode::kValidation,
                "The private key cannot sign for the certificate's public key: it is damaged or "
                "incomplete.");
  }
  return {};
}

Status check_validity(const CertificateInfo& info, TimePoint now) {
  if (now < info.not_before) {
    return fail(ErrorCode::kValidation,
                "The certificate is not yet valid: its validity starts at " +
                    to_iso8601(info.not_before) + " (NotBefore). Import it once it is valid.");
  }
  if (now > info.not_after) {
    return fail(ErrorCode::kValidation, "The certificate has expired: it was valid until " +
                                            to_iso8601(info.not_after) +
                                            " (NotAfter). Import a renewed certificate.");
  }
  return {};
}

Status check_chain(X509& cert, const CertificateInfo& info, const std::vector<X509Ptr>& chain,
                   TimePoint now) {
  // A self-signed certificate is its own anchor: a chain given with it has nothing to link.
  if (info.self_signed) return {};
  if (chain.empty()) {
    return fail(ErrorCode::kValidation,
                "The certificate chain is required for a certificate that is not self-signed. "
                "Provide the issuing CA certificate and any intermediates as PEM blocks.");
  }
  return verify_chain(cert, chain, now);
}

Result<std::string> chain_pem(const std::vector<X509Ptr>& chain) {
  std::string pem;
  for (const X509Ptr& cert : chain) {
    auto block = certificate_pem(*cert);
    if (!block) return tl::unexpected(block.error());
    pem += *block;
  }
  return pem;
}

}  // namespace

Result<ValidatedImport> validate_import(std::string_view certificate, std::string_view private_key,
                                        std::string_view chain, TimePoint now) {
  ErrorQueueGuard guard;
  auto cert = read_one_certificate(certificate);
  if (!cert) return tl::unexpected(cert.error());
  auto info = describe_certificate(**cert);
  if (!info) return tl::unexpected(info.error());
  auto key = read_supported_key(private_key);
  if (!key) return tl::unexpected(key.error());
  std::vector<X509Ptr> chain_certs;
  if (!chain.empty()) {
    auto parsed = read_certificates(chain, CertificateField::kChain);
    if (!parsed) return tl::unexpected(parsed.error());
    chain_certs = std::move(*parsed);
  }

  if (auto ok = check_key_matches(**cert, **key); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_validity(*info, now); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_chain(**cert, *info, chain_certs, now); !ok) {
    return tl::unexpected(ok.error());
  }

  ValidatedImport result;
  auto cert_text = certificate_pem(**cert);
  if (!cert_text) return tl::unexpected(cert_text.error());
  auto chain_text = chain_pem(chain_certs);
  if (!chain_text) return tl::unexpected(chain_text.error());
  auto key_text = private_key_pem(**key);
  if (!key_text) return tl::unexpected(key_text.error());
  result.certificate_pem = std::move(*cert_text);
  result.chain_pem = std::move(*chain_text);
  result.private_key_pem = std::move(*key_text);
  result.info = std::move(*info);
  return result;
}

}  // namespace certflow::pki
