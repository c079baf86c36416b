// equals-ignore-case as event-ruler does it: for each UTF-16 unit c of the pattern operand, the
// event must hold UTF-8(lower(c)) or UTF-8(upper(c)) at that position, with Java's
// String.toLowerCase/toUpperCase(Locale.ROOT) of the one-unit string. This is deliberately not
// Unicode case folding: it is asymmetric (pattern "straße" matches "STRASSE", not the reverse)
// and a surrogate half encodes as '?', which is what EventBridge does.
#pragma once

#include <string>
#include <string_view>

#include "events/pattern/ast.h"

namespace certflow::events::pattern::detail {

// REQUIRES: `operand` is valid UTF-8 (the pattern parser guarantees it).
CaseProgram make_case_program(std::string_view operand);

bool case_equals(const CaseProgram& program, std::string_view value);
bool case_prefix(const CaseProgram& program, std::string_view value);
bool case_suffix(const CaseProgram& program, std::string_view value);

bool is_ascii(std::string_view s);
// ASCII letters lowered, every other byte kept: for an ASCII operand, event-ruler's algorithm is
// exactly "ascii_lower(value) == ascii_lower(operand)", which lets the engine hash it.
void ascii_lower(std::string_view in, std::string& out);

}  // namespace certflow::events::pattern::detail
