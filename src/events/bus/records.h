// How rules, targets and deliveries are kept in store rows (internal to the bus room), and the
// ARNs EventBridge gives them.
#pragma once

#include <string>

#include "events/bus/bus.h"

namespace certflow::events::bus {

std::string event_bus_arn(const BusConfig& config, const std::string& bus);
// arn:...:rule/<name> on the default bus, arn:...:rule/<bus>/<name> on others.
std::string rule_arn(const BusConfig& config, const std::string& bus, const std::string& rule);

std::string encode_rule_details(const RuleSpec& spec);
Rule to_rule(const store::RuleRow& row);

std::string encode_target_details(const TargetSpec& spec);
TargetSpec to_target(const store::TargetRow& row);

// What a delivery carries besides its payload.
struct DeliveryDetails {
  std::string rule_arn;
  RetryPolicy retry_policy;
  std::string dead_letter_arn;  // "" when none
  std::string last_error_code;
  std::string last_error_message;
};
std::string encode_delivery_details(const DeliveryDetails& details);

// EventBridge's tag rules (key 1-128 characters, not "aws:", value at most 256).
Status validate_tag(const store::Tag& tag);
// Adds `tags` to the resource's stored tags (same key: new value), at most 50 in all.
Status merge_tags(store::Transaction& txn, const std::string& arn,
                  const std::vector<store::Tag>& tags);
DeliveryDetails decode_delivery_details(const std::string& json_text);

}  // namespace certflow::events::bus
