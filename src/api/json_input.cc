#include "api/json_input.h"

#include <algorithm>
#include <cctype>

#include "crypto/encoding.h"

namespace certflow::api {

using nlohmann::json;

namespace {

// AWS names members in validation messages in lowerCamel case ("certificateArn").
std::string lower_camel(const char* member) {
  std::string name(member);
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "a structure";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

std::string quoted_for_message(const std::string& value) {
  constexpr size_t kShown = 100;
  if (value.size() <= kShown) return "'" + value + "'";
  return "'" + value.substr(0, kShown) + "...'";
}

}  // namespace

std::string JsonInput::member_path(const char* member) const { return path_ + lower_camel(member); }

bool JsonInput::length_within(const char* member, size_t length, size_t min_length,
                              size_t max_length) {
  const std::string where = "Value at '" + member_path(member) + "' failed to satisfy constraint: ";
  if (length < min_length) {
    add_validation(where + "Member must have length greater than or equal to " +
                   std::to_string(min_length));
    return false;
  }
  if (length > max_length) {
    add_validation(where + "Member must have length less than or equal to " +
                   std::to_string(max_length));
    return false;
  }
  return true;
}

void JsonInput::add_validation(std::string message) {
  if (parent_) return parent_->add_validation(std::move(message));
  validation_errors_.push_back(std::move(message));
}

void JsonInput::add_serialization(std::string message) {
  if (parent_) return parent_->add_serialization(std::move(message));
  if (!serialization_error_) serialization_error_ = std::move(message);
}

const json* JsonInput::find(const char* member, bool required, const char* expected) {
  auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) {
    if (required) {
      add_validation("Value null at '" + member_path(member) +
                     "' failed to satisfy constraint: Member must not be null");
    }
    return nullptr;
  }
  bool ok = false;
  std::string want(expected);
  if (want == "string") ok = it->is_string();
  if (want == "integer") ok = it->is_number_integer() || it->is_number_unsigned();
  if (want == "boolean") ok = it->is_boolean();
  if (want == "list") ok = it->is_array();
  if (want == "structure") ok = it->is_object();
  if (!ok) {
    add_serialization("Member '" + std::string(member) + "' must be " +
                      (want == "integer" ? std::string("an integer") : "a " + want) + ", not " +
                      type_name(*it) + ".");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonInput::string(const char* member, const StringRule& rule,
                                             bool required) {
  const json* value = find(member, required, "string");
  if (!value) return std::nullopt;
  std::string text = value->get<std::string>();
  const std::string where = "Value " + quoted_for_message(text) + " at '" + member_path(member) +
                            "' failed to satisfy constraint: ";
  if (text.size() < rule.min_length) {
    add_validation(where + "Member must have length greater than or equal to " +
                   std::to_string(rule.min_length));
    return std::nullopt;
  }
  if (text.size() > rule.max_length) {
    add_validation(where + "Member must have length less than or equal to " +
                   std::to_string(rule.max_length));
    return std::nullopt;
  }
  if (!rule.allowed.empty() &&
      std::find(rule.allowed.begin(), rule.allowed.end(), text) == rule.allowed.end()) {
    std::string set;
    for (const auto& v : rule.allowed) set += (set.empty() ? "" : ", ") + v;
    add_validation(where + "Member must satisfy enum value set: [" + set + "]");
    return std::nullopt;
  }
  return text;
}

std::optional<int64_t> JsonInput::integer(const char* member, std::optional<int64_t> min,
                                          std::optional<int64_t> max, bool required) {
  const json* value = find(member, required, "integer");
  if (!value) return std::nullopt;
  if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    add_serialization("Member '" + std::string(member) + "' is out of range.");
    return std::nullopt;
  }
  int64_t number = value->get<int64_t>();
  const std::string where = "Value '" + std::to_string(number) + "' at '" + member_path(member) +
                            "' failed to satisfy constraint: ";
  if (min && number < *min) {
    add_validation(where + "Member must have value greater than or equal to " +
                   std::to_string(*min));
    return std::nullopt;
  }
  if (max && number > *max) {
    add_validation(where + "Member must have value less than or equal to " + std::to_string(*max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> JsonInput::boolean(const char* member) {
  const json* value = find(member, false, "boolean");
  if (!value) return std::nullopt;
  return value->get<bool>();
}

std::optional<TimePoint> JsonInput::timestamp(const char* member, bool required) {
  auto text = string(member, {}, required);
  if (!text) return std::nullopt;
  TimePoint parsed;
  if (!parse_iso8601(*text, parsed)) {
    reject(member, *text, "Member must be an ISO-8601 UTC timestamp such as 2027-03-01T00:00:00Z");
    return std::nullopt;
  }
  return parsed;
}

void JsonInput::reject(const char* member, const std::string& value, const std::string& rule) {
  add_validation("Value " + quoted_for_message(value) + " at '" + member_path(member) +
                 "' failed to satisfy constraint: " + rule);
}

std::optional<std::string> JsonInput::blob(const char* member, size_t min_length, size_t max_length,
                                           bool required) {
  const json* value = find(member, required, "string");
  if (!value) return std::nullopt;
  auto bytes = crypto::base64_decode(value->get_ref<const std::string&>());
  if (!bytes) {
    add_serialization("Member '" + std::string(member) +
                      "' is a blob and must be base64-encoded (with the CLI, pass the file as "
                      "fileb://path).");
    return std::nullopt;
  }
  // Blob values may be secret (private keys): never echo them.
  if (!length_within(member, bytes->size(), min_length, max_length)) return std::nullopt;
  return bytes;
}

std::optional<std::vector<std::string>> JsonInput::string_list(const char* member,
                                                               const StringRule& item_rule,
                                                               std::optional<size_t> max_items,
                                                               bool required) {
  const json* value = find(member, required, "list");
  if (!value) return std::nullopt;
  if (max_items && value->size() > *max_items) {
    add_validation("Value at '" + member_path(member) +
                   "' failed to satisfy constraint: Member must have length less than or equal "
                   "to " +
                   std::to_string(*max_items));
    return std::nullopt;
  }
  std::vector<std::string> items;
  json wrapper = json::object();
  for (const auto& item : *value) {
    wrapper["member"] = item;
    JsonInput element(wrapper, member_path(member) + ".", this);
    auto text = element.string("member", item_rule, true);
    if (!text) return std::nullopt;
    items.push_back(*text);
  }
  return items;
}

std::optional<JsonInput> JsonInput::structure(const char* member) {
  const json* value = find(member, false, "structure");
  if (!value) return std::nullopt;
  return JsonInput(*value, member_path(member) + ".", this);
}

std::optional<std::vector<JsonInput>> JsonInput::structure_list(const char* member,
                                                                size_t min_items, size_t max_items,
                                                                bool required) {
  const json* value = find(member, required, "list");
  if (!value) return std::nullopt;
  if (!length_within(member, value->size(), min_items, max_items)) return std::nullopt;
  std::vector<JsonInput> items;
  size_t index = 0;
  for (const auto& item : *value) {
    ++index;
    if (!item.is_object()) {
      add_serialization("Each item of '" + std::string(member) + "' must be a structure.");
      return std::nullopt;
    }
    items.push_back(
        JsonInput(item, member_path(member) + "." + std::to_string(index) + ".member.", this));
  }
  return items;
}

Status JsonInput::result() const {
  if (parent_) return {};
  if (serialization_error_) return fail(ErrorCode::kSerialization, *serialization_error_);
  if (validation_errors_.empty()) return {};
  size_t n = validation_errors_.size();
  std::string message =
      std::to_string(n) + " validation error" + (n == 1 ? "" : "s") + " detected: ";
  for (size_t i = 0; i < n; ++i) message += (i ? "; " : "") + validation_errors_[i];
  return fail(ErrorCode::kValidation, message);
}

}  // namespace certflow::api
