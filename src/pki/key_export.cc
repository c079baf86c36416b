// Passphrase-encrypted export of a private key, as ACM's ExportCertificate returns it.
#include <openssl/pem.h>

#include <climits>

#include "pki/issuance.h"
#include "pki/issuance_support.h"

namespace certflow::pki {

Result<std::string> encrypt_private_key(const crypto::SecretBytes& private_key_pem,
                                        const crypto::SecretBytes& passphrase) {
  ErrorQueueGuard guard;
  if (passphrase.empty()) {
    return fail(ErrorCode::kInvalidArgs, "The passphrase must not be empty.");
  }
  if (passphrase.size() > INT_MAX) {
    return fail(ErrorCode::kInvalidArgs, "The passphrase is too long.");
  }
  auto key = load_private_key(private_key_pem, "the private key");
  if (!key) return tl::unexpected(key.error());
  // OpenSSL 3 writes PBES2 with PBKDF2 (HMAC-SHA256) around the cipher given here. The
  // secure-memory BIO wipes the DER it encrypted from.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key->get(), EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) != 1) {
    return fail(ErrorCode::kInternal, "cannot encrypt the private key");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace certflow::pki
