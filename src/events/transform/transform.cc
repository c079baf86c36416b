#include "events/transform/transform.h"

#include <nlohmann/json.hpp>

#include "events/transform/json_path.h"

namespace certflow::events::transform {
namespace {

using nlohmann::json;

constexpr size_t kMaxInput = 8192;
constexpr size_t kMaxInputPath = 256;
constexpr size_t kMaxTemplate = 8192;
constexpr size_t kMaxVariables = 100;

constexpr std::string_view kRuleArn = "aws.events.rule-arn";
constexpr std::string_view kRuleName = "aws.events.rule-name";
constexpr std::string_view kIngestionTime = "aws.events.event.ingestion-time";
constexpr std::string_view kEventWithoutDetail = "aws.events.event";
constexpr std::string_view kWholeEvent = "aws.events.event.json";

bool reserved(std::string_view name) {
  return name == kRuleArn || name == kRuleName || name == kIngestionTime ||
         name == kEventWithoutDetail || name == kWholeEvent;
}

bool variable_name(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Where the template puts JSON: it is a JSON object, array or string, so a placeholder's value
// must be encoded for where it stands (inside a string or not).
bool json_template(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos &&
         (text[first] == '{' || text[first] == '[' || text[first] == '"');
}

std::string string_content(const json& value) {
  const std::string quoted =
      json(value.is_string() ? value.get<std::string>() : value.dump()).dump();
  return quoted.substr(1, quoted.size() - 2);
}

// Fills each <name> whose value `lookup` knows; leaves other <...> text as it is.
template <typename Lookup>
std::string fill(std::string_view text, Lookup lookup) {
  const bool json_mode = json_template(text);
  std::string out;
  out.reserve(text.size() + 64);
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (json_mode && c == '"') {
      size_t backslashes = 0;
      for (size_t j = i; j > 0 && text[j - 1] == '\\'; --j) ++backslashes;
      if (backslashes % 2 == 0) in_string = !in_string;
    }
    if (c == '<') {
      const size_t close = text.find('>', i + 1);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        if (auto value = lookup(name)) {
          const std::optional<json>& v = *value;
          if (!json_mode) {
            if (v) out += v->is_string() ? v->get<std::string>() : v->dump();
          } else if (in_string) {
            if (v) out += string_content(*v);
          } else {
            out += v ? v->dump() : "null";
          }
          i = close;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

Status invalid(const std::string& message) { return fail(ErrorCode::kValidation, message); }

Status validate_transformer(const InputTransformer& transformer) {
  if (transformer.input_paths_map.size() > kMaxVariables) {
    return invalid("InputTransformer.InputPathsMap can have at most 100 variables; it has " +
                   std::to_string(transformer.input_paths_map.size()) + ".");
  }
  for (const auto& [name, path] : transformer.input_paths_map) {
    if (!variable_name(name)) {
      return invalid("InputTransformer.InputPathsMap key '" + name +
                     "' must be 1 to 256 letters, digits, '_' or '-'; the aws.events.* "
                     "variables are reserved.");
    }
    if (auto ok = validate_json_path(path); !ok) {
      return invalid("InputTransformer.InputPathsMap '" + name + "': " + ok.error().message);
    }
  }
  const std::string& text = transformer.input_template;
  if (text.empty() || text.size() > kMaxTemplate) {
    return invalid("InputTransformer.InputTemplate must be 1 to 8192 characters.");
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    // A JSON template must stay JSON whatever the values are: try it with nulls.
    const std::string probe = fill(text, [&](std::string_view name) {
      const bool known = reserved(name) || transformer.input_paths_map.count(std::string(name)) > 0;
      return known ? std::optional<std::optional<json>>(std::optional<json>())
                   : std::optional<std::optional<json>>();
    });
    if (!json::accept(probe)) {
      return invalid(
          "InputTransformer.InputTemplate starts like JSON but is not valid JSON (with each "
          "<variable> replaced by a value). A placeholder cannot be an object key; quote it "
          "where a string is wanted.");
    }
  }
  return {};
}

}  // namespace

Status validate_json_path(std::string_view path) {
  if (path.size() > kMaxInputPath) {
    return invalid("A JSONPath can be at most 256 characters long.");
  }
  auto parsed = parse_json_path(path);
  if (!parsed) return tl::unexpected(parsed.error());
  return {};
}

Status validate(const TargetInput& input) {
  const int kinds =
      (input.input ? 1 : 0) + (input.input_path ? 1 : 0) + (input.input_transformer ? 1 : 0);
  if (kinds > 1) {
    return invalid("Only one of Input, InputPath or InputTransformer can be given for a target.");
  }
  if (input.input) {
    if (input.input->size() > kMaxInput || !json::accept(*input.input)) {
      return invalid("Input must be valid JSON text of at most 8192 characters.");
    }
  }
  if (input.input_path) {
    if (auto ok = validate_json_path(*input.input_path); !ok) {
      return invalid("InputPath: " + ok.error().message);
    }
  }
  if (input.input_transformer) return validate_transformer(*input.input_transformer);
  return {};
}

Result<std::string> render(const TargetInput& input, std::string_view event_json,
                           const RuleContext& context) {
  if (input.input) return *input.input;
  if (!input.input_path && !input.input_transformer) return std::string(event_json);
  const json event = json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) {
    return fail(ErrorCode::kValidation, "The event to transform is not a JSON object.");
  }
  if (input.input_path) {
    auto path = parse_json_path(*input.input_path);
    if (!path) return tl::unexpected(path.error());
    auto value = select(event, *path);
    return value ? value->dump() : std::string("null");
  }
  const InputTransformer& transformer = *input.input_transformer;
  std::map<std::string, std::optional<json>, std::less<>> values;
  for (const auto& [name, path_text] : transformer.input_paths_map) {
    auto path = parse_json_path(path_text);
    if (!path) return tl::unexpected(path.error());
    values[name] = select(event, *path);
  }
  json without_detail = event;
  without_detail.erase("detail");
  values[std::string(kRuleArn)] = json(context.rule_arn);
  values[std::string(kRuleName)] = json(context.rule_name);
  values[std::string(kIngestionTime)] = json(to_iso8601(context.ingestion_time));
  values[std::string(kEventWithoutDetail)] = std::move(without_detail);
  values[std::string(kWholeEvent)] = event;
  return fill(transformer.input_template,
              [&](std::string_view name) -> std::optional<std::optional<json>> {
                auto it = values.find(name);
                if (it == values.end()) return std::nullopt;
                return it->second;
              });
}

}  // namespace certflow::events::transform
