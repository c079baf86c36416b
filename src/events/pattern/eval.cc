// Direct evaluation of one operator against one event scalar. The engine's indexes answer the
// common operators without calling this; it serves the operators that are checked one by one
// (cidr, anything-but, numeric ranges, non-ASCII ignore-case, wildcards) and the one-pattern
// tester.
#include <algorithm>

#include "events/pattern/ast.h"
#include "events/pattern/case_fold.h"
#include "events/pattern/cidr.h"
#include "events/pattern/wildcard.h"

namespace certflow::events::pattern::detail {
namespace {

bool in_range(const NumericRange& r, double x) {
  if (r.has_lo && (r.lo_open ? !(x > r.lo) : !(x >= r.lo))) return false;
  if (r.has_hi && (r.hi_open ? !(x < r.hi) : !(x <= r.hi))) return false;
  return true;
}

// True when the leaf is one of the excluded values. Values of another type are never excluded.
bool excluded(const Exclusion& e, const LeafValue& leaf) {
  if (leaf.type == LeafType::kNumber) {
    if (e.kind != ExclusionKind::kNumbers) return false;
    if (leaf.comparable) {
      return std::find(e.numbers.begin(), e.numbers.end(), leaf.number) != e.numbers.end();
    }
    return std::find(e.strings.begin(), e.strings.end(), leaf.text) != e.strings.end();
  }
  if (leaf.type != LeafType::kString) return false;
  const std::string_view v = leaf.text;
  switch (e.kind) {
    case ExclusionKind::kNumbers: return false;
    case ExclusionKind::kStrings:
      return std::find(e.strings.begin(), e.strings.end(), v) != e.strings.end();
    case ExclusionKind::kPrefix:
      return std::any_of(e.strings.begin(), e.strings.end(),
                         [&](const std::string& p) { return v.starts_with(p); });
    case ExclusionKind::kSuffix:
      return std::any_of(e.strings.begin(), e.strings.end(),
                         [&](const std::string& p) { return v.ends_with(p); });
    case ExclusionKind::kIgnoreCase:
      return std::any_of(e.ignore_case.begin(), e.ignore_case.end(),
                         [&](const CaseProgram& p) { return case_equals(p, v); });
    case ExclusionKind::kWildcard:
      return std::any_of(e.wildcards.begin(), e.wildcards.end(),
                         [&](const Wildcard& w) { return wildcard_matches(w, v); });
  }
  return false;
}

}  // namespace

bool op_matches(const Op& op, const LeafValue& leaf) {
  const bool is_string = leaf.type == LeafType::kString;
  switch (op.kind) {
    case OpKind::kExactString: return is_string && leaf.text == op.text;
    case OpKind::kExactNumber:
      return leaf.type == LeafType::kNumber && leaf.comparable && leaf.number == op.number;
    case OpKind::kExactLiteral: return leaf.type == LeafType::kNumber && leaf.text == op.text;
    case OpKind::kTrue: return leaf.type == LeafType::kTrue;
    case OpKind::kFalse: return leaf.type == LeafType::kFalse;
    case OpKind::kNull: return leaf.type == LeafType::kNull;
    case OpKind::kPrefix: return is_string && leaf.text.starts_with(op.text);
    case OpKind::kSuffix: return is_string && leaf.text.ends_with(op.text);
    case OpKind::kPrefixIgnoreCase: return is_string && case_prefix(op.case_program, leaf.text);
    case OpKind::kSuffixIgnoreCase: return is_string && case_suffix(op.case_program, leaf.text);
    case OpKind::kEqualsIgnoreCase: return is_string && case_equals(op.case_program, leaf.text);
    case OpKind::kWildcard: return is_string && wildcard_matches(op.wildcard, leaf.text);
    case OpKind::kNumeric:
      return leaf.type == LeafType::kNumber && leaf.comparable && in_range(op.range, leaf.number);
    case OpKind::kCidr: return is_string && cidr_contains(op.cidr, leaf.text);
    case OpKind::kExistsTrue: return true;
    case OpKind::kAnythingBut: return !excluded(op.exclusion, leaf);
  }
  return false;
}

}  // namespace certflow::events::pattern::detail
