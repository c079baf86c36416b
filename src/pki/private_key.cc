// Reading the ImportCertificate private key. Key bytes never reach a message or a log: only
// block names (which are checked to be plain words) and counts do.
#include <openssl/asn1.h>
#include <openssl/decoder.h>
#include <openssl/pem.h>

#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

struct DecoderCtxFree {
  void operator()(OSSL_DECODER_CTX* ctx) const { OSSL_DECODER_CTX_free(ctx); }
};
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree>;

struct X509SigFree {
  void operator()(X509_SIG* sig) const { X509_SIG_free(sig); }
};

constexpr char kUnparsable[] =
    "Unable to parse the private key. Please ensure it is a PEM-encoded, unencrypted private "
    "key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY).";
constexpr char kEncrypted[] =
    "The private key is encrypted. Import an unencrypted private key; decrypt it first, for "
    "example with: openssl pkey -in encrypted-key.pem -out key.pem";

// The decoders would otherwise be free to ask for a passphrase, and a daemon must never wait
// on one: refusing makes an encrypted key simply fail to decode.
int refuse_passphrase(char*, size_t, size_t*, const OSSL_PARAM[], void*) { return 0; }

// DER must be exactly one element: trailing bytes mean the input is not what it claims to be.
bool is_single_der_element(const unsigned char* der, size_t length) {
  const unsigned char* cursor = der;
  long content = 0;
  int tag = 0;
  int klass = 0;
  int flags = ASN1_get_object(&cursor, &content, &tag, &klass, static_cast<long>(length));
  if ((flags & 0x80) != 0 || flags == 0x21) return false;  // error, or indefinite length
  return static_cast<size_t>(cursor - der) + static_cast<size_t>(content) == length;
}

bool is_encrypted_pkcs8(const unsigned char* der, size_t length) {
  const unsigned char* cursor = der;
  std::unique_ptr<X509_SIG, X509SigFree> sig(
      d2i_X509_SIG(nullptr, &cursor, static_cast<long>(length)));
  return sig != nullptr && cursor == der + length;
}

Result<EvpPkeyPtr> decode_der_key(const unsigned char* der, size_t length) {
  if (length == 0 || !is_single_der_element(der, length)) {
    return fail(ErrorCode::kValidation, kUnparsable);
  }
  if (is_encrypted_pkcs8(der, length)) return fail(ErrorCode::kValidation, kEncrypted);
  EVP_PKEY* raw = nullptr;
  DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", nullptr, nullptr, EVP_PKEY_KEYPAIR,
                                                  nullptr, nullptr));
  if (!ctx || OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), refuse_passphrase, nullptr) != 1) {
    return fail(ErrorCode::kInternal, "cannot set up the private key decoder");
  }
  const unsigned char* cursor = der;
  size_t left = length;
  int decoded = OSSL_DECODER_from_data(ctx.get(), &cursor, &left);
  EvpPkeyPtr key(raw);
  if (decoded != 1 || !key) return fail(ErrorCode::kValidation, kUnparsable);
  return key;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Result<EvpPkeyPtr> read_pem_key(std::string_view bytes) {
  auto blocks = read_pem_blocks(bytes);
  if (!blocks) return fail(ErrorCode::kValidation, kUnparsable);
  const PemBlock* key_block = nullptr;
  size_t keys = 0;
  for (const PemBlock& block : *blocks) {
    const std::string& name = block.name();
    if (name == PEM_STRING_ECPARAMETERS) continue;  // `openssl ecparam -genkey` writes it first
    if (name == PEM_STRING_PKCS8) return fail(ErrorCode::kValidation, kEncrypted);
    if (ends_with(name, "PRIVATE KEY")) {
      // Traditional PEM encryption: "Proc-Type: 4,ENCRYPTED" and "DEK-Info" headers.
      if (block.header().find("ENCRYPTED") != std::string::npos) {
        return fail(ErrorCode::kValidation, kEncrypted);
      }
      key_block = &block;
      ++keys;
      continue;
    }
    if (name.find("CERTIFICATE") != std::string::npos) {
      return fail(ErrorCode::kValidation,
                  "The private key field contains a certificate. Put the certificate in the "
                  "certificate field and only its private key here.");
    }
    if (name.find("PUBLIC KEY") != std::string::npos) {
      return fail(ErrorCode::kValidation,
                  "The private key field contains a public key. Import the private key that "
                  "belongs to the certificate.");
    }
    return fail(ErrorCode::kValidation, "The private key field contains " +
                                            block_name_for_message(block) +
                                            "; it must hold exactly one private key.");
  }
  if (keys != 1) {
    return keys == 0 ? fail(ErrorCode::kValidation, kUnparsable)
                     : fail(ErrorCode::kValidation,
                            "The private key field contains " + std::to_string(keys) +
                                " private keys; it must contain exactly one.");
  }
  return decode_der_key(key_block->data(), static_cast<size_t>(key_block->length()));
}

}  // namespace

Result<EvpPkeyPtr> read_private_key(std::string_view bytes) {
  if (bytes.empty()) {
    return fail(ErrorCode::kValidation,
                "The private key is empty. Provide the certificate's PEM-encoded private key.");
  }
  if (looks_like_pem(bytes)) return read_pem_key(bytes);
  return decode_der_key(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace certflow::pki
