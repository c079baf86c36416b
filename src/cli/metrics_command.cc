// `certflow metrics`: the event bus's counters per rule and target, in EventBridge's terms.
#include <iostream>
#include <map>

#include "cli/client_connection.h"
#include "cli/lifecycle_commands.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct MetricsFlags {
  ConnectionFlags connection;
  std::optional<std::string> rule;
  bool json_output = false;
};

void run_metrics(const MetricsFlags& flags) {
  json page = call_or_exit(flags.connection, kCertflowApi, "GetMetrics", json::object());
  json metrics = json::array();
  for (auto& metric : page.value("Metrics", json::array())) {
    if (flags.rule && metric.value("RuleName", "") != *flags.rule) continue;
    metrics.push_back(std::move(metric));
  }
  if (flags.json_output) {
    std::cout << metrics.dump(2) << "\n";
    return;
  }
  // The latency is kept as a total; shown as the mean per invocation, as CloudWatch's Average.
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> invocations;
  for (const auto& metric : metrics) {
    if (metric.value("MetricName", "") == "Invocations") {
      invocations[{metric.value("EventBusName", ""), metric.value("RuleName", ""),
                   metric.value("TargetId", "")}] = metric.value("Value", int64_t{0});
    }
  }
  std::vector<TableRow> rows = {{"BUS", "RULE", "TARGET", "METRIC", "VALUE"}};
  for (const auto& metric : metrics) {
    std::string name = metric.value("MetricName", "");
    std::string value = cell_text(metric, "Value");
    if (name == "IngestionToInvocationStartLatency") {
      const int64_t count =
          invocations[{metric.value("EventBusName", ""), metric.value("RuleName", ""),
                       metric.value("TargetId", "")}];
      if (count == 0) continue;
      value = std::to_string(metric.value("Value", int64_t{0}) / count) + " ms (mean)";
    }
    rows.push_back({metric.value("EventBusName", ""), metric.value("RuleName", ""),
                    metric.value("TargetId", ""), name, value});
  }
  if (rows.size() == 1) {
    std::cout << "No metrics yet: no event has matched a rule.\n";
    return;
  }
  std::cout << render_table(rows);
}

}  // namespace

void add_metrics_command(CLI::App& app) {
  auto flags = std::make_shared<MetricsFlags>();
  CLI::App* metrics = app.add_subcommand(
      "metrics", "Event bus metrics per rule and target (MatchedEvents, Invocations, ...)");
  add_connection_flags(metrics, flags->connection);
  metrics->add_option("--rule", flags->rule, "Only this rule's metrics");
  metrics->add_flag("--json", flags->json_output, "Print the metrics as a JSON array");
  metrics->callback([flags] { run_metrics(*flags); });
}

}  // namespace certflow::cli
