#include "api/certflow/certflow_deploy.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "api/json_input.h"

namespace certflow::api::native {

using nlohmann::json;

namespace {

constexpr const char* kNamePattern =
    "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+";
constexpr const char* kModePattern =
    "Member must be an octal permission mode such as 0644 (3 or 4 octal digits)";
const StringRule kNameRule{1, 64, {}};
const StringRule kPathRule{1, 4096, {}};
const StringRule kArnRule{20, 2048, {}};

bool name_ok(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::string name_member(JsonInput& input) {
  auto name = input.string("Name", kNameRule, true);
  if (name && !name_ok(*name)) input.reject("Name", *name, kNamePattern);
  return name.value_or("");
}

// "0644" or "644" → 0644; nullopt when not 3 or 4 octal digits.
std::optional<int> octal_mode(const std::string& text) {
  if (text.size() < 3 || text.size() > 4) return std::nullopt;
  int mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + (c - '0');
  }
  return mode;
}

std::string mode_text(int mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

Result<json> without_deployments() {
  return fail(ErrorCode::kServiceUnavailable, "This certflow daemon runs no deployments.");
}

}  // namespace

Result<deploy::DeploymentConfig> decode_put_deployment(const json& body) {
  JsonInput input(body);
  deploy::DeploymentConfig config;
  config.name = name_member(input);
  config.certificate_arn = input.string("CertificateArn", kArnRule);
  if (auto tag = input.structure("Tag")) {
    deploy::TagSelector selector;
    selector.key = tag->string("Key", {1, 128, {}}, true).value_or("");
    selector.value = tag->string("Value", {0, 256, {}});
    config.tag = std::move(selector);
  }
  config.certificate_path = input.string("CertificatePath", kPathRule, true).value_or("");
  config.chain_path = input.string("ChainPath", kPathRule).value_or("");
  config.fullchain_path = input.string("FullchainPath", kPathRule).value_or("");
  config.key_path = input.string("KeyPath", kPathRule, true).value_or("");
  config.owner = input.string("Owner", {1, 256, {}}).value_or("");
  if (auto mode = input.string("Mode", {1, 8, {}})) {
    if (auto parsed = octal_mode(*mode)) {
      config.mode = *parsed;
    } else {
      input.reject("Mode", *mode, kModePattern);
    }
  }
  config.reload_command =
      input.string_list("ReloadCommand", {0, 4096, {}}, 256).value_or(std::vector<std::string>{});
  if (body.contains("ReloadCommand") && body.at("ReloadCommand").is_array() &&
      body.at("ReloadCommand").empty()) {
    input.reject("ReloadCommand", "[]", "Member must have length greater than or equal to 1");
  }
  config.reload_timeout_seconds =
      static_cast<int>(input.integer("ReloadTimeout", 1, deploy::kMaxReloadTimeoutSeconds)
                           .value_or(deploy::kDefaultReloadTimeoutSeconds));
  config.verify = input.string("Verify", {1, 262, {}}).value_or("");
  config.server_name = input.string("ServerName", {1, 253, {}}).value_or("");
  return finish(input, std::move(config));
}

Result<std::string> decode_deployment_name(const json& body) {
  JsonInput input(body);
  std::string name = name_member(input);
  return finish(input, std::move(name));
}

Result<RunDeploymentInput> decode_run_deployment(const json& body) {
  JsonInput input(body);
  RunDeploymentInput out;
  out.name = name_member(input);
  out.certificate_arn = input.string("CertificateArn", kArnRule, true).value_or("");
  return finish(input, std::move(out));
}

json deployment_output(const deploy::DeploymentConfig& config) {
  json out = {{"Name", config.name},
              {"CertificatePath", config.certificate_path},
              {"KeyPath", config.key_path},
              {"Mode", mode_text(config.mode)},
              {"ReloadCommand", config.reload_command},
              {"ReloadTimeout", config.reload_timeout_seconds},
              {"Created", to_iso8601(config.created)},
              {"Modified", to_iso8601(config.modified)}};
  if (config.certificate_arn) out["CertificateArn"] = *config.certificate_arn;
  if (config.tag) {
    out["Tag"] = {{"Key", config.tag->key}};
    if (config.tag->value) out["Tag"]["Value"] = *config.tag->value;
  }
  if (!config.chain_path.empty()) out["ChainPath"] = config.chain_path;
  if (!config.fullchain_path.empty()) out["FullchainPath"] = config.fullchain_path;
  if (!config.owner.empty()) out["Owner"] = config.owner;
  if (!config.verify.empty()) out["Verify"] = config.verify;
  if (!config.server_name.empty()) out["ServerName"] = config.server_name;
  return out;
}

json deploy_report_output(const deploy::DeployReport& report) {
  json outcomes = json::array();
  for (const auto& outcome : report.outcomes) {
    json item = {{"Name", outcome.name},
                 {"CertificateArn", outcome.certificate_arn},
                 {"Succeeded", outcome.succeeded()},
                 {"ExpectedSerial", outcome.expected_serial},
                 {"FilesWritten", outcome.files_written},
                 {"Reloaded", outcome.reloaded},
                 {"Verified", outcome.verified}};
    if (outcome.failed_stage) {
      item["Stage"] = std::string(deploy::to_string(*outcome.failed_stage));
      item["Reason"] = outcome.reason;
    }
    if (!outcome.served_serial.empty()) item["ServedSerial"] = outcome.served_serial;
    outcomes.push_back(std::move(item));
  }
  return {{"Succeeded", report.succeeded()}, {"Outcomes", outcomes}, {"Log", report.log}};
}

Result<json> put_deployment(const CertflowServiceParts& parts, const json& in) {
  if (parts.deployer == nullptr) return without_deployments();
  auto config = decode_put_deployment(in);
  if (!config) return tl::unexpected(config.error());
  auto stored = parts.deployer->put(*config);
  if (!stored) return tl::unexpected(stored.error());
  return deployment_output(*stored);
}

Result<json> get_deployment(const CertflowServiceParts& parts, const json& in) {
  if (parts.deployer == nullptr) return without_deployments();
  auto name = decode_deployment_name(in);
  if (!name) return tl::unexpected(name.error());
  auto config = parts.deployer->get(*name);
  if (!config) return tl::unexpected(config.error());
  return deployment_output(*config);
}

Result<json> list_deployments(const CertflowServiceParts& parts, const json&) {
  if (parts.deployer == nullptr) return without_deployments();
  auto configs = parts.deployer->list();
  if (!configs) return tl::unexpected(configs.error());
  json out = {{"Deployments", json::array()}};
  for (const auto& config : *configs) out["Deployments"].push_back(deployment_output(config));
  return out;
}

Result<json> delete_deployment(const CertflowServiceParts& parts, const json& in) {
  if (parts.deployer == nullptr) return without_deployments();
  auto name = decode_deployment_name(in);
  if (!name) return tl::unexpected(name.error());
  if (auto ok = parts.deployer->remove(*name); !ok) return tl::unexpected(ok.error());
  return json::object();
}

Result<json> run_deployment(const CertflowServiceParts& parts, const json& in) {
  if (parts.deployer == nullptr) return without_deployments();
  auto request = decode_run_deployment(in);
  if (!request) return tl::unexpected(request.error());
  auto report = parts.deployer->run(request->name, request->certificate_arn);
  if (!report) return tl::unexpected(report.error());
  return deploy_report_output(*report);
}

}  // namespace certflow::api::native
