// Decoders of the bus and rule operations.
#include "api/events/events_input.h"

#include <initializer_list>
#include <utility>

#include "api/events/events_members.h"
#include "api/json_input.h"

namespace certflow::api::events {
namespace {

namespace bus = certflow::events::bus;
using Refusal = std::pair<const char*, const char*>;  // member, why

const StringRule kDescriptionRule{0, 512, {}};

Status refuse_unsupported(const nlohmann::json& body, std::initializer_list<Refusal> members) {
  for (const auto& [member, why] : members) {
    if (auto error = unsupported_member(body, member, why)) return tl::unexpected(*error);
  }
  return {};
}

}  // namespace

Result<CreateEventBusInput> decode_create_event_bus(const nlohmann::json& body) {
  JsonInput input(body);
  CreateEventBusInput out;
  out.name = bus_member(input, "Name", BusNameForm::kName, true).value_or("");
  out.description = input.string("Description", kDescriptionRule).value_or("");
  out.tags = tags_member(input, false);
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  constexpr const char* kLater = "leave it out (see docs/OPERATIONS.md, EventBridge).";
  if (auto ok = refuse_unsupported(body, {{"EventSourceName", "partner event sources are AWS's. "},
                                          {"KmsKeyIdentifier", kLater},
                                          {"DeadLetterConfig", kLater},
                                          {"LogConfig", kLater}});
      !ok) {
    return tl::unexpected(ok.error());
  }
  return out;
}

Result<std::string> decode_describe_event_bus(const nlohmann::json& body) {
  JsonInput input(body);
  std::string name = bus_member(input, "Name", BusNameForm::kNameOrArn).value_or("");
  return finish(input, std::move(name));
}

Result<std::string> decode_delete_event_bus(const nlohmann::json& body) {
  JsonInput input(body);
  std::string name = bus_member(input, "Name", BusNameForm::kName, true).value_or("");
  return finish(input, std::move(name));
}

Result<ListEventBusesInput> decode_list_event_buses(const nlohmann::json& body) {
  JsonInput input(body);
  ListEventBusesInput out;
  out.name_prefix = bus_member(input, "NamePrefix", BusNameForm::kName).value_or("");
  out.page = page_members(input);
  return finish(input, std::move(out));
}

Result<bus::RuleSpec> decode_put_rule(const nlohmann::json& body) {
  JsonInput input(body);
  bus::RuleSpec spec;
  spec.name = rule_name_member(input, "Name").value_or("");
  spec.bus = bus_member(input, "EventBusName", BusNameForm::kNameOrArn).value_or(bus::kDefaultBus);
  spec.event_pattern = input.string("EventPattern", {0, 4096, {}});
  spec.schedule_expression = input.string("ScheduleExpression", {0, 256, {}});
  spec.state =
      input
          .string("State",
                  {0,
                   SIZE_MAX,
                   {"ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}})
          .value_or("ENABLED");
  spec.description = input.string("Description", kDescriptionRule).value_or("");
  spec.role_arn = input.string("RoleArn", {1, 1600, {}}).value_or("");
  spec.tags = tags_member(input, false);
  return finish(input, std::move(spec));
}

Result<RuleRef> decode_rule_ref(const nlohmann::json& body) {
  JsonInput input(body);
  RuleRef out = rule_ref_members(input, "Name");
  input.boolean("Force");  // DeleteRule: only for managed rules, which certflow has none of
  return finish(input, std::move(out));
}

Result<ListRulesInput> decode_list_rules(const nlohmann::json& body) {
  JsonInput input(body);
  ListRulesInput out;
  out.name_prefix = rule_name_member(input, "NamePrefix", false).value_or("");
  out.bus = bus_member(input, "EventBusName", BusNameForm::kNameOrArn).value_or(bus::kDefaultBus);
  out.page = page_members(input);
  return finish(input, std::move(out));
}

Result<ListRuleNamesByTargetInput> decode_list_rule_names_by_target(const nlohmann::json& body) {
  JsonInput input(body);
  ListRuleNamesByTargetInput out;
  out.target_arn = input.string("TargetArn", {1, 1600, {}}, true).value_or("");
  out.bus = bus_member(input, "EventBusName", BusNameForm::kNameOrArn).value_or(bus::kDefaultBus);
  out.page = page_members(input);
  return finish(input, std::move(out));
}

Result<TagResourceInput> decode_tag_resource(const nlohmann::json& body) {
  JsonInput input(body);
  TagResourceInput out;
  out.arn = input.string("ResourceARN", {1, 1600, {}}, true).value_or("");
  out.tags = tags_member(input, true);
  return finish(input, std::move(out));
}

Result<UntagResourceInput> decode_untag_resource(const nlohmann::json& body) {
  JsonInput input(body);
  UntagResourceInput out;
  out.arn = input.string("ResourceARN", {1, 1600, {}}, true).value_or("");
  out.keys = input.string_list("TagKeys", {1, 128, {}}, 50).value_or(std::vector<std::string>{});
  if (out.keys.empty()) input.reject("TagKeys", "", "a list of 1 to 50 tag keys");
  return finish(input, std::move(out));
}

Result<std::string> decode_list_tags_for_resource(const nlohmann::json& body) {
  JsonInput input(body);
  std::string arn = input.string("ResourceARN", {1, 1600, {}}, true).value_or("");
  return finish(input, std::move(arn));
}

}  // namespace certflow::api::events
