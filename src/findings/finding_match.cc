#include "findings/finding_match.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace certflow::findings {
namespace {

using nlohmann::json;
using Values = std::vector<std::string>;

void add_text(Values& out, const json& value) {
  if (value.is_string()) out.push_back(value.get<std::string>());
}

const json& at(const json& object, const char* name) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

// A filter field's values in one finding: one for most fields, one per resource for the
// Resource* fields, one per entry for Type.
using Extractor = std::function<Values(const json&)>;

Extractor top(const char* name) {
  return [name](const json& finding) {
    Values out;
    add_text(out, at(finding, name));
    return out;
  };
}

Extractor nested(const char* outer, const char* inner) {
  return [outer, inner](const json& finding) {
    Values out;
    add_text(out, at(at(finding, outer), inner));
    return out;
  };
}

Extractor each_resource(const char* name) {
  return [name](const json& finding) {
    Values out;
    const json& resources = at(finding, "Resources");
    if (resources.is_array()) {
      for (const auto& resource : resources) add_text(out, at(resource, name));
    }
    return out;
  };
}

const std::vector<std::pair<std::string_view, Extractor>>& fields() {
  static const std::vector<std::pair<std::string_view, Extractor>> table = {
      {"Id", top("Id")},
      {"ProductArn", top("ProductArn")},
      {"GeneratorId", top("GeneratorId")},
      {"AwsAccountId", top("AwsAccountId")},
      {"Title", top("Title")},
      {"Description", top("Description")},
      {"RecordState", top("RecordState")},
      {"SeverityLabel", nested("Severity", "Label")},
      {"WorkflowStatus", nested("Workflow", "Status")},
      {"ComplianceStatus", nested("Compliance", "Status")},
      {"ResourceId", each_resource("Id")},
      {"ResourceType", each_resource("Type")},
      {"ResourceRegion", each_resource("Region")},
      {"Type",
       [](const json& finding) {
         Values out;
         const json& types = at(finding, "Types");
         if (types.is_array()) {
           for (const auto& type : types) add_text(out, type);
         }
         return out;
       }},
  };
  return table;
}

const Extractor* extractor(std::string_view field) {
  for (const auto& [name, extract] : fields()) {
    if (name == field) return &extract;
  }
  return nullptr;
}

bool is_negative(Comparison comparison) {
  return comparison == Comparison::kNotEquals || comparison == Comparison::kPrefixNotEquals ||
         comparison == Comparison::kNotContains;
}

bool holds(const std::string& value, const StringFilter& filter) {
  switch (filter.comparison) {
    case Comparison::kEquals:
    case Comparison::kNotEquals: return value == filter.value;
    case Comparison::kPrefix:
    case Comparison::kPrefixNotEquals: return value.rfind(filter.value, 0) == 0;
    case Comparison::kContains:
    case Comparison::kNotContains: return value.find(filter.value) != std::string::npos;
  }
  return false;
}

// Positive conditions on a field are joined by OR, negative ones by AND (Security Hub's rule).
bool field_matches(const Values& values, const std::vector<StringFilter>& conditions) {
  bool any_positive = false;
  bool positive_hit = false;
  for (const auto& condition : conditions) {
    const bool hit = std::any_of(values.begin(), values.end(),
                                 [&](const std::string& v) { return holds(v, condition); });
    if (is_negative(condition.comparison)) {
      if (hit) return false;
    } else {
      any_positive = true;
      positive_hit = positive_hit || hit;
    }
  }
  return !any_positive || positive_hit;
}

}  // namespace

const std::vector<std::string_view>& supported_filter_fields() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& [name, extract] : fields()) out.push_back(name);
    return out;
  }();
  return names;
}

std::optional<Comparison> parse_comparison(std::string_view name) {
  if (name == "EQUALS") return Comparison::kEquals;
  if (name == "PREFIX") return Comparison::kPrefix;
  if (name == "CONTAINS") return Comparison::kContains;
  if (name == "NOT_EQUALS") return Comparison::kNotEquals;
  if (name == "PREFIX_NOT_EQUALS") return Comparison::kPrefixNotEquals;
  if (name == "NOT_CONTAINS") return Comparison::kNotContains;
  return std::nullopt;
}

Status validate_filters(const FindingFilters& filters) {
  for (const auto& [field, conditions] : filters.fields) {
    if (!extractor(field)) {
      std::string names;
      for (auto name : supported_filter_fields())
        names += (names.empty() ? "" : ", ") + std::string(name);
      return fail(ErrorCode::kValidation, "certflow does not filter findings by '" + field +
                                              "'; it filters by " + names + ".");
    }
    bool equals = false, not_equals = false, contains = false, not_contains = false, others = false;
    for (const auto& condition : conditions) {
      if (condition.value.empty()) {
        return fail(ErrorCode::kValidation,
                    "Filters." + field + ": every filter needs a non-empty Value.");
      }
      switch (condition.comparison) {
        case Comparison::kEquals: equals = true; break;
        case Comparison::kNotEquals:
        case Comparison::kPrefixNotEquals: not_equals = true; break;
        case Comparison::kContains: contains = true; break;
        case Comparison::kNotContains: not_contains = true; break;
        case Comparison::kPrefix: others = true; break;
      }
    }
    if (equals && not_equals) {
      return fail(ErrorCode::kValidation,
                  "Filters." + field +
                      ": EQUALS cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the "
                      "same field.");
    }
    if ((contains && (equals || not_equals || not_contains || others)) ||
        (not_contains && (equals || not_equals || others))) {
      return fail(ErrorCode::kValidation,
                  "Filters." + field +
                      ": CONTAINS filters go only with other CONTAINS filters, and NOT_CONTAINS "
                      "only with other NOT_CONTAINS filters, on the same field.");
    }
  }
  return {};
}

bool matches(const json& finding, const FindingFilters& filters) {
  for (const auto& [field, conditions] : filters.fields) {
    const Extractor* extract = extractor(field);
    if (!extract || !field_matches((*extract)(finding), conditions)) return false;
  }
  return true;
}

}  // namespace certflow::findings
