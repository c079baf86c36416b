// EventBridge's number rules (event-ruler ComparableNumber): a literal takes part in numeric
// comparison only if it is a finite double written with no more precision than the double holds,
// i.e. its decimal value equals that of the shortest round-trip form of the nearest double.
#pragma once

#include <string_view>

namespace certflow::events::pattern::detail {

struct NumberInfo {
  double value = 0;
  bool comparable = false;
};

// REQUIRES: `literal` is JSON number syntax (the parsers guarantee it).
NumberInfo analyze_number(std::string_view literal);

}  // namespace certflow::events::pattern::detail
