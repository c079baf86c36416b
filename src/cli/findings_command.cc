#include "cli/findings_command.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/client_connection.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct FindingsFlags {
  ConnectionFlags connection;
  bool all = false;
  bool json_output = false;
};

int severity_rank(const std::string& label) {
  static const std::vector<std::string> order = {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH",
                                                 "CRITICAL"};
  auto it = std::find(order.begin(), order.end(), label);
  return it == order.end() ? -1 : static_cast<int>(it - order.begin());
}

std::string nested_text(const json& finding, const char* outer, const char* inner) {
  auto it = finding.find(outer);
  return it == finding.end() ? std::string() : cell_text(*it, inner);
}

// The certificate's domain, and its id (the last part of its ARN).
std::pair<std::string, std::string> certificate_of(const json& finding) {
  auto resources = finding.find("Resources");
  if (resources == finding.end() || !resources->is_array() || resources->empty()) return {};
  const json& resource = resources->front();
  std::string id = cell_text(resource, "Id");
  if (auto slash = id.rfind('/'); slash != std::string::npos) id = id.substr(slash + 1);
  std::string domain;
  if (auto details = resource.find("Details"); details != resource.end()) {
    if (auto acm = details->find("AwsCertificateManagerCertificate"); acm != details->end()) {
      domain = cell_text(*acm, "DomainName");
    }
  }
  return {domain, id};
}

void run_list(const FindingsFlags& flags) {
  json input = {{"MaxResults", 100}};
  if (!flags.all) {
    input["Filters"] = {{"RecordState", {{{"Value", "ACTIVE"}, {"Comparison", "EQUALS"}}}}};
  }
  json findings = json::array();
  for (;;) {
    json page =
        call_rest_or_exit(flags.connection, "securityhub", "/findings", "GetFindings", input);
    for (auto& finding : page.value("Findings", json::array())) {
      findings.push_back(std::move(finding));
    }
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  if (flags.json_output) {
    std::cout << findings.dump(2) << "\n";
    return;
  }
  if (findings.empty()) {
    std::cout << (flags.all ? "No findings.\n" : "No active findings.\n");
    return;
  }
  // Most severe first, then the most recently updated.
  std::stable_sort(findings.begin(), findings.end(), [](const json& a, const json& b) {
    const int ra = severity_rank(nested_text(a, "Severity", "Label"));
    const int rb = severity_rank(nested_text(b, "Severity", "Label"));
    if (ra != rb) return ra > rb;
    return cell_text(a, "UpdatedAt") > cell_text(b, "UpdatedAt");
  });
  std::vector<TableRow> rows = {
      {"SEVERITY", "DOMAIN", "CERTIFICATE", "TITLE", "WORKFLOW", "UPDATED"}};
  for (const auto& finding : findings) {
    auto [domain, id] = certificate_of(finding);
    rows.push_back({nested_text(finding, "Severity", "Label"), domain, id,
                    cell_text(finding, "Title"), nested_text(finding, "Workflow", "Status"),
                    cell_text(finding, "UpdatedAt")});
  }
  std::cout << render_table(rows);
}

}  // namespace

void add_findings_commands(CLI::App& app) {
  CLI::App* findings = app.add_subcommand(
      "findings", "Security findings (Security Hub ASFF) made from ACM certificate events");
  findings->require_subcommand(1);
  auto flags = std::make_shared<FindingsFlags>();
  CLI::App* list = findings->add_subcommand(
      "list", "The findings, most severe first (active ones unless --all)");
  add_connection_flags(list, flags->connection);
  list->add_flag("--all", flags->all, "Also resolved (archived) findings");
  list->add_flag("--json", flags->json_output, "Print the findings as a JSON array (ASFF)");
  list->callback([flags] { run_list(*flags); });
}

}  // namespace certflow::cli
