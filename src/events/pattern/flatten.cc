#include "events/pattern/flatten.h"

#include <simdjson.h>

namespace certflow::events::pattern::detail {

PathTrie::PathTrie() : nodes_(1) {}

std::uint32_t PathTrie::add(std::string_view joined) {
  std::uint32_t at = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = joined.find('.', start);
    const std::string_view seg =
        joined.substr(start, dot == joined.npos ? joined.npos : dot - start);
    std::int64_t next = -1;
    for (const auto& [k, n] : nodes_[at].children) {
      if (k == seg) next = n;
    }
    if (next < 0) {
      next = static_cast<std::int64_t>(nodes_.size());
      nodes_[at].children.emplace_back(std::string(seg), static_cast<std::uint32_t>(next));
      nodes_.emplace_back();
    }
    at = static_cast<std::uint32_t>(next);
    if (dot == joined.npos) break;
    start = dot + 1;
  }
  if (nodes_[at].path < 0) nodes_[at].path = static_cast<std::int32_t>(path_count_++);
  return static_cast<std::uint32_t>(nodes_[at].path);
}

std::int64_t PathTrie::child(std::uint32_t from, std::string_view key) const {
  std::uint32_t at = from;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const std::string_view seg = key.substr(start, dot == key.npos ? key.npos : dot - start);
    std::int64_t next = -1;
    for (const auto& [k, n] : nodes_[at].children) {
      if (k.size() == seg.size() && k == seg) {
        next = n;
        break;
      }
    }
    if (next < 0) return -1;
    at = static_cast<std::uint32_t>(next);
    if (dot == key.npos) return at;
    start = dot + 1;
  }
}

bool consistent(const FlatEvent& ev, const Leaf& a, const Leaf& b) {
  const std::uint32_t n = std::min(a.trail_size, b.trail_size);
  for (std::uint32_t i = 0; i < n; ++i) {
    const ArrayStep& x = ev.trails[a.trail_begin + i];
    const ArrayStep& y = ev.trails[b.trail_begin + i];
    if (x.first != y.first) return true;  // different arrays: the paths parted before here
    if (x.second != y.second) return false;
  }
  return true;
}

namespace generic {
simdjson::error_code walk(const std::string& padded, std::size_t length, const PathTrie& trie,
                          FlatEvent& out, bool& not_object);
}
#ifdef CERTFLOW_PATTERN_HASWELL
namespace haswell {
simdjson::error_code walk(const std::string& padded, std::size_t length, const PathTrie& trie,
                          FlatEvent& out, bool& not_object);
}
#endif

namespace {

bool use_haswell() {
#ifdef CERTFLOW_PATTERN_HASWELL
  static const bool supported = [] {
    const simdjson::implementation* impl = simdjson::get_available_implementations()["haswell"];
    return impl != nullptr && impl->supported_by_runtime_system();
  }();
  return supported;
#else
  return false;
#endif
}

}  // namespace

Status Flattener::flatten(std::string_view json, const PathTrie& trie, FlatEvent& out) {
  out.clear();
  padded_.assign(json);
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  bool not_object = false;
#ifdef CERTFLOW_PATTERN_HASWELL
  const simdjson::error_code e = use_haswell()
                                     ? haswell::walk(padded_, json.size(), trie, out, not_object)
                                     : generic::walk(padded_, json.size(), trie, out, not_object);
#else
  (void)use_haswell;
  const simdjson::error_code e = generic::walk(padded_, json.size(), trie, out, not_object);
#endif
  if (not_object) return fail(ErrorCode::kValidation, "Event is not a JSON object");
  if (e) {
    return fail(ErrorCode::kValidation,
                std::string("Event is not valid JSON: ") + simdjson::error_message(e));
  }
  return {};
}

}  // namespace certflow::events::pattern::detail
