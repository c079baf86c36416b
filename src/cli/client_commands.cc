#include "cli/client_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/certificate_table.h"
#include "cli/client_connection.h"
#include "cli/exit_with.h"
#include "crypto/encoding.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

std::string read_file_or_exit(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    exit_with(kUsageError, "certflow: cannot read the " + std::string(what) + " file " + path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct ImportFlags {
  ConnectionFlags connection;
  std::string certificate;
  std::string private_key;
  std::optional<std::string> chain;
  std::optional<std::string> certificate_arn;
  std::vector<std::string> tags;
};

void run_import(const ImportFlags& flags) {
  json input = {
      {"Certificate", crypto::base64_encode(read_file_or_exit(flags.certificate, "certificate"))},
      {"PrivateKey", crypto::base64_encode(read_file_or_exit(flags.private_key, "private key"))},
  };
  if (flags.chain) {
    input["CertificateChain"] = crypto::base64_encode(read_file_or_exit(*flags.chain, "chain"));
  }
  if (flags.certificate_arn) input["CertificateArn"] = *flags.certificate_arn;
  if (!flags.tags.empty()) {
    json tags = json::array();
    for (const auto& tag : flags.tags) {
      size_t eq = tag.find('=');
      if (eq == std::string::npos) {
        tags.push_back({{"Key", tag}});
      } else {
        tags.push_back({{"Key", tag.substr(0, eq)}, {"Value", tag.substr(eq + 1)}});
      }
    }
    input["Tags"] = tags;
  }
  json out = call_or_exit(flags.connection, kAcmApi, "ImportCertificate", input);
  std::cout << out.value("CertificateArn", "") << "\n";
}

// The time the daemon's lifecycle runs on, so DAYS LEFT agrees with its events: its simulated
// clock when it has one, else real time.
TimePoint daemon_now(const ConnectionFlags& flags) {
  auto clock = call_api(flags, kCertflowApi, "GetClock", json::object());
  TimePoint now;
  if (clock && parse_iso8601(clock->value("Now", ""), now)) return now;
  return RealClock().now();
}

struct ListFlags {
  ConnectionFlags connection;
  bool json_output = false;
  std::vector<std::string> statuses;
};

void run_list(const ListFlags& flags) {
  json all = json::array();
  json input = {{"Includes",
                 {{"keyTypes",
                   {"RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1",
                    "EC_secp521r1"}}}}};
  if (!flags.statuses.empty()) input["CertificateStatuses"] = flags.statuses;
  while (true) {
    json page = call_or_exit(flags.connection, kAcmApi, "ListCertificates", input);
    for (auto& item : page.value("CertificateSummaryList", json::array())) all.push_back(item);
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  if (flags.json_output) {
    std::cout << json{{"CertificateSummaryList", all}}.dump(2) << "\n";
    return;
  }
  std::cout << render_certificate_table(all, daemon_now(flags.connection));
}

struct DescribeFlags {
  ConnectionFlags connection;
  std::string arn;
  bool json_output = false;
};

void run_describe(const DescribeFlags& flags) {
  json out = call_or_exit(flags.connection, kAcmApi, "DescribeCertificate",
                          {{"CertificateArn", flags.arn}});
  if (flags.json_output) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << render_certificate_detail(out.value("Certificate", json::object()));
}

}  // namespace

void add_client_commands(CLI::App& app) {
  auto import_flags = std::make_shared<ImportFlags>();
  CLI::App* import_cmd = app.add_subcommand("import", "Import a certificate and its private key");
  add_connection_flags(import_cmd, import_flags->connection);
  import_cmd->add_option("--certificate", import_flags->certificate, "PEM certificate file")
      ->required();
  import_cmd->add_option("--private-key", import_flags->private_key, "PEM private key file")
      ->required();
  import_cmd->add_option("--chain", import_flags->chain, "PEM certificate chain file");
  import_cmd->add_option("--certificate-arn", import_flags->certificate_arn,
                         "Re-import over this certificate");
  import_cmd->add_option("--tag", import_flags->tags, "Tag as KEY=VALUE (repeatable)");
  import_cmd->callback([import_flags] { run_import(*import_flags); });

  auto list_flags = std::make_shared<ListFlags>();
  CLI::App* list_cmd = app.add_subcommand("list", "List certificates, soonest expiry first");
  add_connection_flags(list_cmd, list_flags->connection);
  list_cmd->add_flag("--json", list_flags->json_output, "Print the ACM JSON instead of a table");
  list_cmd->add_option("--status", list_flags->statuses, "Only these statuses (repeatable)");
  list_cmd->callback([list_flags] { run_list(*list_flags); });

  auto describe_flags = std::make_shared<DescribeFlags>();
  CLI::App* describe_cmd = app.add_subcommand("describe", "Show one certificate");
  add_connection_flags(describe_cmd, describe_flags->connection);
  describe_cmd->add_option("arn", describe_flags->arn, "Certificate ARN")->required();
  describe_cmd->add_flag("--json", describe_flags->json_output, "Print the ACM JSON");
  describe_cmd->callback([describe_flags] { run_describe(*describe_flags); });
}

}  // namespace certflow::cli
