#include "events/transform/json_path.h"

namespace certflow::events::transform {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/';
}

Error bad_path(std::string_view path, const std::string& why) {
  return Error{ErrorCode::kValidation,
               "'" + std::string(path) + "' is not a supported JSONPath: " + why +
                   ". Use dot notation from $, e.g. $.detail.CommonName or $.resources[0]."};
}

void select_into(const nlohmann::json& node, const std::vector<PathStep>& path, size_t step,
                 bool gathering, nlohmann::json& gathered, std::optional<nlohmann::json>& single) {
  if (step == path.size()) {
    if (gathering) {
      gathered.push_back(node);
    } else {
      single = node;
    }
    return;
  }
  const PathStep& s = path[step];
  if (const auto* name = std::get_if<std::string>(&s)) {
    if (!node.is_object()) return;
    auto it = node.find(*name);
    if (it != node.end()) select_into(*it, path, step + 1, gathering, gathered, single);
  } else if (const auto* index = std::get_if<size_t>(&s)) {
    if (node.is_array() && *index < node.size()) {
      select_into(node[*index], path, step + 1, gathering, gathered, single);
    }
  } else if (node.is_array() || node.is_object()) {
    for (const auto& child : node) select_into(child, path, step + 1, true, gathered, single);
  }
}

}  // namespace

Result<std::vector<PathStep>> parse_json_path(std::string_view path) {
  if (path.empty() || path[0] != '$') return tl::unexpected(bad_path(path, "it must start with $"));
  std::vector<PathStep> steps;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      if (i < path.size() && path[i] == '*') {
        steps.emplace_back(Wildcard{});
        ++i;
        continue;
      }
      const size_t start = i;
      while (i < path.size() && name_char(path[i])) ++i;
      if (i == start) return tl::unexpected(bad_path(path, "a '.' must be followed by a name"));
      steps.emplace_back(std::string(path.substr(start, i - start)));
    } else if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos) {
        return tl::unexpected(bad_path(path, "a '[' is not closed"));
      }
      const std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside == "*") {
        steps.emplace_back(Wildcard{});
      } else {
        if (inside.empty() || inside.size() > 9 ||
            inside.find_first_not_of("0123456789") != std::string_view::npos) {
          return tl::unexpected(bad_path(path, "only [N] and [*] are supported in brackets"));
        }
        steps.emplace_back(static_cast<size_t>(std::stoul(std::string(inside))));
      }
      i = close + 1;
    } else {
      return tl::unexpected(
          bad_path(path, "unexpected '" + std::string(1, path[i]) + "' after a step"));
    }
  }
  return steps;
}

std::optional<nlohmann::json> select(const nlohmann::json& document,
                                     const std::vector<PathStep>& path) {
  bool has_wildcard = false;
  for (const auto& s : path) has_wildcard = has_wildcard || std::holds_alternative<Wildcard>(s);
  nlohmann::json gathered = nlohmann::json::array();
  std::optional<nlohmann::json> single;
  select_into(document, path, 0, false, gathered, single);
  if (has_wildcard) {
    if (gathered.empty()) return std::nullopt;
    return gathered;
  }
  return single;
}

}  // namespace certflow::events::transform
