// SNS's own validation of a filter policy (internal), kept apart from the EventBridge
// validator in the pattern engine: SNS answers with an older event-ruler's reasons
// ("Value of equals must be numeric", "Bad value in numeric range: 30"), has its own limits
// (5 keys, 150 combinations, wildcard points) and lacks some operator forms EventBridge has.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.h"
#include "notify/filter/filter_policy.h"
#include "notify/filter/policy_json.h"

namespace certflow::notify::filter::detail {

inline constexpr std::size_t kMaxKeys = 5;
inline constexpr std::size_t kMaxCombinations = 150;
inline constexpr std::size_t kMaxWildcardsPerPattern = 3;
inline constexpr std::size_t kMaxWildcardComplexity = 100;

inline constexpr const char* kTooComplex = "Filter policy is too complex";
inline constexpr const char* kTooManyKeys = "Filter policy can not have more than 5 keys";
inline constexpr const char* kNestedUnderAttributes =
    "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter "
    "policy";

// What the limits are computed from, for tests and the docs' worked examples.
struct PolicyShape {
  bool nested = false;           // some key's value is an object (outside $or)
  std::size_t leaf_keys = 0;     // distinct dotted paths that carry a value array
  std::size_t combinations = 0;  // SNS's formula, saturating just above kMaxCombinations
  std::size_t wildcard_complexity = 0;
};

// Checks `root` (a parsed policy) in document order. The first problem comes back as
// kInvalidParameter with SNS's bare reason, except the nested-under-MessageAttributes refusal,
// whose message is whole (kNestedUnderAttributes). Structural problems come first, then
// nesting, then the key limit, then the combination limit.
Result<PolicyShape> validate_policy(const Node& root, Scope scope);

// One element of a key's value array: an exact value or a match expression.
struct FieldCost {
  std::size_t wildcard_patterns = 0;
  std::size_t wildcard_points = 0;
};
Status check_match_value(const Node& value, FieldCost& cost);

// SNS treats "$or" as an operator only for an array of at least two objects none of which
// uses an operator keyword; the pattern engine uses the same rule and keyword list.
bool is_or_array(const std::string& key, const Node& value);

inline tl::unexpected<Error> reason(std::string text) {
  return fail(ErrorCode::kInvalidParameter, std::move(text));
}

}  // namespace certflow::notify::filter::detail
