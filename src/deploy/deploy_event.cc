// Deployer: deploying a certificate (export, write, reload, verify) for an event or by hand, and
// reporting a failure as an event.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "deploy/atomic_file.h"
#include "deploy/deploy_config.h"
#include "deploy/failure_event.h"
#include "deploy/reload.h"
#include "deploy/tls_probe.h"
#include "functions/functions.h"
#include "inventory/certificate_events.h"

namespace certflow::deploy {
namespace {

constexpr size_t kReasonOutputBytes = 300;

void note(std::string& log, const std::string& line) {
  spdlog::info("certflow-deploy: {}", line);
  log += line + "\n";
}

std::string command_text(const std::vector<std::string>& command) {
  std::string out;
  for (const auto& word : command) out += (out.empty() ? "" : " ") + word;
  return out;
}

std::string string_member(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct ServedCheck {
  bool verified = false;
  std::string served;  // the last serial the endpoint served (normalized); "" when none
  std::string error;   // why the last probe failed; "" when it answered
  int64_t probes = 0;
  std::chrono::milliseconds waited{0};
};

// Probes every interval, for at most the window, until the endpoint serves `expected` (a server
// reloads asynchronously); stops early when the deployer is stopping.
ServedCheck wait_for_serial(const Endpoint& endpoint, const std::string& server_name,
                            const std::string& expected, const DeployerOptions& options,
                            const std::atomic<bool>& stopping) {
  const int64_t interval = std::max<int64_t>(1, options.verify_interval.count());
  const int64_t attempts = std::max<int64_t>(1, options.verify_window.count() / interval);
  ServedCheck check;
  while (check.probes < attempts && !stopping) {
    auto served = probe_serial(endpoint, server_name, options.probe_timeout);
    ++check.probes;
    if (served) {
      check.served = *served;
      check.error.clear();
      if (*served == expected) {
        check.verified = true;
        return check;
      }
    } else {
      check.error = served.error().message;
    }
    if (check.probes < attempts) {
      options.pause(std::chrono::milliseconds(interval));
      check.waited += std::chrono::milliseconds(interval);
    }
  }
  return check;
}

}  // namespace

Result<DeployReport> Deployer::deploy_event(const std::string& event_json) {
  auto event = nlohmann::json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) {
    return fail(ErrorCode::kValidation,
                "certflow-deploy takes an EventBridge event (a JSON object); give the rule's "
                "target no Input or InputPath that changes it.");
  }
  DeployReport report;
  const std::string id = string_member(event, "id");
  const std::string detail_type = string_member(event, "detail-type");
  if (detail_type != inventory::kAvailable) {
    note(report.log, "event " + id + " is \"" + detail_type + "\", not \"" +
                         std::string(inventory::kAvailable) + "\": nothing to deploy");
    return report;
  }
  auto resources = event.find("resources");
  if (resources == event.end() || !resources->is_array() || resources->empty() ||
      !resources->front().is_string()) {
    return fail(ErrorCode::kValidation,
                "event " + id + " names no certificate: resources[0] must be its ARN.");
  }
  const std::string arn = resources->front().get<std::string>();
  auto configs = selecting(arn, report.log);
  if (!configs) return tl::unexpected(configs.error());
  if (configs->empty()) {
    note(report.log, "no deployment selects " + arn + " (`certflow deploy list`)");
    return report;
  }
  // Without an id the event cannot be recognised when delivered again; each delivery is new.
  const std::string trigger = id.empty() ? new_uuid() : id;
  std::lock_guard lock(deploy_mutex_);
  for (const auto& config : *configs) {
    report.outcomes.push_back(deploy_one(config, arn, trigger, report.log));
  }
  return report;
}

Result<DeployReport> Deployer::run(const std::string& name, const std::string& arn) {
  auto config = get(name);
  if (!config) return tl::unexpected(config.error());
  std::vector<store::Tag> tags;
  if (config->tag) {
    auto listed = inventory_.list_tags(arn);
    if (!listed) return tl::unexpected(listed.error());
    tags = std::move(*listed);
  }
  if (!selects(*config, arn, tags)) {
    const std::string selector = config->certificate_arn
                                     ? "certificate " + *config->certificate_arn
                                     : "certificates tagged " + config->tag->key;
    return fail(ErrorCode::kValidation, "Deployment " + name + " selects " + selector + ", not " +
                                            arn + "; give one it selects.");
  }
  DeployReport report;
  std::lock_guard lock(deploy_mutex_);
  report.outcomes.push_back(deploy_one(*config, arn, "run-" + new_uuid(), report.log));
  return report;
}

Result<std::vector<DeploymentConfig>> Deployer::selecting(const std::string& arn,
                                                          std::string& log) {
  auto all = list();
  if (!all) return tl::unexpected(all.error());
  std::optional<std::vector<store::Tag>> tags;  // read once, when a configuration needs them
  std::vector<DeploymentConfig> out;
  for (auto& config : *all) {
    if (config.tag && !tags) {
      auto listed = inventory_.list_tags(arn);
      if (!listed && listed.error().code != ErrorCode::kResourceNotFound) {
        return tl::unexpected(listed.error());
      }
      if (!listed) note(log, "certificate " + arn + " does not exist: " + listed.error().message);
      tags = listed ? std::move(*listed) : std::vector<store::Tag>();
    }
    if (selects(config, arn, tags.value_or(std::vector<store::Tag>()))) {
      out.push_back(std::move(config));
    }
  }
  return out;
}

DeploymentOutcome Deployer::deploy_one(const DeploymentConfig& config, const std::string& arn,
                                       const std::string& trigger, std::string& log) {
  DeploymentOutcome outcome;
  outcome.name = config.name;
  outcome.certificate_arn = arn;
  const std::string who = "deployment " + config.name + ": ";
  auto failed = [&](Stage stage, std::string reason) {
    outcome.failed_stage = stage;
    outcome.reason = std::move(reason);
    note(log, who + std::string(to_string(stage)) + " failed: " + outcome.reason);
    // A deployment cut short by the daemon's shutdown is retried after the restart, not reported.
    if (!stopping_) report_failure(outcome, config, trigger, log);
    return outcome;
  };
  auto described = inventory_.describe_certificate(arn);
  if (described) outcome.expected_serial = colon_serial(described->serial);

  auto material = inventory_.export_for_deployment(arn);
  if (!material) return failed(Stage::kExport, material.error().message);
  outcome.expected_serial = colon_serial(material->serial);
  note(log, who + "exported " + arn + " (serial " + outcome.expected_serial + ")");

  auto owner = resolve_owner(config.owner);
  if (!owner) return failed(Stage::kWrite, owner.error().message);
  std::string fullchain = material->certificate_pem;
  if (!fullchain.empty() && fullchain.back() != '\n') fullchain += "\n";
  fullchain += material->chain_pem;
  struct File {
    const std::string& path;
    std::string_view content;
    int mode;
  };
  // The key first: a server that reads files on its own never sees a new certificate with the
  // old key for longer than the next rename.
  const std::vector<File> files = {
      {config.key_path, material->private_key_pem.view(), kKeyMode},
      {config.certificate_path, material->certificate_pem, config.mode},
      {config.chain_path, material->chain_pem, config.mode},
      {config.fullchain_path, fullchain, config.mode}};
  for (const auto& file : files) {
    if (file.path.empty()) continue;
    auto written = write_atomically(file.path, file.content, file.mode, *owner);
    if (!written) return failed(Stage::kWrite, written.error().message);
    if (*written) outcome.files_written.push_back(file.path);
  }
  note(log, who + (outcome.files_written.empty()
                       ? std::string("the files already hold this certificate")
                       : "wrote " + std::to_string(outcome.files_written.size()) + " file(s)"));

  std::optional<Endpoint> endpoint;
  if (!config.verify.empty()) {
    auto parsed = parse_endpoint(config.verify);
    if (!parsed) return failed(Stage::kVerify, parsed.error().message);
    endpoint = *parsed;
  }
  const std::string server_name =
      !config.server_name.empty() ? config.server_name : (described ? described->domain_name : "");
  const std::string expected = normalize_serial(outcome.expected_serial).value_or("");
  // Delivered again with nothing to change: when the server already serves the certificate,
  // reloading it again would gain nothing.
  if (outcome.files_written.empty() && endpoint) {
    auto served = probe_serial(*endpoint, server_name, options_.probe_timeout);
    if (served && *served == expected) {
      outcome.served_serial = colon_serial(*served);
      outcome.verified = true;
      note(log, who + config.verify + " already serves serial " + outcome.served_serial);
      return outcome;
    }
  }

  if (!config.reload_command.empty()) {
    if (stopping_) return failed(Stage::kReload, "certflow is shutting down; no reload was run");
    auto reload =
        reloads_->run(config.reload_command, std::chrono::seconds(config.reload_timeout_seconds));
    if (!reload) return failed(Stage::kReload, reload.error().message);
    note(log, who + "reload `" + command_text(config.reload_command) + "`: " + reload->how);
    if (!reload->output.empty()) {
      log += reload->output + (reload->output.back() == '\n' ? "" : "\n");
    }
    if (!reload->succeeded) {
      const std::string said = functions::last_line(reload->output, kReasonOutputBytes);
      return failed(Stage::kReload, "reload command `" + command_text(config.reload_command) +
                                        "` " + reload->how +
                                        (said.empty() ? "" : "; it said: " + said));
    }
    outcome.reloaded = true;
  }

  if (!endpoint) return outcome;
  ServedCheck check = wait_for_serial(*endpoint, server_name, expected, options_, stopping_);
  if (!check.served.empty()) outcome.served_serial = colon_serial(check.served);
  if (check.verified) {
    outcome.verified = true;
    note(log, who + config.verify + " serves the new serial " + outcome.served_serial);
    return outcome;
  }
  const std::string over = " after " + std::to_string(check.probes) + " probe(s) over " +
                           std::to_string(check.waited.count() / 1000) + " s";
  if (!check.error.empty()) {
    return failed(Stage::kVerify,
                  config.verify + " could not be probed" + over + ": " + check.error);
  }
  return failed(Stage::kVerify, config.verify + " serves serial " + outcome.served_serial +
                                    ", not the new " + outcome.expected_serial + over);
}

void Deployer::report_failure(const DeploymentOutcome& outcome, const DeploymentConfig& config,
                              const std::string& trigger, std::string& log) {
  store::EventRecord event = deployment_failed_event(outcome, config, trigger, options_.region,
                                                     options_.account_id, clock_.now());
  Result<bool> appended = [&]() -> Result<bool> {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto fresh = (*txn)->append_event(event);
    if (!fresh) return fresh;
    if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
    return *fresh;
  }();
  if (!appended) {
    spdlog::error("certflow-deploy: the failure event of deployment {} could not be stored: {}",
                  config.name, appended.error().message);
    log += "the failure event could not be stored: " + appended.error().message + "\n";
    return;
  }
  if (!*appended) {
    note(log, "deployment " + config.name + ": its failure was reported for this event already");
    return;
  }
  inventory::log_emitted(event);
  note(log, "deployment " + config.name + ": emitted \"" + std::string(kDeploymentFailed) +
                "\" event " + event.id);
  std::function<void()> wake;
  {
    std::lock_guard lock(wake_mutex_);
    wake = wake_;
  }
  if (wake) wake();
}

}  // namespace certflow::deploy
