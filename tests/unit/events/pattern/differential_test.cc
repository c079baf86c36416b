// The compiled Matcher against the reference interpreter on random patterns and events: many
// patterns share one Matcher, so the shared index, the candidate counting and the array
// consistency search are all exercised.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "events/pattern/pattern.h"
#include "events/pattern/random_pattern.h"
#include "events/pattern/reference_interpreter.h"

namespace certflow::events::pattern {
namespace {

using testing::Generator;
using testing::reference_match;
using testing::SeededEntropy;

TEST(Differential, MatcherAgreesWithReferenceInterpreter) {
  SeededEntropy entropy(12345);
  Generator gen(entropy);
  std::size_t matches = 0, checks = 0;
  for (int round = 0; round < 300; ++round) {
    Matcher matcher;
    std::vector<nlohmann::json> patterns;
    for (int i = 0; i < 12; ++i) {
      patterns.push_back(gen.pattern());
      auto st = matcher.add_pattern("p" + std::to_string(i), patterns.back().dump());
      ASSERT_TRUE(st) << st.error().message << "\n" << patterns.back().dump();
    }
    // Exercise removal: the removed pattern must never be reported again.
    const int removed = round % 12;
    ASSERT_TRUE(matcher.remove_pattern("p" + std::to_string(removed)));
    for (int k = 0; k < 30; ++k) {
      const nlohmann::json event = gen.event();
      auto names = matcher.match(event.dump());
      ASSERT_TRUE(names) << names.error().message;
      const std::set<std::string> got(names->begin(), names->end());
      for (int i = 0; i < 12; ++i) {
        const std::string name = "p" + std::to_string(i);
        const bool want = i != removed && reference_match(patterns[i], event);
        ++checks;
        matches += want;
        ASSERT_EQ(got.count(name) == 1, want)
            << "pattern " << patterns[i].dump() << "\nevent " << event.dump();
      }
    }
  }
  // Guard against a generator that never produces matches (the test would then prove little).
  EXPECT_GT(matches, checks / 20);
}

TEST(Differential, OnePatternPathAgreesWithReference) {
  SeededEntropy entropy(777);
  Generator gen(entropy);
  for (int i = 0; i < 3000; ++i) {
    const nlohmann::json p = gen.pattern();
    const nlohmann::json e = gen.event();
    auto compiled = compile_pattern(p.dump());
    ASSERT_TRUE(compiled) << compiled.error().message;
    auto got = test_pattern(*compiled, e.dump());
    ASSERT_TRUE(got);
    ASSERT_EQ(*got, reference_match(p, e)) << "pattern " << p.dump() << "\nevent " << e.dump();
  }
}

}  // namespace
}  // namespace certflow::events::pattern
