#include "pki/parsed_cache.h"

#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest digest_of(std::string_view pem) {
  Digest out{};
  unsigned int length = 0;
  EVP_Digest(pem.data(), pem.size(), out.data(), &length, EVP_sha256(), nullptr);
  return out;
}

// Holds a reference to each object; lookups hand out new references (up_ref).
template <typename Ptr, auto UpRef>
class Cache {
 public:
  using Object = typename Ptr::element_type;

  Ptr find(const Digest& digest) {
    std::lock_guard lock(mutex_);
    for (Entry& entry : entries_) {
      if (entry.digest == digest) {
        entry.last_used = ++clock_;
        if (UpRef(entry.object.get()) != 1) return nullptr;
        return Ptr(entry.object.get());
      }
    }
    return nullptr;
  }

  void insert(const Digest& digest, Object& object) {
    if (UpRef(&object) != 1) return;
    Ptr held(&object);
    std::lock_guard lock(mutex_);
    for (Entry& entry : entries_) {
      if (entry.digest == digest) return;  // another thread was first; `held` drops its reference
    }
    if (entries_.size() < kCapacity) {
      entries_.push_back(Entry{digest, std::move(held), ++clock_});
      return;
    }
    Entry* oldest = &entries_.front();
    for (Entry& entry : entries_) {
      if (entry.last_used < oldest->last_used) oldest = &entry;
    }
    *oldest = Entry{digest, std::move(held), ++clock_};
  }

 private:
  static constexpr size_t kCapacity = 32;
  struct Entry {
    Digest digest;
    Ptr object;
    uint64_t last_used;
  };
  std::mutex mutex_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;
};

Cache<EvpPkeyPtr, &EVP_PKEY_up_ref>& keys() {
  static Cache<EvpPkeyPtr, &EVP_PKEY_up_ref> cache;
  return cache;
}

Cache<X509Ptr, &X509_up_ref>& certificates() {
  static Cache<X509Ptr, &X509_up_ref> cache;
  return cache;
}

}  // namespace

Result<EvpPkeyPtr> cached_private_key(std::string_view pem) {
  Digest digest = digest_of(pem);
  if (EvpPkeyPtr hit = keys().find(digest)) return hit;
  auto key = read_private_key(pem);
  if (key) keys().insert(digest, **key);
  return key;
}

void remember_private_key(std::string_view pem, EVP_PKEY& key) {
  keys().insert(digest_of(pem), key);
}

Result<X509Ptr> cached_certificate(std::string_view pem) {
  Digest digest = digest_of(pem);
  if (X509Ptr hit = certificates().find(digest)) return hit;
  auto cert = read_one_certificate(pem);
  if (cert) certificates().insert(digest, **cert);
  return cert;
}

}  // namespace certflow::pki
