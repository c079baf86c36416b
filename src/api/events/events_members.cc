#include "api/events/events_members.h"

#include <string_view>

namespace certflow::api::events {
namespace {

// The model's patterns, as AWS prints them in its messages.
constexpr const char* kBusOrArnPattern =
    "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+";
constexpr const char* kBusPattern = "[/\\.\\-_A-Za-z0-9]+";
constexpr const char* kPutEventsBusPattern =
    "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+";
constexpr const char* kRuleNamePattern = "[\\.\\-_A-Za-z0-9]+";

bool name_char(char c, bool slash) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || (slash && c == '/');
}

bool names_only(std::string_view text, bool slash) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!name_char(c, slash)) return false;
  }
  return true;
}

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool word_or_dash(char c) {
  return lower(c) || (c >= 'A' && c <= 'Z') || digit(c) || c == '_' || c == '-';
}

bool all_of(std::string_view text, bool (*ok)(char)) {
  for (char c : text) {
    if (!ok(c)) return false;
  }
  return true;
}

// Takes the text up to the next ':' (and the ':') off the front of `rest`.
std::optional<std::string_view> field(std::string_view& rest) {
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view out = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  return out;
}

// [a-z]+-[a-z]+-[\w-]+
bool region_ok(std::string_view region) {
  const size_t first = region.find('-');
  if (first == std::string_view::npos || first == 0) return false;
  const size_t second = region.find('-', first + 1);
  if (second == std::string_view::npos || second == first + 1 || second + 1 >= region.size()) {
    return false;
  }
  return all_of(region.substr(0, first), lower) &&
         all_of(region.substr(first + 1, second - first - 1), lower) &&
         all_of(region.substr(second + 1), word_or_dash);
}

// The model's pattern written out rather than given to std::regex, which recurses once per
// character (these values may be 1,600 characters): an optional
// arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/ prefix, then a name.
bool bus_name_ok(std::string_view value, bool arn_allowed, bool slash) {
  if (arn_allowed && value.rfind("arn:", 0) == 0) {
    std::string_view rest = value.substr(4);
    auto partition = field(rest);
    auto service = field(rest);
    auto region = field(rest);
    auto account = field(rest);
    if (!partition || partition->rfind("aws", 0) != 0 ||
        !all_of(partition->substr(3), word_or_dash) || service != "events" || !region ||
        !region_ok(*region) || !account || account->size() != 12 || !all_of(*account, digit) ||
        rest.rfind("event-bus/", 0) != 0) {
      return false;
    }
    value = rest.substr(10);
  }
  return names_only(value, slash);
}

}  // namespace

std::optional<std::string> bus_member(JsonInput& input, const char* member, BusNameForm form,
                                      bool required) {
  const size_t max = form == BusNameForm::kName ? 256 : 1600;
  auto value = input.string(member, {1, max, {}}, required);
  if (!value) return std::nullopt;
  const char* shown = kBusOrArnPattern;
  if (form == BusNameForm::kName) shown = kBusPattern;
  if (form == BusNameForm::kPutEventsTarget) shown = kPutEventsBusPattern;
  if (!bus_name_ok(*value, form != BusNameForm::kName, form != BusNameForm::kPutEventsTarget)) {
    input.reject(member, *value,
                 std::string("Member must satisfy regular expression pattern: ") + shown);
    return std::nullopt;
  }
  return value;
}

RuleRef rule_ref_members(JsonInput& input, const char* name_member) {
  RuleRef ref;
  ref.name = rule_name_member(input, name_member).value_or("");
  ref.bus = bus_member(input, "EventBusName", BusNameForm::kNameOrArn)
                .value_or(certflow::events::bus::kDefaultBus);
  return ref;
}

std::optional<std::string> rule_name_member(JsonInput& input, const char* member, bool required) {
  auto value = input.string(member, {1, 64, {}}, required);
  if (!value) return std::nullopt;
  if (!names_only(*value, false)) {
    input.reject(
        member, *value,
        std::string("Member must satisfy regular expression pattern: ") + kRuleNamePattern);
    return std::nullopt;
  }
  return value;
}

bool input_path_name_ok(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

PageInput page_members(JsonInput& input) {
  PageInput page;
  page.next_token = input.string("NextToken", {1, 2048, {}});
  page.limit = static_cast<size_t>(
      input.integer("Limit", 1, 100).value_or(static_cast<int64_t>(kDefaultPageSize)));
  return page;
}

std::optional<Error> unsupported_member(const nlohmann::json& body, const char* member,
                                        const std::string& why) {
  auto it = body.find(member);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return Error{ErrorCode::kValidation,
               std::string("certflow does not support ") + member + " yet: " + why};
}

std::vector<store::Tag> tags_member(JsonInput& input, bool required) {
  std::vector<store::Tag> tags;
  auto items = input.structure_list("Tags", 0, 50, required);
  if (!items) return tags;
  for (auto& item : *items) {
    auto key = item.string("Key", {1, 128, {}}, true);
    auto value = item.string("Value", {0, 256, {}}, true);
    if (key && value) tags.push_back(store::Tag{*key, *value});
  }
  return tags;
}

}  // namespace certflow::api::events
