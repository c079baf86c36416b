// The compiled form of a policy and the matchers behind Policy::evaluate. Private to src/iam.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy.h"

namespace certflow::iam::detail {

// A value as written in the policy. `variables` is set when the policy is 2012-10-17 and the
// value contains "${": it is then expanded against each request's context.
struct Text {
  std::string raw;
  bool variables = false;
};

// A pattern after policy-variable expansion: wild[i] says text[i] is a wildcard (* or ?), so
// that a substituted value, or ${*}, stays literal.
struct Glob {
  std::string text;
  std::vector<bool> wild;
};

// Expands ${key}, ${key, 'default'}, ${*}, ${?} and ${$} when `text.variables`; * and ? in the
// raw text are wildcards when `wildcards`. nullopt when a variable has no value and no default
// (the entry then matches nothing, as in IAM).
std::optional<Glob> expand(const Text& text, bool wildcards, const PolicyRequest& request);

// A pattern without policy variables (actions): * and ? are wildcards.
Glob wildcard_glob(std::string_view raw);

// Glob match of the whole of `subject`: * any run (also across ':' and '/'), ? one character.
bool glob_match(const Glob& pattern, std::string_view subject, bool ignore_case);

// Resource-element ARN match: segment by segment; a pattern with fewer segments whose last one
// ends in * lets it run past the colons. "*" matches anything.
bool resource_match(const Text& pattern, std::string_view arn, const PolicyRequest& request);

// ArnEquals/ArnLike: each of the six colon-separated components matched on its own.
bool arn_condition_match(const Text& pattern, std::string_view arn, const PolicyRequest& request);

// Splits "a:b:c..." into at most `max_parts` parts, the last keeping any further colons.
std::vector<std::string_view> split_arn(std::string_view arn, std::size_t max_parts = 6);

bool iequals(std::string_view a, std::string_view b);

// The context value(s) of a key, looked up case-insensitively; empty when absent.
std::vector<std::string> context_values(const PolicyRequest& request, std::string_view key);

struct PrincipalSet {
  bool everyone = false;              // "*" or {"AWS": "*"}
  std::vector<std::string> services;  // {"Service": ...}
  std::vector<std::string> aws;       // account ids and ARNs, as written
};

enum class ConditionFamily {
  kString,
  kStringIgnoreCase,
  kStringLike,
  kNumeric,
  kDate,
  kBool,
  kBinary,
  kIpAddress,
  kArn,
  kNull
};
enum class Comparison { kEquals, kLessThan, kLessThanEquals, kGreaterThan, kGreaterThanEquals };
enum class SetQualifier { kNone, kForAnyValue, kForAllValues };

struct Condition {
  ConditionFamily family = ConditionFamily::kString;
  Comparison comparison = Comparison::kEquals;  // numeric and date operators
  bool negated = false;  // StringNotEquals, ArnNotLike, NotIpAddress, ...: values act as NOR
  bool if_exists = false;
  SetQualifier set = SetQualifier::kNone;
  std::string key;
  std::vector<Text> values;
};

struct Statement {
  std::string sid;
  bool allow = true;
  std::optional<PrincipalSet> principal;  // absent in identity policies
  bool not_principal = false;
  std::vector<Glob> actions;  // matched case-insensitively
  bool not_action = false;
  std::vector<Text> resources;
  bool not_resource = false;
  std::vector<Condition> conditions;
};

struct CompiledPolicy {
  std::string text;
  std::vector<Statement> statements;
};

// One statement's conditions, ANDed.
bool conditions_hold(const std::vector<Condition>& conditions, const PolicyRequest& request);

// Condition parsing support: a known operator name ("ForAnyValue:StringLikeIfExists") filled into
// `out`; false when unknown.
bool parse_operator(std::string_view name, Condition& out);
// Why `value` is not acceptable for the operator (e.g. an unparsable number), or "" when it is.
std::string check_condition_value(const Condition& condition, const Text& value);
// Whether the operator family expands policy variables (String, ARN and Bool operators do).
bool allows_variables(ConditionFamily family);

}  // namespace certflow::iam::detail
