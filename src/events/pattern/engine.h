// The shared index over many patterns. An Engine is built by one writer and then published
// immutable; every match works on one Engine without locks (see Matcher in pattern.h).
//
// Shape: every distinct condition (path + alternatives) is one FieldTest, shared by all the
// branches that use it. Per path, a PathIndex maps a leaf value to the FieldTests it satisfies
// (hash lookups for exact values, prefix/suffix lengths, ignore-case; one-by-one checks only for
// the operators that cannot be indexed). A branch becomes a candidate when all its required
// FieldTests were hit, so the work per event follows the leaves and the hits, not the number of
// patterns; array consistency and exists:false are verified for candidates only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "events/pattern/ast.h"
#include "events/pattern/flatten.h"
#include "events/pattern/numeric_index.h"
#include "events/pattern/pattern.h"

namespace certflow::events::pattern::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct StringEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

// A FieldTest and, for indexes that need a second look, which of its ops to check.
struct Ref {
  std::uint32_t ft = 0;
  std::uint32_t op = 0;
};
using RefList = std::vector<Ref>;
using StringMap = std::unordered_map<std::string, RefList, StringHash, StringEq>;

// Values keyed by a fixed-length head or tail of the leaf: one lookup per distinct length.
struct AffixIndex {
  std::vector<std::size_t> lengths;  // sorted, distinct
  StringMap by_text;
  void add(const std::string& text, Ref r);
};

struct PathIndex {
  StringMap exact;                              // exact strings and star-less wildcards
  std::unordered_map<double, RefList> numbers;  // exact comparable numbers and numeric "="
  StringMap literals;                           // non-comparable number literals
  RefList on_true, on_false, on_null, on_any;
  AffixIndex prefix, suffix;
  AffixIndex prefix_ic, suffix_ic;  // ASCII operands, keyed lower-case
  StringMap equals_ic;              // ASCII operands, keyed lower-case
  AffixIndex wildcard_head;         // wildcards by their literal head, then checked
  NumericIndex ranges;              // numeric ranges (points go to `numbers`)
  RefList checked;                  // evaluated one by one with op_matches
  bool wants_lower = false;
};

struct FieldTest {
  std::uint32_t path = 0;
  const Field* field = nullptr;      // owned by a PatternAst the engine keeps alive
  std::vector<std::uint32_t> users;  // branches that require this test (absent_ok ones don't)
};

struct BranchEntry {
  std::uint32_t pattern = 0;
  std::vector<std::uint32_t> tests;  // distinct FieldTest ids
  std::uint32_t required = 0;        // tests without an exists:false alternative
  bool has_absent = false;
};

struct PatternEntry {
  std::string name;
  CompiledPattern pattern;
};

class Engine {
 public:
  // REQUIRES: the engine is not yet published (writers only).
  void add(std::string name, const CompiledPattern& pattern,
           const std::shared_ptr<const PatternAst>& ast);

  // Builds what add() left pending (the numeric range trees). REQUIRES: before publishing.
  void finalize();

  const std::vector<PatternEntry>& entries() const { return entries_; }

  // Appends the indexes (into entries()) of the patterns the event matches, ascending.
  Status match(std::string_view event_json, std::vector<std::uint32_t>& out) const;

 private:
  std::uint32_t test_for(const Field& field);
  void index_op(PathIndex& ix, const Op& op, Ref r);

  std::vector<PatternEntry> entries_;
  std::vector<std::shared_ptr<const PatternAst>> asts_;  // keeps FieldTest::field alive
  PathTrie trie_;
  std::vector<PathIndex> paths_;
  std::vector<FieldTest> tests_;
  std::unordered_map<std::string, std::uint32_t> test_ids_;
  std::vector<BranchEntry> branches_;
  std::vector<std::uint32_t> always_;  // branches with no required test

  friend struct MatchRun;
};

}  // namespace certflow::events::pattern::detail
