#include "iam/access_keys.h"

#include <spdlog/spdlog.h>

#include <cstdint>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace certflow::iam {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// 10 random bytes are exactly 80 bits: sixteen 5-bit groups, no padding.
std::string random_base32_16() {
  std::string bytes = crypto::random_bytes(10);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32[(buffer >> bits) & 0x1f]);
    }
  }
  return out;
}

}  // namespace

std::pair<std::string, crypto::SecretBytes> generate_access_key() {
  // 30 random bytes encode to exactly 40 base64 characters, without '=' padding.
  crypto::SecretBytes raw(crypto::random_bytes(30));
  return {"AKIA" + random_base32_16(), crypto::SecretBytes(crypto::base64_encode(raw.view()))};
}

Status add_access_key(store::Store& store, const crypto::MasterKey& master,
                      const std::string& access_key_id, const crypto::SecretBytes& secret,
                      const std::string& user_name, TimePoint created_at) {
  auto sealed = crypto::seal(master, secret.view(), access_key_id);
  if (!sealed) return tl::unexpected(sealed.error());
  store::AccessKeyRow row;
  row.access_key_id = access_key_id;
  row.user_name = user_name;
  row.status = "Active";
  row.created_at_ms = to_epoch_millis(created_at);
  row.secret_wrapped_data_key = std::move(sealed->wrapped_data_key);
  row.secret_ciphertext = std::move(sealed->ciphertext);

  auto txn = store.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto put = (*txn)->put_access_key(row); !put) return put;
  return (*txn)->commit();
}

std::optional<crypto::SecretBytes> StoredCredentials::secret_for(const std::string& access_key_id) {
  auto row = store_.get_access_key(access_key_id);
  if (!row) {
    spdlog::warn("access key lookup failed: {}", row.error().message);
    return std::nullopt;
  }
  if (!*row || (*row)->status != "Active") return std::nullopt;
  crypto::SealedSecret sealed{(*row)->secret_wrapped_data_key, (*row)->secret_ciphertext};

  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(access_key_id);
    if (it != cache_.end() && it->second.sealed.wrapped_data_key == sealed.wrapped_data_key &&
        it->second.sealed.ciphertext == sealed.ciphertext) {
      return it->second.secret;
    }
  }
  // Decrypt outside the lock: concurrent first requests may both open the secret, which is
  // harmless, and no request waits behind another's AES work.
  auto secret = crypto::open(master_, sealed, access_key_id);
  if (!secret) {
    spdlog::error("cannot open the secret of access key {}: {}", access_key_id,
                  secret.error().message);
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  ++decryptions_;
  cache_.insert_or_assign(access_key_id, Opened{std::move(sealed), *secret});
  return *secret;
}

size_t StoredCredentials::decryptions() const {
  std::lock_guard lock(mutex_);
  return decryptions_;
}

}  // namespace certflow::iam
