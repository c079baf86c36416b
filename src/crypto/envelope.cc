// AES-256-GCM envelope: a fresh data key per secret, wrapped under the master key.
// Each seal is nonce (12) || ciphertext || tag (16). The two seals carry different labels in
// their associated data, so neither can be opened in the other's place, and both bind the
// caller's associated data.
#include "crypto/envelope.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <stdexcept>

#include "crypto/hash.h"

namespace certflow::crypto {

namespace {

constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr size_t kDataKeySize = 32;
constexpr std::string_view kDataKeyLabel = "certflow/envelope/v1/data-key";
constexpr std::string_view kSecretLabel = "certflow/envelope/v1/secret";

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes_of(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// The label goes in as its own AAD chunk before the caller's. GCM authenticates the
// concatenation, and neither label is a prefix of the other, so label || aad of one kind of
// seal can never equal that of the other kind.
bool add_aad(EVP_CIPHER_CTX* ctx, std::string_view label, std::string_view aad, bool encrypt) {
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int len = 0;
  if (update(ctx, nullptr, &len, bytes_of(label), static_cast<int>(label.size())) != 1) {
    return false;
  }
  return aad.empty() ||
         update(ctx, nullptr, &len, bytes_of(aad), static_cast<int>(aad.size())) == 1;
}

Result<std::string> gcm_seal(std::string_view key, std::string_view plaintext,
                             std::string_view label, std::string_view aad) {
  if (plaintext.size() > INT_MAX - kNonceSize - kTagSize || aad.size() > INT_MAX) {
    return fail(ErrorCode::kInternal, "secret too large to seal");
  }
  std::string out;
  try {
    out = random_bytes(kNonceSize);
  } catch (const std::runtime_error&) {
    return fail(ErrorCode::kInternal, "the random number generator failed");
  }
  out.resize(kNonceSize + plaintext.size() + kTagSize);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok = ctx &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes_of(key), bytes_of(out)) == 1 &&
            add_aad(ctx.get(), label, aad, true) &&
            EVP_EncryptUpdate(ctx.get(), bytes_of(out) + kNonceSize, &len, bytes_of(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), bytes_of(out) + kNonceSize + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                                bytes_of(out) + kNonceSize + plaintext.size()) == 1;
  if (!ok) {
    ERR_clear_error();  // keep this thread's OpenSSL error queue from growing
    OPENSSL_cleanse(out.data(), out.size());
    return fail(ErrorCode::kInternal, "AES-256-GCM encryption failed");
  }
  return out;
}

Result<SecretBytes> gcm_open(std::string_view key, std::string_view sealed, std::string_view label,
                             std::string_view aad) {
  if (sealed.size() < kNonceSize + kTagSize || sealed.size() > INT_MAX || aad.size() > INT_MAX) {
    return fail(ErrorCode::kInternal, "sealed secret is malformed");
  }
  const size_t text_size = sealed.size() - kNonceSize - kTagSize;
  std::string_view nonce = sealed.substr(0, kNonceSize);
  std::string_view text = sealed.substr(kNonceSize, text_size);
  // EVP wants a writable tag buffer even when decrypting.
  unsigned char tag[kTagSize];
  std::copy(sealed.end() - kTagSize, sealed.end(), tag);

  // Decrypt straight into the SecretBytes' own buffer (the string inside is not const), so no
  // unwiped copy of the plaintext is ever left behind, on success or failure.
  SecretBytes plain(std::string(text_size, '\0'));
  auto* out = reinterpret_cast<unsigned char*>(const_cast<char*>(plain.data()));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes_of(key), bytes_of(nonce)) == 1 &&
      add_aad(ctx.get(), label, aad, false) &&
      EVP_DecryptUpdate(ctx.get(), out, &len, bytes_of(text), static_cast<int>(text.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out + len, &len) == 1;
  if (!ok) {
    ERR_clear_error();  // keep this thread's OpenSSL error queue from growing
    return fail(ErrorCode::kInternal,
                "sealed secret failed authentication (tampered, or opened with the wrong master "
                "key or associated data)");
  }
  return plain;
}

}  // namespace

Result<MasterKey> MasterKey::from_bytes(SecretBytes bytes) {
  if (bytes.size() != kSize) {
    return fail(ErrorCode::kInternal,
                "a master key must be exactly 32 bytes; got " + std::to_string(bytes.size()));
  }
  return MasterKey(std::move(bytes));
}

Result<SealedSecret> seal(const MasterKey& master, std::string_view plaintext,
                          std::string_view associated_data) {
  auto wrapped = generate_wrapped_data_key(master, associated_data);
  if (!wrapped) return tl::unexpected(wrapped.error());
  auto data_key = unwrap_data_key(master, *wrapped, associated_data);
  if (!data_key) return tl::unexpected(data_key.error());
  auto ciphertext = gcm_seal(data_key->view(), plaintext, kSecretLabel, associated_data);
  if (!ciphertext) return tl::unexpected(ciphertext.error());
  return SealedSecret{std::move(*wrapped), std::move(*ciphertext)};
}

Result<SecretBytes> open(const MasterKey& master, const SealedSecret& sealed,
                         std::string_view associated_data) {
  auto data_key = unwrap_data_key(master, sealed.wrapped_data_key, associated_data);
  if (!data_key) return tl::unexpected(data_key.error());
  return gcm_open(data_key->view(), sealed.ciphertext, kSecretLabel, associated_data);
}

Result<std::string> generate_wrapped_data_key(const MasterKey& master,
                                              std::string_view associated_data) {
  SecretBytes data_key;
  try {
    data_key = SecretBytes(random_bytes(kDataKeySize));
  } catch (const std::runtime_error&) {
    return fail(ErrorCode::kInternal, "the random number generator failed");
  }
  return gcm_seal(master.bytes().view(), data_key.view(), kDataKeyLabel, associated_data);
}

Result<SecretBytes> unwrap_data_key(const MasterKey& master, std::string_view wrapped,
                                    std::string_view associated_data) {
  auto data_key = gcm_open(master.bytes().view(), wrapped, kDataKeyLabel, associated_data);
  if (!data_key) return tl::unexpected(data_key.error());
  if (data_key->size() != kDataKeySize) {
    return fail(ErrorCode::kInternal, "wrapped data key is malformed (bad size)");
  }
  return data_key;
}

Result<std::string> seal_with_data_key(const SecretBytes& data_key, std::string_view plaintext,
                                       std::string_view associated_data) {
  return gcm_seal(data_key.view(), plaintext, kSecretLabel, associated_data);
}

Result<SecretBytes> open_with_data_key(const SecretBytes& data_key, std::string_view sealed,
                                       std::string_view associated_data) {
  return gcm_open(data_key.view(), sealed, kSecretLabel, associated_data);
}

}  // namespace certflow::crypto
