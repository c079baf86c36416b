// Decoding of EventBridge request bodies (X-Amz-Target "AWSEvents.<Operation>") into the bus's
// requests, checked against the API model the way AWS checks them: a member of the wrong JSON
// type is a SerializationException, a value outside the model's constraints a
// ValidationException naming the member. Separate from the service so a fuzzer can drive every
// decoder without a store.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "events/bus/bus.h"

namespace certflow::api::events {

// The page size when a list request gives no Limit.
inline constexpr size_t kDefaultPageSize = 100;
// PutEvents: the entries' total size as AWS computes it must stay under 256 KB.
inline constexpr size_t kMaxPutEventsBytes = 256 * 1024;

struct PageInput {
  std::optional<std::string> next_token;
  size_t limit = kDefaultPageSize;
};

struct CreateEventBusInput {
  std::string name;
  std::string description;
  std::vector<store::Tag> tags;
};

struct ListEventBusesInput {
  std::string name_prefix;
  PageInput page;
};

// A rule named on a bus: DescribeRule, DeleteRule, EnableRule, DisableRule.
struct RuleRef {
  std::string bus = certflow::events::bus::kDefaultBus;  // a name or an ARN
  std::string name;
};

struct ListRulesInput {
  std::string bus = certflow::events::bus::kDefaultBus;
  std::string name_prefix;
  PageInput page;
};

struct ListRuleNamesByTargetInput {
  std::string bus = certflow::events::bus::kDefaultBus;
  std::string target_arn;
  PageInput page;
};

struct PutTargetsInput {
  RuleRef rule;
  std::vector<certflow::events::bus::TargetSpec> targets;
};

struct RemoveTargetsInput {
  RuleRef rule;
  std::vector<std::string> ids;
};

struct ListTargetsInput {
  RuleRef rule;
  PageInput page;
};

struct TestEventPatternInput {
  std::string event_pattern;
  std::string event;
};

// CreateEventBus {Name, Description}. The members certflow does not offer yet (EventSourceName,
// KmsKeyIdentifier, DeadLetterConfig, LogConfig, Tags) are refused, not ignored.
Result<CreateEventBusInput> decode_create_event_bus(const nlohmann::json& body);
// DescribeEventBus {Name?} (a name or an ARN; "" means the default bus).
Result<std::string> decode_describe_event_bus(const nlohmann::json& body);
// DeleteEventBus {Name}.
Result<std::string> decode_delete_event_bus(const nlohmann::json& body);
Result<ListEventBusesInput> decode_list_event_buses(const nlohmann::json& body);

Result<certflow::events::bus::RuleSpec> decode_put_rule(const nlohmann::json& body);
Result<RuleRef> decode_rule_ref(const nlohmann::json& body);
Result<ListRulesInput> decode_list_rules(const nlohmann::json& body);
Result<ListRuleNamesByTargetInput> decode_list_rule_names_by_target(const nlohmann::json& body);

// PutTargets: at most 10 targets per request.
Result<PutTargetsInput> decode_put_targets(const nlohmann::json& body);
Result<RemoveTargetsInput> decode_remove_targets(const nlohmann::json& body);
Result<ListTargetsInput> decode_list_targets_by_rule(const nlohmann::json& body);

// TestEventPattern: the event must be a JSON object with EventBridge's mandatory fields.
struct TagResourceInput {
  std::string arn;
  std::vector<store::Tag> tags;
};
Result<TagResourceInput> decode_tag_resource(const nlohmann::json& body);
struct UntagResourceInput {
  std::string arn;
  std::vector<std::string> keys;
};
Result<UntagResourceInput> decode_untag_resource(const nlohmann::json& body);
Result<std::string> decode_list_tags_for_resource(const nlohmann::json& body);

Result<TestEventPatternInput> decode_test_event_pattern(const nlohmann::json& body);
// PutEvents: 1..10 entries whose total size (as AWS computes it) is under 256 KB. Entries that
// lack Source, DetailType or Detail are kept: they fail one by one in the answer.
Result<std::vector<certflow::events::bus::EventEntry>> decode_put_events(
    const nlohmann::json& body);

// AWS's PutEvents entry size: 14 bytes for a Time, plus the UTF-8 bytes of Source, DetailType,
// Detail and each of the Resources.
size_t put_events_entry_size(const certflow::events::bus::EventEntry& entry);

}  // namespace certflow::api::events
