// The subcommands that watch and drive the lifecycle through certflow's native API
// (X-Amz-Target Certflow.*): `certflow clock`, `events`, `forecast` and `settings`.
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

// `certflow clock show|set|advance`: the simulated clock (daemons started with --simulated-clock).
void add_clock_commands(CLI::App& app);
// `certflow events list`: the event outbox.
void add_events_commands(CLI::App& app);
// `certflow metrics`
void add_metrics_command(CLI::App& app);
// `certflow forecast --days N`: what the inventory will emit.
void add_forecast_command(CLI::App& app);
// `certflow settings show|set`: certflow's own settings.
void add_settings_commands(CLI::App& app);

}  // namespace certflow::cli
