#include "events/pattern/numeric_index.h"

#include <algorithm>

namespace certflow::events::pattern::detail {

void NumericIndex::add(const NumericRange& range, std::uint32_t ft) {
  items_.push_back({range, ft});
  dirty_ = true;
}

std::size_t NumericIndex::slot_of(double x) const {
  const auto it = std::lower_bound(points_.begin(), points_.end(), x);
  const auto i = static_cast<std::size_t>(it - points_.begin());
  return (it != points_.end() && *it == x) ? 2 * i + 1 : 2 * i;
}

template <typename Visit>
void NumericIndex::cover(std::size_t node, std::size_t lo, std::size_t hi, std::size_t from,
                         std::size_t to, Visit& visit) const {
  if (to < lo || hi < from) return;
  if (from <= lo && hi <= to) {
    visit(node);
    return;
  }
  const std::size_t mid = (lo + hi) / 2;
  cover(2 * node, lo, mid, from, to, visit);
  cover(2 * node + 1, mid + 1, hi, from, to, visit);
}

void NumericIndex::build() {
  dirty_ = false;
  points_.clear();
  for (const Item& it : items_) {
    if (it.range.has_lo) points_.push_back(it.range.lo);
    if (it.range.has_hi) points_.push_back(it.range.hi);
  }
  std::sort(points_.begin(), points_.end());
  points_.erase(std::unique(points_.begin(), points_.end()), points_.end());
  slots_ = 2 * points_.size() + 1;
  auto index_of = [&](double p) {
    return static_cast<std::size_t>(std::lower_bound(points_.begin(), points_.end(), p) -
                                    points_.begin());
  };
  // Slot range of each item; empty ranges (from > to) cover nothing.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  spans.reserve(items_.size());
  for (const Item& it : items_) {
    const NumericRange& r = it.range;
    const std::size_t from = !r.has_lo ? 0 : 2 * index_of(r.lo) + (r.lo_open ? 2 : 1);
    const std::size_t to = !r.has_hi ? slots_ - 1 : 2 * index_of(r.hi) + (r.hi_open ? 0 : 1);
    spans.emplace_back(from, to);
  }
  // Two passes: count each node's refs, then fill them in.
  offsets_.assign(4 * slots_ + 1, 0);
  for (const auto& [from, to] : spans) {
    auto count = [&](std::size_t node) { ++offsets_[node + 1]; };
    if (from <= to) cover(1, 0, slots_ - 1, from, to, count);
  }
  for (std::size_t n = 1; n < offsets_.size(); ++n) offsets_[n] += offsets_[n - 1];
  refs_.assign(offsets_.back(), 0);
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const auto [from, to] = spans[i];
    auto place = [&](std::size_t node) { refs_[fill[node]++] = items_[i].ft; };
    if (from <= to) cover(1, 0, slots_ - 1, from, to, place);
  }
}

}  // namespace certflow::events::pattern::detail
