// Parsing and validating match expressions. Messages are event-ruler's (AWS returns them after
// "Reason:"); where AWS's wording differs from event-ruler 2.0.1, AWS's is used.
#include <string>

#include "events/pattern/case_fold.h"
#include "events/pattern/cidr.h"
#include "events/pattern/compile_internal.h"
#include "events/pattern/numbers.h"
#include "events/pattern/wildcard.h"

namespace certflow::events::pattern::detail {
using K = PValue::Kind;

namespace {
constexpr const char* kTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";
}  // namespace

tl::unexpected<Problem> bad(const PValue& at, const Field& f, std::string reason) {
  return tl::unexpected(Problem{std::move(reason), f.path, at.offset});
}

// Shared tail of every match expression: event-ruler reads the operand, then insists the
// expression object ends.
Checked only_one_key(const PValue& expr, const Field& f) {
  if (expr.keys.size() > 1) return bad(expr, f, "Only one key allowed in match expression");
  return {};
}

tl::expected<Wildcard, Problem> wildcard_operand(const PValue& v, const Limits& limits,
                                                 const Field& f) {
  auto w = parse_wildcard(v.text);
  if (!w) return bad(v, f, w.error().message);
  if (limits.max_wildcard_complexity != 0 &&
      wildcard_complexity(v.text) > limits.max_wildcard_complexity) {
    return bad(v, f, kTooComplex);
  }
  return std::move(*w);
}

namespace {

// {"prefix": "x"} / {"prefix": {"equals-ignore-case": "x"}}, and the same for suffix.
Checked prefix_or_suffix(const PValue& v, bool prefix, Field& f) {
  const std::string name = prefix ? "prefix" : "suffix";
  Op op;
  if (v.kind == K::kString) {
    op.kind = prefix ? OpKind::kPrefix : OpKind::kSuffix;
    op.text = v.text;
  } else if (v.kind == K::kObject) {
    if (v.keys.empty()) return bad(v, f, "Unsupported " + name + " pattern: ");
    if (v.keys[0] != "equals-ignore-case") {
      return bad(v, f, "Unsupported " + name + " pattern: " + v.keys[0]);
    }
    const PValue& inner = v.items[0];
    if (inner.kind != K::kString) {
      return bad(inner, f, "equals-ignore-case match pattern must be a string");
    }
    auto one = only_one_key(v, f);
    if (!one) return one;
    op.kind = prefix ? OpKind::kPrefixIgnoreCase : OpKind::kSuffixIgnoreCase;
    op.text = inner.text;
    op.case_program = make_case_program(inner.text);
  } else {
    return bad(v, f, name + " match pattern must be a string");
  }
  f.ops.push_back(std::move(op));
  return {};
}

Checked match_expression(const PValue& expr, const Limits& limits, Field& f) {
  if (expr.keys.empty()) return bad(expr, f, "Match expression name not found");
  const std::string& name = expr.keys[0];
  const PValue& v = expr.items[0];
  Checked st;
  if (name == "prefix" || name == "suffix") {
    st = prefix_or_suffix(v, name == "prefix", f);
  } else if (name == "equals-ignore-case") {
    if (v.kind != K::kString) return bad(v, f, "equals-ignore-case match pattern must be a string");
    Op op;
    op.kind = OpKind::kEqualsIgnoreCase;
    op.text = v.text;
    op.case_program = make_case_program(v.text);
    f.ops.push_back(std::move(op));
  } else if (name == "anything-but") {
    st = parse_anything_but(v, limits, f);
  } else if (name == "numeric") {
    st = parse_numeric(v, f);
  } else if (name == "exists") {
    if (v.kind == K::kTrue) {
      Op op;
      op.kind = OpKind::kExistsTrue;
      f.ops.push_back(std::move(op));
    } else if (v.kind == K::kFalse) {
      f.absent_ok = true;
    } else {
      return bad(v, f, "exists match pattern must be either true or false.");
    }
  } else if (name == "wildcard") {
    if (v.kind != K::kString) return bad(v, f, "wildcard match pattern must be a string");
    auto w = wildcard_operand(v, limits, f);
    if (!w) return tl::unexpected(w.error());
    Op op;
    op.kind = OpKind::kWildcard;
    op.text = v.text;
    op.wildcard = std::move(*w);
    f.ops.push_back(std::move(op));
  } else if (name == "cidr") {
    // event-ruler reports a non-string cidr operand with the prefix message (sic).
    if (v.kind != K::kString) return bad(v, f, "prefix match pattern must be a string");
    auto c = parse_cidr(v.text);
    if (!c) return bad(v, f, c.error().message);
    Op op;
    op.kind = OpKind::kCidr;
    op.text = v.text;
    op.cidr = *c;
    f.ops.push_back(std::move(op));
  } else {
    return bad(expr, f, "Unrecognized match type " + name);
  }
  if (!st) return st;
  return only_one_key(expr, f);
}

}  // namespace

Checked add_match_element(const PValue& e, const Limits& limits, Field& f) {
  Op op;
  switch (e.kind) {
    case K::kString:
      op.kind = OpKind::kExactString;
      op.text = e.text;
      break;
    case K::kNumber: {
      const NumberInfo n = analyze_number(e.text);
      op.kind = n.comparable ? OpKind::kExactNumber : OpKind::kExactLiteral;
      op.number = n.value;
      op.text = e.text;
      break;
    }
    case K::kTrue: op.kind = OpKind::kTrue; break;
    case K::kFalse: op.kind = OpKind::kFalse; break;
    case K::kNull: op.kind = OpKind::kNull; break;
    case K::kArray: return bad(e, f, "Match value must be String, number, true, false, or null");
    case K::kObject: return match_expression(e, limits, f);
  }
  f.ops.push_back(std::move(op));
  return {};
}

}  // namespace certflow::events::pattern::detail
