// Matcher: copy-on-write snapshots of the Engine. Writers serialise on a mutex, build a new
// Engine beside the published one and swap it in; readers only load the snapshot pointer.
#include <simdjson.h>

#include "events/pattern/engine.h"
#include "events/pattern/pattern.h"

namespace certflow::events::pattern {

Matcher::Matcher(CompileOptions options) : options_(options) {
  snapshot_.store(std::make_shared<const detail::Engine>());
}

Matcher::~Matcher() = default;

Status Matcher::publish_added(std::vector<std::pair<std::string, CompiledPattern>> added) {
  std::lock_guard lock(write_mu_);
  const std::shared_ptr<const detail::Engine> current = snapshot_.load();
  bool replaces = false;
  for (const auto& [name, p] : added) {
    for (const auto& entry : current->entries()) replaces = replaces || entry.name == name;
  }
  std::shared_ptr<detail::Engine> next;
  if (!replaces) {
    next = std::make_shared<detail::Engine>(*current);
  } else {
    // A replaced pattern keeps no trace in the index: rebuild from the survivors.
    next = std::make_shared<detail::Engine>();
    for (const auto& entry : current->entries()) {
      bool replaced = false;
      for (const auto& a : added) replaced = replaced || a.first == entry.name;
      if (!replaced) next->add(entry.name, entry.pattern, entry.pattern.ast_);
    }
  }
  for (auto& [name, p] : added) next->add(std::move(name), p, p.ast_);
  snapshot_.store(std::move(next));
  return {};
}

Status Matcher::add_pattern(std::string name, std::string_view pattern_json) {
  auto p = compile_pattern(pattern_json, options_);
  if (!p) return tl::unexpected(p.error());
  std::vector<std::pair<std::string, CompiledPattern>> one;
  one.emplace_back(std::move(name), std::move(*p));
  return publish_added(std::move(one));
}

Status Matcher::add_patterns(const std::vector<std::pair<std::string, std::string>>& patterns) {
  std::vector<std::pair<std::string, CompiledPattern>> compiled;
  compiled.reserve(patterns.size());
  for (const auto& [name, text] : patterns) {
    auto p = compile_pattern(text, options_);
    if (!p) {
      Error e = p.error();
      e.message = "Pattern " + name + ": " + e.message;
      return tl::unexpected(std::move(e));
    }
    compiled.emplace_back(name, std::move(*p));
  }
  return publish_added(std::move(compiled));
}

bool Matcher::remove_pattern(std::string_view name) {
  std::lock_guard lock(write_mu_);
  const std::shared_ptr<const detail::Engine> current = snapshot_.load();
  bool found = false;
  auto next = std::make_shared<detail::Engine>();
  for (const auto& entry : current->entries()) {
    if (entry.name == name) {
      found = true;
    } else {
      next->add(entry.name, entry.pattern, entry.pattern.ast_);
    }
  }
  if (found) snapshot_.store(std::move(next));
  return found;
}

std::size_t Matcher::size() const { return snapshot_.load()->entries().size(); }

Result<std::vector<std::string>> Matcher::match(std::string_view event_json) const {
  const std::shared_ptr<const detail::Engine> engine = snapshot_.load();
  thread_local std::vector<std::uint32_t> ids;
  ids.clear();
  auto st = engine->match(event_json, ids);
  if (!st) return tl::unexpected(st.error());
  std::vector<std::string> names;
  names.reserve(ids.size());
  for (std::uint32_t id : ids) names.push_back(engine->entries()[id].name);
  return names;
}

Result<bool> test_pattern(const CompiledPattern& pattern, std::string_view event_json) {
  // The matcher reads only the fields patterns name; TestEventPattern must reject any
  // malformed event, so validate the whole document first.
  thread_local simdjson::dom::parser validator;
  simdjson::dom::element root;
  if (auto e = validator.parse(event_json.data(), event_json.size()).get(root)) {
    return fail(ErrorCode::kValidation,
                std::string("Event is not valid JSON: ") + simdjson::error_message(e));
  }
  if (!root.is_object()) return fail(ErrorCode::kValidation, "Event is not a JSON object");
  detail::Engine engine;
  engine.add("", pattern, pattern.ast_);
  std::vector<std::uint32_t> ids;
  auto st = engine.match(event_json, ids);
  if (!st) return tl::unexpected(st.error());
  return !ids.empty();
}

}  // namespace certflow::events::pattern
