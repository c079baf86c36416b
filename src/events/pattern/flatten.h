// The event flattener: walks an event with simdjson's on-demand parser and emits the scalar
// leaves at the paths some pattern names, skipping every other subtree unparsed. Arrays are
// crushed out of paths, but each leaf remembers which element of which array it sits in (its
// trail), so the engine can insist that fields under one array of objects match one element.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "events/pattern/ast.h"

namespace certflow::events::pattern::detail {

// The paths patterns name, as a trie of key segments. A key holding dots walks several levels,
// so {"a.b":…} and {"a":{"b":…}} reach the same node, as in EventBridge.
class PathTrie {
 public:
  PathTrie();
  // Returns the id of the path (dense, from 0), adding it when new.
  std::uint32_t add(std::string_view joined_path);
  std::size_t path_count() const { return path_count_; }

  struct Node {
    std::vector<std::pair<std::string, std::uint32_t>> children;
    std::int32_t path = -1;  // path id when a pattern names this node
  };
  const Node& node(std::uint32_t i) const { return nodes_[i]; }
  // The node reached from `from` by `key`, or -1.
  std::int64_t child(std::uint32_t from, std::string_view key) const;

 private:
  std::vector<Node> nodes_;
  std::size_t path_count_ = 0;
};

using ArrayStep = std::pair<std::uint32_t, std::uint32_t>;  // (array id, element index)

struct Leaf {
  std::uint32_t path = 0;
  LeafValue value;
  std::uint32_t trail_begin = 0;  // into FlatEvent::trails
  std::uint32_t trail_size = 0;
};

struct FlatEvent {
  std::vector<Leaf> leaves;
  std::vector<ArrayStep> trails;
  bool any_trail = false;  // some leaf sits inside an array
  void clear() {
    leaves.clear();
    trails.clear();
    any_trail = false;
  }
};

// True when two leaves can come from one element of every array they share.
bool consistent(const FlatEvent& ev, const Leaf& a, const Leaf& b);

// Reusable per thread: owns a padded copy of the input; the backend keeps a per-thread simdjson
// parser. Leaves point into both, so they are valid until this thread's next flatten().
class Flattener {
 public:
  // Fails with kValidation when the event is not a well-formed JSON object.
  Status flatten(std::string_view json, const PathTrie& trie, FlatEvent& out);

 private:
  std::string padded_;
};

}  // namespace certflow::events::pattern::detail
