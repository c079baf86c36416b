// The `certflow` binary: the daemon (`serve`) and the client subcommands.
#include <CLI/CLI.hpp>

#include "cli/client_commands.h"
#include "cli/serve_command.h"

int main(int argc, char** argv) {
  CLI::App app{"certflow: certificate lifecycle manager with event-driven workflows"};
  app.require_subcommand(1);
  certflow::cli::add_serve_command(app);
  certflow::cli::add_client_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
