// `certflow deploy put|get|list|delete|run`.
#include "cli/deploy_command.h"

#include <iostream>
#include <memory>
#include <string_view>

#include "cli/client_connection.h"
#include "cli/exit_with.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

struct DeployFlags {
  ConnectionFlags connection;
  std::string name;
  std::optional<std::string> certificate_arn;
  std::optional<std::string> tag;  // KEY or KEY=VALUE
  std::string cert;
  std::optional<std::string> chain;
  std::optional<std::string> fullchain;
  std::string key;
  std::optional<std::string> owner;
  std::optional<std::string> mode;
  std::optional<std::string> reload;
  std::optional<int> reload_timeout;
  std::optional<std::string> verify;
  std::optional<std::string> server_name;
  bool json_output = false;
};

std::string selector_text(const json& deployment) {
  if (deployment.contains("CertificateArn")) return cell_text(deployment, "CertificateArn");
  if (!deployment.contains("Tag")) return "";
  const json& tag = deployment["Tag"];
  std::string text = "tag " + cell_text(tag, "Key");
  if (tag.contains("Value")) text += "=" + cell_text(tag, "Value");
  return text;
}

std::string words_text(const json& words) {
  std::string out;
  for (const auto& word : words) {
    out += (out.empty() ? "" : " ") + (word.is_string() ? word.get<std::string>() : word.dump());
  }
  return out;
}

void run_put(const DeployFlags& flags) {
  json input = {{"Name", flags.name}, {"CertificatePath", flags.cert}, {"KeyPath", flags.key}};
  if (flags.certificate_arn) input["CertificateArn"] = *flags.certificate_arn;
  if (flags.tag) {
    const size_t equals = flags.tag->find('=');
    json tag = {{"Key", flags.tag->substr(0, equals)}};
    if (equals != std::string::npos) tag["Value"] = flags.tag->substr(equals + 1);
    input["Tag"] = tag;
  }
  if (flags.chain) input["ChainPath"] = *flags.chain;
  if (flags.fullchain) input["FullchainPath"] = *flags.fullchain;
  if (flags.owner) input["Owner"] = *flags.owner;
  if (flags.mode) input["Mode"] = *flags.mode;
  if (flags.reload) {
    auto words = split_command_line(*flags.reload);
    if (!words) exit_with(kUsageError, "certflow deploy put: --reload has an unclosed quote");
    if (words->empty()) exit_with(kUsageError, "certflow deploy put: --reload is empty");
    input["ReloadCommand"] = *words;
  }
  if (flags.reload_timeout) input["ReloadTimeout"] = *flags.reload_timeout;
  if (flags.verify) input["Verify"] = *flags.verify;
  if (flags.server_name) input["ServerName"] = *flags.server_name;
  json stored = call_or_exit(flags.connection, kCertflowApi, "PutDeployment", input);
  std::cout << "Stored deployment " << stored.value("Name", flags.name) << " ("
            << selector_text(stored) << ")\n";
}

void print_deployment(const json& deployment) {
  std::vector<TableRow> rows{
      {"FIELD", "VALUE"},
      {"Name", cell_text(deployment, "Name")},
      {"Selects", selector_text(deployment)},
      {"Certificate", cell_text(deployment, "CertificatePath")},
      {"Chain", cell_text(deployment, "ChainPath")},
      {"Fullchain", cell_text(deployment, "FullchainPath")},
      {"Key", cell_text(deployment, "KeyPath") + " (0600)"},
      {"Owner", cell_text(deployment, "Owner")},
      {"Mode", cell_text(deployment, "Mode")},
      {"Reload", words_text(deployment.value("ReloadCommand", json::array()))},
      {"ReloadTimeout", cell_text(deployment, "ReloadTimeout") + "s"},
      {"Verify", cell_text(deployment, "Verify")},
      {"ServerName", cell_text(deployment, "ServerName")},
      {"Created", cell_text(deployment, "Created")},
      {"Modified", cell_text(deployment, "Modified")}};
  std::cout << render_table(rows);
}

void run_get(const DeployFlags& flags) {
  json deployment =
      call_or_exit(flags.connection, kCertflowApi, "GetDeployment", {{"Name", flags.name}});
  if (flags.json_output) {
    std::cout << deployment.dump(2) << "\n";
    return;
  }
  print_deployment(deployment);
}

void run_list(const DeployFlags& flags) {
  json answer = call_or_exit(flags.connection, kCertflowApi, "ListDeployments", json::object());
  json all = answer.value("Deployments", json::array());
  if (flags.json_output) {
    std::cout << all.dump(2) << "\n";
    return;
  }
  if (all.empty()) {
    std::cout << "No deployments. Add one with `certflow deploy put NAME --certificate-arn ARN "
                 "--cert PATH --key PATH`.\n";
    return;
  }
  std::vector<TableRow> rows{{"NAME", "SELECTS", "CERTIFICATE", "RELOAD", "VERIFY"}};
  for (const auto& deployment : all) {
    rows.push_back({cell_text(deployment, "Name"), selector_text(deployment),
                    cell_text(deployment, "CertificatePath"),
                    words_text(deployment.value("ReloadCommand", json::array())),
                    cell_text(deployment, "Verify")});
  }
  std::cout << render_table(rows);
}

