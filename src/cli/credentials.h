// Where the certflow CLI finds its endpoint, region and credentials, and how the daemon
// writes its admin key: the AWS shared-credentials file format.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "crypto/secret.h"

namespace certflow::cli {

struct Credentials {
  std::string access_key_id;
  crypto::SecretBytes secret_access_key;
  std::string source;  // for messages: "environment", "profile dev", "DATA/admin-credentials"
};

// The value of an environment variable; nullopt when unset or empty.
std::optional<std::string> env(const char* name);

// Reads one profile ([name]) of a shared-credentials file.
Result<Credentials> read_credentials_file(const std::string& path, const std::string& profile);

// Writes "[default]\naws_access_key_id = ...\naws_secret_access_key = ...\n" with mode 0600.
Status write_credentials_file(const std::string& path, const std::string& access_key_id,
                              const crypto::SecretBytes& secret);

struct CredentialSources {
  std::optional<std::string> data_dir;  // --data-dir: use DATA/admin-credentials
  std::optional<std::string> profile;   // --profile
};

// Order: --data-dir, --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or
// "default" in AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials), ./certflow-data/admin-credentials.
Result<Credentials> resolve_credentials(const CredentialSources& sources);

// --endpoint-url, else CERTFLOW_ENDPOINT_URL, else the daemon's default address.
std::string resolve_endpoint(const std::optional<std::string>& flag);
// --region, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1.
std::string resolve_region(const std::optional<std::string>& flag);

inline constexpr const char* kDefaultListen = "127.0.0.1:8750";
inline constexpr const char* kDefaultDataDir = "certflow-data";

}  // namespace certflow::cli
