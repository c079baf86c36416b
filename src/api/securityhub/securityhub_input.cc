#include "api/securityhub/securityhub_input.h"

#include <algorithm>

namespace certflow::api::securityhub {
namespace {

using nlohmann::json;

bool served(const std::string& field) {
  const auto& names = findings::supported_filter_fields();
  return std::find(names.begin(), names.end(), field) != names.end();
}

Result<findings::FindingFilters> parse_filters(const json& filters) {
  if (!filters.is_object()) {
    return fail(ErrorCode::kValidation, "Filters must be an object of finding attributes.");
  }
  findings::FindingFilters out;
  for (const auto& [field, conditions] : filters.items()) {
    if (!served(field)) {
      std::string names;
      for (auto name : findings::supported_filter_fields()) {
        names += (names.empty() ? "" : ", ") + std::string(name);
      }
      return fail(ErrorCode::kValidation, "certflow does not filter findings by '" + field +
                                              "'; it filters by " + names + ".");
    }
    if (!conditions.is_array()) {
      return fail(ErrorCode::kValidation,
                  "Filters." + field + " must be a list of {Value, Comparison} filters.");
    }
    auto& list = out.fields[field];
    for (const auto& condition : conditions) {
      auto value = condition.is_object() ? condition.find("Value") : condition.end();
      auto comparison = condition.is_object() ? condition.find("Comparison") : condition.end();
      if (!condition.is_object() || value == condition.end() || !value->is_string() ||
          comparison == condition.end() || !comparison->is_string()) {
        return fail(ErrorCode::kValidation, "Filters." + field +
                                                ": each filter needs a string Value and a "
                                                "Comparison (EQUALS, PREFIX, NOT_EQUALS, ...).");
      }
      auto parsed = findings::parse_comparison(comparison->get<std::string>());
      if (!parsed) {
        return fail(ErrorCode::kValidation,
                    "Filters." + field + ": certflow does not compare with '" +
                        comparison->get<std::string>() +
                        "'; it knows EQUALS, PREFIX, CONTAINS, NOT_EQUALS, PREFIX_NOT_EQUALS and "
                        "NOT_CONTAINS.");
      }
      list.push_back({value->get<std::string>(), *parsed});
    }
  }
  return out;
}

}  // namespace

Result<GetFindingsInput> parse_get_findings(const json& body) {
  GetFindingsInput input;
  if (auto filters = body.find("Filters"); filters != body.end() && !filters->is_null()) {
    auto parsed = parse_filters(*filters);
    if (!parsed) return tl::unexpected(parsed.error());
    input.filters = std::move(*parsed);
  }
  if (auto sort = body.find("SortCriteria"); sort != body.end() && !sort->is_null()) {
    if (!sort->is_array() || !sort->empty()) {
      return fail(ErrorCode::kValidation,
                  "certflow returns findings in Id order and does not sort by SortCriteria; "
                  "leave SortCriteria out.");
    }
  }
  if (auto token = body.find("NextToken"); token != body.end() && !token->is_null()) {
    if (!token->is_string()) return fail(ErrorCode::kValidation, "NextToken must be a string.");
    // An empty token is the first call's "no token" in some clients.
    if (!token->get<std::string>().empty()) input.next_token = token->get<std::string>();
  }
  if (auto max = body.find("MaxResults"); max != body.end() && !max->is_null()) {
    if (!max->is_number_integer() || max->get<int64_t>() < 1 ||
        max->get<int64_t>() > findings::kMaxFindingsPerPage) {
      return fail(ErrorCode::kValidation,
                  "MaxResults must be an integer between 1 and 100; it is " + max->dump() + ".");
    }
    input.max_results = static_cast<int>(max->get<int64_t>());
  }
  return input;
}

}  // namespace certflow::api::securityhub
