// Reading certificates and private keys from what a person pastes (PEM, or DER), and writing
// them back as PEM. Private to src/pki.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "crypto/secret.h"
#include "pki/openssl_handles.h"

namespace certflow::pki {

// One "-----BEGIN <name>-----" block. The decoded bytes are wiped when it goes away, since a
// block may hold a private key.
class PemBlock {
 public:
  PemBlock(std::string name, std::string header, unsigned char* data, long length);
  PemBlock(PemBlock&& other) noexcept;
  PemBlock& operator=(PemBlock&&) = delete;
  PemBlock(const PemBlock&) = delete;
  PemBlock& operator=(const PemBlock&) = delete;
  ~PemBlock();

  const std::string& name() const { return name_; }
  const std::string& header() const { return header_; }  // "Proc-Type: ..." lines, if any
  const unsigned char* data() const { return data_; }
  long length() const { return length_; }

 private:
  std::string name_;
  std::string header_;
  unsigned char* data_;
  long length_;
};

bool looks_like_pem(std::string_view bytes);

// Every PEM block in `bytes`, in order (text between blocks is ignored); nullopt when a block
// is malformed or there is none.
std::optional<std::vector<PemBlock>> read_pem_blocks(std::string_view bytes);

// The block's name if it is short printable ASCII, else a neutral phrase: safe for messages.
std::string block_name_for_message(const PemBlock& block);

enum class CertificateField { kCertificate, kChain };

// All certificates in `bytes`: PEM CERTIFICATE blocks, or DER certificates back to back.
// Fails with kValidation and a message naming `field` when anything does not parse.
Result<std::vector<X509Ptr>> read_certificates(std::string_view bytes, CertificateField field);

// Exactly one certificate: a second one fails with a message saying where it belongs.
Result<X509Ptr> read_one_certificate(std::string_view bytes);

// One unencrypted private key, PEM or DER, PKCS#8, PKCS#1 or SEC1. Never asks for a
// passphrase: an encrypted key fails with a message saying to decrypt it first.
Result<EvpPkeyPtr> read_private_key(std::string_view bytes);

Result<std::string> certificate_pem(X509& cert);
// Unencrypted PKCS#8 ("BEGIN PRIVATE KEY").
Result<crypto::SecretBytes> private_key_pem(const EVP_PKEY& key);

}  // namespace certflow::pki
