#include "events/bus/records.h"

#include <nlohmann/json.hpp>

namespace certflow::events::bus {

using nlohmann::json;

namespace {

json parse_object(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json::object();
}

}  // namespace

std::string event_bus_arn(const BusConfig& config, const std::string& bus) {
  return "arn:aws:events:" + config.region + ":" + config.account_id + ":event-bus/" + bus;
}

std::string rule_arn(const BusConfig& config, const std::string& bus, const std::string& rule) {
  const std::string prefix = "arn:aws:events:" + config.region + ":" + config.account_id + ":rule/";
  return bus == kDefaultBus ? prefix + rule : prefix + bus + "/" + rule;
}

std::string encode_rule_details(const RuleSpec& spec) {
  json details = {{"description", spec.description}, {"role_arn", spec.role_arn}};
  if (spec.event_pattern) details["event_pattern"] = *spec.event_pattern;
  if (spec.schedule_expression) details["schedule_expression"] = *spec.schedule_expression;
  return details.dump();
}

Rule to_rule(const store::RuleRow& row) {
  const json details = parse_object(row.details_json);
  return Rule{row.bus,
              row.name,
              row.arn,
              row.state,
              details.value("event_pattern", ""),
              details.value("schedule_expression", ""),
              details.value("description", ""),
              details.value("role_arn", "")};
}

std::string encode_target_details(const TargetSpec& spec) {
  json details = {{"role_arn", spec.role_arn}};
  if (spec.input.input) details["input"] = *spec.input.input;
  if (spec.input.input_path) details["input_path"] = *spec.input.input_path;
  if (spec.input.input_transformer) {
    details["input_transformer"] = {{"paths", spec.input.input_transformer->input_paths_map},
                                    {"template", spec.input.input_transformer->input_template}};
  }
  if (spec.retry_policy) {
    details["retry"] = {{"attempts", spec.retry_policy->maximum_retry_attempts},
                        {"age", spec.retry_policy->maximum_event_age_seconds}};
  }
  if (spec.dead_letter_arn) details["dead_letter_arn"] = *spec.dead_letter_arn;
  return details.dump();
}

TargetSpec to_target(const store::TargetRow& row) {
  const json details = parse_object(row.details_json);
  TargetSpec spec;
  spec.id = row.id;
  spec.arn = row.arn;
  spec.role_arn = details.value("role_arn", "");
  if (details.contains("input")) spec.input.input = details["input"].get<std::string>();
  if (details.contains("input_path")) {
    spec.input.input_path = details["input_path"].get<std::string>();
  }
  if (details.contains("input_transformer")) {
    const json& t = details["input_transformer"];
    spec.input.input_transformer = transform::InputTransformer{
        t.value("paths", std::map<std::string, std::string>{}), t.value("template", "")};
  }
  if (details.contains("retry")) {
    spec.retry_policy =
        RetryPolicy{details["retry"].value("attempts", 185), details["retry"].value("age", 86'400)};
  }
  if (details.contains("dead_letter_arn")) {
    spec.dead_letter_arn = details["dead_letter_arn"].get<std::string>();
  }
  return spec;
}

std::string encode_delivery_details(const DeliveryDetails& details) {
  return json{{"rule_arn", details.rule_arn},
              {"attempts", details.retry_policy.maximum_retry_attempts},
              {"age", details.retry_policy.maximum_event_age_seconds},
              {"dlq", details.dead_letter_arn},
              {"error_code", details.last_error_code},
              {"error_message", details.last_error_message}}
      .dump();
}

DeliveryDetails decode_delivery_details(const std::string& json_text) {
  const json details = parse_object(json_text);
  return DeliveryDetails{details.value("rule_arn", ""),
                         RetryPolicy{details.value("attempts", 185), details.value("age", 86'400)},
                         details.value("dlq", ""), details.value("error_code", ""),
                         details.value("error_message", "")};
}

}  // namespace certflow::events::bus
