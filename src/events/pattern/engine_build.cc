// Building the shared index: one FieldTest per distinct condition, placed into the per-path
// index that answers it fastest.
#include <algorithm>

#include "events/pattern/case_fold.h"
#include "events/pattern/engine.h"

namespace certflow::events::pattern::detail {

void AffixIndex::add(const std::string& text, Ref r) {
  auto it = std::lower_bound(lengths.begin(), lengths.end(), text.size());
  if (it == lengths.end() || *it != text.size()) lengths.insert(it, text.size());
  by_text[text].push_back(r);
}

void Engine::index_op(PathIndex& ix, const Op& op, Ref r) {
  std::string lower;
  switch (op.kind) {
    case OpKind::kExactString: ix.exact[op.text].push_back(r); return;
    case OpKind::kExactNumber: ix.numbers[op.number].push_back(r); return;
    case OpKind::kExactLiteral: ix.literals[op.text].push_back(r); return;
    case OpKind::kTrue: ix.on_true.push_back(r); return;
    case OpKind::kFalse: ix.on_false.push_back(r); return;
    case OpKind::kNull: ix.on_null.push_back(r); return;
    case OpKind::kExistsTrue: ix.on_any.push_back(r); return;
    case OpKind::kPrefix: ix.prefix.add(op.text, r); return;
    case OpKind::kSuffix: ix.suffix.add(op.text, r); return;
    case OpKind::kPrefixIgnoreCase:
    case OpKind::kSuffixIgnoreCase:
    case OpKind::kEqualsIgnoreCase:
      // Only for ASCII operands is event-ruler's rule the same as comparing lower-cased bytes.
      if (!is_ascii(op.text)) break;
      ascii_lower(op.text, lower);
      ix.wants_lower = true;
      if (op.kind == OpKind::kPrefixIgnoreCase) {
        ix.prefix_ic.add(lower, r);
      } else if (op.kind == OpKind::kSuffixIgnoreCase) {
        ix.suffix_ic.add(lower, r);
      } else {
        ix.equals_ic[lower].push_back(r);
      }
      return;
    case OpKind::kWildcard:
      if (op.wildcard.parts.size() == 1) {
        ix.exact[op.wildcard.parts[0]].push_back(r);
        return;
      }
      if (!op.wildcard.parts[0].empty()) {
        ix.wildcard_head.add(op.wildcard.parts[0], r);
        return;
      }
      break;
    case OpKind::kNumeric:
      if (op.range.has_lo && op.range.has_hi && op.range.lo == op.range.hi && !op.range.lo_open &&
          !op.range.hi_open) {
        ix.numbers[op.range.lo].push_back(r);
        return;
      }
      ix.ranges.add(op.range, r.ft);
      return;
    case OpKind::kCidr:
    case OpKind::kAnythingBut: break;
  }
  ix.checked.push_back(r);
}

std::uint32_t Engine::test_for(const Field& field) {
  auto found = test_ids_.find(field.canonical);
  if (found != test_ids_.end()) return found->second;
  const auto id = static_cast<std::uint32_t>(tests_.size());
  FieldTest t;
  t.path = trie_.add(field.path);
  t.field = &field;
  tests_.push_back(std::move(t));
  test_ids_.emplace(field.canonical, id);
  if (paths_.size() < trie_.path_count()) paths_.resize(trie_.path_count());
  PathIndex& ix = paths_[tests_[id].path];
  for (std::uint32_t i = 0; i < field.ops.size(); ++i) index_op(ix, field.ops[i], Ref{id, i});
  return id;
}

void Engine::add(std::string name, const CompiledPattern& pattern,
                 const std::shared_ptr<const PatternAst>& ast) {
  const auto pattern_id = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(PatternEntry{std::move(name), pattern});
  asts_.push_back(ast);
  for (const Branch& b : ast->branches) {
    BranchEntry entry;
    entry.pattern = pattern_id;
    for (const Field& f : b.fields) {
      const std::uint32_t t = test_for(f);
      if (std::find(entry.tests.begin(), entry.tests.end(), t) == entry.tests.end()) {
        entry.tests.push_back(t);
      }
    }
    const auto branch_id = static_cast<std::uint32_t>(branches_.size());
    for (std::uint32_t t : entry.tests) {
      if (tests_[t].field->absent_ok) {
        entry.has_absent = true;
      } else {
        ++entry.required;
        tests_[t].users.push_back(branch_id);
      }
    }
    if (entry.required == 0) always_.push_back(branch_id);
    branches_.push_back(std::move(entry));
  }
}

void Engine::finalize() {
  for (PathIndex& ix : paths_) {
    if (ix.ranges.dirty()) ix.ranges.build();
  }
}

}  // namespace certflow::events::pattern::detail
