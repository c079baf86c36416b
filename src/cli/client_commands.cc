#include "cli/client_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/api_client.h"
#include "cli/certificate_table.h"
#include "crypto/encoding.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct ConnectionFlags {
  std::optional<std::string> endpoint_url;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> data_dir;
};

void add_connection_flags(CLI::App* command, ConnectionFlags& flags) {
  command->add_option("--endpoint-url", flags.endpoint_url,
                      "certflow's address (default: $CERTFLOW_ENDPOINT_URL or "
                      "http://127.0.0.1:8750)");
  command->add_option("--region", flags.region, "Region (default: $AWS_REGION or us-east-1)");
  command->add_option("--profile", flags.profile, "Profile of the shared credentials file");
  command->add_option("--data-dir", flags.data_dir,
                      "Use the admin-credentials file of this daemon data directory");
}

// Runs one API call; prints the remote error the way the aws CLI does and exits non-zero.
json call_or_exit(const ConnectionFlags& flags, const std::string& operation, const json& input) {
  auto credentials = resolve_credentials({flags.data_dir, flags.profile});
  if (!credentials) {
    std::cerr << "certflow: " << credentials.error().message << "\n";
    std::exit(2);
  }
  RealClock clock;
  ApiClient client(resolve_endpoint(flags.endpoint_url), resolve_region(flags.region),
                   std::move(*credentials), clock);
  auto result = client.call("CertificateManager", "acm", operation, input);
  if (!result) {
    std::cerr << "An error occurred (" << result.error().code << ") when calling the " << operation
              << " operation: " << result.error().message << "\n";
    std::exit(1);
  }
  return *result;
}

std::string read_file_or_exit(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "certflow: cannot read the " << what << " file " << path << "\n";
    std::exit(2);
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
  json out = call_or_exit(flags.connection, "ImportCertificate", input);
  std::cout << out.value("CertificateArn", "") << "\n";
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
    json page = call_or_exit(flags.connection, "ListCertificates", input);
    for (auto& item : page.value("CertificateSummaryList", json::array())) all.push_back(item);
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  if (flags.json_output) {
    std::cout << json{{"CertificateSummaryList", all}}.dump(2) << "\n";
    return;
  }
  std::cout << render_certificate_table(all, RealClock().now());
}

struct DescribeFlags {
  ConnectionFlags connection;
  std::string arn;
  bool json_output = false;
};

void run_describe(const DescribeFlags& flags) {
  json out = call_or_exit(flags.connection, "DescribeCertificate", {{"CertificateArn", flags.arn}});
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
