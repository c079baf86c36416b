// The built-in functions by name. Engine of the functions room.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "functions/builtin.h"

namespace certflow::functions {

struct BuiltinEntry {
  BuiltinFunction function;
  TimePoint added;  // shown as the function's creation time
};

// Thread-safe.
class BuiltinRegistry {
 public:
  // Replaces a built-in of the same name.
  void add(BuiltinFunction function, TimePoint added);
  std::optional<BuiltinEntry> find(const std::string& name) const;
  bool contains(const std::string& name) const;
  // Names that start with `prefix` and sort after `after` (when set), in name order.
  std::vector<std::string> names(const std::string& prefix,
                                 const std::optional<std::string>& after) const;
  // Every built-in's stop hook.
  void stop_all() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, BuiltinEntry> functions_;
};

}  // namespace certflow::functions
