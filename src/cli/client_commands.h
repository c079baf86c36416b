// The people's subcommands that talk to a running daemon over the signed ACM API:
// `certflow import`, `certflow list`, `certflow describe` (`list` also reads the daemon's clock
// from the native API, to count days left as the daemon does).
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

void add_client_commands(CLI::App& app);

}  // namespace certflow::cli
