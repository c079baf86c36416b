// The filter room's own JSON tree (internal). A policy needs what a general DOM drops: number
// literals as written (SNS quotes them in reasons such as "Bad value in numeric range: 30"),
// every duplicate key in document order (validated in order, the last one counts, as in the
// pattern engine), and a depth bound so hostile input cannot exhaust the stack.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace certflow::notify::filter::detail {

struct Node {
  enum class Kind { kNull, kTrue, kFalse, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::string text;               // unescaped string, or the number literal as written
  std::vector<std::string> keys;  // object keys in document order, duplicates kept
  std::vector<Node> items;        // array elements, or object values parallel to keys

  bool is(Kind k) const { return kind == k; }
};

// Nesting deeper than this is refused while parsing (see kTooDeep).
inline constexpr std::size_t kMaxJsonDepth = 256;
inline constexpr std::string_view kTooDeep = "nesting too deep";

// Parses one JSON value filling `text`. On failure the message is the parser's own (or
// kTooDeep); the caller decides how to word it for SNS.
Result<Node> parse_json_tree(std::string_view text);

// Compact JSON for `node`, with numbers as written. Objects are left out when `drop_objects`
// (String.Array attributes may only hold scalars and arrays).
void append_json(const Node& node, std::string& out, bool drop_objects = false);

// A JSON string literal for `text` (quoted and escaped).
std::string quote_json(std::string_view text);

}  // namespace certflow::notify::filter::detail
