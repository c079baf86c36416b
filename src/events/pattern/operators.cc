// Parsing and validating match expressions. Messages are event-ruler's (AWS returns them after
// "Reason:"); where AWS's wording differs from event-ruler 2.0.1, AWS's is used.
#include <string>

#include "events/pattern/case_fold.h"
#include "events/pattern/cidr.h"
#include "events/pattern/compile_internal.h"
#include "events/pattern/numbers.h"
#include "events/pattern/wildcard.h"

namespace certflow::events::pattern::detail {
namespace {

using K = PValue::Kind;

constexpr const char* kTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";
constexpr const char* kAnythingButValue =
    "Value of anything-but must be an array or single string/number value.";

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

Checked numeric(const PValue& v, Field& f) {
  if (v.kind != K::kArray) return bad(v, f, "Value of numeric must be an array.");
  const auto& t = v.items;
  if (t.empty()) return bad(v, f, "Invalid member in numeric match: ]");
  NumericRange r;
  std::size_t i = 0;
  // Reads "op value" at i; returns the operator text.
  auto term = [&](std::string& op_name, double& value) -> Checked {
    if (t[i].kind != K::kString) {
      std::string tok;
      append_json(t[i], tok);
      return bad(t[i], f, "Invalid member in numeric match: " + tok);
    }
    op_name = t[i].text;
    if (op_name != "=" && op_name != "<" && op_name != "<=" && op_name != ">" && op_name != ">=") {
      return bad(t[i], f, "Unrecognized numeric range operator: " + op_name);
    }
    ++i;
    if (i >= t.size() || t[i].kind != K::kNumber) {
      return bad(i < t.size() ? t[i] : v, f, "Value of " + op_name + " must be numeric");
    }
    const NumberInfo n = analyze_number(t[i].text);
    if (!n.comparable) return bad(t[i], f, "Cannot compare number : " + t[i].text);
    value = n.value;
    ++i;
    return {};
  };
  std::string first;
  double a = 0;
  auto st = term(first, a);
  if (!st) return st;
  if (first == "=") {
    r.has_lo = r.has_hi = true;
    r.lo = r.hi = a;
  } else if (first == "<" || first == "<=") {
    r.has_hi = true, r.hi = a, r.hi_open = first == "<";
  } else {
    r.has_lo = true, r.lo = a, r.lo_open = first == ">";
  }
  if (i < t.size()) {
    if (first == "=" || first == "<" || first == "<=") {
      return bad(t[i], f, "Too many elements in numeric expression");
    }
    if (t[i].kind == K::kString && (t[i].text == ">" || t[i].text == ">=" || t[i].text == "=")) {
      return bad(t[i], f, "Bad numeric range operator: " + t[i].text);
    }
    std::string second;
    double b = 0;
    st = term(second, b);
    if (!st) return st;
    if (i < t.size()) return bad(t[i], f, "Too many terms in numeric range expression");
    if (!(a < b)) return bad(v, f, "Bottom must be less than top");
    r.has_hi = true, r.hi = b, r.hi_open = second == "<";
  }
  Op op;
  op.kind = OpKind::kNumeric;
  op.range = r;
  f.ops.push_back(std::move(op));
  return {};
}

// The object form of anything-but: prefix, suffix, equals-ignore-case or wildcard, each with
// one operand or a list.
Checked anything_but_object(const PValue& v, const Limits& limits, Field& f, Exclusion& e) {
  if (v.keys.empty()) return bad(v, f, "Match expression name not found");
  const std::string& key = v.keys[0];
  const PValue& operand = v.items[0];
  const std::vector<PValue> single{operand};
  const std::vector<PValue>& list = operand.kind == K::kArray ? operand.items : single;
  if (key == "prefix" || key == "suffix") {
    e.kind = key == "prefix" ? ExclusionKind::kPrefix : ExclusionKind::kSuffix;
    if (operand.kind == K::kObject) return bad(operand, f, kAnythingButValue);
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString)
        return bad(item, f, "prefix/suffix match pattern must be a string");
      if (item.text.empty()) return bad(item, f, "Null prefix/suffix not allowed");
      e.strings.push_back(item.text);
    }
  } else if (key == "equals-ignore-case") {
    e.kind = ExclusionKind::kIgnoreCase;
    if (operand.kind == K::kObject) return bad(operand, f, kAnythingButValue);
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString) {
        return bad(item, f,
                   "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                   "supported.");
      }
      e.ignore_case.push_back(make_case_program(item.text));
      e.strings.push_back(item.text);
    }
  } else if (key == "wildcard") {
    e.kind = ExclusionKind::kWildcard;
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString) return bad(item, f, "wildcard match pattern must be a string");
      auto w = wildcard_operand(item, limits, f);
      if (!w) return tl::unexpected(w.error());
      e.wildcards.push_back(std::move(*w));
    }
  } else {
    return bad(v, f, "Unsupported anything-but pattern: " + key);
  }
  return only_one_key(v, f);
}

Checked anything_but(const PValue& v, const Limits& limits, Field& f) {
  Op op;
  op.kind = OpKind::kAnythingBut;
  Exclusion& e = op.exclusion;
  auto add_number = [&](const PValue& n) {
    const NumberInfo info = analyze_number(n.text);
    if (info.comparable) {
      e.numbers.push_back(info.value);
    } else {
      e.strings.push_back(n.text);  // matched by literal text, like an exact non-comparable
    }
  };
  switch (v.kind) {
    case K::kString:
      e.kind = ExclusionKind::kStrings;
      e.strings.push_back(v.text);
      break;
    case K::kNumber:
      e.kind = ExclusionKind::kNumbers;
      add_number(v);
      break;
    case K::kArray: {
      bool strings = false, numbers = false;
      for (const PValue& item : v.items) {
        if (item.kind == K::kString) {
          strings = true;
        } else if (item.kind == K::kNumber) {
          numbers = true;
        } else {
          return bad(item, f, "Inside anything but list, start|null|boolean is not supported.");
        }
      }
      if (strings == numbers) {
        return bad(v, f,
                   "Inside anything but list, either all values are number or string, mixed type "
                   "is not supported");
      }
      e.kind = strings ? ExclusionKind::kStrings : ExclusionKind::kNumbers;
      for (const PValue& item : v.items) {
        if (strings) {
          e.strings.push_back(item.text);
        } else {
          add_number(item);
        }
      }
      break;
    }
    case K::kObject: {
      auto st = anything_but_object(v, limits, f, e);
      if (!st) return st;
      break;
    }
    default: return bad(v, f, kAnythingButValue);
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
    st = anything_but(v, limits, f);
  } else if (name == "numeric") {
    st = numeric(v, f);
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
