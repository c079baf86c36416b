// The MessageAttributes front end (internal): typed message attributes as the flat JSON object
// the pattern engine matches.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "notify/filter/filter_policy.h"

namespace certflow::notify::filter::detail {

// {name: value} with String → string, Number → number, String.Array → its elements (objects
// inside left out), Binary left out. A Number that is not a number, or a String.Array that is
// not a JSON array, cannot come through Publish; should one arrive, the Number is kept as a
// string and the String.Array is left out.
std::string attribute_event(const std::map<std::string, TypedAttribute>& attributes);

// A Number attribute's text as a JSON number literal: surrounding spaces, a leading '+' and
// leading zeros removed, "5." and ".5" completed ("2.048e3" stays as it is; the engine compares
// numbers by value). nullopt when it is not a decimal number.
std::optional<std::string> number_literal(std::string_view text);

}  // namespace certflow::notify::filter::detail
