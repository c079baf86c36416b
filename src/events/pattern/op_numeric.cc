// {"numeric": [op, value]} and [lowerOp, lo, upperOp, hi], with event-ruler's messages.
#include <string>

#include "events/pattern/compile_internal.h"
#include "events/pattern/numbers.h"

namespace certflow::events::pattern::detail {

using K = PValue::Kind;

Checked parse_numeric(const PValue& v, Field& f) {
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

}  // namespace certflow::events::pattern::detail
