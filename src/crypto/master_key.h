// Where the master key comes from: the CERTFLOW_MASTER_KEY value (64 hex characters or base64 of
// 32 bytes) when given, otherwise DATA_DIR/master.key, created on first start with mode 0600.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "crypto/envelope.h"

namespace certflow::crypto {

// env_value: the value of CERTFLOW_MASTER_KEY, if set. A malformed value fails with a message
// that says which forms are accepted (it never echoes the value).
Result<MasterKey> load_or_create_master_key(const std::string& data_dir,
                                            const std::optional<std::string>& env_value);

}  // namespace certflow::crypto
