// Matching one event against a published Engine. Per-thread scratch state is reused across
// events and reset by generation counters, so a match allocates nothing in the steady state.
#include <algorithm>

#include "events/pattern/case_fold.h"
#include "events/pattern/engine.h"

namespace certflow::events::pattern::detail {

namespace {

struct Scratch {
  Flattener flattener;
  FlatEvent event;
  std::string lower;
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> test_mark;  // == generation: the test was hit by some leaf
  std::vector<std::uint32_t> branch_mark, branch_count;
  std::vector<std::uint32_t> pattern_mark;
  std::vector<std::uint32_t> seen_tests, candidates;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;  // (test, leaf)

  // Grows the arrays to the engine's sizes and starts a new generation.
  void begin(std::size_t tests, std::size_t branches, std::size_t patterns) {
    if (++generation == 0) {  // wrapped: old marks could collide with new generations
      std::fill(test_mark.begin(), test_mark.end(), 0);
      std::fill(branch_mark.begin(), branch_mark.end(), 0);
      std::fill(pattern_mark.begin(), pattern_mark.end(), 0);
      generation = 1;
    }
    if (test_mark.size() < tests) test_mark.resize(tests, 0);
    if (branch_mark.size() < branches) {
      branch_mark.resize(branches, 0);
      branch_count.resize(branches, 0);
    }
    if (pattern_mark.size() < patterns) pattern_mark.resize(patterns, 0);
    seen_tests.clear();
    candidates.clear();
    hits.clear();
  }
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

// The steps of one match, with access to the engine's private tables.
struct MatchRun {
  const Engine& e;
  Scratch& s;

  void hit(const RefList& refs, std::uint32_t leaf) {
    for (const Ref& r : refs) record(r.ft, leaf);
  }
  void record(std::uint32_t test, std::uint32_t leaf) {
    if (s.test_mark[test] != s.generation) {
      s.test_mark[test] = s.generation;
      s.seen_tests.push_back(test);
    } else if (!s.hits.empty() && s.hits.back() == std::pair{test, leaf}) {
      return;
    }
    s.hits.emplace_back(test, leaf);
  }
  void lookup(const StringMap& m, std::string_view key, std::uint32_t leaf) {
    if (m.empty()) return;
    auto it = m.find(key);
    if (it != m.end()) hit(it->second, leaf);
  }
  void affix(const AffixIndex& a, std::string_view v, bool head, std::uint32_t leaf) {
    for (std::size_t len : a.lengths) {
      if (len > v.size()) break;
      lookup(a.by_text, head ? v.substr(0, len) : v.substr(v.size() - len), leaf);
    }
  }

  void collect(std::uint32_t leaf_index) {
    const Leaf& leaf = s.event.leaves[leaf_index];
    const PathIndex& ix = e.paths_[leaf.path];
    const LeafValue& v = leaf.value;
    switch (v.type) {
      case LeafType::kString:
        lookup(ix.exact, v.text, leaf_index);
        affix(ix.prefix, v.text, true, leaf_index);
        affix(ix.suffix, v.text, false, leaf_index);
        if (ix.wants_lower) {
          ascii_lower(v.text, s.lower);
          lookup(ix.equals_ic, s.lower, leaf_index);
          affix(ix.prefix_ic, s.lower, true, leaf_index);
          affix(ix.suffix_ic, s.lower, false, leaf_index);
        }
        for (std::size_t len : ix.wildcard_head.lengths) {
          if (len > v.text.size()) break;
          auto it = ix.wildcard_head.by_text.find(v.text.substr(0, len));
          if (it == ix.wildcard_head.by_text.end()) continue;
          for (const Ref& r : it->second) {
            if (op_matches(e.tests_[r.ft].field->ops[r.op], v)) record(r.ft, leaf_index);
          }
        }
        break;
      case LeafType::kNumber:
        if (v.comparable && !ix.numbers.empty()) {
          auto it = ix.numbers.find(v.number);
          if (it != ix.numbers.end()) hit(it->second, leaf_index);
        }
        lookup(ix.literals, v.text, leaf_index);
        if (v.comparable && !ix.ranges.empty()) {
          ix.ranges.stab(v.number, [&](std::uint32_t ft) { record(ft, leaf_index); });
        }
        break;
      case LeafType::kTrue: hit(ix.on_true, leaf_index); break;
      case LeafType::kFalse: hit(ix.on_false, leaf_index); break;
      case LeafType::kNull: hit(ix.on_null, leaf_index); break;
    }
    hit(ix.on_any, leaf_index);
    for (const Ref& r : ix.checked) {
      if (op_matches(e.tests_[r.ft].field->ops[r.op], v)) record(r.ft, leaf_index);
    }
  }

  bool path_has_leaf(std::uint32_t path) const {
    for (const Leaf& l : s.event.leaves) {
      if (l.path == path) return true;
    }
    return false;
  }

