// A small JSON reader for event patterns. Patterns need three things a general DOM does not
// give: the literal text of every number (EventBridge matches non-comparable numbers by their
// text), every duplicate key in order (the pattern compiler applies "last one wins"), and
// Jackson's error messages, because AWS returns them verbatim in InvalidEventPatternException.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace certflow::events::pattern::detail {

struct PValue {
  enum class Kind { kNull, kTrue, kFalse, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::string text;               // unescaped string, or the number literal as written
  std::vector<std::string> keys;  // object keys in document order, duplicates kept
  std::vector<PValue> items;      // array elements, or object values parallel to keys
  std::size_t offset = 0;         // byte offset of the value in the pattern text

  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
};

// Parses one JSON value that must fill `text` (surrounding whitespace allowed). On failure the
// Error message is Jackson's wording of the problem, without the "Event pattern is not valid"
// prefix. Nesting deeper than `max_depth` is rejected rather than recursed into.
Result<PValue> parse_pattern_json(std::string_view text, int max_depth = 256);

// Writes `v` back as compact JSON; used to build canonical keys for de-duplicating conditions.
void append_json(const PValue& v, std::string& out);

}  // namespace certflow::events::pattern::detail
