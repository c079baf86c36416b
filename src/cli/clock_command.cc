// `certflow clock show|set|advance`.
#include <charconv>
#include <iostream>
#include <memory>

#include "cli/client_connection.h"
#include "cli/event_table.h"
#include "cli/exit_with.h"
#include "cli/lifecycle_commands.h"
#include "core/clock.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

// Events a move emitted are listed up to this many; `events list` shows the rest.
constexpr int kEventsShown = 20;

struct ClockFlags {
  ConnectionFlags connection;
  std::string time;      // set
  std::string duration;  // advance
  bool jump = false;
};

// "90m", "36h", "10d", "45s": a whole number and one unit.
std::chrono::seconds parse_duration_or_exit(const std::string& text) {
  const std::string usage = "certflow clock advance: '" + text +
                            "' is not a duration; write a whole number and a unit, s, m, h or d "
                            "(e.g. 45s, 90m, 36h, 10d)";
  if (text.size() < 2) exit_with(kUsageError, usage);
  int64_t amount = 0;
  const char* end = text.data() + text.size() - 1;
  auto [stop, error] = std::from_chars(text.data(), end, amount);
  if (error != std::errc() || stop != end || amount < 0) exit_with(kUsageError, usage);
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86'400; break;
    default: exit_with(kUsageError, usage);
  }
  if (amount > INT64_MAX / unit) exit_with(kUsageError, usage);
  return std::chrono::seconds(amount * unit);
}

// A clock call; a daemon on the real clock has no clock operations, which deserves more than the
// bare UnknownOperationException.
json call_clock(const ConnectionFlags& flags, const std::string& operation, const json& input) {
  auto result = call_api(flags, kCertflowApi, operation, input);
  if (!result && result.error().code == "UnknownOperationException") {
    exit_with(kRemoteFailure, "certflow clock: the daemon at " +
                                  resolve_endpoint(flags.endpoint_url) +
                                  " runs on the real clock; start it with `certflow serve "
                                  "--simulated-clock` to set or advance time");
  }
  if (!result) exit_with_remote_error(operation, result.error());
  return *result;
}

// The events a move emitted: those stamped after the time the clock left.
json events_after(const ConnectionFlags& flags, const std::string& previous_now) {
  TimePoint since;
  if (!parse_iso8601(previous_now, since)) return json::array();
  since = std::chrono::floor<std::chrono::seconds>(since) + std::chrono::seconds(1);
  json page = call_or_exit(flags, kCertflowApi, "ListEvents",
                           {{"Since", to_iso8601(since)}, {"MaxResults", kEventsShown}});
  return page.value("Events", json::array());
}

void print_move(const ConnectionFlags& flags, const std::string& previous_now, const json& moved) {
  const json evaluation = moved.value("Evaluation", json::object());
  const int64_t emitted = evaluation.value("Events", int64_t{0});
  std::cout << "clock: " << moved.value("Now", "") << " (was " << previous_now << ")\n"
            << "evaluations: " << evaluation.value("Approaching", 0) << " approaching expiration, "
            << evaluation.value("Expired", 0) << " expired, "
            << evaluation.value("RenewalsAttempted", 0) << " renewal attempts ("
            << evaluation.value("RenewalsFailed", 0) << " failed); " << emitted << " new event"
            << (emitted == 1 ? "" : "s") << "\n";
  if (emitted == 0) return;
  const json events = events_after(flags, previous_now);
  std::cout << render_event_table(events);
  if (emitted > static_cast<int64_t>(events.size())) {
    std::cout << "(showing " << events.size() << "; all of them: certflow events list --since "
              << previous_now << ")\n";
  }
}

void run_move(const ClockFlags& flags, const std::string& operation, json input) {
  const std::string previous =
      call_clock(flags.connection, "GetClock", json::object()).value("Now", "");
  input["Jump"] = flags.jump;
  json moved = call_clock(flags.connection, operation, input);
  print_move(flags.connection, previous, moved);
}

}  // namespace

void add_clock_commands(CLI::App& app) {
  CLI::App* clock = app.add_subcommand(
      "clock", "Show, set or advance the simulated clock of a daemon run with --simulated-clock");
  clock->require_subcommand(1);

  auto show_flags = std::make_shared<ClockFlags>();
  CLI::App* show = clock->add_subcommand("show", "Print the daemon's simulated time");
  add_connection_flags(show, show_flags->connection);
  show->callback([show_flags] {
    json now = call_clock(show_flags->connection, "GetClock", json::object());
    std::cout << now.value("Now", "") << " (simulated)\n";
  });

  const char* jump_help =
      "Move at once and run one catch-up evaluation at the new time, as after downtime (default: "
      "run every evaluation on the way, each at its own time)";
  auto set_flags = std::make_shared<ClockFlags>();
  CLI::App* set = clock->add_subcommand("set", "Move the simulated clock forward to a time");
  add_connection_flags(set, set_flags->connection);
  set->add_option("time", set_flags->time, "ISO-8601 UTC time, e.g. 2027-03-01T00:00:00Z")
      ->required();
  set->add_flag("--jump", set_flags->jump, jump_help);
  set->callback([set_flags] { run_move(*set_flags, "SetClock", {{"Time", set_flags->time}}); });

  auto advance_flags = std::make_shared<ClockFlags>();
  CLI::App* advance =
      clock->add_subcommand("advance", "Move the simulated clock forward by a duration");
  add_connection_flags(advance, advance_flags->connection);
  advance->add_option("duration", advance_flags->duration, "e.g. 45s, 90m, 36h, 10d")->required();
  advance->add_flag("--jump", advance_flags->jump, jump_help);
  advance->callback([advance_flags] {
    const auto by = parse_duration_or_exit(advance_flags->duration);
    run_move(*advance_flags, "AdvanceClock", {{"Seconds", by.count()}});
  });
}

}  // namespace certflow::cli
