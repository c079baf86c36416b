// The elements of a key's value array as SNS checks them: exact values and match expressions,
// with the reasons AWS returns (recorded in LocalStack's snapshot tests, spec §5). Operand
// details SNS shares with EventBridge (CIDR syntax, anything-but lists, wildcard escapes) are
// left to the pattern engine, which runs after this check.
#include <cstdlib>
#include <string>

#include "notify/filter/validate.h"

namespace certflow::notify::filter::detail {
namespace {

using K = Node::Kind;

// How Jackson prints the token a numeric reason quotes.
std::string token_text(const Node& n) {
  switch (n.kind) {
    case K::kNull: return "null";
    case K::kTrue: return "true";
    case K::kFalse: return "false";
    case K::kNumber:
    case K::kString: return n.text;
    case K::kArray: return "[";
    case K::kObject: return "{";
  }
  return {};
}

bool is_comparison(const std::string& op) {
  return op == "=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

// {"numeric": [op, value]} or [lower op, value, upper op, value], with the reasons of the
// event-ruler SNS runs (which differ from EventBridge's for "=", a bare second value and an
// unknown second operator).
Status check_numeric(const Node& v) {
  if (!v.is(K::kArray)) return reason("Value of numeric must be an array.");
  const auto& t = v.items;
  if (t.empty()) return reason("Invalid member in numeric match: ]");
  if (!t[0].is(K::kString)) return reason("Invalid member in numeric match: " + token_text(t[0]));
  const std::string& first = t[0].text;
  if (!is_comparison(first)) return reason("Unrecognized numeric range operator: " + first);
  if (t.size() < 2 || !t[1].is(K::kNumber)) {
    return reason("Value of " + (first == "=" ? std::string("equals") : first) +
                  " must be numeric");
  }
  const bool lower = first == ">" || first == ">=";
  if (!lower) {
    if (t.size() > 2) return reason("Too many elements in numeric expression");
    return {};
  }
  if (t.size() == 2) return {};
  if (!t[2].is(K::kString)) return reason("Bad value in numeric range: " + token_text(t[2]));
  const std::string& second = t[2].text;
  if (second != "<" && second != "<=") return reason("Bad numeric range operator: " + second);
  if (t.size() < 4 || !t[3].is(K::kNumber))
    return reason("Value of " + second + " must be numeric");
  if (t.size() > 4) return reason("Too many terms in numeric range expression");
  if (!(std::strtod(t[1].text.c_str(), nullptr) < std::strtod(t[3].text.c_str(), nullptr))) {
    return reason("Bottom must be less than top");
  }
  return {};
}

// Unescaped '*' in a wildcard operand ("\*" is a literal star, "\\" a literal backslash).
std::size_t count_wildcards(const std::string& pattern) {
  std::size_t stars = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '*') {
      ++stars;
    }
  }
  return stars;
}

// SNS's wildcard limits: at most 3 stars a pattern; a key's complexity is the sum of its
// patterns' points times the number of patterns (one star 1 point, several 3 points each, an
// anything-but wildcard 1 point).
Status add_wildcard(const std::string& pattern, bool anything_but, FieldCost& cost) {
  const std::size_t stars = count_wildcards(pattern);
  if (stars > kMaxWildcardsPerPattern) return reason(kTooComplex);
  std::size_t points = stars <= 1 ? stars : 3 * stars;
  if (anything_but) points = 1;
  cost.wildcard_points += points;
  cost.wildcard_patterns += 1;
  return {};
}

Status check_string_operand(const Node& v, const std::string& name) {
  if (!v.is(K::kString)) return reason(name + " match pattern must be a string");
  return {};
}

// The object form of anything-but. SNS documents prefix, suffix and wildcard; it has no
// equals-ignore-case form and no lists of prefixes, which EventBridge has.
Status check_anything_but_object(const Node& v, FieldCost& cost) {
  if (v.keys.empty()) return reason("Match expression name not found");
  const std::string& name = v.keys[0];
  const Node& operand = v.items[0];
  if (name == "prefix" || name == "suffix" || name == "wildcard") {
    if (auto ok = check_string_operand(operand, name); !ok) return ok;
    if (name == "wildcard") {
      if (auto ok = add_wildcard(operand.text, true, cost); !ok) return ok;
    }
  } else {
    return reason("Unsupported anything-but pattern: " + name);
  }
  if (v.keys.size() > 1) return reason("Only one key allowed in match expression");
  return {};
}

Status check_expression(const Node& e, FieldCost& cost) {
  if (e.keys.empty()) return reason("Match expression name not found");
  const std::string& name = e.keys[0];
  const Node& v = e.items[0];
  Status ok;
  if (name == "prefix" || name == "suffix" || name == "equals-ignore-case") {
    // A string only: EventBridge's {"prefix": {"equals-ignore-case": "x"}} is not SNS's.
    ok = check_string_operand(v, name);
  } else if (name == "wildcard") {
    ok = check_string_operand(v, name);
    if (ok) ok = add_wildcard(v.text, false, cost);
  } else if (name == "anything-but") {
    if (v.is(K::kObject)) ok = check_anything_but_object(v, cost);
  } else if (name == "numeric") {
    ok = check_numeric(v);
  } else if (name == "exists") {
    if (!v.is(K::kTrue) && !v.is(K::kFalse)) {
      ok = reason("exists match pattern must be either true or false.");
    }
  } else if (name == "cidr") {
    if (!v.is(K::kString)) ok = reason("prefix match pattern must be a string");  // sic
  } else {
    ok = reason("Unrecognized match type " + name);
  }
  if (!ok) return ok;
  // Like event-ruler, the operand is read before the expression must end.
  if (e.keys.size() > 1) return reason("Only one key allowed in match expression");
  return {};
}

}  // namespace

Status check_match_value(const Node& value, FieldCost& cost) {
  switch (value.kind) {
    case K::kArray: return reason("Match value must be String, number, true, false, or null");
    case K::kObject: return check_expression(value, cost);
    default: return {};
  }
}

}  // namespace certflow::notify::filter::detail