  // Backtracking over the leaves each test may use: one leaf per positive test, pairwise
  // consistent, and for each test that takes its exists:false alternative, no leaf at its path
  // consistent with all chosen leaves.
  struct Slot {
    std::uint32_t test;
    std::vector<std::uint32_t> leaves;
    bool absent_ok;
  };
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFF;

  // The search is exponential in the worst case (exists:false beside several fields in
  // independent arrays). Events come from outside, so it is bounded: past kSearchBudget steps
  // for one branch the branch is taken as not matching (docs/PATTERNS.md).
  static constexpr std::size_t kSearchBudget = 100000;

  bool search(std::vector<Slot>& slots, std::size_t k, std::vector<std::uint32_t>& chosen,
              std::size_t& steps) const {
    if (++steps > kSearchBudget) return false;
    const FlatEvent& ev = s.event;
    if (k == slots.size()) {
      for (std::size_t i = 0; i < slots.size(); ++i) {
        if (chosen[i] != kAbsent) continue;
        const std::uint32_t path = e.tests_[slots[i].test].path;
        for (const Leaf& l : ev.leaves) {
          if (l.path != path) continue;
          bool fits = true;
          for (std::uint32_t c : chosen) {
            if (c != kAbsent && !consistent(ev, l, ev.leaves[c])) {
              fits = false;
              break;
            }
          }
          if (fits) return false;
        }
      }
      return true;
    }
    for (std::uint32_t leaf : slots[k].leaves) {
      bool fits = true;
      for (std::size_t i = 0; i < k; ++i) {
        if (chosen[i] != kAbsent && !consistent(ev, ev.leaves[leaf], ev.leaves[chosen[i]])) {
          fits = false;
          break;
        }
      }
      if (!fits) continue;
      chosen[k] = leaf;
      if (search(slots, k + 1, chosen, steps)) return true;
    }
    if (slots[k].absent_ok) {
      chosen[k] = kAbsent;
      if (search(slots, k + 1, chosen, steps)) return true;
    }
    return false;
  }

  bool verify(const BranchEntry& b) const {
    if (!b.has_absent && (b.tests.size() == 1 || !s.event.any_trail)) return true;
    if (!s.event.any_trail) {
      // No arrays: every leaf is consistent with every other, so exists:false just means "no
      // leaf at the path" unless a positive alternative was hit.
      for (std::uint32_t t : b.tests) {
        const FieldTest& ft = e.tests_[t];
        if (!ft.field->absent_ok || s.test_mark[t] == s.generation) continue;
        if (path_has_leaf(ft.path)) return false;
      }
      return true;
    }
    std::vector<Slot> slots;
    slots.reserve(b.tests.size());
    for (std::uint32_t t : b.tests) {
      Slot slot{t, {}, e.tests_[t].field->absent_ok};
      if (s.test_mark[t] == s.generation) {
        for (const auto& [test, leaf] : s.hits) {
          if (test == t) slot.leaves.push_back(leaf);
        }
      }
      slots.push_back(std::move(slot));
    }
    // Fewest choices first; absence-capable slots last, since their check needs the others.
    std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& c) {
      if (a.absent_ok != c.absent_ok) return !a.absent_ok;
      return a.leaves.size() < c.leaves.size();
    });
    std::vector<std::uint32_t> chosen(slots.size(), kAbsent);
    std::size_t steps = 0;
    return search(slots, 0, chosen, steps);
  }
};

Status Engine::match(std::string_view event_json, std::vector<std::uint32_t>& out) const {
  Scratch& s = scratch();
  auto st = s.flattener.flatten(event_json, trie_, s.event);
  if (!st) return st;
  s.begin(tests_.size(), branches_.size(), entries_.size());
  MatchRun run{*this, s};
  const auto n = static_cast<std::uint32_t>(s.event.leaves.size());
  for (std::uint32_t i = 0; i < n; ++i) run.collect(i);
  for (std::uint32_t t : s.seen_tests) {
    for (std::uint32_t b : tests_[t].users) {
      if (s.branch_mark[b] != s.generation) {
        s.branch_mark[b] = s.generation;
        s.branch_count[b] = 0;
      }
      if (++s.branch_count[b] == branches_[b].required) s.candidates.push_back(b);
    }
  }
  s.candidates.insert(s.candidates.end(), always_.begin(), always_.end());
  const std::size_t first = out.size();
  for (std::uint32_t b : s.candidates) {
    const BranchEntry& branch = branches_[b];
    if (s.pattern_mark[branch.pattern] == s.generation) continue;
    if (!run.verify(branch)) continue;
    s.pattern_mark[branch.pattern] = s.generation;
    out.push_back(branch.pattern);
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  return {};
}

}  // namespace certflow::events::pattern::detail
