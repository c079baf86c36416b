// The wildcard operator: '*' matches any run of characters, "\*" is a literal star and "\\" a
// literal backslash (escapes counted after JSON unescaping).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.h"
#include "events/pattern/ast.h"

namespace certflow::events::pattern::detail {

// Rejects bad escapes and "**" with event-ruler's messages (0-based positions).
Result<Wildcard> parse_wildcard(std::string_view operand);

bool wildcard_matches(const Wildcard& w, std::string_view value);

// How expensive a wildcard is to match: the largest number of stars followed by the same
// character ("*:*:*:" scores 3), i.e. how many wildcard states one input character can advance
// at once in the worst case. AWS rejects rules above an undocumented threshold as "too complex";
// "*:*:*:*:*:event-bus/*" (5) is rejected, "/Users/*/dir/dir/doc.txt" (1) accepted.
std::size_t wildcard_complexity(std::string_view operand);

}  // namespace certflow::events::pattern::detail
