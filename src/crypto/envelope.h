// Envelope encryption of secrets at rest: each secret gets its own random 256-bit data key;
// the secret is sealed with AES-256-GCM under the data key, and the data key is sealed with
// AES-256-GCM under the master key. The caller's associated data (e.g. the record's ARN) is
// bound into both seals, so a sealed value moved to another record fails to open.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "crypto/secret.h"

namespace certflow::crypto {

class MasterKey {
 public:
  static constexpr size_t kSize = 32;
  // Fails (kInternal) unless exactly 32 bytes.
  static Result<MasterKey> from_bytes(SecretBytes bytes);
  const SecretBytes& bytes() const { return bytes_; }

 private:
  explicit MasterKey(SecretBytes bytes) : bytes_(std::move(bytes)) {}
  SecretBytes bytes_;
};

// Both fields are binary: nonce (12) || ciphertext || tag (16).
struct SealedSecret {
  std::string wrapped_data_key;
  std::string ciphertext;
};

Result<SealedSecret> seal(const MasterKey& master, std::string_view plaintext,
                          std::string_view associated_data);
// Fails with kInternal if either seal was tampered with or the associated data differs.
Result<SecretBytes> open(const MasterKey& master, const SealedSecret& sealed,
                         std::string_view associated_data);

// One data key for many values (a topic's messages): generated once and kept wrapped by the
// master key under `associated_data`; each value sealed with it binds its own associated data.
Result<std::string> generate_wrapped_data_key(const MasterKey& master,
                                              std::string_view associated_data);
Result<SecretBytes> unwrap_data_key(const MasterKey& master, std::string_view wrapped,
                                    std::string_view associated_data);
// nonce (12) || ciphertext || tag (16), AES-256-GCM under the data key.
Result<std::string> seal_with_data_key(const SecretBytes& data_key, std::string_view plaintext,
                                       std::string_view associated_data);
Result<SecretBytes> open_with_data_key(const SecretBytes& data_key, std::string_view sealed,
                                       std::string_view associated_data);

}  // namespace certflow::crypto
