#include "deploy/failure_event.h"

#include <nlohmann/json.hpp>

#include "core/ids.h"

namespace certflow::deploy {
namespace {

// EventBridge times are whole seconds.
std::string event_time(int64_t ms) {
  return to_iso8601(from_epoch_millis(ms - ((ms % 1000) + 1000) % 1000));
}

}  // namespace

store::EventRecord deployment_failed_event(const DeploymentOutcome& outcome,
                                           const DeploymentConfig& config,
                                           const std::string& trigger_id, const std::string& region,
                                           const std::string& account_id, TimePoint now) {
  using nlohmann::ordered_json;
  const int64_t now_ms = to_epoch_millis(now);
  ordered_json detail;
  detail["CertificateArn"] = outcome.certificate_arn;
  detail["DeploymentName"] = outcome.name;
  detail["Stage"] = to_string(outcome.failed_stage.value_or(Stage::kExport));
  detail["Reason"] = outcome.reason;
  detail["ExpectedSerial"] = outcome.expected_serial;
  if (!outcome.served_serial.empty()) detail["ServedSerial"] = outcome.served_serial;
  if (!config.verify.empty()) detail["Endpoint"] = config.verify;

  store::EventRecord event;
  event.id = new_time_ordered_uuid(now_ms);
  event.dedup_key = trigger_id + "|deploy-failed|" + outcome.name;
  event.detail_type = kDeploymentFailed;
  event.resource = outcome.certificate_arn;
  event.time_ms = now_ms;
  event.event_bus = "default";
  ordered_json body = {
      {"version", "0"},
      {"id", event.id},
      {"detail-type", kDeploymentFailed},
      {"source", kEventSource},
      {"account", account_id},
      {"time", event_time(now_ms)},
      {"region", region},
      {"resources", ordered_json::array({outcome.certificate_arn})},
      {"detail", std::move(detail)},
  };
  event.body = body.dump();
  return event;
}

}  // namespace certflow::deploy
