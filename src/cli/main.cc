// The `certflow` binary: the daemon (`serve`) and the client subcommands.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "cli/client_commands.h"
#include "cli/deploy_command.h"
#include "cli/findings_command.h"
#include "cli/function_command.h"
#include "cli/lifecycle_commands.h"
#include "cli/pattern_command.h"
#include "cli/serve_command.h"

namespace {

// CLI11 2.1 reads config files only through the top-level app (subcommand options live under
// a [serve] section), so `certflow serve --config F` is rewritten to `certflow --config F serve`.
std::vector<std::string> hoist_config_option(int argc, char** argv) {
  std::vector<std::string> hoisted;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {  // what follows is a function's command line: left as it is
      rest.insert(rest.end(), argv + i, argv + argc);
      break;
    }
    if (arg == "--config" && i + 1 < argc) {
      hoisted.push_back(arg);
      hoisted.push_back(argv[++i]);
    } else if (arg.rfind("--config=", 0) == 0) {
      hoisted.push_back(arg);
    } else {
      rest.push_back(arg);
    }
  }
  hoisted.insert(hoisted.end(), rest.begin(), rest.end());
  return hoisted;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"certflow: certificate lifecycle manager with event-driven workflows"};
  app.require_subcommand(1);
  app.set_config("--config", "",
                 "TOML file of `certflow serve` options in a [serve] section, e.g. "
                 "[serve] listen = \"127.0.0.1:9000\"; command-line flags win");
  certflow::cli::add_serve_command(app);
  certflow::cli::add_client_commands(app);
  certflow::cli::add_clock_commands(app);
  certflow::cli::add_events_commands(app);
  certflow::cli::add_metrics_command(app);
  certflow::cli::add_forecast_command(app);
  certflow::cli::add_settings_commands(app);
  certflow::cli::add_pattern_commands(app);
  certflow::cli::add_function_commands(app);
  certflow::cli::add_deploy_commands(app);
  certflow::cli::add_findings_commands(app);
  std::vector<std::string> args = hoist_config_option(argc, argv);
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form in reverse order
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
