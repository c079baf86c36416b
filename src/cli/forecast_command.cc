// `certflow forecast --days N`.
#include <iostream>
#include <memory>
#include <optional>

#include "cli/client_connection.h"
#include "cli/lifecycle_commands.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct ForecastFlags {
  ConnectionFlags connection;
  int days = 0;
  std::optional<int> limit;
  bool json_output = false;
};

void print_forecast(const json& forecast) {
  std::cout << "forecast from " << cell_text(forecast, "From") << " until "
            << cell_text(forecast, "Until") << "\n";
  const json entries = forecast.value("Entries", json::array());
  std::vector<TableRow> rows = {
      {"TIME", "KIND", "COMMON NAME", "DAYS TO EXPIRY", "CERTIFICATE", "NOTE"}};
  for (const auto& entry : entries) {
    rows.push_back({cell_text(entry, "Time"), cell_text(entry, "Kind"),
                    cell_text(entry, "CommonName"), cell_text(entry, "DaysToExpiry"),
                    cell_text(entry, "CertificateArn"), cell_text(entry, "Note")});
  }
  std::cout << render_table(rows);
  const auto total = forecast.value("TotalEntries", json(0)).get<int64_t>();
  if (entries.empty()) std::cout << "(nothing due)\n";
  if (total > static_cast<int64_t>(entries.size())) {
    std::cout << "(showing " << entries.size() << " of " << total
              << " entries; --limit N shows more)\n";
  }

  std::vector<TableRow> totals = {{"KIND", "ENTRIES"}};
  const json totals_by_kind = forecast.value("TotalsByKind", json::object());
  for (const auto& [kind, count] : totals_by_kind.items()) {
    totals.push_back({kind, count.dump()});
  }
  std::cout << "\ntotals by kind:\n" << render_table(totals);

  std::vector<TableRow> weeks = {{"WEEK FROM", "CERTIFICATES EXPIRING"}};
  for (const auto& week : forecast.value("Weeks", json::array())) {
    weeks.push_back({cell_text(week, "Start"), cell_text(week, "Expiring")});
  }
  std::cout << "\nexpiring per week:\n" << render_table(weeks);
}

void run_forecast(const ForecastFlags& flags) {
  json input = {{"Days", flags.days}};
  if (flags.limit) input["MaxEntries"] = *flags.limit;
  json forecast = call_or_exit(flags.connection, kCertflowApi, "Forecast", input);
  if (flags.json_output) {
    std::cout << forecast.dump(2) << "\n";
    return;
  }
  print_forecast(forecast);
}

}  // namespace

void add_forecast_command(CLI::App& app) {
  auto flags = std::make_shared<ForecastFlags>();
  CLI::App* forecast = app.add_subcommand(
      "forecast",
      "What the lifecycle will emit over the next days, computed without changing "
      "anything");
  add_connection_flags(forecast, flags->connection);
  forecast->add_option("--days", flags->days, "How many days ahead (1..3650)")->required();
  forecast->add_option("--limit", flags->limit,
                       "List at most this many entries (default 10000; totals count them all)");
  forecast->add_flag("--json", flags->json_output, "Print the API's JSON answer");
  forecast->callback([flags] { run_forecast(*flags); });
}

}  // namespace certflow::cli
