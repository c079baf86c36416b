// What a rule's target receives: the whole event, a constant (Input), a part of the event
// (InputPath) or a template filled from the event (InputTransformer), as EventBridge defines
// them. The door of the transform room; pure functions, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::events::transform {

struct InputTransformer {
  std::map<std::string, std::string> input_paths_map;  // variable name -> JSONPath
  std::string input_template;
};

// At most one of the three is set; none means "the whole event".
struct TargetInput {
  std::optional<std::string> input;       // JSON text sent as it is
  std::optional<std::string> input_path;  // JSONPath into the event
  std::optional<InputTransformer> input_transformer;
};

// The reserved template variables' values.
struct RuleContext {
  std::string rule_arn;
  std::string rule_name;
  TimePoint ingestion_time;
};

// What PutTargets checks: one kind of input at most, Input is JSON, paths are JSONPaths of the
// supported subset, variable names are allowed and not reserved, a JSON template stays JSON.
// kValidation with a message naming the member.
Status validate(const TargetInput& input);

// JSONPath subset EventBridge supports: $, .name, [index], .* and [*]. kValidation when
// malformed.
Status validate_json_path(std::string_view path);

// The payload for the target, given the event as JSON text. kValidation when the event is not
// a JSON object.
Result<std::string> render(const TargetInput& input, std::string_view event_json,
                           const RuleContext& context);

}  // namespace certflow::events::transform
