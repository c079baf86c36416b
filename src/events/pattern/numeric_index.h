// Numeric ranges on one path, answered by stabbing: a segment tree over the sorted range
// endpoints finds every range containing a value in O(log n + hits), so thousands of numeric
// rules on one field cost little more per event than a few.
#pragma once

#include <cstdint>
#include <vector>

#include "events/pattern/ast.h"

namespace certflow::events::pattern::detail {

struct NumericRef {
  std::uint32_t ft = 0;
};

class NumericIndex {
 public:
  void add(const NumericRange& range, std::uint32_t ft);
  // Rebuilds the tree after adds. REQUIRES: called by the writer before the engine is
  // published; stab() sees only ranges added before the last build().
  void build();
  bool empty() const { return items_.empty(); }
  bool dirty() const { return dirty_; }

  template <typename Emit>
  void stab(double x, Emit&& emit) const {
    if (offsets_.empty()) return;
    const std::size_t slot = slot_of(x);
    std::size_t node = 1, lo = 0, hi = slots_ - 1;
    while (true) {
      for (std::uint32_t k = offsets_[node]; k < offsets_[node + 1]; ++k) emit(refs_[k]);
      if (lo == hi) return;
      const std::size_t mid = (lo + hi) / 2;
      if (slot <= mid) {
        node = 2 * node, hi = mid;
      } else {
        node = 2 * node + 1, lo = mid + 1;
      }
    }
  }

 private:
  struct Item {
    NumericRange range;
    std::uint32_t ft;
  };
  // Slots: 2i is the open gap below points_[i], 2i+1 the point itself, 2m the gap above all.
  std::size_t slot_of(double x) const;
  // Calls visit(node) for each node of the canonical cover of slots [from, to].
  template <typename Visit>
  void cover(std::size_t node, std::size_t lo, std::size_t hi, std::size_t from, std::size_t to,
             Visit& visit) const;

  std::vector<Item> items_;
  std::vector<double> points_;
  // The tree's node lists in one array: node n holds refs_[offsets_[n], offsets_[n + 1]).
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> refs_;
  std::size_t slots_ = 0;
  bool dirty_ = false;
};

}  // namespace certflow::events::pattern::detail
