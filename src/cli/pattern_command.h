// `certflow pattern test` and `certflow pattern match`: try EventBridge patterns on events and
// on event histories, with no daemon running.
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

// Registers the `pattern` subcommand. Exit codes: 0 done, 2 invalid pattern, 3 invalid event
// (and 1 for unreadable files).
void add_pattern_commands(CLI::App& app);

}  // namespace certflow::cli
