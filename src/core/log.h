// Logging goes through spdlog; this sets the process-wide format and level.
// Never log secrets: private keys, secret access keys, master keys, signatures' keys.
#pragma once

#include <string>

namespace certflow {

// level: "trace" | "debug" | "info" | "warn" | "error". Unknown values mean "info".
void init_logging(const std::string& level);

}  // namespace certflow
