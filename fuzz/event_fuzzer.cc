// Two fuzzers in one, chosen by the first byte:
//  - raw: the bytes are an event for a Matcher holding patterns of every operator; it must
//    answer or reject, never crash, and agree with the one-pattern path;
//  - differential: the bytes drive a generator of patterns and events, and the compiled
//    Matcher must agree with the reference interpreter on every pair.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../tests/unit/events/pattern/random_pattern.h"
#include "../tests/unit/events/pattern/reference_interpreter.cc"
#include "events/pattern/pattern.h"

namespace {

namespace pattern = certflow::events::pattern;

const char* const kPatterns[] = {
    R"({"a":["x",1,true,null]})",
    R"({"a":[{"prefix":"x"},{"suffix":{"equals-ignore-case":"Y"}}]})",
    R"({"b":{"c":[{"numeric":[">",0,"<=",5]}],"d":[{"exists":false}]}})",
    R"({"a":[{"anything-but":{"wildcard":"*x*"}}],"$or":[{"b":[{"exists":true}]},{"c":[{"cidr":"10.0.0.0/8"}]}]})",
    R"({"d":{"e":["X"],"f":[{"numeric":["<",0]}]}})",
    R"({"a":[{"wildcard":"x*y*"}],"e":[{"equals-ignore-case":"straße"}]})",
};

void raw_event(std::string_view event) {
  static pattern::Matcher* const matcher = [] {
    static pattern::Matcher m;
    for (std::size_t i = 0; i < std::size(kPatterns); ++i) {
      if (!m.add_pattern(std::to_string(i), kPatterns[i])) __builtin_trap();
    }
    return &m;
  }();
  auto names = matcher->match(event);
  for (std::size_t i = 0; i < std::size(kPatterns); ++i) {
    auto one = pattern::test_pattern(*pattern::compile_pattern(kPatterns[i]), event);
    // test_pattern validates the whole event; match() only what it reads, so it may accept
    // events that test_pattern rejects, never the other way round.
    if (one && !names) __builtin_trap();
    if (one && names) {
      const bool many = std::find(names->begin(), names->end(), std::to_string(i)) != names->end();
      if (*one != many) __builtin_trap();
    }
  }
}

void differential(const std::uint8_t* data, std::size_t size) {
  pattern::testing::ByteEntropy entropy(data, size);
  pattern::testing::Generator gen(entropy);
  std::vector<nlohmann::json> patterns;
  pattern::Matcher matcher;
  for (int i = 0; i < 4; ++i) {
    patterns.push_back(gen.pattern());
    if (!matcher.add_pattern(std::to_string(i), patterns.back().dump())) __builtin_trap();
  }
  for (int k = 0; k < 4; ++k) {
    const nlohmann::json event = gen.event();
    auto names = matcher.match(event.dump());
    if (!names) __builtin_trap();
    const std::set<std::string> got(names->begin(), names->end());
    for (int i = 0; i < 4; ++i) {
      if ((got.count(std::to_string(i)) == 1) !=
          pattern::testing::reference_match(patterns[i], event)) {
        __builtin_trap();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    differential(data + 1, size - 1);
  } else {
    raw_event(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  }
  return 0;
}
