// `certflow function create|list|show|delete|invoke`: the daemon's functions, certflow's stand-in
// for Lambda (docs/OPERATIONS.md, "Functions").
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

// Exit codes: 0 done, 1 the daemon refused, 2 bad command line; `invoke` exits with the
// function's own exit status (124 when it timed out, 128+N when signal N ended it).
void add_function_commands(CLI::App& app);

}  // namespace certflow::cli
