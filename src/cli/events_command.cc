// `certflow events list`.
#include <iostream>
#include <memory>
#include <optional>

#include "cli/client_connection.h"
#include "cli/event_table.h"
#include "cli/lifecycle_commands.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct EventsFlags {
  ConnectionFlags connection;
  std::optional<std::string> since;
  std::optional<std::string> detail_type;
  std::optional<std::string> certificate_arn;
  bool json_output = false;
};

void run_list(const EventsFlags& flags) {
  json input = json::object();
  if (flags.since) input["Since"] = *flags.since;
  if (flags.detail_type) input["DetailType"] = *flags.detail_type;
  if (flags.certificate_arn) input["CertificateArn"] = *flags.certificate_arn;
  json events = json::array();
  for (;;) {
    json page = call_or_exit(flags.connection, kCertflowApi, "ListEvents", input);
    for (auto& event : page.value("Events", json::array())) events.push_back(std::move(event));
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  if (flags.json_output) {
    std::cout << events.dump(2) << "\n";
    return;
  }
  std::cout << render_event_table(events);
}

}  // namespace

void add_events_commands(CLI::App& app) {
  CLI::App* events = app.add_subcommand("events", "The events certflow emitted (its outbox)");
  events->require_subcommand(1);
  auto flags = std::make_shared<EventsFlags>();
  CLI::App* list = events->add_subcommand("list", "List events, oldest first");
  add_connection_flags(list, flags->connection);
  list->add_option("--since", flags->since,
                   "Only events stamped at or after this ISO-8601 UTC time");
  list->add_option("--type", flags->detail_type,
                   "Only this detail-type, e.g. \"ACM Certificate Expired\"");
  list->add_option("--certificate", flags->certificate_arn, "Only this certificate's events");
  list->add_flag("--json", flags->json_output,
                 "Print a JSON array of the full events instead of a table");
  list->callback([flags] { run_list(*flags); });
}

}  // namespace certflow::cli
