// Matcher: readers load the published Engine snapshot; writers keep two copies (left-right) and
// publish the one they changed, then bring the other up to date once its readers are gone.
#include <simdjson.h>

#include <thread>

#include "events/pattern/engine.h"
#include "events/pattern/pattern.h"

namespace certflow::events::pattern {

Matcher::Matcher(CompileOptions options)
    : options_(options),
      front_(std::make_shared<detail::Engine>()),
      back_(std::make_shared<detail::Engine>()) {
  snapshot_.store(front_);
}

Matcher::~Matcher() = default;

void Matcher::swap_and_drain() {
  snapshot_.store(back_);
  std::swap(front_, back_);
  // Readers copy the snapshot pointer before matching, so once back_ (the retired engine) is
  // owned by this writer alone, no match can still be reading it.
  while (back_.use_count() > 1) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
}

void Matcher::publish_rebuilt(std::shared_ptr<detail::Engine> next) {
  next->finalize();
  back_ = std::move(next);
  swap_and_drain();
  back_ = std::make_shared<detail::Engine>(*front_);
}

Status Matcher::publish_added(Named added) {
  // Within one batch the last pattern of a name wins.
  {
    std::unordered_set<std::string> later;
    Named unique;
    for (auto it = added.rbegin(); it != added.rend(); ++it) {
      if (later.insert(it->first).second) unique.push_back(std::move(*it));
    }
    added.assign(std::make_move_iterator(unique.rbegin()), std::make_move_iterator(unique.rend()));
  }
  std::lock_guard lock(write_mu_);
  bool replaces = false;
  for (const auto& [name, p] : added) replaces = replaces || names_.count(name) != 0;
  for (const auto& [name, p] : added) names_.insert(name);
  if (replaces) {
    // A replaced pattern keeps no trace in the index: rebuild from the survivors.
    auto next = std::make_shared<detail::Engine>();
    for (const auto& entry : front_->entries()) {
      bool replaced = false;
      for (const auto& a : added) replaced = replaced || a.first == entry.name;
      if (!replaced) next->add(entry.name, entry.pattern, entry.pattern.ast_);
    }
    for (auto& [name, p] : added) next->add(name, p, p.ast_);
    publish_rebuilt(std::move(next));
    return {};
  }
  for (const auto& [name, p] : added) back_->add(name, p, p.ast_);
  back_->finalize();
  swap_and_drain();
  for (auto& [name, p] : added) back_->add(std::move(name), p, p.ast_);
  back_->finalize();
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
  bool found = false;
  auto next = std::make_shared<detail::Engine>();
  for (const auto& entry : front_->entries()) {
    if (entry.name == name) {
      found = true;
    } else {
      next->add(entry.name, entry.pattern, entry.pattern.ast_);
    }
  }
  if (!found) return false;
  names_.erase(std::string(name));
  publish_rebuilt(std::move(next));
  return true;
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
  engine.finalize();
  std::vector<std::uint32_t> ids;
  auto st = engine.match(event_json, ids);
  if (!st) return tl::unexpected(st.error());
  return !ids.empty();
}

}  // namespace certflow::events::pattern
