// Members that many EventBridge operations share (bus names, rule names, paging), read with
// the model's constraints. Internal to the EventBridge adapter.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/events/events_input.h"
#include "api/json_input.h"

namespace certflow::api::events {

enum class BusNameForm {
  kNameOrArn,       // most operations' EventBusName
  kName,            // CreateEventBus and DeleteEventBus: a plain name, '/' allowed
  kPutEventsTarget  // PutEvents' EventBusName: a name or an ARN, no '/' in the name
};

// EventBusName (or `member`): nullopt when absent or invalid (recorded in `input`).
std::optional<std::string> bus_member(JsonInput& input, const char* member, BusNameForm form,
                                      bool required = false);
// A rule name (or target Id): 1..64 of [.-_A-Za-z0-9].
std::optional<std::string> rule_name_member(JsonInput& input, const char* member,
                                            bool required = true);
// A rule named by `name_member` ("Name" or "Rule") on the bus in EventBusName (default when
// absent); problems are recorded in `input`.
RuleRef rule_ref_members(JsonInput& input, const char* name_member);
// EventBridge's Tags: [{Key, Value}], both required, at most 50.
std::vector<store::Tag> tags_member(JsonInput& input, bool required);
// An InputTransformer.InputPathsMap key: 1..256 of [A-Za-z0-9_-].
bool input_path_name_ok(std::string_view name);
// NextToken (1..2048) and Limit (1..100).
PageInput page_members(JsonInput& input);

// A member certflow does not offer yet: a ValidationException that says so, rather than a
// setting silently dropped. nullopt when the member is absent.
std::optional<Error> unsupported_member(const nlohmann::json& body, const char* member,
                                        const std::string& why);

}  // namespace certflow::api::events
