// A reference interpreter of EventBridge event patterns, for tests only. It evaluates a pattern
// straight from its JSON, the way docs/PATTERNS.md states the semantics, with no indexes and no
// sharing, so that the compiled Matcher can be cross-checked against it (differential testing).
#pragma once

#include <nlohmann/json.hpp>

namespace certflow::events::pattern::testing {

// REQUIRES: compile_pattern accepted `pattern`, and every number in pattern and event is a
// plain double (the interpreter compares numbers by double value only).
bool reference_match(const nlohmann::json& pattern, const nlohmann::json& event);

}  // namespace certflow::events::pattern::testing
