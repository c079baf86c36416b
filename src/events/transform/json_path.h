// The JSONPath subset of InputPath and InputPathsMap: "$", ".name", "[3]", ".*", "[*]".
// Names may hold letters, digits, '-', '_' and '/', as EventBridge documents.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace certflow::events::transform {

struct Wildcard {};
using PathStep = std::variant<std::string, size_t, Wildcard>;

Result<std::vector<PathStep>> parse_json_path(std::string_view path);

// The value at `path`; nullopt when it does not exist. A wildcard step gathers its matches
// into an array.
std::optional<nlohmann::json> select(const nlohmann::json& document,
                                     const std::vector<PathStep>& path);

}  // namespace certflow::events::transform
