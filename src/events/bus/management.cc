// Buses, rules and targets: the EventBridge management operations.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/encoding.h"
#include "events/bus/bus.h"
#include "events/bus/records.h"
#include "events/schedule/schedule.h"

namespace certflow::events::bus {
namespace {

bool valid_name(const std::string& name, size_t max) {
  if (name.empty() || name.size() > max) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string encode_token(const std::string& last) { return crypto::base64_encode(last); }

Result<std::optional<std::string>> decode_token(const std::optional<std::string>& token) {
  if (!token) return std::optional<std::string>();
  auto raw = crypto::base64_decode(*token);
  if (!raw || raw->empty()) {
    return fail(ErrorCode::kValidation,
                "The NextToken is not valid. Pass the NextToken exactly as the previous "
                "response returned it.");
  }
  return std::optional<std::string>(std::move(*raw));
}

EventBusInfo to_info(const store::EventBusRow& row) {
  auto details = nlohmann::json::parse(row.details_json, nullptr, false);
  return EventBusInfo{row.name, row.arn,
                      details.is_object() ? details.value("description", "") : "",
                      from_epoch_millis(row.created_at_ms)};
}

Status check_target(const TargetSpec& spec, TargetRegistry& registry) {
  if (!valid_name(spec.id, 64)) {
    return fail(ErrorCode::kValidation,
                "Target Id '" + spec.id + "' must be 1 to 64 letters, digits, '.', '-' or '_'.");
  }
  if (auto ok = transform::validate(spec.input); !ok) return ok;
  if (spec.retry_policy) {
    const RetryPolicy& p = *spec.retry_policy;
    if (p.maximum_retry_attempts < 0 || p.maximum_retry_attempts > 185) {
      return fail(ErrorCode::kValidation,
                  "RetryPolicy.MaximumRetryAttempts must be between 0 and 185.");
    }
    if (p.maximum_event_age_seconds < 60 || p.maximum_event_age_seconds > 86'400) {
      return fail(ErrorCode::kValidation,
                  "RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400.");
    }
  }
  Target* target = registry.find(spec.arn);
  if (target == nullptr) {
    return fail(ErrorCode::kValidation,
                "Target " + spec.id + ": certflow cannot deliver to '" + spec.arn +
                    "'. Supported targets: SQS queues (arn:aws:sqs:...) and the other target "
                    "kinds listed in docs/OPERATIONS.md.");
  }
  if (auto ok = target->check(spec.arn); !ok) return ok;
  if (spec.dead_letter_arn) {
    Target* dlq = registry.find(*spec.dead_letter_arn);
    if (dlq == nullptr || spec.dead_letter_arn->rfind("arn:aws:sqs:", 0) != 0) {
      return fail(ErrorCode::kValidation, "DeadLetterConfig.Arn must be an SQS queue ARN; got '" +
                                              *spec.dead_letter_arn + "'.");
    }
    if (auto ok = dlq->check(*spec.dead_letter_arn); !ok) return ok;
  }
  return {};
}

// The rule, or kResourceNotFound naming it and its bus.
Result<store::RuleRow> found_rule(Result<std::optional<store::RuleRow>> row, const std::string& bus,
                                  const std::string& name) {
  if (!row) return tl::unexpected(row.error());
  if (!*row) {
    return fail(ErrorCode::kResourceNotFound,
                "Rule " + name + " does not exist on EventBus " + bus + ".");
  }
  return std::move(**row);
}

}  // namespace

void TargetRegistry::add(const std::string& service, Target& target) {
  targets_[service] = &target;
}

Target* TargetRegistry::find(const std::string& arn) const {
  // arn:<partition>:<service>:<region>:<account>:<resource-type>[/:]<resource>
  if (arn.rfind("arn:", 0) != 0) return nullptr;
  const size_t partition_end = arn.find(':', 4);
  if (partition_end == std::string::npos) return nullptr;
  const size_t service_end = arn.find(':', partition_end + 1);
  if (service_end == std::string::npos) return nullptr;
  const std::string service = arn.substr(partition_end + 1, service_end - partition_end - 1);
  const size_t region_end = arn.find(':', service_end + 1);
  const size_t account_end =
      region_end == std::string::npos ? std::string::npos : arn.find(':', region_end + 1);
  if (account_end != std::string::npos) {
    const size_t type_end = arn.find_first_of("/:", account_end + 1);
    const std::string type =
        arn.substr(account_end + 1,
                   type_end == std::string::npos ? std::string::npos : type_end - account_end - 1);
    // The more specific registration wins: "events:api-destination" before "events".
    if (auto it = targets_.find(service + ":" + type); it != targets_.end()) return it->second;
  }
  auto it = targets_.find(service);
  return it == targets_.end() ? nullptr : it->second;
}

std::vector<DeliveryOutcome> Target::deliver_all(const std::vector<Delivery>& batch) {
  std::vector<DeliveryOutcome> outcomes;
  outcomes.reserve(batch.size());
  for (const auto& delivery : batch) outcomes.push_back(deliver(delivery));
  return outcomes;
}

Result<std::string> EventBus::bus_name(const std::string& name_or_arn) const {
  std::string name = name_or_arn;
  const std::string arn_prefix =
      "arn:aws:events:" + config_.region + ":" + config_.account_id + ":event-bus/";
  if (name_or_arn.rfind("arn:", 0) == 0) {
    if (name_or_arn.rfind(arn_prefix, 0) != 0) {
      return fail(ErrorCode::kResourceNotFound,
                  "Event bus " + name_or_arn + " does not exist in this account and region.");
    }
    name = name_or_arn.substr(arn_prefix.size());
  }
  if (!valid_name(name, 256) && name.find('/') == std::string::npos) {
    return fail(ErrorCode::kValidation,
                "EventBusName '" + name_or_arn + "' is not a valid event bus name or ARN.");
  }
  return name;
}

Status EventBus::require_bus(const std::string& name) {
  if (name == kDefaultBus) return {};
  auto row = store_.get_event_bus(name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kResourceNotFound, "Event bus " + name + " does not exist.");
  return {};
}

Result<store::RuleRow> EventBus::require_rule(const std::string& bus, const std::string& name) {
  return found_rule(store_.get_rule(bus, name), bus, name);
}

Result<EventBusInfo> EventBus::create_event_bus(const std::string& name,
                                                const std::string& description,
                                                const std::vector<store::Tag>& tags) {
  if (!valid_name(name, 256) || name == kDefaultBus) {
    return fail(ErrorCode::kValidation,
                "Event bus name '" + name +
                    "' must be 1 to 256 letters, digits, '.', '-' or '_', and not 'default'.");
  }
  store::EventBusRow row{name, event_bus_arn(config_, name),
                         nlohmann::json{{"description", description}}.dump(),
                         to_epoch_millis(clock_.now())};
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto existing = (*txn)->get_event_bus(name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    return fail(ErrorCode::kResourceAlreadyExists, "Event bus " + name + " already exists.");
  }
  if (auto ok = (*txn)->insert_event_bus(row); !ok) return tl::unexpected(ok.error());
  if (auto ok = merge_tags(**txn, row.arn, tags); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return to_info(row);
}

Result<EventBusInfo> EventBus::describe_event_bus(const std::string& name_or_arn) {
  auto name = bus_name(name_or_arn.empty() ? std::string(kDefaultBus) : name_or_arn);
  if (!name) return tl::unexpected(name.error());
  if (*name == kDefaultBus) {
    return EventBusInfo{kDefaultBus, event_bus_arn(config_, kDefaultBus), "", TimePoint{}};
  }
  auto row = store_.get_event_bus(*name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kResourceNotFound, "Event bus " + *name + " does not exist.");
  return to_info(**row);
}

Result<Page<EventBusInfo>> EventBus::list_event_buses(const std::string& prefix,
                                                      const std::optional<std::string>& next_token,
                                                      size_t limit) {
  auto after = decode_token(next_token);
  if (!after) return tl::unexpected(after.error());
  limit = std::max<size_t>(limit, 1);
  auto rows = store_.list_event_buses({prefix, *after, limit + 1});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EventBusInfo> buses;
  for (const auto& row : *rows) buses.push_back(to_info(row));
  // The default bus has no row: it takes its place in name order, so that a page token (the
  // last name listed) never skips the buses that sort before "default".
  const std::string default_bus = kDefaultBus;
  if (default_bus.rfind(prefix, 0) == 0 && (!*after || default_bus > **after)) {
    auto at = std::find_if(buses.begin(), buses.end(),
                           [&](const EventBusInfo& bus) { return bus.name > default_bus; });
    buses.insert(at, EventBusInfo{default_bus, event_bus_arn(config_, default_bus), "", {}});
  }
  Page<EventBusInfo> page;
  for (auto& bus : buses) {
    if (page.items.size() == limit) {
      page.next_token = encode_token(page.items.back().name);
      break;
    }
    page.items.push_back(std::move(bus));
  }
  return page;
}

Status EventBus::delete_event_bus(const std::string& name_or_arn) {
  auto name = bus_name(name_or_arn);
  if (!name) return tl::unexpected(name.error());
  if (*name == kDefaultBus) {
    return fail(ErrorCode::kValidation, "The default event bus cannot be deleted.");
  }
  auto rules = store_.list_rules({*name, "", std::nullopt, 1});
  if (!rules) return tl::unexpected(rules.error());
  if (!rules->empty()) {
    return fail(ErrorCode::kValidation, "Event bus " + *name +
                                            " still has rules; delete them (and their targets) "
                                            "first.");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto deleted = (*txn)->delete_event_bus(*name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (auto ok = (*txn)->put_resource_tags(event_bus_arn(config_, *name), {}); !ok) return ok;
  return (*txn)->commit();  // deleting a bus that is not there succeeds, as in EventBridge
}

Result<std::string> EventBus::put_rule(const RuleSpec& spec) {
  auto bus = bus_name(spec.bus);
  if (!bus) return tl::unexpected(bus.error());
  if (!valid_name(spec.name, 64)) {
    return fail(ErrorCode::kValidation,
                "Rule name '" + spec.name + "' must be 1 to 64 letters, digits, '.', '-' or '_'.");
  }
  if (!spec.event_pattern && !spec.schedule_expression) {
    return fail(ErrorCode::kValidation,
                "Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }
  if (spec.schedule_expression && *bus != kDefaultBus) {
    return fail(ErrorCode::kValidation,
                "ScheduleExpression is supported only on the default event bus.");
  }
  if (spec.event_pattern) {
    if (auto ok = pattern::validate_pattern(*spec.event_pattern); !ok) {
      return fail(ErrorCode::kInvalidEventPattern, ok.error().message);
    }
  }
  if (spec.schedule_expression) {
    // Kept as given; the schedule room's parser says what is wrong with a bad one.
    if (auto parsed = schedule::parse_schedule_expression(*spec.schedule_expression); !parsed) {
      return tl::unexpected(parsed.error());
    }
  }
  std::string state = spec.state.empty() ? "ENABLED" : spec.state;
  if (state == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") state = "ENABLED";
  if (state != "ENABLED" && state != "DISABLED") {
    return fail(ErrorCode::kValidation, "State must be ENABLED or DISABLED; got '" + state + "'.");
  }
  if (auto ok = require_bus(*bus); !ok) return tl::unexpected(ok.error());

  store::RuleRow row{*bus,
                     spec.name,
                     rule_arn(config_, *bus, spec.name),
                     state,
                     encode_rule_details(spec),
                     to_epoch_millis(clock_.now())};
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto ok = (*txn)->put_rule(row); !ok) return tl::unexpected(ok.error());
  if (auto ok = merge_tags(**txn, row.arn, spec.tags); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  update_matcher(*bus, spec.name,
                 state == "ENABLED" ? spec.event_pattern : std::optional<std::string>());
  update_schedule(row, clock_.now());
  return row.arn;
}

Result<Rule> EventBus::describe_rule(const std::string& bus, const std::string& name) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  auto row = require_rule(*bus_key, name);
  if (!row) return tl::unexpected(row.error());
  return to_rule(*row);
}

Result<Page<Rule>> EventBus::list_rules(const std::string& bus, const std::string& prefix,
                                        const std::optional<std::string>& next_token,
                                        size_t limit) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  if (auto ok = require_bus(*bus_key); !ok) return tl::unexpected(ok.error());
  auto after = decode_token(next_token);
  if (!after) return tl::unexpected(after.error());
  auto rows = store_.list_rules({*bus_key, prefix, *after, limit + 1});
  if (!rows) return tl::unexpected(rows.error());
  Page<Rule> page;
  for (const auto& row : *rows) {
    if (page.items.size() == limit) {
      page.next_token = encode_token(page.items.back().name);
      break;
    }
    page.items.push_back(to_rule(row));
  }
  return page;
}

Status EventBus::delete_rule(const std::string& bus, const std::string& name) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto targets = (*txn)->get_targets(*bus_key, name);
  if (!targets) return tl::unexpected(targets.error());
  if (!targets->empty()) {
    return fail(ErrorCode::kValidation, "Rule can't be deleted since it has targets. Remove its " +
                                            std::to_string(targets->size()) +
                                            " target(s) with RemoveTargets first.");
  }
  auto deleted = (*txn)->delete_rule(*bus_key, name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (auto ok = (*txn)->put_resource_tags(rule_arn(config_, *bus_key, name), {}); !ok) return ok;
  if (auto ok = (*txn)->commit(); !ok) return ok;
  update_matcher(*bus_key, name, std::nullopt);
  remove_schedule(*bus_key, name);
  return {};  // deleting a rule that is already gone succeeds, as in EventBridge
}

Status EventBus::set_rule_state(const std::string& bus, const std::string& name, bool enabled) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = found_rule((*txn)->get_rule(*bus_key, name), *bus_key, name);
  if (!row) return tl::unexpected(row.error());
  row->state = enabled ? "ENABLED" : "DISABLED";
  if (auto ok = (*txn)->put_rule(*row); !ok) return ok;
  if (auto ok = (*txn)->commit(); !ok) return ok;
  update_schedule(*row, clock_.now());  // a re-enabled rule does not fire for its time off
  const Rule rule = to_rule(*row);
  update_matcher(
      *bus_key, name,
      enabled && !rule.event_pattern.empty() ? std::optional(rule.event_pattern) : std::nullopt);
  return {};
}

Result<std::vector<std::string>> EventBus::list_rule_names_by_target(
    const std::string& bus, const std::string& target_arn) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  if (auto ok = require_bus(*bus_key); !ok) return tl::unexpected(ok.error());
  auto rows = store_.list_targets_by_arn(target_arn);
  if (!rows) return tl::unexpected(rows.error());
  std::set<std::string> names;
  for (const auto& row : *rows) {
    if (row.bus == *bus_key) names.insert(row.rule);
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::vector<EntryFailure>> EventBus::put_targets(const std::string& bus,
                                                        const std::string& rule,
                                                        const std::vector<TargetSpec>& targets) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  std::vector<EntryFailure> failures;
  std::vector<const TargetSpec*> accepted;
  std::set<std::string> ids;
  for (const auto& spec : targets) {
    if (!ids.insert(spec.id).second) {
      return fail(ErrorCode::kValidation,
                  "Target Id " + spec.id + " appears more than once in the request.");
    }
    if (auto ok = check_target(spec, targets_); !ok) {
      failures.push_back({spec.id,
                          ok.error().code == ErrorCode::kResourceNotFound
                              ? "ResourceNotFoundException"
                              : "ValidationException",
                          ok.error().message});
      continue;
    }
    accepted.push_back(&spec);
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = found_rule((*txn)->get_rule(*bus_key, rule), *bus_key, rule);
  if (!row) return tl::unexpected(row.error());
  auto existing = (*txn)->get_targets(*bus_key, rule);
  if (!existing) return tl::unexpected(existing.error());
  std::set<std::string> after;
  for (const auto& t : *existing) after.insert(t.id);
  for (const auto* spec : accepted) after.insert(spec->id);
  if (after.size() > kMaxTargetsPerRule) {
    return fail(ErrorCode::kLimitExceeded,
                "The requested resource exceeds the maximum number allowed: a rule can have at "
                "most 5 targets, and this request would give rule " +
                    rule + " " + std::to_string(after.size()) + ".");
  }
  for (const auto* spec : accepted) {
    store::TargetRow target{*bus_key, rule, spec->id, spec->arn, encode_target_details(*spec)};
    if (auto ok = (*txn)->put_target(target); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return failures;
}

Result<std::vector<EntryFailure>> EventBus::remove_targets(const std::string& bus,
                                                           const std::string& rule,
                                                           const std::vector<std::string>& ids) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = found_rule((*txn)->get_rule(*bus_key, rule), *bus_key, rule);
  if (!row) return tl::unexpected(row.error());
  std::vector<EntryFailure> failures;
  for (const auto& id : ids) {
    auto deleted = (*txn)->delete_target(*bus_key, rule, id);
    if (!deleted) return tl::unexpected(deleted.error());
    if (!*deleted) {
      failures.push_back({id, "ResourceNotFoundException",
                          "Target " + id + " does not exist on rule " + rule + "."});
    }
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return failures;
}

Result<std::vector<TargetSpec>> EventBus::list_targets(const std::string& bus,
                                                       const std::string& rule) {
  auto bus_key = bus_name(bus);
  if (!bus_key) return tl::unexpected(bus_key.error());
  if (auto row = require_rule(*bus_key, rule); !row) return tl::unexpected(row.error());
  auto rows = store_.get_targets(*bus_key, rule);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TargetSpec> out;
  for (const auto& row : *rows) out.push_back(to_target(row));
  return out;
}

}  // namespace certflow::events::bus
