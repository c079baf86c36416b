// Fuzzes the pattern parser and compiler with arbitrary text. Accepted patterns are matched
// against a few events through both the shared Matcher and the one-pattern path, and, when the
// pattern is plain enough for it, checked against the reference interpreter.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../tests/unit/events/pattern/reference_interpreter.cc"
#include "events/pattern/numbers.h"
#include "events/pattern/pattern.h"
#include "events/pattern/pattern_json.h"

namespace {

namespace pattern = certflow::events::pattern;

// The reference interpreter compares numbers as doubles: only numbers that are exactly a double
// (EventBridge's "comparable") mean the same to both.
bool plain_numbers(const pattern::detail::PValue& v) {
  if (v.kind == pattern::detail::PValue::Kind::kNumber) {
    return pattern::detail::analyze_number(v.text).comparable;
  }
  for (const auto& item : v.items) {
    if (!plain_numbers(item)) return false;
  }
  return true;
}

const char* const kEvents[] = {
    R"({"a":"x","b":{"c":[1,2.5,"x",null,true]},"d":[{"e":"10.0.0.1","f":-3},{"e":"X"}]})",
    R"({"a":["xy","Xy",""],"b":{"c":{"d":false}},"c":1e2,"$or":"x"})",
    R"({"detail":{"state":"running","count":5},"source":"aws.ec2","resources":[]})",
    R"({})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto compiled = pattern::compile_pattern(text);
  if (!compiled) return 0;
  pattern::Matcher matcher;
  if (!matcher.add_pattern("p", text)) __builtin_trap();  // compile accepted it once already

  nlohmann::json reference_pattern;
  bool compare = false;
  auto tree = pattern::detail::parse_pattern_json(text);
  if (tree && plain_numbers(*tree)) {
    reference_pattern = nlohmann::json::parse(text, nullptr, false);
    compare = !reference_pattern.is_discarded();
  }
  for (const char* e : kEvents) {
    auto one = pattern::test_pattern(*compiled, e);
    auto many = matcher.match(e);
    if (!one || !many) __builtin_trap();  // the events are valid
    if (*one != !many->empty()) __builtin_trap();
    if (compare &&
        *one != pattern::testing::reference_match(reference_pattern, nlohmann::json::parse(e))) {
      __builtin_trap();
    }
  }
  return 0;
}
