// Access keys: generating new key pairs, storing them sealed, and resolving an access key id
// to its secret for SigV4 verification.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "crypto/secret.h"
#include "iam/sigv4.h"
#include "store/store.h"

namespace certflow::iam {

// A fresh key pair: id "AKIA" + 16 characters of [A-Z2-7] (80 random bits), secret 40
// characters of [A-Za-z0-9+/] (240 random bits), as AWS access keys look.
std::pair<std::string, crypto::SecretBytes> generate_access_key();

// Seals `secret` under the master key (associated data: the access key id, so a sealed
// secret copied to another key's row does not open) and writes an Active row in one store
// transaction.
Status add_access_key(store::Store& store, const crypto::MasterKey& master,
                      const std::string& access_key_id, const crypto::SecretBytes& secret,
                      const std::string& user_name, TimePoint created_at);

// Resolves secrets from the store. Every call reads the row, so deactivating or deleting a
// key takes effect on the next request (also on other nodes sharing the store); only the
// decryption is cached, keyed by the sealed bytes, so a rotated secret is opened afresh.
// Thread-safe. Store or decryption failures resolve to nullopt (the request is then refused
// as an unknown key) and are logged without the secret.
class StoredCredentials final : public CredentialResolver {
 public:
  // Both must outlive this object.
  StoredCredentials(store::Store& store, const crypto::MasterKey& master)
      : store_(store), master_(master) {}

  std::optional<crypto::SecretBytes> secret_for(const std::string& access_key_id) override;

  // How many times a secret was actually decrypted (for tests and metrics).
  size_t decryptions() const;

 private:
  struct Opened {
    crypto::SealedSecret sealed;  // as stored, to notice a changed row
    crypto::SecretBytes secret;
  };

  store::Store& store_;
  const crypto::MasterKey& master_;
  mutable std::mutex mutex_;
  std::map<std::string, Opened> cache_;  // GUARDED_BY(mutex_)
  size_t decryptions_ = 0;               // GUARDED_BY(mutex_)
};

}  // namespace certflow::iam