void run_delete(const DeployFlags& flags) {
  call_or_exit(flags.connection, kCertflowApi, "DeleteDeployment", {{"Name", flags.name}});
  std::cout << "Deleted deployment " << flags.name << "\n";
}

void run_run(const DeployFlags& flags) {
  json report = call_or_exit(flags.connection, kCertflowApi, "RunDeployment",
                             {{"Name", flags.name}, {"CertificateArn", *flags.certificate_arn}});
  if (flags.json_output) {
    std::cout << report.dump(2) << "\n";
  } else {
    std::cout << report.value("Log", "");
  }
  std::cout.flush();
  if (!report.value("Succeeded", false)) {
    std::string reason = "the deployment failed";
    for (const auto& outcome : report.value("Outcomes", json::array())) {
      if (!outcome.value("Succeeded", true)) {
        reason = cell_text(outcome, "Stage") + " failed: " + cell_text(outcome, "Reason");
      }
    }
    exit_with(kRemoteFailure, "certflow deploy run " + flags.name + ": " + reason);
  }
}

CLI::App* subcommand(CLI::App* parent, const char* name, const char* about,
                     const std::shared_ptr<DeployFlags>& flags, void (*run)(const DeployFlags&)) {
  CLI::App* command = parent->add_subcommand(name, about);
  add_connection_flags(command, flags->connection);
  command->callback([flags, run] { run(*flags); });
  return command;
}

void add_name(CLI::App* command, DeployFlags& flags) {
  command->add_option("name", flags.name, "The deployment's name")->required();
}

void add_put(CLI::App* deploy) {
  auto flags = std::make_shared<DeployFlags>();
  CLI::App* put = subcommand(deploy, "put",
                             "Add or replace a deployment: which certificates, where their files "
                             "go, how the server reloads, where to check it",
                             flags, run_put);
  add_name(put, *flags);
  CLI::Option* arn =
      put->add_option("--certificate-arn", flags->certificate_arn, "Deploy this certificate");
  put->add_option("--tag", flags->tag, "Deploy every certificate with this tag: KEY or KEY=VALUE")
      ->excludes(arn);
  put->add_option("--cert", flags->cert, "Absolute path of the certificate file")->required();
  put->add_option("--chain", flags->chain, "Absolute path of the chain file");
  put->add_option("--fullchain", flags->fullchain,
                  "Absolute path of the certificate followed by its chain (nginx)");
  put->add_option("--key", flags->key, "Absolute path of the private key (always mode 0600)")
      ->required();
  put->add_option("--owner", flags->owner, "Owner of the files: USER or USER:GROUP");
  put->add_option("--mode", flags->mode, "Mode of the certificate and chain files (default 0644)");
  put->add_option("--reload", flags->reload,
                  "Command that makes the server load the new files, e.g. 'nginx -s reload'");
  put->add_option("--reload-timeout", flags->reload_timeout,
                  "Seconds before the reload command is killed (default 30)")
      ->check(CLI::Range(1, 900));
  put->add_option("--verify", flags->verify,
                  "HOST:PORT that must serve the new certificate after the reload");
  put->add_option("--server-name", flags->server_name,
                  "Server name (SNI) for the check (default: the certificate's domain)");
}

}  // namespace

std::optional<std::vector<std::string>> split_command_line(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == text.size()) return std::nullopt;
      word += text[i];
    } else if (c == '\'') {
      const size_t close = text.find('\'', i + 1);
      if (close == std::string::npos) return std::nullopt;
      word += text.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i == text.size()) return std::nullopt;
        if (text[i] == '"') break;
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos) {
          ++i;
        }
        word += text[i];
      }
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

void add_deploy_commands(CLI::App& app) {
  CLI::App* deploy = app.add_subcommand(
      "deploy", "Put certificates where servers read them, reload and check the servers");
  deploy->require_subcommand(1);
  add_put(deploy);

  auto get_flags = std::make_shared<DeployFlags>();
  CLI::App* get = subcommand(deploy, "get", "Show one deployment", get_flags, run_get);
  add_name(get, *get_flags);
  get->add_flag("--json", get_flags->json_output, "Print the API's JSON answer");

  auto list_flags = std::make_shared<DeployFlags>();
  CLI::App* list = subcommand(deploy, "list", "List the deployments", list_flags, run_list);
  list->add_flag("--json", list_flags->json_output, "Print the deployments as JSON");

  auto delete_flags = std::make_shared<DeployFlags>();
  CLI::App* remove = subcommand(deploy, "delete", "Delete a deployment", delete_flags, run_delete);
  add_name(remove, *delete_flags);

  auto run_flags = std::make_shared<DeployFlags>();
  CLI::App* run = subcommand(deploy, "run",
                             "Deploy a certificate now with one deployment (exports it: the "
                             "export makes a private certificate eligible for managed renewal)",
                             run_flags, run_run);
  add_name(run, *run_flags);
  run->add_option("--certificate-arn", run_flags->certificate_arn, "The certificate to deploy")
      ->required();
  run->add_flag("--json", run_flags->json_output, "Print the API's JSON answer");
}

}  // namespace certflow::cli
