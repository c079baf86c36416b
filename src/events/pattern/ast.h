// The compiled form of one pattern, shared by the matcher engine and the one-pattern tester.
// Engine-private: nothing outside src/events/pattern includes this (tests may).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certflow::events::pattern::detail {

// One UTF-16 unit of an equals-ignore-case operand: at its position the event must hold
// either the lower-case or the upper-case UTF-8 form (event-ruler's algorithm, see case_fold.h).
struct CaseUnit {
  std::string lower;
  std::string upper;
};
using CaseProgram = std::vector<CaseUnit>;

// A wildcard operand split at its unescaped stars: parts.size() == stars + 1.
struct Wildcard {
  std::vector<std::string> parts;
};

struct Cidr {
  bool v6 = false;
  std::array<std::uint8_t, 16> addr{};
  int bits = 0;
};

struct NumericRange {
  bool has_lo = false, lo_open = false;
  bool has_hi = false, hi_open = false;
  double lo = 0, hi = 0;
};

enum class OpKind : std::uint8_t {
  kExactString,
  kExactNumber,   // a comparable number: matched by value
  kExactLiteral,  // a non-comparable number: matched by its literal text only
  kTrue,
  kFalse,
  kNull,
  kPrefix,
  kPrefixIgnoreCase,
  kSuffix,
  kSuffixIgnoreCase,
  kEqualsIgnoreCase,
  kWildcard,
  kNumeric,
  kCidr,
  kExistsTrue,
  kAnythingBut,
};

enum class ExclusionKind : std::uint8_t {
  kStrings,
  kNumbers,
  kPrefix,
  kSuffix,
  kIgnoreCase,
  kWildcard
};

// The excluded values of an anything-but; which vectors are filled depends on kind.
struct Exclusion {
  ExclusionKind kind = ExclusionKind::kStrings;
  std::vector<std::string> strings;      // kStrings, kPrefix, kSuffix; kNumbers: non-comparable
  std::vector<double> numbers;           // kNumbers (comparable ones)
  std::vector<CaseProgram> ignore_case;  // kIgnoreCase
  std::vector<Wildcard> wildcards;       // kWildcard
};

struct Op {
  OpKind kind = OpKind::kExactString;
  std::string text;  // string operand after unescaping, or a number literal
  double number = 0;
  NumericRange range;
  CaseProgram case_program;
  Wildcard wildcard;
  Cidr cidr;
  Exclusion exclusion;
};

// One field of a branch: the leaf at `path` must satisfy one of `ops`, or, when absent_ok
// ({"exists":false} was among the alternatives), no leaf at `path` may be consistent.
struct Field {
  std::string path;  // object keys joined with '.'
  std::vector<Op> ops;
  bool absent_ok = false;
  std::string canonical;  // path + the alternatives as JSON, to share identical conditions
};

// A conjunction of fields: one combination after multiplying out every $or.
struct Branch {
  std::vector<Field> fields;
};

struct PatternAst {
  std::string text;
  std::vector<Branch> branches;
};

enum class LeafType : std::uint8_t { kString, kNumber, kTrue, kFalse, kNull };

// A scalar from the event. `text` is the unescaped string or the number's literal text.
struct LeafValue {
  LeafType type = LeafType::kNull;
  std::string_view text;
  double number = 0;
  bool comparable = false;
};

// True when the leaf satisfies `op` (never called for exists:false, which is structural).
bool op_matches(const Op& op, const LeafValue& leaf);

}  // namespace certflow::events::pattern::detail
