#include "api/events/events_output.h"

#include "crypto/encoding.h"

namespace certflow::api::events {
namespace {

namespace bus = certflow::events::bus;
using nlohmann::json;

// A prefix so that a token of another list (ListRules', ListCertificates') is refused.
constexpr std::string_view kTokenPrefix = "certflow-events-page:";

void put_if(json& out, const char* member, const std::string& value) {
  if (!value.empty()) out[member] = value;
}

}  // namespace

json event_bus_output(const bus::EventBusInfo& info) {
  json out = {{"Name", info.name}, {"Arn", info.arn}};
  put_if(out, "Description", info.description);
  if (info.created_at != TimePoint{}) out["CreationTime"] = to_epoch_seconds(info.created_at);
  return out;
}

json rule_output(const bus::Rule& rule) {
  json out = {{"Name", rule.name}, {"Arn", rule.arn}};
  put_if(out, "EventPattern", rule.event_pattern);
  put_if(out, "ScheduleExpression", rule.schedule_expression);
  out["State"] = rule.state;
  put_if(out, "Description", rule.description);
  put_if(out, "RoleArn", rule.role_arn);
  out["EventBusName"] = rule.bus;
  return out;
}

json target_output(const bus::TargetSpec& target) {
  json out = {{"Id", target.id}, {"Arn", target.arn}};
  put_if(out, "RoleArn", target.role_arn);
  if (target.input.input) out["Input"] = *target.input.input;
  if (target.input.input_path) out["InputPath"] = *target.input.input_path;
  if (const auto& t = target.input.input_transformer) {
    json transformer = {{"InputTemplate", t->input_template}};
    if (!t->input_paths_map.empty()) transformer["InputPathsMap"] = t->input_paths_map;
    out["InputTransformer"] = std::move(transformer);
  }
  if (target.retry_policy) {
    out["RetryPolicy"] = {
        {"MaximumRetryAttempts", target.retry_policy->maximum_retry_attempts},
        {"MaximumEventAgeInSeconds", target.retry_policy->maximum_event_age_seconds}};
  }
  if (target.dead_letter_arn) out["DeadLetterConfig"] = {{"Arn", *target.dead_letter_arn}};
  return out;
}

json failed_entries_output(const std::vector<bus::EntryFailure>& failures) {
  json entries = json::array();
  for (const auto& failure : failures) {
    entries.push_back({{"TargetId", failure.id},
                       {"ErrorCode", failure.error_code},
                       {"ErrorMessage", failure.error_message}});
  }
  return {{"FailedEntryCount", failures.size()}, {"FailedEntries", std::move(entries)}};
}

json put_events_output(const std::vector<bus::EntryResult>& results) {
  json entries = json::array();
  size_t failed = 0;
  for (const auto& result : results) {
    if (!result.event_id.empty()) {
      entries.push_back({{"EventId", result.event_id}});
    } else {
      ++failed;
      entries.push_back({{"ErrorCode", result.error_code}, {"ErrorMessage", result.error_message}});
    }
  }
  return {{"FailedEntryCount", failed}, {"Entries", std::move(entries)}};
}

std::string page_token(const std::string& last_key) {
  return crypto::base64_encode(std::string(kTokenPrefix) + last_key);
}

std::optional<std::string> parse_page_token(const std::string& token) {
  auto text = crypto::base64_decode(token);
  if (!text || text->rfind(kTokenPrefix, 0) != 0 || text->size() == kTokenPrefix.size()) {
    return std::nullopt;
  }
  return text->substr(kTokenPrefix.size());
}

}  // namespace certflow::api::events
