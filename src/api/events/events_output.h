// Encoding of EventBridge answers: the model's member names, empty optional strings left out,
// timestamps as epoch seconds (JSON numbers), as AWS sends them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "events/bus/bus.h"

namespace certflow::api::events {

// DescribeEventBus and each of ListEventBuses' EventBuses: {Name, Arn, Description?,
// CreationTime?} (the default bus has no creation time).
nlohmann::json event_bus_output(const certflow::events::bus::EventBusInfo& bus);
// DescribeRule and each of ListRules' Rules: {Name, Arn, EventPattern?, ScheduleExpression?,
// State, Description?, RoleArn?, EventBusName}. DescribeRule adds CreatedBy itself.
nlohmann::json rule_output(const certflow::events::bus::Rule& rule);
// Each of ListTargetsByRule's Targets: {Id, Arn, RoleArn?, Input?, InputPath?,
// InputTransformer?, RetryPolicy?, DeadLetterConfig?}.
nlohmann::json target_output(const certflow::events::bus::TargetSpec& target);
// PutTargets and RemoveTargets: {FailedEntryCount, FailedEntries[{TargetId, ErrorCode,
// ErrorMessage}]}.
nlohmann::json failed_entries_output(
    const std::vector<certflow::events::bus::EntryFailure>& failures);
// PutEvents: {FailedEntryCount, Entries[{EventId} | {ErrorCode, ErrorMessage}]} in entry order.
nlohmann::json put_events_output(const std::vector<certflow::events::bus::EntryResult>& results);

// NextToken of the lists the adapter pages itself (ListTargetsByRule, ListRuleNamesByTarget):
// the last key of the page, opaque to the client.
std::string page_token(const std::string& last_key);
// nullopt when the token is not one page_token made.
std::optional<std::string> parse_page_token(const std::string& token);

}  // namespace certflow::api::events
