// Matcher behaviour: names, order, replacement, removal, batches, and matching while patterns
// change on other threads.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "events/pattern/pattern.h"

namespace certflow::events::pattern {
namespace {

using Names = std::vector<std::string>;

TEST(Matcher, ReturnsMatchingNamesInAddOrder) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("z", R"({"a":["x"]})"));
  ASSERT_TRUE(m.add_pattern("y", R"({"b":["y"]})"));
  ASSERT_TRUE(m.add_pattern("x", R"({"a":[{"prefix":"x"}]})"));
  auto r = m.match(R"({"a":"x","b":"y"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (Names{"z", "y", "x"}));
  EXPECT_EQ(m.size(), 3u);
}

TEST(Matcher, SameNameReplaces) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("p", R"({"a":["x"]})"));
  ASSERT_TRUE(m.add_pattern("p", R"({"a":["y"]})"));
  EXPECT_EQ(*m.match(R"({"a":"x"})"), Names{});
  EXPECT_EQ(*m.match(R"({"a":"y"})"), Names{"p"});
  EXPECT_EQ(m.size(), 1u);
}

TEST(Matcher, LastOfANameWinsWithinABatch) {
  Matcher m;
  ASSERT_TRUE(m.add_patterns({{"p", R"({"a":["x"]})"}, {"p", R"({"a":["y"]})"}}));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(*m.match(R"({"a":"x"})"), Names{});
  EXPECT_EQ(*m.match(R"({"a":"y"})"), Names{"p"});
}

TEST(Matcher, RemoveForgetsThePattern) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("p", R"({"a":["x"]})"));
  ASSERT_TRUE(m.add_pattern("q", R"({"a":["x"]})"));
  EXPECT_TRUE(m.remove_pattern("p"));
  EXPECT_FALSE(m.remove_pattern("p"));
  EXPECT_EQ(*m.match(R"({"a":"x"})"), Names{"q"});
}

TEST(Matcher, InvalidPatternIsRejectedAndNothingChanges) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("p", R"({"a":["x"]})"));
  auto st = m.add_patterns({{"q", R"({"a":["y"]})"}, {"bad", R"({"a":"y"})"}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kValidation);
  EXPECT_NE(st.error().message.find("bad"), std::string::npos);
  EXPECT_EQ(m.size(), 1u);
}

TEST(Matcher, SharedConditionsStayIndependentAcrossPatterns) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("both", R"({"a":["x"],"b":["y"]})"));
  ASSERT_TRUE(m.add_pattern("a-only", R"({"a":["x"]})"));
  ASSERT_TRUE(m.add_pattern("or", R"({"$or":[{"a":["x"]},{"b":["y"]}]})"));
  EXPECT_EQ(*m.match(R"({"a":"x"})"), (Names{"a-only", "or"}));
  EXPECT_EQ(*m.match(R"({"b":"y"})"), (Names{"or"}));
  EXPECT_EQ(*m.match(R"({"a":"x","b":"y"})"), (Names{"both", "a-only", "or"}));
}

TEST(Matcher, OnlyAbsencePatternMatchesEmptyishEvents) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("none", R"({"a":[{"exists":false}],"b":[{"exists":false}]})"));
  EXPECT_EQ(*m.match(R"({"c":1})"), Names{"none"});
  EXPECT_EQ(*m.match(R"({"b":1})"), Names{});
}

TEST(Matcher, ManyRulesOnOnePath) {
  Matcher m;
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < 2000; ++i) {
    batch.emplace_back("r" + std::to_string(i), R"({"id":[")" + std::to_string(i) + R"("]})");
  }
  ASSERT_TRUE(m.add_patterns(batch));
  EXPECT_EQ(*m.match(R"({"id":"1234"})"), Names{"r1234"});
}

// Writers apply each change to two copies of the index in turn; after any sequence of adds,
// replacements and removals both copies must answer like a matcher built in one batch.
TEST(Matcher, BothCopiesStayInStepAcrossChanges) {
  Matcher step;
  std::vector<std::pair<std::string, std::string>> final_set;
  auto rule = [](int i) {
    return R"({"n":[)" + std::to_string(i % 7) + R"(],"k":[{"prefix":"a"}]})";
  };
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(step.add_pattern("p" + std::to_string(i), rule(i)));
  ASSERT_TRUE(step.remove_pattern("p3"));
  ASSERT_TRUE(step.add_pattern("p10", rule(10)));
  ASSERT_TRUE(step.add_pattern("p5", R"({"k":["b"]})"));  // replaces
  ASSERT_TRUE(step.add_pattern("p11", rule(11)));
  for (int i : {0, 1, 2, 4, 6, 7, 8, 9, 10})
    final_set.emplace_back("p" + std::to_string(i), rule(i));
  final_set.emplace_back("p5", R"({"k":["b"]})");
  final_set.emplace_back("p11", rule(11));
  Matcher batch;
  ASSERT_TRUE(batch.add_patterns(final_set));
  for (int round = 0; round < 2; ++round) {  // the next change would swap copies; check both
    for (int n = 0; n < 7; ++n) {
      for (const char* k : {"a1", "b"}) {
        const std::string event = R"({"n":)" + std::to_string(n) + R"(,"k":")" + k + "\"}";
        auto a = step.match(event);
        auto b = batch.match(event);
        ASSERT_TRUE(a && b);
        std::set<std::string> sa(a->begin(), a->end()), sb(b->begin(), b->end());
        EXPECT_EQ(sa, sb) << event;
      }
    }
    ASSERT_TRUE(step.add_pattern("extra" + std::to_string(round), R"({"zz":["never"]})"));
  }
}

// exists:false beside fields in independent arrays makes the consistency search exponential;
// a hostile event must cost bounded time (the branch then counts as not matching).
TEST(Matcher, ArrayConsistencySearchIsBounded) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern(
      "p", R"({"a":{"v":[1]},"b":{"v":[1]},"c":{"v":[1]},"d":{"w":[{"exists":false}]}})"));
  std::string items;
  for (int i = 0; i < 300; ++i) items += std::string(i ? "," : "") + R"({"v":1,"w":1})";
  const std::string event = R"({"a":[)" + items + R"(],"b":[)" + items + R"(],"c":[)" + items +
                            R"(],"d":[)" + items + "]}";
  auto r = m.match(event);  // 300^3 assignments without the bound
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, Names{});
}

// Readers keep matching while a writer adds and removes; every result must be one a snapshot
// could give ("stable" always matches, "flip" only sometimes), and nothing may crash or block.
TEST(Matcher, MatchesWhilePatternsChange) {
  Matcher m;
  ASSERT_TRUE(m.add_pattern("stable", R"({"a":["x"]})"));
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0}, done{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto r = m.match(R"({"a":"x","b":"y"})");
        if (!r || r->empty() || r->front() != "stable") ++bad;
        ++done;
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(m.add_pattern("flip", R"({"b":["y"]})"));
    ASSERT_TRUE(m.add_pattern("n" + std::to_string(i), R"({"c":[)" + std::to_string(i) + "]}"));
    m.remove_pattern("flip");
  }
  while (done.load() < 1000) std::this_thread::yield();
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(m.size(), 301u);
}

}  // namespace
}  // namespace certflow::events::pattern
