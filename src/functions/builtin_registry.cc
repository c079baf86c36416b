#include "functions/builtin_registry.h"

namespace certflow::functions {

void BuiltinRegistry::add(BuiltinFunction function, TimePoint added) {
  std::lock_guard lock(mutex_);
  std::string name = function.name;
  functions_.insert_or_assign(std::move(name), BuiltinEntry{std::move(function), added});
}

std::optional<BuiltinEntry> BuiltinRegistry::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = functions_.find(name);
  if (it == functions_.end()) return std::nullopt;
  return it->second;
}

bool BuiltinRegistry::contains(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return functions_.count(name) != 0;
}

std::vector<std::string> BuiltinRegistry::names(const std::string& prefix,
                                                const std::optional<std::string>& after) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, entry] : functions_) {
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    if (after && name <= *after) continue;
    out.push_back(name);
  }
  return out;
}

void BuiltinRegistry::stop_all() const {
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, entry] : functions_) {
      if (entry.function.stop) hooks.push_back(entry.function.stop);
    }
  }
  for (const auto& hook : hooks) hook();  // outside the lock: a hook may take its own
}

}  // namespace certflow::functions
