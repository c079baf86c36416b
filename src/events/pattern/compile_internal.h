// Pattern compilation internals shared by compile.cc (structure, $or) and operators.cc (the
// match expressions inside a field's value array).
#pragma once

#include <cstddef>
#include <string>
#include <tl/expected.hpp>

#include "events/pattern/ast.h"
#include "events/pattern/pattern_json.h"

namespace certflow::events::pattern::detail {

// Why a pattern is invalid: event-ruler's reason text, the field it concerns, and where.
struct Problem {
  std::string reason;
  std::string path;
  std::size_t offset = 0;
};
using Checked = tl::expected<void, Problem>;

struct Limits {
  std::size_t max_wildcard_complexity = 0;  // 0: unlimited
};

// Helpers shared by the operator parsers (operators.cc, op_numeric.cc, op_anything_but.cc).
tl::unexpected<Problem> bad(const PValue& at, const Field& f, std::string reason);
// event-ruler reads an operator's operand, then insists the expression object ends.
Checked only_one_key(const PValue& expr, const Field& f);
// A wildcard operand, checked for syntax and for the complexity limit.
tl::expected<Wildcard, Problem> wildcard_operand(const PValue& v, const Limits& limits,
                                                 const Field& f);
Checked parse_numeric(const PValue& v, Field& f);
Checked parse_anything_but(const PValue& v, const Limits& limits, Field& f);

// Adds one element of a field's value array to `field` (an exact value, or a match expression
// such as {"prefix":"x"}; {"exists":false} sets field.absent_ok instead of adding an op).
Checked add_match_element(const PValue& element, const Limits& limits, Field& field);

}  // namespace certflow::events::pattern::detail
