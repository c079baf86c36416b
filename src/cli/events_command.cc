// `certflow events list` (the outbox) and `certflow events tail` (what log targets wrote).
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

struct TailFlags {
  ConnectionFlags connection;
  std::optional<std::string> rule;
  std::optional<std::string> log_group;
  bool follow = false;
  bool json_output = false;
};

// Prints every record after `after`; returns the last sequence printed (or `after`).
int64_t print_records(const TailFlags& flags, int64_t after) {
  json input = json::object();
  if (flags.rule) input["RuleName"] = *flags.rule;
  if (flags.log_group) input["LogGroup"] = *flags.log_group;
  for (;;) {
    input["AfterSequence"] = after;
    json page = call_or_exit(flags.connection, kCertflowApi, "ListLogRecords", input);
    const json& records = page["Records"];
    for (const auto& record : records) {
      if (flags.json_output) {
        std::cout << record.dump() << "\n";
      } else {
        std::cout << record.value("Time", "") << " " << record.value("LogGroup", "") << " "
                  << record.value("RuleName", "") << " " << record.value("Message", "") << "\n";
      }
    }
    std::cout.flush();
    after = page.value("LastSequence", after);
    if (records.empty()) return after;
  }
}

void run_tail(const TailFlags& flags) {
  if (!flags.rule && !flags.log_group) {
    std::cerr << "certflow events tail: name a rule (--rule NAME) or a log group (--log-group "
                 "NAME)\n";
    std::exit(2);
  }
  int64_t after = print_records(flags, 0);
  while (flags.follow) {
    // Following is a person watching a terminal: real time, a second between polls.
    RealClock::pause(std::chrono::seconds(1));
    after = print_records(flags, after);
  }
}

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
  CLI::App* events = app.add_subcommand(
      "events", "The events certflow emitted (its outbox) and delivered to logs");
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

  auto tail_flags = std::make_shared<TailFlags>();
  CLI::App* tail = events->add_subcommand(
      "tail", "Print what log targets wrote: the events a rule matched, oldest first");
  add_connection_flags(tail, tail_flags->connection);
  tail->add_option("--rule", tail_flags->rule, "Only records written for this rule's targets");
  tail->add_option("--log-group", tail_flags->log_group,
                   "Only this log group's records (a function's output: /aws/lambda/NAME)");
  tail->add_flag("-f,--follow", tail_flags->follow, "Keep printing new records as they arrive");
  tail->add_flag("--json", tail_flags->json_output, "One JSON object per record");
  tail->callback([tail_flags] { run_tail(*tail_flags); });
}

}  // namespace certflow::cli
