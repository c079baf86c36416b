// A deployment configuration in its store row, and which certificates it selects.
#include <nlohmann/json.hpp>

#include "deploy/deploy_config.h"

namespace certflow::deploy {

using nlohmann::json;

std::string_view to_string(Stage stage) {
  switch (stage) {
    case Stage::kExport: return "export";
    case Stage::kWrite: return "write";
    case Stage::kReload: return "reload";
    case Stage::kVerify: return "verify";
  }
  return "unknown";
}

bool DeployReport::succeeded() const {
  for (const auto& outcome : outcomes) {
    if (!outcome.succeeded()) return false;
  }
  return true;
}

bool selects(const DeploymentConfig& config, const std::string& arn,
             const std::vector<store::Tag>& tags) {
  if (config.certificate_arn) return *config.certificate_arn == arn;
  if (!config.tag) return false;
  for (const auto& tag : tags) {
    if (tag.key != config.tag->key) continue;
    if (!config.tag->value || tag.value == *config.tag->value) return true;
  }
  return false;
}

store::ResourceRow to_row(const DeploymentConfig& config, const std::string& region,
                          const std::string& account_id) {
  json details = {
      {"certificate_path", config.certificate_path},
      {"chain_path", config.chain_path},
      {"fullchain_path", config.fullchain_path},
      {"key_path", config.key_path},
      {"owner", config.owner},
      {"mode", config.mode},
      {"reload_command", config.reload_command},
      {"reload_timeout_seconds", config.reload_timeout_seconds},
      {"verify", config.verify},
      {"server_name", config.server_name},
  };
  if (config.certificate_arn) details["certificate_arn"] = *config.certificate_arn;
  if (config.tag) {
    details["tag_key"] = config.tag->key;
    if (config.tag->value) details["tag_value"] = *config.tag->value;
  }
  store::ResourceRow row;
  row.kind = kResourceKind;
  row.name = config.name;
  row.arn = "arn:aws:certflow:" + region + ":" + account_id + ":deployment/" + config.name;
  row.details_json = details.dump();
  row.created_at_ms = to_epoch_millis(config.created);
  row.modified_at_ms = to_epoch_millis(config.modified);
  return row;
}

Result<DeploymentConfig> from_row(const store::ResourceRow& row) {
  auto details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  if (!details.is_object()) {
    return fail(ErrorCode::kInternal,
                "deployment " + row.name + ": stored settings are unreadable");
  }
  try {
    DeploymentConfig config;
    config.name = row.name;
    if (details.contains("certificate_arn")) {
      config.certificate_arn = details.at("certificate_arn").get<std::string>();
    }
    if (details.contains("tag_key")) {
      TagSelector tag{details.at("tag_key").get<std::string>(), std::nullopt};
      if (details.contains("tag_value")) tag.value = details.at("tag_value").get<std::string>();
      config.tag = std::move(tag);
    }
    config.certificate_path = details.at("certificate_path").get<std::string>();
    config.chain_path = details.at("chain_path").get<std::string>();
    config.fullchain_path = details.at("fullchain_path").get<std::string>();
    config.key_path = details.at("key_path").get<std::string>();
    config.owner = details.at("owner").get<std::string>();
    config.mode = details.at("mode").get<int>();
    config.reload_command = details.at("reload_command").get<std::vector<std::string>>();
    config.reload_timeout_seconds = details.at("reload_timeout_seconds").get<int>();
    config.verify = details.at("verify").get<std::string>();
    config.server_name = details.at("server_name").get<std::string>();
    config.created = from_epoch_millis(row.created_at_ms);
    config.modified = from_epoch_millis(row.modified_at_ms);
    return config;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInternal,
                "deployment " + row.name + ": stored settings are unreadable: " + e.what());
  }
}

}  // namespace certflow::deploy
