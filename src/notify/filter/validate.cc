// The structure of a policy: objects, value arrays, $or, and SNS's limits on keys and
// combinations (subscription-filter-policy-constraints, and-or-logic).
#include "notify/filter/validate.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace certflow::notify::filter::detail {
namespace {

using K = Node::Kind;

// Saturating arithmetic: only "above the limit" matters, and a policy of many wide keys must
// not overflow.
constexpr std::size_t kCap = kMaxCombinations + 1;
std::size_t capped_mul(std::size_t a, std::size_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kCap / b ? kCap : std::min(kCap, a * b);
}
std::size_t capped_add(std::size_t a, std::size_t b) { return std::min(kCap, a + b); }

bool is_reserved(const std::string& key) {
  static const std::set<std::string> kReserved = {"prefix",       "suffix",  "equals-ignore-case",
                                                  "anything-but", "numeric", "exists",
                                                  "wildcard",     "cidr",    "exact"};
  return kReserved.contains(key);
}

class Walker {
 public:
  // Returns the combinations of `object` (product over its keys, $or groups summed). `depth` is
  // the nesting depth SNS multiplies a key's value count by (1 at the top; $or adds none).
  // Members overridden by a later duplicate key are checked but not `counted`. Recursion is
  // bounded by the parser's depth limit.
  Result<std::size_t> object(const Node& object, const std::string& prefix, std::size_t depth,
                             bool counted) {
    if (object.keys.empty()) return reason("Empty objects are not allowed");
    std::unordered_map<std::string, std::size_t> last;
    for (std::size_t i = 0; i < object.keys.size(); ++i) last[object.keys[i]] = i;
    std::size_t combinations = 1;
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
      const bool member_counted = counted && last[object.keys[i]] == i;
      auto member_combinations =
          member(object.keys[i], object.items[i], prefix, depth, member_counted);
      if (!member_combinations) return member_combinations;
      if (member_counted) combinations = capped_mul(combinations, *member_combinations);
    }
    return combinations;
  }

  PolicyShape shape(std::size_t combinations) const {
    return PolicyShape{nested_, leaf_paths_.size(), combinations, wildcard_complexity_};
  }

 private:
  Result<std::size_t> member(const std::string& key, const Node& value, const std::string& prefix,
                             std::size_t depth, bool counted) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is(K::kObject)) {
      if (counted) nested_ = true;
      return object(value, path, depth + 1, counted);
    }
    if (!value.is(K::kArray)) return reason("\"" + key + "\" must be an object or an array");
    if (is_or_array(key, value)) {
      std::size_t sum = 0;
      for (const Node& branch : value.items) {
        auto branch_combinations = object(branch, prefix, depth, counted);
        if (!branch_combinations) return branch_combinations;
        sum = capped_add(sum, *branch_combinations);
      }
      return sum;
    }
    if (value.items.empty()) return reason("Empty arrays are not allowed");
    FieldCost cost;
    for (const Node& element : value.items) {
      if (auto ok = check_match_value(element, cost); !ok) return tl::unexpected(ok.error());
    }
    if (!counted) return 1;
    leaf_paths_.insert(path);
    wildcard_complexity_ = std::min<std::size_t>(
        kMaxWildcardComplexity + 1,
        wildcard_complexity_ + capped_mul(cost.wildcard_points, cost.wildcard_patterns));
    return capped_mul(value.items.size(), depth);
  }

  bool nested_ = false;
  std::set<std::string> leaf_paths_;
  std::size_t wildcard_complexity_ = 0;
};

}  // namespace

bool is_or_array(const std::string& key, const Node& value) {
  if (key != "$or" || !value.is(K::kArray) || value.items.size() < 2) return false;
  return std::all_of(value.items.begin(), value.items.end(), [](const Node& item) {
    return item.is(K::kObject) && std::none_of(item.keys.begin(), item.keys.end(), is_reserved);
  });
}

Result<PolicyShape> validate_policy(const Node& root, Scope scope) {
  if (!root.is(K::kObject)) return reason("Filter is not an object");
  Walker walker;
  auto combinations = walker.object(root, "", 1, true);
  if (!combinations) return tl::unexpected(combinations.error());
  PolicyShape shape = walker.shape(*combinations);
  if (shape.nested && scope == Scope::kMessageAttributes) {
    return reason(kNestedUnderAttributes);
  }
  if (shape.leaf_keys > kMaxKeys) return reason(kTooManyKeys);
  if (shape.combinations > kMaxCombinations) return reason(kTooComplex);
  if (shape.wildcard_complexity > kMaxWildcardComplexity) return reason(kTooComplex);
  return shape;
}

}  // namespace certflow::notify::filter::detail
