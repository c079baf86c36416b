// `certflow settings show|set`.
#include <iostream>
#include <memory>

#include "cli/client_connection.h"
#include "cli/lifecycle_commands.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct SettingsFlags {
  ConnectionFlags connection;
  int expiry_lifetime_percent = 0;
  bool json_output = false;
};

void print_settings(const json& settings) {
  const std::string percent = cell_text(settings, "ExpiryEventsLifetimePercent");
  std::cout << render_table({
      {"SETTING", "VALUE", "MEANING"},
      {"DaysBeforeExpiry", cell_text(settings, "DaysBeforeExpiry"),
       "Approaching Expiration starts this many days before expiry (set it with `aws acm "
       "put-account-configuration`)"},
      {"ExpiryEventsLifetimePercent", percent,
       percent == "0" ? "off"
                      : "short-lived certificates: at most this share of the lifetime before "
                        "expiry"},
  });
}

void run_show(const SettingsFlags& flags) {
  json settings = call_or_exit(flags.connection, kCertflowApi, "GetSettings", json::object());
  if (flags.json_output) {
    std::cout << settings.dump(2) << "\n";
    return;
  }
  print_settings(settings);
}

void run_set(const SettingsFlags& flags) {
  call_or_exit(flags.connection, kCertflowApi, "PutSettings",
               {{"ExpiryEventsLifetimePercent", flags.expiry_lifetime_percent}});
  print_settings(call_or_exit(flags.connection, kCertflowApi, "GetSettings", json::object()));
}

}  // namespace

void add_settings_commands(CLI::App& app) {
  CLI::App* settings = app.add_subcommand("settings", "Show or change certflow's own settings");
  settings->require_subcommand(1);

  auto show_flags = std::make_shared<SettingsFlags>();
  CLI::App* show = settings->add_subcommand("show", "Print the lifecycle settings");
  add_connection_flags(show, show_flags->connection);
  show->add_flag("--json", show_flags->json_output, "Print the API's JSON answer");
  show->callback([show_flags] { run_show(*show_flags); });

  auto set_flags = std::make_shared<SettingsFlags>();
  CLI::App* set = settings->add_subcommand("set", "Change a setting");
  add_connection_flags(set, set_flags->connection);
  set->add_option("--expiry-lifetime-percent", set_flags->expiry_lifetime_percent,
                  "Short-lived certificates: Approaching Expiration starts at the smaller of "
                  "DaysBeforeExpiry and this percentage of the certificate's lifetime (1..100; 0 "
                  "turns it off)")
      ->required();
  set->callback([set_flags] { run_set(*set_flags); });
}

}  // namespace certflow::cli
