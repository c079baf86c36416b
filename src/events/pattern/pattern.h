// The door of the event-pattern room: EventBridge event patterns, compiled and matched.
//
//   compile_pattern / validate_pattern  one pattern -> CompiledPattern or InvalidEventPattern
//   test_pattern                        one pattern against one event (TestEventPattern)
//   Matcher                             many named patterns against a stream of events
//
// Invalid patterns come back as Error{ErrorCode::kValidation, message}; the API layer maps them
// to InvalidEventPatternException. The message's first line is exactly AWS's text,
// "Event pattern is not valid. Reason: <reason>"; a second line names the offending field and
// its position. The language as built is described in docs/PATTERNS.md.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/error.h"

namespace certflow::events::pattern {

namespace detail {
struct PatternAst;
class Engine;
}  // namespace detail

// AWS service limits beyond the matching library; 0 disables a limit.
struct CompileOptions {
  std::size_t max_pattern_chars = 4096;     // PutRule.EventPattern length limit
  std::size_t max_or_combinations = 1000;   // product of the sizes of all $or arrays
  std::size_t max_wildcard_complexity = 4;  // see wildcard_complexity() in wildcard.h
};

// A validated pattern. Immutable and cheap to copy.
class CompiledPattern {
 public:
  const std::string& text() const;
  // Number of AND-branches after multiplying out $or.
  std::size_t branch_count() const;

 private:
  friend Result<CompiledPattern> compile_pattern(std::string_view, const CompileOptions&);
  friend class Matcher;
  friend Result<bool> test_pattern(const CompiledPattern&, std::string_view);
  explicit CompiledPattern(std::shared_ptr<const detail::PatternAst> ast) : ast_(std::move(ast)) {}
  std::shared_ptr<const detail::PatternAst> ast_;
};

Result<CompiledPattern> compile_pattern(std::string_view pattern_json,
                                        const CompileOptions& options = {});
Status validate_pattern(std::string_view pattern_json, const CompileOptions& options = {});

// Does one event match one pattern? An event that is not a JSON object is an error.
Result<bool> test_pattern(const CompiledPattern& pattern, std::string_view event_json);

// Many named patterns compiled into one shared index; an event is parsed once and only the
// fields some pattern names are looked at.
//
// Thread safety: every method may be called concurrently. match() never blocks: it works on an
// immutable snapshot, and a match running during a change sees either the old or the new set
// of patterns. Writers keep two copies of the index (left-right): a change is applied to the
// unpublished copy, which is then published atomically; once the matches still running on the
// old copy have finished, the writer applies the same change to it. So an add costs the size of
// the added pattern, not of the whole index (removal and replacement rebuild).
class Matcher {
 public:
  explicit Matcher(CompileOptions options = {});
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Adds a pattern, replacing any pattern of the same name.
  Status add_pattern(std::string name, std::string_view pattern_json);
  // Adds many at once (one snapshot for all); nothing is added if any pattern is invalid.
  Status add_patterns(const std::vector<std::pair<std::string, std::string>>& patterns);
  // Returns false when no pattern has that name.
  bool remove_pattern(std::string_view name);
  std::size_t size() const;

  // Names of the patterns the event matches, in the order the patterns were added.
  Result<std::vector<std::string>> match(std::string_view event_json) const;

 private:
  using Named = std::vector<std::pair<std::string, CompiledPattern>>;
  Status publish_added(Named added);
  // Publishes `next` (a complete engine) and makes the retired copy equal to it.
  void publish_rebuilt(std::shared_ptr<detail::Engine> next);
  // Publishes back_, then waits until no match still uses the retired engine.
  void swap_and_drain();

  CompileOptions options_;
  std::mutex write_mu_;  // serialises writers only; match() never takes it
  // Writer-side owners of the two copies; front_ is the published one. Guarded by write_mu_.
  std::shared_ptr<detail::Engine> front_, back_;
  std::unordered_set<std::string> names_;  // names in front_, guarded by write_mu_
  std::atomic<std::shared_ptr<const detail::Engine>> snapshot_;
};

}  // namespace certflow::events::pattern
