// `certflow serve`: the composition root that builds every room and runs the daemon.
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

void add_serve_command(CLI::App& app);

}  // namespace certflow::cli
