// Asks a TLS endpoint which certificate it serves: connect, handshake with SNI (no verification:
// the serial is compared, not trusted), read the peer certificate's serial. Engine of the deploy
// room.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "deploy/deploy_config.h"

namespace certflow::deploy {

// A serial as lowercase hex without separators or leading zero digits ("0A:1b" → "a1b"), so
// serials written differently compare equal; nullopt when it is not hex.
std::optional<std::string> normalize_serial(std::string_view text);
// Lowercase hex pairs joined by colons, as DescribeCertificate shows serials ("0a:1b").
std::string colon_serial(std::string_view text);

// The serial of the certificate the endpoint serves (normalize_serial's form). `server_name`
// goes into SNI unless empty or an IP address. kServiceUnavailable when the endpoint cannot be
// reached or the handshake fails, with the reason; each step waits at most `timeout`.
Result<std::string> probe_serial(const Endpoint& endpoint, const std::string& server_name,
                                 std::chrono::milliseconds timeout);

}  // namespace certflow::deploy
