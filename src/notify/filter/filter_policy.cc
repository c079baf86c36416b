#include "notify/filter/filter_policy.h"

#include <utility>

#include "events/pattern/pattern.h"
#include "notify/filter/attributes.h"
#include "notify/filter/policy_json.h"
#include "notify/filter/validate.h"

namespace certflow::notify::filter {

namespace detail {
struct CompiledFilter {
  events::pattern::CompiledPattern pattern;
};
}  // namespace detail

namespace {

constexpr std::size_t kMaxPolicyBytes = 256 * 1024;
constexpr std::string_view kEnginePrefix = "Event pattern is not valid. Reason: ";

// SNS's limits replace the engine's EventBridge ones.
events::pattern::CompileOptions engine_options() {
  events::pattern::CompileOptions options;
  options.max_pattern_chars = 0;
  options.max_or_combinations = 0;
  options.max_wildcard_complexity = 0;
  return options;
}

// The engine's reason without its EventBridge prefix and location line.
std::string engine_reason(const std::string& message) {
  std::string text = message.substr(0, message.find('\n'));
  if (text.rfind(kEnginePrefix, 0) == 0) text.erase(0, kEnginePrefix.size());
  return text;
}

// SNS words JSON syntax errors as "failed to parse JSON. " + Jackson's message. The pattern
// engine's reader speaks Jackson; nlohmann's message is the fallback should the two readers
// ever disagree about what is valid JSON.
Error syntax_error(std::string_view policy_json, const std::string& parser_message) {
  auto engine = events::pattern::compile_pattern(policy_json, engine_options());
  std::string jackson;
  if (!engine && engine.error().message.find('\n') == std::string::npos) {
    jackson = engine_reason(engine.error().message);
    if (jackson == "Filter is not an object") jackson.clear();  // the engine read it fine
  }
  return Error{ErrorCode::kInvalidParameter,
               "failed to parse JSON. " + (jackson.empty() ? parser_message : jackson)};
}

}  // namespace

Result<Scope> parse_scope(std::string_view text) {
  if (text == "MessageAttributes") return Scope::kMessageAttributes;
  if (text == "MessageBody") return Scope::kMessageBody;
  return fail(ErrorCode::kInvalidParameter,
              "Invalid parameter: FilterPolicyScope: Invalid value [" + std::string(text) +
                  "]. Please use either MessageBody or MessageAttributes");
}

Result<FilterPolicy> FilterPolicy::compile(std::string_view policy_json, Scope scope) {
  if (policy_json.size() > kMaxPolicyBytes) {
    return detail::reason("Filter policy can not be larger than 256 KB");
  }
  auto tree = detail::parse_json_tree(policy_json);
  if (!tree) {
    if (tree.error().message == detail::kTooDeep) return detail::reason(detail::kTooComplex);
    return tl::unexpected(syntax_error(policy_json, tree.error().message));
  }
  if (auto shape = detail::validate_policy(*tree, scope); !shape) {
    return tl::unexpected(shape.error());
  }
  // What SNS's checks leave to the shared engine: CIDR syntax, anything-but lists, wildcard
  // escapes, numbers too large to compare.
  auto pattern = events::pattern::compile_pattern(policy_json, engine_options());
  if (!pattern) return detail::reason(engine_reason(pattern.error().message));

  FilterPolicy policy;
  policy.text_ = std::string(policy_json);
  policy.scope_ = scope;
  policy.compiled_ =
      std::make_shared<const detail::CompiledFilter>(detail::CompiledFilter{std::move(*pattern)});
  return policy;
}

bool FilterPolicy::matches(std::string_view message_body,
                           const std::map<std::string, TypedAttribute>& attributes) const {
  // test_pattern refuses an event that is not a JSON object: such a body never matches.
  auto matched =
      scope_ == Scope::kMessageBody
          ? events::pattern::test_pattern(compiled_->pattern, message_body)
          : events::pattern::test_pattern(compiled_->pattern, detail::attribute_event(attributes));
  return matched && *matched;
}

}  // namespace certflow::notify::filter
